using System.Collections.Immutable;

namespace AnnotateHub.Domain.Tests;

/// <summary>The workspace read model: what a document's events add up to in lists, work queues and notifications.</summary>
public sealed class WorkspaceActivityTests
{
    private static readonly ActivityViewer AliceViews = new("alice", WorkspaceRole.Reviewer, "alice");
    private static readonly ActivityViewer BobViews = new("bob", WorkspaceRole.Reviewer, "bob");
    private static readonly ActivityViewer CarolViews = new("carol", WorkspaceRole.Reviewer, "carol");
    private static readonly ActivityViewer MonaViews = new("mona", WorkspaceRole.Moderator, "mona");
    private static readonly ActivityViewer VicViews = new("vic", WorkspaceRole.Viewer, "vic");
    private static readonly ISet<string> NoneRead = ImmutableHashSet<string>.Empty;

    [Fact]
    public void GivenAnOpenClaim_WhenEachAsksForWork_ThenThoseWhoMayVoteAndHaveNotAreAskedToVote()
    {
        var state = Fold(DocumentTests.Create(), DocumentTests.Claim(), DocumentTests.Vote(DocumentTests.Bob, Verdict.False));

        Assert.Equal([WorkKind.VoteNeeded], Kinds(state, AliceViews));
        Assert.Empty(Kinds(state, BobViews));
        Assert.Empty(Kinds(state, VicViews));
        var item = Assert.Single(WorkspaceActivityProjection.Work(state, CarolViews, NoneRead));
        Assert.Equal(("doc-1", "Jobs report", "c1", "fell to 3.5 percent", 1), (item.DocumentId, item.DocumentTitle, item.AnnotationId, item.Quote, item.Votes));
    }

    [Fact]
    public void GivenADisputedClaim_WhenAsked_ThenModeratorsMustRuleAndTheVotersOtherThanTheOneWhoDisputedItAreNotified()
    {
        var desk = new Desk().Do(
            DocumentTests.Create(),
            DocumentTests.Claim(),
            DocumentTests.Vote(DocumentTests.Alice, Verdict.True),
            DocumentTests.Vote(DocumentTests.Bob, Verdict.False));
        var state = desk.Activity;

        Assert.Contains(WorkKind.RulingNeeded, Kinds(state, MonaViews));
        Assert.DoesNotContain(WorkKind.RulingNeeded, Kinds(state, AliceViews));
        var disputed = Assert.Single(WorkspaceActivityProjection.Inbox(state, AliceViews, NoneRead));
        Assert.Equal((NotificationKind.Disputed, "bob", false), (disputed.Notification.Kind, disputed.Notification.ActorId, disputed.Read));
        Assert.Empty(WorkspaceActivityProjection.Inbox(state, BobViews, NoneRead));

        var ruled = desk.Do(new ResolveClaim(DocumentTests.Mona, "c1", Verdict.Mixed, "Both hold.")).Activity;

        Assert.DoesNotContain(WorkKind.RulingNeeded, Kinds(ruled, MonaViews));
        foreach (var voter in new[] { AliceViews, BobViews })
        {
            var ruling = WorkspaceActivityProjection.Inbox(ruled, voter, NoneRead)[0].Notification;
            Assert.Equal((NotificationKind.Ruling, "mona", "Both hold."), (ruling.Kind, ruling.ActorId, ruling.Excerpt));
        }
    }

    [Fact]
    public void GivenAReplyToAlicesAnnotationMentioningAliceAndCarol_WhenTheyAsk_ThenAliceHasOneMentionCarolAMentionAndTheReplierNothing()
    {
        var state = Fold(
            DocumentTests.Create(),
            DocumentTests.Comment(),
            new AddReply(DocumentTests.Bob, "n1", "r1", "@Alice and @carol: see `@vic` table."));

        var alice = Assert.Single(WorkspaceActivityProjection.Inbox(state, AliceViews, NoneRead));
        Assert.Equal((NotificationKind.Mention, "r1"), (alice.Notification.Kind, alice.Notification.ReplyId));
        Assert.Equal(NotificationKind.Mention, Assert.Single(WorkspaceActivityProjection.Inbox(state, CarolViews, NoneRead)).Notification.Kind);
        Assert.Empty(WorkspaceActivityProjection.Inbox(state, BobViews, NoneRead));
        Assert.Empty(WorkspaceActivityProjection.Inbox(state, VicViews, NoneRead));
        Assert.Contains(WorkKind.Mention, Kinds(state, CarolViews));
        Assert.DoesNotContain(WorkKind.Mention, Kinds(state, CarolViews, read: [alice.Notification.Id]));
    }

