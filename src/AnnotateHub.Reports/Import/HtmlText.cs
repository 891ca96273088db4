using System.Text;
using AngleSharp.Dom;

namespace AnnotateHub.Reports;

/// <summary>
/// Writes the text of a parsed HTML tree by the rules in <see cref="TextImporter"/>'s remarks. Walks the tree without
/// recursion (deeply nested hostile markup cannot overflow the stack); linear in the size of the tree.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "head", "title", "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
        "canvas", "audio", "video", "svg", "math", "select", "datalist", "textarea", "input", "rp", "meta", "link", "base",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "listing", "plaintext", "xmp", "table", "figure", "hr", "address",
    };

    private static readonly HashSet<string> Lists = new(StringComparer.Ordinal) { "ul", "ol", "dl" };

    private static readonly HashSet<string> Lines = new(StringComparer.Ordinal)
    {
        "div", "li", "dt", "dd", "tr", "thead", "tbody", "tfoot", "caption", "section", "article", "header", "footer", "nav",
        "aside", "main", "figcaption", "details", "summary", "dialog", "form", "fieldset", "legend", "hgroup", "menu",
        "center", "search", "body", "html", "optgroup", "option",
    };

    private static readonly HashSet<string> Preformatted = new(StringComparer.Ordinal) { "pre", "listing", "plaintext", "xmp" };

    public static string Extract(INode root)
    {
        var writer = new Writer();
        var preDepth = 0;
        if (root is IElement rootElement)
        {
            preDepth += Preformatted.Contains(rootElement.LocalName) ? 1 : 0;
        }

        var node = root.FirstChild;
        while (node is not null)
        {
            var entered = Enter(node, writer, ref preDepth);
            if (entered && node.HasChildNodes)
            {
                node = node.FirstChild;
                continue;
            }

            if (entered)
            {
                Leave(node, writer, ref preDepth);
            }

            while (node is not null && !ReferenceEquals(node, root) && node.NextSibling is null)
            {
                node = node.Parent;
                if (node is not null && !ReferenceEquals(node, root))
                {
                    Leave(node, writer, ref preDepth);
                }
            }

            node = node is null || ReferenceEquals(node, root) ? null : node.NextSibling;
        }

        return writer.ToString();
    }

    /// <summary>Handles the start of a node; false when its content is not text (then it is not descended into).</summary>
    private static bool Enter(INode node, Writer writer, ref int preDepth)
    {
        switch (node)
        {
            case IText text:
                if (preDepth > 0)
                {
                    writer.Content(text.Data);
                }
                else
                {
                    writer.Collapsed(text.Data);
                }

                return true;
            case IElement element:
                var name = element.LocalName;
                if (Dropped.Contains(name) || element.HasAttribute("hidden"))
                {
                    return false;
                }

                if (name == "br")
                {
                    writer.HardBreak();
                    return false;
                }

                if (Preformatted.Contains(name))
                {
                    preDepth++;
                }

                writer.RequireBreaks(BreaksOf(element));
                return true;
            default:
                return false; // comments, doctype, processing instructions
        }
    }

    private static void Leave(INode node, Writer writer, ref int preDepth)
    {
        if (node is not IElement element)
        {
            return;
        }

        var name = element.LocalName;
        if (Preformatted.Contains(name))
        {
            preDepth--;
        }

        if (name is "td" or "th")
        {
            writer.Separator('\t');
            return;
        }

        writer.RequireBreaks(BreaksOf(element));
    }

    private static int BreaksOf(IElement element)
    {
        var name = element.LocalName;
        if (Paragraphs.Contains(name))
        {
            return 2;
        }

        if (Lists.Contains(name))
        {
            for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
            {
                if (parent.LocalName is "li" or "dd")
                {
                    return 1;
                }
            }

            return 2;
        }

        return Lines.Contains(name) ? 1 : 0;
    }

    /// <summary>Text output with pending separators and "required line break counts" that collapse (max wins).</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();
        private int _requiredBreaks;
        private char _separator;

        public void RequireBreaks(int count)
        {
            if (count > 0)
            {
                _requiredBreaks = Math.Max(_requiredBreaks, count);
                _separator = '\0';
            }
        }

        public void Separator(char c)
        {
            if (_requiredBreaks == 0 && (_separator == '\0' || c == '\t'))
            {
                _separator = c;
            }
        }

        public void HardBreak()
        {
            FlushBreaks();
            _separator = '\0';
            _sb.Append('\n');
        }

        /// <summary>Preformatted text: written exactly.</summary>
        public void Content(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            Flush();
            _sb.Append(text);
        }

        /// <summary>Normal-flow text: runs of HTML whitespace become one (pending) space.</summary>
        public void Collapsed(string text)
        {
            var runStart = -1;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    if (runStart >= 0)
                    {
                        Flush();
                        _sb.Append(text, runStart, i - runStart);
                        runStart = -1;
                    }

                    Separator(' ');
                }
                else if (runStart < 0)
                {
                    runStart = i;
                }
            }

            if (runStart >= 0)
            {
                Flush();
                _sb.Append(text, runStart, text.Length - runStart);
            }
        }

        public override string ToString() => _sb.ToString();

        private void Flush()
        {
            if (_requiredBreaks > 0)
            {
                FlushBreaks();
            }
            else if (_separator != '\0')
            {
                if (_sb.Length > 0 && _sb[^1] != '\n')
                {
                    _sb.Append(_separator);
                }

                _separator = '\0';
            }
        }

        private void FlushBreaks()
        {
            if (_requiredBreaks > 0 && _sb.Length > 0)
            {
                var existing = 0;
                for (var k = _sb.Length - 1; k >= 0 && _sb[k] == '\n' && existing < _requiredBreaks; k--)
                {
                    existing++;
                }

                _sb.Append('\n', _requiredBreaks - existing);
            }

            _requiredBreaks = 0;
            _separator = '\0';
        }
    }
}
