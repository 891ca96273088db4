using System.Net;
using System.Net.Sockets;
using AnnotateHub.Storage.Postgres;
using AnnotateHub.Storage.Tests.Contract;
using Npgsql;

namespace AnnotateHub.Storage.Tests.Postgres;

/// <summary>A store that cannot reach its database fails at open and says which setting to fix and what it tried.</summary>
public sealed class PostgresConnectionTests
{
    private const string Password = "s3cret-never-shown";

    [Fact]
    public async Task GivenNoServerListening_WhenTheStoreOpens_ThenItFailsNamingTheSettingAndTheHostPortAndDatabaseTried()
    {
        var port = UnusedPort();
        var options = new PostgresStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Database=annotatehub_nowhere;Username=annotatehub;Password={Password};Timeout=5",
        };

        var failure = await PostgresEventStore.OpenAsync(options).ShouldFailWith<PostgresConnectionException>("opening a store on a closed port");

        Assert.Contains("ConnectionStrings:AnnotateHub", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'annotatehub_nowhere'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'annotatehub'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, failure.ToString(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", failure.Host);
        Assert.Equal(port, failure.Port);
        Assert.Equal("annotatehub_nowhere", failure.Database);
    }

    [Fact]
    public async Task GivenAServerWithoutTheDatabase_WhenTheStoreOpens_ThenItSaysTheDatabaseDoesNotExistAndWhichSettingToFix()
    {
        var server = await PostgresServer.GetAsync();
        var missing = $"annotatehub_missing_{Guid.NewGuid():N}";
        var options = new PostgresStoreOptions { ConnectionString = server.ConnectionStringFor(missing), SettingName = "Storage:Postgres" };

        var failure = await PostgresEventStore.OpenAsync(options).ShouldFailWith<PostgresConnectionException>("opening a store on a missing database");

        Assert.Contains("Storage:Postgres", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{missing}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", failure.Message, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.InvalidCatalogName, Assert.IsType<PostgresException>(failure.InnerException).SqlState);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("Host=127.0.0.1;Colour=blue", "is not a valid Npgsql connection string")]
    [InlineData("Database=annotatehub", "names no host")]
    public async Task GivenAnUnusableConnectionString_WhenTheStoreOpens_ThenItSaysWhatIsWrongWithTheSetting(string connectionString, string expected)
    {
        var failure = await PostgresEventStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString })
            .ShouldFailWith<PostgresConnectionException>($"opening a store with the connection string '{connectionString}'");

        Assert.Contains($"The setting ConnectionStrings:AnnotateHub {expected}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenNoServerListening_WhenMigratingWithoutAStore_ThenItFailsTheSameWay()
    {
        var port = UnusedPort();

        var failure = await PostgresSchema.MigrateAsync(new PostgresStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={port};Database=x;Timeout=5" })
            .ShouldFailWith<PostgresConnectionException>("migrating a database on a closed port");

        Assert.Contains("ConnectionStrings:AnnotateHub", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A loopback port that nothing listens on (the system picked it free a moment ago).</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
