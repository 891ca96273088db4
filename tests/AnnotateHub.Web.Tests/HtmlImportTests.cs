using AnnotateHub.Web.Api;

namespace AnnotateHub.Web.Tests;

/// <summary>HTML imports hold the text a reader sees, never markup or script.</summary>
public sealed class HtmlImportTests
{
    [Theory]
    [InlineData("<p>One</p><p>Two</p>", "One\n\nTwo")]
    [InlineData("<div>One</div><div>Two</div>", "One\nTwo")]
    [InlineData("<ul><li>a</li><li>b</li></ul>", "a\nb")]
    [InlineData("One<br>Two<br/><br />Three", "One\nTwo\n\nThree")]
    [InlineData("<p>  lots   of\n\n  space  </p>", "lots of space")]
    [InlineData("<pre>  keep\n    this</pre>", "  keep\n    this")]
    [InlineData("a &lt;b&gt; &amp; &quot;c&quot; &#x1F680;", "a <b> & \"c\" 🚀")]
    [InlineData("if a < b and c > d", "if a < b and c > d")]
    [InlineData("<a title=\"x > y\" href='#'>link</a> text", "link text")]
    [InlineData("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>", "1\t2\n3\t4")]
    public void GivenHtml_WhenConverted_ThenTheTextIsWhatABrowserShows(string html, string text) =>
        Assert.Equal(text, DocumentImport.HtmlToText(html));

    [Theory]
    [InlineData("Before<script>document.write('<p>evil</p>')</script>After")]
    [InlineData("Before<SCRIPT type=\"module\">alert(1)</SCRIPT >After")]
    [InlineData("Before<style>p { color: red }</style>After")]
    [InlineData("Before<!-- a comment <p>hidden</p> -->After")]
    [InlineData("<!DOCTYPE html><html><head><title>Tab title</title></head><body>Before<template><b>x</b></template>After</body></html>")]
    public void GivenNonRenderedContent_WhenConverted_ThenItIsDropped(string html) =>
        Assert.Equal("BeforeAfter", DocumentImport.HtmlToText(html));

    [Fact]
    public void GivenAnUnclosedScript_WhenConverted_ThenEverythingAfterItIsDropped() =>
        Assert.Equal("Visible", DocumentImport.HtmlToText("Visible<script>alert('never closed') <p>still script</p>"));

    [Fact]
    public void GivenAnUnknownFormat_WhenConverting_ThenItIsA422ThatListsTheFormats()
    {
        var error = Assert.Throws<ApiException>(() => DocumentImport.ToText("x", "docx"));
        Assert.Equal(422, error.Status);
        Assert.Contains("text, markdown, html", error.Message);
    }
}
