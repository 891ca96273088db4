using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The workspace read model (<see cref="IWorkspaceActivityGrain"/>): "my work" and the document list, answered without
/// activating a document. Baseline of both: the same answer computed from the read model's record read straight from
/// the store (what the grain keeps in memory, loaded and decoded on every request instead).
/// </summary>
public static class ActivityBenchmarks
{
    private static readonly JsonSerializerOptions StoredJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// queue-open-p50: a reviewer's work (claims waiting for their vote, open threads, mentions) in a workspace with
    /// 10,000 claims over 100 documents, none of them activated: median of warm calls to the read model grain.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunQueueOpenAsync(BenchmarkRun run)
    {
        const int Documents = 100;
        const int ClaimsEach = 100;
        var workspaceId = "bench-queue";
        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("queue-open"));
        var (built, events) = await BuildAsync(host, workspaceId, Documents, ClaimsEach);
        run.Log($"queue-open: built {Documents * ClaimsEach:N0} claims over {Documents} documents ({events:N0} events) in {built.TotalSeconds:0.0} s");

        var activity = host.Grains.GetGrain<IWorkspaceActivityGrain>(workspaceId);
        var viewer = new ActivityViewer("bench-other-reviewer", WorkspaceRole.Reviewer, "benchotherreviewer");
        var cold = Stopwatch.StartNew();
        var first = await activity.GetWorkAsync(viewer);
        var coldMs = cold.Elapsed.TotalMilliseconds;
        if (first.Count(i => i.Kind == WorkKind.VoteNeeded) < Documents * ClaimsEach / 2)
        {
            throw new InvalidOperationException($"the reviewer's queue has {first.Count} items; expected most of the {Documents * ClaimsEach} claims");
        }

