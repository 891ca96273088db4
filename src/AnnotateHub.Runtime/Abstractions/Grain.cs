namespace AnnotateHub.Runtime;

/// <summary>
/// Base class for grains (Orleans: <c>Orleans.Grain</c>). A grain is created by the runtime on its first call;
/// its constructor gets services from dependency injection and <see cref="IPersistentState{TState}"/> for each
/// parameter marked <see cref="PersistentStateAttribute"/>. Calls are processed one at a time, without
/// interleaving, and the activation is collected after it has been idle for the collection age.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly GrainActivation? _activation;

    /// <summary>Binds the grain to the activation that is creating it.</summary>
    protected Grain()
    {
        _activation = RuntimeContext.Current;
    }

    /// <summary>The factory for references to other grains (and to this one).</summary>
    public IGrainFactory GrainFactory => Activation.Runtime;

    /// <summary>The activation's service provider (a scope that lives as long as the activation).</summary>
    protected IServiceProvider ServiceProvider => Activation.Services;

    internal GrainActivation Activation => _activation ?? throw new InvalidOperationException(
        $"{GetType().Name} was not created by the grain runtime. Get grains through IGrainFactory.GetGrain.");

    /// <summary>The key this grain was activated for.</summary>
    public string GetPrimaryKeyString() => Activation.Key;

    /// <summary>
    /// Runs once when the activation is created, after its persistent state is loaded and before its first call.
    /// An exception fails the activation: the waiting calls get it and the next call tries a fresh activation.
    /// </summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs once when the activation is deactivated (idle, asked for, after an
    /// <see cref="InconsistentStateException"/>, or at shutdown), after its last call. The token is cancelled when
    /// the deactivation timeout passes.
    /// </summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation as soon as the current call completes.</summary>
    protected void DeactivateOnIdle() =>
        Activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>
    /// Keeps this activation from being collected as idle for at least <paramref name="timeSpan"/>
    /// (<see cref="TimeSpan.MaxValue"/>: until <see cref="DeactivateOnIdle"/>); a negative value cancels an earlier delay.
    /// </summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => Activation.DelayDeactivation(timeSpan);
}
