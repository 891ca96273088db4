using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>
/// One annotation with its verdicts, ruling, sources and thread, and the actions the viewer's role allows. Every
/// action goes through <see cref="Execute"/> (the page runs it on the document grain); an error comes back as a
/// message shown next to the form that caused it, and nothing changes.
/// </summary>
public sealed partial class AnnotationCard
{
    private readonly HashSet<string> _openLinked = new(StringComparer.Ordinal);
    private bool _editing;
    private bool _confirmDelete;
    private string _editBody = string.Empty;
    private string _editTags = string.Empty;
    private string? _editError;
    private Verdict _verdict = Verdict.True;
    private string _rationale = string.Empty;
    private string? _voteError;
    private Verdict _ruling = Verdict.True;
    private string _modRationale = string.Empty;
    private string? _modError;
    private bool _addingSource;
    private string _srcUrl = string.Empty;
    private string _srcTitle = string.Empty;
    private string _srcQuote = string.Empty;
    private string _srcNote = string.Empty;
    private SourceStance _srcStance = SourceStance.Supports;
    private string? _srcError;
    private string _reply = string.Empty;
    private string? _replyError;
    private string? _editingReply;
    private string _editReplyBody = string.Empty;
    private string? _replyEditError;

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

    [Parameter]
    public IReadOnlyList<MemberOption> Members { get; set; } = [];

    [Parameter, EditorRequired]
    public Func<DocumentCommand, Task<string?>> Execute { get; set; } = default!;

    [Parameter]
    public EventCallback OnSelect { get; set; }

    [Parameter]
    public EventCallback OnPickPassage { get; set; }

    private (Annotation Annotation, bool Selected, bool Fresh, bool Blind, int Quorum, Actor Actor, IReadOnlyList<MemberOption> Members)? _rendered;
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
        var now = (Annotation, Selected, Fresh, BlindVoting, Quorum, Actor, Members);
        _parametersUnchanged = _rendered is { } before &&
            ReferenceEquals(before.Annotation, now.Annotation) && before.Selected == now.Selected && before.Fresh == now.Fresh &&
            before.Blind == now.BlindVoting && before.Quorum == now.Quorum && before.Actor == now.Actor && ReferenceEquals(before.Members, now.Members);
        _rendered = now;

        if (Annotation.FindVote(Actor.UserId) is { } mine && string.IsNullOrEmpty(_rationale))
        {
            _verdict = mine.Verdict;
        }
    }

    private string Label() =>
        $"{Annotation.Kind.WireName()} by {People.Name(Annotation.AuthorId)}" + (Annotation.IsClaim() ? $", {Annotation.Status.WireName()}" : string.Empty);

    private bool CanChange(string authorId) => Actor.Role.CanWrite() && (authorId == Actor.UserId || Actor.Role.CanModerate());

    /// <summary>Blind voting: a reviewer sees others' votes only after casting their own; moderators and resolved claims show all.</summary>
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
        var tags = _editTags.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.TrimStart('#')).ToArray();
        _editError = await Execute(new EditAnnotation(Actor, Annotation.Id, _editBody, [.. tags]));
        _editing = _editError is not null;
    }

    private async Task DeleteAsync()
    {
        _confirmDelete = false;
        _editError = await Execute(new DeleteAnnotation(Actor, Annotation.Id));
    }

    private async Task VoteAsync()
    {
        _voteError = await Execute(new CastVote(Actor, Annotation.Id, _verdict, _rationale.Trim()));
        if (_voteError is null)
        {
            _rationale = string.Empty;
        }
    }

    private async Task ResolveAsync()
    {
        if (string.IsNullOrWhiteSpace(_modRationale))
        {
            _modError = "Explain the ruling: the rationale is published with the verdict.";
            return;
        }

        _modError = await Execute(new ResolveClaim(Actor, Annotation.Id, _ruling, _modRationale.Trim()));
        if (_modError is null)
        {
            _modRationale = string.Empty;
        }
    }

    private async Task ReopenAsync()
    {
        _modError = await Execute(new ReopenClaim(Actor, Annotation.Id, string.IsNullOrWhiteSpace(_modRationale) ? null : _modRationale.Trim()));
        if (_modError is null)
        {
            _modRationale = string.Empty;
        }
    }

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
            _addingSource = false;
            _srcUrl = _srcTitle = _srcQuote = _srcNote = string.Empty;
        }
    }

    private async Task DetachAsync(string sourceId) => _srcError = await Execute(new DetachSource(Actor, Annotation.Id, sourceId));

    private void ToggleLinked(string sourceId)
    {
        if (!_openLinked.Remove(sourceId))
        {
            _openLinked.Add(sourceId);
        }
    }

    private async Task ReplyAsync()
    {
        if (string.IsNullOrWhiteSpace(_reply))
        {
            _replyError = "Write something first.";
            return;
        }

        _replyError = await Execute(new AddReply(Actor, Annotation.Id, "rep-" + Guid.NewGuid().ToString("N")[..12], _reply.Trim()));
        if (_replyError is null)
        {
            _reply = string.Empty;
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
        }
    }

    private async Task DeleteReplyAsync(string replyId) => _replyError = await Execute(new DeleteReply(Actor, Annotation.Id, replyId));

    private async Task ResolveThreadAsync() => _replyError = await Execute(new ResolveThread(Actor, Annotation.Id));

    private async Task ReopenThreadAsync() => _replyError = await Execute(new ReopenThread(Actor, Annotation.Id));

    /// <summary>Members whose handle or name starts with the @word being typed at the end of the reply.</summary>
    private IReadOnlyList<MemberOption> MentionSuggestions()
    {
        var at = _reply.LastIndexOf('@');
        if (at < 0 || (at > 0 && !char.IsWhiteSpace(_reply[at - 1])))
        {
            return [];
        }

        var query = _reply[(at + 1)..];
        if (query.Any(char.IsWhiteSpace))
        {
            return [];
        }

        return Members
            .Where(m => m.UserId != Actor.UserId &&
                        (m.Handle.StartsWith(query, StringComparison.OrdinalIgnoreCase) || m.Name.StartsWith(query, StringComparison.CurrentCultureIgnoreCase)))
            .Take(6)
            .ToList();
    }

    private void InsertMention(MemberOption member)
    {
        var at = _reply.LastIndexOf('@');
        _reply = _reply[..at] + "@" + member.Handle + " ";
    }
}
