using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace AnnotateHub.Reports;

/// <summary>JSON writing shared by the JSON reports: indented, LF line ends, deterministic.</summary>
internal static class JsonLd
{
    /// <summary>
    /// Letters of every script stay readable; the characters that matter in HTML (&lt; &gt; &amp; ' " + `) and
    /// everything outside the BMP (emoji) are \u-escaped, so the JSON can be put in a &lt;script type="application/ld+json"&gt;
    /// element without a "&lt;/script&gt;" in user text closing it.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = Encoder,
    };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        buffer.WriteByte((byte)'\n');
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
