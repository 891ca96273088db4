using AnnotateHub.Domain;

namespace AnnotateHub.Web.Services;

/// <summary>A run of text covered by the same set of highlights (none for plain text).</summary>
public sealed record TextSegment(int Start, string Text, IReadOnlyList<Annotation> Covering)
{
    public bool IsHighlighted => Covering.Count > 0;

    /// <summary>The covering annotations' ids, space-separated (for the data-annotation attribute).</summary>
    public string Ids => string.Join(' ', Covering.Select(a => a.Id));

    /// <summary>The innermost highlight (the one that starts last) decides the colour.</summary>
    public Annotation? Top => Covering.Count == 0 ? null : Covering[^1];
}

/// <summary>
/// Splits a document's text into segments at every highlight boundary, so overlapping and nested highlights render
/// as flat, non-overlapping spans. Positions are code points; slicing converts them to UTF-16 once per boundary.
/// O(n log n) in the number of annotations.
/// </summary>
public static class HighlightLayout
{
    public static IReadOnlyList<TextSegment> Build(DocumentState document, IEnumerable<Annotation> annotations)
    {
        var index = document.TextIndex;
        var live = annotations
            .Where(a => !a.Deleted && a.Target.Position.End <= index.CodePointLength && a.Target.Position.Start < a.Target.Position.End)
            .OrderBy(a => a.Target.Position.Start)
            .ThenByDescending(a => a.Target.Position.End)
            .ToArray();

        var boundaries = new SortedSet<int> { 0, index.CodePointLength };
        foreach (var a in live)
        {
            boundaries.Add(a.Target.Position.Start);
            boundaries.Add(a.Target.Position.End);
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

            var from = index.ToUtf16Index(start);
            var to = index.ToUtf16Index(end);
            segments.Add(new TextSegment(start, document.Text[from..to], active.Count == 0 ? [] : active.ToArray()));
        }

        return segments;
    }
}
