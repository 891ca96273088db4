using System.Diagnostics.CodeAnalysis;

namespace AnnotateHub.Runtime;

/// <summary>
/// Identifies a grain: its grain type name and its key. Renders as <c>type/key</c>, e.g. <c>document/abc</c>
/// (Orleans: <c>Orleans.Runtime.GrainId</c>). Storage providers use it as (part of) the storage key.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    private GrainId(string type, string key)
    {
        Type = type;
        Key = key;
    }

    /// <summary>The grain type name, e.g. <c>document</c> for <c>DocumentGrain</c>.</summary>
    public string Type { get; }

    /// <summary>The grain's primary key.</summary>
    public string Key { get; }

    /// <summary>Creates a grain id from a grain type name and a key.</summary>
    public static GrainId Create(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        if (type.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A grain type name cannot contain '/': '{type}'.", nameof(type));
        }

        return new GrainId(type, key);
    }

    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string value)
    {
        if (!TryParse(value, out var id))
        {
            throw new FormatException($"'{value}' is not a grain id of the form 'type/key'.");
        }

        return id;
    }

    /// <summary>Tries to parse the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out GrainId id)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (value is null || slash <= 0)
        {
            id = default;
            return false;
        }

        id = new GrainId(value[..slash], value[(slash + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(GrainId other) =>
        string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        Type is null ? 0 : StringComparer.Ordinal.GetHashCode(Type),
        Key is null ? 0 : StringComparer.Ordinal.GetHashCode(Key));

    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
