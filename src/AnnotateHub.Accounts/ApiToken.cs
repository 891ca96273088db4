namespace AnnotateHub.Accounts;

/// <summary>
/// A personal API token. Only the SHA-256 hash of the secret is stored; the secret is shown once, at issue.
/// </summary>
public sealed class ApiToken
{
    /// <summary>The longest token name accepted.</summary>
    public const int NameMaxLength = 100;

    /// <summary>Random id (32 hex characters) used to list and revoke the token; not a credential.</summary>
    public string Id { get; set; } = "";

    /// <summary>The owner (<see cref="AppUser"/> id); deleting the user deletes the token.</summary>
    public string UserId { get; set; } = "";

    /// <summary>What the owner called it ("CI export", "laptop").</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole secret (including "ahp_"); unique.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The first 8 characters after "ahp_", for recognising a token in a list.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>When it was issued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When it was revoked; null while not revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When it last authenticated a request (updated at most once a minute).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>True when neither revoked nor expired at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
