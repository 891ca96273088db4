namespace AnnotateHub.Accounts;

/// <summary>The outcome of an account operation: a value, or the errors (sentences a person understands).</summary>
public sealed record AccountResult<T>(T? Value, IReadOnlyList<string> Errors)
{
    /// <summary>True when there are no errors.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>A success carrying <paramref name="value"/>.</summary>
    public static AccountResult<T> Success(T value) => new(value, []);

    /// <summary>A failure with at least one error.</summary>
    public static AccountResult<T> Failure(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }

        return new(default, errors);
    }

    /// <summary>A failure with one error.</summary>
    public static AccountResult<T> Failure(string error) => Failure([error]);
}

/// <summary>A new account; <paramref name="GeneratedPassword"/> is set (and shown once) when no password was given.</summary>
public sealed record CreatedUser(AppUser User, string? GeneratedPassword);
