using System.Collections.Concurrent;
using AnnotateHub.Grains;

namespace AnnotateHub.Web.Services;

/// <summary>
/// This node's live link to the read models of the workspaces its sessions watch (the bell, "My work", the inbox): one
/// observer subscription per workspace, renewed every <see cref="DocumentSubscription.RenewEvery"/>, fanned out here to
/// the sessions. A session hears "something changed" and asks the read model again, so a lost notification costs at
/// most one renewal: every renewal also tells the sessions to look again.
/// </summary>
public sealed partial class ActivityFeed(IGrainFactory grains, ILogger<ActivityFeed> logger) : IAsyncDisposable
{
    private readonly IGrainFactory _grains = grains;
    private readonly ILogger _logger = logger;
    private readonly ConcurrentDictionary<string, Workspace> _workspaces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Calls <paramref name="onChange"/> after each change of the read model of each of <paramref name="workspaceIds"/>. Dispose to stop.</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(IEnumerable<string> workspaceIds, Func<WorkspaceActivityChange, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var joined = new List<(Workspace, Func<WorkspaceActivityChange, Task>)>();
        foreach (var id in workspaceIds.Distinct(StringComparer.Ordinal))
        {
            Workspace workspace;
            lock (_gate)
            {
                workspace = _workspaces.GetOrAdd(id, key => new Workspace(this, key));
                workspace.Add(onChange);
            }

            joined.Add((workspace, onChange));
            await workspace.Started;
        }

        return new Membership(this, joined);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var workspace in _workspaces.Values)
        {
            await workspace.CloseAsync();
        }

        _workspaces.Clear();
    }

    private async Task LeaveAsync(IEnumerable<(Workspace Workspace, Func<WorkspaceActivityChange, Task> Handler)> joined)
    {
        foreach (var (workspace, handler) in joined)
        {
            bool last;
            lock (_gate)
            {
                last = workspace.Remove(handler);
                if (last)
                {
                    _workspaces.TryRemove(new KeyValuePair<string, Workspace>(workspace.Id, workspace));
                }
            }

            if (last)
            {
                await workspace.CloseAsync();
            }
        }
    }

    private sealed class Membership(ActivityFeed owner, List<(Workspace, Func<WorkspaceActivityChange, Task>)> joined) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? new ValueTask(owner.LeaveAsync(joined)) : ValueTask.CompletedTask;
    }

    private sealed class Workspace : IWorkspaceActivityObserver
    {
        private readonly ActivityFeed _owner;
        private readonly IWorkspaceActivityGrain _grain;
        private readonly CancellationTokenSource _stop = new();
        private IWorkspaceActivityObserver? _reference;
        private Func<WorkspaceActivityChange, Task>[] _handlers = [];

        public Workspace(ActivityFeed owner, string id)
        {
            _owner = owner;
            Id = id;
            _grain = owner._grains.GetGrain<IWorkspaceActivityGrain>(id);
            Started = StartAsync();
        }

        public string Id { get; }

        public Task Started { get; }

        public void Add(Func<WorkspaceActivityChange, Task> handler) => _handlers = [.. _handlers, handler];

        public bool Remove(Func<WorkspaceActivityChange, Task> handler)
        {
            _handlers = _handlers.Where(h => !ReferenceEquals(h, handler)).ToArray();
            return _handlers.Length == 0;
        }

        public Task OnActivityChangedAsync(WorkspaceActivityChange change)
        {
            foreach (var handler in Volatile.Read(ref _handlers))
            {
                _ = DeliverAsync(handler, change);
            }

            return Task.CompletedTask;
        }

        public async Task CloseAsync()
        {
            await _stop.CancelAsync();
            if (_reference is not null)
            {
                try
                {
                    await _grain.UnsubscribeAsync(_reference);
                }
                catch (Exception exception)
                {
                    LogFeedFailed(_owner._logger, exception, Id);
                }
                finally
                {
                    _owner._grains.DeleteObjectReference<IWorkspaceActivityObserver>(_reference);
                }
            }
        }

        private async Task StartAsync()
        {
            _reference = _owner._grains.CreateObjectReference<IWorkspaceActivityObserver>(this);
            await _grain.SubscribeAsync(_reference);
            _ = RenewLoopAsync();
        }

        private async Task RenewLoopAsync()
        {
            using var timer = new PeriodicTimer(DocumentSubscription.RenewEvery);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try
                    {
                        await _grain.SubscribeAsync(_reference!);
                        await OnActivityChangedAsync(new WorkspaceActivityChange(Id, string.Empty, 0, []));
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        LogFeedFailed(_owner._logger, exception, Id);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // closed
            }
        }

        private async Task DeliverAsync(Func<WorkspaceActivityChange, Task> handler, WorkspaceActivityChange change)
        {
            try
            {
                await handler(change);
            }
            catch (Exception exception)
            {
                LogFeedFailed(_owner._logger, exception, Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live link to workspace {WorkspaceId}'s activity failed; sessions look again at the next renewal.")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception, string workspaceId);
}
