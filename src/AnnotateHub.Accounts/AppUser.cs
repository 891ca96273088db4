using Microsoft.AspNetCore.Identity;

namespace AnnotateHub.Accounts;

/// <summary>A person who can sign in. The user name is the email address.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>The longest display name accepted.</summary>
    public const int DisplayNameMaxLength = 100;

    /// <summary>The name shown to other members (authors, voters, presence).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
