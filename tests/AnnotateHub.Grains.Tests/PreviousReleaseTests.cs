using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>
/// A database written by the previous release (before Orleans; Fixtures/release-2026-11-22.db, the demo seeded) is read
/// by the Orleans grains as it is: the workspace record and directory (grain_state keys <c>workspace/demo</c> and
/// <c>workspacedirectory/all</c>) and the documents' event streams (<c>document/&lt;id&gt;</c>), and it can be written.
/// </summary>
public sealed class PreviousReleaseTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "release-2026-11-22.db");

    [Fact]
    public async Task GivenTheDatabaseOfThePreviousRelease_WhenTwoSilosOpenIt_ThenTheDemoWorkspaceItsDocumentsAndAnnotationsAreThereAndWritable()
    {
        await using var host = await GrainHost.StartAsync(silos: 2, databasePath: Fixture);

        var demo = await host.Workspace("demo").GetAsync();
        Assert.True(demo.Exists);
        Assert.Equal(("demo", "Demo newsroom", "ines", 2), (demo.Id, demo.Name, demo.CreatedBy, demo.Settings.Quorum));
        Assert.True(demo.Settings.RequireRationale, "A workspace stored before the setting existed must require a rationale (the default).");
        Assert.Equal(
            [("riverton-budget-statement", "Riverton budget statement (2027)"), ("alder-river-interview", "Radio interview: the Alder River")],
            demo.Documents.Select(d => (d.Id, d.Title)));
        var listed = Assert.Single(await host.Directory.ListAsync());
        Assert.Equal(new WorkspaceEntry("demo", "Demo newsroom", demo.CreatedAt), listed);

        // Riverton has a snapshot at version 20 (its last event); Alder River has none and replays from event 1.
        (string Id, long Version, int Annotations)[] documents = [("riverton-budget-statement", 20, 5), ("alder-river-interview", 10, 3)];
        foreach (var (id, version, annotations) in documents)
        {
            var state = await host.Document(id).GetSnapshotAsync();
            Assert.True(state.Exists, $"{id} does not load.");
            Assert.Equal((id, "demo", version), (state.Id, state.WorkspaceId, state.Version));
            Assert.Equal(annotations, state.Annotations.Length);
            Assert.Equal(Json(await host.ReplayAsync(id)), Json(state));
            Assert.Contains(state.Annotations, a => a.Votes.Length > 0);
        }

        var riverton = await host.Document("riverton-budget-statement").GetSnapshotAsync();
        Assert.Contains(riverton.Annotations, a => a.Status == ClaimStatus.Resolved);
        Assert.Contains(riverton.Annotations, a => a.Sources.Length > 0);
        Assert.Contains(riverton.Annotations, a => a.Replies.Length > 0);

        // Writes: the workspace record with the ETag the previous release stored, and the next event of a document.
        var updated = await host.Workspace("demo").UpdateSettingsAsync(Ada, demo.Settings with { Quorum = 3, PublisherName = "Demo newsroom" });
        Assert.Equal(3, updated.Settings.Quorum);
        var alderClaim = (await host.Document("alder-river-interview").GetSnapshotAsync()).Annotations[0].Id;
        var reply = await host.Document("alder-river-interview").ReplyAsync(new AddReply(Bob, alderClaim, "r-new", "Still readable."));
        Assert.Equal(11, reply.Version);

        await host.RestartAsync();
        var reread = await host.Workspace("demo").GetAsync();
        Assert.Equal((3, "Demo newsroom"), (reread.Settings.Quorum, reread.Settings.PublisherName));
        Assert.Equal(demo.Documents.ToArray(), reread.Documents.ToArray());
        Assert.Equal(11, (await host.Document("alder-river-interview").GetSnapshotAsync()).Version);
        Assert.Equal(3, (await host.Workspace("demo").UpdateSettingsAsync(Ada, reread.Settings with { BlindVoting = true })).Settings.Quorum);
    }
}
