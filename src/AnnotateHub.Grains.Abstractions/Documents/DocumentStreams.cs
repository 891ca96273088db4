using AnnotateHub.Domain;
using AnnotateHub.Storage;

namespace AnnotateHub.Grains;

/// <summary>How documents map onto event streams: one stream per document, events as their stable type name + JSON.</summary>
public static class DocumentStreams
{
    public const string Prefix = "document/";

    public static string StreamId(string documentId) => Prefix + documentId;

    public static EventData ToEventData(DocumentEvent e) => new(e.EventType, DomainJson.SerializeEvent(e));

    public static DocumentEvent FromStored(StoredEvent stored) => DomainJson.DeserializeEvent(stored.Type, stored.Data.Span);

    public static Snapshot ToSnapshot(DocumentState state) => new(state.Version, DocumentState.SnapshotTypeName, DomainJson.SerializeState(state));

    public static DocumentState FromSnapshot(Snapshot snapshot)
    {
        if (snapshot.Type != DocumentState.SnapshotTypeName)
        {
            throw new InvalidOperationException($"Snapshot type '{snapshot.Type}' is not one this version reads ({DocumentState.SnapshotTypeName}).");
        }

        return DomainJson.DeserializeState(snapshot.Data.Span);
    }
}
