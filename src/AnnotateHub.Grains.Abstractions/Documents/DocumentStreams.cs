using AnnotateHub.Domain;
using AnnotateHub.Storage;

namespace AnnotateHub.Grains;

/// <summary>
/// How documents map onto event streams: one stream per document, events as their stable type name + JSON, snapshots in
/// the compact form (<see cref="DocumentSnapshots.CompactTypeName"/>); snapshots in the JSON form earlier versions wrote
/// (<see cref="DocumentState.SnapshotTypeName"/>) still load.
/// </summary>
public static class DocumentStreams
{
    public const string Prefix = "document/";

    public static string StreamId(string documentId) => Prefix + documentId;

    public static EventData ToEventData(DocumentEvent e) => new(e.EventType, DomainJson.SerializeEvent(e));

    public static DocumentEvent FromStored(StoredEvent stored) => DomainJson.DeserializeEvent(stored.Type, stored.Data.Span);

    /// <summary>A snapshot of <paramref name="state"/> in the compact form.</summary>
    public static Snapshot ToSnapshot(DocumentState state) => new(state.Version, DocumentSnapshots.CompactTypeName, DocumentSnapshots.Serialize(state));

    /// <summary>Reads a snapshot of any type this version knows (the compact form, or the JSON form of earlier versions).</summary>
    public static DocumentState FromSnapshot(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!DocumentSnapshots.CanRead(snapshot.Type))
        {
            throw new InvalidOperationException(
                $"Snapshot type '{snapshot.Type}' is not one this version reads ({DocumentSnapshots.CompactTypeName}, {DocumentSnapshots.JsonTypeName}).");
        }

        return DocumentSnapshots.Deserialize(snapshot.Type, snapshot.Data.Span);
    }
}
