using System.Security.Cryptography;

namespace AnnotateHub.Accounts;

/// <summary>Random passwords that satisfy every rule of <see cref="AccountsServiceCollectionExtensions.ConfigureIdentity"/>.</summary>
internal static class PasswordGenerator
{
    // No look-alikes (0/O, 1/l/I) so a password read aloud or copied by hand survives.
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.!?#%+=";
    private const string All = Lower + Upper + Digits + Symbols;

    /// <summary>20 characters (about 122 bits), at least one of each class, at least 12 distinct.</summary>
    public static string Generate()
    {
        while (true)
        {
            var candidate = RandomNumberGenerator.GetString(All, 20);
            if (candidate.AsSpan().IndexOfAny(Lower) >= 0
                && candidate.AsSpan().IndexOfAny(Upper) >= 0
                && candidate.AsSpan().IndexOfAny(Digits) >= 0
                && candidate.AsSpan().IndexOfAny(Symbols) >= 0
                && candidate.Distinct().Count() >= 12)
            {
                return candidate;
            }
        }
    }
}
