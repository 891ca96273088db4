using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests.Infrastructure;

/// <summary>
/// The accounts services over a real database of their own (a SQLite file in a fresh temp folder, or a fresh database on
/// the test PostgreSQL server), wired exactly as the app wires them (<see cref="AccountsServiceCollectionExtensions.AddAnnotateHubAccounts(IServiceCollection, AccountsStore)"/>
/// and <see cref="AccountsServiceCollectionExtensions.AddAnnotateHubDataProtection"/>), with a <see cref="ManualClock"/>.
/// Disposing it deletes the file or drops the database.
/// </summary>
public sealed class AccountsHost : IAsyncDisposable
{
    private readonly DirectoryInfo? _folder;
    private readonly PostgresTestDatabase? _database;

    private AccountsHost(AccountsStore store, ManualClock clock, DirectoryInfo? folder, string? databasePath, PostgresTestDatabase? database)
    {
        Store = store;
        Clock = clock;
        _folder = folder;
        DatabasePath = databasePath;
        _database = database;
        Services = BuildServices(store, clock);
    }

    public AccountsStore Store { get; }

    public AccountsProvider Provider => Store.Provider;

    /// <summary>The connection string the services use.</summary>
    public string ConnectionString => Store.ConnectionString;

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? DatabasePath { get; }

    /// <summary>The PostgreSQL database (null on SQLite).</summary>
    public PostgresTestDatabase? PostgresDatabase => _database;

    public ManualClock Clock { get; }

    public ServiceProvider Services { get; }

    /// <summary>
    /// A host over a new, empty database on <paramref name="provider"/>; migrated unless <paramref name="migrate"/> is false.
    /// <paramref name="prepareSqliteFile"/> (SQLite only) gets the file path before the services see it.
    /// </summary>
    public static async Task<AccountsHost> StartAsync(AccountsProvider provider, bool migrate = true, Action<string>? prepareSqliteFile = null)
    {
        AccountsHost host;
        if (provider == AccountsProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("annotatehub-accounts-");
            var path = Path.Combine(folder.FullName, "annotatehub.db");
            prepareSqliteFile?.Invoke(path);
            var store = AccountsStore.Sqlite(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
            host = new AccountsHost(store, new ManualClock(), folder, path, database: null);
        }
        else
        {
            Assert.Null(prepareSqliteFile);
            var database = await PostgresServer.CreateDatabaseAsync();
            host = new AccountsHost(AccountsStore.Postgres(database.ConnectionString), new ManualClock(), folder: null, databasePath: null, database);
        }

        if (migrate)
        {
            await host.Services.GetRequiredService<AccountsDatabase>().MigrateAsync().WithTimeout($"the accounts on {provider} to migrate");
        }

        return host;
    }

    /// <summary>The services of another node (or of this one after a restart) over the same database, with its own clock.</summary>
    public ServiceProvider BuildNode() => BuildServices(Store, new ManualClock());

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

    /// <summary>
    /// A plain, unpooled connection to the database, for inspecting it by hand. The SQL must suit both engines: quote
    /// identifiers ("AspNetUsers") and name parameters with @.
    /// </summary>
    public async Task<DbConnection> OpenRawConnectionAsync()
    {
        if (_database is not null)
        {
            return await _database.OpenRawConnectionAsync();
        }

        return OpenRawConnection(DatabasePath!);
    }

    /// <summary>A plain connection to a SQLite file (no pooling, so the folder can be deleted afterwards).</summary>
    public static SqliteConnection OpenRawConnection(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_folder is not null)
        {
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

    private static ServiceProvider BuildServices(AccountsStore store, ManualClock clock)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddAnnotateHubAccounts(store)
            .AddSingleton<TimeProvider>(clock);
        services.AddAnnotateHubDataProtection();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}

/// <summary>Runs SQL through a <see cref="DbConnection"/> of either engine.</summary>
public static class RawSql
{
    /// <summary>The first column of the first row, with <c>@name</c> parameters.</summary>
    public static async Task<object?> ScalarAsync(this DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Every row, each as column name → value (DBNull as null).</summary>
    public static async Task<List<Dictionary<string, object?>>> RowsAsync(this DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs a statement.</summary>
    public static async Task ExecuteAsync(this DbConnection connection, string sql)
    {
        await using var command = Command(connection, sql, []);
        await command.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

public static class TestPasswords
{
    /// <summary>Meets every rule: 10+ characters, a digit, a lower-case letter, 4+ distinct characters.</summary>
    public const string Valid = "correct horse 42";
}
