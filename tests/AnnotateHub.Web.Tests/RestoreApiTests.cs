using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Web.Services;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// A second, fresh instance to restore into: its own data folder, one site admin (<see cref="SiteAdminEmail"/>), a small
/// API body limit (so that the backup, which is larger, proves the restore endpoint has its own) and a 1 MB restore limit.
/// </summary>
public sealed class RestoreTargetFactory : ReportsApiFactory
{
    public const string SiteAdminEmail = "site-admin@example.org";
    public const long MaxRequestBytes = 64 * 1024;
    public const long MaxRestoreBytes = 1024 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Security:SiteAdmins", "ops@example.org; " + SiteAdminEmail.ToUpperInvariant());
        builder.UseSetting("Api:MaxRequestBytes", MaxRequestBytes.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Api:MaxRestoreBytes", MaxRestoreBytes.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Creates an account (no membership) and a client with its token.</summary>
    public async Task<(string UserId, ApiClient Api)> CreateUserAsync(string email, string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(email, name, password: null);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(created.Value!.User.Id, "tests", expiresAt: null);
        return (created.Value.User.Id, new ApiClient(WithToken(token.Secret)));
    }
}

/// <summary>
/// Instance A with a reviewed workspace and its backup; a fresh instance B with a site admin. The first restore of the
/// backup into B is made once, by whichever test asks first, so that the tests do not depend on their order.
/// </summary>
public sealed class RestoreFixture : IAsyncLifetime
{
    private Lazy<Task<FirstRestore>>? _first;

    public ReportsApiFactory A { get; } = new();

    public RestoreTargetFactory B { get; } = new();

    public ReportTeam Team { get; private set; } = null!;

    /// <summary>A second document of the workspace, larger than B's API body limit (so the backup is too).</summary>
    public string LongDocumentId { get; private set; } = null!;

    public byte[] Backup { get; private set; } = null!;

    /// <summary>The workspace's public address on A (its list is at /p/{PublicSlug}).</summary>
    public const string PublicSlug = "reports-desk";

    public const string PublishedHeadline = "Crime did not fall 20% last year";

    /// <summary>The public page of the published claim c-crime on A: /c/{slug}.</summary>
    public string PublishedClaimPath { get; private set; } = null!;

    public ApiClient SiteAdmin { get; private set; } = null!;

