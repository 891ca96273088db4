using AnnotateHub.Runtime.Tests.Grains;

namespace AnnotateHub.Runtime.Tests.Infrastructure;

/// <summary>Records what it receives; <see cref="Received"/> completes at the expected count.</summary>
public sealed class RecordingObserver(int expected) : IChatObserver
{
    private readonly Lock _lock = new();
    private readonly List<string> _messages = [];
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Received => _received.Task;

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    public async Task ReceiveAsync(string message)
    {
        await Task.Yield();
        lock (_lock)
        {
            _messages.Add(message);
            if (_messages.Count == expected)
            {
                _received.TrySetResult();
            }
        }
    }
}

/// <summary>Throws from every call; <see cref="Calls"/> counts them.</summary>
public sealed class ThrowingObserver : IChatObserver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task ReceiveAsync(string message)
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException($"observer failed on {message}");
    }
}

/// <summary>Never completes a call; <see cref="Called"/> completes when it has been called <c>n</c> times.</summary>
public sealed class BlockedObserver : IChatObserver
{
    private readonly EventLog _log = new();

    public int Calls => _log.Count("call");

    public Task Called(int n) => _log.WhenCount("call", n);

    public Task ReceiveAsync(string message)
    {
        _log.Record("call");
        return new TaskCompletionSource().Task;
    }
}
