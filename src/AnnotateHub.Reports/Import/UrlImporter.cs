using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace AnnotateHub.Reports;

/// <summary>What a URL import fetched.</summary>
/// <param name="RequestedUrl">The address asked for.</param>
/// <param name="FinalUrl">The address the content came from, after redirects.</param>
/// <param name="Title">The page's &lt;title&gt; or og:title (HTML), first heading (Markdown); null when there is none.</param>
/// <param name="Text">The normalised text (never empty).</param>
/// <param name="Format">How the content was read.</param>
/// <param name="MediaType">The media type the server gave, e.g. "text/html".</param>
/// <param name="Redirects">How many redirects were followed.</param>
public sealed record UrlImportResult(Uri RequestedUrl, Uri FinalUrl, string? Title, string Text, ImportFormat Format, string MediaType, int Redirects);

/// <summary>
/// Fetches a web page server-side and imports its text (<see cref="TextImporter"/>). Only http and https; text/html,
/// application/xhtml+xml, text/plain and text/markdown; at most <see cref="UrlImportOptions.MaxBytes"/> bytes read (streamed,
/// the read stops at the cap); the whole import within <see cref="UrlImportOptions.TimeLimit"/>; at most
/// <see cref="UrlImportOptions.MaxRedirects"/> redirects, followed one by one with every check applied again to each
/// address. Unless <see cref="UrlImportOptions.AllowPrivateAddresses"/> is set, the host of every hop is resolved
/// and the connection is refused when any of its addresses is not public (<see cref="AddressPolicy"/>); the checked
/// address is the one connected to (no second lookup a DNS rebinding could change), and proxies are not used.
/// Failures throw <see cref="UrlImportException"/> with a message that says what to do. Thread-safe; one instance per app.
/// </summary>
/// <remarks>
/// Character set: a byte-order mark wins; then the <c>charset</c> of the Content-Type; then, for HTML, a
/// <c>&lt;meta charset&gt;</c> (or http-equiv Content-Type) in the first 1024 bytes; else UTF-8. Labels are read as
/// browsers read them (iso-8859-1, latin1 and us-ascii mean windows-1252); an unknown label falls back to UTF-8.
/// Bytes that do not decode become U+FFFD.
/// </remarks>
public sealed partial class UrlImporter : IDisposable
{
    private static readonly TimeSpan ConnectAttemptLimit = TimeSpan.FromSeconds(10);

    private readonly UrlImportOptions _options;
    private readonly HttpClient _client;

    static UrlImporter()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public UrlImporter(UrlImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The limits in force.</summary>
    public UrlImportOptions Options => _options;

    /// <summary>Fetches <paramref name="url"/> and imports its text.</summary>
    /// <exception cref="UrlImportException">The address is refused, the fetch failed or the content cannot be imported.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<UrlImportResult> ImportAsync(string url, CancellationToken cancellationToken = default)
    {
        var requested = ParseUrl(url);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.TimeLimit);
        var current = requested;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.ParseAdd(_options.UserAgent);
                request.Headers.Accept.ParseAdd("text/html, application/xhtml+xml, text/markdown, text/plain;q=0.9, */*;q=0.1");
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    var location = response.Headers.Location
                        ?? throw new UrlImportException(UrlImportError.HttpStatus, $"{current} answered {(int)response.StatusCode} (a redirect) without saying where to. Check the address.");
                    if (redirects >= _options.MaxRedirects)
                    {
                        throw new UrlImportException(
                            UrlImportError.TooManyRedirects,
                            $"{requested} redirected more than {_options.MaxRedirects} times. Open it in a browser and import the address it finally shows.");
                    }

                    current = CheckHop(location.IsAbsoluteUri ? location : new Uri(current, location), current);
                    continue;
                }

                return await ReadAsync(requested, current, response, redirects, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(requested);
        }
        catch (HttpRequestException e)
        {
            if (FindInner<UrlImportException>(e) is { } inner)
            {
                throw new UrlImportException(inner.Error, inner.Message, e);
            }

            if (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(requested);
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new UrlImportException(
                UrlImportError.ConnectionFailed,
                $"Could not fetch {current}: {e.Message} Check the address, or try again later.",
                e);
        }
    }

    public void Dispose() => _client.Dispose();

    private UrlImportException TimedOut(Uri requested) => new(
        UrlImportError.TimedOut,
        $"{requested} did not send its content within {Seconds(_options.TimeLimit)}. Try again later, or save the page and upload it as a file.");

    private static Uri ParseUrl(string url)
    {
        // On Unix "/some/path" parses as a file URI: it is not a web address at all, unlike an explicit "file:" one.
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || ((uri.IsFile || uri.IsUnc) && !url.TrimStart().StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UrlImportException(
                UrlImportError.InvalidUrl,
                $"\"{url}\" is not a web address. Give a full address such as https://example.org/article.");
        }

        return CheckHop(uri, null);
    }

