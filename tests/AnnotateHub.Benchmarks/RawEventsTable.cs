using AnnotateHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The raw baseline: plain Microsoft.Data.Sqlite inserts into the store's own <c>events</c> table, on a separate file
/// created by the store (same schema) and opened with the store's writer connection string and pragmas
/// (<see cref="SqlitePragmas.Apply"/>: WAL, synchronous=FULL, same autocheckpoint). Prepared, reused commands.
/// </summary>
public sealed class RawEventsTable : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _commit;

    private RawEventsTable(SqliteConnection connection)
    {
        _connection = connection;
        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _insert = Prepare("INSERT INTO events (stream_id, version, type, data, recorded_at) VALUES ($stream_id, $version, $type, $data, $recorded_at);");
        _insert.Parameters.Add("$stream_id", SqliteType.Text);
        _insert.Parameters.Add("$version", SqliteType.Integer);
        _insert.Parameters.Add("$type", SqliteType.Text);
        _insert.Parameters.Add("$data", SqliteType.Blob);
        _insert.Parameters.Add("$recorded_at", SqliteType.Integer);
        _insert.Prepare();
    }

    public static async Task<RawEventsTable> OpenAsync(string databasePath)
    {
        var options = new SqliteStoreOptions { DataSource = databasePath };
        await using (await SqliteEventStore.OpenAsync(options))
        {
            // creates the file with the store's schema, then closes it
        }

        var connection = new SqliteConnection(options.WriterConnectionString);
        connection.Open();
        SqlitePragmas.Apply(connection, options);
        return new RawEventsTable(connection);
    }

    /// <summary>One row in its own transaction: BEGIN IMMEDIATE, INSERT, COMMIT (an fsync of the WAL).</summary>
    public void CommitOne(string streamId, long version, string type, byte[] data)
    {
        _begin.ExecuteNonQuery();
        Insert(streamId, version, type, data);
        _commit.ExecuteNonQuery();
    }

    /// <summary>All rows in one transaction.</summary>
    public void CommitBatch(IReadOnlyList<(string StreamId, long Version, string Type, byte[] Data)> rows)
    {
        _begin.ExecuteNonQuery();
        foreach (var (streamId, version, type, data) in rows)
        {
            Insert(streamId, version, type, data);
        }

        _commit.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _begin.Dispose();
        _insert.Dispose();
        _commit.Dispose();
        _connection.Dispose();
    }

    private void Insert(string streamId, long version, string type, byte[] data)
    {
        var parameters = _insert.Parameters;
        parameters[0].Value = streamId;
        parameters[1].Value = version;
        parameters[2].Value = type;
        parameters[3].Value = data;
        parameters[4].Value = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        _insert.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
