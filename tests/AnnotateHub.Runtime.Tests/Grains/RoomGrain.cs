using Microsoft.Extensions.Logging;

namespace AnnotateHub.Runtime.Tests.Grains;

public interface IChatObserver : IGrainObserver
{
    Task ReceiveAsync(string message);
}

public interface IRoomGrain : IGrainWithStringKey
{
    Task SubscribeAsync(IChatObserver observer);

    Task UnsubscribeAsync(IChatObserver observer);

    Task PublishAsync(string message);

    Task<int> ClearExpiredAsync();
}

/// <summary>Observers expire 5 minutes after their last subscribe.</summary>
public sealed class RoomGrain(ILogger<RoomGrain> logger) : Grain, IRoomGrain
{
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(5);

    private readonly ObserverManager<IChatObserver> _observers = new(Expiration, logger);

    public Task SubscribeAsync(IChatObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IChatObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(string message) => _observers.Notify(o => o.ReceiveAsync(message));

    public Task<int> ClearExpiredAsync()
    {
        _observers.ClearExpired();
        return Task.FromResult(_observers.Count);
    }
}
