namespace AnnotateHub.Runtime;

/// <summary>
/// A storage provider for grain state (Orleans: <c>Orleans.Storage.IGrainStorage</c>). A record is keyed by
/// (<c>stateName</c>, <see cref="GrainId"/>).
/// </summary>
/// <remarks>
/// <para>Every provider must enforce optimistic concurrency with ETags:</para>
/// <list type="bullet">
/// <item><see cref="ReadStateAsync{T}"/> sets <see cref="IGrainState{T}.State"/>, <see cref="IGrainState{T}.ETag"/> and
/// <see cref="IGrainState{T}.RecordExists"/> = <c>true</c> when a record exists; otherwise sets ETag to <c>null</c> and
/// RecordExists to <c>false</c> (and may leave State alone: the runtime resets it to a new value).</item>
/// <item><see cref="WriteStateAsync{T}"/> succeeds only if the stored record's ETag equals
/// <see cref="IGrainState{T}.ETag"/> (<c>null</c> meaning "no record may exist"); it then stores the state, sets a new
/// ETag that differs from every earlier one for that key, and sets RecordExists to <c>true</c>.</item>
/// <item><see cref="ClearStateAsync{T}"/> performs the same check, deletes the record, and sets RecordExists to
/// <c>false</c> and ETag to <c>null</c>.</item>
/// <item>On a mismatch the operation changes nothing and throws <see cref="InconsistentStateException"/> carrying
/// the stored and the current ETag.</item>
/// <item>The stored state is a copy: later changes to the object written must not change what is stored, and two
/// reads must not share an object.</item>
/// </list>
/// </remarks>
public interface IGrainStorage
{
    /// <summary>Reads the record for (<paramref name="stateName"/>, <paramref name="grainId"/>) into <paramref name="grainState"/>.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Writes <paramref name="grainState"/> if its ETag matches the stored one, and updates its ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs from <see cref="IGrainState{T}.ETag"/>.</exception>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Deletes the record if its ETag matches the stored one.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs from <see cref="IGrainState{T}.ETag"/>.</exception>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}
