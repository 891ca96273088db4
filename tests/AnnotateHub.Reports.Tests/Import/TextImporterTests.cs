namespace AnnotateHub.Reports.Tests;

public sealed class TextImporterTests
{
    [Fact]
    public void GivenText_WhenImported_ThenItIsNormalisedOnly()
    {
        Assert.Equal("line one\nline two 🎉 *not markdown*\n\n<b>not html</b>", TextImporter.FromText("\uFEFFline one  \r\nline two 🎉 *not markdown*\r\n\r\n<b>not html</b>\n\n"));
    }

    [Fact]
    public void GivenHtmlBlocks_WhenImported_ThenParagraphsAreSeparatedByBlankLinesAndDivsByLineBreaks()
    {
        var html = "<h1>Title</h1><p>First <b>bold</b> paragraph.</p><p>Second</p><div>one</div><div>two</div><ul><li>a</li><li>b<ul><li>c</li></ul></li></ul><p>end</p>";
        Assert.Equal("Title\n\nFirst bold paragraph.\n\nSecond\n\none\ntwo\n\na\nb\nc\n\nend", TextImporter.FromHtml(html));
    }

    [Fact]
    public void GivenHtml_WhenImported_ThenScriptsStylesCommentsHeadTemplateAndNoscriptAreDropped()
    {
        var html = """
            <!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style><script>var x = "head";</script></head>
            <body><!-- a comment --><p>Visible<script>alert("body")</script></p><template><p>template</p></template>
            <noscript>enable js</noscript><style>.x{}</style><p hidden>hidden</p><iframe src="x">frame</iframe><p>Also visible</p></body></html>
            """;
        Assert.Equal("Visible\n\nAlso visible", TextImporter.FromHtml(html));
    }

    [Fact]
    public void GivenEntities_WhenImported_ThenTheyAreDecoded()
    {
        Assert.Equal("Fish & chips < 5 € — “quoted” © 😀 a\u00A0b", TextImporter.FromHtml("<p>Fish &amp; chips &lt; 5 &euro; &mdash; &ldquo;quoted&rdquo; &copy; &#x1F600; a&nbsp;b</p>"));
    }

    [Fact]
    public void GivenWhitespace_WhenImported_ThenRunsCollapseInsideBlocksButPreKeepsIt()
    {
        var html = "<p>  one\n\t two   <span> three </span>\r\n</p><pre>  keep   this\n    indented</pre><p>after</p>";
        Assert.Equal("one two three\n\n  keep   this\n    indented\n\nafter", TextImporter.FromHtml(html));
    }

    [Fact]
    public void GivenBr_WhenImported_ThenEachIsALineBreak()
    {
        Assert.Equal("one\ntwo\n\nthree", TextImporter.FromHtml("<p>one<br>two<br><br>three</p>"));
    }

    [Fact]
    public void GivenATable_WhenImported_ThenCellsAreTabSeparatedAndRowsOnTheirOwnLines()
    {
        Assert.Equal("Name\tAge\nAna\t31", TextImporter.FromHtml("<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ana</td><td>31</td></tr></table>"));
    }

