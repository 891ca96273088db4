using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using AnnotateHub.Domain;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>One app and one reviewed document shared by the report tests.</summary>
public sealed class ReportFixture : IAsyncLifetime
{
    public ReportsApiFactory Factory { get; } = new();

    public ReportTeam Team { get; private set; } = null!;

    public async Task InitializeAsync() => Team = await ReportTeam.CreateAsync(Factory);

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>GET /documents/{id}/report and /workspaces/{id}/report: every format, as a download, with the usual access rules.</summary>
public sealed class ReportApiTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private ReportTeam Team => fixture.Team;

    private static async Task<(HttpResponseMessage Response, byte[] Body)> DownloadAsync(Member member, string url)
    {
        var response = await member.Api.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return (response, body);
    }

    [Theory]
    [InlineData("html", "text/html", ".html")]
    [InlineData("markdown", "text/markdown", ".md")]
    [InlineData("csv", "text/csv", ".csv")]
    [InlineData("claimreview", "application/ld+json", ".claimreview.jsonld")]
    [InlineData("w3c", "application/ld+json", ".annotations.jsonld")]
    public async Task GivenAMember_WhenTheyAskForADocumentReport_ThenItIsADownloadOfThatFormat(string format, string mediaType, string extension)
    {
        var (response, body) = await DownloadAsync(Team.Viewer, Team.DocumentReport(format));

        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.StartsWith("budget-speech-verdict-report-", disposition.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.EndsWith(extension, disposition.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains("crime fell 20% last year", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheHtmlReport_ThenUserTextIsEscapedAndNothingCanRunScript()
    {
        var (_, body) = await DownloadAsync(Team.Reviewer, Team.DocumentReport("html"));
        var html = Encoding.UTF8.GetString(body);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var document = new HtmlParser().ParseDocument(html);
        Assert.All(document.All.SelectMany(e => e.Attributes), a =>
        {
            Assert.False(a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), a.Name);
            Assert.DoesNotContain("javascript:", a.Value, StringComparison.OrdinalIgnoreCase);
        });
        var text = document.Body!.TextContent;
        Assert.Contains("Rob <img src=x onerror=alert(1)>", text, StringComparison.Ordinal);
        Assert.Contains("ruled by Mo Moderator", text, StringComparison.Ordinal);
        Assert.Contains("minority view", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenThePdfFormat_ThenChromiumPrintsTheReport()
    {
        var (response, body) = await DownloadAsync(Team.Reviewer, Team.DocumentReport("pdf"));

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(body, 0, 5));
        Assert.EndsWith(".pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheCsvFormat_ThenFormulaCellsAreNeutralised()
    {
        var (_, body) = await DownloadAsync(Team.Reviewer, Team.DocumentReport("csv"));
        var csv = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');

        Assert.StartsWith("document_id,", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\") taxes fell\",", csv, StringComparison.Ordinal);
        Assert.Contains(",'@risk; budget,", csv, StringComparison.Ordinal);
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header + 3 claims
    }

    [Fact]
    public async Task GivenTheClaimReviewFormat_ThenOnlyPublishedClaimsAreReviewed()
    {
        var (_, body) = await DownloadAsync(Team.Reviewer, Team.DocumentReport("claimreview"));
        var reviews = JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray();

        // "東京 visitors rose" reached consensus but nobody published it: it is not a fact check for readers yet
        Assert.Equal(["crime fell 20% last year"], reviews.Select(r => r.GetProperty("claimReviewed").GetString()!).ToArray());
        var crime = reviews[0];
        Assert.Equal(2, crime.GetProperty("reviewRating").GetProperty("ratingValue").GetInt32());
        Assert.Equal("Mostly false", crime.GetProperty("reviewRating").GetProperty("alternateName").GetString());
        Assert.Equal("https://news.example/budget", crime.GetProperty("itemReviewed").GetProperty("appearance").GetProperty("url").GetString());
        Assert.Equal("Reports desk <b>", crime.GetProperty("author").GetProperty("name").GetString());
    }

    [Fact]
    public async Task GivenTheW3cFormat_ThenIdsResolveAgainstThisServerAndPagesCanBeFetched()
    {
        var (_, body) = await DownloadAsync(Team.Reviewer, Team.DocumentReport("w3c"));
        var root = JsonDocument.Parse(body).RootElement;

        Assert.Equal($"http://localhost/api/v1/documents/{Team.DocumentId}/report?format=w3c", root.GetProperty("id").GetString());
        var items = root.GetProperty("first").GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(4, items.Length); // 3 claims + 1 reply
        Assert.Equal(root.GetProperty("total").GetInt32(), items.Length);
        Assert.Contains(items, i => i.GetProperty("motivation").GetString() == "replying");

        var (pageResponse, pageBody) = await DownloadAsync(Team.Reviewer, Team.DocumentReport("w3c") + "&page=0");
        Assert.Equal("AnnotationPage", JsonDocument.Parse(pageBody).RootElement.GetProperty("type").GetString());
        Assert.Contains(".page0.", pageResponse.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);

        using var tooFar = await Team.Reviewer.Api.GetAsync(Team.DocumentReport("w3c") + "&page=3");
        await ApiAssert.ProblemAsync(tooFar, HttpStatusCode.UnprocessableEntity, "page-invalid");
    }

    [Theory]
    [InlineData("html")]
    [InlineData("markdown")]
    [InlineData("csv")]
    [InlineData("claimreview")]
    [InlineData("w3c")]
    public async Task GivenAMember_WhenTheyAskForTheWorkspaceReport_ThenItCoversTheWorkspace(string format)
    {
        var (response, body) = await DownloadAsync(Team.Viewer, Team.WorkspaceReport(format));

        Assert.StartsWith("reports-desk-b-verdict-report-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        // the ClaimReview export lists published claims only, and only the crime claim is published
        Assert.Contains(format == "claimreview" ? "crime fell 20% last year" : "visitors rose", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAnAdmin_WhenTheyAskForTheBackup_ThenItHoldsTheWorkspaceAndEveryEventAndRestores()
    {
        var (response, body) = await DownloadAsync(Team.Admin, Team.WorkspaceReport("backup"));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".backup.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var restore = Reports.WorkspaceBackup.Restore(body);
        Assert.Equal(Team.WorkspaceId, restore.Workspace.Id);
        var stream = Assert.Single(restore.Streams);
        Assert.Equal(Team.DocumentId, stream.DocumentId);
        Assert.Equal(await Team.Reviewer.Api.VersionAsync(Team.DocumentId), stream.Events.Count);
    }

    [Theory]
    [InlineData(WorkspaceRole.Viewer)]
    [InlineData(WorkspaceRole.Reviewer)]
    [InlineData(WorkspaceRole.Moderator)]
    public async Task GivenANonAdmin_WhenTheyAskForTheBackup_ThenItIsForbidden(WorkspaceRole role)
    {
        var member = role switch { WorkspaceRole.Viewer => Team.Viewer, WorkspaceRole.Reviewer => Team.Reviewer, _ => Team.Moderator };
        using var response = await member.Api.GetAsync(Team.WorkspaceReport("backup"));
        await ApiAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "role-forbidden");
    }

    [Fact]
    public async Task GivenSomeoneOutsideTheWorkspace_WhenTheyAskForAReport_ThenTheDocumentAndWorkspaceDoNotExistForThem()
    {
        var elsewhere = await fixture.Factory.CreateWorkspaceAsync("Other desk");
        var outsider = await fixture.Factory.CreateMemberAsync(elsewhere, WorkspaceRole.Admin, "Out Sider");

        using var document = await outsider.Api.GetAsync(Team.DocumentReport("html"));
        await ApiAssert.ProblemAsync(document, HttpStatusCode.NotFound, ErrorCodes.DocumentNotFound);
        using var workspace = await outsider.Api.GetAsync(Team.WorkspaceReport("backup"));
        await ApiAssert.ProblemAsync(workspace, HttpStatusCode.NotFound, "workspace-not-found");
        using var unknown = await outsider.Api.GetAsync("/api/v1/documents/doc-nope/report?format=pdf");
        await ApiAssert.ProblemAsync(unknown, HttpStatusCode.NotFound, ErrorCodes.DocumentNotFound);

        using var anonymous = await fixture.Factory.CreateClient().GetAsync(Team.DocumentReport("html"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("docx")]
    [InlineData("backup")]
    public async Task GivenAFormatADocumentReportDoesNotHave_ThenItIsA422ThatListsTheFormats(string format)
    {
        using var response = await Team.Reviewer.Api.GetAsync(Team.DocumentReport(format));
        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "format-unknown");
        Assert.Contains("html, pdf, public-html, public-pdf, markdown, csv, claimreview, w3c", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenNoFormat_ThenTheReportIsHtml()
    {
        var (response, _) = await DownloadAsync(Team.Reviewer, $"/api/v1/documents/{Team.DocumentId}/report");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GivenBlindVoting_WhenAViewerAsksForTheReport_ThenOthersVotesOnUnresolvedClaimsAreHidden()
    {
        var workspaceId = await fixture.Factory.CreateWorkspaceAsync("Blind desk");
        var admin = await fixture.Factory.CreateMemberAsync(workspaceId, WorkspaceRole.Admin, "Blind Admin");
        var reviewer = await fixture.Factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Blind Reviewer");
        var viewer = await fixture.Factory.CreateMemberAsync(workspaceId, WorkspaceRole.Viewer, "Blind Viewer");
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var workspaces = scope.ServiceProvider.GetRequiredService<Services.WorkspaceService>();
            var state = await workspaces.GetAsync(workspaceId);
            await scope.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<Grains.IWorkspaceGrain>(workspaceId)
                .UpdateSettingsAsync(new Actor(admin.Id, WorkspaceRole.Admin), state.Settings with { BlindVoting = true, Quorum = 3 });
        }

        var created = await reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/documents", new { title = "Blind", content = "Secret ballots matter." });
        var documentId = created["id"]!.GetValue<string>();
        await reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations", new { id = "c1", kind = "claim", target = new { exact = "Secret ballots" } });
        await reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/api/v1/documents/{documentId}/annotations/c1/votes/me", new { verdict = "mostly-true", rationale = "hidden rationale" });

        var (_, forViewer) = await DownloadAsync(viewer, $"/api/v1/documents/{documentId}/report?format=html");
        Assert.DoesNotContain("hidden rationale", Encoding.UTF8.GetString(forViewer), StringComparison.Ordinal);
        var (_, forVoter) = await DownloadAsync(reviewer, $"/api/v1/documents/{documentId}/report?format=html");
        Assert.Contains("hidden rationale", Encoding.UTF8.GetString(forVoter), StringComparison.Ordinal);
        await admin.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations/c1/votes/reveal");
        var (_, forAdmin) = await DownloadAsync(admin, $"/api/v1/documents/{documentId}/report?format=csv");
        Assert.Contains("Blind Reviewer: Mostly true", Encoding.UTF8.GetString(forAdmin), StringComparison.Ordinal);
    }
}
