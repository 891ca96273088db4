using System.Security.Claims;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Services;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// The workspace page's import previews (<see cref="ImportService"/>) on the real app: the role is re-read before a
/// file is read or an address fetched, files are decoded as browsers decode them, and nothing is created by a preview.
/// The app runs with a 64 KB Import:MaxBytes and private addresses allowed (<see cref="ReportsApiFactory"/>).
/// </summary>
public sealed class ImportServiceTests : IClassFixture<ReportsApiFactory>, IAsyncLifetime
{
    private readonly ReportsApiFactory _factory;
    private LocalPages _pages = null!;
    private string _workspaceId = null!;
    private ClaimsPrincipal _reviewer = null!;
    private ClaimsPrincipal _viewer = null!;

    static ImportServiceTests()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public ImportServiceTests(ReportsApiFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        _pages = await LocalPages.StartAsync();
        _workspaceId = await _factory.CreateWorkspaceAsync("Preview desk");
        _reviewer = Principal(await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer"));
        _viewer = Principal(await _factory.CreateMemberAsync(_workspaceId, WorkspaceRole.Viewer, "Vic Viewer"));
    }

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task GivenAViewer_WhenTheyPreviewAFileTextOrUrl_ThenEachIsForbiddenAndNothingIsFetched()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        var before = _pages.Hits;

        var fetch = await Assert.ThrowsAsync<DomainException>(() => imports.FetchAsync(_workspaceId, _viewer, _pages.Url("/article.html"), CancellationToken.None));
        var file = await Assert.ThrowsAsync<DomainException>(() => imports.PreviewFileAsync(_workspaceId, _viewer, "a.txt", "text"u8.ToArray()));
        var text = await Assert.ThrowsAsync<DomainException>(() => imports.PreviewTextAsync(_workspaceId, _viewer, "text", "text"));

        foreach (var refused in new[] { fetch, file, text })
        {
            Assert.Equal(DomainErrorKind.Forbidden, refused.Error.Kind);
            Assert.Equal(ErrorCodes.RoleForbidden, refused.Error.Code);
        }

        Assert.Equal(before, _pages.Hits);
    }

    [Fact]
    public async Task GivenAReviewer_WhenTheyFetchAUrl_ThenThePreviewHasTheTextTitleAndFinalAddressAndNoDocumentExists()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();

        var preview = await imports.FetchAsync(_workspaceId, _reviewer, _pages.Url("/moved"), CancellationToken.None);

        Assert.Equal("Council votes\n\nThe council approved a 12% rise 📈.\n\n東京 too.", preview.Text);
        Assert.Equal(preview.Text.EnumerateRunes().Count(), preview.Characters);
        Assert.Equal("Council votes on budget", preview.DetectedTitle);
        Assert.Equal("Council votes on budget", preview.SuggestedTitle);
        Assert.Equal(_pages.Url("/article.html"), preview.SourceUrl);
        Assert.Equal($"{_pages.Url("/article.html")} (text/html, after 1 redirect)", preview.Origin);
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<WorkspaceService>().ListDocumentsAsync(_workspaceId));
    }

    [Fact]
    public async Task GivenAWindows1252HtmlFileWithAMetaCharset_WhenPreviewed_ThenItIsDecodedByItsCharsetAndTitled()
    {
        var html = "<html><head><meta charset=\"windows-1252\"><title>Caf\u00E9 \u201Cprices\u201D</title></head><body><p>Caf\u00E9 prices rose 5\u00A0%.</p></body></html>";
        var bytes = Encoding.GetEncoding(1252).GetBytes(html);

        var preview = await PreviewFileAsync("prices.HTML", bytes);

        Assert.Equal("Caf\u00E9 prices rose 5\u00A0%.", preview.Text);
        Assert.Equal("Caf\u00E9 \u201Cprices\u201D", preview.SuggestedTitle);
        Assert.StartsWith("prices.HTML (HTML file, ", preview.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPlainTextFileWithABomAndNoTitle_WhenPreviewed_ThenTheFileNameIsTheTitleAndMarkupStaysText()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Minutes <script>alert(1)</script>:\r\nItem 1\r\n")).ToArray();

        var preview = await PreviewFileAsync("council minutes.txt", bytes);

        Assert.Equal("Minutes <script>alert(1)</script>:\nItem 1", preview.Text); // a first line ending in ":" is no headline
        Assert.Null(preview.DetectedTitle);
        Assert.Equal("council minutes", preview.SuggestedTitle);
    }

    [Theory]
    [InlineData("scan.pdf", 10, ImportService.Codes.FileTypeUnsupported, "choose a .txt, .md (Markdown) or .html file")]
    [InlineData("page.xhtml", 10, ImportService.Codes.FileTypeUnsupported, "choose a .txt, .md (Markdown) or .html file")]
    [InlineData("empty.md", 0, ImportService.Codes.FileEmpty, "is empty")]
    [InlineData("huge.txt", 64 * 1024 + 1, ImportService.Codes.FileTooLarge, "is 65,537 bytes; files up to 65,536 bytes can be imported")]
    [InlineData("huge.html", 200 * 1024, ImportService.Codes.FileTooLarge, "is 200 KB; files up to 64 KB can be imported")]
    public async Task GivenAFileOfTheWrongTypeOrSize_WhenPreviewed_ThenItIsRefusedWithWhatToDo(string name, int size, string code, string message)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => PreviewFileAsync(name, Encoding.ASCII.GetBytes(new string('x', size))));

        Assert.Equal(code, refused.Error.Code);
        Assert.Contains(message, refused.Error.Message, StringComparison.Ordinal);
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Equal(refused.Error.Message, scope.ServiceProvider.GetRequiredService<ImportService>().CheckFile(name, size));
    }

    [Theory]
    [InlineData("photo.txt", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00 }, ImportService.Codes.FileNotText)]
    [InlineData("blank.html", new byte[] { 0x3C, 0x70, 0x3E, 0x20, 0x3C, 0x2F, 0x70, 0x3E }, ImportService.Codes.NoText)]
    public async Task GivenAFileWithNoText_WhenPreviewed_ThenItIsRefused(string name, byte[] content, string code)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => PreviewFileAsync(name, content));
        Assert.Equal(code, refused.Error.Code);
    }

    [Fact]
    public async Task GivenAUtf16TextFile_WhenPreviewed_ThenItsZeroBytesAreNotMistakenForBinary()
    {
        var preview = await PreviewFileAsync("notes.txt", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Zürich notes")).ToArray());
        Assert.Equal("Zürich notes", preview.Text);
    }

    [Fact]
    public async Task GivenAPageOverTheLimit_WhenFetched_ThenTheUrlImportErrorSaysSo()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        var refused = await Assert.ThrowsAsync<UrlImportException>(() => imports.FetchAsync(_workspaceId, _reviewer, _pages.Url("/big.txt"), CancellationToken.None));
        Assert.Equal(UrlImportError.TooLarge, refused.Error);
    }

    private async Task<ImportPreview> PreviewFileAsync(string name, byte[] content)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImportService>().PreviewFileAsync(_workspaceId, _reviewer, name, content);
    }

    private static ClaimsPrincipal Principal(Member member) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, member.Id), new Claim(ClaimTypes.Name, member.Name)], "test"));
}
