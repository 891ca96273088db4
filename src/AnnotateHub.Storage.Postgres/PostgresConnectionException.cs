namespace AnnotateHub.Storage.Postgres;

/// <summary>
/// The store could not connect to PostgreSQL (or the connection string is not usable). The message names the setting
/// to fix and what was tried (host, port, database and user; never the password).
/// </summary>
public sealed class PostgresConnectionException(string message, string settingName, string? host, int? port, string? database, Exception? innerException)
    : InvalidOperationException(message, innerException)
{
    /// <summary>The configuration key the connection string came from (e.g. <c>ConnectionStrings:AnnotateHub</c>).</summary>
    public string SettingName { get; } = settingName;

    /// <summary>The host (or hosts) tried, when the connection string could be read.</summary>
    public string? Host { get; } = host;

    /// <summary>The port tried, when the connection string could be read.</summary>
    public int? Port { get; } = port;

    /// <summary>The database asked for, when the connection string could be read.</summary>
    public string? Database { get; } = database;
}
