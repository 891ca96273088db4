namespace AnnotateHub.Domain;

/// <summary>
/// A rule broken by a command or input: a <see cref="DomainErrorKind"/> (maps to an HTTP status), a stable
/// machine-readable <see cref="Code"/> (see <see cref="ErrorCodes"/>) and a <see cref="Message"/> a person
/// understands that says what to do next. A rejected command yields no events and changes nothing.
/// </summary>
/// <param name="Kind">The category of the error.</param>
/// <param name="Code">A stable kebab-case code from <see cref="ErrorCodes"/>; never renamed.</param>
/// <param name="Message">A sentence for a person, saying what went wrong and what to do next.</param>
public record DomainError(DomainErrorKind Kind, string Code, string Message)
{
    /// <summary>Creates an <see cref="DomainErrorKind.Invalid"/> error.</summary>
    public static DomainError Invalid(string code, string message) => new(DomainErrorKind.Invalid, code, message);

    /// <summary>Creates a <see cref="DomainErrorKind.NotFound"/> error.</summary>
    public static DomainError NotFound(string code, string message) => new(DomainErrorKind.NotFound, code, message);

    /// <summary>Creates a <see cref="DomainErrorKind.Forbidden"/> error.</summary>
    public static DomainError Forbidden(string code, string message) => new(DomainErrorKind.Forbidden, code, message);

    /// <summary>Creates a <see cref="DomainErrorKind.Conflict"/> error.</summary>
    public static DomainError Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);

    /// <summary>Creates a <see cref="DomainErrorKind.TooLarge"/> error.</summary>
    public static DomainError TooLarge(string code, string message) => new(DomainErrorKind.TooLarge, code, message);
}

/// <summary>
/// A quote matched more than one place in the text, even after applying its prefix and suffix.
/// Code <see cref="ErrorCodes.QuoteAmbiguous"/>, kind <see cref="DomainErrorKind.Invalid"/>.
/// </summary>
/// <param name="MatchCount">
/// How many places in the text match the quote and its context; when the context fits none of the occurrences,
/// the number of occurrences of the exact text alone.
/// </param>
public sealed record QuoteAmbiguousError(int MatchCount)
    : DomainError(
        DomainErrorKind.Invalid,
        ErrorCodes.QuoteAmbiguous,
        $"The quote is ambiguous: {MatchCount} matches in the text; add prefix/suffix context (the words just before or after it) so it matches only one place.");

/// <summary>
/// A value is longer than a <see cref="DomainLimits"/> limit allows.
/// Kind <see cref="DomainErrorKind.TooLarge"/>.
/// </summary>
/// <param name="Code">The error code (e.g. <see cref="ErrorCodes.BodyTooLarge"/>).</param>
/// <param name="What">What is too large, for the message (e.g. "The annotation body").</param>
/// <param name="Limit">The configured maximum.</param>
/// <param name="Actual">The size of the value that was rejected.</param>
/// <param name="Unit">The unit of <paramref name="Limit"/> and <paramref name="Actual"/> (e.g. "characters", "bytes").</param>
public sealed record TooLargeError(string Code, string What, long Limit, long Actual, string Unit)
    : DomainError(
        DomainErrorKind.TooLarge,
        Code,
        $"{What} is {Actual:N0} {Unit} long, more than the limit of {Limit:N0} {Unit}; shorten it and try again.");

/// <summary>
/// Carries a <see cref="DomainError"/> through layers that signal failure by throwing (e.g. a grain call).
/// The domain itself never throws it: <see cref="DocumentDecider.Decide"/> returns errors as values.
/// </summary>
public sealed class DomainException : Exception
{
    /// <summary>Wraps <paramref name="error"/>; the exception message is the error's message.</summary>
    public DomainException(DomainError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message)
    {
        Error = error;
    }

    /// <summary>The domain error.</summary>
    public DomainError Error { get; }
}
