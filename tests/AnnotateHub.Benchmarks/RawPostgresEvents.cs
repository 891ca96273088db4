using Npgsql;
using NpgsqlTypes;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The raw PostgreSQL baseline: plain Npgsql inserts into <c>raw_events</c>, a table of exactly the shape of the store's
/// <c>events</c> (<c>LIKE events INCLUDING ALL</c>: the same columns, collation, primary key and check) in the same
/// database, on one open connection with a prepared INSERT. Each commit is what a hand-written data layer would send:
/// BEGIN + INSERT (one round trip: Npgsql sends BEGIN with the first statement), then COMMIT.
/// </summary>
public sealed class RawPostgresEvents : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insert;

    private RawPostgresEvents(NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlCommand insert)
    {
        _dataSource = dataSource;
        _connection = connection;
        _insert = insert;
    }

    /// <summary>Creates <c>raw_events</c> beside <c>events</c> (the store must have migrated the database) and prepares the INSERT.</summary>
    public static async Task<RawPostgresEvents> OpenAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS raw_events (LIKE events INCLUDING ALL);", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var insert = new NpgsqlCommand("INSERT INTO raw_events (stream_id, version, type, data, recorded_at) VALUES (@stream_id, @version, @type, @data, @recorded_at);", connection);
        insert.Parameters.Add(new NpgsqlParameter<string>("stream_id", NpgsqlDbType.Text));
        insert.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint));
        insert.Parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text));
        insert.Parameters.Add(new NpgsqlParameter<byte[]>("data", NpgsqlDbType.Bytea));
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("recorded_at", NpgsqlDbType.TimestampTz));
        await insert.PrepareAsync();
        return new RawPostgresEvents(dataSource, connection, insert);
    }

    /// <summary>One row in its own transaction: BEGIN, INSERT, COMMIT.</summary>
    public async Task CommitOneAsync(string streamId, long version, string type, byte[] data)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        _insert.Transaction = transaction;
        ((NpgsqlParameter<string>)_insert.Parameters[0]).TypedValue = streamId;
        ((NpgsqlParameter<long>)_insert.Parameters[1]).TypedValue = version;
        ((NpgsqlParameter<string>)_insert.Parameters[2]).TypedValue = type;
        ((NpgsqlParameter<byte[]>)_insert.Parameters[3]).TypedValue = data;
        ((NpgsqlParameter<DateTimeOffset>)_insert.Parameters[4]).TypedValue = DateTimeOffset.UtcNow;
        await _insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
