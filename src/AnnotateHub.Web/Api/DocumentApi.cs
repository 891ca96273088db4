using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Security;
using AnnotateHub.Web.Services;
using Microsoft.Extensions.Primitives;

namespace AnnotateHub.Web.Api;

/// <summary>
/// What every document endpoint does: find the document the caller may see (else the one 404 for "unknown" and
/// "foreign"), run a command in the document grain's turn with the caller's <c>If-Match</c> version, and answer with
/// the state after that command and its version as the ETag. The domain decides everything else (roles included).
/// </summary>
public sealed class DocumentApi(AccessService access, DocumentService documents, WorkspaceService workspaces, People people)
{
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public DocumentService Documents => documents;

    /// <summary>The document and the caller's actor in its workspace; 404 when it does not exist or is in a workspace the caller is not in.</summary>
    public async Task<DocumentAccess> OpenAsync(ClaimsPrincipal user, string documentId)
    {
        RememberCaller(user);
        return await access.DocumentAsync(user, documentId) ?? throw ApiProblems.DocumentNotFound(documentId);
    }

    /// <summary>The workspace and the caller's actor in it; 404 when it does not exist or the caller is not a member.</summary>
    public async Task<WorkspaceAccess> OpenWorkspaceAsync(ClaimsPrincipal user, string workspaceId)
    {
        RememberCaller(user);
        return await access.WorkspaceAsync(user, workspaceId) ?? throw ApiProblems.WorkspaceMissing(workspaceId);
    }

    /// <summary>
    /// What of the votes in <paramref name="document"/> its caller may read: the workspace's blind voting setting as it
    /// is now, and the caller's role.
    /// </summary>
    public async Task<VoteView> VoteViewAsync(DocumentAccess document) =>
        new(document.Actor, (await SettingsAsync(document)).BlindVoting);

    /// <summary>The settings of <paramref name="document"/>'s workspace as they are now (blind voting, required rationale).</summary>
    public async Task<WorkspaceSettings> SettingsAsync(DocumentAccess document) =>
        (await workspaces.GetAsync(document.Document.WorkspaceId)).Settings;

    /// <summary>
    /// Runs <paramref name="command"/> in the document's grain, checking the request's <c>If-Match</c> version inside the
    /// same turn, sets the ETag to the new version and returns the state as of that version.
    /// </summary>
    public async Task<DocumentState> ExecuteAsync(HttpContext http, DocumentAccess document, DocumentCommand command)
    {
        var expected = ExpectedVersion(http.Request);
        DocumentChange change;
        try
        {
            change = await documents.Grain(document.Document.Id).ExecuteAsync(command, expected);
        }
        catch (DomainException stale) when (stale.Error.Code == DocumentGrain.VersionMismatchCode)
        {
            // The request's precondition failed (RFC 9110 §13.1.1): 412, not the 409 of a clash with the domain's rules.
            throw new ApiException(StatusCodes.Status412PreconditionFailed, stale.Error.Code, stale.Error.Message);
        }

        return await AfterAsync(http, change);
    }

    /// <summary>The state as of <paramref name="change"/>'s version, with that version as the response's ETag.</summary>
    public async Task<DocumentState> AfterAsync(HttpContext http, DocumentChange change)
    {
        SetETag(http.Response, change.Version);
        return await documents.GetAsync(change.DocumentId, change.Version);
    }

    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    /// <summary>
    /// Marks a read whose body may depend on who asks (blind voting, <see cref="VoteView"/>): its ETag, and caching
    /// only in the caller's own cache (never a shared one), revalidated on every use, keyed by the caller's credentials.
    /// </summary>
    public static void SetPersonalRepresentation(HttpResponse response, string? etag)
    {
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }

