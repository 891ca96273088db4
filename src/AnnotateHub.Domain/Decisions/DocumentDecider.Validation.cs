using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace AnnotateHub.Domain;

/// <content>Input cleaning and lookups shared by the command handlers.</content>
public static partial class DocumentDecider
{
    private static DomainError? CheckId(string? id, string what, DomainLimits limits) =>
        string.IsNullOrWhiteSpace(id) || id.Length > limits.MaxIdLength ? Errors.IdInvalid(what, limits.MaxIdLength) : null;

    private static bool TryGetLiveAnnotation(
        Context x,
        string? annotationId,
        [NotNullWhen(true)] out Annotation? annotation,
        [NotNullWhen(false)] out DomainError? error)
    {
        annotation = annotationId is null ? null : x.State.FindAnnotation(annotationId);
        if (annotation is null || annotation.Deleted)
        {
            annotation = null;
            error = Errors.AnnotationNotFound(annotationId ?? string.Empty);
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryGetLiveReply(
        Context x,
        string? annotationId,
        string? replyId,
        [NotNullWhen(true)] out Annotation? annotation,
        [NotNullWhen(true)] out Reply? reply,
        [NotNullWhen(false)] out DomainError? error)
    {
        reply = null;
        if (!TryGetLiveAnnotation(x, annotationId, out annotation, out error))
        {
            return false;
        }

        reply = replyId is null ? null : annotation.FindReply(replyId);
        if (reply is null || reply.Deleted)
        {
            reply = null;
            error = Errors.ReplyNotFound(replyId ?? string.Empty);
            return false;
        }

        return true;
    }

    /// <summary>A one-line value (title): fragment-normalised, tabs and line breaks become spaces, trimmed.</summary>
    private static string CleanSingleLine(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return TextNormalizer.NormalizeFragment(value).Replace('\n', ' ').Replace('\t', ' ').Trim();
    }

    /// <summary>A multi-line value (Markdown body, rationale, note): fragment-normalised, leading blank lines and trailing whitespace removed.</summary>
    private static string CleanMultiline(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = TextNormalizer.NormalizeFragment(value).TrimEnd();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                start = i + 1;
            }
            else if (!char.IsWhiteSpace(text[i]))
            {
                break;
            }
        }

        return start == 0 ? text : text[start..];
    }

    private static bool TryCleanBody(string? raw, string what, int max, out string body, [NotNullWhen(false)] out DomainError? error)
    {
        body = CleanMultiline(raw);
        var length = TextIndex.CountCodePoints(body);
        if (length > max)
        {
            error = Errors.BodyTooLarge(what, max, length);
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryCleanRequiredBody(string? raw, string what, DomainLimits limits, out string body, [NotNullWhen(false)] out DomainError? error)
    {
        if (!TryCleanBody(raw, $"The {what}", limits.MaxBodyLength, out body, out error))
        {
            return false;
        }

        if (body.Length == 0)
        {
            error = Errors.BodyRequired(what);
            return false;
        }

        return true;
    }

    private static bool TryCleanOptional(string? raw, string what, int max, out string? value, [NotNullWhen(false)] out DomainError? error)
    {
        if (!TryCleanBody(raw, what, max, out var cleaned, out error))
        {
            value = null;
            return false;
        }

        value = cleaned.Length == 0 ? null : cleaned;
        return true;
    }

    private static bool TryCleanRationale(string? raw, DomainLimits limits, out string rationale, [NotNullWhen(false)] out DomainError? error)
    {
        rationale = CleanMultiline(raw);
        var length = TextIndex.CountCodePoints(rationale);
        if (length > limits.MaxRationaleLength)
        {
            error = Errors.RationaleTooLarge(limits.MaxRationaleLength, length);
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Trims each tag, rejects empty, over-long or multi-line ones, drops case-insensitive duplicates (first wins).</summary>
    private static bool TryCleanTags(ImmutableArray<string> raw, DomainLimits limits, out ImmutableArray<string> tags, [NotNullWhen(false)] out DomainError? error)
    {
        tags = [];
        error = null;
        if (raw.IsDefaultOrEmpty)
        {
            return true;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var rawTag in raw)
        {
            var tag = rawTag is null ? string.Empty : TextNormalizer.NormalizeFragment(rawTag).Trim();
            var length = TextIndex.CountCodePoints(tag);
            if (length == 0 || length > limits.MaxTagLength || tag.AsSpan().IndexOfAny('\n', '\t') >= 0)
            {
                error = Errors.TagInvalid(rawTag ?? string.Empty, limits.MaxTagLength);
                return false;
            }

            if (seen.Add(tag))
            {
                result.Add(tag);
            }
        }

        if (result.Count > limits.MaxTags)
        {
            error = Errors.TooManyTags(limits.MaxTags, result.Count);
            return false;
        }

        tags = result.ToImmutable();
        return true;
    }

    /// <summary>An absolute http or https URL with a host, no whitespace, within the length limit.</summary>
    private static bool IsWebUrl(string url, DomainLimits limits)
    {
        if (url.Length > limits.MaxUrlLength)
        {
            return false;
        }

        foreach (var ch in url)
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch))
            {
                return false;
            }
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host);
    }

    /// <summary>A linked target resolved elsewhere: only its shape can be checked here.</summary>
    private static bool IsPlausibleTarget(TextTarget target) =>
        target.Quote is { Exact.Length: > 0 }
        && target.Position is { } position
        && position.Start >= 0
        && position.Start < position.End;
}