    public string SiteAdminId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Team = await ReportTeam.CreateAsync(A);
        var text = string.Join("\n\n", Enumerable.Range(1, 900).Select(i => $"Paragraph {i}: the council said spending rose {i % 17}% in district {i}."));
        var created = await Team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, Team.DocumentsUrl, new { title = "Council minutes", content = text });
        LongDocumentId = created["id"]!.GetValue<string>();
        await Team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{LongDocumentId}/annotations",
            new { id = "c-district", kind = "claim", target = new { exact = "spending rose 3% in district 3." } });

        // Public: the workspace's list at /p/{PublicSlug}, and its ruling on c-crime at /c/{...}.
        await using (var scope = A.Services.CreateAsyncScope())
        {
            var workspaces = scope.ServiceProvider.GetRequiredService<WorkspaceService>();
            var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Team.Admin.Id)], "test"));
            await workspaces.UpdateSettingsAsync(Team.WorkspaceId, admin, (await workspaces.GetAsync(Team.WorkspaceId)).Settings with { PublicSlug = PublicSlug });
        }

        var published = await Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{Team.DocumentId}/annotations/c-crime/publication",
            new { headline = PublishedHeadline, summary = "Police data show a 2% rise." });
        PublishedClaimPath = new Uri(published["url"]!.GetValue<string>()).AbsolutePath;

        using var response = await Team.Admin.Api.GetAsync(Team.WorkspaceReport("backup"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Backup = await response.Content.ReadAsByteArrayAsync();
        Assert.True(Backup.Length > RestoreTargetFactory.MaxRequestBytes, $"the backup is {Backup.Length} bytes: the test needs one above B's API limit");

        (SiteAdminId, SiteAdmin) = await B.CreateUserAsync(RestoreTargetFactory.SiteAdminEmail, "Sita Admin");
        _first = new(() => RestoreOnceAsync());
    }

    /// <summary>The answer to the first restore of <see cref="Backup"/> into B, and B's backup of it right after.</summary>
    public Task<FirstRestore> FirstRestoreAsync() => _first!.Value;

    public static Task<HttpResponseMessage> PostBackupAsync(ApiClient api, byte[] backup, string contentType = "application/json")
    {
        var content = new ByteArrayContent(backup);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return api.Http.PostAsync("/api/v1/workspaces/restore", content);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    private async Task<FirstRestore> RestoreOnceAsync()
    {
        // Look the ids up first, so that their grains are active (empty) when the restore arrives: the restore must not
        // leave them stale.
        await using (var scope = B.Services.CreateAsyncScope())
        {
            Assert.False((await scope.ServiceProvider.GetRequiredService<WorkspaceService>().GetAsync(Team.WorkspaceId)).Exists);
        }

        using (var missing = await SiteAdmin.GetAsync($"/api/v1/documents/{Team.DocumentId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var response = await PostBackupAsync(SiteAdmin, Backup);
        var body = await response.Content.ReadAsStringAsync();
        using var again = await SiteAdmin.GetAsync(Team.WorkspaceReport("backup"));
        var backupOfB = again.StatusCode == HttpStatusCode.OK ? await again.Content.ReadAsByteArrayAsync() : [];
        return new FirstRestore(response.StatusCode, response.Headers.Location?.OriginalString, body, backupOfB);
    }
}

/// <summary>The first restore's answer, and the backup B made of the workspace right after it (empty if it failed).</summary>
public sealed record FirstRestore(HttpStatusCode Status, string? Location, string Body, byte[] BackupOfB);

/// <summary>POST /api/v1/workspaces/restore: a backup of instance A restored into a fresh instance B.</summary>
public sealed class RestoreApiTests(RestoreFixture fixture) : IClassFixture<RestoreFixture>
{
    private ReportTeam Team => fixture.Team;

    [Fact]
    public async Task GivenABackupOfInstanceA_WhenASiteAdminRestoresItOnInstanceB_ThenBBacksItUpToTheSameBytes()
    {
        var (status, location, body, backupOfB) = await fixture.FirstRestoreAsync();

        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {body}");
        Assert.Equal($"/api/v1/workspaces/{Team.WorkspaceId}", location);
        var created = JsonNode.Parse(body)!;
        Assert.Equal(Team.WorkspaceId, created["id"]!.GetValue<string>());
        Assert.Equal("Reports desk <b>", created["name"]!.GetValue<string>());
        Assert.Equal("admin", created["role"]!.GetValue<string>());
        Assert.Equal(2, created["documents"]!.GetValue<int>());

        var workspace = await fixture.SiteAdmin.GetJsonAsync(location!);
        Assert.Equal("Reports desk <b>", workspace["name"]!.GetValue<string>());

        Assert.Equal(fixture.Backup.Length, backupOfB.Length);
        Assert.True(fixture.Backup.AsSpan().SequenceEqual(backupOfB), "B's backup of the restored workspace differs from A's");
    }

    [Fact]
    public async Task GivenARestoredWorkspace_WhenItsDocumentIsOpened_ThenItHasItsAnnotationsVotesRulingAndRepliesAndTakesNewWork()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.FirstRestoreAsync()).Status);

        var original = await Team.Reviewer.Api.GetJsonAsync($"/api/v1/documents/{Team.DocumentId}");
        var restored = await fixture.SiteAdmin.GetJsonAsync($"/api/v1/documents/{Team.DocumentId}");

        Assert.Equal(original["version"]!.GetValue<long>(), restored["version"]!.GetValue<long>());
        Assert.Equal(original["text"]!.GetValue<string>(), restored["text"]!.GetValue<string>());
        Assert.Equal(Review(original), Review(restored));
        var crime = restored["annotations"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "c-crime")!;
        Assert.Equal("resolved", crime["status"]!.GetValue<string>());
        Assert.Equal("mostly-false", crime["resolution"]!["verdict"]!.GetValue<string>());
        Assert.Equal(2, crime["votes"]!.AsArray().Count);
        Assert.Single(crime["replies"]!.AsArray());
        Assert.Single(crime["sources"]!.AsArray());

        var documents = await fixture.SiteAdmin.GetJsonAsync(Team.DocumentsUrl);
        Assert.Equal(
            new[] { Team.DocumentId, fixture.LongDocumentId },
            documents["documents"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()).ToArray());

        // The restored document is live: the next change gets the next version.
        await fixture.SiteAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{Team.DocumentId}/annotations/c-visitors/replies", new { body = "Restored and checked." });
        Assert.Equal(original["version"]!.GetValue<long>() + 1, await fixture.SiteAdmin.VersionAsync(Team.DocumentId));
    }

    [Fact]
    public async Task GivenARestoredWorkspace_WhenTheSameBackupIsRestoredAgain_ThenItIsA409AndNothingChanges()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.FirstRestoreAsync()).Status);
        var before = await StateOfBAsync();

        using var response = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, fixture.Backup);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict, "workspace-exists");
        Assert.Contains(Team.WorkspaceId, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await StateOfBAsync());
    }

    [Fact]
    public async Task GivenABackupUnderAnotherWorkspaceIdWhoseDocumentsExist_WhenRestored_ThenItIsA409AndNoWorkspaceIsCreated()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.FirstRestoreAsync()).Status);
        var otherId = "ws-copy" + Team.WorkspaceId[7..];
        var copy = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(fixture.Backup).Replace(Team.WorkspaceId, otherId, StringComparison.Ordinal));
        var before = await StateOfBAsync();

        using var response = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, copy);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict, "document-exists");
        Assert.Contains(Team.DocumentId, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(await WorkspaceExistsOnBAsync(otherId));
        Assert.Equal(before, await StateOfBAsync());
    }

    [Fact]
    public async Task GivenABackupOfAWorkspaceWithPublicPages_WhenRestoredOnB_ThenItsPublicListAndClaimPageAnswerOnBSignedOut()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.FirstRestoreAsync()).Status);
        using var reader = fixture.B.CreateClient(new() { AllowAutoRedirect = false });

        using var list = await reader.GetAsync($"/p/{RestoreFixture.PublicSlug}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(RestoreFixture.PublishedHeadline, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var claim = await reader.GetAsync(fixture.PublishedClaimPath);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Contains(RestoreFixture.PublishedHeadline, await claim.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // the address is held for the restored workspace: no other workspace of B can take it
        var otherId = await fixture.B.CreateWorkspaceAsync("Other desk");
        var otherAdmin = await fixture.B.CreateMemberAsync(otherId, WorkspaceRole.Admin, "Other Admin");
        await using var scope = fixture.B.Services.CreateAsyncScope();
        var workspaces = scope.ServiceProvider.GetRequiredService<WorkspaceService>();
        var taken = await Assert.ThrowsAsync<DomainException>(() => workspaces.UpdateSettingsAsync(
            otherId, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, otherAdmin.Id)], "test")),
            new WorkspaceSettings { PublicSlug = RestoreFixture.PublicSlug }));
        Assert.Equal(WorkspaceService.Codes.PublicSlugTaken, taken.Error.Code);
    }

    [Fact]
    public async Task GivenABackupWhosePublicAddressAnotherWorkspaceOfBHolds_WhenRestored_ThenItIsA409NamingTheAddressAndNothingIsWritten()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.FirstRestoreAsync()).Status);

        // the same workspace under new ids: its documents are new to B, its public address is the restored one's
        var otherId = "ws-twin" + Team.WorkspaceId[7..];
        var twin = Encoding.UTF8.GetString(fixture.Backup).Replace(Team.WorkspaceId, otherId, StringComparison.Ordinal)
            .Replace(Team.DocumentId, "doc-twin-1", StringComparison.Ordinal).Replace(fixture.LongDocumentId, "doc-twin-2", StringComparison.Ordinal);
        var before = await StateOfBAsync();

        using var response = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, Encoding.UTF8.GetBytes(twin));

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict, WorkspaceService.Codes.PublicSlugTaken);
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains($"/p/{RestoreFixture.PublicSlug}", detail, StringComparison.Ordinal);
        Assert.Contains(Team.WorkspaceId, detail, StringComparison.Ordinal);
        Assert.False(await WorkspaceExistsOnBAsync(otherId));
        Assert.Equal(before, await StateOfBAsync());

        // with its own address, the twin's published claim still names the restored one's page: refused as well
        using var claimTaken = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, Encoding.UTF8.GetBytes(
            twin.Replace($"\"{RestoreFixture.PublicSlug}\"", "\"twin-desk\"", StringComparison.Ordinal)));
        var claimProblem = await ApiAssert.ProblemAsync(claimTaken, HttpStatusCode.Conflict, RestoreService.Codes.PublicClaimTaken);
        Assert.Contains(fixture.PublishedClaimPath, claimProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await StateOfBAsync());
    }

    [Theory]
    [InlineData("not-json", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("truncated", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("claimreview", HttpStatusCode.UnprocessableEntity, "not an AnnotateHub workspace backup")]
    [InlineData("newer", HttpStatusCode.UnprocessableEntity, "schema version 2")]
    [InlineData("gap", HttpStatusCode.UnprocessableEntity, "where 2 was expected")]
    [InlineData("unknown-event", HttpStatusCode.UnprocessableEntity, "vote-stolen")]
    [InlineData("version-string", HttpStatusCode.UnprocessableEntity, "\"version\" is \"1\", not a number")]
    [InlineData("event-version-string", HttpStatusCode.UnprocessableEntity, "lacks its version")]
    [InlineData("outside-text", HttpStatusCode.UnprocessableEntity, "targets code points 500..900, which lie outside")]
    [InlineData("misquoted", HttpStatusCode.UnprocessableEntity, "quotes text that is not at its position")]
    [InlineData("path-id", HttpStatusCode.UnprocessableEntity, "\"../../x\" is not a valid id")]
    [InlineData("annotation-id", HttpStatusCode.UnprocessableEntity, "annotation id \"c/../../crime\"")]
    [InlineData("dangling-vote", HttpStatusCode.UnprocessableEntity, "does not replay")]
    public async Task GivenADamagedOrOtherFile_WhenRestored_ThenAProblemSaysWhatIsWrongAndNothingIsWritten(string damage, HttpStatusCode status, string says)
    {
        var newId = $"ws-{damage}-{Guid.NewGuid():N}"[..20];
        var backup = Encoding.UTF8.GetString(fixture.Backup).Replace(Team.WorkspaceId, newId, StringComparison.Ordinal);
        var newDocumentId = "doc-" + Guid.NewGuid().ToString("N")[..12];
        backup = backup.Replace(Team.DocumentId, newDocumentId, StringComparison.Ordinal);
        byte[] file;
        if (damage == "claimreview")
        {
            using var claimReview = await Team.Admin.Api.GetAsync(Team.WorkspaceReport("claimreview"));
            file = await claimReview.Content.ReadAsByteArrayAsync();
        }
        else
        {
            file = Encoding.UTF8.GetBytes(damage switch
            {
                "not-json" => "{ this is not json",
                "truncated" => backup[..(backup.Length / 2)],
                "newer" => backup.Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal),
                "gap" => ReplaceFirst(backup, "\"version\": 2,", "\"version\": 3,"),
                "unknown-event" => ReplaceFirst(backup, "\"type\": \"vote-cast\"", "\"type\": \"vote-stolen\""),
                "version-string" => ReplaceFirst(backup, "\"version\": 1,", "\"version\": \"1\","),
                "event-version-string" => ReplaceFirst(backup, "\"version\": 2,", "\"version\": \"2\","),
                // The first document's text is shorter than 500 code points; the second document is the damaged one in
                // the cases below, so that a restore that wrote document by document would have written the first.
                "outside-text" => EditEvent(backup, newDocumentId, "c-crime", "annotation-created", data =>
                {
                    Assert.True(ReportTeam.Article.Length < 500, "the article must be shorter than the damaged target's start");
                    data["target"]!["position"] = new JsonObject { ["start"] = 500, ["end"] = 900 };
                }),
                "misquoted" => EditEvent(backup, fixture.LongDocumentId, "c-district", "annotation-created", data =>
                    data["target"]!["quote"]!["exact"] = "spending fell 3% in district 3."),
                "path-id" => backup.Replace(fixture.LongDocumentId, "../../x", StringComparison.Ordinal),
                "annotation-id" => backup.Replace("\"c-crime\"", "\"c/../../crime\"", StringComparison.Ordinal),
                // The votes on c-visitors then refer to an annotation that was never created.
                "dangling-vote" => EditEvent(backup, newDocumentId, "c-visitors", "annotation-created", data => data["annotationId"] = "c-elsewhere"),
                _ => throw new ArgumentOutOfRangeException(nameof(damage)),
            });
        }

        using var response = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, file);

        var problem = await ApiAssert.ProblemAsync(response, status, "backup-invalid");
        Assert.Contains(says, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(await WorkspaceExistsOnBAsync(newId));
        await using var scope = fixture.B.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IEventStore>();
        Assert.Equal(0, await store.GetVersionAsync(DocumentStreams.StreamId(newDocumentId)));
        Assert.Equal(0, await store.GetVersionAsync(DocumentStreams.StreamId("../../x")));
        Assert.DoesNotContain(await store.ListStreamsAsync(DocumentStreams.Prefix), s => s.Contains("../", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenABodyThatIsNotABackupFile_ThenTheAnswerSaysHowToSendIt()
    {
        using var empty = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, []);
        await ApiAssert.ProblemAsync(empty, HttpStatusCode.BadRequest, "malformed-request");

        using var text = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, fixture.Backup, "text/plain");
        var problem = await ApiAssert.ProblemAsync(text, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Contains("application/json", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABackupOverTheRestoreLimit_ThenItIsA413ThatNamesTheSettingAndTheCli()
    {
        var huge = new byte[RestoreTargetFactory.MaxRestoreBytes + 1];
        Array.Fill(huge, (byte)' ');

        using var declared = await RestoreFixture.PostBackupAsync(fixture.SiteAdmin, huge);
        var problem = await ApiAssert.ProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "request-too-large");
        Assert.Contains("Api:MaxRestoreBytes", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("admin restore", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Without a declared length (chunked), the limit holds while the body is read.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces/restore") { Content = new UnsizedContent(huge) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var chunked = await fixture.SiteAdmin.Http.SendAsync(request);
        await ApiAssert.ProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "request-too-large");
    }

    [Fact]
    public async Task GivenCallersWhoAreNotSiteAdmins_WhenTheyRestore_ThenTheyAreRefusedAndNothingIsWritten()
    {
        var newId = "ws-refused-" + Guid.NewGuid().ToString("N")[..8];
        var copy = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(fixture.Backup)
            .Replace(Team.WorkspaceId, newId, StringComparison.Ordinal)
            .Replace(Team.DocumentId, "doc-refused", StringComparison.Ordinal)
            .Replace(fixture.LongDocumentId, "doc-refused-long", StringComparison.Ordinal));

        // A workspace admin on B, but not a site admin.
        var desk = await fixture.B.CreateWorkspaceAsync("Other desk");
        var workspaceAdmin = await fixture.B.CreateMemberAsync(desk, WorkspaceRole.Admin, "Wanda Admin");
        using var refused = await RestoreFixture.PostBackupAsync(workspaceAdmin.Api, copy);
        var problem = await ApiAssert.ProblemAsync(refused, HttpStatusCode.Forbidden, "site-admin-required");
        Assert.Contains("Security:SiteAdmins", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var anonymous = await fixture.B.CreateClient().PostAsync("/api/v1/workspaces/restore", new ByteArrayContent(copy));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // Instance A has no site admin at all: even its workspace admin is refused.
        using var onA = await RestoreFixture.PostBackupAsync(Team.Admin.Api, copy);
        await ApiAssert.ProblemAsync(onA, HttpStatusCode.Forbidden, "site-admin-required");

        Assert.False(await WorkspaceExistsOnBAsync(newId));
        await using var scope = fixture.B.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<IEventStore>().GetVersionAsync(DocumentStreams.StreamId("doc-refused")));
    }

    /// <summary>What B holds: its workspaces (with members) and every restored document's version.</summary>
    private async Task<string> StateOfBAsync()
    {
        await using var scope = fixture.B.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var lines = new List<string>();
        foreach (var entry in await sp.GetRequiredService<WorkspaceService>().ListAsync())
        {
            var members = await sp.GetRequiredService<MembershipService>().ListForWorkspaceAsync(entry.Id);
            var state = await sp.GetRequiredService<WorkspaceService>().GetAsync(entry.Id);
            lines.Add($"{entry.Id} {entry.Name} documents={state.Documents.Length} members={string.Join(",", members.Select(m => $"{m.UserId}:{m.Role}"))}");
        }

        var events = sp.GetRequiredService<IEventStore>();
        foreach (var stream in await events.ListStreamsAsync(DocumentStreams.Prefix))
        {
            lines.Add($"{stream} v{await events.GetVersionAsync(stream)}");
        }

        return string.Join("\n", lines);
    }

    private async Task<bool> WorkspaceExistsOnBAsync(string workspaceId)
    {
        await using var scope = fixture.B.Services.CreateAsyncScope();
        var workspaces = scope.ServiceProvider.GetRequiredService<WorkspaceService>();
        return (await workspaces.GetAsync(workspaceId)).Exists || (await workspaces.ListAsync()).Any(w => w.Id == workspaceId);
    }

    /// <summary>Each annotation's review, without display names (user ids of A have no account on B).</summary>
    private static string Review(JsonNode document) =>
        string.Join("\n", document["annotations"]!.AsArray().Select(a =>
            $"{a!["id"]} {a["kind"]} {a["status"]} {a["target"]!["exact"]} body={a["body"]} " +
            $"votes={string.Join(",", a["votes"]!.AsArray().Select(v => $"{v!["user"]!["id"]}:{v["verdict"]}:{v["rationale"]}"))} " +
            $"replies={string.Join(",", a["replies"]!.AsArray().Select(r => $"{r!["id"]}:{r["body"]}"))} " +
            $"sources={string.Join(",", a["sources"]!.AsArray().Select(s => $"{s!["id"]}:{s["url"]}:{s["stance"]}"))} " +
            $"resolution={a["resolution"]?["verdict"]}:{a["resolution"]?["rationale"]}"));

    /// <summary>The backup with the data of <paramref name="documentId"/>'s first <paramref name="type"/> event about <paramref name="annotationId"/> edited.</summary>
    private static string EditEvent(string backup, string documentId, string annotationId, string type, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(backup)!;
        var document = root["documents"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == documentId)!;
        var data = document["events"]!.AsArray()
            .Select(e => e!)
            .First(e => e["type"]!.GetValue<string>() == type && e["data"]!["annotationId"]?.GetValue<string>() == annotationId)["data"]!.AsObject();
        edit(data);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{old}' is not in the backup");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    /// <summary>A body sent without Content-Length.</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
