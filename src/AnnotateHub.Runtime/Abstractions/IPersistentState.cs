namespace AnnotateHub.Runtime;

/// <summary>Persistent state of a grain (Orleans: <c>Orleans.Core.IStorage&lt;TState&gt;</c>).</summary>
public interface IStorage<TState>
{
    /// <summary>The state. Loaded before <see cref="Grain.OnActivateAsync"/>; a new value when no record exists.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored record; <c>null</c> when there is none.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Deletes the stored record and resets <see cref="State"/> to a new value.</summary>
    /// <exception cref="InconsistentStateException">The stored record changed since it was read.</exception>
    Task ClearStateAsync();

    /// <summary>Writes <see cref="State"/>.</summary>
    /// <exception cref="InconsistentStateException">
    /// The stored record changed since it was read. The activation is deactivated, so the next call reloads the state.
    /// </exception>
    Task WriteStateAsync();

    /// <summary>Reloads <see cref="State"/> from storage.</summary>
    Task ReadStateAsync();
}

/// <summary>
/// Persistent state injected into a grain constructor parameter marked <see cref="PersistentStateAttribute"/>
/// (Orleans: <c>Orleans.Runtime.IPersistentState&lt;TState&gt;</c>).
/// </summary>
public interface IPersistentState<TState> : IStorage<TState>;
