namespace AnnotateHub.Runtime.Tests.Grains;

public interface IBrokenActivationGrain : IGrainWithStringKey
{
    Task<string> GetAsync();
}

/// <summary>Fails to activate while the shared <see cref="ActivationSwitch"/> is on.</summary>
public sealed class BrokenActivationGrain(ActivationSwitch activationSwitch) : Grain, IBrokenActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        activationSwitch.Fail ? throw new InvalidOperationException("activation refused") : Task.CompletedTask;

    public Task<string> GetAsync() => Task.FromResult("activated");
}

public sealed class ActivationSwitch
{
    public bool Fail { get; set; } = true;
}
