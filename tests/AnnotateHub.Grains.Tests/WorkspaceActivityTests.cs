using System.Threading.Channels;
using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>
/// The workspace read model grain: fed by the document grains after each commit, persisted, caught up from the event
/// store, and answering lists, work and notifications without activating a document.
/// </summary>
public sealed class WorkspaceActivityTests
{
    private static readonly ActivityViewer AliceViews = new("alice", WorkspaceRole.Reviewer, "alice");
    private static readonly ActivityViewer CarolViews = new("carol", WorkspaceRole.Reviewer, "carol");
    private static readonly ActivityViewer MonaViews = new("mona", WorkspaceRole.Moderator, "mona");

    [Fact]
    public async Task GivenASubscriber_WhenADocumentCommitsAVote_ThenItHearsOfItAndTheQueueNoLongerAsksTheVoter()
    {
        await using var host = await GrainHost.StartAsync();
        var (workspaceId, documentId) = await DeskAsync(host);
        var activity = host.Grains.GetGrain<IWorkspaceActivityGrain>(workspaceId);
        await activity.CatchUpAsync(documentId, await host.StreamVersionAsync(documentId));
        Assert.Contains(await activity.GetWorkAsync(CarolViews), i => i.Kind == WorkKind.VoteNeeded && i.AnnotationId == "c1");
        var heard = new Heard();
        await activity.SubscribeAsync(host.Grains.CreateObjectReference<IWorkspaceActivityObserver>(heard));

        await host.Document(documentId).CastVoteAsync(Vote(Carol, Verdict.False));

        var change = await heard.Changes.Reader.ReadAsync().AsTask().WithTimeout("the read model to announce the vote");
        Assert.Equal((documentId, 3L), (change.DocumentId, change.Version));
        Assert.DoesNotContain(await activity.GetWorkAsync(CarolViews), i => i.Kind == WorkKind.VoteNeeded);
    }

    [Fact]
    public async Task GivenAMentionMarkedRead_WhenTheClusterRestarts_ThenTheListWorkAndReadMarkAreBackWithoutActivatingADocument()
    {
        await using var host = await GrainHost.StartAsync();
        var (workspaceId, documentId) = await DeskAsync(host);
        await host.Document(documentId).ReplyAsync(new AddReply(Bob, "c1", "r1", "@carol and @mona, look."));
        var activity = host.Grains.GetGrain<IWorkspaceActivityGrain>(workspaceId);
        await activity.CatchUpAsync(documentId, await host.StreamVersionAsync(documentId));
        var mention = Assert.Single(await activity.GetInboxAsync(CarolViews));
        Assert.Equal(1, await activity.MarkReadAsync(CarolViews, [mention.Notification.Id]));

        await host.RestartAsync();
        activity = host.Grains.GetGrain<IWorkspaceActivityGrain>(workspaceId);

        var listed = Assert.Single(await activity.ListDocumentsAsync(null, blindVoting: false));
        Assert.Equal((documentId, "Jobs report", 1, 1), (listed.Id, listed.Title, listed.Annotations, listed.Open));
        Assert.True(Assert.Single(await activity.GetInboxAsync(CarolViews)).Read);
        Assert.False(Assert.Single(await activity.GetInboxAsync(MonaViews)).Read);
        Assert.Contains(await activity.GetWorkAsync(MonaViews), i => i.Kind == WorkKind.Mention && i.AnnotationId == "c1");
        Assert.Contains(await activity.GetWorkAsync(AliceViews), i => i.Kind == WorkKind.VoteNeeded);
        Assert.Empty(await host.ActiveGrainsAsync(DocumentGrain.GrainTypeName));
    }

    [Fact]
    public async Task GivenAReadModel_WhenItIsRebuiltFromTheEventStore_ThenItAnswersAsBefore()
    {
        await using var host = await GrainHost.StartAsync();
        var (workspaceId, documentId) = await DeskAsync(host);
        var document = host.Document(documentId);
        await document.CastVoteAsync(Vote(Alice, Verdict.True));
        await document.CastVoteAsync(Vote(Bob, Verdict.False));
        var activity = host.Grains.GetGrain<IWorkspaceActivityGrain>(workspaceId);
        await activity.CatchUpAsync(documentId, await host.StreamVersionAsync(documentId));
        var before = await AnswersAsync(activity);

        var folded = await activity.RebuildAsync();

        Assert.Equal(await host.StreamVersionAsync(documentId), folded);
        Assert.Equal(before, await AnswersAsync(activity));
        Assert.Contains("RulingNeeded c1", before, StringComparison.Ordinal);
    }

    private static async Task<(string WorkspaceId, string DocumentId)> DeskAsync(GrainHost host)
    {
        var workspaceId = Fresh.Id("ws");
        var documentId = Fresh.Id("doc");
        var workspace = host.Workspace(workspaceId);
        await workspace.CreateAsync("Election desk", "ada");
        await workspace.CreateDocumentAsync(Alice, documentId, "Jobs report", Text, null);
        await host.Document(documentId).HighlightAsync(Claim());
        return (workspaceId, documentId);
    }

    private static async Task<string> AnswersAsync(IWorkspaceActivityGrain activity)
    {
        var list = await activity.ListDocumentsAsync(null, blindVoting: false);
        var work = await activity.GetWorkAsync(MonaViews);
        var inbox = await activity.GetInboxAsync(AliceViews);
        return string.Join(
            "\n",
            list.Select(l => $"{l.Id} {l.Title} {l.Annotations} {l.Open} {l.Consensus} {l.Disputed} {l.Resolved}")
                .Concat(work.Select(w => $"{w.Kind} {w.AnnotationId} {w.Votes}"))
                .Concat(inbox.Select(i => $"{i.Notification.Id} {i.Read}")));
    }

    private sealed class Heard : IWorkspaceActivityObserver
    {
        public Channel<WorkspaceActivityChange> Changes { get; } = Channel.CreateUnbounded<WorkspaceActivityChange>();

        public Task OnActivityChangedAsync(WorkspaceActivityChange change)
        {
            Changes.Writer.TryWrite(change);
            return Task.CompletedTask;
        }
    }
}