    [Fact]
    public void GivenAReplyMentioningCarol_WhenAModeratorHidesIt_ThenCarolsInboxShowsTheReasonInsteadOfTheReply()
    {
        var desk = new Desk().Do(DocumentTests.Create(), DocumentTests.Comment(), new AddReply(DocumentTests.Bob, "n1", "r1", "@carol you clown, look."));
        Assert.Contains("you clown", Assert.Single(WorkspaceActivityProjection.Inbox(desk.Activity, CarolViews, NoneRead)).Notification.Excerpt);

        var state = desk.Do(new HideContent(DocumentTests.Mona, "n1", ModeratedItem.Reply, "r1", "Insult.")).Activity;

        var mention = Assert.Single(WorkspaceActivityProjection.Inbox(state, CarolViews, NoneRead)).Notification;
        Assert.Equal(("Hidden by a moderator: Insult.", "r1"), (mention.Excerpt, mention.ReplyId));
        Assert.All(WorkspaceActivityProjection.Inbox(state, AliceViews, NoneRead), n => Assert.DoesNotContain("clown", n.Notification.Excerpt));
    }

    [Fact]
    public void GivenAThreadBobJoined_WhenItIsResolved_ThenItLeavesBothParticipantsOpenThreads()
    {
        var desk = new Desk().Do(DocumentTests.Create(), DocumentTests.Comment(), new AddReply(DocumentTests.Bob, "n1", "r1", "Agreed."));
        var open = desk.Activity;
        Assert.Contains(WorkKind.OpenThread, Kinds(open, AliceViews));
        Assert.Contains(WorkKind.OpenThread, Kinds(open, BobViews));
        Assert.DoesNotContain(WorkKind.OpenThread, Kinds(open, CarolViews));

        var resolved = desk.Do(new ResolveThread(DocumentTests.Alice, "n1")).Activity;

        Assert.DoesNotContain(WorkKind.OpenThread, Kinds(resolved, AliceViews));
        Assert.DoesNotContain(WorkKind.OpenThread, Kinds(resolved, BobViews));
    }

    [Fact]
    public void GivenBlindVotingAndAConsensus_WhenListed_ThenItCountsAsVotingForThoseWhoHaveNotVotedAndAsConsensusForVotersAndTheOperator()
    {
        var state = Fold(
            DocumentTests.Create(),
            DocumentTests.Claim(),
            DocumentTests.Comment(),
            DocumentTests.Vote(DocumentTests.Alice, Verdict.False),
            DocumentTests.Vote(DocumentTests.Bob, Verdict.False));

        var carol = Assert.Single(WorkspaceActivityProjection.ListDocuments(state, CarolViews, blindVoting: true));
        var alice = Assert.Single(WorkspaceActivityProjection.ListDocuments(state, AliceViews, blindVoting: true));
        var operatorView = Assert.Single(WorkspaceActivityProjection.ListDocuments(state, null, blindVoting: true));

        Assert.Equal((2, 0, 1), (carol.Annotations, carol.Consensus, carol.Voting));
        Assert.Equal((1, 0), (alice.Consensus, alice.Voting));
        Assert.Equal((1, 0), (operatorView.Consensus, operatorView.Voting));
    }

    [Fact]
    public void GivenAFlagAndAModeratorsActions_WhenTheModerationLogIsAsked_ThenItListsThemNewestFirstWithTheirReasons()
    {
        var state = Fold(
            DocumentTests.Create(),
            DocumentTests.Claim(),
            new AddReply(DocumentTests.Bob, "c1", "r1", "Rude."),
            new FlagContent(DocumentTests.Vic, "c1", "f1", ModeratedItem.Reply, "r1", "Insult."),
            new HideContent(DocumentTests.Mona, "c1", ModeratedItem.Reply, "r1", "Insult."),
            new LockThread(DocumentTests.Mona, "c1", "Cooling off."));

        var log = WorkspaceActivityProjection.ModerationLog(state);

        Assert.Equal(
            [(ModerationAction.Lock, "mona", "Cooling off."), (ModerationAction.Hide, "mona", "Insult."), (ModerationAction.Flag, "vic", "Insult.")],
            log.Select(e => (e.Action, e.ActorId, e.Reason)));
        Assert.Equal(("r1", ModeratedItem.Reply), (log[2].ItemId, log[2].Item));
    }

