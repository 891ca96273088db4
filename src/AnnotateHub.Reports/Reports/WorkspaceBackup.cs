using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;

namespace AnnotateHub.Reports;

/// <summary>One document's event stream as stored.</summary>
/// <param name="DocumentId">The document id.</param>
/// <param name="Events">Its events, in version order, from version 1.</param>
public sealed record DocumentStream(string DocumentId, IReadOnlyList<StoredEvent> Events);

/// <summary>What a backup restores: the workspace record and, per document, the events to append to a new stream.</summary>
/// <param name="Workspace">The workspace record, to write as the workspace grain's state.</param>
/// <param name="Streams">Per document, in backup order: the stream id and its events (append at expected version 0).</param>
public sealed record WorkspaceRestore(WorkspaceState Workspace, IReadOnlyList<RestoredStream> Streams);

/// <summary>A stream to recreate.</summary>
public sealed record RestoredStream(string DocumentId, string StreamId, IReadOnlyList<EventData> Events);

/// <summary>A backup could not be read; the message says what is wrong with it.</summary>
public sealed class BackupFormatException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// A whole workspace as one JSON file: the workspace record (name, settings, document list) and every document's
/// full event stream exactly as stored (each event's version, type and payload). Snapshots are not included (they are
/// rebuilt from the events), nor are memberships (they live in the accounts database), nor the stores' own recording
/// times, so that a backup restored into another instance backs up again to the very same bytes.
/// </summary>
/// <remarks>
/// Deterministic: documents in the workspace's order, events in version order, members in a fixed order, two-space
/// indentation, LF line ends, a final LF; each event payload is embedded verbatim as stored (it is JSON). Format:
/// <code>{ "format": "annotatehub-workspace-backup", "version": 1, "workspace": {...}, "documents": [ { "id", "events": [ { "version", "type", "data" } ] } ] }</code>
/// </remarks>
public static class WorkspaceBackup
{
    /// <summary>The value of "format".</summary>
    public const string Format = "annotatehub-workspace-backup";

    /// <summary>The schema version written and read.</summary>
    public const int Version = 1;

    /// <summary>The largest backup <see cref="Restore"/> reads (1 GB).</summary>
    public const long MaxBytes = 1L << 30;

