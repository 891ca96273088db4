using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Web.Services;

/// <summary>The UI's and API's way to documents (components never touch the grain factory).</summary>
public sealed class DocumentService(IGrainFactory grains)
{
    public IDocumentGrain Grain(string documentId) => grains.GetGrain<IDocumentGrain>(documentId);

    public Task<DocumentState> GetAsync(string documentId, long? atVersion = null) => ClusterReads.ReadAsync(() => Grain(documentId).GetSnapshotAsync(atVersion));

    public Task<IReadOnlyList<DocumentEvent>> EventsSinceAsync(string documentId, long afterVersion, int maxCount = 1000) =>
        ClusterReads.ReadAsync(() => Grain(documentId).GetEventsSinceAsync(afterVersion, maxCount));

    public Task<DocumentChange> HighlightAsync(string documentId, Highlight command) => Grain(documentId).HighlightAsync(command);

    public Task<DocumentChange> ReplyAsync(string documentId, AddReply command) => Grain(documentId).ReplyAsync(command);

    public Task<DocumentChange> CastVoteAsync(string documentId, CastVote command) => Grain(documentId).CastVoteAsync(command);

    public Task<DocumentChange> ResolveAsync(string documentId, ResolveClaim command) => Grain(documentId).ResolveAsync(command);

    /// <summary>
    /// Attaches a passage of <paramref name="linkedDocumentId"/> as a source. The passage is resolved against the
    /// linked document first (outside the target grain's turn, so two documents linking each other never wait on
    /// each other), and must belong to the same workspace.
    /// </summary>
    public async Task<DocumentChange> AttachPassageAsync(
        string documentId, Actor actor, string annotationId, string sourceId, string title, SourceStance stance,
        string linkedDocumentId, TargetSpec passage, string? note = null)
    {
        var target = await GetAsync(documentId);
        var linked = await GetAsync(linkedDocumentId);
        if (!linked.Exists || linked.WorkspaceId != target.WorkspaceId)
        {
            throw new DomainException(new DomainError(DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound,
                "The linked document is not in this workspace. Pick a document of this workspace."));
        }

        var resolved = await Grain(linkedDocumentId).ResolvePassageAsync(passage);
        return await Grain(documentId).AttachSourceAsync(new AttachSource(
            actor, annotationId, sourceId, title, stance, Url: null, Quote: resolved.Quote.Exact, Note: note,
            LinkedDocumentId: linkedDocumentId, LinkedTarget: resolved));
    }

    public Task<DocumentChange> AttachUrlAsync(string documentId, AttachSource command) => Grain(documentId).AttachSourceAsync(command);
}