    private static Uri CheckHop(Uri uri, Uri? from)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            var what = from is null ? $"\"{uri.Scheme}:\" addresses cannot be imported" : $"{from} redirected to a \"{uri.Scheme}:\" address, which cannot be imported";
            throw new UrlImportException(
                UrlImportError.SchemeNotAllowed,
                $"Only http and https addresses can be imported; {what}. Download the content and upload it as a file instead.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new UrlImportException(
                UrlImportError.InvalidUrl,
                "Addresses with a user name or password cannot be imported. Remove the \"user:password@\" part, or download the page and upload it as a file.");
        }

        return uri;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.MultipleChoices;

    private async Task<UrlImportResult> ReadAsync(Uri requested, Uri final, HttpResponseMessage response, int redirects, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
            throw new UrlImportException(
                UrlImportError.HttpStatus,
                $"{final} answered {status}. Check the address; if the page needs a sign-in, save it in your browser and upload the file.");
        }

        var contentType = response.Content.Headers.ContentType;
        var mediaType = contentType?.MediaType?.ToLowerInvariant() ?? string.Empty;
        var format = ImportFormats.FromMediaType(mediaType) ?? throw new UrlImportException(
            UrlImportError.UnsupportedContentType,
            mediaType.Length == 0
                ? $"{final} did not say what kind of content it is, so it cannot be imported. Save it as a .html, .md or .txt file and upload that."
                : $"{final} is {mediaType}, not a web page or text (text/html, text/plain or text/markdown). Download it and import its text as a file.");

        if (response.Content.Headers.ContentLength is { } length && length > _options.MaxBytes)
        {
            throw TooLarge(final);
        }

        var bytes = await ReadCappedAsync(response.Content, final, cancellationToken).ConfigureAwait(false);
        var content = Decode(bytes, contentType, format);
        var imported = TextImporter.Import(content, format);
        if (imported.Text.Length == 0)
        {
            throw new UrlImportException(
                UrlImportError.NoText,
                $"{final} has no text to import (the page may build its content with script). Copy its text and paste it instead.");
        }

        return new UrlImportResult(requested, final, imported.Title, imported.Text, format, mediaType, redirects);
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, Uri url, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > _options.MaxBytes)
                {
                    throw TooLarge(url);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private UrlImportException TooLarge(Uri url) => new(
        UrlImportError.TooLarge,
        $"{url} is larger than {Megabytes(_options.MaxBytes)}, the import limit. Save the part you need as a file and upload it.");

    /// <summary>Decodes a body by the rules in the class remarks.</summary>
    internal static string Decode(byte[] bytes, MediaTypeHeaderValue? contentType, ImportFormat format)
    {
        var (bomEncoding, bomLength) = FromBom(bytes);
        var encoding = bomEncoding
            ?? FromLabel(contentType?.CharSet)
            ?? (format == ImportFormat.Html ? FromMeta(bytes) : null)
            ?? Encoding.UTF8;
        return encoding.GetString(bytes, bomLength, bytes.Length - bomLength);
    }

    private static (Encoding? Encoding, int Length) FromBom(byte[] b) => b switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        _ => (null, 0),
    };

    private static Encoding? FromLabel(string? label)
    {
        var name = label?.Trim().Trim('"', '\'').ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        name = name switch
        {
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "iso_8859-1" or "cp1252" => "windows-1252",
            "utf8" or "unicode-1-1-utf-8" => "utf-8",
            _ => name,
        };
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding? FromMeta(byte[] bytes)
    {
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 1024));
        var match = MetaCharset().Match(head);
        if (!match.Success)
        {
            return null;
        }

        var encoding = FromLabel(match.Groups[1].Value);

        // A UTF-16 label in a meta element cannot be right (the meta itself was readable as ASCII): browsers use UTF-8.
        return encoding is UnicodeEncoding ? Encoding.UTF8 : encoding;
    }

    [GeneratedRegex("""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    /// <summary>Resolves the host, refuses non-public addresses (unless allowed), and connects to a checked address.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new UrlImportException(UrlImportError.HostNotFound, $"The host \"{host}\" was not found. Check the address.", e);
            }

            if (addresses.Length == 0)
            {
                throw new UrlImportException(UrlImportError.HostNotFound, $"The host \"{host}\" has no address. Check the address.");
            }
        }

        if (!_options.AllowPrivateAddresses)
        {
            foreach (var address in addresses)
            {
                if (AddressPolicy.NonPublicReason(address) is { } reason)
                {
                    var resolves = IPAddress.TryParse(host, out _) ? $"{address} is" : $"\"{host}\" resolves to {address},";
                    throw new UrlImportException(
                        UrlImportError.AddressNotAllowed,
                        $"{resolves} a {reason} address, which this server does not fetch from (it could reach internal services). " +
                        "Import from a public address, or save the page and upload it as a file. An administrator can allow such addresses with the setting Import:AllowPrivateAddresses.");
                }
            }
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(ConnectAttemptLimit);
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), attempt.Token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new UrlImportException(
            UrlImportError.ConnectionFailed,
            $"Could not connect to \"{host}\" ({last?.Message}). Check the address, or try again later.",
            last);
    }

    private static T? FindInner<T>(Exception e)
        where T : Exception
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds >= 1
            ? $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds"
            : $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";

    private static string Megabytes(long bytes) =>
        bytes >= 1024 * 1024
            ? $"{(bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB"
            : $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes";
}
