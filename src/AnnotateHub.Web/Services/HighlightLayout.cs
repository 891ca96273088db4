using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Reports;

namespace AnnotateHub.Web.Services;

/// <summary>A run of text covered by the same set of highlights (none for plain text).</summary>
public sealed record TextSegment(int Start, string Text, IReadOnlyList<Annotation> Covering)
{
    public bool IsHighlighted => Covering.Count > 0;

    private string? _ids;
    private string? _class;
    private string? _title;

    /// <summary>The covering annotations' ids, space-separated (for the data-annotation attribute). Built once, shared by every session.</summary>
    public string Ids => _ids ??= string.Join(' ', Covering.Select(a => a.Id));

    /// <summary>The highlight's CSS classes with the top annotation's true status (built once, shared).</summary>
    public string Class => _class ??= ClassFor(Top is { } top ? top.Status.WireName() : string.Empty);

    /// <summary>"claim (open) by Ines Duarte; comment by …" with true statuses (built once with the server's names, shared).</summary>
    public string Title(Func<string, string> nameOf) => _title ??= Describe(nameOf, a => a.Status.WireName());

    /// <summary>The tooltip with the statuses a reader may see.</summary>
    public string Describe(Func<string, string> nameOf, Func<Annotation, string> statusOf) =>
        string.Join("; ", Covering.Select(a => a.IsClaim()
            ? $"{a.Kind.WireName()} ({statusOf(a)}) by {nameOf(a.AuthorId)}"
            : $"{a.Kind.WireName()} by {nameOf(a.AuthorId)}"));

    /// <summary>The CSS classes with the status a reader may see (blind voting hides "consensus"/"disputed").</summary>
    public string ClassFor(string status) =>
        Top is { } top ? $"hl kind-{top.Kind.WireName()} status-{status} depth-{Math.Min(Covering.Count, 3)}" : string.Empty;

    /// <summary>The innermost highlight (the one that starts last) decides the colour.</summary>
    public Annotation? Top => Covering.Count == 0 ? null : Covering[^1];

