namespace AnnotateHub.Reports.Tests;

/// <summary>URL import against a real HTTP server on 127.0.0.1 (allowed by AllowPrivateAddresses in these tests).</summary>
public sealed class UrlImporterTests : IAsyncLifetime
{
    private TestWebServer _server = null!;
    private UrlImporter _importer = null!;

    public async Task InitializeAsync()
    {
        _server = await TestWebServer.StartAsync();
        _importer = new UrlImporter(new UrlImportOptions
        {
            AllowPrivateAddresses = true,
            MaxBytes = TestWebServer.BigBytes,
            TimeLimit = TimeSpan.FromSeconds(5),
        });
    }

    public async Task DisposeAsync()
    {
        _importer.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GivenAnHtmlPage_WhenImported_ThenTitleTextAndFinalUrlAreReturned()
    {
        var result = await _importer.ImportAsync(_server.Url("/page.html").ToString());

        Assert.Equal("City budget — News", result.Title);
        Assert.Equal("Home\n\nCity budget\n\nThe mayor said the budget grew by 12% 📈.\n\n市长说预算增加了。", result.Text);
        Assert.Equal(_server.Url("/page.html"), result.FinalUrl);
        Assert.Equal(ImportFormat.Html, result.Format);
        Assert.Equal(0, result.Redirects);
    }

    [Fact]
    public async Task GivenFiveRedirects_WhenImported_ThenTheyAreFollowedToTheFinalPage()
    {
        var result = await _importer.ImportAsync(_server.Url("/r/4").ToString());

        Assert.Equal(5, result.Redirects);
        Assert.Equal(_server.Url("/page.html"), result.FinalUrl);
        Assert.Equal(_server.Url("/r/4"), result.RequestedUrl);
        Assert.Contains("The mayor said", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenARelativeRedirect_WhenImported_ThenItIsResolvedAgainstTheCurrentAddress()
    {
        var result = await _importer.ImportAsync(_server.Url("/relative").ToString());
        Assert.Equal(_server.Url("/page.html"), result.FinalUrl);
    }

    [Fact]
    public async Task GivenSixRedirects_WhenImported_ThenTheImportIsRefusedBeforeTheSixthIsFollowed()
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url("/r/5").ToString()));

        Assert.Equal(UrlImportError.TooManyRedirects, e.Error);
        Assert.Contains("more than 5 times", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Hits("/page.html"));
    }

