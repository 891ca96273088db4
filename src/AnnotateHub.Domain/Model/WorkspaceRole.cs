using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>
/// A member's role in a workspace, from least to most capable; each role can do everything the roles before it can.
/// JSON: "viewer", "reviewer", "moderator", "admin".
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkspaceRole>))]
public enum WorkspaceRole
{
    /// <summary>Reads; writes nothing.</summary>
    [JsonStringEnumMemberName("viewer")]
    Viewer = 0,

    /// <summary>Creates documents, annotates, replies, attaches sources and votes; edits and deletes own items.</summary>
    [JsonStringEnumMemberName("reviewer")]
    Reviewer = 1,

    /// <summary>Also resolves and reopens claims and edits or deletes anyone's annotations, replies and sources.</summary>
    [JsonStringEnumMemberName("moderator")]
    Moderator = 2,

    /// <summary>Also manages members and settings; can do everything a moderator can.</summary>
    [JsonStringEnumMemberName("admin")]
    Admin = 3,
}

/// <summary>What each <see cref="WorkspaceRole"/> may do, and its wire name.</summary>
public static class WorkspaceRoles
{
    /// <summary>True for reviewers, moderators and admins: may create documents, annotate, reply, attach sources and vote.</summary>
    public static bool CanWrite(this WorkspaceRole role) => role is WorkspaceRole.Reviewer or WorkspaceRole.Moderator or WorkspaceRole.Admin;

    /// <summary>True for moderators and admins: may resolve and reopen claims and change anyone's items.</summary>
    public static bool CanModerate(this WorkspaceRole role) => role is WorkspaceRole.Moderator or WorkspaceRole.Admin;

    /// <summary>True for admins: may manage members and settings.</summary>
    public static bool CanAdminister(this WorkspaceRole role) => role is WorkspaceRole.Admin;

    /// <summary>The wire name: "viewer", "reviewer", "moderator" or "admin".</summary>
    public static string WireName(this WorkspaceRole role) => role switch
    {
        WorkspaceRole.Viewer => "viewer",
        WorkspaceRole.Reviewer => "reviewer",
        WorkspaceRole.Moderator => "moderator",
        WorkspaceRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown workspace role."),
    };

    /// <summary>Parses a wire name (case-insensitive, surrounding whitespace ignored).</summary>
    public static bool TryParse(string? value, out WorkspaceRole role) =>
        WireNames.TryParse(value, Enum.GetValues<WorkspaceRole>(), WireName, out role);
}

/// <summary>Who issues a command: the user and their role in the document's workspace.</summary>
/// <param name="UserId">The stable user id (recorded as author, voter, <c>ActorId</c> of events).</param>
/// <param name="Role">The user's role in the workspace that owns the document.</param>
/// <param name="DisplayName">Optional name for messages; never used for decisions.</param>
public sealed record Actor(string UserId, WorkspaceRole Role, string? DisplayName = null);

/// <summary>Helpers shared by the wire-name parsers.</summary>
internal static class WireNames
{
    public static bool TryParse<T>(string? value, T[] values, Func<T, string> wireName, out T result)
        where T : struct, Enum
    {
        var trimmed = value?.Trim();
        if (!string.IsNullOrEmpty(trimmed))
        {
            foreach (var candidate in values)
            {
                if (string.Equals(wireName(candidate), trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    result = candidate;
                    return true;
                }
            }
        }

        result = default;
        return false;
    }
}
