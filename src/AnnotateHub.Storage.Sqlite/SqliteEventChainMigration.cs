using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Sqlite;

/// <summary>Schema step 3: gives every event stored before the hash chain existed its link, stream by stream, in version order.</summary>
internal static class SqliteEventChainMigration
{
    public static void FillHashes(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT rowid, stream_id, version, type, data, recorded_at FROM events WHERE hash IS NULL ORDER BY stream_id, version;";
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE events SET hash = $hash WHERE rowid = $rowid;";
        var hashParameter = update.Parameters.Add("$hash", SqliteType.Blob);
        var rowParameter = update.Parameters.Add("$rowid", SqliteType.Integer);

        // A stream's versions are 1, 2, 3... so the chain restarts at Genesis on each new stream.
        var updates = new List<(long RowId, byte[] Hash)>();
        using (var reader = read.ExecuteReader())
        {
            string? stream = null;
            ReadOnlyMemory<byte> previous = EventChain.Genesis;
            while (reader.Read())
            {
                var streamId = reader.GetString(1);
                if (!string.Equals(streamId, stream, StringComparison.Ordinal))
                {
                    stream = streamId;
                    previous = EventChain.Genesis;
                }

                var hash = EventChain.Hash(
                    previous.Span, streamId, reader.GetInt64(2), reader.GetString(3), reader.GetInt64(5), reader.GetFieldValue<byte[]>(4));
                updates.Add((reader.GetInt64(0), hash));
                previous = hash;
            }
        }

        foreach (var (rowId, hash) in updates)
        {
            hashParameter.Value = hash;
            rowParameter.Value = rowId;
            update.ExecuteNonQuery();
        }
    }
}
