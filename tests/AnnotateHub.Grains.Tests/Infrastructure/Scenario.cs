using AnnotateHub.Domain;

namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>The people, texts and commands the grain tests share.</summary>
public static class Scenario
{
    public static readonly Actor Alice = new("alice", WorkspaceRole.Reviewer, "Alice");
    public static readonly Actor Bob = new("bob", WorkspaceRole.Reviewer, "Bob");
    public static readonly Actor Carol = new("carol", WorkspaceRole.Reviewer, "Carol");
    public static readonly Actor Mona = new("mona", WorkspaceRole.Moderator, "Mona");
    public static readonly Actor Ada = new("ada", WorkspaceRole.Admin, "Ada");
    public static readonly Actor Vic = new("vic", WorkspaceRole.Viewer, "Vic");

    public const string WorkspaceId = "ws-1";

    public const string Text =
        "The unemployment rate fell to 3.5 percent in 2019, the lowest in fifty years.\n" +
        "Critics said the rate fell because people stopped looking for work.\n" +
        "\n" +
        "The rate rose again in 2020 during the pandemic.";

    public const string ReportText =
        "Table A-1 shows an unemployment rate of 3.5 percent for September 2019.\n" +
        "The participation rate was 63.2 percent.";

    public static CreateDocument Create(string documentId, int quorum = 2, string text = Text, string title = "Jobs report") =>
        new(Alice, documentId, WorkspaceId, title, text, "https://example.org/jobs", quorum);

    public static Highlight Claim(string id = "c1", Actor? by = null, string exact = "fell to 3.5 percent") =>
        new(by ?? Alice, id, AnnotationKind.Claim, TargetSpec.ForQuote(exact), "Check against BLS data.");

    /// <summary>A comment on a one-character range of the first line: any number of them fit in <see cref="Text"/>.</summary>
    public static Highlight Note(int n, Actor? by = null)
    {
        var start = n % 60;
        return new(by ?? Alice, $"n{n}", AnnotationKind.Comment, TargetSpec.ForPosition(start, start + 1), $"Note {n}.");
    }

    public static CastVote Vote(Actor by, Verdict verdict, string annotationId = "c1") => new(by, annotationId, verdict, $"{by.UserId} says {verdict}.");

    public static AttachSource UrlSource(string id = "s1", Actor? by = null, string annotationId = "c1") =>
        new(by ?? Bob, annotationId, id, "BLS table A-1", SourceStance.Supports, Url: "https://www.bls.gov/cps/");

    /// <summary>Creates a document with one claim c1 on it.</summary>
    public static async Task<IDocumentGrain> DocumentWithClaimAsync(this GrainHost host, string documentId, int quorum = 2)
    {
        var document = host.Document(documentId);
        await document.CreateAsync(Create(documentId, quorum));
        await document.HighlightAsync(Claim());
        return document;
    }

    /// <summary>A reference to <paramref name="observer"/> made by <paramref name="grains"/>, subscribed to <paramref name="document"/>.</summary>
    public static async Task<IDocumentObserver> SubscribeAsync(this IDocumentGrain document, IGrainFactory grains, IDocumentObserver observer)
    {
        var reference = grains.CreateObjectReference<IDocumentObserver>(observer);
        await document.SubscribeAsync(reference);
        return reference;
    }

    /// <summary>
    /// A change as its fields and stored event forms, for comparing changes that crossed the wire (each side has its
    /// own deserialised copy, so record equality would compare their event lists by reference).
    /// </summary>
    public static string Wire(DocumentChange change) =>
        $"{change.DocumentId}@{change.Version}:[{string.Join(",", change.Events.Select(e => e.EventType + System.Text.Encoding.UTF8.GetString(DomainJson.SerializeEvent(e))))}]";

    public static string[] Wire(IEnumerable<DocumentChange> changes) => [.. changes.Select(Wire)];

    /// <summary>A state as stored (the serialised form), for comparing two states field by field.</summary>
    public static string Json(DocumentState state) => System.Text.Encoding.UTF8.GetString(DomainJson.SerializeState(state));
}
