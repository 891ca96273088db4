using System.Collections.Immutable;

namespace AnnotateHub.Grains;

/// <summary>A workspace's own record: name, settings and the documents it holds (persisted with an ETag).</summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.workspace-state")]
public sealed record WorkspaceState
{
    [Id(0)]
    public string Id { get; init; } = string.Empty;

    [Id(1)]
    public string Name { get; init; } = string.Empty;

    [Id(2)]
    public string CreatedBy { get; init; } = string.Empty;

    [Id(3)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(4)]
    public WorkspaceSettings Settings { get; init; } = new();

    [Id(5)]
    public ImmutableArray<WorkspaceDocument> Documents { get; init; } = [];

    public bool Exists => Id.Length > 0;
}

/// <summary>Workspace settings that shape the review workflow and the reports.</summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.workspace-settings")]
public sealed record WorkspaceSettings
{
    /// <summary>Votes needed before a claim is judged consensus or disputed.</summary>
    [Id(0)]
    public int Quorum { get; init; } = 2;

    /// <summary>A reviewer sees others' votes only after casting their own.</summary>
    [Id(1)]
    public bool BlindVoting { get; init; }

    /// <summary>The organisation named as author of ClaimReview reports.</summary>
    [Id(2)]
    public string? PublisherName { get; init; }

    /// <summary>The organisation's site, for ClaimReview reports.</summary>
    [Id(3)]
    public string? PublisherUrl { get; init; }

    /// <summary>
    /// Every vote needs a rationale (rulings always do). On by default; a workspace stored before this setting existed
    /// has no such member and reads as on (the JSON reader keeps this initialiser).
    /// </summary>
    [Id(4)]
    public bool RequireRationale { get; init; } = true;

    /// <summary>The organisation's logo (an absolute http(s) URL of an image), shown on public reports and pages.</summary>
    [Id(5)]
    public string? PublisherLogoUrl { get; init; }

    /// <summary>The organisation's accent colour on public reports and pages, as <c>#rrggbb</c>.</summary>
    [Id(6)]
    public string? AccentColor { get; init; }

    /// <summary>The IANA time zone (e.g. <c>Europe/Berlin</c>) public reports and pages give dates in; UTC when not set.</summary>
    [Id(7)]
    public string? TimeZone { get; init; }

    /// <summary>
    /// The workspace's public address: its published fact checks are at <c>/p/{PublicSlug}</c> (lower-case letters, digits
    /// and hyphens, unique on the server). Null: <c>/p/{workspace id}</c>.
    /// </summary>
    [Id(8)]
    public string? PublicSlug { get; init; }
}

/// <summary>A document listed in a workspace.</summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.workspace-document")]
public sealed record WorkspaceDocument(string Id, string Title, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>The list of all workspaces on this server.</summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.workspace-directory-state")]
public sealed record WorkspaceDirectoryState
{
    [Id(0)]
    public ImmutableArray<WorkspaceEntry> Workspaces { get; init; } = [];
}

[GenerateSerializer]
[Immutable]
[Alias("annotatehub.workspace-entry")]
public sealed record WorkspaceEntry(string Id, string Name, DateTimeOffset CreatedAt);
