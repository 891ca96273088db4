using System.Collections.Immutable;

namespace AnnotateHub.Runtime.Tests.Grains;

public interface ISequenceGrain : IGrainWithStringKey
{
    /// <summary>Appends a value; when <paramref name="yieldFirst"/>, awaits before appending so the turn goes async.</summary>
    Task AppendAsync(int value, bool yieldFirst);

    ValueTask<ImmutableArray<int>> GetAsync();
}

public sealed class SequenceGrain : Grain, ISequenceGrain
{
    private ImmutableArray<int> _values = [];

    public async Task AppendAsync(int value, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        _values = _values.Add(value);
    }

    public ValueTask<ImmutableArray<int>> GetAsync() => ValueTask.FromResult(_values);
}