    [Fact]
    public async Task GivenABodyLargerThanTheLimit_WhenStreamedWithoutLength_ThenTheReadStopsAndTheImportIsRefused()
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url("/big").ToString()));

        Assert.Equal(UrlImportError.TooLarge, e.Error);
        Assert.Contains("import limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenADeclaredLengthLargerThanTheLimit_WhenImported_ThenItIsRefusedBeforeReading()
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url("/big-declared").ToString()));
        Assert.Equal(UrlImportError.TooLarge, e.Error);
    }

    [Fact]
    public async Task GivenAServerThatNeverAnswers_WhenImported_ThenTheTimeLimitRefusesIt()
    {
        using var importer = new UrlImporter(new UrlImportOptions { AllowPrivateAddresses = true, TimeLimit = TimeSpan.FromMilliseconds(400) });

        var e = await Assert.ThrowsAsync<UrlImportException>(() => importer.ImportAsync(_server.Url("/slow").ToString()));

        Assert.Equal(UrlImportError.TimedOut, e.Error);
        Assert.Contains("did not send its content within 400 ms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABodyThatStalls_WhenImported_ThenTheTimeLimitCoversTheBodyToo()
    {
        using var importer = new UrlImporter(new UrlImportOptions { AllowPrivateAddresses = true, TimeLimit = TimeSpan.FromMilliseconds(400) });

        var e = await Assert.ThrowsAsync<UrlImportException>(() => importer.ImportAsync(_server.Url("/slow-body").ToString()));

        Assert.Equal(UrlImportError.TimedOut, e.Error);
    }

    [Theory]
    [InlineData("ftp://example.org/file.txt")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("gopher://127.0.0.1:70/")]
    public async Task GivenANonHttpScheme_WhenImported_ThenItIsRefused(string url)
    {
        var e = await Assert.ThrowsAnyAsync<UrlImportException>(() => _importer.ImportAsync(url));

        Assert.Equal(UrlImportError.SchemeNotAllowed, e.Error);
        Assert.Contains("Only http and https", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.TotalHits);
    }

    [Theory]
    [InlineData("/to-ftp")]
    [InlineData("/to-file")]
    public async Task GivenARedirectToANonHttpScheme_WhenImported_ThenItIsRefused(string path)
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url(path).ToString()));

        Assert.Equal(UrlImportError.SchemeNotAllowed, e.Error);
        Assert.Contains("redirected to", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task GivenTheDefaultSettings_WhenALoopbackAddressIsImported_ThenItIsRefusedWithoutContactingIt(string host)
    {
        using var importer = new UrlImporter(new UrlImportOptions());
        var url = new UriBuilder(_server.Url("/page.html")) { Host = host }.Uri.ToString();

        var e = await Assert.ThrowsAsync<UrlImportException>(() => importer.ImportAsync(url));

        Assert.Equal(UrlImportError.AddressNotAllowed, e.Error);
        Assert.Equal("url-address-not-allowed", e.Code);
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
        Assert.Contains("Import:AllowPrivateAddresses", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.TotalHits);
    }

    [Fact]
    public async Task GivenTheDefaultSettings_WhenAPrivateOrMetadataAddressIsImported_ThenItIsRefused()
    {
        using var importer = new UrlImporter(new UrlImportOptions { TimeLimit = TimeSpan.FromSeconds(5) });

        foreach (var url in new[] { "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/" })
        {
            var e = await Assert.ThrowsAsync<UrlImportException>(() => importer.ImportAsync(url));
            Assert.True(e.Error == UrlImportError.AddressNotAllowed, $"{url}: {e.Error} {e.Message}");
        }
    }

    [Fact]
    public async Task GivenContentThatIsNotTextOrHtml_WhenImported_ThenItIsRefusedWithWhatToDo()
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url("/file.pdf").ToString()));
        Assert.Equal(UrlImportError.UnsupportedContentType, e.Error);
        Assert.Contains("application/pdf", e.Message, StringComparison.Ordinal);

        var untyped = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url("/no-type").ToString()));
        Assert.Equal(UrlImportError.UnsupportedContentType, untyped.Error);
    }

    [Fact]
    public async Task GivenAnErrorStatus_WhenImported_ThenTheStatusIsReported()
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url("/missing").ToString()));
        Assert.Equal(UrlImportError.HttpStatus, e.Error);
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPageWithNoText_WhenImported_ThenItIsRefused()
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(_server.Url("/empty.html").ToString()));
        Assert.Equal(UrlImportError.NoText, e.Error);
    }

    [Fact]
    public async Task GivenMarkdownAndPlainText_WhenImported_ThenEachIsReadByItsType()
    {
        var markdown = await _importer.ImportAsync(_server.Url("/notes.md").ToString());
        Assert.Equal("Notes\n\nWaiting times dropped 40% 🚀.", markdown.Text);
        Assert.Equal("Notes", markdown.Title);
        Assert.Equal(ImportFormat.Markdown, markdown.Format);

        var plain = await _importer.ImportAsync(_server.Url("/plain.txt").ToString());
        Assert.Equal("Plain text\nline two", plain.Text);
        Assert.Equal("Plain text", plain.Title); // a short first line with more text after it reads as a headline
    }

    [Fact]
    public async Task GivenACharsetInTheHeaderOrAMetaElement_WhenImported_ThenTheBytesAreDecodedWithIt()
    {
        Assert.Equal("Café crème", (await _importer.ImportAsync(_server.Url("/latin1").ToString())).Text);
        Assert.Equal("Café €", (await _importer.ImportAsync(_server.Url("/meta-charset").ToString())).Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("http://user:secret@example.org/")]
    public async Task GivenAnInvalidAddress_WhenImported_ThenItIsRefusedAsInvalid(string url)
    {
        var e = await Assert.ThrowsAsync<UrlImportException>(() => _importer.ImportAsync(url));
        Assert.True(e.Error is UrlImportError.InvalidUrl or UrlImportError.SchemeNotAllowed, $"{e.Error}: {e.Message}");
    }
}
