using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>Workspaces: their record, settings and document list (persistent state with ETags), and the directory of all of them.</summary>
/// <remarks>On the shared cluster the directory lists every test's workspaces: a test checks the entries of its own.</remarks>
[Collection(SharedClusterCollection.Name)]
public sealed class WorkspaceTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenNoWorkspace_WhenItIsCreated_ThenGetReturnsItAndTheDirectoryListsIt()
    {
        var host = cluster.Host;
        var workspaceId = Fresh.Id("ws");
        var workspace = host.Workspace(workspaceId);
        Assert.False((await workspace.GetAsync()).Exists);

        var created = await workspace.CreateAsync("  Election desk  ", "ada");

        var got = await workspace.GetAsync();
        Assert.True(got.Exists);
        Assert.Equal((workspaceId, "Election desk", "ada", ManualClock.Start), (got.Id, got.Name, got.CreatedBy, got.CreatedAt));
        Assert.Equal(2, got.Settings.Quorum);
        Assert.Empty(got.Documents);
        Assert.Equal(created, got);
        Assert.Equal([new WorkspaceEntry(workspaceId, "Election desk", ManualClock.Start)], (await host.Directory.ListAsync()).Where(w => w.Id == workspaceId));
    }

    [Fact]
    public async Task GivenWorkspace_WhenItIsCreatedAgain_ThenConflictAndTheFirstIsKept()
    {
        var host = cluster.Host;
        var workspaceId = Fresh.Id("ws");
        var workspace = host.Workspace(workspaceId);
        await workspace.CreateAsync("Election desk", "ada");

        var rejected = await Assert.ThrowsAsync<DomainException>(() => workspace.CreateAsync("Other desk", "bob"));

        Assert.Equal(DomainErrorKind.Conflict, rejected.Error.Kind);
        Assert.Equal("Election desk", (await workspace.GetAsync()).Name);
        var listed = Assert.Single(await host.Directory.ListAsync(), w => w.Id == workspaceId);
        Assert.Equal("Election desk", listed.Name);
    }

    [Fact]
    public async Task GivenQuorum3SetByAnAdmin_WhenADocumentIsCreatedInTheWorkspace_ThenItIsListedAndNeedsThreeVotes()
    {
        var host = cluster.Host;
        var workspaceId = Fresh.Id("ws");
        var doc1 = Fresh.Id("doc");
        var workspace = host.Workspace(workspaceId);
        await workspace.CreateAsync("Election desk", "ada");
        var updated = await workspace.UpdateSettingsAsync(Ada, new WorkspaceSettings { Quorum = 3, PublisherName = "Desk" });
        Assert.Equal(3, updated.Settings.Quorum);

        var change = await workspace.CreateDocumentAsync(Alice, doc1, "Jobs report", Text, null);

        Assert.Equal(3, Assert.IsType<DocumentCreated>(Assert.Single(change.Events)).Quorum);
        var listed = Assert.Single((await workspace.GetAsync()).Documents);
        Assert.Equal(new WorkspaceDocument(doc1, "Jobs report", "alice", ManualClock.Start), listed);
        var document = host.Document(doc1);
        var state = await document.GetSnapshotAsync();
        Assert.Equal((3, workspaceId), (state.Quorum, state.WorkspaceId));

        await document.HighlightAsync(Claim());
        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        var second = await document.CastVoteAsync(Vote(Bob, Verdict.False));
        var third = await document.CastVoteAsync(Vote(Carol, Verdict.False));
        Assert.IsType<VoteCast>(Assert.Single(second.Events));
        Assert.Equal(ClaimStatus.Consensus, Assert.IsType<ClaimStatusChanged>(third.Events[^1]).To);
    }

    [Fact]
    public async Task GivenNoWorkspace_WhenADocumentIsCreatedInIt_ThenNotFoundAndNoDocumentExists()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var nowhere = Fresh.Id("ws");

        var rejected = await Assert.ThrowsAsync<DomainException>(() => host.Workspace(nowhere).CreateDocumentAsync(Alice, doc1, "Jobs report", Text, null));

        Assert.Equal(DomainErrorKind.NotFound, rejected.Error.Kind);
        Assert.Equal(0, await host.StreamVersionAsync(doc1));
    }
}

/// <summary>Workspaces across restarts, and the whole directory: each test has its own host.</summary>
public sealed class WorkspaceRestartTests
{
    [Fact]
    public async Task GivenWorkspaces_WhenTheDirectoryIsListed_ThenItHasEachOnceInCreationOrder()
    {
        await using var host = await GrainHost.StartAsync();
        await host.Workspace("ws-a").CreateAsync("Desk A", "ada");
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.Workspace("ws-b").CreateAsync("Desk B", "ada");

        var listed = await host.Directory.ListAsync();

        Assert.Equal(["ws-a", "ws-b"], listed.Select(w => w.Id));
        Assert.Equal(ManualClock.Start.AddMinutes(1), listed[1].CreatedAt);
    }

    [Fact]
    public async Task GivenWorkspace_WhenAReviewerUpdatesSettings_ThenForbiddenAndTheSettingsAreUnchanged()
    {
        await using var host = await GrainHost.StartAsync();
        var workspace = host.Workspace(WorkspaceId);
        await workspace.CreateAsync("Election desk", "ada");

        var rejected = await Assert.ThrowsAsync<DomainException>(() => workspace.UpdateSettingsAsync(Alice, new WorkspaceSettings { Quorum = 3 }));

        Assert.Equal((DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden), (rejected.Error.Kind, rejected.Error.Code));
        Assert.Equal(2, (await workspace.GetAsync()).Settings.Quorum);
        await host.RestartAsync();
        Assert.Equal(2, (await host.Workspace(WorkspaceId).GetAsync()).Settings.Quorum);
    }

    [Fact]
    public async Task GivenWorkspaceWithSettingsAndADocument_WhenRuntimeAndStoreRestart_ThenAllOfItSurvives()
    {
        await using var host = await GrainHost.StartAsync();
        var workspace = host.Workspace(WorkspaceId);
        await workspace.CreateAsync("Election desk", "ada");
        await workspace.UpdateSettingsAsync(Ada, new WorkspaceSettings { Quorum = 3, BlindVoting = true, PublisherName = "Desk", PublisherUrl = "https://desk.example.org" });
        await workspace.CreateDocumentAsync(Alice, "doc-1", "Jobs report", Text, "https://example.org/jobs");
        var before = await workspace.GetAsync();

        await host.RestartAsync();

        var after = await host.Workspace(WorkspaceId).GetAsync();
        Assert.Equal((before.Id, before.Name, before.CreatedBy, before.CreatedAt, before.Settings), (after.Id, after.Name, after.CreatedBy, after.CreatedAt, after.Settings));
        Assert.Equal(before.Documents.ToArray(), after.Documents.ToArray());
        Assert.Equal([WorkspaceId], (await host.Directory.ListAsync()).Select(w => w.Id));
        Assert.Equal(3, (await host.Document("doc-1").GetSnapshotAsync()).Quorum);

        // The reloaded record carries its ETag: it can still be written.
        await host.Workspace(WorkspaceId).CreateDocumentAsync(Bob, "doc-2", "Follow-up", Text, null);
        Assert.Equal(["doc-1", "doc-2"], (await host.Workspace(WorkspaceId).GetAsync()).Documents.Select(d => d.Id));
    }
}
