using System.Collections.Immutable;
using AnnotateHub.Domain;
using AnnotateHub.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace AnnotateHub.Grains;

/// <summary>The notifications each person has marked read in one workspace (persisted with every mark).</summary>
public sealed record InboxReads
{
    /// <summary>Read notification ids by user id.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> ByUser { get; init; } = ImmutableDictionary<string, ImmutableHashSet<string>>.Empty;
}

/// <summary>
/// The read model of one workspace (see <see cref="IWorkspaceActivityGrain"/>). The projection is written every
/// <see cref="PersistEvery"/> while it changes and on deactivation; whatever a crash loses is folded again from the event
/// store on the next activation, which reads each known document (and each the workspace lists) after the version the
/// stored projection had reached. Read marks are not in the event store, so each mark is written before it is answered.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class WorkspaceActivityGrain(
    [PersistentState("workspace-activity")] IPersistentState<WorkspaceActivity> projection,
    [PersistentState("workspace-inbox-reads")] IPersistentState<InboxReads> reads,
    IEventStore store,
    ILogger<WorkspaceActivityGrain> logger) : Grain, IWorkspaceActivityGrain
{
    /// <summary>The grain type name (part of every grain id; never rename).</summary>
    public const string GrainTypeName = "workspaceactivity";

    /// <summary>How often a changed projection is written.</summary>
    public static readonly TimeSpan PersistEvery = TimeSpan.FromSeconds(5);

    private readonly ObserverManager<IWorkspaceActivityObserver> _observers = new(DocumentSubscription.Lifetime, logger);
    private WorkspaceActivity _state = WorkspaceActivity.Empty;
    private bool _dirty;
    private List<WebhookNotice>? _webhookNotices = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = projection.RecordExists && projection.State.Schema == WorkspaceActivity.CurrentSchema ? projection.State : WorkspaceActivity.Empty;
        await CatchUpAllAsync(cancellationToken);
        await HandOverToWebhooksAsync();
        this.RegisterGrainTimer(PersistIfChangedAsync, new GrainTimerCreationOptions(PersistEvery, PersistEvery) { Interleave = false });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => PersistIfChangedAsync(cancellationToken);

    public async Task OnDocumentCommittedAsync(DocumentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var known = _state.VersionOf(change.DocumentId);
        if (change.Version <= known)
        {
            return;
        }

        var before = _state;
        if (change.Events.Count > 0 && change.Events[0].Sequence == known + 1)
        {
            Apply(change.DocumentId, change.Events);
        }
        else
        {
            await FoldFromStoreAsync(change.DocumentId, change.Version, CancellationToken.None);
        }

        Changed(before, change.DocumentId);
        await HandOverToWebhooksAsync();
    }

    public async Task CatchUpAsync(string documentId, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        if (version > _state.VersionOf(documentId))
        {
            var before = _state;
            await FoldFromStoreAsync(documentId, version, CancellationToken.None);
            Changed(before, documentId);
            await HandOverToWebhooksAsync();
        }
    }

    public Task<IReadOnlyList<DocumentListing>> ListDocumentsAsync(ActivityViewer? viewer, bool blindVoting) =>
        Task.FromResult(WorkspaceActivityProjection.ListDocuments(_state, viewer, blindVoting));

    public Task<IReadOnlyList<WorkItem>> GetWorkAsync(ActivityViewer viewer) =>
        Task.FromResult(WorkspaceActivityProjection.Work(_state, viewer, ReadBy(viewer.UserId)));

    public Task<IReadOnlyList<InboxEntry>> GetInboxAsync(ActivityViewer viewer) =>
        Task.FromResult(WorkspaceActivityProjection.Inbox(_state, viewer, ReadBy(viewer.UserId)));

    public Task<IReadOnlyList<CitingAnnotation>> CitedByAsync(string documentId) =>
        Task.FromResult(WorkspaceActivityProjection.CitedBy(_state, documentId));

    public Task<IReadOnlyList<ModerationEntry>> GetModerationAsync() => Task.FromResult(WorkspaceActivityProjection.ModerationLog(_state));

    public async Task<int> MarkReadAsync(ActivityViewer viewer, IReadOnlyList<string>? ids)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var read = ReadBy(viewer.UserId);
        var wanted = ids is null ? null : new HashSet<string>(ids, StringComparer.Ordinal);
        var newlyRead = WorkspaceActivityProjection.Inbox(_state, viewer, read)
            .Where(e => !e.Read && (wanted is null || wanted.Contains(e.Notification.Id)))
            .Select(e => e.Notification.Id)
            .ToArray();
        if (newlyRead.Length == 0)
        {
            return 0;
        }

        reads.State = reads.State with { ByUser = reads.State.ByUser.SetItem(viewer.UserId, read.Union(newlyRead)) };
        await reads.WriteStateAsync();
        Broadcast(new WorkspaceActivityChange(this.GetPrimaryKeyString(), string.Empty, 0, [viewer.UserId]));
        return newlyRead.Length;
    }

    public async Task<long> RebuildAsync()
    {
        var before = _state;
        _state = WorkspaceActivity.Empty;
        // Folding everything again hands webhooks nothing: what they heard of before is not news.
        var notices = _webhookNotices;
        _webhookNotices = null;
        long folded;
        try
        {
            folded = await CatchUpAllAsync(CancellationToken.None, before.Documents.Keys);
        }
        finally
        {
            _webhookNotices = notices;
        }

        _dirty = true;
        await PersistIfChangedAsync(CancellationToken.None);
        Broadcast(new WorkspaceActivityChange(this.GetPrimaryKeyString(), string.Empty, 0, []));
        return folded;
    }

    public Task SubscribeAsync(IWorkspaceActivityObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IWorkspaceActivityObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private ImmutableHashSet<string> ReadBy(string userId) =>
        reads.State.ByUser.TryGetValue(userId, out var read) ? read : ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    /// <summary>Folds, from the event store, what every known document and every document the workspace lists has committed since.</summary>
    private async Task<long> CatchUpAllAsync(CancellationToken cancellationToken, IEnumerable<string>? alsoKnown = null)
    {
        var workspace = await GrainFactory.GetGrain<IWorkspaceGrain>(this.GetPrimaryKeyString()).GetAsync();
        var documents = new SortedSet<string>(_state.Documents.Keys, StringComparer.Ordinal);
        documents.UnionWith(workspace.Documents.Select(d => d.Id));
        documents.UnionWith(alsoKnown ?? []);
        long folded = 0;
        foreach (var documentId in documents)
        {
            folded += await FoldFromStoreAsync(documentId, toVersion: null, cancellationToken);
        }

        _dirty |= folded > 0;
        return folded;
    }

    private async Task<int> FoldFromStoreAsync(string documentId, long? toVersion, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(DocumentStreams.StreamId(documentId), _state.VersionOf(documentId), toVersion, cancellationToken);
        if (stored.Count > 0)
        {
            Apply(documentId, stored.Select(DocumentStreams.FromStored).ToArray());
        }

        return stored.Count;
    }

    private void Apply(string documentId, IReadOnlyList<DocumentEvent> events)
    {
        _state = WorkspaceActivityProjection.Apply(_state, documentId, events);
        _webhookNotices?.AddRange(WebhookNotices.From(this.GetPrimaryKeyString(), _state, documentId, events));
    }

    /// <summary>
    /// Hands the claims disputed, ruled on and published since the last hand-over to the workspace's webhooks, which
    /// persist what they owe before answering. After the read model folded them, so a crash before the hand-over folds
    /// them (and hands them over) again; the webhooks drop what they already owe or delivered.
    /// </summary>
    private async Task HandOverToWebhooksAsync()
    {
        if (_webhookNotices is not { Count: > 0 } notices)
        {
            return;
        }

        var batch = notices.ToArray();
        notices.Clear();
        try
        {
            await GrainFactory.GetGrain<IWorkspaceWebhooksGrain>(this.GetPrimaryKeyString()).EnqueueAsync(batch);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWebhooksFailed(exception, this.GetPrimaryKeyString(), batch.Length);
        }
    }

    private void Changed(WorkspaceActivity before, string documentId)
    {
        if (ReferenceEquals(before, _state))
        {
            return;
        }

        _dirty = true;
        if (_observers.Count == 0)
        {
            return;
        }

        var recipients = _state.Notifications.Skip(before.Notifications.Count).Select(n => n.Recipient).Distinct(StringComparer.Ordinal).ToArray();
        Broadcast(new WorkspaceActivityChange(this.GetPrimaryKeyString(), documentId, _state.VersionOf(documentId), recipients));
    }

    private void Broadcast(WorkspaceActivityChange change)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        try
        {
            _observers.Notify(o => o.OnActivityChangedAsync(change));
        }
        catch (Exception exception)
        {
            LogNotifyFailed(exception, this.GetPrimaryKeyString());
        }
    }

    private async Task PersistIfChangedAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        try
        {
            projection.State = _state;
            await projection.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The events are durable: what is not written now is folded again from them on the next activation.
            LogPersistFailed(exception, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not notify the observers of workspace {WorkspaceId}'s activity; they catch up when they renew.")]
    private partial void LogNotifyFailed(Exception exception, string workspaceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not hand {Count} notices of workspace {WorkspaceId} to its webhooks.")]
    private partial void LogWebhooksFailed(Exception exception, string workspaceId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write workspace {WorkspaceId}'s read model; it is folded again from the events on the next activation.")]
    private partial void LogPersistFailed(Exception exception, string workspaceId);
}