    /// <summary>Same place, same text and the very same annotation records (records are replaced when they change).</summary>
    public bool SameAs(TextSegment other)
    {
        if (Start != other.Start || Text.Length != other.Text.Length || Covering.Count != other.Covering.Count)
        {
            return false;
        }

        for (var i = 0; i < Covering.Count; i++)
        {
            if (!ReferenceEquals(Covering[i], other.Covering[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// A fixed stretch of the text (whole paragraphs, cut by the text alone, never by highlights) with its segments.
/// The page renders one component per block, so a change re-renders only the blocks it touches.
/// </summary>
public sealed class TextBlock
{
    private string? _html;

    public TextBlock(int start, int end, IReadOnlyList<TextSegment> segments)
    {
        Start = start;
        End = end;
        Segments = segments;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            foreach (var annotation in segment.Covering)
            {
                ids.Add(annotation.Id);
            }
        }

        AnnotationIds = ids;
    }

    /// <summary>Start offset in code points.</summary>
    public int Start { get; }

    /// <summary>End offset in code points (exclusive).</summary>
    public int End { get; }

    public IReadOnlyList<TextSegment> Segments { get; }

    /// <summary>Every annotation with a highlight in this block.</summary>
    public IReadOnlySet<string> AnnotationIds { get; }

    /// <summary>
    /// The block as HTML, with true statuses and nothing selected or fresh: what most readers see of most blocks. Built
    /// once (every character of user text HTML-encoded) and shared by every session, which renders it as a single
    /// markup frame instead of a few frames per segment.
    /// </summary>
    public string Html(Func<string, string> nameOf)
    {
        if (_html is { } html)
        {
            return html;
        }

        var builder = new StringBuilder(Segments.Sum(s => s.Text.Length) + (Segments.Count * 96));
        foreach (var segment in Segments)
        {
            if (segment.Top is null)
            {
                builder.Append("<span data-s=\"").Append(segment.Start).Append("\">");
                HtmlEscape.Append(builder, segment.Text);
                builder.Append("</span>");
            }
            else
            {
                builder.Append("<mark class=\"");
                HtmlEscape.Append(builder, segment.Class);
                builder.Append("\" data-s=\"").Append(segment.Start).Append("\" data-annotation=\"");
                HtmlEscape.Append(builder, segment.Ids);
                builder.Append("\" title=\"");
                HtmlEscape.Append(builder, segment.Title(nameOf));
                builder.Append("\">");
                HtmlEscape.Append(builder, segment.Text);
                builder.Append("</mark>");
            }
        }

        return _html = builder.ToString();
    }

    public bool SameAs(TextBlock other)
    {
        if (Start != other.Start || End != other.End || Segments.Count != other.Segments.Count)
        {
            return false;
        }

        for (var i = 0; i < Segments.Count; i++)
        {
            if (!Segments[i].SameAs(other.Segments[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// Splits a document's text into segments at every highlight boundary, so overlapping and nested highlights render
/// as flat, non-overlapping spans. Positions are code points; slicing converts them to UTF-16 once per boundary.
/// O(n log n) in the number of annotations.
/// </summary>
public static class HighlightLayout
{
    /// <summary>A block is cut at the first line break after this many code points (or a space, after four times as many).</summary>
    public const int BlockSize = 600;

    public static IReadOnlyList<TextSegment> Build(DocumentState document, IEnumerable<Annotation> annotations) =>
        Build(document, annotations, []);

    /// <summary>Segments, also cut at <paramref name="cuts"/> (code-point offsets).</summary>
    public static IReadOnlyList<TextSegment> Build(DocumentState document, IEnumerable<Annotation> annotations, IReadOnlyList<int> cuts) =>
        Segments(document, annotations, 0, document.TextIndex.CodePointLength, cuts);

    /// <summary>The segments of [<paramref name="from"/>, <paramref name="to"/>) only, also cut at <paramref name="cuts"/>.</summary>
    private static List<TextSegment> Segments(DocumentState document, IEnumerable<Annotation> annotations, int from, int to, IReadOnlyList<int> cuts)
    {
        var index = document.TextIndex;
        var live = annotations
            .Where(a => !a.Deleted && a.Target.Position.End <= index.CodePointLength && a.Target.Position.Start < a.Target.Position.End &&
                        a.Target.Position.Start < to && a.Target.Position.End > from)
            .OrderBy(a => a.Target.Position.Start)
            .ThenByDescending(a => a.Target.Position.End)
            .ToArray();

        var boundaries = new SortedSet<int> { from, to };
        foreach (var cut in cuts)
        {
            if (cut > from && cut < to)
            {
                boundaries.Add(cut);
            }
        }

        foreach (var a in live)
        {
            boundaries.Add(Math.Max(from, a.Target.Position.Start));
            boundaries.Add(Math.Min(to, a.Target.Position.End));
        }

        var segments = new List<TextSegment>(boundaries.Count);
        var active = new List<Annotation>();
        var next = 0;
        var points = boundaries.ToArray();
        for (var i = 0; i + 1 < points.Length; i++)
        {
            int start = points[i], end = points[i + 1];
            active.RemoveAll(a => a.Target.Position.End <= start);
            while (next < live.Length && live[next].Target.Position.Start <= start)
            {
                if (live[next].Target.Position.End > start)
                {
                    active.Add(live[next]);
                }

                next++;
            }

            var utf16From = index.ToUtf16Index(start);
            var utf16To = index.ToUtf16Index(end);
            segments.Add(new TextSegment(start, document.Text[utf16From..utf16To], active.Count == 0 ? [] : active.ToArray()));
        }

        return segments;
    }

    /// <summary>
    /// Where the text's blocks start (code points; the first is 0): after the first line break once a block has
    /// <see cref="BlockSize"/> code points, or at a space once it has four times that. Depends on the text only.
    /// </summary>
    public static IReadOnlyList<int> BlockStarts(string text)
    {
        var starts = new List<int> { 0 };
        int codePoint = 0, blockStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            codePoint++;
            var size = codePoint - blockStart;
            if ((c == '\n' && size >= BlockSize) || (c == ' ' && size >= 4 * BlockSize))
            {
                blockStart = codePoint;
                starts.Add(blockStart);
            }
        }

        if (starts.Count > 1 && starts[^1] >= codePoint)
        {
            starts.RemoveAt(starts.Count - 1);
        }

        return starts;
    }

    /// <summary>
    /// The text in blocks. A block whose segments are the same as in <paramref name="previous"/> (same places, same
    /// annotation records) is that very block object, so its component can skip re-rendering.
    /// </summary>
    public static IReadOnlyList<TextBlock> BuildBlocks(
        DocumentState document, IEnumerable<Annotation> annotations, IReadOnlyList<int> blockStarts, IReadOnlyList<TextBlock>? previous = null)
    {
        var segments = Build(document, annotations, blockStarts);
        var length = document.TextIndex.CodePointLength;
        var blocks = new List<TextBlock>(blockStarts.Count);
        var s = 0;
        for (var b = 0; b < blockStarts.Count; b++)
        {
            var start = blockStarts[b];
            var end = b + 1 < blockStarts.Count ? blockStarts[b + 1] : length;
            var first = s;
            while (s < segments.Count && segments[s].Start < end)
            {
                s++;
            }

            var block = new TextBlock(start, end, segments.Skip(first).Take(s - first).ToArray());
            blocks.Add(previous is not null && b < previous.Count && previous[b].SameAs(block) ? previous[b] : block);
        }

        return blocks;
    }

    /// <summary>
    /// The blocks after a change to the annotations <paramref name="changedIds"/> only (created, edited, voted on,
    /// deleted…): the blocks they were or are in are laid out again, every other block of <paramref name="previous"/>
    /// is kept as it is. The same blocks as <see cref="BuildBlocks"/> would give, at the cost of the touched blocks.
    /// </summary>
    public static IReadOnlyList<TextBlock> UpdateBlocks(
        DocumentState document, IReadOnlyList<Annotation> annotations, IReadOnlyList<TextBlock> previous, IReadOnlySet<string> changedIds)
    {
        var touched = annotations.Where(a => changedIds.Contains(a.Id)).ToArray();
        var blocks = new TextBlock[previous.Count];
        for (var b = 0; b < previous.Count; b++)
        {
            var old = previous[b];
            var affected = old.AnnotationIds.Overlaps(changedIds) ||
                           touched.Any(a => a.Target.Position.Start < old.End && a.Target.Position.End > old.Start);
            if (!affected)
            {
                blocks[b] = old;
                continue;
            }

            var block = new TextBlock(old.Start, old.End, Segments(document, annotations, old.Start, old.End, []));
            blocks[b] = old.SameAs(block) ? old : block;
        }

        return blocks;
    }
}
