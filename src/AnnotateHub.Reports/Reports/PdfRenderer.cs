using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AnnotateHub.Reports;

/// <summary>Settings of the PDF export (configuration section <c>Reports</c>).</summary>
public sealed class PdfOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Reports";

    /// <summary>The Chromium (or Chrome) executable; default the <c>CHROMIUM_PATH</c> environment variable, else /usr/bin/chromium.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>How long one rendering may take before Chromium is stopped. Default 60 s.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many renderings may run at once (each is a browser process). Default 2.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>
    /// Whether Chromium tags the PDF (its structure for screen readers and reflow). Default false: for 1,000 claims a
    /// tagged PDF took 11.7 s instead of 6.4 s and 3.7 times the bytes (docs/benchmarks.md, export-1000), and the HTML
    /// report is the accessible copy. Turn it on where PDFs must be accessible documents.
    /// </summary>
    public bool TaggedPdf { get; set; }

    /// <summary>The executable to run: <see cref="ChromiumPath"/>, else CHROMIUM_PATH, else /usr/bin/chromium.</summary>
    public string ResolveExecutable() =>
        !string.IsNullOrWhiteSpace(ChromiumPath) ? ChromiumPath.Trim()
        : Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim()
        : "/usr/bin/chromium";
}

/// <summary>Why a PDF could not be made.</summary>
public enum PdfError
{
    /// <summary>No Chromium at the configured path.</summary>
    ChromiumMissing,

    /// <summary>Chromium did not finish within the time limit.</summary>
    TimedOut,

    /// <summary>Chromium ran but produced no PDF.</summary>
    Failed,
}

/// <summary>A PDF could not be made; the message says what to do.</summary>
public sealed class PdfRenderException(PdfError error, string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The message when Chromium is absent.</summary>
    public const string ChromiumMissingMessage = "PDF export needs Chromium: install it (apt-get install chromium) or set Reports:ChromiumPath";

    public PdfError Error { get; } = error;
}

/// <summary>
/// Turns an HTML report into a PDF with headless Chromium, so that the PDF and the HTML report share one template:
/// the HTML is written to a private temporary folder and printed with
/// <c>chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=out.pdf file.html</c>
/// (plus flags that keep the browser off the network and quiet, a throwaway profile, and <c>--disable-pdf-tagging</c>
/// unless <see cref="PdfOptions.TaggedPdf"/>). The report's own Content-Security-Policy blocks every script and load. At most <see cref="PdfOptions.MaxConcurrent"/> renderings run
/// at once; one that passes the time limit is killed (with its child processes) and reported.
/// </summary>
public sealed class PdfRenderer
{
    private readonly PdfOptions _options;
    private readonly SemaphoreSlim _slots;

    public PdfRenderer(PdfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TimeLimit, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrent, 1);
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConcurrent, options.MaxConcurrent);
    }

    /// <summary>True when the configured Chromium executable exists.</summary>
    public bool IsAvailable => File.Exists(_options.ResolveExecutable());

    /// <summary>Renders <paramref name="html"/> (a complete document) to PDF bytes.</summary>
    /// <exception cref="PdfRenderException">Chromium is missing, failed or ran out of time.</exception>
    public async Task<byte[]> RenderAsync(string html, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        var executable = _options.ResolveExecutable();
        if (!File.Exists(executable))
        {
            throw new PdfRenderException(PdfError.ChromiumMissing, PdfRenderException.ChromiumMissingMessage);
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var folder = Directory.CreateTempSubdirectory("annotatehub-pdf-");
        try
        {
            var input = Path.Combine(folder.FullName, "report.html");
            var output = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllTextAsync(input, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await RunChromiumAsync(executable, folder.FullName, input, output, cancellationToken).ConfigureAwait(false);
            var info = new FileInfo(output);
            if (!info.Exists || info.Length == 0)
            {
                throw new PdfRenderException(PdfError.Failed, "Chromium finished but wrote no PDF. Check that it runs on this machine (chromium --headless --version).");
            }

            return await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is harmless
            }
            catch (UnauthorizedAccessException)
            {
                // ditto
            }
        }
    }

    private async Task RunChromiumAsync(string executable, string folder, string input, string output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        var arguments = new List<string>
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
            $"--user-data-dir={Path.Combine(folder, "profile")}",
            $"--crash-dumps-dir={folder}",
            $"--print-to-pdf={output}",
        };
        if (!_options.TaggedPdf)
        {
            arguments.Add("--disable-pdf-tagging");
        }

        arguments.Add(new Uri(input).AbsoluteUri);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Chromium looks for a writable home for its caches; keep it inside the throwaway folder.
        start.Environment["HOME"] = folder;
        start.Environment["XDG_CONFIG_HOME"] = folder;
        start.Environment["XDG_CACHE_HOME"] = folder;

        using var process = new Process { StartInfo = start };
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    if (stderr.Length < 8000)
                    {
                        stderr.AppendLine(e.Data);
                    }
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new PdfRenderException(PdfError.ChromiumMissing, PdfRenderException.ChromiumMissingMessage, e);
        }

        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.TimeLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it exited meanwhile
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new PdfRenderException(
                PdfError.TimedOut,
                $"Chromium did not finish the PDF within {_options.TimeLimit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds. Try again; for a very large workspace, export one document at a time or raise Reports:TimeLimit.");
        }

        if (process.ExitCode != 0 && !File.Exists(output))
        {
            string detail;
            lock (stderr)
            {
                detail = stderr.ToString().Trim();
            }

            throw new PdfRenderException(
                PdfError.Failed,
                $"Chromium failed to print the PDF (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}). Check that '{executable}' is a working Chromium. {Tail(detail)}".TrimEnd());
        }
    }

    private static string Tail(string text) => text.Length <= 600 ? text : "…" + text[^600..];
}
