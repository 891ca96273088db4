using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>
/// The annotation cards, windowed for long lists: a document with 2,000 annotations would otherwise put 2,000 cards
/// (~200,000 elements) in the browser and in every session's render tree. The window follows the reader's scrolling
/// (app.js reports the first visible card), stays on the same cards when others add or remove annotations before them,
/// and jumps to a card when its highlight is clicked (<see cref="Reveal"/>).
/// </summary>
public sealed partial class CardList
{
    /// <summary>Lists up to this long render every card.</summary>
    public const int WindowAbove = 40;

    /// <summary>How many cards a windowed list renders.</summary>
    public const int WindowSize = 14;

    private const double DefaultCardHeight = 260;

    private int _from;
    private CardSpacer? _top;
    private CardSpacer? _bottom;
    private string? _anchorId;
    private double _average = DefaultCardHeight;

    [Parameter, EditorRequired]
    public IReadOnlyList<Annotation> Items { get; set; } = [];

    [Parameter]
    public string? SelectedId { get; set; }

    [Parameter]
    public IReadOnlySet<string> Fresh { get; set; } = new HashSet<string>();

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter]
    public bool BlindVoting { get; set; }

    [Parameter]
    public int Quorum { get; set; } = 2;

    [Parameter]
    public bool RequireRationale { get; set; } = true;

    [Parameter]
    public IReadOnlyList<MemberOption> Members { get; set; } = [];

    [Parameter, EditorRequired]
    public Func<DocumentCommand, Task<string?>> Execute { get; set; } = default!;

    [Parameter]
    public EventCallback<string> OnSelect { get; set; }

    [Parameter]
    public EventCallback<string> OnPickPassage { get; set; }

    [Parameter]
    public EventCallback<Source> OnOpenPassage { get; set; }

    [Parameter]
    public string EmptyText { get; set; } = "No annotations yet.";

    public bool Windowed => Items.Count > WindowAbove;

    private int Shown => Windowed ? Math.Min(WindowSize, Items.Count - _from) : Items.Count;

    private int After => Items.Count - _from - Shown;

    private CardWindow Window => new(Windowed, _from, Shown, Items.Count, _average);

    private double TopHeight => Windowed ? _from * _average : 0;

    private double BottomHeight => Windowed ? After * _average : 0;

    /// <summary>Moves the window so the card of <paramref name="annotationId"/> is rendered; false when it is not in the list.</summary>
    public bool Reveal(string annotationId)
    {
        var index = IndexOf(annotationId);
        if (index < 0)
        {
            return false;
        }

        if (Windowed && (index < _from || index >= _from + Shown))
        {
            MoveTo(index - (WindowSize / 4));
            StateHasChanged();
        }

        return true;
    }

    /// <summary>
    /// Shows a newer list now (a live change), without the page rendering; renders only when the window's cards or its
    /// spacers changed. The page passes the same list the next time it renders.
    /// </summary>
    public void Show(IReadOnlyList<Annotation> items)
    {
        var before = (Items, From: _from, Shown);
        if (ReferenceEquals(items, before.Items))
        {
            return;
        }

        Items = items;
        OnParametersSet();
        var same = Shown == before.Shown;
        for (var i = 0; same && i < Shown; i++)
        {
            same = ReferenceEquals(items[_from + i], before.Items[before.From + i]);
        }

        if (!same || _top is null || _bottom is null)
        {
            StateHasChanged();
            return;
        }

        // the same cards: only the spacers and the window's numbers move (others added or removed cards elsewhere)
        _top.Show(TopHeight, Window);
        _bottom.Show(BottomHeight, null);
    }

    /// <summary>
    /// The reader scrolled the panel: <paramref name="firstVisible"/> is the first card index in view, measured against the
    /// window that started at <paramref name="windowFrom"/>. A report about a window the list has moved since (a card was
    /// revealed, or cards were added above) is dropped: acting on it would move the window back, away from the card the
    /// reader just asked for. The browser reports again from the window it now shows.
    /// </summary>
    public void Scrolled(int firstVisible, double averageHeight, int? windowFrom = null)
    {
        if (!Windowed || windowFrom is { } seen && seen != _from)
        {
            return;
        }

        var before = (_from, _average);
        if (averageHeight is > 40 and < 5000 && Math.Abs(averageHeight - _average) > _average / 4)
        {
            _average = Math.Round(averageHeight / 10) * 10;
        }

        MoveTo(firstVisible - (WindowSize / 3));
        if (before != (_from, _average))
        {
            StateHasChanged();
        }
    }

    protected override void OnParametersSet()
    {
        if (!Windowed)
        {
            _from = 0;
            _anchorId = null;
            return;
        }

        // keep the same cards in the window when annotations are added or removed before them
        var index = _anchorId is null ? -1 : IndexOf(_anchorId, near: _from);
        MoveTo(index >= 0 ? index : _from);
    }

    private void MoveTo(int from)
    {
        _from = Math.Clamp(from, 0, Math.Max(0, Items.Count - WindowSize));
        _anchorId = Windowed && _from < Items.Count ? Items[_from].Id : null;
    }

    /// <summary>
    /// Where the annotation is in the list. On every live change each session looks for its anchor card: it is almost
    /// always where it was or one place off (one annotation added or removed before it), so look there first.
    /// </summary>
    private int IndexOf(string annotationId, int near = 0)
    {
        for (var i = Math.Max(0, near - 1); i <= near + 1 && i < Items.Count; i++)
        {
            if (string.Equals(Items[i].Id, annotationId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < Items.Count; i++)
        {
            if (string.Equals(Items[i].Id, annotationId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
