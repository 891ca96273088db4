using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Accounts;

/// <summary>
/// The Data Protection key ring in the accounts database (registered by
/// <see cref="AccountsServiceCollectionExtensions.AddAnnotateHubDataProtection"/>). <see cref="AccountsDatabase.MigrateAsync"/>
/// calls <see cref="EnsureUsableKey"/> after migrating, under the same lock, so that nodes starting together on an empty
/// ring find one key instead of each creating its own on first use (a node would then refuse the other's cookies until it
/// re-reads the ring, up to a day later).
/// </summary>
public sealed class AccountsKeyRing(IKeyManager keyManager, IOptions<KeyManagementOptions> options)
{
    /// <summary>
    /// Creates a key, active now, when the ring has none that is active now and not revoked; true when it created one.
    /// Later keys are Data Protection's business: it creates each successor days before it is needed, which every node
    /// reads in time.
    /// </summary>
    public bool EnsureUsableKey()
    {
        // Data Protection decides which key is active by the system clock (not an injected TimeProvider): so does this.
        var now = DateTimeOffset.UtcNow;
        if (keyManager.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && now < key.ExpirationDate))
        {
            return false;
        }

        keyManager.CreateNewKey(activationDate: now, expirationDate: now + options.Value.NewKeyLifetime);
        return true;
    }
}
