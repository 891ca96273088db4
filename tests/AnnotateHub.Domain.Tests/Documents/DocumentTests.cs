using System.Collections.Immutable;
using System.Text;

namespace AnnotateHub.Domain.Tests;

/// <summary>
/// Behaviour of the document aggregate: one partial class, one file per command. Each test builds a state from
/// accepted commands (Given), decides one command (When) and checks the events, error or resulting state (Then).
/// </summary>
public sealed partial class DocumentTests
{
    internal static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    internal static readonly Actor Alice = new("alice", WorkspaceRole.Reviewer, "Alice");
    internal static readonly Actor Bob = new("bob", WorkspaceRole.Reviewer);
    internal static readonly Actor Carol = new("carol", WorkspaceRole.Reviewer);
    internal static readonly Actor Mona = new("mona", WorkspaceRole.Moderator);
    internal static readonly Actor Ada = new("ada", WorkspaceRole.Admin);
    internal static readonly Actor Vic = new("vic", WorkspaceRole.Viewer);

    internal const string DocumentId = "doc-1";
    internal const string WorkspaceId = "ws-1";

    internal const string Text =
        "The unemployment rate fell to 3.5 percent in 2019, the lowest in fifty years.\n" +
        "Critics said the rate fell because people stopped looking for work.\n" +
        "\n" +
        "The rate rose again in 2020 👍🏽 during the pandemic.";

    internal static CreateDocument Create(Actor? by = null, int quorum = 2, string text = Text, string title = "Jobs report") =>
        new(by ?? Alice, DocumentId, WorkspaceId, title, text, "https://example.org/jobs", quorum);

    internal static Highlight Claim(string id = "c1", Actor? by = null, string exact = "fell to 3.5 percent", ImmutableArray<string> tags = default) =>
        new(by ?? Alice, id, AnnotationKind.Claim, TargetSpec.ForQuote(exact), "Check against BLS data.", tags);

    internal static Highlight Comment(string id = "n1", Actor? by = null) =>
        new(by ?? Alice, id, AnnotationKind.Comment, TargetSpec.ForQuote("during the pandemic"), "Context needed.");

    /// <summary>A vote in a workspace that does not require a rationale (the tests of that rule pass it explicitly).</summary>
    internal static CastVote Vote(Actor by, Verdict verdict, string annotationId = "c1", string rationale = "", bool requireRationale = false) =>
        new(by, annotationId, verdict, rationale, requireRationale);

    internal static AttachSource UrlSource(string id = "s1", Actor? by = null, string annotationId = "c1") =>
        new(by ?? Alice, annotationId, id, "BLS table A-1", SourceStance.Supports, Url: "https://www.bls.gov/cps/");

    /// <summary>Decides and applies each command in turn (one minute apart); every command must be accepted.</summary>
    internal static DocumentState Given(params DocumentCommand[] commands)
    {
        var state = DocumentState.Empty;
        for (var i = 0; i < commands.Length; i++)
        {
            var decision = DocumentDecider.Decide(state, commands[i], Now.AddMinutes(i - commands.Length));
            if (decision.IsRejected)
            {
                throw new InvalidOperationException($"Given command {i} ({commands[i].GetType().Name}) was rejected: {decision.Error.Code}: {decision.Error.Message}");
            }

            foreach (var e in decision.Events)
            {
                state = DocumentDecider.Evolve(state, e);
            }
        }

        return state;
    }

    internal static Decision When(DocumentState state, DocumentCommand command, DomainLimits? limits = null) =>
        DocumentDecider.Decide(state, command, Now, limits);

    /// <summary>The state after applying an accepted decision's events.</summary>
    internal static DocumentState Then(DocumentState state, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Error?.Message);
        foreach (var e in decision.Events)
        {
            state = DocumentDecider.Evolve(state, e);
        }

        return state;
    }

    /// <summary>Asserts the decision has exactly one event, of type <typeparamref name="T"/>, stamped with the actor and now.</summary>
    internal static T ThenSingle<T>(DocumentState state, Decision decision, Actor actor)
        where T : DocumentEvent
    {
        Assert.True(decision.IsAccepted, decision.Error?.Message);
        var e = Assert.IsType<T>(Assert.Single(decision.Events));
        Assert.Equal(actor.UserId, e.ActorId);
        Assert.Equal(Now, e.At);
        Assert.Equal(state.Version + 1, e.Sequence);
        return e;
    }

    /// <summary>Asserts the decision was rejected with the given kind and code, with a readable message and no events.</summary>
    internal static DomainError ThenRejected(Decision decision, DomainErrorKind kind, string code)
    {
        Assert.True(decision.IsRejected, "The command was accepted but should have been rejected with " + code);
        Assert.Empty(decision.Events);
        Assert.Equal(code, decision.Error.Code);
        Assert.Equal(kind, decision.Error.Kind);
        Assert.EndsWith(".", decision.Error.Message, StringComparison.Ordinal);
        Assert.True(decision.Error.Message.Length > 20, "The message should be a sentence: " + decision.Error.Message);
        return decision.Error;
    }

    /// <summary>
    /// <paramref name="state"/> after a ruling on its open claim <paramref name="annotationId"/>, read back as an event stored
    /// before a ruling needed the votes to reach the quorum: folded, not decided (deciding that ruling now is refused), as a
    /// database in the field replays it.
    /// </summary>
    internal static DocumentState RuledWhileOpenBeforeTheQuorumRule(DocumentState state, string annotationId = "c1")
    {
        var stored = DomainJson.DeserializeEvent(ClaimResolved.TypeName, Encoding.UTF8.GetBytes(
            $$"""{"actorId":"mona","at":"2025-03-14T09:26:53+00:00","sequence":{{state.Version + 1}},"annotationId":"{{annotationId}}","from":"open","verdict":"true","rationale":"Confirmed.","minorityVotes":[]}"""));
        return DocumentDecider.Evolve(state, stored);
    }

    internal static Annotation AnnotationOf(DocumentState state, string id = "c1") =>
        state.FindAnnotation(id) ?? throw new InvalidOperationException($"No annotation {id}.");
}
