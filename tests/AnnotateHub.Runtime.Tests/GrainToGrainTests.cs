using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class GrainToGrainTests
{
    [Fact]
    public async Task GivenGrainThatCallsAnotherGrain_WhenCalled_ThenItAnswersWithTheOtherGrainsData()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        await runtime.GrainFactory.GetGrain<INameGrain>("ada").SetNameAsync("Ada").Within("setting the name");

        var greeting = await runtime.GrainFactory.GetGrain<IGreeterGrain>("ada").GreetAsync().Within("the greeting");

        Assert.Equal("Hello, Ada!", greeting);
    }

    [Fact]
    public async Task GivenManyCallersGoingThroughOneGrainToAnother_WhenAllRun_ThenAllComplete()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        await runtime.GrainFactory.GetGrain<INameGrain>("bob").SetNameAsync("Bob").Within("setting the name");

        var greetings = await Task.WhenAll(Enumerable.Range(0, 200).Select(
            _ => Task.Run(() => runtime.GrainFactory.GetGrain<IGreeterGrain>("bob").GreetAsync()))).Within("200 greetings");

        Assert.All(greetings, g => Assert.Equal("Hello, Bob!", g));
    }
}
