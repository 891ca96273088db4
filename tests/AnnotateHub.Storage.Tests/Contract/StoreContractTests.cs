namespace AnnotateHub.Storage.Tests.Contract;

/// <summary>
/// Lifetime shared by the contract suites. Every test gets its own, empty store location (a file, a database...).
/// <see cref="OpenStoreAsync"/> opens the store at that location; <see cref="ReopenAsync"/> disposes the open store and
/// opens the SAME location again, which must show everything written before.
/// </summary>
public abstract class StoreContractTests<TStore> : IAsyncLifetime
    where TStore : class
{
    private TStore? _store;

    /// <summary>The open store of this test.</summary>
    protected TStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <summary>
    /// Creates this test's empty location (a database on a shared server...), once, before the store first opens. Not
    /// under the open timeout: the first call may start a server; the implementation bounds its own waits.
    /// </summary>
    protected virtual Task CreateLocationAsync() => Task.CompletedTask;

    /// <summary>Opens the store at this test's location (created empty for the test; the same location on every call).</summary>
    protected abstract Task<TStore> OpenStoreAsync();

    /// <summary>Removes this test's location. Called once, after the store was disposed.</summary>
    protected abstract Task DeleteLocationAsync();

    /// <summary>Disposes the open store (completing what it acknowledged) and opens the same location again.</summary>
    protected async Task<TStore> ReopenAsync()
    {
        await CloseAsync();
        _store = await OpenStoreAsync().WithTimeout("the store to reopen");
        return _store;
    }

    /// <summary>Disposes the open store, if the store type is disposable.</summary>
    protected async Task CloseAsync()
    {
        var store = _store;
        _store = null;
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().AsTask().WithTimeout("the store to dispose");
        }
    }

    public async Task InitializeAsync()
    {
        await CreateLocationAsync();
        _store = await OpenStoreAsync().WithTimeout("the store to open");
    }

    public async Task DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        finally
        {
            await DeleteLocationAsync();
        }
    }
}
