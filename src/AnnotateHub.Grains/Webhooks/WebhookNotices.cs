using System.Globalization;
using System.Text.Json;
using AnnotateHub.Domain;

namespace AnnotateHub.Grains;

/// <summary>What webhooks hear of committed document events, and the JSON they are sent.</summary>
public static class WebhookNotices
{
    /// <summary>
    /// The notices among <paramref name="events"/> of <paramref name="documentId"/>: a claim became disputed, was ruled on,
    /// was published. Titles and quotes come from <paramref name="state"/> (the read model once the events are applied).
    /// </summary>
    public static IEnumerable<WebhookNotice> From(string workspaceId, WorkspaceActivity state, string documentId, IEnumerable<DocumentEvent> events)
    {
        state.Documents.TryGetValue(documentId, out var document);
        foreach (var e in events)
        {
            if (e is not AnnotationEvent annotationEvent)
            {
                continue;
            }

            var (type, verdict, rationale, slug, headline) = e switch
            {
                ClaimStatusChanged { To: ClaimStatus.Disputed } => (WebhookEventTypes.ClaimDisputed, null, null, null, null),
                ClaimResolved resolved => (WebhookEventTypes.ClaimResolved, resolved.Verdict.WireName(), resolved.Rationale, null, null),
                ClaimPublished published => (WebhookEventTypes.ClaimPublished, null, null, published.Slug, published.Headline),
                _ => ((string?)null, (string?)null, (string?)null, (string?)null, (string?)null),
            };
            if (type is null)
            {
                continue;
            }

            var quote = document?.Annotations.TryGetValue(annotationEvent.AnnotationId, out var annotation) == true ? annotation.Quote : string.Empty;
            yield return new WebhookNotice(
                EventId(documentId, e.Sequence), type, e.At, workspaceId, documentId, document?.Title ?? string.Empty,
                annotationEvent.AnnotationId, quote, e.ActorId, verdict, rationale, slug, headline);
        }
    }

    /// <summary>The stable id of the notice of event <paramref name="sequence"/> of <paramref name="documentId"/>.</summary>
    public static string EventId(string documentId, long sequence) =>
        $"{documentId}:{sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The JSON body delivered to <paramref name="webhook"/> for <paramref name="notice"/> (UTF-8, camelCase).</summary>
    public static byte[] Body(WebhookNotice notice, Webhook webhook)
    {
        var app = webhook.AppUrl.TrimEnd('/');
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", notice.Id);
            json.WriteString("type", notice.Type);
            json.WriteString("occurredAt", notice.OccurredAt.ToUniversalTime());
            json.WriteString("workspaceId", notice.WorkspaceId);
            json.WriteString("webhookId", webhook.Id);
            json.WriteStartObject("document");
            json.WriteString("id", notice.DocumentId);
            json.WriteString("title", notice.DocumentTitle);
            json.WriteEndObject();
            json.WriteStartObject("claim");
            json.WriteString("annotationId", notice.AnnotationId);
            json.WriteString("quote", notice.Quote);
            json.WriteString("url", $"{app}/documents/{Uri.EscapeDataString(notice.DocumentId)}?annotation={Uri.EscapeDataString(notice.AnnotationId)}");
            json.WriteEndObject();
            json.WriteString("actorId", notice.ActorId);
            if (notice.Verdict is not null)
            {
                json.WriteStartObject("ruling");
                json.WriteString("verdict", notice.Verdict);
                json.WriteString("rationale", notice.Rationale);
                json.WriteEndObject();
            }

            if (notice.PublicSlug is not null)
            {
                json.WriteStartObject("publication");
                json.WriteString("headline", notice.Headline);
                json.WriteString("url", $"{app}/c/{Uri.EscapeDataString(notice.PublicSlug)}");
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
