using System.Collections.Concurrent;

namespace AnnotateHub.Web.Services;

/// <summary>A person as shown in the UI.</summary>
public sealed record Person(string Id, string DisplayName)
{
    public string Initials =>
        string.Concat(DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(p => char.ToUpperInvariant(p[0])));
}

/// <summary>
/// Resolves user ids to display names. Until accounts exist (next release) it knows the demo users and shows any
/// other id as itself.
/// </summary>
public sealed class People
{
    private readonly ConcurrentDictionary<string, Person> _people = new(StringComparer.Ordinal);

    public void Register(Person person) => _people[person.Id] = person;

    public Person Get(string userId) => _people.TryGetValue(userId, out var person) ? person : new Person(userId, userId);

    public string Name(string userId) => Get(userId).DisplayName;
}
