using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace AnnotateHub.Domain;

/// <summary>
/// The outcome of <see cref="DocumentDecider.Decide"/>: either the events to append (accepted) or the
/// <see cref="DomainError"/> that rejected the command (then there are no events and nothing changes).
/// </summary>
/// <remarks>
/// An accepted decision has at least one event, except for an idempotent no-op: an edit (annotation, reply)
/// or a re-cast vote whose values equal the current ones, resolving a resolved thread or reopening an open one,
/// is accepted with zero events, so a client may retry safely. Callers persist and apply the events only when
/// <see cref="Events"/> is non-empty.
/// </remarks>
public sealed class Decision
{
    private Decision(ImmutableArray<DocumentEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    /// <summary>The events to append, in sequence order; empty when rejected (or for an accepted no-op).</summary>
    public IReadOnlyList<DocumentEvent> Events { get; }

    /// <summary>Why the command was rejected; null when accepted.</summary>
    public DomainError? Error { get; }

    /// <summary>True when the command was rejected; then <see cref="Error"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsRejected => Error is not null;

    /// <summary>True when the command was accepted.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsAccepted => Error is null;

    /// <summary>An accepted decision with the given events.</summary>
    public static Decision Accept(params ReadOnlySpan<DocumentEvent> events) => new([.. events], null);

    /// <summary>An accepted decision that changes nothing (idempotent no-op).</summary>
    public static Decision NoChange { get; } = new([], null);

    /// <summary>A rejected decision.</summary>
    public static Decision Reject(DomainError error) => new([], error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>Rejects with the error.</summary>
    public static implicit operator Decision(DomainError error) => Reject(error);

    /// <inheritdoc />
    public override string ToString() =>
        Error is null ? $"Accepted({string.Join(", ", Events.Select(e => e.EventType))})" : $"Rejected({Error.Code})";
}
