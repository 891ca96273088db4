using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>
/// One annotation with its verdicts, ruling, sources and thread, and the actions the viewer's role allows. Every
/// action goes through <see cref="Execute"/> (the page runs it on the document grain); an error comes back as a
/// message shown next to the form that caused it, and nothing changes.
/// </summary>
public sealed partial class AnnotationCard
{
    private bool _editing;
    private string _editBody = string.Empty;
    private string _editTags = string.Empty;
    private string? _editError;
    private string _verdict = string.Empty;
    private string _rationale = string.Empty;
    private bool _changingVote;
    private string? _verdictError;
    private string? _rationaleError;
    private string? _voteError;
    private string _ruling = string.Empty;
    private string _modRationale = string.Empty;
    private string? _rulingVerdictError;
    private string? _rulingRationaleError;
    private string _reopenReason = string.Empty;
    private string? _reopenError;
    private bool _mentioning;
    private string? _modError;
    private bool _addingSource;
    private string _srcUrl = string.Empty;
    private string _srcTitle = string.Empty;
    private string _srcQuote = string.Empty;
    private string _srcNote = string.Empty;
    private SourceStance _srcStance = SourceStance.Supports;
    private string? _srcError;
    private string _reply = string.Empty;
    private (ModeratedItem Item, string ItemId, bool Hide)? _moderating;
    private HashSet<string>? _flaggedItems;
    private string? _itemModerationError;
    private string? _itemModerationErrorFor;
    private string? _replyError;
    private string? _editingReply;
    private string _editReplyBody = string.Empty;
    private string? _replyEditError;
    private string? _unhideError;

    [Parameter, EditorRequired]
    public Annotation Annotation { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter]
    public bool Selected { get; set; }

    [Parameter]
    public bool Fresh { get; set; }

    [Parameter]
    public bool BlindVoting { get; set; }

    [Parameter]
    public int Quorum { get; set; } = 2;

    /// <summary>The workspace's "require a rationale with every vote" setting.</summary>
    [Parameter]
    public bool RequireRationale { get; set; } = true;

    [Parameter]
    public IReadOnlyList<MemberOption> Members { get; set; } = [];

    [Parameter, EditorRequired]
    public Func<DocumentCommand, Task<string?>> Execute { get; set; } = default!;

    [Parameter]
    public EventCallback OnSelect { get; set; }

    [Parameter]
    public EventCallback OnPickPassage { get; set; }

    /// <summary>A passage source's "Open beside": the page shows the cited document next to this one.</summary>
    [Parameter]
    public EventCallback<Source> OnOpenPassage { get; set; }

    private (Annotation Annotation, bool Selected, bool Fresh, bool Blind, int Quorum, bool RequireRationale, Actor Actor, IReadOnlyList<MemberOption> Members)? _rendered;
    private bool _parametersUnchanged;

    /// <summary>
    /// The page re-renders every card on each change; a card whose annotation (an immutable record: same instance when
    /// unchanged) and display inputs are the same skips its render. The card's own events still re-render it.
    /// </summary>
    protected override bool ShouldRender()
    {
        var skip = _parametersUnchanged;
        _parametersUnchanged = false;
        return !skip;
    }

    protected override void OnParametersSet()
    {
        var now = (Annotation, Selected, Fresh, BlindVoting, Quorum, RequireRationale, Actor, Members);
        _parametersUnchanged = _rendered is { } before &&
            ReferenceEquals(before.Annotation, now.Annotation) && before.Selected == now.Selected && before.Fresh == now.Fresh &&
            before.Blind == now.BlindVoting && before.Quorum == now.Quorum && before.RequireRationale == now.RequireRationale &&
            before.Actor == now.Actor && ReferenceEquals(before.Members, now.Members);
        _rendered = now;
    }

    private string Label() =>
        $"{Annotation.Kind.WireName()} by {People.Name(Annotation.AuthorId)}" + (Annotation.IsClaim() ? $", {Annotation.Status.WireName()}" : string.Empty);