    [Fact]
    public void GivenHostileHtml_WhenImported_ThenOnlyPlainTextRemains()
    {
        var html = "<img src=x onerror=alert(1)><p onclick=\"alert(2)\">Read <a href=\"javascript:alert(3)\">this</a></p>" +
                   "<script>alert(4)</script><svg onload=alert(5)><text>svg</text></svg><p>&lt;script&gt;alert(6)&lt;/script&gt;</p>" +
                   "<object data=x>obj</object><form action=javascript:alert(7)><input value=steal><button>Send</button></form>";
        var text = TextImporter.FromHtml(html);
        Assert.Equal("Read this\n\n<script>alert(6)</script>\n\nSend", text);
        Assert.DoesNotContain("onerror", text, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenEmojiAndCjk_WhenImported_ThenTheyAreKept()
    {
        Assert.Equal("東京 👩🏽‍💻 café", TextImporter.FromHtml("<p>東京 👩🏽‍💻 cafe\u0301</p>"));
    }

    [Fact]
    public void GivenVeryDeeplyNestedHtml_WhenImported_ThenItDoesNotOverflowTheStack()
    {
        var html = string.Concat(Enumerable.Repeat("<span>", 50_000)) + "deep" + string.Concat(Enumerable.Repeat("</span>", 50_000));
        Assert.Equal("deep", TextImporter.FromHtml(html));
    }

    [Fact]
    public void GivenHtml_WhenImported_ThenTheTitleComesFromTitleElseOgTitle()
    {
        Assert.Equal("The real title", TextImporter.ImportHtml("<title>\n The  real\ttitle </title><p>x</p>").Title);
        Assert.Equal("From OG", TextImporter.ImportHtml("<meta property=\"og:title\" content=\" From OG \"><p>x</p>").Title);
        Assert.Null(TextImporter.ImportHtml("<p>x</p>").Title);
    }

    [Fact]
    public void GivenMarkdown_WhenImported_ThenItBecomesTheTextAReaderSees()
    {
        var markdown = "# Budget 2025\n\nThe mayor said it **grew** by *12%*\nlast year.\n\n- one\n- two\n\n```\ncode  kept\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        var imported = TextImporter.ImportMarkdown(markdown);
        Assert.Equal("Budget 2025\n\nThe mayor said it grew by 12% last year.\n\none\ntwo\n\ncode  kept\n\na\tb\n1\t2", imported.Text);
        Assert.Equal("Budget 2025", imported.Title);
    }

    [Fact]
    public void GivenHostileMarkdown_WhenImported_ThenRawHtmlNeverSurvivesAsMarkup()
    {
        var markdown = "Hello <script>alert(1)</script> world\n\n<script>\nalert(2)\n</script>\n\n[x](javascript:alert(3)) <img src=x onerror=alert(4)>\n\n<div onclick=alert(5)>in div</div>";
        var text = TextImporter.FromMarkdown(markdown);
        Assert.Equal("Hello world\n\nx\n\nin div", text);
    }

    [Fact]
    public void GivenAFormat_WhenImported_ThenTheMatchingPathIsUsed()
    {
        Assert.Equal("*a*", TextImporter.Import("*a*", ImportFormat.Text).Text);
        Assert.Equal("a", TextImporter.Import("*a*", ImportFormat.Markdown).Text);
        Assert.Equal("a", TextImporter.Import("<i>a</i>", ImportFormat.Html).Text);
        Assert.Equal(ImportFormat.Markdown, ImportFormats.FromFileName("notes.MD"));
        Assert.Equal(ImportFormat.Html, ImportFormats.FromMediaType("text/html; charset=utf-8"));
        Assert.Null(ImportFormats.FromMediaType("application/pdf"));
    }

    [Theory]
    [InlineData("Riverton budget: what the council said\n\nThe council met on Tuesday.", "Riverton budget: what the council said")]
    [InlineData("Mayor Okafor's speech, annotated\nGood evening.", "Mayor Okafor's speech, annotated")]
    [InlineData("Did the river get dirtier?\n\nYes, say the farmers.", "Did the river get dirtier?")]
    [InlineData("  Interview   with the U.S.  \n\nQ: Thanks for coming.", "Interview with the U.S.")]
    [InlineData("Заявление министра о бюджете\n\nТекст.", "Заявление министра о бюджете")]
    public void GivenPastedTextWhoseFirstLineIsAHeadline_WhenImported_ThenItIsTheTitle(string pasted, string title)
    {
        var imported = TextImporter.Import(pasted, ImportFormat.Text);

        Assert.Equal(title, imported.Title);
        Assert.StartsWith(title.Split(' ')[0], imported.Text.TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The council met on Tuesday to discuss the budget.\n\nIt passed.")] // a sentence
    [InlineData("Only one line, no more text")] // nothing follows
    [InlineData("Speakers:\nMayor Okafor")] // a clause that goes on
    [InlineData("1999 2000 2001\n\nnumbers")] // no letter
    [InlineData("and so on, etc.\nmore")] // a sentence ending in etc.
    public void GivenPastedTextWhoseFirstLineIsNotAHeadline_WhenImported_ThenThereIsNoTitle(string pasted)
    {
        Assert.Null(TextImporter.Import(pasted, ImportFormat.Text).Title);
    }

    [Fact]
    public void GivenAVeryLongFirstLine_WhenImported_ThenItIsNotTheTitle()
    {
        var line = string.Join(' ', Enumerable.Repeat("word", TextImporter.MaxHeadlineWords + 1));
        Assert.Null(TextImporter.Import(line + "\n\nbody", ImportFormat.Text).Title);
        Assert.Null(TextImporter.Import(new string('x', TextImporter.MaxHeadlineLength + 1) + "\nbody", ImportFormat.Text).Title);
    }
}
