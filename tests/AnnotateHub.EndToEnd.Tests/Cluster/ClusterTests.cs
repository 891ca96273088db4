using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests.Cluster;

/// <summary>Two nodes started together on one PostgreSQL database, shared by the tests of <see cref="ClusterTests"/>.</summary>
public sealed class TwoNodeClusterFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync() => _cluster = await PostgresCluster.StartAsync(2);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>
/// Many nodes, one cluster (issue 11): two real nodes on one PostgreSQL database. Orleans places each document on one
/// node, so writes through either node are serialised by one grain; a sign-in made on one node holds on the other; and a
/// page on one node sees live what the other's API did.
/// </summary>
public sealed class ClusterTests(TwoNodeClusterFixture fixture) : IClassFixture<TwoNodeClusterFixture>
{
    private const string Maya = "maya@demo.annotatehub.test";
    private const string Budget = "riverton-budget-statement";

    private PostgresCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task GivenTwoNodesStartedTogether_WhenTheyJoin_ThenBothAreActiveMembersAndTheDemoWasSeededOnce()
    {
        Assert.Equal(2, await Cluster.ActiveSilosAsync());
        var seeded = Enumerable.Range(0, Cluster.Size).Count(i => Cluster.Node(i).Output.Contains(Maya, StringComparison.Ordinal));
        Assert.Equal(1, seeded);
        foreach (var i in Enumerable.Range(0, Cluster.Size))
        {
            Assert.Contains("Cluster: postgres", Cluster.Node(i).Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GivenWritersOnBothNodes_WhenTheyWriteToOneDocumentAtOnce_ThenVersionsAreContiguousAndEveryAcknowledgedWriteIsStoredOnce()
    {
        var token = await Cluster.IssueTokenAsync(Maya);
        using var nodeA = Cluster.Api(0, token);
        using var nodeB = Cluster.Api(1, token);
        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 60), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, ct) =>
        {
            var http = i % 2 == 0 ? nodeA : nodeB;
            using var response = await http.PostAsync($"api/v1/documents/{Budget}/annotations", Comment($"writer {i}"), ct);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                acknowledged.Add(response.Headers.Location!.OriginalString.Split('/')[^1]);
            }
            else
            {
                failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        });

        Assert.Empty(failures);
        Assert.Equal(60, acknowledged.Count);
        var (versions, created) = await Cluster.ReadStreamAsync(Budget);
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions); // 1, 2, 3… with no gap
        foreach (var id in acknowledged)
        {
            Assert.Single(created, c => c == id); // present, and once
        }

        // both nodes answer with the same document
        var a = await nodeA.GetStringAsync($"api/v1/documents/{Budget}");
        var b = await nodeB.GetStringAsync($"api/v1/documents/{Budget}");
        Assert.All(acknowledged, id => Assert.Contains(id, b, StringComparison.Ordinal));
        Assert.All(acknowledged, id => Assert.Contains(id, a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenAReviewerSignedInOnNodeA_WhenTheyOpenTheDocumentOnNodeB_ThenTheirSignInHoldsAndAClaimMadeThroughNodeAsApiAppearsLive()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var problems = new List<string>();
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
            var page = Browser.RecordProblems(await context.NewPageAsync(), problems.Add);

            // sign in on node A
            await page.GotoAsync(new Uri(Cluster.Node(0).BaseAddress, "signin").ToString());
            await page.GetByLabel("Email").FillAsync(Maya);
            await page.GetByLabel("Password").FillAsync(Cluster.DemoPassword(Maya));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));

            // The sign-in cookie goes to node B as well (cookies are per host, not per port); B has never seen this session,
            // and each node has its own home folder, so only the key ring in PostgreSQL lets B read the cookie.
            var nodeB = Cluster.Node(1).BaseAddress;
            await page.GotoAsync(new Uri(nodeB, $"documents/{Budget}").ToString());
            await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
            Assert.StartsWith(nodeB.ToString(), page.Url, StringComparison.Ordinal);

            // a claim made through node A's API appears on node B's page without a reload
            var token = await Cluster.IssueTokenAsync(Maya);
            using var nodeA = Cluster.Api(0, token);
            const string Quote = "every school in the district will have a full-time nurse";
            using var created = await nodeA.PostAsync(
                $"api/v1/documents/{Budget}/annotations",
                new StringContent($$"""{"kind":"claim","target":{"exact":"{{Quote}}"},"body":"Made on node A."}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var card = page.Locator(".card", new() { Has = page.Locator("blockquote", new() { HasText = Quote }) });
            await Assertions.Expect(card).ToContainTextAsync("Made on node A.");
            await Assertions.Expect(page.Locator("mark.hl", new() { HasText = Quote })).ToBeVisibleAsync();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    internal static StringContent Comment(string body) => new(
        $$"""{"kind":"comment","target":{"exact":"Opposition members disputed the figures"},"body":"{{body}}"}""", Encoding.UTF8, "application/json");
}