        response.Headers.CacheControl = "private, no-cache";
        response.Headers.Vary = "Authorization, Cookie";
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version in <c>If-Match</c>: <c>7</c> or <c>"7"</c>, or an ETag of a blind voting view of that version such as
    /// <c>"7-3f9a0c1d2e4b5a69"</c> (<see cref="VoteView.ETag"/>); none (or <c>*</c>) means "whatever the current version".
    /// Anything else is a 400.
    /// </summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        var value = header.ToString().Trim();
        if (value == "*")
        {
            return null;
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        var view = value.IndexOf('-', StringComparison.Ordinal);
        if (view > 0 && value[(view + 1)..].All(char.IsAsciiHexDigitLower))
        {
            value = value[..view];
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new ApiException(
            StatusCodes.Status400BadRequest,
            ApiProblems.IfMatchInvalid,
            $"If-Match must be the document version you last read, e.g. 'If-Match: \"12\"' (the ETag of GET /api/v1/documents/{{id}}), not '{header}'.");
    }

    /// <summary>True when the request's <c>If-None-Match</c> already names <paramref name="etag"/> (the representation's own ETag).</summary>
    public static bool NotModified(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        return !StringValues.IsNullOrEmpty(header)
            && header.ToString().Split(',').Any(v => v.Trim() == etag || v.Trim() == "*");
    }

    /// <summary>A client-chosen id for a new item, or a new random one (prefix + 12 characters).</summary>
    public static string NewId(string prefix, string? requested)
    {
        if (requested is null)
        {
            return $"{prefix}-{RandomNumberGenerator.GetString(IdAlphabet, 12)}";
        }

        if (!IsValidId(requested))
        {
            throw ApiProblems.Invalid(
                ErrorCodes.IdInvalid,
                "An id may hold only letters, digits, '-', '_', '.' and '~' (1 to 128 of them); leave 'id' out to get a generated one.");
        }

        return requested;
    }

    /// <summary>
    /// The API's rule for ids (documents, workspaces, annotations, replies, sources): 1 to 128 letters, digits, '-', '_',
    /// '.' and '~' (the characters a URL path segment carries as they are), and not "." or ".." (which a URL resolves away).
    /// Every id the server makes or takes, including those a restored backup brings, follows it, so every item is reachable.
    /// </summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 128 } and not ("." or "..")
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~');

    /// <summary>Parses a target given as a quote or as a code point range.</summary>
    public static TargetSpec Target(TargetRequest? target, string field, DocumentState? against = null)
    {
        if (target is null)
        {
            throw ApiProblems.Required(field, "a quote {\"exact\", \"prefix\", \"suffix\"} or a range {\"start\", \"end\"}");
        }

        var hasRange = target.Start is not null || target.End is not null;
        if (hasRange && (target.Start is null || target.End is null))
        {
            throw ApiProblems.Required($"{field}.{(target.Start is null ? "start" : "end")}", "a range needs both 'start' and 'end' (code points, end exclusive)");
        }

        if (target.Exact is null)
        {
            return hasRange
                ? TargetSpec.ForPosition(target.Start!.Value, target.End!.Value)
                : throw ApiProblems.Required($"{field}.exact", "a quote of the passage, or 'start' and 'end' instead");
        }

        var quote = TargetSpec.ForQuote(target.Exact, target.Prefix, target.Suffix);
        if (hasRange && against is not null)
        {
            // Both selectors (e.g. a target copied from a GET): the range wins when it still holds the quoted text.
            var position = TargetSpec.ForPosition(target.Start!.Value, target.End!.Value);
            var resolved = TargetResolver.Resolve(against.TextIndex, position);
            if (resolved.IsSuccess && resolved.Value.Quote.Exact == TextNormalizer.NormalizeFragment(target.Exact))
            {
                return position;
            }
        }

        return quote;
    }

    public static AnnotationKind Kind(string value) => DomainEnums.TryParse(value, out AnnotationKind kind)
        ? kind
        : throw ApiProblems.Invalid(ErrorCodes.ValueUnknown, $"\"{value}\" is not an annotation kind; use one of: claim, comment, question.");

    public static SourceStance Stance(string value) => DomainEnums.TryParse(value, out SourceStance stance)
        ? stance
        : throw ApiProblems.Invalid(ErrorCodes.ValueUnknown, $"\"{value}\" is not a stance; use one of: supports, refutes, context.");

    public static Verdict Verdict(string value)
    {
        var parsed = Verdicts.Parse(value);
        return parsed.IsSuccess ? parsed.Value : throw new DomainException(parsed.Error);
    }

    public static System.Collections.Immutable.ImmutableArray<string> Tags(string[] tags, string field) =>
        tags.Any(t => t is null)
            ? throw ApiProblems.BadRequest($"'{field}' must be a list of strings; it holds a null. Remove it and send the request again.")
            : [.. tags];

    /// <summary>
    /// Names a token caller in responses right away: the token handler puts the account's current display name in the
    /// principal (a cookie principal's name is the email, so it is left to <see cref="People"/>).
    /// </summary>
    private void RememberCaller(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(ApiTokenAuthenticationHandler.AuthenticationMethodClaim) == "token")
        {
            people.Register(new Person(AccessService.UserId(user), AccessService.DisplayName(user)));
        }
    }
}
