using System.Collections.Immutable;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>Workspace webhooks: the signature receivers check, the retry schedule, and owed deliveries that outlive a restart.</summary>
public sealed class WebhookTests
{
    [Fact]
    public void GivenASecretTimestampAndBody_WhenSigned_ThenTheHeaderIsTheKnownHmacSha256OfTimestampDotBody()
    {
        // Independently computed: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test',
        //   b'1700000000.{\"id\":\"doc-1:7\",\"type\":\"claim.resolved\"}', hashlib.sha256).hexdigest())"
        var body = Encoding.UTF8.GetBytes("{\"id\":\"doc-1:7\",\"type\":\"claim.resolved\"}");

        var header = WebhookSignature.Compute("whsec_test", 1700000000, body);

        Assert.Equal("t=1700000000,v1=a2be7584406762a5971e94cd0e2a3bb681708ad2455cb41315ce61676e9fba48", header);
        Assert.True(WebhookSignature.Verify("whsec_test", header, body));
        Assert.False(WebhookSignature.Verify("whsec_other", header, body));
        Assert.False(WebhookSignature.Verify("whsec_test", header, Encoding.UTF8.GetBytes("{\"id\":\"doc-1:8\",\"type\":\"claim.resolved\"}")));
        Assert.False(WebhookSignature.Verify("whsec_test", header.Replace("t=1700000000", "t=1700000001", StringComparison.Ordinal), body));
    }

    [Fact]
    public void GivenTheDefaultOptions_WhenAttemptsFail_ThenRetriesWaitFourTimesLongerEachUpToSixHoursAndStopAfterTheEighth()
    {
        var options = new WebhookOptions();

        var waits = Enumerable.Range(1, 8).Select(options.RetryDelayAfter).ToArray();

        Assert.Equal(
            new TimeSpan?[]
            {
                TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(32),
                TimeSpan.FromMinutes(128), TimeSpan.FromHours(6), TimeSpan.FromHours(6), null,
            },
            waits);
    }

    [Fact]
    public void GivenConfiguredDelays_WhenAttemptsFail_ThenTheScheduleFollowsThem()
    {
        var options = new WebhookOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(100), BackoffFactor = 2, MaxRetryDelay = TimeSpan.FromMilliseconds(300), MaxAttempts = 4 };

        Assert.Equal(
            new TimeSpan?[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), null },
            Enumerable.Range(1, 4).Select(options.RetryDelayAfter).ToArray());
    }

    [Fact]
    public async Task GivenADeliveryThatFailed_WhenTheClusterRestartsAndItIsDue_ThenItIsAttemptedAgain()
    {
        await using var host = await GrainHost.StartAsync();
        var workspaceId = Fresh.Id("ws");
        var documentId = Fresh.Id("doc");
        await host.Workspace(workspaceId).CreateAsync("Election desk", "ada");
        await host.Workspace(workspaceId).CreateDocumentAsync(Alice, documentId, "Jobs report", Text, null);
        var webhook = new Webhook("wh-1", "https://hooks.example/desk", WebhookEventTypes.All, "whsec_test", true, host.Clock.GetUtcNow(), "ada", "https://app.example");
        await host.Grains.GetGrain<IWorkspaceWebhooksGrain>(workspaceId).AddAsync(webhook);
        await host.Document(documentId).HighlightAsync(Claim());
        await host.Document(documentId).CastVoteAsync(Vote(Alice, Verdict.True));

        await host.Document(documentId).CastVoteAsync(Vote(Carol, Verdict.False));

        // The test host has no transport: every attempt fails, and the retry waits for a clock that only the test moves.
        var first = await AttemptsAsync(host, workspaceId, 1, "the first attempt of the claim.disputed delivery");
        Assert.Equal((WebhookEventTypes.ClaimDisputed, 1, false), (first[0].EventType, first[0].Attempt, first[0].Delivered));
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), first[0].NextAttemptAt);

        await host.RestartAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await host.Grains.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.Key).WakeAllAsync());

        var both = await AttemptsAsync(host, workspaceId, 2, "the owed delivery to be attempted again after the restart");
        Assert.Equal((first[0].DeliveryId, 2), (both[0].DeliveryId, both[0].Attempt));
    }

    [Fact]
    public void GivenCommittedEvents_ThenOnlyDisputesRulingsAndPublicationsBecomeNoticesWithStableIds()
    {
        var at = ManualClock.Start;
        var state = WorkspaceActivity.Empty with
        {
            Documents = ImmutableDictionary<string, DocumentActivity>.Empty.Add("doc-1", new DocumentActivity
            {
                Id = "doc-1",
                Title = "Jobs report",
                Annotations = ImmutableDictionary<string, AnnotationActivity>.Empty.Add("c1", new AnnotationActivity { Id = "c1", Kind = AnnotationKind.Claim, AuthorId = "alice", Quote = "fell to 3.5 percent" }),
            }),
        };
        DocumentEvent[] events =
        [
            new ClaimStatusChanged { ActorId = "carol", At = at, Sequence = 5, AnnotationId = "c1", From = ClaimStatus.Open, To = ClaimStatus.Disputed },
            new ClaimStatusChanged { ActorId = "bob", At = at, Sequence = 6, AnnotationId = "c1", From = ClaimStatus.Disputed, To = ClaimStatus.Consensus },
            new ClaimResolved { ActorId = "mona", At = at, Sequence = 7, AnnotationId = "c1", From = ClaimStatus.Disputed, Verdict = Verdict.MostlyFalse, Rationale = "BLS data." },
            new ClaimPublished { ActorId = "mona", At = at, Sequence = 8, AnnotationId = "c1", Slug = "jobs-3-5", Headline = "Jobless rate did not fall", Summary = "s" },
        ];

        var notices = WebhookNotices.From("ws-1", state, "doc-1", events).ToArray();

        Assert.Equal(
            ["doc-1:5 claim.disputed fell to 3.5 percent", "doc-1:7 claim.resolved fell to 3.5 percent mostly-false", "doc-1:8 claim.published fell to 3.5 percent jobs-3-5"],
            notices.Select(n => $"{n.Id} {n.Type} {n.Quote}{(n.Verdict is null ? "" : " " + n.Verdict)}{(n.PublicSlug is null ? "" : " " + n.PublicSlug)}"));
        Assert.All(notices, n => Assert.Equal(("ws-1", "Jobs report"), (n.WorkspaceId, n.DocumentTitle)));
    }

    private static async Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(GrainHost host, string workspaceId, int count, string awaited)
    {
        var grain = host.Grains.GetGrain<IWorkspaceWebhooksGrain>(workspaceId);
        var deadline = DateTime.UtcNow + Timeouts.Default;
        while (true)
        {
            var attempts = await grain.GetDeliveriesAsync(null);
            if (attempts.Count >= count)
            {
                return attempts;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Timeouts.Default.TotalSeconds:0} s waiting for {awaited} ({attempts.Count} attempts logged).");
            }

            await Task.Delay(20);
        }
    }
}
