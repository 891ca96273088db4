namespace AnnotateHub.Grains;

/// <summary>
/// One browser tab (session) on a document: who it is and which annotation it has open. Presence is ephemeral:
/// the document grain keeps it in memory only, never in the event store, and forgets it when the activation ends.
/// A user with two tabs has two entries (one per session); show them once with <see cref="Presence.ByUser"/>.
/// </summary>
/// <param name="SessionId">The tab's id, chosen by the web layer (e.g. per circuit); unique per tab.</param>
/// <param name="UserId">The signed-in user.</param>
/// <param name="DisplayName">The name to show (initials are derived from it); the user id when blank.</param>
/// <param name="AnnotationId">The annotation the tab has open, or null.</param>
/// <param name="LastSeen">
/// When the grain last heard from the session (its clock, not the caller's: the value passed to
/// <see cref="IDocumentGrain.JoinAsync"/> is ignored). Renewals alone are not broadcast, so in a broadcast list
/// this is the time as of the last presence change.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.presence-entry")]
public sealed record PresenceEntry(string SessionId, string UserId, string DisplayName, string? AnnotationId, DateTimeOffset LastSeen);

/// <summary>One user present on a document, however many tabs they have open.</summary>
/// <param name="UserId">The user.</param>
/// <param name="DisplayName">The display name of their most recently joined tab.</param>
/// <param name="AnnotationIds">The distinct annotations their tabs have open, in tab order.</param>
/// <param name="Sessions">How many tabs they have on the document.</param>
[GenerateSerializer]
[Immutable]
public sealed record PresentUser(string UserId, string DisplayName, IReadOnlyList<string> AnnotationIds, int Sessions);

/// <summary>Helpers over presence lists.</summary>
public static class Presence
{
    /// <summary>The users present, once each, in the order their first tab joined.</summary>
    public static IReadOnlyList<PresentUser> ByUser(IReadOnlyList<PresenceEntry> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var order = new List<string>();
        var byUser = new Dictionary<string, List<PresenceEntry>>(StringComparer.Ordinal);
        foreach (var entry in present)
        {
            if (!byUser.TryGetValue(entry.UserId, out var sessions))
            {
                byUser[entry.UserId] = sessions = [];
                order.Add(entry.UserId);
            }

            sessions.Add(entry);
        }

        return order
            .Select(userId =>
            {
                var sessions = byUser[userId];
                var annotations = sessions.Select(s => s.AnnotationId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
                return new PresentUser(userId, sessions[^1].DisplayName, annotations, sessions.Count);
            })
            .ToArray();
    }
}
