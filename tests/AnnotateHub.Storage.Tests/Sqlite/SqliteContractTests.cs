using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Storage.Tests.Contract;

namespace AnnotateHub.Storage.Tests.Sqlite;

/// <summary>The event store contract on a real SQLite file in a temporary folder.</summary>
public sealed class SqliteEventStoreContractTests : EventStoreContractTests
{
    private readonly SqliteTestFolder _folder = new();

    protected override async Task<IEventStore> OpenStoreAsync() =>
        await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = _folder.DatabasePath });

    protected override Task DeleteLocationAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The grain state contract on a real SQLite file in a temporary folder.</summary>
public sealed class SqliteGrainStateStoreContractTests : GrainStateStoreContractTests
{
    private readonly SqliteTestFolder _folder = new();

    protected override async Task<IGrainStateStore> OpenStoreAsync() =>
        await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = _folder.DatabasePath });

    protected override Task DeleteLocationAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The hash chain contract on a real SQLite file: tampering edits the database file itself, byte by byte.</summary>
public sealed class SqliteEventChainContractTests : EventChainContractTests
{
    private readonly SqliteTestFolder _folder = new();

    protected override async Task<IEventStore> OpenStoreAsync() =>
        await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = _folder.DatabasePath });

    protected override async Task ChangeOneStoredByteAsync(string streamId, long version, string marker)
    {
        await CloseAsync(); // the last connection closing checkpoints the WAL into the database file
        SqliteFileBytes.ChangeOneByte(_folder.DatabasePath, marker);
    }

    protected override Task DeleteLocationAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
