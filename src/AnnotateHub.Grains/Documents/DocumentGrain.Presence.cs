using AnnotateHub.Domain;
using Microsoft.Extensions.Logging;

namespace AnnotateHub.Grains;

/// <content>
/// Presence: which sessions (tabs) are on the document and which annotation each has open. In memory only: nothing
/// here reads or writes the event store, and a new activation starts with nobody present (tabs join again on their
/// next renewal, or when <see cref="FocusAsync"/> tells them they are unknown). Each change is announced to the
/// observers with one shared list, fire-and-forget like document changes, so presence never slows a command.
/// </content>
public sealed partial class DocumentGrain
{
    private readonly DocumentPresence _presence;
    private bool _presenceRefusedLogged;
    private long _presenceSequence;

    public Task<IReadOnlyList<PresenceEntry>> JoinAsync(PresenceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        RequireDocument();
        var clean = new PresenceEntry(
            CheckSessionId(entry.SessionId),
            CheckPresenceId(entry.UserId, "user"),
            CleanDisplayName(entry.DisplayName, entry.UserId),
            CleanAnnotationId(entry.AnnotationId),
            default);

        var joined = _presence.TryJoin(clean, _time.GetUtcNow(), out var changed);
        if (changed)
        {
            BroadcastPresence();
        }

        if (!joined)
        {
            throw new DomainException(DomainError.TooLarge(
                "presence-full",
                $"{_options.MaxPresenceSessions} sessions are already open on this document; close a tab and try again."));
        }

        return Task.FromResult<IReadOnlyList<PresenceEntry>>(_presence.Current);
    }

    public Task LeaveAsync(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (_presence.Leave(sessionId, _time.GetUtcNow()))
        {
            BroadcastPresence();
        }

        return Task.CompletedTask;
    }

    public Task<bool> FocusAsync(string sessionId, string? annotationId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var present = _presence.Focus(sessionId, CleanAnnotationId(annotationId), _time.GetUtcNow(), out var changed);
        if (changed)
        {
            BroadcastPresence();
        }

        return Task.FromResult(present);
    }

    public Task<IReadOnlyList<PresenceEntry>> GetPresenceAsync()
    {
        if (_presence.RemoveExpired(_time.GetUtcNow()))
        {
            BroadcastPresence();
        }

        return Task.FromResult<IReadOnlyList<PresenceEntry>>(_presence.Current);
    }

    private void BroadcastPresence()
    {
        if (_observers.Count == 0)
        {
            return;
        }

        IReadOnlyList<PresenceEntry> present = _presence.Current;
        // Grows with every list, and across activations: a new activation starts from the clock's ticks, which are
        // far above any count an earlier one reached (10 million ticks a second).
        _presenceSequence = Math.Max(_presenceSequence + 1, _time.GetUtcNow().UtcTicks);
        var sequence = _presenceSequence;
        try
        {
            _observers.Notify(o => o.OnPresenceChangedAsync(present, sequence)); // one-way: it never waits for an observer
        }
        catch (Exception exception)
        {
            if (!_presenceRefusedLogged)
            {
                _presenceRefusedLogged = true;
                LogPresenceRefused(exception, StreamId);
            }
        }
    }

    private void RequireDocument()
    {
        if (!_state.Exists)
        {
            throw new DomainException(DomainError.NotFound(ErrorCodes.DocumentNotFound, "This document does not exist; check the link, or import the document first."));
        }
    }

    private string CheckSessionId(string? value) => CheckPresenceId(value, "session");

    private string CheckPresenceId(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > _options.Limits.MaxIdLength)
        {
            throw new DomainException(DomainError.Invalid(
                ErrorCodes.IdInvalid,
                $"The {what} id is missing or longer than {_options.Limits.MaxIdLength} characters; send a non-empty id such as a GUID."));
        }

        return value;
    }

    private string? CleanAnnotationId(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : CheckPresenceId(value, "annotation");

    private string CleanDisplayName(string? value, string? userId)
    {
        var name = string.Join(' ', (value ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0)
        {
            return userId ?? string.Empty;
        }

        if (name.Length > _options.MaxPresenceNameLength)
        {
            var cut = _options.MaxPresenceNameLength;
            if (char.IsHighSurrogate(name[cut - 1]))
            {
                cut--;
            }

            name = name[..cut];
        }

        return name;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send a presence notification for {StreamId}; subscribers see presence again at the next change or renewal.")]
    private partial void LogPresenceRefused(Exception exception, string streamId);
}
