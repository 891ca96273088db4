using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Web.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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

    /// <summary>Writes the document and its annotations straight to the store (before its grain is activated), with a snapshot.</summary>
    public static async Task<string> CreateDocumentAsync(DocumentHost host, string documentId, int annotations, int words)
    {
        var now = DateTimeOffset.UtcNow;
        var creation = Workload.CreationEvents(documentId, Workload.Article(words), now);
        var created = DocumentDecider.Fold(creation);
        var events = Workload.Annotations(created, annotations, now);
        await Workload.AppendAsync(host.Store, documentId, 0, [.. creation, .. events]);
        await host.Store.SaveSnapshotAsync(DocumentStreams.StreamId(documentId), DocumentStreams.ToSnapshot(DocumentDecider.Fold(created, events)));
        var state = await host.Document(documentId).GetSnapshotAsync();
        if (state.Annotations.Length != annotations)
        {
            throw new InvalidOperationException($"{documentId}: {state.Annotations.Length} annotations, expected {annotations}");
        }

        return documentId;
    }
}

/// <summary>A node that sessions open documents on: its grain factory and its one <see cref="DocumentSubscriptions"/>.</summary>
public interface ILiveNode
{
    IDocumentGrain Document(string documentId);

    /// <summary>A new tab's feed, as the web app's DI scope makes one.</summary>
    DocumentFeed NewFeed();
}

/// <summary>
/// The grains in a real Orleans silo over a SQLite store, as the web app wires them: <c>Host.CreateApplicationBuilder</c>
/// + <c>UseOrleans</c> + localhost clustering on free ports, the store registered as the grains' <see cref="IEventStore"/>
/// and <see cref="IGrainStateStore"/>, <see cref="GrainsServiceCollectionExtensions.AddAnnotateHubGrains"/> (system clock,
/// default options) and the node's one <see cref="DocumentSubscriptions"/>, as the web app registers it. Calls come from
/// ordinary code in the silo's process through its <see cref="IGrainFactory"/>, as the web app's services make them.
/// Orleans logs warnings and errors to stderr only.
/// </summary>
public sealed class DocumentHost : ILiveNode, IAsyncDisposable
{
    private DocumentHost(SqliteEventStore store, IHost host)
    {
        Store = store;
        Host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Subscriptions = host.Services.GetRequiredService<DocumentSubscriptions>();
    }

    public SqliteEventStore Store { get; }

    public IHost Host { get; }

    public IGrainFactory Grains { get; }

    /// <summary>The node's subscriptions (one observer per open document, fanned out in process to the sessions).</summary>
    public DocumentSubscriptions Subscriptions { get; }

    public static async Task<DocumentHost> OpenAsync(string databasePath)
    {
        var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = databasePath });
        var builder = SiloBuilder(store);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), null, "bench-" + Guid.NewGuid().ToString("N")[..8], "bench")
            .AddAnnotateHubGrains());
        var host = builder.Build();
        await host.StartAsync();
        return new DocumentHost(store, host);
    }

    /// <summary>
    /// A host builder with what every benchmark silo has, as the web app registers it: the store as the grains'
    /// <see cref="IEventStore"/> and <see cref="IGrainStateStore"/>, the node's one <see cref="DocumentSubscriptions"/>,
    /// quiet logging. The caller adds Orleans (clustering and grains).
    /// </summary>
    public static HostApplicationBuilder SiloBuilder<TStore>(TStore store, IDictionary<string, string?>? settings = null)
        where TStore : class, IEventStore, IGrainStateStore
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        QuietLogging(builder.Logging);
        builder.Services.AddSingleton<IEventStore>(store);
        builder.Services.AddSingleton<IGrainStateStore>(store);
        builder.Services.AddSingleton<DocumentSubscriptions>();
        return builder;
    }

    public IDocumentGrain Document(string documentId) => Grains.GetGrain<IDocumentGrain>(documentId);

    /// <summary>A new tab's feed, as the web app's DI scope makes one.</summary>
    public DocumentFeed NewFeed() => new(Grains, Subscriptions, NullLogger<DocumentFeed>.Instance);

    /// <summary>Disposes a tab's feed as the page does.</summary>
    public static async Task LeaveAsync(IAsyncDisposable feed) => await feed.DisposeAsync();

    /// <summary>Number of document grain activations in this silo.</summary>
    public async Task<int> ActivationCountAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("Document", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveAsync(Subscriptions);
        await Host.StopAsync();
        Host.Dispose();
        await Store.DisposeAsync();
    }

    /// <summary>Orleans's warnings and errors on stderr; stdout holds only the figures.</summary>
    public static void QuietLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error); // "not running with ServerGC": the benchmark's choice
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error); // at each silo's start: "not completed for <time since boot>"
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>A free TCP port on the loopback interface (for the silo and gateway endpoints).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
