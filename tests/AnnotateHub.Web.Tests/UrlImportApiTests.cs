using System.Net;
using AnnotateHub.Domain;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>POST /workspaces/{id}/documents with {"url"}: fetched server-side, with the import limits and address checks.</summary>
public sealed class UrlImportApiTests : IClassFixture<ReportsApiFactory>, IAsyncLifetime
{
    private readonly ReportsApiFactory _factory;
    private LocalPages _pages = null!;
    private string _workspaceId = null!;
    private Member _reviewer = null!;
    private Member _viewer = null!;

    public UrlImportApiTests(ReportsApiFactory factory) => _factory = factory;

    private string DocumentsUrl => $"/api/v1/workspaces/{_workspaceId}/documents";

    public async Task InitializeAsync()
    {
        _pages = await LocalPages.StartAsync();
        _workspaceId = await _factory.CreateWorkspaceAsync("Import desk");
        _reviewer = await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer");
        _viewer = await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Viewer, "Vic Viewer");
    }

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task GivenAUrl_WhenAReviewerImportsIt_ThenTheDocumentHoldsThePageTextTitleAndFinalAddress()
    {
        var document = await _reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, DocumentsUrl, new { url = _pages.Url("/moved") });

        Assert.Equal("Council votes on budget", document["title"]!.GetValue<string>());
        Assert.Equal("Council votes\n\nThe council approved a 12% rise 📈.\n\n東京 too.", document["text"]!.GetValue<string>());
        Assert.Equal(_pages.Url("/article.html"), document["sourceUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenAUrlAndATitle_WhenImported_ThenTheGivenTitleWins()
    {
        var document = await _reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, DocumentsUrl, new { url = _pages.Url("/r/4"), title = "My title" });
        Assert.Equal("My title", document["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenSixRedirects_WhenImported_ThenItIsA422()
    {
        using var response = await _reviewer.Api.SendAsync(HttpMethod.Post, DocumentsUrl, new { url = _pages.Url("/r/5") });
        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "url-too-many-redirects");
    }

    [Theory]
    [InlineData("/file.zip", "url-content-type-unsupported")]
    [InlineData("/big.txt", "url-too-large")]
    public async Task GivenContentThatCannotBeImported_WhenImported_ThenTheProblemSaysWhy(string path, string code)
    {
        using var response = await _reviewer.Api.SendAsync(HttpMethod.Post, DocumentsUrl, new { url = _pages.Url(path) });
        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, code);
    }

    [Fact]
    public async Task GivenANonHttpUrl_WhenImported_ThenItIsRefusedWithoutFetching()
    {
        using var response = await _reviewer.Api.SendAsync(HttpMethod.Post, DocumentsUrl, new { url = "file:///etc/passwd" });
        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "url-scheme-not-allowed");
    }

    [Fact]
    public async Task GivenBothContentAndUrl_ThenItIsA422()
    {
        using var response = await _reviewer.Api.SendAsync(HttpMethod.Post, DocumentsUrl, new { url = _pages.Url("/article.html"), content = "x", title = "t" });
        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "content-and-url");
    }

    [Fact]
    public async Task GivenAViewer_WhenTheyImportAUrl_ThenItIsForbiddenAndNothingIsFetched()
    {
        var before = _pages.Hits;
        using var response = await _viewer.Api.SendAsync(HttpMethod.Post, DocumentsUrl, new { url = _pages.Url("/article.html") });
        await ApiAssert.ProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.RoleForbidden);
        Assert.Equal(before, _pages.Hits);
    }

    [Fact]
    public async Task GivenAnOutsider_WhenTheyImportAUrl_ThenTheWorkspaceDoesNotExistForThemAndNothingIsFetched()
    {
        var elsewhere = await _factory.CreateWorkspaceAsync("Other");
        var outsider = await _factory.CreateMemberAsync(elsewhere, WorkspaceRole.Admin, "Out Sider");
        var before = _pages.Hits;

        using var response = await outsider.Api.SendAsync(HttpMethod.Post, DocumentsUrl, new { url = _pages.Url("/article.html") });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "workspace-not-found");
        Assert.Equal(before, _pages.Hits);
    }

    [Fact]
    public async Task GivenHostileHtmlContent_WhenImported_ThenTheDocumentIsPlainText()
    {
        var document = await _reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, DocumentsUrl, new
        {
            title = "Hostile",
            format = "html",
            content = "<p onclick=alert(1)>Hello <img src=x onerror=alert(2)><script>alert(3)</script><a href=\"javascript:alert(4)\">world</a></p><table><tr><td>a</td><td>b</td></tr></table>",
        });
        Assert.Equal("Hello world\n\na\tb", document["text"]!.GetValue<string>());
    }
}

/// <summary>With the default setting (Import:AllowPrivateAddresses false) a loopback address is refused.</summary>
public sealed class UrlImportDefaultsApiTests : IClassFixture<StrictImportApiFactory>
{
    private readonly StrictImportApiFactory _factory;

    public UrlImportDefaultsApiTests(StrictImportApiFactory factory) => _factory = factory;

    [Fact]
    public async Task GivenTheDefaultSetting_WhenALoopbackUrlIsImported_ThenItIsRefusedWithoutContactingIt()
    {
        await using var pages = await LocalPages.StartAsync();
        var workspaceId = await _factory.CreateWorkspaceAsync("Strict desk");
        var reviewer = await _factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer");

        using var response = await reviewer.Api.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/documents", new { url = pages.Url("/article.html") });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "url-address-not-allowed");
        Assert.Contains("loopback", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, pages.Hits);
    }
}
