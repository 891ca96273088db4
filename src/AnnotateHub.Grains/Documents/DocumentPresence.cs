using System.Collections.Immutable;

namespace AnnotateHub.Grains;

/// <summary>
/// The sessions present on one document, in join order, with expiry. In memory only; not thread-safe (used from the
/// grain's turns). Every method takes "now" and first drops the sessions not renewed within the lifetime, so expiry
/// needs no timer: it is seen by the next presence call (tabs renew every third of the lifetime, so any tab still
/// there sweeps the others).
/// </summary>
internal sealed class DocumentPresence(TimeSpan lifetime, int maxSessions)
{
    private readonly List<PresenceEntry> _sessions = [];
    private ImmutableArray<PresenceEntry>? _current;

    /// <summary>The sessions present, in join order (one shared immutable list until the next join, focus or leave).</summary>
    public ImmutableArray<PresenceEntry> Current => _current ??= [.. _sessions];

    /// <summary>Adds the session, or renews it (its user, name and open annotation become the given ones).</summary>
    /// <param name="entry">The session; its <see cref="PresenceEntry.LastSeen"/> is replaced by <paramref name="now"/>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="changed">True when what the others see changed (a new session, another name or annotation, or an expiry).</param>
    /// <returns>False when the session is new and the document already has the maximum number of sessions.</returns>
    public bool TryJoin(PresenceEntry entry, DateTimeOffset now, out bool changed)
    {
        changed = RemoveExpired(now);
        var renewed = entry with { LastSeen = now };
        var i = IndexOf(entry.SessionId);
        if (i < 0)
        {
            if (_sessions.Count >= maxSessions)
            {
                return false;
            }

            _sessions.Add(renewed);
            _current = null;
            changed = true;
            return true;
        }

        var before = _sessions[i];
        _sessions[i] = renewed;
        _current = null;
        changed |= before with { LastSeen = now } != renewed;
        return true;
    }

    /// <summary>Removes the session; true when it was present.</summary>
    public bool Leave(string sessionId, DateTimeOffset now)
    {
        var changed = RemoveExpired(now);
        var i = IndexOf(sessionId);
        if (i < 0)
        {
            return changed;
        }

        _sessions.RemoveAt(i);
        _current = null;
        return true;
    }

    /// <summary>Sets the session's open annotation and renews it.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="annotationId">The annotation, or null for none.</param>
    /// <param name="now">The current time.</param>
    /// <param name="changed">True when what the others see changed.</param>
    /// <returns>False when the session is not present (never joined, left or expired): it should join again.</returns>
    public bool Focus(string sessionId, string? annotationId, DateTimeOffset now, out bool changed)
    {
        changed = RemoveExpired(now);
        var i = IndexOf(sessionId);
        if (i < 0)
        {
            return false;
        }

        var before = _sessions[i];
        _sessions[i] = before with { AnnotationId = annotationId, LastSeen = now };
        _current = null;
        changed |= !string.Equals(before.AnnotationId, annotationId, StringComparison.Ordinal);

        return true;
    }

    /// <summary>Drops the sessions not renewed within the lifetime; true when any was dropped.</summary>
    public bool RemoveExpired(DateTimeOffset now)
    {
        var removed = _sessions.RemoveAll(s => now - s.LastSeen > lifetime);
        if (removed == 0)
        {
            return false;
        }

        _current = null;
        return true;
    }

    private int IndexOf(string sessionId) => _sessions.FindIndex(s => string.Equals(s.SessionId, sessionId, StringComparison.Ordinal));
}
