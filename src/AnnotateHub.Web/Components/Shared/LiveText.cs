using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>
/// A piece of text the page updates on a live change without re-rendering itself (<see cref="Show"/>): the document's
/// version, the screen-reader announcement. Renders a <c>span</c> with <see cref="DataName"/> = the text when given.
/// </summary>
public sealed class LiveText : ComponentBase
{
    [Parameter]
    public string? Text { get; set; }

    /// <summary>A data attribute (e.g. "data-version") that carries the text too, for scripts and tests.</summary>
    [Parameter]
    public string? DataName { get; set; }

    /// <summary>Shows <paramref name="text"/> now; the page passes the same value the next time it renders.</summary>
    public void Show(string? text)
    {
        if (text != Text)
        {
            Text = text;
            StateHasChanged();
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "span");
        if (DataName is not null)
        {
            builder.AddAttribute(1, DataName, Text);
        }

        builder.AddContent(2, Text);
        builder.CloseElement();
    }
}
