using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using Orleans.Storage;
using AnnotateHub.Web.Components.Shared;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace AnnotateHub.Web.Components.Pages;

/// <summary>
/// A document with its highlights and annotation cards, kept live: every accepted change by anyone is applied here
/// as it happens, without moving the reader's scroll position or focus (changed cards are marked briefly and
/// announced to screen readers). Selecting text opens the composer.
/// </summary>
public sealed partial class DocumentPage
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(4);

    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);
    private readonly PresenceState _presence = new();
    private DocumentState? _document;
    private DocumentView _view = DocumentView.Empty;
    private Actor? _actor;
    private bool _blindVoting;
    private bool _requireRationale = true;
    private IReadOnlyList<Annotation> _visible = [];
    private IReadOnlyList<MemberOption> _members = [];
    private IReadOnlyList<WorkspaceDocument> _workspaceDocuments = [];
    private AnnotationFilter _filter = new();
    private ComposerState? _composer;
    private ComposerFocus? _composerFocus;
    private string? _picker;
    private Source? _beside;
    private bool _arrived;
    private string? _selectedId;
    private string? _error;
    private string? _announcement;
    private bool _interactive;
    private bool _loaded;
    private string? _subscribedTo;
    private DotNetObjectReference<DocumentPage>? _self;
    private CancellationTokenSource? _freshTimer;
    private CardList? _cards;
    private DocumentText? _text;
    private LiveText? _versionText;
    private LiveText? _announcementText;
    private LiveText? _countText;
    private string[]? _flash;

    [Parameter]
    public string DocumentId { get; set; } = string.Empty;

    /// <summary>A passage to show on opening, <c>start-end</c> in code points (a cited passage's "open document").</summary>
    [SupplyParameterFromQuery(Name = "at")]
    public string? At { get; set; }

    /// <summary>An annotation to select on opening (a "cited by" link).</summary>
    [SupplyParameterFromQuery(Name = "annotation")]
    public string? AnnotationId { get; set; }

    [Inject]
    private DocumentService Documents { get; set; } = default!;

    [Inject]
    private WorkspaceService Workspaces { get; set; } = default!;

    [Inject]
    private AccessService Access { get; set; } = default!;

    [Inject]
    private MembershipService Memberships { get; set; } = default!;

    [Inject]
    private DocumentFeed Feed { get; set; } = default!;

    [Inject]
    private DocumentViews Views { get; set; } = default!;

    [Inject]
    private People People { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<DocumentPage> Logger { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        // a new address (another document, or a "cited by" link): land where it asks, with nothing open beside
        _arrived = false;
        _beside = null;
        try
        {
            _error = null;
            var access = await Access.DocumentAsync((await AuthenticationState).User, DocumentId);

            // a document of a workspace the reader does not belong to is "not found", exactly like a missing one
            _actor = access?.Actor;
            Show(Views.For(access?.Document ?? DocumentState.Empty));
            if (access is not null)
            {
                var workspace = await Workspaces.GetAsync(access.Document.WorkspaceId);
                _blindVoting = workspace.Settings.BlindVoting;
                _requireRationale = workspace.Settings.RequireRationale;
                _workspaceDocuments = workspace.Documents;
                _members = (await Memberships.ListForWorkspaceAsync(access.Document.WorkspaceId))
                    .Select(m => new MemberOption(m.UserId, People.Name(m.UserId), m.Role))
                    .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
                    .ToList();
            }
        }
        catch (Exception exception) when (exception is DomainException or TimeoutException or OrleansException)
        {
            _error = "The document could not be loaded: " + exception.Message + " Try again in a moment.";
        }
        finally
        {
            _loaded = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // (only once the addressed document is loaded: a render while another one's address loads still holds the last
        // document, whose version must not be taken as the new one's)
        if (_document is { Exists: true } && _document.Id == DocumentId && _actor is not null && _subscribedTo != DocumentId)
        {
            _subscribedTo = DocumentId;
            _self ??= DotNetObjectReference.Create(this);

            // one round trip wires the selection, highlight and card handlers and marks the page interactive in the
            // browser (the next render writes the same); the live feed is joined after that, off the reader's wait
            await JS.InvokeVoidAsync("annotateHub.watchDocument", _self);
            _interactive = true;
            await Feed.StartAsync(DocumentId, OnChangeAsync, OnPresenceAsync);
            await Feed.JoinAsync(new PresenceEntry(_sessionId, _actor.UserId, _actor.DisplayName ?? People.Name(_actor.UserId), null, default));

            // catch up on anything that changed between the first load and the subscription
            var missed = await Documents.EventsSinceAsync(DocumentId, _document.Version);
            if (missed.Count > 0)
            {
                Show(Views.Advance(_view, missed));
                StateHasChanged();
            }
        }

        if (_composerFocus is { } focus && _composer is not null)
        {
            // the composer is on screen: bring it into view (a bottom sheet on a phone, with the selection above it)
            _composerFocus = null;
            await JS.InvokeVoidAsync("annotateHub.showComposer", focus.Move, focus.Opener);
        }

        // Interactive means the circuit runs, the document is on screen and the page's selection, card and highlight
        // handlers are wired: the first render may come before the document has loaded (OnParametersSetAsync awaits),
        // and a click before the wiring would be lost.
        if (!_interactive && _loaded)
        {
            _interactive = true;
            StateHasChanged();
        }
        else if (_interactive && !_arrived && _document is { Exists: true } && _document.Id == DocumentId)
        {
            // (only once the addressed document is on screen: a render while the next one loads still shows the last,
            // and landing there would mark the wrong text and never land on the new one)
            // where the address asked to land: a cited passage, or an annotation's card
            _arrived = true;
            if (SourceLinks.ParseRange(At) is { } passage)
            {
                await JS.InvokeAsync<bool>("annotateHub.showPassage", "#doc-text", passage.Start, passage.End);
            }
            else if (AnnotationId is { } id && _document.FindAnnotation(id) is { Deleted: false })
            {
                await SelectAsync(id, scrollToCard: true);
                await JS.InvokeVoidAsync("annotateHub.reveal", $"mark.hl[data-annotation~='{id}']");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _freshTimer?.Cancel();
        _freshTimer?.Dispose();
        try
        {
            await JS.InvokeVoidAsync("annotateHub.unwatchDocument");
        }
        catch (Exception exception) when (exception is JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            // the tab is gone
        }

        await Feed.DisposeAsync();
        _self?.Dispose();
    }

    /// <summary>Called by app.js when the reader's text selection in the document changes.</summary>
    [JSInvokable]
    public async Task OnSelectionChanged(int start, int end, double top, double left)
    {
        try
        {
            await InvokeAsync(() => ShowSelection(start, end));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // a selection report that raced a re-render or a disconnect must never surface as a page error
            Logger.LogDebug(exception, "Ignored a text selection report for {DocumentId}.", DocumentId);
        }
    }

    /// <summary>Called by app.js when the reader clicks a highlight (the innermost one under the pointer).</summary>
    [JSInvokable]
    public Task OnHighlightClicked(string annotationId) => InvokeAsync(() => SelectAsync(annotationId, scrollToCard: true));

    /// <summary>Called by app.js when the side panel scrolls far enough that the rendered window of cards should move.</summary>
    [JSInvokable]
    public Task OnCardsScrolled(int firstVisible, double averageHeight, int windowFrom) => InvokeAsync(() => _cards?.Scrolled(firstVisible, averageHeight, windowFrom));

    private void ShowSelection(int start, int end)
    {
        if (_document is null || _actor is null || !_actor.Role.CanWrite())
        {
            return;
        }

        if (start < 0 || end <= start)
        {
            // keep a composer the user is typing in; drop an untouched selection composer
            if (_composer is { FromSelection: true, IsDirty: false })
            {
                _composer = null;
                StateHasChanged();
            }

            return;
        }

        var target = TargetResolver.Resolve(_document.TextIndex, TargetSpec.ForPosition(start, end));
        if (!target.IsSuccess)
        {
            return;
        }

        if (_composer is { IsDirty: true })
        {
            _composer.Target = target.Value;
        }
        else
        {
            _composer = new ComposerState { Target = target.Value, FromSelection = true };
            _composerFocus ??= new ComposerFocus(Move: false, Opener: null);
        }

        StateHasChanged();
    }

    /// <summary>Called by app.js when the reader presses Enter on a keyboard selection in the text: focus goes into the composer.</summary>
    [JSInvokable]
    public Task OnComposeFromSelection() => InvokeAsync(() =>
    {
        if (_composer is { Target: not null })
        {
            _composerFocus = new ComposerFocus(Move: true, Opener: "#doc-text");
            StateHasChanged();
        }
    });

    private void OpenComposerByQuote()
    {
        _composer = new ComposerState { FromSelection = false };
        _composerFocus = new ComposerFocus(Move: true, Opener: "[data-new-annotation]");
    }

    private async Task CloseComposer()
    {
        _composer = null;
        await ForgetComposerDraftsAsync();
        await ComposerClosedAsync();
    }

    /// <summary>Focus goes back where it was before the composer took it (the text, or the link that opened it).</summary>
    private async Task ComposerClosedAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("annotateHub.composerClosed");
        }
        catch (Exception exception) when (exception is JSDisconnectedException or TaskCanceledException)
        {
            // the tab is gone
        }
    }

    /// <summary>Drafts kept in the browser (app.js) are per user, document and field.</summary>
    private string? DraftScope() => _actor is null ? null : $"{_actor.UserId}:{DocumentId}";

    private async Task ForgetComposerDraftsAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("annotateHub.drafts.clear", [.. Composer.FieldIds]);
        }
        catch (Exception exception) when (exception is JSDisconnectedException or TaskCanceledException)
        {
            // the tab is gone
        }
    }

    private async Task SaveComposerAsync()
    {
        if (_composer is null || _actor is null || _document is null)
        {
            return;
        }

        var composer = _composer;
        if (!composer.Validate())
        {
            return;
        }

        TargetSpec spec = composer.Target is { } t
            ? TargetSpec.ForPosition(t.Position.Start, t.Position.End)
            : TargetSpec.ForQuote(composer.Quote.Trim());
        var id = "ann-" + Guid.NewGuid().ToString("N")[..12];
        composer.Saving = true;
        var error = await ExecuteAsync(new Highlight(_actor, id, composer.Kind, spec, composer.Body, [.. composer.ParsedTags]));
        composer.Saving = false;
        if (error is not null)
        {
            composer.Error = error;
            return;
        }

        _composer = null;
        _selectedId = id;
        await ForgetComposerDraftsAsync();
        _cards?.Reveal(id);
        StateHasChanged();
        await JS.InvokeVoidAsync("annotateHub.clearSelection");
        await ComposerClosedAsync();
        await JS.InvokeVoidAsync("annotateHub.revealCard", id);
    }

    /// <summary>Runs a command on this document; returns null, or a message that says what went wrong and what to do.</summary>
    private async Task<string?> ExecuteAsync(DocumentCommand command)
    {
        try
        {
            var change = await Documents.Grain(DocumentId).ExecuteAsync(command);
            Apply(change, mine: true);

            // the action came from a child component's event: re-render the page so every card and highlight updates
            StateHasChanged();
            return null;
        }
        catch (DomainException exception)
        {
            return exception.Message;
        }
        catch (InconsistentStateException)
        {
            return "Someone else changed this document at the same moment. Your view has been refreshed: try again.";
        }
        catch (TimeoutException)
        {
            return "The server took too long to answer. Nothing was lost; try again in a moment.";
        }
    }

    private async Task<string?> AttachPassageAsync(PassagePick pick)
    {
        if (_actor is null || _picker is null)
        {
            return "Pick a passage first.";
        }

        try
        {
            var change = await Documents.AttachPassageAsync(
                DocumentId, _actor, _picker, "src-" + Guid.NewGuid().ToString("N")[..12], pick.Title, pick.Stance,
                pick.DocumentId, TargetSpec.ForPosition(pick.Start, pick.End), pick.Note);
            Apply(change, mine: true);
            _picker = null;
            StateHasChanged();
            return null;
        }
        catch (DomainException exception)
        {
            return exception.Message;
        }
    }

    private void OpenPicker(string annotationId) => _picker = annotationId;

    private void OpenBeside(Source source) => _beside = source;

    private async Task CloseBesideAsync()
    {
        _beside = null;
        StateHasChanged();
        try
        {
            await JS.InvokeVoidAsync("annotateHub.besideClosed");
        }
        catch (Exception exception) when (exception is JSDisconnectedException or TaskCanceledException)
        {
            // the tab is gone
        }
    }

    private Task OnChangeAsync(DocumentChange change) => InvokeAsync(async () =>
    {
        try
        {
            if (_document is null || change.Version <= _document.Version)
            {
                return;
            }

            var before = _view;

            if (change.Events.Count == 0 || change.Events[0].Sequence != _document.Version + 1)
            {
                // a gap (e.g. after a reconnect): fetch what we missed, in order
                var missed = await Documents.EventsSinceAsync(DocumentId, _document.Version);
                Apply(new DocumentChange(DocumentId, _document.Version + missed.Count, missed), mine: false);
            }
            else
            {
                Apply(change, mine: false);
            }

            Refresh(before);
            if (_flash is { } flash)
            {
                // after the render that shows the highlights
                _flash = null;
                _ = FlashAsync(flash);
            }
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    });

    // only the presence bar re-renders (it listens to _presence), not the page
    private Task OnPresenceAsync(IReadOnlyList<PresenceEntry> present) => InvokeAsync(() => _presence.Set(PresenceView.From(present, _document)));

    private void Apply(DocumentChange change, bool mine)
    {
        if (_document is null || change.Events.Count == 0 || change.Events[0].Sequence != _document.Version + 1)
        {
            return;
        }

        Show(Views.Advance(_view, change.Events));
        if (!mine)
        {
            foreach (var id in change.Events.OfType<AnnotationEvent>().Select(e => e.AnnotationId))
            {
                _fresh.Add(id);
            }


            _announcement = Announce(change);
            ScheduleFreshReset();
            _flash = [.. change.Events.OfType<AnnotationEvent>().Select(e => e.AnnotationId).Distinct()];
        }
    }

    /// <summary>
    /// After someone else's change: unless the filter choices changed, the page does not render; the blocks of text and
    /// the cards that changed, the version, the count and the announcement render, each on its own. With many readers
    /// on a document this is most of the cost of a change.
    /// </summary>
    private void Refresh(DocumentView before)
    {
        var pageChanged = _text is null || _cards is null || _versionText is null || _announcementText is null ||
                          _countText is null || DocumentView.ChangesPage(before, _view);
        if (pageChanged)
        {
            StateHasChanged();
            return;
        }

        _text!.Show(_view);
        _cards!.Show(_visible);
        _versionText!.Show(_view.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _announcementText!.Show(_announcement);
        _countText!.Show(CountText());
    }

    /// <summary>Marks the highlights others just changed, briefly, in the browser (after this render reaches it).</summary>
    private async Task FlashAsync(string[] annotationIds)
    {
        try
        {
            await JS.InvokeVoidAsync("annotateHub.flash", (object)annotationIds); // one argument, not one per id
        }
        catch (Exception exception) when (exception is JSDisconnectedException or TaskCanceledException or InvalidOperationException or JSException)
        {
            // cosmetic: a tab that is gone or busy misses a flash
        }
    }

    private void ScheduleFreshReset()
    {
        _freshTimer?.Cancel();
        _freshTimer?.Dispose();
        var cts = _freshTimer = new CancellationTokenSource();
        _ = Task.Delay(FreshFor, cts.Token).ContinueWith(
            _ => InvokeAsync(() =>
            {
                _fresh.Clear();
                StateHasChanged();
            }),
            cts.Token,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    private string Announce(DocumentChange change)
    {
        var e = change.Events[0];
        var who = People.Name(e.ActorId);
        return e switch
        {
            AnnotationCreated created => $"{who} added a {created.Kind.WireName()}.",
            ReplyAdded => $"{who} replied.",
            VoteCast => $"{who} voted.",
            ClaimResolved => $"{who} resolved a claim.",
            ClaimReopened => $"{who} reopened a claim.",
            VotesRevealed => $"{who} revealed the votes on a claim to rule.",
            SourceAttached => $"{who} attached a source.",
            ContentHidden hidden => $"{who} hid {Moderated(hidden.Item)}.",
            ContentUnhidden shown => $"{who} unhid {Moderated(shown.Item)}.",
            ContentFlagged flagged => $"{who} flagged {Moderated(flagged.Item)} for moderators.",
            _ => $"{who} changed the document.",
        };
    }

    private static string Moderated(ModeratedItem item) => item switch
    {
        ModeratedItem.Reply => "a reply",
        ModeratedItem.Source => "a source",
        _ => "an annotation",
    };

    private void Show(DocumentView view)
    {
        _view = view;
        _document = view.State;
        ApplyFilter();
    }

    private void OnFilterChanged(AnnotationFilter filter)
    {
        _filter = filter;
        ApplyFilter();
    }

    // the shared view's list is already in text order: unfiltered, every session uses that very list
    private void ApplyFilter() => _visible = _filter.IsEmpty ? _view.Live : _view.Live.Where(_filter.Matches).ToArray();

    private string CountText() =>
        _visible.Count == _view.Live.Count
            ? (_view.Live.Count == 1 ? "1 annotation" : $"{_view.Live.Count:N0} annotations")
            : $"{_visible.Count:N0} of {_view.Live.Count:N0} annotations";

    private async Task SelectAsync(string annotationId, bool scrollToCard)
    {
        _selectedId = annotationId;
        if (scrollToCard)
        {
            _cards?.Reveal(annotationId);
        }

        StateHasChanged();
        if (_actor is not null)
        {
            await Feed.FocusAsync(_sessionId, annotationId);
        }

        if (scrollToCard)
        {
            await JS.InvokeVoidAsync("annotateHub.revealCard", annotationId);
        }
        else
        {
            await JS.InvokeVoidAsync("annotateHub.reveal", $"mark.hl[data-annotation~='{annotationId}']");
        }
    }

    /// <summary>What to do once the composer has rendered: move focus into it (and from where), or only show it.</summary>
    private sealed record ComposerFocus(bool Move, string? Opener);
}