    private static readonly JsonSerializerOptions WorkspaceJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JsonLd.Encoder,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OnlyWritableMembers } },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Writes the backup of <paramref name="workspace"/> with the streams of its documents.</summary>
    /// <param name="workspace">The workspace record.</param>
    /// <param name="streams">Each document's stream; documents not listed in the workspace come after those that are, by id.</param>
    public static byte[] Create(WorkspaceState workspace, IReadOnlyList<DocumentStream> streams)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(streams);
        var order = workspace.Documents.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var ordered = streams
            .OrderBy(s => order.TryGetValue(s.DocumentId, out var i) ? i : int.MaxValue)
            .ThenBy(s => s.DocumentId, StringComparer.Ordinal)
            .ToArray();

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonLd.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WritePropertyName("workspace");
            JsonSerializer.Serialize(json, workspace, WorkspaceJson);
            json.WriteStartArray("documents");
            foreach (var stream in ordered)
            {
                json.WriteStartObject();
                json.WriteString("id", stream.DocumentId);
                json.WriteStartArray("events");
                foreach (var e in stream.Events.OrderBy(e => e.Version))
                {
                    json.WriteStartObject();
                    json.WriteNumber("version", e.Version);
                    json.WriteString("type", e.Type);
                    json.WritePropertyName("data");
                    json.WriteRawValue(e.Data.Span, skipInputValidation: false);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a backup and returns what to write into an empty instance. Every event is checked: a known type, a payload
    /// the domain reads, versions 1, 2, 3... and a first event that creates the document it belongs to.
    /// </summary>
    /// <exception cref="BackupFormatException">The file is not a backup this version reads, or is damaged.</exception>
    public static WorkspaceRestore Restore(ReadOnlySpan<byte> backup)
    {
        if (backup.Length > MaxBytes)
        {
            throw new BackupFormatException($"The backup is larger than {MaxBytes / (1024 * 1024)} MB, the most this version restores.");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(backup, new JsonReaderOptions { MaxDepth = 256 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new BackupFormatException($"The file is not valid JSON ({e.Message}); it is not an AnnotateHub backup or it is damaged.", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new BackupFormatException($"The file is not an AnnotateHub workspace backup (its \"format\" is not \"{Format}\").");
            }

            if (root.TryGetProperty("version", out var written) && written.ValueKind != JsonValueKind.Number)
            {
                throw new BackupFormatException($"The backup's \"version\" is {written.GetRawText()}, not a number such as {Version}; the backup is damaged or was not written by AnnotateHub.");
            }

            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var v) || v != Version)
            {
                throw new BackupFormatException($"The backup has schema version {(root.TryGetProperty("version", out var raw) ? raw.GetRawText() : "(none)")}; this version of AnnotateHub restores version {Version}. Use the matching version to restore it.");
            }

            var workspace = ReadWorkspace(root);
            var streams = new List<RestoredStream>();
            if (!root.TryGetProperty("documents", out var documents) || documents.ValueKind != JsonValueKind.Array)
            {
                throw new BackupFormatException("The backup has no \"documents\" list.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in documents.EnumerateArray())
            {
                var stream = ReadStream(entry, workspace.Id);
                if (!seen.Add(stream.DocumentId))
                {
                    throw new BackupFormatException($"Document \"{stream.DocumentId}\" appears twice in the backup.");
                }

                streams.Add(stream);
            }

            foreach (var listed in workspace.Documents)
            {
                if (!seen.Contains(listed.Id))
                {
                    throw new BackupFormatException($"The workspace lists document \"{listed.Id}\", but the backup has no events for it.");
                }
            }

            return new WorkspaceRestore(workspace, streams);
        }
    }

    private static WorkspaceState ReadWorkspace(JsonElement root)
    {
        if (!root.TryGetProperty("workspace", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            throw new BackupFormatException("The backup has no \"workspace\" record.");
        }

        WorkspaceState? workspace;
        try
        {
            workspace = element.Deserialize<WorkspaceState>(WorkspaceJson);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            // A value of the wrong kind (a string for a number, say) is a damaged backup, not an unreadable file.
            throw new BackupFormatException($"The backup's workspace record cannot be read: {e.Message}");
        }

        if (workspace is null || !workspace.Exists)
        {
            throw new BackupFormatException("The backup's workspace record has no id.");
        }

        return workspace;
    }

    private static RestoredStream ReadStream(JsonElement entry, string workspaceId)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
            || idElement.GetString() is not { Length: > 0 } documentId)
        {
            throw new BackupFormatException("A document in the backup has no id.");
        }

        if (!entry.TryGetProperty("events", out var eventsElement) || eventsElement.ValueKind != JsonValueKind.Array || eventsElement.GetArrayLength() == 0)
        {
            throw new BackupFormatException($"Document \"{documentId}\" has no events in the backup.");
        }

        var events = new List<EventData>(eventsElement.GetArrayLength());
        long expected = 1;
        foreach (var e in eventsElement.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object
                || !e.TryGetProperty("version", out var versionElement) || versionElement.ValueKind != JsonValueKind.Number || !versionElement.TryGetInt64(out var version)
                || !e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not { Length: > 0 } type
                || !e.TryGetProperty("data", out var data))
            {
                throw new BackupFormatException($"Event {expected} of document \"{documentId}\" lacks its version, type or data.");
            }

            if (version != expected)
            {
                throw new BackupFormatException($"Document \"{documentId}\" has event version {version} where {expected} was expected; the backup is incomplete or damaged.");
            }

            var bytes = Encoding.UTF8.GetBytes(data.GetRawText());
            DocumentEvent decoded;
            try
            {
                decoded = DomainJson.DeserializeEvent(type, bytes);
            }
            catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException or FormatException)
            {
                throw new BackupFormatException($"Event {version} of document \"{documentId}\" (\"{type}\") cannot be read: {ex.Message}", ex);
            }

            if (decoded.Sequence != version)
            {
                throw new BackupFormatException($"Event {version} of document \"{documentId}\" says it is number {decoded.Sequence}; the backup is damaged.");
            }

            if (version == 1 && (decoded is not DocumentCreated created || created.DocumentId != documentId || created.WorkspaceId != workspaceId))
            {
                throw new BackupFormatException($"The first event of document \"{documentId}\" does not create that document in workspace \"{workspaceId}\"; the backup is damaged.");
            }

            events.Add(new EventData(type, bytes));
            expected++;
        }

        return new RestoredStream(documentId, DocumentStreams.StreamId(documentId), events);
    }

    /// <summary>Leaves out computed (get-only) members such as <see cref="WorkspaceState.Exists"/>.</summary>
    private static void OnlyWritableMembers(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
