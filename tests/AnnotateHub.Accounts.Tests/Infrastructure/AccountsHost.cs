using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests.Infrastructure;

/// <summary>
/// The accounts services over a real SQLite file in a fresh temp folder, wired exactly as the app wires them
/// (<see cref="AccountsServiceCollectionExtensions.AddAnnotateHubAccounts"/>), with a <see cref="ManualClock"/>.
/// </summary>
public sealed class AccountsHost : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;

    private AccountsHost(DirectoryInfo folder, string databasePath, ManualClock clock)
    {
        _folder = folder;
        DatabasePath = databasePath;
        Clock = clock;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();
        Services = new ServiceCollection()
            .AddLogging()
            .AddAnnotateHubAccounts(ConnectionString)
            .AddSingleton<TimeProvider>(clock)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    public ManualClock Clock { get; }

    public ServiceProvider Services { get; }

    /// <summary>A host over a new, empty database file; migrated unless <paramref name="migrate"/> is false.</summary>
    public static async Task<AccountsHost> StartAsync(bool migrate = true, Action<string>? prepareDatabase = null)
    {
        var folder = Directory.CreateTempSubdirectory("annotatehub-accounts-");
        var path = Path.Combine(folder.FullName, "annotatehub.db");
        prepareDatabase?.Invoke(path);
        var host = new AccountsHost(folder, path, new ManualClock());
        if (migrate)
        {
            await host.Services.GetRequiredService<AccountsDatabase>().MigrateAsync();
        }

        return host;
    }

    /// <summary>Runs <paramref name="action"/> with a service of a new scope (as one request would).</summary>
    public async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Creates a user with a valid password; returns it.</summary>
    public Task<AppUser> CreateUserAsync(string email, string displayName = "Test User", string password = TestPasswords.Valid) =>
        InScopeAsync<AccountService, AppUser>(async accounts =>
        {
            var result = await accounts.CreateUserAsync(email, displayName, password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors));
            return result.Value!.User;
        });

    /// <summary>A plain connection to the file (no pooling, so the folder can be deleted afterwards).</summary>
    public SqliteConnection OpenRawConnection() => OpenRawConnection(DatabasePath);

    public static SqliteConnection OpenRawConnection(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }
}

public static class TestPasswords
{
    /// <summary>Meets every rule: 10+ characters, a digit, a lower-case letter, 4+ distinct characters.</summary>
    public const string Valid = "correct horse 42";
}
