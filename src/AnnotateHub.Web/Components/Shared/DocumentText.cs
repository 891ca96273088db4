using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>
/// The document text (<c>article#doc-text</c>) as one <see cref="TextBlockView"/> per block of the shared
/// <see cref="DocumentView"/>. Blocks are keyed by where they start, so a change re-renders only the blocks it touches.
/// </summary>
public sealed class DocumentText : ComponentBase
{
    private TextBlockView?[] _blocks = [];

    [Parameter, EditorRequired]
    public DocumentView View { get; set; } = default!;

    [Parameter]
    public string? SelectedId { get; set; }

    [Parameter, EditorRequired]
    public People People { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter]
    public bool BlindVoting { get; set; }

    /// <summary>
    /// Shows a newer view now (a live change), without the page rendering: only the blocks that changed render. The page
    /// passes the same view the next time it renders.
    /// </summary>
    public void Show(DocumentView view)
    {
        var before = View;
        if (ReferenceEquals(view, before))
        {
            return;
        }

        View = view;
        if (before.Blocks.Count != view.Blocks.Count || _blocks.Length != view.Blocks.Count || _blocks.Any(b => b is null))
        {
            StateHasChanged();
            return;
        }

        for (var i = 0; i < view.Blocks.Count; i++)
        {
            if (!ReferenceEquals(view.Blocks[i], before.Blocks[i]))
            {
                _blocks[i]!.Show(view.Blocks[i]);
            }
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (_blocks.Length != View.Blocks.Count)
        {
            _blocks = new TextBlockView?[View.Blocks.Count];
        }

        builder.OpenElement(0, "article");
        builder.AddAttribute(1, "class", "doc-text");
        builder.AddAttribute(2, "id", "doc-text");
        builder.AddAttribute(3, "aria-label", "Document text");
        builder.AddAttribute(4, "tabindex", "0");
        for (var i = 0; i < View.Blocks.Count; i++)
        {
            var block = View.Blocks[i];
            var index = i;
            builder.OpenComponent<TextBlockView>(5);
            builder.SetKey(block.Start);
            builder.AddComponentParameter(6, nameof(TextBlockView.Block), block);
            builder.AddComponentParameter(7, nameof(TextBlockView.SelectedId), SelectedId);
            builder.AddComponentParameter(10, nameof(TextBlockView.People), People);
            builder.AddComponentParameter(11, nameof(TextBlockView.Actor), Actor);
            builder.AddComponentParameter(12, nameof(TextBlockView.BlindVoting), BlindVoting);
            builder.AddComponentReferenceCapture(13, instance => _blocks[index] = (TextBlockView)instance);
            builder.CloseComponent();
        }

        builder.CloseElement();
    }
}
