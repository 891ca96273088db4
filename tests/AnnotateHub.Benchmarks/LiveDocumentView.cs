using System.Globalization;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Components.Shared;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The live part of <c>DocumentPage</c>, for rendering outside a circuit. DocumentPage itself cannot be rendered by an
/// <c>HtmlRenderer</c>: it loads through AccessService/WorkspaceService/MembershipService (the accounts database and
/// the signed-in user), it subscribes in OnAfterRenderAsync (which a static renderer does not drive) and it calls JS
/// interop. This component runs what the page runs when a change arrives: the shared <see cref="DocumentViews"/>
/// (fold and layout once per version for all sessions), the filter, and the page's real child components with the
/// same parameters: <see cref="PresenceBar"/>, <see cref="AnnotationFilters"/>, <see cref="DocumentText"/> (one
/// <see cref="TextBlockView"/> per block) and <see cref="CardList"/> (windowed above 40 cards, as in a browser tab
/// before the reader scrolls). Left out: the composer (closed while reading), the passage picker (closed), the
/// screen-reader announcement text and the 4-second "fresh" reset timer. Like the page, a change that leaves the counts
/// and filter choices alone renders only the text, the cards and the version, each on its own.
/// </summary>
public sealed class LiveDocumentView : ComponentBase
{
    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);
    private DocumentState _document = DocumentState.Empty;
    private readonly PresenceState _presence = new();
    private DocumentText? _text;
    private CardList? _cards;
    private LiveText? _versionText;
    private DocumentView _view = DocumentView.Empty;
    private IReadOnlyList<Annotation> _visible = [];
    private AnnotationFilter _filter = new();
    private string? _selectedId;

    [Parameter, EditorRequired]
    public DocumentState Document { get; set; } = DocumentState.Empty;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter, EditorRequired]
    public People People { get; set; } = default!;

    /// <summary>The server's one <see cref="DocumentViews"/> (a singleton in the web app).</summary>
    [Parameter, EditorRequired]
    public DocumentViews Views { get; set; } = default!;

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
        Show(Views.For(Document));
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

            var before = _view;
            Show(Views.Advance(_view, change.Events));
            foreach (var id in change.Events.OfType<AnnotationEvent>().Select(e => e.AnnotationId))
            {
                _fresh.Add(id);
            }

            // as DocumentPage.Refresh: outside a batch, each StateHasChanged builds and diffs its render batch right here
            if (_text is null || _cards is null || _versionText is null || DocumentView.ChangesPage(before, _view))
            {
                StateHasChanged();
            }
            else
            {
                _text.Show(_view);
                _cards.Show(_visible);
                _versionText.Show(_view.Version.ToString(CultureInfo.InvariantCulture));
            }

            Rendered?.Invoke(_document.Version);
        }
        catch (Exception exception)
        {
            Failed?.Invoke(exception);
        }
    });

    public Task OnPresenceAsync(IReadOnlyList<PresenceEntry> present) => InvokeAsync(() => _presence.Set(PresenceView.From(present, _document)));

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "document-page");
        builder.AddAttribute(2, "data-interactive", "true");

        builder.OpenElement(10, "div");
        builder.AddAttribute(11, "class", "doc-head");
        builder.OpenElement(12, "div");
        builder.OpenElement(13, "h1");
        builder.AddContent(14, _document.Title);
        builder.CloseElement();
        builder.OpenElement(15, "div");
        builder.AddAttribute(16, "class", "doc-meta");
        builder.AddContent(17, "version ");
        builder.OpenComponent<LiveText>(21);
        builder.AddComponentParameter(22, nameof(LiveText.Text), _document.Version.ToString(CultureInfo.InvariantCulture));
        builder.AddComponentParameter(23, nameof(LiveText.DataName), "data-version");
        builder.AddComponentReferenceCapture(24, c => _versionText = (LiveText)c);
        builder.CloseComponent();
        builder.AddContent(25, $" · imported by {People.Name(_document.CreatedBy)} on {_document.CreatedAt:d MMM yyyy}");
        builder.CloseElement();
        builder.CloseElement();
        builder.OpenComponent<PresenceBar>(18);
        builder.AddComponentParameter(19, nameof(PresenceBar.State), _presence);
        builder.AddComponentParameter(20, nameof(PresenceBar.Self), _sessionId);
        builder.CloseComponent();
        builder.CloseElement();

        builder.OpenElement(30, "div");
        builder.AddAttribute(31, "class", "doc-layout");
        builder.OpenElement(32, "div");
        builder.AddAttribute(33, "class", "doc-column");
        builder.OpenComponent<DocumentText>(34);
        builder.AddComponentParameter(35, nameof(DocumentText.View), _view);
        builder.AddComponentParameter(36, nameof(DocumentText.SelectedId), _selectedId);
        builder.AddComponentParameter(39, nameof(DocumentText.People), People);
        builder.AddComponentParameter(40, nameof(DocumentText.Actor), Actor);
        builder.AddComponentParameter(41, nameof(DocumentText.BlindVoting), false);
        builder.AddComponentReferenceCapture(42, c => _text = (DocumentText)c);
        builder.CloseComponent();
        builder.CloseElement();

        builder.OpenElement(60, "aside");
        builder.AddAttribute(61, "class", "side");
        builder.OpenComponent<AnnotationFilters>(62);
        builder.AddComponentParameter(63, nameof(AnnotationFilters.Tags), _view.Tags);
        builder.AddComponentParameter(64, nameof(AnnotationFilters.AuthorIds), _view.AuthorIds);
        builder.AddComponentParameter(65, nameof(AnnotationFilters.Filter), _filter);
        builder.AddComponentParameter(66, nameof(AnnotationFilters.FilterChanged), EventCallback.Factory.Create<AnnotationFilter>(this, OnFilterChanged));
        builder.AddComponentParameter(67, nameof(AnnotationFilters.People), People);
        builder.CloseComponent();
        builder.OpenComponent<CardList>(70);
        builder.AddComponentParameter(71, nameof(CardList.Items), _visible);
        builder.AddComponentParameter(72, nameof(CardList.SelectedId), _selectedId);
        builder.AddComponentParameter(73, nameof(CardList.Fresh), _fresh);
        builder.AddComponentParameter(74, nameof(CardList.Actor), Actor);
        builder.AddComponentParameter(75, nameof(CardList.BlindVoting), false);
        builder.AddComponentParameter(76, nameof(CardList.Quorum), _document.Quorum);
        builder.AddComponentParameter(77, nameof(CardList.Members), Array.Empty<MemberOption>());
        builder.AddComponentParameter(78, nameof(CardList.Execute), (Func<DocumentCommand, Task<string?>>)ExecuteAsync);
        builder.AddComponentParameter(79, nameof(CardList.OnSelect), EventCallback.Factory.Create<string>(this, Select));
        builder.AddComponentParameter(80, nameof(CardList.OnPickPassage), EventCallback.Factory.Create<string>(this, _ => { }));
        builder.AddComponentReferenceCapture(81, c => _cards = (CardList)c);
        builder.CloseComponent();
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

    private void Show(DocumentView view)
    {
        _view = view;
        _document = view.State;
        ApplyFilter();
    }

    private void ApplyFilter() => _visible = _filter.IsEmpty ? _view.Live : _view.Live.Where(_filter.Matches).ToArray();
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
