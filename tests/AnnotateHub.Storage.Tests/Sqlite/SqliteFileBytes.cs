using System.Text;

namespace AnnotateHub.Storage.Tests.Sqlite;

/// <summary>Edits a closed SQLite database file directly, as someone with access to the disk could.</summary>
public static class SqliteFileBytes
{
    /// <summary>Replaces the first byte of <paramref name="marker"/> (which must occur exactly once in the file) with another letter.</summary>
    public static void ChangeOneByte(string databasePath, string marker)
    {
        Assert.False(File.Exists(databasePath + "-wal") && new FileInfo(databasePath + "-wal").Length > 0, "the WAL was not checkpointed into the file");
        var bytes = File.ReadAllBytes(databasePath);
        var needle = Encoding.UTF8.GetBytes(marker);
        var at = bytes.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, $"'{marker}' is not in the database file");
        Assert.True(bytes.AsSpan(at + 1).IndexOf(needle) < 0, $"'{marker}' occurs more than once in the database file");
        bytes[at] = (byte)(bytes[at] == (byte)'x' ? 'y' : 'x');
        File.WriteAllBytes(databasePath, bytes);
    }
}