    [Fact]
    public void GivenAPassageOfAnotherDocumentCitedTwiceAndOnceDetached_WhenItsCitedByIsAsked_ThenTheLiveCitationIsListedWithItsPassage()
    {
        var passage = new TextTarget(new TextQuoteSelector("rose by 18 percent", "levels ", " between"), new TextPositionSelector(40, 58));
        var desk = new Desk().Do(
            DocumentTests.Create(),
            DocumentTests.Claim(),
            new AttachSource(DocumentTests.Alice, "c1", "s1", "River report", SourceStance.Supports, LinkedDocumentId: "doc-2", LinkedTarget: passage),
            new AttachSource(DocumentTests.Alice, "c1", "s2", "Same report", SourceStance.Refutes, LinkedDocumentId: "doc-2", LinkedTarget: passage),
            new AttachSource(DocumentTests.Alice, "c1", "s3", "A web page", SourceStance.Context, Url: "https://example.org/"));

        Assert.Equal(2, WorkspaceActivityProjection.CitedBy(desk.Activity, "doc-2").Count);
        Assert.Empty(WorkspaceActivityProjection.CitedBy(desk.Activity, "doc-1"));

        var state = desk.Do(new DetachSource(DocumentTests.Alice, "c1", "s1")).Activity;
        var cited = Assert.Single(WorkspaceActivityProjection.CitedBy(state, "doc-2"));
        Assert.Equal(("doc-1", "Jobs report", "c1", "fell to 3.5 percent", SourceStance.Refutes), (cited.DocumentId, cited.DocumentTitle, cited.AnnotationId, cited.Quote, cited.Stance));
        Assert.Equal((40, 58, "rose by 18 percent"), (cited.Start, cited.End, cited.Passage));

        // a source or an annotation a moderator hid is not listed meanwhile
        Assert.Empty(WorkspaceActivityProjection.CitedBy(desk.Do(new HideContent(DocumentTests.Mona, "c1", ModeratedItem.Source, "s2", "Wrong report.")).Activity, "doc-2"));
        Assert.Single(WorkspaceActivityProjection.CitedBy(desk.Do(new UnhideContent(DocumentTests.Mona, "c1", ModeratedItem.Source, "s2")).Activity, "doc-2"));
        Assert.Empty(WorkspaceActivityProjection.CitedBy(desk.Do(new HideContent(DocumentTests.Mona, "c1", ModeratedItem.Annotation, "c1", "Off topic.")).Activity, "doc-2"));
        Assert.Single(WorkspaceActivityProjection.CitedBy(desk.Do(new UnhideContent(DocumentTests.Mona, "c1", ModeratedItem.Annotation, "c1")).Activity, "doc-2"));

        Assert.Empty(WorkspaceActivityProjection.CitedBy(desk.Do(new DeleteAnnotation(DocumentTests.Alice, "c1")).Activity, "doc-2"));
    }

    [Fact]
    public void GivenTheSameEventsFoldedTwice_WhenAsked_ThenTheAnswersAreTheSameAsOnce()
    {
        var events = Events(DocumentTests.Create(), DocumentTests.Claim(), new AddReply(DocumentTests.Bob, "c1", "r1", "@carol look"));
        var once = WorkspaceActivityProjection.Apply(WorkspaceActivity.Empty, "doc-1", events);

        var twice = WorkspaceActivityProjection.Apply(once, "doc-1", events);

        Assert.Equal(once.Notifications.Count, twice.Notifications.Count);
        Assert.Equal(3, twice.VersionOf("doc-1"));
    }

    private static WorkKind[] Kinds(WorkspaceActivity state, ActivityViewer viewer, string[]? read = null) =>
        [.. WorkspaceActivityProjection.Work(state, viewer, read is null ? NoneRead : read.ToHashSet()).Select(i => i.Kind)];

    private static WorkspaceActivity Fold(params DocumentCommand[] commands) => new Desk().Do(commands).Activity;

    private static List<DocumentEvent> Events(params DocumentCommand[] commands) => new Desk().Decide(commands);

    /// <summary>One document: decides commands against its state and folds their events into the read model.</summary>
    private sealed class Desk
    {
        private DocumentState _document = DocumentState.Empty;

        public WorkspaceActivity Activity { get; private set; } = WorkspaceActivity.Empty;

        public Desk Do(params DocumentCommand[] commands)
        {
            Activity = WorkspaceActivityProjection.Apply(Activity, "doc-1", Decide(commands));
            return this;
        }

        public List<DocumentEvent> Decide(params DocumentCommand[] commands)
        {
            var events = new List<DocumentEvent>();
            foreach (var command in commands)
            {
                var decision = DocumentDecider.Decide(_document, command, DocumentTests.Now.AddMinutes(_document.Version));
                Assert.False(decision.IsRejected, decision.Error?.Message);
                events.AddRange(decision.Events);
                _document = DocumentDecider.Fold(_document, decision.Events);
            }

            return events;
        }
    }
}
