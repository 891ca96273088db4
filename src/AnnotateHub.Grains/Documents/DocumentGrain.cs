using AnnotateHub.Domain;
using AnnotateHub.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Utilities;

namespace AnnotateHub.Grains;

/// <summary>
/// The one writer of a document. Load: newest snapshot + the events after it. Each command:
/// Decide → append at the expected version (durable) → Evolve → notify observers → return. A plain Orleans grain
/// (not <c>JournaledGrain</c>: see docs/architecture.md), non-reentrant, so it runs one request at a time.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class DocumentGrain : Grain, IDocumentGrain
{
    /// <summary>The grain type name (part of every grain id; never rename).</summary>
    public const string GrainTypeName = "document";

    /// <summary>How long a subscription lasts unless renewed.</summary>
    public static readonly TimeSpan SubscriptionLifetime = DocumentSubscription.Lifetime;

    /// <summary>The error code of a stale expected version (If-Match).</summary>
    public const string VersionMismatchCode = "version-mismatch";

    /// <summary>The error code of a restore over a document that exists.</summary>
    public const string DocumentExistsCode = "document-exists";

    /// <summary>The error code of restored events that do not make this document.</summary>
    public const string RestoreInvalidCode = "backup-invalid";

    private readonly IEventStore _store;
    private readonly TimeProvider _time;
    private readonly DocumentGrainOptions _options;
    private readonly ILogger<DocumentGrain> _logger;
    private readonly ObserverManager<IDocumentObserver> _observers;
    private DocumentState _state = DocumentState.Empty;
    private long _snapshotVersion;
    private Task _snapshotInFlight = Task.CompletedTask;

    public DocumentGrain(IEventStore store, TimeProvider time, IOptions<DocumentGrainOptions> options, ILogger<DocumentGrain> logger)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _observers = new ObserverManager<IDocumentObserver>(SubscriptionLifetime, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };
        _presence = new DocumentPresence(_options.PresenceLifetime, _options.MaxPresenceSessions);
    }

    private string StreamId => DocumentStreams.StreamId(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _store.LoadSnapshotAsync(StreamId, cancellationToken: cancellationToken);
        var state = snapshot is null ? DocumentState.Empty : DocumentStreams.FromSnapshot(snapshot);
        _snapshotVersion = state.Version;
        var events = await _store.ReadAsync(StreamId, state.Version, cancellationToken: cancellationToken);
        _state = events.Count == 0 ? state : DocumentDecider.Fold(state, events.Select(DocumentStreams.FromStored));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _snapshotInFlight;
        if (_state.Exists && _state.Version - _snapshotVersion >= _options.SnapshotOnDeactivateAfter)
        {
            await SaveSnapshotAsync(_state, cancellationToken);
        }
    }

    public Task<DocumentChange> CreateAsync(CreateDocument command) => ApplyAsync(command);

    public Task<DocumentChange> HighlightAsync(Highlight command) => ApplyAsync(command);

    public Task<DocumentChange> EditAnnotationAsync(EditAnnotation command) => ApplyAsync(command);

    public Task<DocumentChange> DeleteAnnotationAsync(DeleteAnnotation command) => ApplyAsync(command);

    public Task<DocumentChange> ReplyAsync(AddReply command) => ApplyAsync(command);

    public Task<DocumentChange> EditReplyAsync(EditReply command) => ApplyAsync(command);

    public Task<DocumentChange> DeleteReplyAsync(DeleteReply command) => ApplyAsync(command);

    public Task<DocumentChange> AttachSourceAsync(AttachSource command) => ApplyAsync(command);

    public Task<DocumentChange> DetachSourceAsync(DetachSource command) => ApplyAsync(command);

    public Task<DocumentChange> CastVoteAsync(CastVote command) => ApplyAsync(command);

    public Task<DocumentChange> ResolveAsync(ResolveClaim command) => ApplyAsync(command);

    public Task<DocumentChange> ReopenAsync(ReopenClaim command) => ApplyAsync(command);

    public Task<DocumentChange> ResolveThreadAsync(ResolveThread command) => ApplyAsync(command);

    public Task<DocumentChange> ReopenThreadAsync(ReopenThread command) => ApplyAsync(command);

    public Task<DocumentChange> ExecuteAsync(DocumentCommand command, long? expectedVersion = null)
    {
        if (expectedVersion is { } expected && expected != _state.Version)
        {
            throw new DomainException(new DomainError(
                DomainErrorKind.Conflict,
                VersionMismatchCode,
                $"The document is at version {_state.Version}, not {expected}: someone else changed it. Reload it and try again."));
        }

        return ApplyAsync(command);
    }

    public async Task<long> RestoreAsync(IReadOnlyList<EventData> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var id = this.GetPrimaryKeyString();
        if (_state.Version != 0)
        {
            throw new DomainException(new DomainError(
                DomainErrorKind.Conflict,
                DocumentExistsCode,
                $"Document '{id}' already exists on this server (version {_state.Version}); a restore never overwrites a document."));
        }

        if (events.Count == 0)
        {
            throw new DomainException(new DomainError(DomainErrorKind.Invalid, RestoreInvalidCode, $"The backup has no events for document '{id}'."));
        }

        var decoded = new DocumentEvent[events.Count];
        for (var i = 0; i < decoded.Length; i++)
        {
            try
            {
                decoded[i] = DomainJson.DeserializeEvent(events[i].Type, events[i].Data.Span);
            }
            catch (Exception e) when (e is NotSupportedException or System.Text.Json.JsonException)
            {
                throw new DomainException(new DomainError(
                    DomainErrorKind.Invalid, RestoreInvalidCode, $"Event {i + 1} of document '{id}' (\"{events[i].Type}\") cannot be read: {e.Message}"));
            }

            if (decoded[i].Sequence != i + 1)
            {
                throw new DomainException(new DomainError(
                    DomainErrorKind.Invalid, RestoreInvalidCode, $"Event {i + 1} of document '{id}' says it is number {decoded[i].Sequence}; the backup is damaged."));
            }
        }

        if (decoded[0] is not DocumentCreated created || created.DocumentId != id)
        {
            throw new DomainException(new DomainError(
                DomainErrorKind.Invalid, RestoreInvalidCode, $"The first event of document '{id}' does not create that document; the backup is damaged."));
        }

        var state = DocumentDecider.Fold(DocumentState.Empty, decoded);
        try
        {
            await _store.AppendAsync(StreamId, 0, events);
        }
        catch (WrongExpectedVersionException conflict)
        {
            // Written meanwhile by another node: this activation is stale and the runtime deactivates it.
            throw new InconsistentStateException(conflict.Message, conflict.ActualVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), "0");
        }

        _state = state;
        await ListPublishedAsync(state.Annotations.Where(a => a.Publication is not null).Select(a => a.Publication!.Slug));
        // No events in the change: the workspace's read model reads them from the store.
        NotifyWorkspace(new DocumentChange(id, _state.Version, []));
        if (_state.Version >= _options.SnapshotOnDeactivateAfter)
        {
            // Now rather than on deactivation (which would write it anyway): the next activation reads it instead of
            // replaying every event, and a short-lived host such as the admin CLI does not write it while shutting down.
            await SaveSnapshotAsync(_state, CancellationToken.None);
        }

        return _state.Version;
    }

    public async Task<DocumentState> GetSnapshotAsync(long? atVersion = null)
    {
        if (atVersion is null || atVersion >= _state.Version)
        {
            return _state;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(atVersion.Value);
        var snapshot = await _store.LoadSnapshotAsync(StreamId, atVersion);
        var state = snapshot is null ? DocumentState.Empty : DocumentStreams.FromSnapshot(snapshot);
        var events = await _store.ReadAsync(StreamId, state.Version, atVersion);
        return DocumentDecider.Fold(state, events.Select(DocumentStreams.FromStored));
    }

    public async Task<IReadOnlyList<DocumentEvent>> GetEventsSinceAsync(long afterVersion, int maxCount = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterVersion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        if (afterVersion >= _state.Version)
        {
            return [];
        }

        var stored = await _store.ReadAsync(StreamId, afterVersion, afterVersion + maxCount);
        return stored.Select(DocumentStreams.FromStored).ToArray();
    }

    public Task<TextTarget> ResolvePassageAsync(TargetSpec target)
    {
        if (!_state.Exists)
        {
            throw new DomainException(new DomainError(DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound, "The linked document does not exist. Pick a document of this workspace."));
        }

        var result = TargetResolver.Resolve(_state.TextIndex, target);
        return result.IsSuccess ? Task.FromResult(result.Value) : throw new DomainException(result.Error!);
    }

    public Task<long> SubscribeAsync(IDocumentObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.FromResult(_state.Version);
    }

    public Task UnsubscribeAsync(IDocumentObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task<DocumentChange> ApplyAsync(DocumentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var decision = DocumentDecider.Decide(_state, command, _time.GetUtcNow(), _options.Limits);
        if (decision.IsRejected)
        {
            throw new DomainException(decision.Error!);
        }

        if (decision.Events.Count == 0)
        {
            return new DocumentChange(this.GetPrimaryKeyString(), _state.Version, []);
        }

        var data = new EventData[decision.Events.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = DocumentStreams.ToEventData(decision.Events[i]);
        }

        var appendStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await _store.AppendAsync(StreamId, _state.Version, data);
            GrainMetrics.RecordCommit(appendStarted, data.Length, committed: true);
        }
        catch (WrongExpectedVersionException conflict)
        {
            // Another writer (another node) appended first: this activation's state is stale. The runtime
            // deactivates the activation on InconsistentStateException, so the next call reloads.
            GrainMetrics.RecordCommit(appendStarted, data.Length, committed: false);
            throw new InconsistentStateException(conflict.Message, conflict.ActualVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), conflict.ExpectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _state = DocumentDecider.Fold(_state, decision.Events);
        await ListPublishedAsync(decision.Events.OfType<ClaimPublished>().Select(e => e.Slug));
        // One change object for every observer (it is immutable, so a local observer gets it without a copy). The
        // observer methods are one-way: Notify sends and never waits, so a slow, stuck or dead node cannot hold the
        // commit, and a node that asks for missed changes while handling this cannot deadlock the grain.
        var change = new DocumentChange(this.GetPrimaryKeyString(), _state.Version, decision.Events);
        if (_observers.Count > 0)
        {
            NotifyObservers(change);
        }

        NotifyWorkspace(change);

        if (_state.Version - _snapshotVersion >= _options.SnapshotEvery && _snapshotInFlight.IsCompleted)
        {
            // The state is immutable, so the snapshot is serialised and written after the caller has its answer,
            // outside this turn: the command that crosses the threshold does not pay for it.
            var state = _state;
            _snapshotInFlight = Task.Run(() => SaveSnapshotAsync(state, CancellationToken.None));
        }

        return change;
    }

    /// <summary>
    /// Records the public addresses of claims published in this document (the slug → claim index the public pages read).
    /// After the commit, so its failure never undoes one: it is logged, and publishing the claim again repairs it.
    /// </summary>
    private async Task ListPublishedAsync(IEnumerable<string> slugs)
    {
        foreach (var slug in slugs.Distinct(StringComparer.Ordinal))
        {
            var annotation = _state.Annotations.First(a => a.Publication?.Slug == slug);
            try
            {
                var claim = new PublicClaimRef(slug, _state.WorkspaceId, _state.Id, annotation.Id);
                if (!await GrainFactory.GetGrain<IPublicClaimGrain>(slug).RegisterAsync(claim))
                {
                    LogSlugTaken(slug, StreamId, annotation.Id);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogListingFailed(exception, slug, StreamId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The public address {Slug} names another claim; annotation {AnnotationId} of {StreamId} has none.")]
    private partial void LogSlugTaken(string slug, string streamId, string annotationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the public address {Slug} of a claim of {StreamId}; publishing it again repairs this.")]
    private partial void LogListingFailed(Exception exception, string slug, string streamId);

    private void NotifyObservers(DocumentChange change)
    {
        try
        {
            _observers.Notify(o => o.OnDocumentChangedAsync(change));
        }
        catch (Exception exception)
        {
            // A one-way call only fails to start (e.g. a serializer fault); the change is durable either way and
            // subscribers catch up from the event store when they renew.
            LogNotifyFailed(exception, StreamId, change.Version);
        }
    }

    /// <summary>
    /// Feeds the workspace's read model (<see cref="IWorkspaceActivityGrain"/>) one-way, after the durable append as the
    /// observers are: a lost change is filled in from the event store with the next one, or when the read model activates.
    /// </summary>
    private void NotifyWorkspace(DocumentChange change)
    {
        if (_state.WorkspaceId.Length == 0)
        {
            return;
        }

        try
        {
            _ = GrainFactory.GetGrain<IWorkspaceActivityGrain>(_state.WorkspaceId).OnDocumentCommittedAsync(change);
        }
        catch (Exception exception)
        {
            LogNotifyFailed(exception, StreamId, change.Version);
        }
    }

    private async Task SaveSnapshotAsync(DocumentState state, CancellationToken cancellationToken)
    {
        try
        {
            await _store.SaveSnapshotAsync(DocumentStreams.StreamId(state.Id), DocumentStreams.ToSnapshot(state), cancellationToken);
            Interlocked.Exchange(ref _snapshotVersion, state.Version);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A snapshot only speeds up activation; the events are already durable.
            LogSnapshotFailed(exception, DocumentStreams.StreamId(state.Id), state.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not notify the observers of {StreamId} of version {Version}; they catch up when they renew.")]
    private partial void LogNotifyFailed(Exception exception, string streamId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save a snapshot of {StreamId} at version {Version}; activation will replay more events.")]
    private partial void LogSnapshotFailed(Exception exception, string streamId, long version);
}
