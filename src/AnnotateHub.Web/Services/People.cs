using System.Collections.Concurrent;
using AnnotateHub.Accounts;

namespace AnnotateHub.Web.Services;

/// <summary>A person as shown in the UI.</summary>
public sealed record Person(string Id, string DisplayName)
{
    public string Initials =>
        string.Concat(DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(p => char.ToUpperInvariant(p[0])));
}

/// <summary>
/// Resolves user ids to display names from the accounts database, cached. An id not yet cached (a user created by
/// another process, e.g. the admin CLI) shows as itself until the background refresh it triggers completes.
/// </summary>
public sealed partial class People(IServiceScopeFactory scopes, TimeProvider time, ILogger<People> logger)
{
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, Person> _people = new(StringComparer.Ordinal);
    private long _lastRefreshTicks;
    private int _refreshing;

    public void Register(Person person) => _people[person.Id] = person;

    public Person Get(string userId)
    {
        if (_people.TryGetValue(userId, out var person))
        {
            return person;
        }

        if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastRefreshTicks) > MinRefreshInterval.Ticks)
        {
            _ = RefreshAsync();
        }

        return new Person(userId, userId);
    }

    public string Name(string userId) => Get(userId).DisplayName;

    public async Task RefreshAsync()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _lastRefreshTicks, time.GetUtcNow().UtcTicks);
            await using var scope = scopes.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            foreach (var user in await accounts.ListUsersAsync())
            {
                _people[user.Id] = new Person(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName);
            }
        }
        catch (Exception exception)
        {
            LogRefreshFailed(exception);
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load user names; ids are shown instead.")]
    private partial void LogRefreshFailed(Exception exception);
}