    private bool CanChange(string authorId) => Actor.Role.CanWrite() && (authorId == Actor.UserId || Actor.Role.CanModerate());

    /// <summary>
    /// Blind voting: a reviewer or moderator sees others' votes only after casting their own (a moderator also after
    /// "reveal to rule"); resolved claims show all.
    /// </summary>
    private IReadOnlyList<Vote> VisibleVotes() => VoteVisibility.VisibleVotes(Annotation, Actor.UserId, BlindVoting, Actor.Role);

    /// <summary>Under blind voting, "consensus" or "disputed" would give others' votes away: show "voting" instead.</summary>
    private string StatusLabel() =>
        VoteVisibility.CanSeeStatusDetails(Annotation, Actor.UserId, BlindVoting, Actor.Role) ? Annotation.Status.WireName() : "voting";

    private void StartEdit()
    {
        _editing = true;
        _editBody = Annotation.Body;
        _editTags = string.Join(", ", Annotation.Tags);
        _editError = null;
    }

    private async Task SaveEditAsync()
    {
        var tags = TagInput.Split(_editTags);
        _editError = await Execute(new EditAnnotation(Actor, Annotation.Id, _editBody, [.. tags]));
        _editing = _editError is not null;
        if (!_editing)
        {
            await ForgetDraftsAsync($"edit-body-{Annotation.Id}", $"edit-tags-{Annotation.Id}");
        }
    }

    private async Task CancelEditAsync()
    {
        _editing = false;
        await ForgetDraftsAsync($"edit-body-{Annotation.Id}", $"edit-tags-{Annotation.Id}");
    }

