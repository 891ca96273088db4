using Microsoft.Data.Sqlite;

namespace AnnotateHub.Accounts.Tests.Infrastructure;

/// <summary>
/// Describes a SQLite schema as sorted lines (tables, columns, indexes with their columns, foreign keys,
/// AUTOINCREMENT), so two schemas compare with a readable difference. Column order is deliberately not part of
/// it: a later migration adds columns at the end of a table, while a freshly created table has them in model order.
/// </summary>
public static class SqliteSchemaReader
{
    /// <summary>EF's own bookkeeping tables, which only a migrated database has.</summary>
    public static readonly IReadOnlySet<string> EfBookkeepingTables =
        new HashSet<string>(StringComparer.Ordinal) { "__EFMigrationsHistory", "__EFMigrationsLock" };

    public static IReadOnlyList<string> Describe(string databasePath, Func<string, bool>? includeTable = null)
    {
        using var connection = AccountsHost.OpenRawConnection(databasePath);
        return Describe(connection, includeTable);
    }

    public static IReadOnlyList<string> Describe(SqliteConnection connection, Func<string, bool>? includeTable = null)
    {
        includeTable ??= name => !EfBookkeepingTables.Contains(name);
        var lines = new List<string>();
        var objects = Query(connection, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name", r =>
            (Type: r.GetString(0), Name: r.GetString(1), Table: r.GetString(2), Sql: r.IsDBNull(3) ? "" : r.GetString(3)));

        foreach (var obj in objects.Where(o => includeTable(o.Table)))
        {
            switch (obj.Type)
            {
                case "table":
                    DescribeTable(connection, obj.Name, obj.Sql, lines);
                    break;
                case "index":
                    // Described through PRAGMA index_list of its table (with uniqueness and columns).
                    break;
                default:
                    lines.Add($"{obj.Type} {obj.Name} on {obj.Table}");
                    break;
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The names of the tables in the file.</summary>
    public static IReadOnlyList<string> TableNames(SqliteConnection connection) =>
        Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", r => r.GetString(0));

    private static void DescribeTable(SqliteConnection connection, string table, string sql, List<string> lines)
    {
        var autoincrement = sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);
        lines.Add($"table {table}{(autoincrement ? " AUTOINCREMENT" : "")}");

        foreach (var column in Query(connection, $"PRAGMA table_info({Quote(table)})", r => new
        {
            Name = r.GetString(1),
            Type = r.GetString(2),
            NotNull = r.GetInt64(3) != 0,
            Default = r.IsDBNull(4) ? null : r.GetString(4),
            PkPosition = r.GetInt64(5),
        }))
        {
            lines.Add($"column {table}.{column.Name} type={column.Type} notnull={column.NotNull} pk={column.PkPosition} default={column.Default ?? "none"}");
        }

        foreach (var index in Query(connection, $"PRAGMA index_list({Quote(table)})", r => new
        {
            Name = r.GetString(1),
            Unique = r.GetInt64(2) != 0,
            Origin = r.GetString(3),
            Partial = r.GetInt64(4) != 0,
        }))
        {
            var columns = Query(connection, $"PRAGMA index_info({Quote(index.Name)})", r => (Seq: r.GetInt64(0), Name: r.IsDBNull(2) ? "<expr>" : r.GetString(2)))
                .OrderBy(c => c.Seq)
                .Select(c => c.Name);
            lines.Add($"index {table}.{index.Name} ({string.Join(", ", columns)}) unique={index.Unique} origin={index.Origin} partial={index.Partial}");
        }

        var foreignKeys = Query(connection, $"PRAGMA foreign_key_list({Quote(table)})", r => new
        {
            Id = r.GetInt64(0),
            Seq = r.GetInt64(1),
            Principal = r.GetString(2),
            From = r.GetString(3),
            To = r.IsDBNull(4) ? "" : r.GetString(4),
            OnUpdate = r.GetString(5),
            OnDelete = r.GetString(6),
        });
        foreach (var foreignKey in foreignKeys.GroupBy(f => f.Id))
        {
            var parts = foreignKey.OrderBy(f => f.Seq).ToList();
            lines.Add($"foreign key {table}({string.Join(", ", parts.Select(p => p.From))}) -> {parts[0].Principal}({string.Join(", ", parts.Select(p => p.To))}) on delete {parts[0].OnDelete} on update {parts[0].OnUpdate}");
        }
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
