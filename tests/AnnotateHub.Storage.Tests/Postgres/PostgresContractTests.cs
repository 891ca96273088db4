using AnnotateHub.Storage.Postgres;
using AnnotateHub.Storage.Tests.Contract;

namespace AnnotateHub.Storage.Tests.Postgres;

/// <summary>The event store contract on a real PostgreSQL server, in a database of its own per test.</summary>
public sealed class PostgresEventStoreContractTests : EventStoreContractTests
{
    private PostgresTestDatabase? _database;

    protected override async Task CreateLocationAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    protected override async Task<IEventStore> OpenStoreAsync() =>
        await PostgresEventStore.OpenAsync(new PostgresStoreOptions { ConnectionString = _database!.ConnectionString });

    protected override async Task DeleteLocationAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The grain state contract on a real PostgreSQL server, in a database of its own per test.</summary>
public sealed class PostgresGrainStateStoreContractTests : GrainStateStoreContractTests
{
    private PostgresTestDatabase? _database;

    protected override async Task CreateLocationAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    protected override async Task<IGrainStateStore> OpenStoreAsync() =>
        await PostgresEventStore.OpenAsync(new PostgresStoreOptions { ConnectionString = _database!.ConnectionString });

    protected override async Task DeleteLocationAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
