using System.Collections.Immutable;

namespace AnnotateHub.Grains;

/// <summary>A workspace's own record: name, settings and the documents it holds (persisted with an ETag).</summary>
public sealed record WorkspaceState
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string CreatedBy { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public WorkspaceSettings Settings { get; init; } = new();

    public ImmutableArray<WorkspaceDocument> Documents { get; init; } = [];

    public bool Exists => Id.Length > 0;
}

/// <summary>Workspace settings that shape the review workflow and the reports.</summary>
public sealed record WorkspaceSettings
{
    /// <summary>Votes needed before a claim is judged consensus or disputed.</summary>
    public int Quorum { get; init; } = 2;

    /// <summary>A reviewer sees others' votes only after casting their own.</summary>
    public bool BlindVoting { get; init; }

    /// <summary>The organisation named as author of ClaimReview reports.</summary>
    public string? PublisherName { get; init; }

    /// <summary>The organisation's site, for ClaimReview reports.</summary>
    public string? PublisherUrl { get; init; }
}

/// <summary>A document listed in a workspace.</summary>
public sealed record WorkspaceDocument(string Id, string Title, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>The list of all workspaces on this server.</summary>
public sealed record WorkspaceDirectoryState
{
    public ImmutableArray<WorkspaceEntry> Workspaces { get; init; } = [];
}

public sealed record WorkspaceEntry(string Id, string Name, DateTimeOffset CreatedAt);
