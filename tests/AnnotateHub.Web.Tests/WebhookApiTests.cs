using System.Net;
using System.Text.Json.Nodes;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Reports;
using AnnotateHub.Web.Hosting;
using AnnotateHub.Web.Services;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// Workspace webhooks over the API, delivered to a real receiver on 127.0.0.1 (the test host allows private addresses
/// and retries after 0.2 s): admins register them, claim events arrive signed, failed attempts are retried and logged.
/// </summary>
public sealed class WebhookApiTests : IClassFixture<ReportsApiFactory>, IAsyncLifetime
{
    private const string Text = "The mayor said crime fell 20% last year. Critics said taxes rose.";

    private readonly ReportsApiFactory _factory;
    private WebhookReceiver _receiver = null!;
    private string _workspaceId = null!;
    private Member _admin = null!;
    private Member _moderator = null!;
    private Member _reviewer = null!;
    private Member _second = null!;

    public WebhookApiTests(ReportsApiFactory factory) => _factory = factory;

    private string HooksUrl => $"/api/v1/workspaces/{_workspaceId}/webhooks";

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _workspaceId = await _factory.CreateWorkspaceAsync("Hooks desk");
        _admin = await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Admin, "Ada Admin");
        _moderator = await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Moderator, "Mo Moderator");
        _reviewer = await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer");
        _second = await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Reviewer, "Rob Reviewer");
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task GivenAWebhook_WhenAClaimIsDisputedResolvedAndPublished_ThenTheReceiverGetsThreeSignedEvents()
    {
        var created = await _admin.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, HooksUrl, new { url = _receiver.Url("/ok/all") });
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(WebhookEventTypes.All, created["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        var listed = (await _admin.Api.GetJsonAsync(HooksUrl))["items"]!.AsArray().Single()!;
        Assert.Null(listed["secret"]); // shown once, on creation

        var (documentId, claim) = await DocumentWithClaimAsync("crime fell 20% last year", "c-crime");
        await _reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claim}/votes/me", new { verdict = "false", rationale = "Police data says +4%." });
        await _second.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claim}/votes/me", new { verdict = "true", rationale = "The mayor's office says so." });
        await _moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claim}/resolution", new { verdict = "mostly-false", rationale = "Crime rose 4% per the police report." });
        await _moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claim}/publication", new { headline = "Crime did not fall 20%", summary = "Police figures show a 4% rise." });

        var received = await _receiver.WaitForAsync("/ok/all", 3, "the disputed, resolved and published events");

        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.True(WebhookSignature.Verify(secret, r.Signature!, r.Body), $"bad signature {r.Signature} on {r.Json.ToJsonString()}"));
        var byType = received.ToDictionary(r => r.Event!, r => r.Json);
        Assert.Equal(WebhookEventTypes.All.Order(), byType.Keys.Order());
        foreach (var (type, json) in byType)
        {
            Assert.Equal(type, json["type"]!.GetValue<string>());
            Assert.Equal(_workspaceId, json["workspaceId"]!.GetValue<string>());
            Assert.Equal((documentId, "Crime claims"), (json["document"]!["id"]!.GetValue<string>(), json["document"]!["title"]!.GetValue<string>()));
            Assert.Equal(("c-crime", "crime fell 20% last year"), (json["claim"]!["annotationId"]!.GetValue<string>(), json["claim"]!["quote"]!.GetValue<string>()));
            Assert.EndsWith($"/documents/{documentId}?annotation=c-crime", json["claim"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith($"{documentId}:", json["id"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(3, byType.Values.Select(j => j["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(("mostly-false", "Crime rose 4% per the police report."),
            (byType[WebhookEventTypes.ClaimResolved]["ruling"]!["verdict"]!.GetValue<string>(), byType[WebhookEventTypes.ClaimResolved]["ruling"]!["rationale"]!.GetValue<string>()));
        var publication = byType[WebhookEventTypes.ClaimPublished]["publication"]!;
        Assert.Equal("Crime did not fall 20%", publication["headline"]!.GetValue<string>());
        Assert.Matches("/c/[a-z0-9-]+$", publication["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenAReceiverThatFirstFails_WhenAClaimIsDisputed_ThenTheEventIsRetriedAndTheLogShowsBothAttempts()
    {
        var created = await _admin.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, HooksUrl, new { url = _receiver.Url("/flaky/disputes"), events = new[] { "claim.disputed" } });
        var hookId = created["id"]!.GetValue<string>();
        var (_, claim) = await DocumentWithClaimAsync("taxes rose", "c-taxes");

        await _reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claim}/votes/me", new { verdict = "true", rationale = "The budget says so." });
        await _second.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claim}/votes/me", new { verdict = "false", rationale = "Rates fell." });

        var received = await _receiver.WaitForAsync("/flaky/disputes", 2, "the failed delivery and its retry");
        Assert.Equal(["1", "2"], received.Select(r => r.Attempt));
        Assert.Equal(received[0].Body, received[1].Body); // the same event, byte for byte
        Assert.True(WebhookSignature.Verify(created["secret"]!.GetValue<string>(), received[1].Signature!, received[1].Body));

        var log = await DeliveriesAsync(hookId, 2);
        Assert.Equal(
            ["claim.disputed 1 500 false retry", "claim.disputed 2 200 true done"],
            log.Reverse().Select(a => $"{a!["eventType"]} {a["attempt"]} {a["status"]} {a["delivered"]} {(a["nextAttemptAt"] is null ? "done" : "retry")}"));
    }

    [Fact]
    public async Task GivenAModerator_WhenTheyListOrRegisterWebhooks_ThenTheyAreForbiddenAndNothingIsRegistered()
    {
        using var list = await _moderator.Api.GetAsync(HooksUrl);
        await ApiAssert.ProblemAsync(list, HttpStatusCode.Forbidden, ErrorCodes.RoleForbidden);
        using var create = await _moderator.Api.SendAsync(HttpMethod.Post, HooksUrl, new { url = _receiver.Url("/ok/moderator") });
        await ApiAssert.ProblemAsync(create, HttpStatusCode.Forbidden, ErrorCodes.RoleForbidden);

        Assert.DoesNotContain((await _admin.Api.GetJsonAsync(HooksUrl))["items"]!.AsArray(), h => h!["url"]!.GetValue<string>().Contains("moderator", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"url\":\"ftp://files.example/hook\"}", 422, "webhook-url-invalid")]
    [InlineData("{\"url\":\"https://user:pw@hooks.example/x\"}", 422, "webhook-url-invalid")]
    [InlineData("{\"url\":\"\"}", 422, "webhook-url-invalid")]
    [InlineData("{\"url\":\"https://hooks.example/x\",\"events\":[\"claim.deleted\"]}", 422, "webhook-events-invalid")]
    [InlineData("{\"url\":\"https://hooks.example/x\",\"events\":[]}", 422, "webhook-events-invalid")]
    [InlineData("{\"url\":", 400, null)]
    public async Task GivenBadInput_WhenAnAdminRegistersAWebhook_ThenItIsAProblemAndNothingIsRegistered(string body, int status, string? code)
    {
        var before = (await _admin.Api.GetJsonAsync(HooksUrl))["items"]!.AsArray().Count;

        using var response = await _admin.Api.SendRawAsync(HttpMethod.Post, HooksUrl, body);

        await ApiAssert.ProblemAsync(response, (HttpStatusCode)status, code);
        Assert.Equal(before, (await _admin.Api.GetJsonAsync(HooksUrl))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task GivenAWebhook_WhenDisabledAndRemoved_ThenTheListSaysSoAndAnUnknownIdIsA404()
    {
        var hook = await _admin.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, HooksUrl, new { url = _receiver.Url("/ok/removed") });
        var url = $"{HooksUrl}/{hook["id"]}";

        var disabled = await _admin.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, url, new { enabled = false });
        Assert.False(disabled["enabled"]!.GetValue<bool>());
        using (var deleted = await _admin.Api.SendAsync(HttpMethod.Delete, url))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.DoesNotContain((await _admin.Api.GetJsonAsync(HooksUrl))["items"]!.AsArray(), h => h!["id"]!.GetValue<string>() == hook["id"]!.GetValue<string>());
        using var again = await _admin.Api.SendAsync(HttpMethod.Delete, url);
        await ApiAssert.ProblemAsync(again, HttpStatusCode.NotFound, WebhookService.Codes.NotFound);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::1", "loopback")]
    public async Task GivenTheDefaultPolicy_WhenATargetIsNotPublic_ThenItIsRefusedWithAMessageThatNamesTheSetting(string host, string reason)
    {
        var addresses = Addresses(webhooks: null, import: false);

        var refused = await Assert.ThrowsAsync<DomainException>(() => addresses.CheckAsync(host, CancellationToken.None));

        Assert.Equal(WebhookAddresses.AddressNotAllowed, refused.Error.Code);
        Assert.Contains(reason, refused.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Webhooks:AllowPrivateAddresses", refused.Error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(await Addresses(webhooks: true, import: false).CheckAsync(host, CancellationToken.None));
        await Assert.ThrowsAsync<DomainException>(() => Addresses(webhooks: false, import: true).CheckAsync(host, CancellationToken.None));
    }

    [Fact]
    public async Task GivenTheDefaultPolicy_WhenADeliveryWouldConnectToLoopback_ThenTheAttemptFailsAndNothingIsSent()
    {
        using var transport = new HttpWebhookTransport(Addresses(webhooks: false, import: false));

        var response = await transport.PostAsync(new Uri(_receiver.Url("/ok/refused")), "{}"u8.ToArray(), new Dictionary<string, string>(), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal((null, false), (response.Status, response.Delivered));
        Assert.Contains("loopback", response.Error, StringComparison.Ordinal);
        using var allowed = new HttpWebhookTransport(Addresses(webhooks: true, import: false));
        Assert.Equal(200, (await allowed.PostAsync(new Uri(_receiver.Url("/ok/allowed")), "{}"u8.ToArray(), new Dictionary<string, string>(), TimeSpan.FromSeconds(5), CancellationToken.None)).Status);
        Assert.Empty(await _receiver.ReceivedAsync("/ok/refused"));
    }

    private static WebhookAddresses Addresses(bool? webhooks, bool import) =>
        new(Options.Create(new WebhookOptions { AllowPrivateAddresses = webhooks }), Options.Create(new UrlImportOptions { AllowPrivateAddresses = import }));

    private async Task<(string DocumentId, string ClaimUrl)> DocumentWithClaimAsync(string exact, string id)
    {
        var created = await _reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/workspaces/{_workspaceId}/documents",
            new { title = "Crime claims", content = Text, format = "text" });
        var documentId = created["id"]!.GetValue<string>();
        await _reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations", new { id, kind = "claim", target = new { exact }, body = "" });
        return (documentId, $"/api/v1/documents/{documentId}/annotations/{id}");
    }

    /// <summary>The delivery log once it shows <paramref name="count"/> attempts (the outcome is recorded just after the receiver answers).</summary>
    private async Task<JsonArray> DeliveriesAsync(string hookId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var items = (await _admin.Api.GetJsonAsync($"{HooksUrl}/{hookId}/deliveries"))["items"]!.AsArray();
            if (items.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(items.Count >= count, $"Timed out waiting for {count} attempts in the delivery log: {items.ToJsonString()}");
                return items;
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>Webhook targets with the server's default policy (private addresses refused, as for URL import).</summary>
public sealed class WebhookAddressPolicyApiTests : IClassFixture<StrictImportApiFactory>
{
    private readonly StrictImportApiFactory _factory;

    public WebhookAddressPolicyApiTests(StrictImportApiFactory factory) => _factory = factory;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "loopback")]
    [InlineData("https://10.0.0.7/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://localhost/hook", "loopback")]
    public async Task GivenTheDefaultPolicy_WhenAnAdminRegistersAPrivateTarget_ThenItIsA422ThatSaysWhyAndNothingIsRegistered(string url, string reason)
    {
        var workspaceId = await _factory.CreateWorkspaceAsync("Strict hooks desk");
        var admin = await _factory.CreateMemberAsync(workspaceId, WorkspaceRole.Admin, "Ada Admin");
        var hooks = $"/api/v1/workspaces/{workspaceId}/webhooks";

        using var response = await admin.Api.SendAsync(HttpMethod.Post, hooks, new { url });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, WebhookAddresses.AddressNotAllowed);
        Assert.Contains(reason, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await admin.Api.GetJsonAsync(hooks))["items"]!.AsArray());
    }
}
