using AnnotateHub.Web.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// <c>Security:SiteAdmins</c> as an operator sets it: appsettings.json ships an empty list, and environment variables add
/// entries as a list (<c>Security__SiteAdmins__0</c>) or as one comma-separated value. Found: the list form was ignored,
/// because the empty JSON list gave the section a value ("") that hid its entries.
/// </summary>
public sealed class SiteAdminsTests
{
    private static IReadOnlyList<string> Emails(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream("""{ "Security": { "SiteAdmins": [] } }"""u8.ToArray())) // as appsettings.json ships
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using var services = new ServiceCollection().BuildServiceProvider();
        return new SiteAdmins(configuration, services.GetRequiredService<IServiceScopeFactory>()).Emails();
    }

    [Fact]
    public void GivenTheShippedEmptyList_WhenAnEnvironmentVariableAddsListEntries_ThenEveryEntryIsASiteAdmin() =>
        Assert.Equal(["ops@example.org", "chief@example.org"], Emails(("Security:SiteAdmins:0", "ops@example.org"), ("Security:SiteAdmins:1", "chief@example.org")));

    [Fact]
    public void GivenOneCommaSeparatedValue_WhenRead_ThenEachAddressCountsOnce() =>
        Assert.Equal(["ops@example.org", "chief@example.org"], Emails(("Security:SiteAdmins", " ops@example.org, chief@example.org;OPS@example.org ")));

    [Fact]
    public void GivenNothingConfigured_WhenRead_ThenThereIsNoSiteAdmin() => Assert.Empty(Emails());
}
