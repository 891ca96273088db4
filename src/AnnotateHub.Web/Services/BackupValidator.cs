using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Api;

namespace AnnotateHub.Web.Services;

/// <summary>
/// Checks a backup's contents before a restore writes any of it: what <see cref="WorkspaceBackup.Restore"/> reads is well
/// formed, but a restore writes events that no command of this server decided, so they are checked here against what
/// the domain and the API would have accepted. Every id follows the API's rule (<see cref="DocumentApi.IsValidId"/>),
/// so every restored item is reachable; a document's text is normalised and within the size limit; every annotation's
/// target lies inside its document's text and quotes it; every event refers to an annotation, reply or source that the
/// events before it created (the document folds).
/// </summary>
public static class BackupValidator
{
    /// <summary>Checks every document of <paramref name="restore"/>.</summary>
    /// <exception cref="DomainException">Invalid, <c>backup-invalid</c>: the first problem found, by document and event.</exception>
    public static void Validate(WorkspaceRestore restore, DomainLimits limits)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(limits);
        if (!DocumentApi.IsValidId(restore.Workspace.Id))
        {
            throw Invalid($"The backup's workspace id \"{Shorten(restore.Workspace.Id)}\" is not a valid id (1 to 128 letters, digits, '-', '_', '.' and '~'); the backup is damaged.");
        }

        foreach (var stream in restore.Streams)
        {
            ValidateDocument(stream, limits);
        }
    }

    private static void ValidateDocument(RestoredStream stream, DomainLimits limits)
    {
        var documentId = stream.DocumentId;
        if (!DocumentApi.IsValidId(documentId))
        {
            throw Invalid($"The backup's document id \"{Shorten(documentId)}\" is not a valid id (1 to 128 letters, digits, '-', '_', '.' and '~'); the backup is damaged.");
        }

        var events = new List<DocumentEvent>(stream.Events.Count);
        TextIndex? text = null;
        foreach (var stored in stream.Events)
        {
            DocumentEvent e;
            try
            {
                e = DomainJson.DeserializeEvent(stored.Type, stored.Data.Span);
            }
            catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException or FormatException)
            {
                throw Invalid($"Event {events.Count + 1} of document \"{documentId}\" (\"{stored.Type}\") cannot be read: {ex.Message}");
            }

            var where = $"Event {e.Sequence} of document \"{documentId}\" ({e.EventType})";
            switch (e)
            {
                case DocumentCreated created:
                    if (text is not null)
                    {
                        throw Invalid($"{where} creates the document a second time; the backup is damaged.");
                    }

                    if (created.Text is null || TextNormalizer.Normalize(created.Text) != created.Text)
                    {
                        throw Invalid($"{where} holds a text that is not normalised as this server stores texts; the backup is damaged.");
                    }

                    if (Encoding.UTF8.GetByteCount(created.Text) > limits.MaxTextBytes)
                    {
                        throw Invalid($"{where} holds a text larger than this server's limit of {limits.MaxTextBytes} bytes (Documents:Limits:MaxTextBytes).");
                    }

                    text = TextIndex.For(created.Text);
                    break;

                case AnnotationCreated created:
                    RequireId(created.AnnotationId, "annotation", where);
                    CheckTarget(created.Target, text!, where);
                    break;

                case ReplyAdded added:
                    RequireId(added.ReplyId, "reply", where);
                    break;

                case SourceAttached attached:
                    RequireId(attached.SourceId, "source", where);
                    if (attached.LinkedDocumentId is not null)
                    {
                        RequireId(attached.LinkedDocumentId, "linked document", where);
                    }

                    if (attached.LinkedTarget is { } linked && (linked.Position.Start < 0 || linked.Position.End <= linked.Position.Start))
                    {
                        throw Invalid($"{where} links the passage {linked.Position.Start}..{linked.Position.End}, which is not a range of a text; the backup is damaged.");
                    }

                    break;
            }

            events.Add(e);
        }

        try
        {
            // Every event follows the one before and refers to what exists (Fold checks the references as it applies them).
            DocumentDecider.Fold(events);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw Invalid($"Document \"{documentId}\" of the backup does not replay: {ex.Message} The backup is damaged.");
        }
    }

    private static void CheckTarget(TextTarget? target, TextIndex text, string where)
    {
        if (target?.Position is not { } position || target.Quote is null)
        {
            throw Invalid($"{where} has no target; the backup is damaged.");
        }

        if (position.Start < 0 || position.End <= position.Start || position.End > text.CodePointLength)
        {
            throw Invalid(
                $"{where} targets code points {position.Start}..{position.End}, which lie outside the document's text " +
                $"({text.CodePointLength} code points); the backup is damaged.");
        }

        var resolved = TargetResolver.Resolve(text, TargetSpec.ForPosition(position.Start, position.End));
        if (!resolved.IsSuccess || resolved.Value.Quote.Exact != target.Quote.Exact)
        {
            throw Invalid($"{where} quotes text that is not at its position {position.Start}..{position.End}; the backup is damaged.");
        }
    }

    private static void RequireId(string? id, string what, string where)
    {
        if (!DocumentApi.IsValidId(id))
        {
            throw Invalid($"{where} has the {what} id \"{Shorten(id ?? string.Empty)}\", which is not a valid id (1 to 128 letters, digits, '-', '_', '.' and '~'); the backup is damaged.");
        }
    }

    private static DomainException Invalid(string message) => new(DomainError.Invalid(RestoreService.Codes.BackupInvalid, message));

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
