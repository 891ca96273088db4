using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Components.Shared;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The live part of <c>DocumentPage</c>, rewritten for rendering outside a circuit. DocumentPage itself cannot be
/// rendered by an <c>HtmlRenderer</c>: it loads through AccessService/WorkspaceService/MembershipService (the
/// accounts database and the signed-in user), it subscribes in OnAfterRenderAsync (which a static renderer does not
/// drive) and it calls JS interop. This component keeps everything that runs when a change arrives, with the same
/// code: <c>DocumentDecider.Fold</c>, <c>HighlightLayout.Build</c>, the filter and text-order sort, and the same
/// markup: one <c>mark</c>/<c>span</c> per text segment with the same attributes and click handler, the real
/// <see cref="PresenceBar"/>, <see cref="AnnotationFilters"/> and one real <see cref="AnnotationCard"/> per
/// annotation (with <c>@key</c> and the same parameters). Left out: the composer (closed while reading), the passage
/// picker (closed), the screen-reader announcement text and the 4-second "fresh" reset timer.
/// </summary>
public sealed class LiveDocumentView : ComponentBase
{
    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);
    private DocumentState _document = DocumentState.Empty;
    private IReadOnlyList<TextSegment> _segments = [];
    private IReadOnlyList<Annotation> _live = [];
    private IReadOnlyList<Annotation> _visible = [];
    private IReadOnlyList<PresenceView> _present = [];
    private AnnotationFilter _filter = new();
    private string? _selectedId;

    [Parameter, EditorRequired]
    public DocumentState Document { get; set; } = DocumentState.Empty;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter, EditorRequired]
    public People People { get; set; } = default!;

    /// <summary>Hands the instance to the benchmark (which plays the part of OnAfterRenderAsync: it starts the feed).</summary>
    [Parameter]
    public Action<LiveDocumentView>? Attach { get; set; }

    /// <summary>Called on the renderer's dispatcher once a change has been applied and the render batch it caused is built and diffed.</summary>
    [Parameter]
    public Action<long>? Rendered { get; set; }

    [Parameter]
    public Action<Exception>? Failed { get; set; }

    public long Version => _document.Version;

    public int CardCount => _visible.Count;

    protected override void OnInitialized()
    {
        Show(Document);
        Attach?.Invoke(this);
    }

    /// <summary>The DocumentFeed's change callback, as DocumentPage.OnChangeAsync (minus the gap fetch, which the benchmark treats as a failure).</summary>
    public Task OnChangeAsync(DocumentChange change) => InvokeAsync(() =>
    {
        try
        {
            if (change.Version <= _document.Version)
            {
                return;
            }

            if (change.Events.Count == 0 || change.Events[0].Sequence != _document.Version + 1)
            {
                throw new InvalidOperationException($"gap: at {_document.Version}, change starts at {change.Events.FirstOrDefault()?.Sequence}");
            }

            Show(DocumentDecider.Fold(_document, change.Events));
            foreach (var id in change.Events.OfType<AnnotationEvent>().Select(e => e.AnnotationId))
            {
                _fresh.Add(id);
            }

            StateHasChanged(); // outside a batch: the renderer builds and diffs the whole batch (page + children) right here
            Rendered?.Invoke(_document.Version);
        }
        catch (Exception exception)
        {
            Failed?.Invoke(exception);
        }
    });

    public Task OnPresenceAsync(IReadOnlyList<PresenceEntry> present) => InvokeAsync(() =>
    {
        _present = PresenceView.From(present, _document);
        StateHasChanged();
    });

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "document-page");
        builder.AddAttribute(2, "data-interactive", "true");
        builder.AddAttribute(3, "data-version", _document.Version);

        builder.OpenElement(10, "div");
        builder.AddAttribute(11, "class", "doc-head");
        builder.OpenElement(12, "div");
        builder.OpenElement(13, "h1");
        builder.AddContent(14, _document.Title);
        builder.CloseElement();
        builder.OpenElement(15, "div");
        builder.AddAttribute(16, "class", "doc-meta");
        builder.AddContent(17, $"version {_document.Version} · imported by {People.Name(_document.CreatedBy)} on {_document.CreatedAt:d MMM yyyy}");
        builder.CloseElement();
        builder.CloseElement();
        builder.OpenComponent<PresenceBar>(18);
        builder.AddComponentParameter(19, nameof(PresenceBar.Present), _present);
        builder.AddComponentParameter(20, nameof(PresenceBar.Self), _sessionId);
        builder.CloseComponent();
        builder.CloseElement();

        builder.OpenElement(30, "div");
        builder.AddAttribute(31, "class", "doc-layout");
        builder.OpenElement(32, "div");
        builder.AddAttribute(33, "class", "doc-column");
        builder.OpenElement(34, "article");
        builder.AddAttribute(35, "class", "doc-text");
        builder.AddAttribute(36, "id", "doc-text");
        foreach (var segment in _segments)
        {
            if (segment.Top is { } top)
            {
                builder.OpenElement(40, "mark");
                builder.AddAttribute(41, "class", HighlightClass(segment, top));
                builder.AddAttribute(42, "data-s", segment.Start);
                builder.AddAttribute(43, "data-annotation", segment.Ids);
                builder.AddAttribute(44, "title", Describe(segment));
                builder.AddAttribute(45, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => Select(top.Id)));
                builder.AddContent(46, segment.Text);
                builder.CloseElement();
            }
            else
            {
                builder.OpenElement(50, "span");
                builder.AddAttribute(51, "data-s", segment.Start);
                builder.AddContent(52, segment.Text);
                builder.CloseElement();
            }
        }

        builder.CloseElement();
        builder.CloseElement();

        builder.OpenElement(60, "aside");
        builder.AddAttribute(61, "class", "side");
        builder.OpenComponent<AnnotationFilters>(62);
        builder.AddComponentParameter(63, nameof(AnnotationFilters.Annotations), _live);
        builder.AddComponentParameter(64, nameof(AnnotationFilters.Filter), _filter);
        builder.AddComponentParameter(65, nameof(AnnotationFilters.FilterChanged), EventCallback.Factory.Create<AnnotationFilter>(this, OnFilterChanged));
        builder.AddComponentParameter(66, nameof(AnnotationFilters.People), People);
        builder.CloseComponent();
        builder.OpenElement(70, "div");
        builder.AddAttribute(71, "class", "cards");
        foreach (var annotation in _visible)
        {
            builder.OpenComponent<AnnotationCard>(72);
            builder.SetKey(annotation.Id);
            builder.AddComponentParameter(73, nameof(AnnotationCard.Annotation), annotation);
            builder.AddComponentParameter(74, nameof(AnnotationCard.Selected), annotation.Id == _selectedId);
            builder.AddComponentParameter(75, nameof(AnnotationCard.Fresh), _fresh.Contains(annotation.Id));
            builder.AddComponentParameter(76, nameof(AnnotationCard.Actor), Actor);
            builder.AddComponentParameter(77, nameof(AnnotationCard.BlindVoting), false);
            builder.AddComponentParameter(78, nameof(AnnotationCard.Quorum), _document.Quorum);
            builder.AddComponentParameter(79, nameof(AnnotationCard.Members), Array.Empty<MemberOption>());
            builder.AddComponentParameter(80, nameof(AnnotationCard.Execute), (Func<DocumentCommand, Task<string?>>)ExecuteAsync);
            builder.AddComponentParameter(81, nameof(AnnotationCard.OnSelect), EventCallback.Factory.Create(this, () => Select(annotation.Id)));
            builder.AddComponentParameter(82, nameof(AnnotationCard.OnPickPassage), EventCallback.Factory.Create(this, () => { }));
            builder.CloseComponent();
        }

        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
    }

    private Task<string?> ExecuteAsync(DocumentCommand command) => Task.FromResult<string?>("read-only in the benchmark");

    private void Select(string annotationId) => _selectedId = annotationId;

    private void OnFilterChanged(AnnotationFilter filter)
    {
        _filter = filter;
        ApplyFilter();
    }

    private void Show(DocumentState document)
    {
        _document = document;
        _live = document.Annotations.Where(a => !a.Deleted).ToArray();
        _segments = HighlightLayout.Build(document, _live);
        ApplyFilter();
    }

    private void ApplyFilter() =>
        _visible = _live.Where(_filter.Matches).OrderBy(a => a.Target.Position.Start).ThenBy(a => a.Target.Position.End).ToArray();

    private string HighlightClass(TextSegment segment, Annotation top)
    {
        var selected = _selectedId is not null && segment.Covering.Any(a => a.Id == _selectedId) ? " selected" : string.Empty;
        var fresh = segment.Covering.Any(a => _fresh.Contains(a.Id)) ? " fresh" : string.Empty;
        return $"hl kind-{top.Kind.WireName()} status-{top.Status.WireName()} depth-{Math.Min(segment.Covering.Count, 3)}{selected}{fresh}";
    }

    private string Describe(TextSegment segment) =>
        string.Join("; ", segment.Covering.Select(a => a.IsClaim()
            ? $"{a.Kind.WireName()} ({a.Status.WireName()}) by {People.Name(a.AuthorId)}"
            : $"{a.Kind.WireName()} by {People.Name(a.AuthorId)}"));
}

/// <summary>The trivial baseline: a counter bumped by the same feed callback (the floor of a Blazor re-render).</summary>
public sealed class CounterView : ComponentBase
{
    private long _version;

    [Parameter]
    public Action<CounterView>? Attach { get; set; }

    [Parameter]
    public Action<long>? Rendered { get; set; }

    protected override void OnInitialized() => Attach?.Invoke(this);

    public Task OnChangeAsync(DocumentChange change) => InvokeAsync(() =>
    {
        _version = change.Version;
        StateHasChanged();
        Rendered?.Invoke(_version);
    });

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "p");
        builder.AddAttribute(1, "data-version", _version);
        builder.AddContent(2, _version);
        builder.CloseElement();
    }
}
