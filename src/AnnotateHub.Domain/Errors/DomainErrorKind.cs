namespace AnnotateHub.Domain;

/// <summary>
/// The category of a <see cref="DomainError"/>. The web layer maps each kind to one HTTP status code.
/// </summary>
public enum DomainErrorKind
{
    /// <summary>The input breaks a rule (missing, malformed or out of range). HTTP 422.</summary>
    Invalid = 0,

    /// <summary>The document, annotation, reply or source does not exist or was deleted. HTTP 404.</summary>
    NotFound = 1,

    /// <summary>The actor's role or authorship does not allow the operation. HTTP 403.</summary>
    Forbidden = 2,

    /// <summary>The operation clashes with the current state (already exists, already resolved, ...). HTTP 409.</summary>
    Conflict = 3,

    /// <summary>The input is larger than a configured <see cref="DomainLimits"/> limit. HTTP 413.</summary>
    TooLarge = 4,
}
