namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    private const string Tester = "tester";

    /// <summary>Operation, role, whether the role may do it.</summary>
    public static TheoryData<string, WorkspaceRole, bool> RoleMatrix()
    {
        var data = new TheoryData<string, WorkspaceRole, bool>();
        string[] everyWriter = ["create-document", "highlight", "add-reply", "attach-source", "cast-vote", "edit-own-annotation", "delete-own-reply", "resolve-own-thread"];
        string[] moderatorsOnly = ["edit-others-annotation", "delete-others-annotation", "edit-others-reply", "detach-others-source", "resolve-claim", "reopen-claim", "resolve-others-thread", "reopen-others-thread"];
        foreach (var role in Enum.GetValues<WorkspaceRole>())
        {
            foreach (var operation in everyWriter)
            {
                data.Add(operation, role, role != WorkspaceRole.Viewer);
            }

            foreach (var operation in moderatorsOnly)
            {
                data.Add(operation, role, role is WorkspaceRole.Moderator or WorkspaceRole.Admin);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public void GivenRole_WhenItAttemptsAnOperation_ThenOnlyPermittedRolesSucceed(string operation, WorkspaceRole role, bool allowed)
    {
        var asReviewer = new Actor(Tester, WorkspaceRole.Reviewer);
        var state = Given(
            Create(),
            Claim("c1"),
            Vote(Bob, Verdict.True, "c1"),
            Vote(Carol, Verdict.False, "c1"),
            Claim("c2", exact: "fifty years"),
            Vote(Bob, Verdict.True, "c2"),
            Vote(Carol, Verdict.True, "c2"),
            new ResolveClaim(Mona, "c2", Verdict.True, "Confirmed."),
            Claim("own", asReviewer, exact: "stopped looking"),
            new AddReply(Bob, "c1", "bobs-reply", "Hmm."),
            new AddReply(asReviewer, "c1", "own-reply", "Mine."),
            UrlSource("bobs-source", Bob),
            new ResolveThread(Alice, "c1"));
        var actor = new Actor(Tester, role);
        DocumentCommand command = operation switch
        {
            "create-document" => Create(actor),
            "highlight" => Claim("new", actor, exact: "pandemic"),
            "add-reply" => new AddReply(actor, "c1", "new-reply", "Agreed."),
            "attach-source" => UrlSource("new-source", actor),
            "cast-vote" => Vote(actor, Verdict.Mixed),
            "edit-own-annotation" => new EditAnnotation(actor, "own", Body: "Edited."),
            "delete-own-reply" => new DeleteReply(actor, "c1", "own-reply"),
            "edit-others-annotation" => new EditAnnotation(actor, "c1", Body: "Edited."),
            "delete-others-annotation" => new DeleteAnnotation(actor, "c1"),
            "edit-others-reply" => new EditReply(actor, "c1", "bobs-reply", "Edited."),
            "detach-others-source" => new DetachSource(actor, "c1", "bobs-source"),
            "resolve-claim" => new ResolveClaim(actor, "c1", Verdict.Mixed, "Ruling."),
            "reopen-claim" => new ReopenClaim(actor, "c2", "Reopening."),
            "resolve-own-thread" => new ResolveThread(actor, "own"),
            "resolve-others-thread" => new ResolveThread(actor, "c2"),
            "reopen-others-thread" => new ReopenThread(actor, "c1"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
        var initial = operation == "create-document" ? DocumentState.Empty : state;

        var decision = When(initial, command);

        if (allowed)
        {
            Assert.True(decision.IsAccepted, decision.Error?.Message);
            Assert.NotEmpty(decision.Events);
        }
        else
        {
            Assert.True(decision.IsRejected);
            Assert.Equal(DomainErrorKind.Forbidden, decision.Error.Kind);
            Assert.Empty(decision.Events);
        }
    }

    [Fact]
    public void GivenRoles_ThenEachCanDoEverythingTheRolesBeforeItCan()
    {
        Assert.Equal(
            [(false, false, false), (true, false, false), (true, true, false), (true, true, true)],
            Enum.GetValues<WorkspaceRole>().Select(r => (r.CanWrite(), r.CanModerate(), r.CanAdminister())));
        Assert.False(((WorkspaceRole)99).CanWrite());
    }
}
