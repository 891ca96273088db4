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

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "article");
        builder.AddAttribute(1, "class", "doc-text");
        builder.AddAttribute(2, "id", "doc-text");
        builder.AddAttribute(3, "aria-label", "Document text");
        builder.AddAttribute(4, "tabindex", "0");
        foreach (var block in View.Blocks)
        {
            builder.OpenComponent<TextBlockView>(5);
            builder.SetKey(block.Start);
            builder.AddComponentParameter(6, nameof(TextBlockView.Block), block);
            builder.AddComponentParameter(7, nameof(TextBlockView.SelectedId), SelectedId);
            builder.AddComponentParameter(10, nameof(TextBlockView.People), People);
            builder.AddComponentParameter(11, nameof(TextBlockView.Actor), Actor);
            builder.AddComponentParameter(12, nameof(TextBlockView.BlindVoting), BlindVoting);
            builder.CloseComponent();
        }

        builder.CloseElement();
    }
}
