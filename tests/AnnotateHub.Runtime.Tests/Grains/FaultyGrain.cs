namespace AnnotateHub.Runtime.Tests.Grains;

public sealed class GrainFailure(string message) : Exception(message);

public interface IFaultyGrain : IGrainWithStringKey
{
    /// <summary>Throws <paramref name="exception"/> after an await.</summary>
    Task<int> ThrowAfterAwaitAsync(Exception exception);

    /// <summary>Throws <paramref name="exception"/> before returning a task.</summary>
    Task<int> ThrowSynchronouslyAsync(Exception exception);

    Task<Guid> GetActivationIdAsync();
}

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<int> ThrowAfterAwaitAsync(Exception exception)
    {
        await Task.Yield();
        throw exception;
    }

    public Task<int> ThrowSynchronouslyAsync(Exception exception) => throw exception;

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);
}
