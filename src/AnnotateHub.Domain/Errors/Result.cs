using System.Diagnostics.CodeAnalysis;

namespace AnnotateHub.Domain;

/// <summary>
/// Either a value or a <see cref="DomainError"/>. Returned by operations a user's input can make fail
/// (<see cref="TargetResolver"/>, <see cref="Verdicts.Parse"/>). Values and errors convert implicitly.
/// </summary>
/// <typeparam name="T">The type of the value on success.</typeparam>
public sealed class Result<T>
{
    private readonly T? _value;

    private Result(T? value, DomainError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error when the operation failed; null on success.</summary>
    public DomainError? Error { get; }

    /// <summary>True when there is a value (and <see cref="Error"/> is null).</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The value. Throws <see cref="InvalidOperationException"/> when the result is an error.</summary>
    public T Value => Error is null
        ? _value!
        : throw new InvalidOperationException($"The result is an error ({Error.Code}): {Error.Message}");

    /// <summary>Creates a successful result.</summary>
    public static Result<T> Success(T value) => new(value, null);

    /// <summary>Creates a failed result.</summary>
    public static Result<T> Failure(DomainError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>Wraps a value.</summary>
    public static implicit operator Result<T>(T value) => Success(value);

    /// <summary>Wraps an error.</summary>
    public static implicit operator Result<T>(DomainError error) => Failure(error);

    /// <summary>Gets the value or the error.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out DomainError? error)
    {
        value = _value;
        error = Error;
        return Error is null;
    }

    /// <inheritdoc />
    public override string ToString() => Error is null ? $"Success({_value})" : $"Failure({Error.Code})";
}
