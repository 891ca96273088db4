namespace AnnotateHub.Storage.Sqlite;

/// <summary>Another store (a running server, or another process) already writes to this database file.</summary>
public sealed class DatabaseInUseException(string message, Exception innerException) : InvalidOperationException(message, innerException);
