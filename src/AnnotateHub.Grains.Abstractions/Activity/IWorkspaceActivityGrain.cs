using AnnotateHub.Domain;
using Orleans.Concurrency;

namespace AnnotateHub.Grains;

/// <summary>
/// A workspace's read model (<see cref="WorkspaceActivity"/>), keyed by workspace id: its document list, everyone's work
/// queues and notifications, answered without activating a document. Fed by the document grains after each durable
/// append; persisted, and caught up from the event store on activation (each document from the version it had reached),
/// so it survives restarts and can be rebuilt from the events alone.
/// </summary>
[Alias("annotatehub.workspace-activity")]
public interface IWorkspaceActivityGrain : IGrainWithStringKey
{
    /// <summary>
    /// A document of the workspace committed <paramref name="change"/>. One-way: the document grain never waits. Changes
    /// may arrive out of order or not at all; a gap is filled from the event store.
    /// </summary>
    [OneWay]
    [Alias("committed")]
    Task OnDocumentCommittedAsync(DocumentChange change);

    /// <summary>Folds whatever of <paramref name="documentId"/> up to <paramref name="version"/> it has not seen yet, from the event store.</summary>
    [Alias("catch-up")]
    Task CatchUpAsync(string documentId, long version);

    /// <summary>The documents and their claim counts as <paramref name="viewer"/> may see them (null: every status), oldest first.</summary>
    [ReadOnly]
    [Alias("documents")]
    Task<IReadOnlyList<DocumentListing>> ListDocumentsAsync(ActivityViewer? viewer, bool blindVoting);

    /// <summary><paramref name="viewer"/>'s work in this workspace, newest activity first (see <see cref="WorkspaceActivityProjection.Work"/>).</summary>
    [ReadOnly]
    [Alias("work")]
    Task<IReadOnlyList<WorkItem>> GetWorkAsync(ActivityViewer viewer);

    /// <summary><paramref name="viewer"/>'s notifications in this workspace, newest first, with their read marks.</summary>
    [ReadOnly]
    [Alias("inbox")]
    Task<IReadOnlyList<InboxEntry>> GetInboxAsync(ActivityViewer viewer);

    /// <summary>The live annotations in other documents of the workspace that cite passages of <paramref name="documentId"/>.</summary>
    [ReadOnly]
    [Alias("cited-by")]
    Task<IReadOnlyList<CitingAnnotation>> CitedByAsync(string documentId);

    /// <summary>Flags and moderators' actions in the workspace, newest first.</summary>
    [ReadOnly]
    [Alias("moderation")]
    Task<IReadOnlyList<ModerationEntry>> GetModerationAsync();

    /// <summary>
    /// Marks <paramref name="viewer"/>'s notifications with <paramref name="ids"/> read (null: all of them); ids that are
    /// not theirs are ignored. Durable when it returns. Answers how many were unread and are read now.
    /// </summary>
    [Alias("mark-read")]
    Task<int> MarkReadAsync(ActivityViewer viewer, IReadOnlyList<string>? ids);

    /// <summary>Throws the read model away and folds every document of the workspace again from the event store; answers the number of events folded.</summary>
    [Alias("rebuild")]
    Task<long> RebuildAsync();

    /// <summary>Hears every change of the read model until <see cref="DocumentSubscription.Lifetime"/> passes without a renewal.</summary>
    [Alias("subscribe")]
    Task SubscribeAsync(IWorkspaceActivityObserver observer);

    [Alias("unsubscribe")]
    Task UnsubscribeAsync(IWorkspaceActivityObserver observer);
}

/// <summary>Hears that a workspace's read model changed (a node subscribes once per workspace its sessions watch).</summary>
[Alias("annotatehub.workspace-activity-observer")]
public interface IWorkspaceActivityObserver : IGrainObserver
{
    [OneWay]
    [Alias("changed")]
    Task OnActivityChangedAsync(WorkspaceActivityChange change);
}

/// <summary>What changed in a workspace's read model: a document reached <paramref name="Version"/>; <paramref name="Recipients"/> got notifications (user ids and @handles).</summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.workspace-activity-change")]
public sealed record WorkspaceActivityChange(
    string WorkspaceId,
    string DocumentId,
    long Version,
    IReadOnlyList<string> Recipients);
