using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>
/// One block of the document text: a <c>mark</c> per highlighted segment and a <c>span</c> per plain one, each with
/// <c>data-s</c> = its start in code points (app.js maps selections back through it). Written in C# rather than Razor
/// because the text is <c>white-space: pre-wrap</c>: no markup whitespace may slip in between the runs. Re-renders only
/// when its block changed or the selection moved into or out of it. Most of the time it renders the block's shared,
/// pre-encoded HTML as a single markup frame (<see cref="TextBlock.Html"/>); the selected block and blocks whose statuses
/// blind voting hides from this reader render element by element. Clicks on highlights are handled by app.js (one
/// listener for the whole text), and so is the brief mark on highlights others just changed (annotateHub.flash).
/// </summary>
public sealed class TextBlockView : ComponentBase
{
    private TextBlock? _renderedBlock;
    private string? _renderedSelected;
    private bool _renderedBlind;
    private Actor? _renderedActor;
    private bool _skip;

    [Parameter, EditorRequired]
    public TextBlock Block { get; set; } = default!;

    [Parameter]
    public string? SelectedId { get; set; }

    [Parameter, EditorRequired]
    public People People { get; set; } = default!;

    /// <summary>The reader: under blind voting a claim's "consensus"/"disputed" is shown as "voting" until they vote.</summary>
    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter]
    public bool BlindVoting { get; set; }

    /// <summary>Shows a newer version of this block now (a live change), without its parent rendering.</summary>
    public void Show(TextBlock block)
    {
        Block = block;
        OnParametersSet();
        StateHasChanged();
    }

    protected override void OnParametersSet()
    {
        var selected = SelectedId is not null && Block.AnnotationIds.Contains(SelectedId) ? SelectedId : null;
        _skip = ReferenceEquals(Block, _renderedBlock) && selected == _renderedSelected &&
                BlindVoting == _renderedBlind && Actor == _renderedActor;
        _renderedBlock = Block;
        _renderedSelected = selected;
        _renderedBlind = BlindVoting;
        _renderedActor = Actor;
    }

    protected override bool ShouldRender()
    {
        var skip = _skip;
        _skip = false;
        return !skip;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        // one element per block, so the browser lays out and paints only the blocks near the screen (app.css gives
        // .blk content-visibility: auto): a 2,000-highlight text opens without laying out every highlight first
        builder.OpenElement(20, "div");
        builder.AddAttribute(21, "class", "blk");
        if (_renderedSelected is null && (!BlindVoting || Block.Segments.All(s => s.Covering.All(SeesStatus))))
        {
            // what most readers see of most blocks: the shared, pre-encoded HTML as one frame
            builder.AddMarkupContent(9, Block.Html(People.Name));
        }
        else
        {
            BuildSegments(builder);
        }

        builder.CloseElement();
    }

    private void BuildSegments(RenderTreeBuilder builder)
    {
        foreach (var segment in Block.Segments)
        {
            if (segment.Top is { } top)
            {
                builder.OpenElement(0, "mark");
                builder.AddAttribute(1, "class", HighlightClass(segment, top));
                builder.AddAttribute(2, "data-s", segment.Start);
                builder.AddAttribute(3, "data-annotation", segment.Ids);
                builder.AddAttribute(4, "title", Describe(segment));
                builder.AddContent(5, segment.Text);
                builder.CloseElement();
            }
            else
            {
                builder.OpenElement(6, "span");
                builder.AddAttribute(7, "data-s", segment.Start);
                builder.AddContent(8, segment.Text);
                builder.CloseElement();
            }
        }
    }

    private string HighlightClass(TextSegment segment, Annotation top)
    {
        var status = Status(top);
        var classes = status == top.Status.WireName() ? segment.Class : segment.ClassFor(status);
        return _renderedSelected is not null && segment.Covering.Any(a => a.Id == _renderedSelected) ? classes + " selected" : classes;
    }

    private bool SeesStatus(Annotation annotation) =>
        !annotation.IsClaim() || VoteVisibility.CanSeeStatusDetails(annotation, Actor.UserId, BlindVoting, Actor.Role);

    private string Status(Annotation annotation) =>
        VoteVisibility.CanSeeStatusDetails(annotation, Actor.UserId, BlindVoting, Actor.Role) ? annotation.Status.WireName() : "voting";

    private string Describe(TextSegment segment) =>
        segment.Covering.All(a => !a.IsClaim() || Status(a) == a.Status.WireName())
            ? segment.Title(People.Name)
            : segment.Describe(People.Name, Status);
}
