using System.Collections.Concurrent;
using AnnotateHub.Domain;

namespace AnnotateHub.Web.Services;

/// <summary>
/// What every reader of one version of a document sees before their own filters, selection and role apply: the state,
/// the live annotations in text order, the text laid out in blocks, and the tags and authors the filters offer.
/// Immutable; built once per version and shared by every session on the document (see <see cref="DocumentViews"/>).
/// </summary>
public sealed class DocumentView
{
    private DocumentView(DocumentState state, IReadOnlyList<Annotation> live, IReadOnlyList<int> blockStarts, IReadOnlyList<TextBlock> blocks)
    {
        State = state;
        Live = live;
        BlockStarts = blockStarts;
        Blocks = blocks;
        Tags = live.SelectMany(a => a.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        AuthorIds = live.Select(a => a.AuthorId).Distinct(StringComparer.Ordinal).ToArray();
    }

    public static DocumentView Empty { get; } = Create(DocumentState.Empty);

    public DocumentState State { get; }

    public long Version => State.Version;

    /// <summary>Annotations not deleted, in text order (start, then end).</summary>
    public IReadOnlyList<Annotation> Live { get; }

    public IReadOnlyList<TextBlock> Blocks { get; }

    /// <summary>Every tag in use, sorted, case-insensitively distinct.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Everyone who has written an annotation.</summary>
    public IReadOnlyList<string> AuthorIds { get; }

    internal IReadOnlyList<int> BlockStarts { get; }

    /// <summary>
    /// Whether a live change from <paramref name="before"/> to <paramref name="after"/> changes what the document page
    /// renders around the text and the cards: the filter choices (tags, authors), or whether there are annotations at all.
    /// </summary>
    public static bool ChangesPage(DocumentView before, DocumentView after) =>
        (before.Live.Count == 0) != (after.Live.Count == 0) ||
        !after.Tags.SequenceEqual(before.Tags, StringComparer.Ordinal) || !after.AuthorIds.SequenceEqual(before.AuthorIds, StringComparer.Ordinal);

    /// <summary>
    /// The view of <paramref name="state"/>, reusing the unchanged blocks of <paramref name="previous"/> (same text).
    /// With <paramref name="changedIds"/> (the only annotations that changed since <paramref name="previous"/>) only
    /// the blocks they touch are laid out again.
    /// </summary>
    public static DocumentView Create(DocumentState state, DocumentView? previous = null, IReadOnlySet<string>? changedIds = null)
    {
        if (!state.Exists)
        {
            return new DocumentView(state, [], [0], []);
        }

        var live = state.Annotations
            .Where(a => !a.Deleted)
            .OrderBy(a => a.Target.Position.Start)
            .ThenBy(a => a.Target.Position.End)
            .ToArray();
        var reuse = previous is not null && previous.State.Exists && string.Equals(previous.State.Id, state.Id, StringComparison.Ordinal);
        var starts = reuse ? previous!.BlockStarts : HighlightLayout.BlockStarts(state.Text);
        var blocks = reuse && changedIds is not null
            ? HighlightLayout.UpdateBlocks(state, live, previous!.Blocks, changedIds)
            : HighlightLayout.BuildBlocks(state, live, starts, reuse ? previous!.Blocks : null);
        return new DocumentView(state, live, starts, blocks);
    }
}

/// <summary>
/// The latest <see cref="DocumentView"/> of every document someone is reading on this server. A change is folded and
/// laid out once, by the first session that receives it; every other session on the document gets the same object.
/// Documents nobody has asked about for <see cref="IdleFor"/> are dropped.
/// </summary>
public sealed class DocumentViews(TimeProvider time)
{
    public static readonly TimeSpan IdleFor = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _lastSweep;

    /// <summary>How many documents have a cached view (for the operations page and tests).</summary>
    public int Count => _entries.Count;

    /// <summary>The view of this state: the cached one when it is the same version, otherwise built (and cached if newest).</summary>
    public DocumentView For(DocumentState state)
    {
        if (!state.Exists)
        {
            return DocumentView.Create(state);
        }

        var entry = Touch(state.Id);
        lock (entry.Gate)
        {
            if (entry.Latest is { } latest && latest.Version == state.Version)
            {
                return latest;
            }

            var view = DocumentView.Create(state, entry.Latest);
            if (entry.Latest is null || view.Version > entry.Latest.Version)
            {
                entry.Latest = view;
            }

            return view;
        }
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="events"/> applied (they must follow it without a gap): the
    /// cached view when another session got there first, otherwise folded and laid out here and cached.
    /// </summary>
    public DocumentView Advance(DocumentView current, IReadOnlyList<DocumentEvent> events)
    {
        if (events.Count == 0)
        {
            return current;
        }

        var target = events[^1].Sequence;
        var entry = Touch(current.State.Id);
        lock (entry.Gate)
        {
            if (entry.Latest is { } latest && latest.Version == target)
            {
                return latest;
            }

            // events about annotations only: lay out just the blocks those annotations touch; anything else (e.g. a
            // quorum change, which can change every claim's status) lays out the whole text again
            var changed = events.All(e => e is AnnotationEvent)
                ? events.OfType<AnnotationEvent>().Select(e => e.AnnotationId).ToHashSet(StringComparer.Ordinal)
                : null;
            var view = DocumentView.Create(DocumentDecider.Fold(current.State, events), current, changed);
            if (entry.Latest is null || view.Version > entry.Latest.Version)
            {
                entry.Latest = view;
            }

            return view;
        }
    }

    private Entry Touch(string documentId)
    {
        var now = time.GetTimestamp();
        var entry = _entries.GetOrAdd(documentId, static _ => new Entry());
        Volatile.Write(ref entry.LastUsed, now);
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) > TimeSpan.FromMinutes(1) && Interlocked.CompareExchange(ref _lastSweep, now, last) == last)
        {
            foreach (var (id, candidate) in _entries)
            {
                if (!ReferenceEquals(candidate, entry) && time.GetElapsedTime(Volatile.Read(ref candidate.LastUsed), now) > IdleFor)
                {
                    _entries.TryRemove(new KeyValuePair<string, Entry>(id, candidate));
                }
            }
        }

        return entry;
    }

    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public DocumentView? Latest;
        public long LastUsed;
    }
}
