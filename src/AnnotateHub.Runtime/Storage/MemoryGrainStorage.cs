using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace AnnotateHub.Runtime;

/// <summary>Options for <see cref="MemoryGrainStorage"/>.</summary>
public sealed class MemoryGrainStorageOptions
{
    /// <summary>How states are serialized for copying; <c>null</c> for <see cref="JsonSerializerOptions.Default"/>.</summary>
    public JsonSerializerOptions? SerializerOptions { get; set; }
}

/// <summary>
/// Grain storage in process memory, for tests and development (Orleans: <c>MemoryGrainStorage</c>). States are
/// stored as JSON, so a stored state never shares objects with a grain; ETags are checked on every write and clear.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Entry> _records = new();
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly string _name;
    private long _version;

    /// <summary>Creates an empty store.</summary>
    public MemoryGrainStorage(string name = "memory", MemoryGrainStorageOptions? options = null)
    {
        _name = name;
        _serializerOptions = options?.SerializerOptions ?? JsonSerializerOptions.Default;
    }

    /// <summary>The number of stored records.</summary>
    public int Count => _records.Count;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (_records.TryGetValue((stateName, grainId), out var entry))
        {
            grainState.State = JsonSerializer.Deserialize<T>(entry.Json, _serializerOptions)!;
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = (stateName, grainId);
        var json = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _serializerOptions);
        var written = new Entry(json, NewETag());
        var expected = grainState.ETag;
        bool ok;
        if (expected is null)
        {
            ok = _records.TryAdd(key, written);
        }
        else
        {
            ok = _records.TryGetValue(key, out var stored)
                && string.Equals(stored.ETag, expected, StringComparison.Ordinal)
                && _records.TryUpdate(key, written, stored);
        }

        if (!ok)
        {
            throw Conflict("write", stateName, grainId, expected);
        }

        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = (stateName, grainId);
        var expected = grainState.ETag;
        var found = _records.TryGetValue(key, out var stored);
        var ok = expected is null
            ? !found
            : found && string.Equals(stored!.ETag, expected, StringComparison.Ordinal)
                && _records.TryRemove(new KeyValuePair<(string, GrainId), Entry>(key, stored));
        if (!ok)
        {
            throw Conflict("clear", stateName, grainId, expected);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? expected)
    {
        var stored = _records.TryGetValue((stateName, grainId), out var entry) ? entry.ETag : null;
        return new InconsistentStateException(
            $"ETag conflict on {operation} of state '{stateName}' of grain {grainId} in storage '{_name}': the stored record changed since it was read.",
            stored,
            expected);
    }

    private string NewETag() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);

    private sealed class Entry(byte[] json, string eTag)
    {
        public byte[] Json { get; } = json;

        public string ETag { get; } = eTag;
    }
}
