using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class ProxyTests
{
    [Fact]
    public async Task GivenGrainInterfaceWithANonTaskMethod_WhenGettingAGrain_ThenItIsRejectedNamingTheMethod()
    {
        await using var runtime = GrainRuntime.Create(s => s.AddGrainRuntime().AddGrain<IBadGrain, BadGrain>());

        var error = Assert.Throws<InvalidOperationException>(() => runtime.GrainFactory.GetGrain<IBadGrain>("x"));

        Assert.Contains("IBadGrain.Count returns Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("IBadGrain.Reset returns void", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GetAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenUnregisteredGrainInterface_WhenGettingAGrain_ThenTheErrorSaysHowToRegisterIt()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());

        var error = Assert.Throws<InvalidOperationException>(() => runtime.GrainFactory.GetGrain<IBadGrain>("x"));

        Assert.Contains("AddGrain<IBadGrain, TGrain>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenGrainReference_WhenInspected_ThenItCarriesTheGrainIdAndEqualsOtherReferencesToTheSameGrain()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());

        var reference = runtime.GrainFactory.GetGrain<ICounterGrain>("abc");

        Assert.Equal("abc", reference.GetPrimaryKeyString());
        Assert.Equal("counter/abc", reference.GetGrainId().ToString());
        Assert.Equal(GrainId.Parse("counter/abc"), reference.GetGrainId());
        Assert.Equal(reference, runtime.GrainFactory.GetGrain<ICounterGrain>("abc"));
        Assert.NotEqual(reference, runtime.GrainFactory.GetGrain<ICounterGrain>("abd"));
    }

    [Fact]
    public async Task GivenValueTaskMethod_WhenCalledRepeatedly_ThenResultsComeBack()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<ISequenceGrain>("vt");

        await grain.AppendAsync(7, yieldFirst: true).Within("append");

        Assert.Equal(new[] { 7 }, await grain.GetAsync().Within("first read"));
        Assert.Equal(new[] { 7 }, await grain.GetAsync().Within("second read"));
    }

    public interface IBadGrain : IGrainWithStringKey
    {
        int Count();

        void Reset();

        Task<int> GetAsync();
    }

    public sealed class BadGrain : Grain, IBadGrain
    {
        public int Count() => 0;

        public void Reset()
        {
        }

        public Task<int> GetAsync() => Task.FromResult(0);
    }
}