        var (warm, baseline) = await MeasureAsync(
            run,
            () => activity.GetWorkAsync(viewer),
            async () => WorkspaceActivityProjection.Work(await ReadStoredAsync(host, workspaceId), viewer, ImmutableHashSet<string>.Empty));
        await RequireNoDocumentActiveAsync(host);
        var value = Stats.Percentile(warm, 50);
        return
        [
            new Figure("queue-open-p50", value, "ms", Stats.Percentile(baseline, 50),
                $"{Goal.AtMost(value, 100)}; median of {warm.Count} calls for a reviewer ({first.Count:N0} items) over {Documents * ClaimsEach:N0} claims in {Documents} documents, "
                + $"no document activated (checked); p99 {Stats.Percentile(warm, 99):0.0} ms; first call, activating the read model from its stored record: {coldMs:0} ms; "
                + "baseline: the same work computed from the read model's record read and decoded straight from the store"),
        ];
    }

    /// <summary>
    /// workspace-list-1000: the document list (with claim counts) of a workspace of 1,000 documents as the workspace page
    /// asks for it (<see cref="WorkspaceService.ListDocumentsAsync"/>: the workspace record and the read model), none of
    /// them activated. Baseline: the same list from the workspace's and the read model's records read straight from the store.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunWorkspaceListAsync(BenchmarkRun run)
    {
        const int Documents = 1000;
        const int ClaimsEach = 5;
        var workspaceId = "bench-list";
        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("workspace-list"));
        var (built, events) = await BuildAsync(host, workspaceId, Documents, ClaimsEach);
        run.Log($"workspace-list: built {Documents:N0} documents ({events:N0} events) in {built.TotalSeconds:0.0} s");

        var workspaces = new WorkspaceService(host.Grains, host.Host.Services.GetRequiredService<IServiceScopeFactory>());
        var viewer = new Actor("bench-other-reviewer", WorkspaceRole.Reviewer);
        var listed = await workspaces.ListDocumentsAsync(workspaceId, viewer);
        if (listed.Count != Documents || listed.Sum(d => d.Claims) != Documents * ClaimsEach)
        {
            throw new InvalidOperationException($"the list has {listed.Count} documents and {listed.Sum(d => d.Claims)} claims");
        }

        var who = new ActivityViewer(viewer.UserId, viewer.Role, string.Empty);
        var (warm, baseline) = await MeasureAsync(
            run,
            () => workspaces.ListDocumentsAsync(workspaceId, viewer),
            async () =>
            {
                var workspace = await host.Store.ReadStateAsync("workspace", $"workspace/{workspaceId}");
                var record = JsonSerializer.Deserialize<WorkspaceState>(workspace!.Data.Span, StoredJson)!;
                var list = WorkspaceActivityProjection.ListDocuments(await ReadStoredAsync(host, workspaceId), who, record.Settings.BlindVoting);
                var byId = list.ToDictionary(l => l.Id, StringComparer.Ordinal);
                return record.Documents.Select(d => byId[d.Id]).ToList();
            });
        await RequireNoDocumentActiveAsync(host);
        var value = Stats.Percentile(warm, 50);
        var ratio = value / Stats.Percentile(baseline, 50);
        return
        [
            new Figure("workspace-list-1000", value, "ms", Stats.Percentile(baseline, 50),
                $"{Goal.AtMost(value, 200)}; {Goal.AtMost(ratio, 3, "ratio")}; median of {warm.Count} lists of {Documents:N0} documents ({Documents * ClaimsEach:N0} claims) "
                + $"through WorkspaceService (workspace grain + read model grain), no document activated (checked); p99 {Stats.Percentile(warm, 99):0.0} ms; "
                + "baseline: the same list from the workspace's and the read model's records read and decoded straight from the store"),
        ];
    }

    /// <summary>
    /// A workspace listing <paramref name="documents"/> documents, each with <paramref name="claimsEach"/> claims (a quarter
    /// of them with two votes, every tenth with a reply), written straight to the store; the read model folded from the
    /// store and written; nothing left active.
    /// </summary>
    private static async Task<(TimeSpan Built, int Events)> BuildAsync(DocumentHost host, string workspaceId, int documents, int claimsEach)
    {
        var started = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var text = Workload.Article(600);
        var second = new Actor("bench-second", WorkspaceRole.Reviewer);
        var third = new Actor("bench-third", WorkspaceRole.Reviewer);
        var listed = ImmutableArray.CreateBuilder<WorkspaceDocument>(documents);
        var total = 0;
        for (var d = 0; d < documents; d++)
        {
            var id = $"{workspaceId}-doc-{d}";
            var state = DocumentState.Empty;
            var events = new List<DocumentEvent>();
            void Do(DocumentCommand command)
            {
                var decision = DocumentDecider.Decide(state, command, now);
                if (decision.IsRejected)
                {
                    throw new InvalidOperationException(decision.Error.ToString());
                }

                events.AddRange(decision.Events);
                state = DocumentDecider.Fold(state, decision.Events);
            }

            Do(new CreateDocument(Workload.Reviewer, id, workspaceId, "Report " + d, text, null));
            var length = state.TextIndex.CodePointLength;
            for (var c = 0; c < claimsEach; c++)
            {
                var claim = Workload.Highlight(c, length) with { Kind = AnnotationKind.Claim, AnnotationId = $"c{c}" };
                Do(claim);
                if (c % 4 == 0)
                {
                    Do(new CastVote(second, claim.AnnotationId, Verdict.False, "No."));
                    Do(new CastVote(third, claim.AnnotationId, c % 8 == 0 ? Verdict.True : Verdict.False, "Maybe."));
                }

                if (c % 10 == 0)
                {
                    Do(new AddReply(second, claim.AnnotationId, "r1", "@benchreviewer what do you think?"));
                }
            }

            await Workload.AppendAsync(host.Store, id, 0, events);
            listed.Add(new WorkspaceDocument(id, state.Title, Workload.Reviewer.UserId, now));
            total += events.Count;
        }

        await host.Grains.GetGrain<IWorkspaceGrain>(workspaceId).RestoreAsync(new WorkspaceState
        {
            Id = workspaceId,
            Name = "Benchmark desk",
            CreatedBy = Workload.Reviewer.UserId,
            CreatedAt = now,
            Documents = listed.MoveToImmutable(),
        });
        var folded = await host.Grains.GetGrain<IWorkspaceActivityGrain>(workspaceId).RebuildAsync();
        if (folded != total)
        {
            throw new InvalidOperationException($"the read model folded {folded} events of {total}");
        }

        await RequireNoDocumentActiveAsync(host);
        return (started.Elapsed, total);
    }

    private static async Task<(List<double> Measured, List<double> Baseline)> MeasureAsync<T1, T2>(BenchmarkRun run, Func<Task<T1>> measured, Func<Task<T2>> baseline)
    {
        var warmUps = run.Pick(20, 5);
        var runs = run.Pick(200, 30);
        var value = new List<double>();
        var raw = new List<double>();
        for (var i = 0; i < warmUps + runs; i++)
        {
            // alternating, so that both see the same machine
            var a = Stopwatch.StartNew();
            await measured();
            var measuredMs = a.Elapsed.TotalMilliseconds;
            var b = Stopwatch.StartNew();
            await baseline();
            var baselineMs = b.Elapsed.TotalMilliseconds;
            if (i >= warmUps)
            {
                value.Add(measuredMs);
                raw.Add(baselineMs);
            }
        }

        return (value, raw);
    }

    private static async Task<WorkspaceActivity> ReadStoredAsync(DocumentHost host, string workspaceId)
    {
        var stored = await host.Store.ReadStateAsync("workspace-activity", $"{WorkspaceActivityGrain.GrainTypeName}/{workspaceId}")
            ?? throw new InvalidOperationException("the read model has not been written");
        return JsonSerializer.Deserialize<WorkspaceActivity>(stored.Data.Span, StoredJson)!;
    }

    private static async Task RequireNoDocumentActiveAsync(DocumentHost host)
    {
        if (await host.ActivationCountAsync() != 0)
        {
            throw new InvalidOperationException("a document grain was activated");
        }
    }
}
