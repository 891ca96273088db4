namespace AnnotateHub.Storage;

/// <summary>
/// Key-value state with ETags (what Orleans calls grain storage). A write or clear succeeds only when the caller's
/// ETag matches the stored one (null = "expect no record").
/// </summary>
public interface IGrainStateStore
{
    /// <summary>Reads a record, or null when there is none.</summary>
    Task<StoredState?> ReadStateAsync(string stateName, string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a record and returns its new ETag.</summary>
    /// <exception cref="ETagMismatchException">The stored ETag is not <paramref name="expectedETag"/>; nothing was written.</exception>
    Task<string> WriteStateAsync(string stateName, string key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record.</summary>
    /// <exception cref="ETagMismatchException">The stored ETag is not <paramref name="expectedETag"/>; nothing was deleted.</exception>
    Task ClearStateAsync(string stateName, string key, string? expectedETag, CancellationToken cancellationToken = default);
}

public sealed record StoredState(ReadOnlyMemory<byte> Data, string ETag);

public sealed class ETagMismatchException(string stateName, string key, string? expectedETag, string? actualETag)
    : Exception($"State '{stateName}/{key}' has ETag '{actualETag ?? "(none)"}', not the expected '{expectedETag ?? "(none)"}'; nothing was written. Reload and retry.")
{
    public string? ExpectedETag { get; } = expectedETag;
    public string? ActualETag { get; } = actualETag;
}
