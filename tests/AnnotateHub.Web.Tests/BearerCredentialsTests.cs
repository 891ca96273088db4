using AnnotateHub.Web.Security;

namespace AnnotateHub.Web.Tests;

/// <summary>The one reading of <c>Authorization</c> that the scheme chooser and the token handler share.</summary>
public sealed class BearerCredentialsTests
{
    [Theory]
    [InlineData("Bearer ahp_x", "ahp_x")]
    [InlineData("bearer ahp_x", "ahp_x")]
    [InlineData("BEARER ahp_x", "ahp_x")]
    [InlineData("Bearer  ahp_x", "ahp_x")]
    [InlineData("Bearer\tahp_x", "ahp_x")]
    [InlineData(" Bearer ahp_x \t", "ahp_x")]
    [InlineData("Bearer", "")]
    [InlineData("Bearer   ", "")]
    public void GivenTheBearerSchemeInAnySpelling_ThenTheTokenIsWhatFollowsIt(string header, string token)
    {
        Assert.True(BearerCredentials.TryRead(header, out var read));
        Assert.Equal(token, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearerahp_x")]
    [InlineData("Bear ahp_x")]
    [InlineData("ahp_x")]
    public void GivenAnotherSchemeOrNone_ThenItIsNotABearerToken(string? header)
    {
        Assert.False(BearerCredentials.TryRead(header, out var read));
        Assert.Equal(string.Empty, read);
    }
}
