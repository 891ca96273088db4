using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AnnotateHub.Accounts;

/// <summary>A newly issued token and its secret. The secret exists only here: show it once, then drop it.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);

/// <summary>A token that authenticated a request, and its owner.</summary>
public sealed record ApiTokenValidation(ApiToken Token, AppUser User);

/// <summary>
/// Personal API tokens: "ahp_" followed by 32 random bytes in base64url (47 characters). Only the SHA-256 of the
/// secret is stored, so a leaked database yields no usable token.
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<AccountsDbContext> contextFactory, TimeProvider timeProvider)
{
    /// <summary>What every secret starts with (lets secret scanners recognise a leaked token).</summary>
    public const string SecretPrefix = "ahp_";

    /// <summary>How often <see cref="ApiToken.LastUsedAt"/> is written at most.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int SecretBytes = 32;
    private const int DisplayPrefixLength = 8;
    private static readonly int SecretLength = SecretPrefix.Length + Base64UrlLength(SecretBytes);

    /// <summary>
    /// Issues a token for the user. Throws <see cref="ArgumentException"/> for a blank or too long name, an expiry
    /// that is not in the future, or an unknown user.
    /// </summary>
    public async Task<IssuedToken> IssueAsync(string userId, string name, DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmedName = name.Trim();
        if (trimmedName.Length > ApiToken.NameMaxLength)
        {
            throw new ArgumentException($"A token name is at most {ApiToken.NameMaxLength} characters.", nameof(name));
        }

        var now = timeProvider.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new ArgumentException("A token's expiry must be in the future.", nameof(expiresAt));
        }

        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        if (!await context.Users.AnyAsync(u => u.Id == userId).ConfigureAwait(false))
        {
            throw new ArgumentException($"There is no user with id '{userId}'.", nameof(userId));
        }

        var body = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var secret = SecretPrefix + body;
        var token = new ApiToken
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            Name = trimmedName,
            Hash = HashSecret(secret),
            Prefix = body[..DisplayPrefixLength],
            CreatedAt = now,
            ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        context.ApiTokens.Add(token);
        await context.SaveChangesAsync().ConfigureAwait(false);
        return new IssuedToken(token, secret);
    }

    /// <summary>
    /// The token and its owner when <paramref name="secret"/> is a known token that is neither revoked nor expired;
    /// otherwise null. The lookup is by hash, so timing reveals nothing about stored secrets.
    /// Records <see cref="ApiToken.LastUsedAt"/> at most once per <see cref="LastUsedResolution"/>.
    /// </summary>
    public async Task<ApiTokenValidation?> ValidateAsync(string secret)
    {
        if (secret is null || secret.Length != SecretLength || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = HashSecret(secret);
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        var token = await context.ApiTokens.SingleOrDefaultAsync(t => t.Hash == hash).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        if (token is null || !token.IsActiveAt(now))
        {
            return null;
        }

        var user = await context.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == token.UserId).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        if (token.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            token.LastUsedAt = now;
            await context.SaveChangesAsync().ConfigureAwait(false);
        }

        return new ApiTokenValidation(token, user);
    }

    /// <summary>The user's tokens (including revoked and expired ones), newest first. Never contains a secret.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        var tokens = await context.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync().ConfigureAwait(false);
        // SQLite cannot order by DateTimeOffset on the server; a user has few tokens.
        return [.. tokens.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Revokes the user's token. True when the token exists and belongs to the user (revoking an already revoked
    /// token keeps its first revocation time); false when the user has no such token.
    /// </summary>
    public async Task<bool> RevokeAsync(string userId, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(tokenId);
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        var token = await context.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId).ConfigureAwait(false);
        if (token is null)
        {
            return false;
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = timeProvider.GetUtcNow();
            await context.SaveChangesAsync().ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 secret: what <see cref="ApiToken.Hash"/> holds.</summary>
    public static string HashSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    private static int Base64UrlLength(int byteCount) => ((byteCount * 4) + 2) / 3;
}
