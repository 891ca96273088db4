using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>Where a windowed card list stands, for app.js: the first rendered card, how many, of how many, at what average height.</summary>
public sealed record CardWindow(bool Windowed, int From, int Count, int Total, double Average);

/// <summary>
/// A spacer of a windowed card list: the height of the cards it stands for (hidden at zero, so the list's gap does not
/// show). The top one also carries the window's position for app.js. <see cref="Show"/> updates it without the list
/// rendering its cards again.
/// </summary>
public sealed class CardSpacer : ComponentBase
{
    [Parameter]
    public double Height { get; set; }

    [Parameter]
    public CardWindow? Window { get; set; }

    public void Show(double height, CardWindow? window)
    {
        if (height != Height || window != Window)
        {
            Height = height;
            Window = window;
            StateHasChanged();
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "card-spacer");
        builder.AddAttribute(2, "style", Height > 0 ? $"height: {Height.ToString("0", CultureInfo.InvariantCulture)}px" : "display: none");
        builder.AddAttribute(3, "aria-hidden", "true");
        if (Window is { } window)
        {
            builder.AddAttribute(4, "data-cards-window", true);
            builder.AddAttribute(5, "data-windowed", window.Windowed ? "true" : "false");
            builder.AddAttribute(6, "data-from", window.From);
            builder.AddAttribute(7, "data-count", window.Count);
            builder.AddAttribute(8, "data-total", window.Total);
            builder.AddAttribute(9, "data-avg", window.Average.ToString("0", CultureInfo.InvariantCulture));
        }

        builder.CloseElement();
    }
}
