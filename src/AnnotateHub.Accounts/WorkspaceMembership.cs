using AnnotateHub.Domain;

namespace AnnotateHub.Accounts;

/// <summary>A user's role in one workspace. Key: (<see cref="WorkspaceId"/>, <see cref="UserId"/>).</summary>
public sealed class WorkspaceMembership
{
    /// <summary>The longest workspace id accepted.</summary>
    public const int WorkspaceIdMaxLength = 128;

    /// <summary>The workspace (its aggregate lives in the event store, so this is not a foreign key).</summary>
    public string WorkspaceId { get; set; } = "";

    /// <summary>The member (<see cref="AppUser"/> id); deleting the user deletes the membership.</summary>
    public string UserId { get; set; } = "";

    /// <summary>The role; stored as its wire name ("viewer", "reviewer", "moderator", "admin").</summary>
    public WorkspaceRole Role { get; set; }

    /// <summary>When the user first joined the workspace (unchanged by role changes).</summary>
    public DateTimeOffset AddedAt { get; set; }
}
