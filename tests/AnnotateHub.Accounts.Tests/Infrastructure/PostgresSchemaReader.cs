using Npgsql;

namespace AnnotateHub.Accounts.Tests.Infrastructure;

/// <summary>
/// Describes the tables of a PostgreSQL database's <c>public</c> schema as sorted lines (tables; columns with their exact
/// type, nullability, identity and default; constraints as PostgreSQL prints them; indexes as their CREATE statements;
/// sequences), so two schemas compare with a readable difference. Column order is left out, as for SQLite.
/// </summary>
public static class PostgresSchemaReader
{
    /// <summary>EF's own bookkeeping table, which only a migrated database has.</summary>
    public const string EfHistoryTable = "__EFMigrationsHistory";

    public static async Task<IReadOnlyList<string>> DescribeAsync(NpgsqlConnection connection, Func<string, bool>? includeTable = null)
    {
        includeTable ??= table => table != EfHistoryTable;
        var lines = new List<string>();

        foreach (var (table, _) in await QueryAsync(connection, """
            SELECT c.relname, '' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
            """))
        {
            if (includeTable(table))
            {
                lines.Add($"table {table}");
            }
        }

        foreach (var (table, line) in await QueryAsync(connection, """
            SELECT c.relname,
                   'column ' || c.relname || '.' || a.attname || ' type=' || format_type(a.atttypid, a.atttypmod)
                   || ' notnull=' || a.attnotnull
                   || ' identity=' || CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' ELSE 'none' END
                   || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), 'none')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """))
        {
            Add(table, line);
        }

        foreach (var (table, line) in await QueryAsync(connection, """
            SELECT c.relname, 'constraint ' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public'
            """))
        {
            Add(table, line);
        }

        foreach (var (table, line) in await QueryAsync(connection, """
            SELECT tablename, 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            """))
        {
            Add(table, line);
        }

        foreach (var (table, line) in await QueryAsync(connection, """
            SELECT t.relname, 'sequence ' || s.relname || ' owned by ' || t.relname || '.' || a.attname
                   || ' type=' || format_type(q.seqtypid, NULL) || ' start=' || q.seqstart || ' increment=' || q.seqincrement
            FROM pg_class s
            JOIN pg_namespace n ON n.oid = s.relnamespace
            JOIN pg_sequence q ON q.seqrelid = s.oid
            JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
            JOIN pg_class t ON t.oid = d.refobjid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
            WHERE n.nspname = 'public' AND s.relkind = 'S'
            """))
        {
            Add(table, line);
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;

        void Add(string table, string line)
        {
            if (includeTable(table))
            {
                lines.Add(line);
            }
        }
    }

    /// <summary>The names of the tables in the <c>public</c> schema, sorted.</summary>
    public static async Task<IReadOnlyList<string>> TableNamesAsync(NpgsqlConnection connection) =>
        [.. (await QueryAsync(connection, "SELECT tablename, '' FROM pg_tables WHERE schemaname = 'public'"))
            .Select(row => row.Table)
            .Order(StringComparer.Ordinal)];

    private static async Task<List<(string Table, string Line)>> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
