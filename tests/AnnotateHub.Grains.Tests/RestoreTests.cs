using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using AnnotateHub.Storage;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>Restoring a backup through the grains: a document's events and a workspace's record, never over existing ones.</summary>
public sealed class RestoreTests
{
    /// <summary>A reviewed document on one host, and its stored events (what a backup holds).</summary>
    private static async Task<(DocumentState State, IReadOnlyList<EventData> Events)> ReviewedDocumentAsync(GrainHost source, string documentId)
    {
        var document = await source.DocumentWithClaimAsync(documentId);
        await document.CastVoteAsync(Vote(Bob, Verdict.False));
        await document.CastVoteAsync(Vote(Carol, Verdict.True));
        await document.ResolveAsync(new ResolveClaim(Mona, "c1", Verdict.MostlyFalse, "Revised series."));
        var stored = await source.Store.ReadAsync(DocumentStreams.StreamId(documentId));
        return (await document.GetSnapshotAsync(), [.. stored.Select(e => new EventData(e.Type, e.Data))]);
    }

    [Fact]
    public async Task GivenAnActivationOfAMissingDocument_WhenItIsRestored_ThenItServesTheRestoredStateAndTakesNewCommands()
    {
        await using var source = await GrainHost.StartAsync();
        var (original, events) = await ReviewedDocumentAsync(source, "doc-1");
        await using var target = await GrainHost.StartAsync();
        var document = target.Document("doc-1");
        Assert.False((await document.GetSnapshotAsync()).Exists); // active, empty

        var version = await document.RestoreAsync(events);

        Assert.Equal(original.Version, version);
        Assert.Equal(Json(original), Json(await document.GetSnapshotAsync()));
        var stored = await target.Store.ReadAsync(DocumentStreams.StreamId("doc-1"));
        Assert.Equal(events.Select(e => e.Data.ToArray()), stored.Select(e => e.Data.ToArray()));
        var reply = await document.ReplyAsync(new AddReply(Alice, "c1", "r1", "Thanks."));
        Assert.Equal(original.Version + 1, reply.Version);

        await target.RestartAsync();
        Assert.Equal(original.Version + 1, (await target.Document("doc-1").GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task GivenAnExistingDocument_WhenARestoreArrives_ThenConflictAndNothingIsWritten()
    {
        await using var source = await GrainHost.StartAsync();
        var (_, events) = await ReviewedDocumentAsync(source, "doc-1");
        await using var target = await GrainHost.StartAsync();
        await target.Document("doc-1").CreateAsync(Create("doc-1", text: ReportText));

        var rejected = await Assert.ThrowsAsync<DomainException>(() => target.Document("doc-1").RestoreAsync(events));

        Assert.Equal(DomainErrorKind.Conflict, rejected.Error.Kind);
        Assert.Equal(DocumentGrain.DocumentExistsCode, rejected.Error.Code);
        Assert.Equal(1, await target.StreamVersionAsync("doc-1"));
        Assert.Equal(ReportText, (await target.Document("doc-1").GetSnapshotAsync()).Text);
    }

    [Fact]
    public async Task GivenEventsOfAnotherDocument_WhenRestored_ThenInvalidAndNothingIsWritten()
    {
        await using var source = await GrainHost.StartAsync();
        var (_, events) = await ReviewedDocumentAsync(source, "doc-1");
        await using var target = await GrainHost.StartAsync();

        var rejected = await Assert.ThrowsAsync<DomainException>(() => target.Document("doc-2").RestoreAsync(events));
        var gap = await Assert.ThrowsAsync<DomainException>(() => target.Document("doc-1").RestoreAsync([events[0], events[2]]));

        Assert.Equal(DomainErrorKind.Invalid, rejected.Error.Kind);
        Assert.Equal(DomainErrorKind.Invalid, gap.Error.Kind);
        Assert.Equal(0, await target.StreamVersionAsync("doc-2"));
        Assert.Equal(0, await target.StreamVersionAsync("doc-1"));
    }

    [Fact]
    public async Task GivenAnActivationOfAMissingWorkspace_WhenItsRecordIsRestored_ThenItIsServedAsGivenAndListed_AndASecondRestoreConflicts()
    {
        await using var host = await GrainHost.StartAsync();
        var workspace = host.Workspace(WorkspaceId);
        Assert.False((await workspace.GetAsync()).Exists); // active, empty
        var record = new WorkspaceState
        {
            Id = WorkspaceId,
            Name = "Restored desk",
            CreatedBy = "someone-elsewhere",
            CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)),
            Settings = new WorkspaceSettings { Quorum = 3, BlindVoting = true },
            Documents = [new WorkspaceDocument("doc-1", "Jobs report", "alice", ManualClock.Start)],
        };

        await workspace.RestoreAsync(record);

        AssertSame(record, await workspace.GetAsync());
        Assert.Equal([new WorkspaceEntry(WorkspaceId, "Restored desk", record.CreatedAt)], await host.Directory.ListAsync());
        var again = await Assert.ThrowsAsync<DomainException>(() => workspace.RestoreAsync(record with { Name = "Other" }));
        Assert.Equal(DomainErrorKind.Conflict, again.Error.Kind);
        await host.RestartAsync();
        AssertSame(record, await host.Workspace(WorkspaceId).GetAsync());
    }

    private static void AssertSame(WorkspaceState expected, WorkspaceState actual)
    {
        Assert.Equal(expected.Documents.ToArray(), actual.Documents.ToArray());
        Assert.Equal(expected, actual with { Documents = expected.Documents });
        Assert.Equal(expected.CreatedAt.Offset, actual.CreatedAt.Offset);
    }
}
