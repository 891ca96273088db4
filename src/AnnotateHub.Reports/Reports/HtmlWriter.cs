using System.Text;

namespace AnnotateHub.Reports;

/// <summary>HTML-escapes text for element content and double-quoted attribute values alike: &amp; &lt; &gt; " and '.</summary>
public static class HtmlEscape
{
    public static void Append(StringBuilder builder, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (entity is null)
            {
                continue;
            }

            builder.Append(text, start, i - start).Append(entity);
            start = i + 1;
        }

        builder.Append(text, start, text.Length - start);
    }
}

/// <summary>A StringBuilder that writes HTML: every user string goes through <see cref="Text"/> (escaped).</summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _sb;

    public HtmlWriter(int capacity = 16 * 1024) => _sb = new StringBuilder(capacity);

    /// <summary>Our own markup, never user text.</summary>
    public HtmlWriter Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>Text, escaped for element content and attribute values alike (&amp; &lt; &gt; " ').</summary>
    public HtmlWriter Text(string? text)
    {
        HtmlEscape.Append(_sb, text);
        return this;
    }

    /// <summary>
    /// User text in element content, escaped and isolated in <c>&lt;bdi&gt;</c>: a right-to-left override (U+202E) or
    /// other direction control in it cannot reorder the text after it. Never inside an attribute value.
    /// </summary>
    public HtmlWriter UserText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return this;
        }

        _sb.Append("<bdi>");
        Text(text);
        _sb.Append("</bdi>");
        return this;
    }

    /// <summary>
    /// Writes <c>&lt;tag class="cls" dir="auto"&gt;text&lt;/tag&gt;</c>: the element isolates its text (HTML gives an element
    /// with <c>dir</c> <c>unicode-bidi: isolate</c>), so user text in it cannot reorder what follows.
    /// </summary>
    public HtmlWriter Element(string tag, string? cssClass, string? text)
    {
        _sb.Append('<').Append(tag).Append(" dir=\"auto\"");
        if (cssClass is not null)
        {
            _sb.Append(" class=\"").Append(cssClass).Append('"');
        }

        _sb.Append('>');
        Text(text);
        _sb.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>A link to an http(s)/mailto address, or the text alone when the address is not one.</summary>
    public HtmlWriter Link(string? url, string text)
    {
        if (!ReportFacts.IsSafeUrl(url))
        {
            return UserText(text);
        }

        _sb.Append("<a rel=\"noopener noreferrer nofollow\" dir=\"auto\" href=\"");
        Text(url!.Trim());
        _sb.Append("\">");
        Text(text);
        _sb.Append("</a>");
        return this;
    }

    public override string ToString() => _sb.ToString();
}
