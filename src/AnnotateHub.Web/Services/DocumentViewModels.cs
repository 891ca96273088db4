using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Web.Services;

/// <summary>A workspace member offered in @mention autocomplete.</summary>
public sealed record MemberOption(string UserId, string Name, WorkspaceRole Role)
{
    /// <summary>What to type after @: the name without spaces, lower case (e.g. "mayaokafor").</summary>
    public string Handle => Mentions.HandleOf(Name);
}

/// <summary>The filters above the annotation cards.</summary>
public sealed record AnnotationFilter(ClaimStatus? Status = null, AnnotationKind? Kind = null, string? Tag = null, string? AuthorId = null)
{
    public bool IsEmpty => Status is null && Kind is null && Tag is null && AuthorId is null;

    public bool Matches(Annotation annotation) =>
        (Status is null || (annotation.IsClaim() && annotation.Status == Status)) &&
        (Kind is null || annotation.Kind == Kind) &&
        (Tag is null || annotation.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase)) &&
        (AuthorId is null || annotation.AuthorId == AuthorId);
}

/// <summary>A person on the document, once per user however many tabs they have open.</summary>
public sealed record PresenceView(string UserId, string Name, IReadOnlyList<string> SessionIds, string? AnnotationId, string? AnnotationQuote)
{
    public string Initials => string.Concat(Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(p => char.ToUpperInvariant(p[0])));

    public static IReadOnlyList<PresenceView> From(IReadOnlyList<PresenceEntry> entries, DocumentState? document) =>
        entries
            .GroupBy(e => e.UserId, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.OrderByDescending(e => e.LastSeen).First();
                var focus = g.Select(e => e.AnnotationId).FirstOrDefault(id => id is not null);
                var quote = focus is null ? null : document?.FindAnnotation(focus)?.Target.Quote.Exact;
                return new PresenceView(g.Key, latest.DisplayName, g.Select(e => e.SessionId).ToArray(), focus, quote);
            })
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
}

/// <summary>A passage of another document picked as a source.</summary>
public sealed record PassagePick(string DocumentId, int Start, int End, string Title, SourceStance Stance, string? Note);

/// <summary>The new-annotation form's state.</summary>
public sealed class ComposerState
{
    public TextTarget? Target { get; set; }

    public bool FromSelection { get; init; }

    public string Quote { get; set; } = string.Empty;

    public AnnotationKind Kind { get; set; } = AnnotationKind.Claim;

    public string Tags { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public bool Saving { get; set; }

    public string? Error { get; set; }

    public string? QuoteError { get; set; }

    public string? TagsError { get; set; }

    public bool IsDirty => Body.Length > 0 || Tags.Length > 0 || Quote.Length > 0;

    public IEnumerable<string> ParsedTags => TagInput.Split(Tags);

    public bool Validate()
    {
        Error = null;
        QuoteError = Target is null && string.IsNullOrWhiteSpace(Quote) ? "Select a passage in the text, or type the exact words to mark." : null;
        var tags = ParsedTags.ToList();
        TagsError = tags.Count > 20 ? "Use at most 20 tags." : tags.Any(t => t.Length > 50) ? "A tag can have at most 50 characters." : null;
        return QuoteError is null && TagsError is null;
    }
}

/// <summary>
/// Who is on the document, for one session. Set on the session's renderer (inside InvokeAsync); the presence bar
/// listens and re-renders alone, so a join, leave or focus change does not re-render the page.
/// </summary>
public sealed class PresenceState
{
    public IReadOnlyList<PresenceView> Present { get; private set; } = [];

    public event Action? Changed;

    public void Set(IReadOnlyList<PresenceView> present)
    {
        Present = present;
        Changed?.Invoke();
    }
}
