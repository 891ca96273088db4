using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Tests.Sqlite;

/// <summary>A fresh temporary folder for one test's database, deleted afterwards.</summary>
public sealed class SqliteTestFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "annotatehub-storage-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => System.IO.Path.Combine(Path, "annotatehub.db");

    /// <summary>A plain, unpooled connection to the test database, for arranging and inspecting it by hand.</summary>
    public SqliteConnection OpenRawConnection()
    {
        Directory.CreateDirectory(Path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

internal static class SqliteConnectionExtensions
{
    public static object? Scalar(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static void Execute(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
