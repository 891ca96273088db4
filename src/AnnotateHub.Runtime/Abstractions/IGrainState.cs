namespace AnnotateHub.Runtime;

/// <summary>
/// The state of one grain as a storage provider reads and writes it (Orleans: <c>Orleans.IGrainState&lt;T&gt;</c>).
/// </summary>
public interface IGrainState<T>
{
    /// <summary>The state value.</summary>
    T State { get; set; }

    /// <summary>The version of the stored record this state was read from or last written as; <c>null</c> when there is none.</summary>
    string? ETag { get; set; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; set; }
}

/// <summary>A plain <see cref="IGrainState{T}"/> (Orleans: <c>Orleans.GrainState&lt;T&gt;</c>).</summary>
public sealed class GrainState<T> : IGrainState<T>
{
    /// <summary>Creates an empty state: default value, no ETag, no record.</summary>
    public GrainState()
    {
        State = default!;
    }

    /// <summary>Creates a state with a value and the ETag it was read with.</summary>
    public GrainState(T state, string? eTag = null)
    {
        State = state;
        ETag = eTag;
    }

    /// <inheritdoc />
    public T State { get; set; }

    /// <inheritdoc />
    public string? ETag { get; set; }

    /// <inheritdoc />
    public bool RecordExists { get; set; }
}
