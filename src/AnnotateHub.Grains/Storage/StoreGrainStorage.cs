using System.Text.Json;
using System.Text.Json.Serialization;
using AnnotateHub.Storage;
using Orleans.Storage;

namespace AnnotateHub.Grains;

/// <summary>
/// Orleans's <see cref="IGrainStorage"/> over the store's <see cref="IGrainStateStore"/>: state as JSON, the
/// store's ETag as the grain state's ETag; a mismatch becomes <see cref="InconsistentStateException"/> (Orleans then
/// drops the activation, so the next call reads the record again). Records are keyed <c>grain-type/key</c>, e.g.
/// <c>workspace/demo</c>: the keys the first release (before Orleans) wrote, so its databases stay readable.
/// </summary>
public sealed class StoreGrainStorage(IGrainStateStore store) : IGrainStorage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The record key of a grain: its type name, a slash, and its key.</summary>
    public static string StorageKey(GrainId grainId) => $"{grainId.Type}/{grainId.Key}";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadStateAsync(stateName, StorageKey(grainId));
        if (stored is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = JsonSerializer.Deserialize<T>(stored.Data.Span, Json)
            ?? throw new InvalidOperationException($"Stored state {stateName}/{grainId} is empty.");
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(grainState.State, Json);
        try
        {
            grainState.ETag = await store.WriteStateAsync(stateName, StorageKey(grainId), data, grainState.ETag);
            grainState.RecordExists = true;
        }
        catch (ETagMismatchException mismatch)
        {
            throw new InconsistentStateException(mismatch.Message, mismatch.ActualETag, mismatch.ExpectedETag);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await store.ClearStateAsync(stateName, StorageKey(grainId), grainState.ETag);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        catch (ETagMismatchException mismatch)
        {
            throw new InconsistentStateException(mismatch.Message, mismatch.ActualETag, mismatch.ExpectedETag);
        }
    }
}
