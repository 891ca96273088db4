namespace AnnotateHub.EndToEnd.Tests.Cluster;

/// <summary>
/// A node started with settings that cannot work fails at once, before it listens, and says which setting to fix
/// (issue 11, section 1): the real executable, as an operator starts it.
/// </summary>
public sealed class ClusterSettingsTests
{
    private const string Unreachable = "ConnectionStrings:AnnotateHub=Host=127.0.0.1;Port=1;Database=annotatehub;Username=annotatehub;Timeout=3";

    /// <summary>The mistake, its settings (separated by '|'), and what the message must say.</summary>
    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "postgres without a connection string", "Storage:Provider=postgres", "ConnectionStrings:AnnotateHub is not set" },
        { "postgres that is not running", "Storage:Provider=postgres|" + Unreachable, "ConnectionStrings:AnnotateHub" },
        { "a SQLite connection string for postgres", "Storage:Provider=postgres|ConnectionStrings:AnnotateHub=Data Source=/tmp/x.db", "Storage:Provider 'sqlite'" },
        { "a cluster on SQLite", "Cluster:Provider=postgres", "Set Storage:Provider to 'postgres'" },
        { "an unknown store", "Storage:Provider=mysql", "Unknown Storage:Provider 'mysql'" },
        { "an address the other nodes cannot reach", "Storage:Provider=postgres|" + Unreachable + "|Cluster:Provider=postgres|Cluster:AdvertisedAddress=no-such-node.invalid", "Cluster:AdvertisedAddress 'no-such-node.invalid'" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task GivenSettingsThatCannotWork_WhenTheNodeStarts_ThenItExitsAtOnceNamingTheSettingToFix(string mistake, string given, string expected)
    {
        var settings = given.Split('|').ToDictionary(s => s[..s.IndexOf('=', StringComparison.Ordinal)], s => s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppHost.StartAsync(settings));

        Assert.Contains("exited with code 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AnnotateHub cannot start", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failure.Message, StringComparison.Ordinal); // a message, not a stack trace
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(45), $"{mistake}: took {started.Elapsed.TotalSeconds:0} s to fail");
    }
}
