using System.Diagnostics;
using System.Text;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports.Tests;

/// <summary>The PDF export with the real headless Chromium (tests/run.sh installs it; CHROMIUM_PATH or /usr/bin/chromium).</summary>
public sealed class PdfRendererTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    [Fact]
    public async Task GivenTheHtmlReport_WhenPrintedByChromium_ThenThePdfTextContainsEveryClaimQuote()
    {
        var renderer = new PdfRenderer(new PdfOptions());
        Assert.True(renderer.IsAvailable, $"Chromium is needed for this test and was not found at {new PdfOptions().ResolveExecutable()}: run tests/run.sh (it installs it) or set CHROMIUM_PATH.");

        var pdf = await renderer.RenderAsync(HtmlReport.RenderForPrint(Sample.WorkspaceContext()));

        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        var text = Squash(await PdfToTextAsync(pdf));
        var quotes = new[] { Sample.Budget, Sample.Transcript }
            .SelectMany(d => d.Annotations.Where(a => a.IsClaim() && !a.Deleted))
            .Select(a => a.Target.Quote.Exact)
            .ToArray();
        Assert.Equal(6, quotes.Length);
        foreach (var quote in quotes)
        {
            Assert.True(
                text.Contains(Squash(quote), StringComparison.Ordinal),
                $"The PDF's text lacks the quote \"{quote}\". (CJK text needs a CJK font such as fonts-wqy-microhei, and emoji fonts-noto-color-emoji; tests/run.sh installs both.)");
        }

        Assert.Contains(Squash("Verdict report: Night desk"), text, StringComparison.Ordinal);
        Assert.Contains(Squash(SampleWorkspace.Script), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheDefaultSettings_ThenThePdfIsUntagged_AndTaggedPdfTagsIt()
    {
        var html = HtmlReport.RenderForPrint(Sample.DocumentContext());

        var plain = Encoding.Latin1.GetString(await new PdfRenderer(new PdfOptions()).RenderAsync(html));
        var tagged = Encoding.Latin1.GetString(await new PdfRenderer(new PdfOptions { TaggedPdf = true }).RenderAsync(html));

        Assert.DoesNotContain("/StructTreeRoot", plain, StringComparison.Ordinal);
        Assert.Contains("/StructTreeRoot", tagged, StringComparison.Ordinal);
        Assert.Contains("/MarkInfo", tagged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenNoChromium_WhenAPdfIsRequested_ThenTheErrorSaysHowToGetIt()
    {
        var renderer = new PdfRenderer(new PdfOptions { ChromiumPath = "/nonexistent/chromium" });

        var e = await Assert.ThrowsAsync<PdfRenderException>(() => renderer.RenderAsync("<p>x</p>"));

        Assert.Equal(PdfError.ChromiumMissing, e.Error);
        Assert.Equal("PDF export needs Chromium: install it (apt-get install chromium) or set Reports:ChromiumPath", e.Message);
    }

    /// <summary>pdftotext's output with all whitespace removed (lines wrap and justify differently from the source text).</summary>
    internal static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    internal static async Task<string> PdfToTextAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("annotatehub-pdftest-");
        try
        {
            var path = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-raw"); // content-stream order: keeps emoji (drawn from another font) in place
            start.ArgumentList.Add("-enc");
            start.ArgumentList.Add("UTF-8");
            start.ArgumentList.Add(path);
            start.ArgumentList.Add("-");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (install poppler-utils; tests/run.sh does).");
            var output = await process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"pdftotext failed: {await process.StandardError.ReadToEndAsync()}");
            return output;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
