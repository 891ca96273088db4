namespace AnnotateHub.Runtime.Tests.Grains;

public interface INameGrain : IGrainWithStringKey
{
    Task SetNameAsync(string name);

    Task<string> GetNameAsync();
}

public interface IGreeterGrain : IGrainWithStringKey
{
    /// <summary>Greets the person whose name the name grain with the same key holds.</summary>
    Task<string> GreetAsync();
}

public sealed class NameGrain : Grain, INameGrain
{
    private string _name = "nobody";

    public async Task SetNameAsync(string name)
    {
        await Task.Yield();
        _name = name;
    }

    public Task<string> GetNameAsync() => Task.FromResult(_name);
}

public sealed class GreeterGrain : Grain, IGreeterGrain
{
    public async Task<string> GreetAsync()
    {
        var name = await GrainFactory.GetGrain<INameGrain>(this.GetPrimaryKeyString()).GetNameAsync();
        return $"Hello, {name}!";
    }
}
