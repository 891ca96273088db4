using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests.Grains;

public sealed record CounterState(int Value = 0);

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    /// <summary>Identifies the activation: a new one gets a new id.</summary>
    Task<Guid> GetActivationIdAsync();

    Task DeactivateOnIdleAsync();

    Task DelayDeactivationAsync(TimeSpan delay);
}

/// <summary>A persistent counter that logs its lifecycle as "activate:{key}" and "deactivate:{key}:{reason}".</summary>
public sealed class CounterGrain(EventLog log, [PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Record($"activate:{this.GetPrimaryKeyString()}:{counter.State.Value}");
        log.Record($"activate:{this.GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Record($"deactivate:{this.GetPrimaryKeyString()}:{reason.ReasonCode}");
        log.Record($"deactivate:{this.GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync()
    {
        counter.State = counter.State with { Value = counter.State.Value + 1 };
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Value);

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task DeactivateOnIdleAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task DelayDeactivationAsync(TimeSpan delay)
    {
        DelayDeactivation(delay);
        return Task.CompletedTask;
    }
}
