using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace AnnotateHub.Web.Components.Pages;

/// <summary>
/// A document with its highlights and annotation cards, kept live: every accepted change on the document is
/// applied here as it happens (without moving the reader's scroll position).
/// </summary>
public sealed partial class DocumentPage
{
    private DocumentState? _document;
    private IReadOnlyList<TextSegment> _segments = [];
    private IReadOnlyList<Annotation> _ordered = [];
    private string? _selectedId;
    private string? _error;
    private bool _interactive;
    private string? _subscribedTo;

    [Parameter]
    public string DocumentId { get; set; } = string.Empty;

    [Inject]
    private DocumentService Documents { get; set; } = default!;

    [Inject]
    private AccessService Access { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private DocumentFeed Feed { get; set; } = default!;

    [Inject]
    private People People { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _error = null;
            var access = await Access.DocumentAsync((await AuthenticationState).User, DocumentId);

            // a document of a workspace the reader does not belong to is "not found", exactly like a missing one
            Show(access?.Document ?? DocumentState.Empty);
        }
        catch (Exception exception) when (exception is DomainException or TimeoutException)
        {
            _error = "The document could not be loaded: " + exception.Message + " Try again in a moment.";
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }

        if (_document is { Exists: true } && _subscribedTo != DocumentId)
        {
            _subscribedTo = DocumentId;
            await Feed.StartAsync(DocumentId, OnChangeAsync);

            // catch up on anything that changed between the first load and the subscription
            var missed = await Documents.EventsSinceAsync(DocumentId, _document.Version);
            if (missed.Count > 0)
            {
                await InvokeAsync(() =>
                {
                    Show(DocumentDecider.Fold(_document, missed));
                    StateHasChanged();
                });
            }
        }
    }

    public async ValueTask DisposeAsync() => await Feed.DisposeAsync();

    private Task OnChangeAsync(DocumentChange change) => InvokeAsync(async () =>
    {
        try
        {
            if (_document is null || change.Version <= _document.Version)
            {
                return;
            }

            var events = change.Events;
            if (events.Count == 0 || events[0].Sequence != _document.Version + 1)
            {
                // a gap (e.g. after a reconnect): fetch what we missed, in order
                events = await Documents.EventsSinceAsync(DocumentId, _document.Version);
            }

            Show(DocumentDecider.Fold(_document, events));
            StateHasChanged();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    });

    private void Show(DocumentState document)
    {
        _document = document;
        if (!document.Exists)
        {
            _segments = [];
            _ordered = [];
            return;
        }

        var live = document.Annotations.Where(a => !a.Deleted).ToArray();
        _segments = HighlightLayout.Build(document, live);
        _ordered = live.OrderBy(a => a.Target.Position.Start).ThenBy(a => a.Target.Position.End).ToArray();
    }

    private async Task SelectAsync(string annotationId, bool scrollToCard)
    {
        _selectedId = annotationId;
        StateHasChanged();
        await JS.InvokeVoidAsync("annotateHub.reveal", scrollToCard ? $".card[data-annotation-id='{annotationId}']" : $"mark.hl[data-annotation~='{annotationId}']");
    }

    private string Describe(TextSegment segment) =>
        string.Join("; ", segment.Covering.Select(a => a.IsClaim()
            ? $"{a.Kind.WireName()} ({a.Status.WireName()}) by {People.Name(a.AuthorId)}"
            : $"{a.Kind.WireName()} by {People.Name(a.AuthorId)}"));
}