    private async Task DeleteAsync()
    {
        var kind = Annotation.Kind.WireName();
        if (await Dialogs.ShowMessageBoxAsync($"Delete this {kind}?", $"The {kind}, its votes, sources and thread disappear for everyone.", yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }

        _editError = await Execute(new DeleteAnnotation(Actor, Annotation.Id));
        if (_editError is null)
        {
            Snackbar.Add($"The {kind} was deleted.", Severity.Success);
        }
    }

    /// <summary>"Change vote" starts from the current verdict and rationale, so saving a new verdict keeps the reasoning.</summary>
    private void StartChangeVote(Vote mine)
    {
        _verdict = mine.Verdict.WireName();
        _rationale = mine.Rationale;
        _verdictError = _rationaleError = _voteError = null;
        _changingVote = true;
    }

    private async Task CancelChangeVote()
    {
        _changingVote = false;
        _verdict = _rationale = string.Empty;
        _verdictError = _rationaleError = _voteError = null;
        await ForgetDraftsAsync($"vote-rationale-{Annotation.Id}");
    }

    /// <summary>Nothing is sent without an explicitly chosen verdict, nor without a rationale the workspace requires.</summary>
    private async Task VoteAsync()
    {
        _voteError = null;
        _verdictError = Verdicts.TryParse(_verdict, out var verdict) ? null : "Choose a verdict.";
        _rationaleError = RequireRationale && string.IsNullOrWhiteSpace(_rationale)
            ? "Give a rationale: this workspace asks why you chose the verdict."
            : null;
        if (_verdictError is not null || _rationaleError is not null)
        {
            return;
        }

        _voteError = await Execute(new CastVote(Actor, Annotation.Id, verdict, _rationale.Trim(), RequireRationale));
        if (_voteError is null)
        {
            _changingVote = false;
            _verdict = _rationale = string.Empty;
            await ForgetDraftsAsync($"vote-rationale-{Annotation.Id}");
        }
    }

    /// <summary>
    /// Why no ruling is possible yet (null when it is): a moderator rules on a claim whose votes reached the quorum
    /// (consensus or disputed).
    /// </summary>
    private string? WhyNoRuling()
    {
        if (Annotation.Status is ClaimStatus.Consensus or ClaimStatus.Disputed)
        {
            return null;
        }

        var missing = Math.Max(1, Quorum - Annotation.Votes.Length);
        return Annotation.Votes.Length == 0
            ? $"No ruling yet: nobody has voted on this claim. A moderator rules once {Quorum} vote(s) are in."
            : $"No ruling yet: {missing} more vote(s) needed to reach the quorum of {Quorum}.";
    }

    private async Task ResolveAsync()
    {
        _modError = null;
        _rulingVerdictError = Verdicts.TryParse(_ruling, out var verdict) ? null : "Choose the final verdict.";
        _rulingRationaleError = string.IsNullOrWhiteSpace(_modRationale) ? "Explain the ruling: the rationale is published with the verdict." : null;
        if (_rulingVerdictError is not null || _rulingRationaleError is not null)
        {
            return;
        }

        _modError = await Execute(new ResolveClaim(Actor, Annotation.Id, verdict, _modRationale.Trim()));
        if (_modError is null)
        {
            _modRationale = _ruling = string.Empty;
            await ForgetDraftsAsync($"ruling-rationale-{Annotation.Id}");
        }
    }

    /// <summary>Reopening asks for a reason first, then for a confirmation (a dialog).</summary>
    private async Task AskReopenAsync()
    {
        _modError = null;
        _reopenError = string.IsNullOrWhiteSpace(_reopenReason) ? "Say why the claim is reopened; the reason is recorded in its history." : null;
        if (_reopenError is not null ||
            await Dialogs.ShowMessageBoxAsync("Reopen this claim?", "Its ruling is withdrawn and its status is recomputed from the votes.", yesText: "Yes, reopen", cancelText: "No") != true)
        {
            return;
        }

        _modError = await Execute(new ReopenClaim(Actor, Annotation.Id, _reopenReason.Trim()));
        if (_modError is null)
        {
            _reopenReason = string.Empty;
            await ForgetDraftsAsync($"reopen-{Annotation.Id}");
            Snackbar.Add("The claim was reopened.", Severity.Success);
        }
    }

    private async Task RevealAsync() => _modError = await Execute(new RevealVotes(Actor, Annotation.Id));

    private async Task AddSourceAsync()
    {
        if (!MarkdownRenderer.IsSafeUrl(_srcUrl.Trim()) || _srcUrl.Trim().StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            _srcError = "Enter the full web address, starting with https:// or http://.";
            return;
        }

        if (string.IsNullOrWhiteSpace(_srcTitle))
        {
            _srcError = "Give the source a title (e.g. the page's headline).";
            return;
        }

        _srcError = await Execute(new AttachSource(
            Actor, Annotation.Id, "src-" + Guid.NewGuid().ToString("N")[..12], _srcTitle.Trim(), _srcStance, _srcUrl.Trim(),
            string.IsNullOrWhiteSpace(_srcQuote) ? null : _srcQuote.Trim(), string.IsNullOrWhiteSpace(_srcNote) ? null : _srcNote.Trim()));
        if (_srcError is null)
        {
            await CancelSourceAsync();
        }
    }

    private string[] SourceFieldIds() => [$"src-url-{Annotation.Id}", $"src-title-{Annotation.Id}", $"src-quote-{Annotation.Id}", $"src-note-{Annotation.Id}"];

    private async Task CancelSourceAsync()
    {
        _addingSource = false;
        _srcUrl = _srcTitle = _srcQuote = _srcNote = string.Empty;
        _srcError = null;
        await ForgetDraftsAsync(SourceFieldIds());
    }

    private async Task DetachAsync(string sourceId) => _srcError = await Execute(new DetachSource(Actor, Annotation.Id, sourceId));

    private void OpenItemModeration(ModeratedItem item, string itemId, bool hide)
    {
        _moderating = (item, itemId, hide);
        _itemModerationError = null;
    }

    /// <summary>The reason form closed: sent (a flag is remembered, so the reader sees it was), or cancelled.</summary>
    private void ItemModerationDone(ItemModeration.Outcome outcome)
    {
        if (outcome == ItemModeration.Outcome.Flagged && _moderating is { } open)
        {
            (_flaggedItems ??= new HashSet<string>(StringComparer.Ordinal)).Add(open.ItemId);
        }

        _moderating = null;
    }

    private async Task UnhideItemAsync(ModeratedItem item, string itemId)
    {
        _itemModerationErrorFor = itemId;
        _itemModerationError = await Execute(new UnhideContent(Actor, Annotation.Id, item, itemId));
    }

    private async Task ReplyAsync()
    {
        if (string.IsNullOrWhiteSpace(_reply))
        {
            _replyError = "Write something first.";
            return;
        }

        var sent = _reply;
        _replyError = await Execute(new AddReply(Actor, Annotation.Id, "rep-" + Guid.NewGuid().ToString("N")[..12], sent.Trim()));
        // Clear the box only when it still holds what was sent: words typed while the reply was on its way are the next reply.
        if (_replyError is null && _reply == sent)
        {
            _reply = string.Empty;
            await ForgetDraftsAsync($"reply-{Annotation.Id}");
        }
    }

    private void StartReplyEdit(Reply reply)
    {
        _editingReply = reply.Id;
        _editReplyBody = reply.Body;
        _replyEditError = null;
    }

    private async Task SaveReplyAsync(string replyId)
    {
        _replyEditError = await Execute(new EditReply(Actor, Annotation.Id, replyId, _editReplyBody));
        if (_replyEditError is null)
        {
            _editingReply = null;
            await ForgetDraftsAsync($"edit-reply-{replyId}");
        }
    }

    private async Task CancelReplyEditAsync(string replyId)
    {
        _editingReply = null;
        await ForgetDraftsAsync($"edit-reply-{replyId}");
    }

    /// <summary>
    /// The browser keeps what is typed into a field as a draft (app.js) until the text is saved or the edit cancelled;
    /// this tells it to forget those fields. A tab that is gone has nothing to forget.
    /// </summary>
    private async Task ForgetDraftsAsync(params string[] fieldIds)
    {
        try
        {
            await JS.InvokeVoidAsync("annotateHub.drafts.clear", [.. fieldIds]);
        }
        catch (Exception exception) when (exception is JSDisconnectedException or TaskCanceledException)
        {
            // the tab is gone: its drafts stay until that browser comes back and saves or discards them
        }
    }

    private async Task UnhideAsync() => _unhideError = await Execute(new UnhideContent(Actor, Annotation.Id, ModeratedItem.Annotation, null));

    private async Task DeleteReplyAsync(string replyId) => _replyError = await Execute(new DeleteReply(Actor, Annotation.Id, replyId));

    private async Task ResolveThreadAsync() => _replyError = await Execute(new ResolveThread(Actor, Annotation.Id));

    private async Task ReopenThreadAsync() => _replyError = await Execute(new ReopenThread(Actor, Annotation.Id));

    /// <summary>Everyone who can be mentioned: the workspace's members but the writer.</summary>
    private IReadOnlyList<MemberOption> MentionCandidates() => Members.Where(m => m.UserId != Actor.UserId).ToList();

    /// <summary>The picked member's @handle goes at the end of the reply; focus goes back to the reply box.</summary>
    private async Task InsertMentionAsync(MemberOption member)
    {
        var separator = _reply.Length == 0 || char.IsWhiteSpace(_reply[^1]) ? string.Empty : " ";
        _reply = _reply + separator + "@" + member.Handle + " ";
        await CloseMentionAsync();
    }

    private async Task CloseMentionAsync()
    {
        _mentioning = false;
        StateHasChanged();
        try
        {
            await JS.InvokeVoidAsync("annotateHub.focusEnd", $"reply-{Annotation.Id}");
        }
        catch (Exception exception) when (exception is JSDisconnectedException or TaskCanceledException)
        {
            // the tab is gone
        }
    }
}
