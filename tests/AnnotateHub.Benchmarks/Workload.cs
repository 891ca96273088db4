using System.Collections.Immutable;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Runtime;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Benchmarks;

/// <summary>Deterministic documents and annotations of realistic sizes.</summary>
public static class Workload
{
    public const string WorkspaceId = "bench-ws";

    public static readonly Actor Reviewer = new("bench-reviewer", WorkspaceRole.Reviewer, "Bench Reviewer");

    private static readonly string[] Words =
    [
        "the", "rate", "of", "unemployment", "fell", "to", "percent", "in", "last", "year", "according", "official",
        "figures", "published", "by", "bureau", "statistics", "critics", "said", "because", "people", "stopped",
        "looking", "for", "work", "while", "wages", "rose", "faster", "than", "prices", "across", "most", "regions",
        "government", "claimed", "record", "growth", "although", "economists", "warned", "that", "data", "were",
        "revised", "several", "times", "and", "a", "survey", "showed", "households", "felt", "worse", "off",
    ];

    private static readonly string[] Bodies =
    [
        "Check against the BLS series; the seasonally adjusted figure differs.",
        "Source? The report cited here does not contain this number.",
        "This is the headline claim of the piece. Needs two independent sources before we rate it.",
        "Context: the revision in March changed the baseline, so the comparison is not like for like.",
        "Agree with the framing, but the percentage is rounded up.",
    ];

    private static readonly string[] Tags = ["economy", "statistics", "needs-source", "headline", "revision"];

    /// <summary>A news-article-like text of about <paramref name="words"/> words in paragraphs.</summary>
    public static string Article(int words, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder(words * 8);
        var inSentence = 0;
        for (var i = 0; i < words; i++)
        {
            var word = Words[random.Next(Words.Length)];
            if (inSentence == 0)
            {
                text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
            else
            {
                text.Append(word);
            }

            inSentence++;
            if (inSentence > 8 && random.Next(6) == 0)
            {
                text.Append('.');
                inSentence = 0;
                text.Append(random.Next(5) == 0 ? "\n\n" : " ");
            }
            else if (i < words - 1)
            {
                text.Append(' ');
            }
        }

        return text.Append('.').ToString();
    }

    public static CreateDocument Create(string documentId, string text) =>
        new(Reviewer, documentId, WorkspaceId, "Jobs report " + documentId, text, "https://example.org/jobs-report");

    /// <summary>
    /// The n-th highlight on a text of <paramref name="textLength"/> code points: a 10..80 code point passage, one of
    /// a few bodies, zero to two tags. Its AnnotationCreated event is about 600 bytes of JSON.
    /// </summary>
    public static Highlight Highlight(int n, int textLength)
    {
        var random = new Random(n * 7919 + 17);
        var length = 10 + random.Next(70);
        var start = random.Next(Math.Max(1, textLength - length));
        var kind = (AnnotationKind)(n % 3);
        var tags = ImmutableArray.CreateRange(Tags.Skip(n % Tags.Length).Take(n % 3));
        return new(Reviewer, $"a{n}", kind, TargetSpec.ForPosition(start, Math.Min(textLength, start + length)), Bodies[n % Bodies.Length], tags);
    }

    /// <summary>The events that create a document, as the grain would decide them.</summary>
    public static IReadOnlyList<DocumentEvent> CreationEvents(string documentId, string text, DateTimeOffset now)
    {
        var decision = DocumentDecider.Decide(DocumentState.Empty, Create(documentId, text), now);
        return decision.IsRejected ? throw new InvalidOperationException(decision.Error.ToString()) : decision.Events;
    }

    /// <summary>
    /// <paramref name="count"/> AnnotationCreated events following <paramref name="state"/> (which must hold no
    /// annotation with an id a{first}..), decided by the domain. Each is decided against the state with only its
    /// version moved on, so building 10,000 costs 10,000 decisions rather than 10,000 growing copies; the ids are
    /// distinct by construction, so the events are exactly what deciding them one after another would give.
    /// </summary>
    public static List<DocumentEvent> Annotations(DocumentState state, int count, DateTimeOffset now, int first = 0)
    {
        var events = new List<DocumentEvent>(count);
        var textLength = state.TextIndex.CodePointLength;
        for (var i = 0; i < count; i++)
        {
            var at = state with { Version = state.Version + i };
            var decision = DocumentDecider.Decide(at, Highlight(first + i, textLength), now);
            if (decision.IsRejected)
            {
                throw new InvalidOperationException($"highlight {first + i} rejected: {decision.Error}");
            }

            events.AddRange(decision.Events);
        }

        return events;
    }

    /// <summary>
    /// JIT warm-up of the snapshot path (serialise and read back a state a few dozen times), so that the first snapshot
    /// a grain saves in a measured window does not pay for compiling the serialiser.
    /// </summary>
    public static void WarmUpSnapshots(DocumentState state)
    {
        for (var i = 0; i < 40; i++)
        {
            _ = DocumentStreams.FromSnapshot(DocumentStreams.ToSnapshot(state));
        }
    }

    /// <summary>Appends <paramref name="events"/> to a document's stream in chunks, straight to the store.</summary>
    public static async Task AppendAsync(IEventStore store, string documentId, long expectedVersion, IReadOnlyList<DocumentEvent> events, int chunk = 500)
    {
        var stream = DocumentStreams.StreamId(documentId);
        for (var i = 0; i < events.Count; i += chunk)
        {
            var data = events.Skip(i).Take(chunk).Select(DocumentStreams.ToEventData).ToArray();
            expectedVersion = await store.AppendAsync(stream, expectedVersion, data);
        }
    }
}

/// <summary>The grains on the runtime over a SQLite store, as the web app wires them (system clock, default options).</summary>
public sealed class DocumentHost : IAsyncDisposable
{
    private DocumentHost(SqliteEventStore store, GrainRuntime runtime)
    {
        Store = store;
        Runtime = runtime;
    }

    public SqliteEventStore Store { get; }

    public GrainRuntime Runtime { get; }

    public static async Task<DocumentHost> OpenAsync(string databasePath)
    {
        var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = databasePath });
        var runtime = GrainRuntime.Create(services =>
        {
            services.AddSingleton<IEventStore>(store);
            services.AddSingleton<IGrainStateStore>(store);
            services.AddAnnotateHubGrains();
        });
        return new DocumentHost(store, runtime);
    }

    public IDocumentGrain Document(string documentId) => Runtime.GetGrain<IDocumentGrain>(documentId);

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Store.DisposeAsync();
    }
}
