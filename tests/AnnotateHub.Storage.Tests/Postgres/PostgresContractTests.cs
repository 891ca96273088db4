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

/// <summary>The hash chain contract on a real PostgreSQL server: tampering updates one byte of the stored row by hand.</summary>
public sealed class PostgresEventChainContractTests : EventChainContractTests
{
    private PostgresTestDatabase? _database;

    protected override async Task CreateLocationAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    protected override async Task<IEventStore> OpenStoreAsync() =>
        await PostgresEventStore.OpenAsync(new PostgresStoreOptions { ConnectionString = _database!.ConnectionString });

    protected override async Task ChangeOneStoredByteAsync(string streamId, long version, string marker)
    {
        await using var connection = await _database!.OpenRawConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            UPDATE events SET data = set_byte(data, position(convert_to(@marker, 'UTF8') IN data) - 1, get_byte(convert_to('x', 'UTF8'), 0))
            WHERE stream_id = @stream_id AND version = @version AND position(convert_to(@marker, 'UTF8') IN data) > 0;
            """, connection);
        command.Parameters.AddWithValue("marker", marker);
        command.Parameters.AddWithValue("stream_id", streamId);
        command.Parameters.AddWithValue("version", version);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    protected override async Task DeleteLocationAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
