using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Reports;
using AnnotateHub.Storage;

namespace AnnotateHub.Web.Services;

/// <summary>What a restore wrote.</summary>
/// <param name="Workspace">The restored workspace record.</param>
/// <param name="Documents">How many documents the backup holds.</param>
/// <param name="Events">How many events they hold in all.</param>
/// <param name="Resumed">Documents already on this server with exactly the backup's events (left by an interrupted restore), not written again.</param>
/// <param name="AdminUserId">The user made the workspace's admin, if any.</param>
public sealed record RestoreResult(WorkspaceState Workspace, int Documents, long Events, int Resumed, string? AdminUserId);

/// <summary>
/// Writes a backup (<see cref="WorkspaceBackup.Restore"/>'s result) into this server: every document's event stream,
/// then the workspace record and its directory entry, then the admin's membership. Never overwrites: a workspace that
/// exists, or a document that exists with other events, is a Conflict and nothing is written. Everything is written
/// through the grains (<see cref="IDocumentGrain.RestoreAsync"/>, <see cref="IWorkspaceGrain.RestoreAsync"/>), so an
/// activation that was already looked up (say, a 404 for the id a moment before) takes the restored state instead of
/// keeping a stale empty one.
/// </summary>
/// <remarks>
/// <para>Memberships are not in a backup (they belong to the accounts database, and user ids differ between servers),
/// so a restored workspace gets one member: the user who restored it (the API caller, or the CLI's
/// <c>--admin-email</c>), as admin. Without one (the CLI without <c>--admin-email</c>) it has no members until an
/// operator adds them with <c>admin add-member</c>. Authors, voters and moderators in the restored events keep the user
/// ids of the server the backup came from: reports show those ids where this server has no such account.</para>
/// <para>Documents are written before the workspace, so the workspace never lists a document that is missing. If a
/// restore stops halfway (a crash, a full disk), running it again finds the documents it wrote (same events, byte for
/// byte), skips them and finishes.</para>
/// </remarks>
public sealed partial class RestoreService(
    IGrainFactory grains,
    IEventStore events,
    IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<DocumentGrainOptions> documentOptions,
    ILogger<RestoreService> logger)
{
    /// <summary>Error codes of restores.</summary>
    public static class Codes
    {
        public const string BackupInvalid = "backup-invalid";
        public const string BackupTooLarge = "backup-too-large";
        public const string WorkspaceExists = "workspace-exists";
        public const string DocumentExists = DocumentGrain.DocumentExistsCode;
        public const string SiteAdminRequired = "site-admin-required";
        public const string AccountNotFound = "account-not-found";
        public const string PublicSlugTaken = WorkspaceService.Codes.PublicSlugTaken;
        public const string PublicClaimTaken = "public-claim-taken";
    }

    // One restore at a time on this server: two restores of the same backup must not interleave their checks and writes.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Reads <paramref name="backup"/> (see <see cref="WorkspaceBackup.Restore"/>) and restores it.</summary>
    /// <exception cref="DomainException">The file is not a backup or is damaged (Invalid, <c>backup-invalid</c>), or as <see cref="RestoreAsync(WorkspaceRestore, string?, CancellationToken)"/>.</exception>
    public Task<RestoreResult> RestoreAsync(ReadOnlyMemory<byte> backup, string? adminUserId, CancellationToken cancellationToken = default)
    {
        WorkspaceRestore restore;
        try
        {
            restore = WorkspaceBackup.Restore(backup.Span);
        }
        catch (BackupFormatException e)
        {
            throw new DomainException(DomainError.Invalid(Codes.BackupInvalid, e.Message));
        }

        return RestoreAsync(restore, adminUserId, cancellationToken);
    }

    /// <summary>Writes <paramref name="restore"/> into this server and makes <paramref name="adminUserId"/> (when given) its admin.</summary>
    /// <exception cref="DomainException">
    /// Conflict: the workspace exists (<c>workspace-exists</c>) or a document exists with other events (<c>document-exists</c>);
    /// NotFound: no account has the id <paramref name="adminUserId"/>; Invalid (<c>backup-invalid</c>): an id breaks the
    /// API's id rule, an annotation lies outside its text, an event refers to what does not exist, or the records are
    /// otherwise damaged (<see cref="BackupValidator"/>). In each case nothing has been written.
    /// </exception>
    public async Task<RestoreResult> RestoreAsync(WorkspaceRestore restore, string? adminUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        var workspace = restore.Workspace;
        if (workspace.Id.Length > WorkspaceMembership.WorkspaceIdMaxLength)
        {
            throw new DomainException(DomainError.Invalid(
                Codes.BackupInvalid, $"The backup's workspace id is longer than {WorkspaceMembership.WorkspaceIdMaxLength} characters; the backup is damaged."));
        }

        // Every event of every document is checked before anything is written: a refusal leaves nothing behind.
        BackupValidator.Validate(restore, documentOptions.Value.Limits);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (adminUserId is not null)
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<AccountService>().FindByIdAsync(adminUserId) is null)
                {
                    throw new DomainException(DomainError.NotFound(Codes.AccountNotFound, $"There is no account with id '{adminUserId}' to make the workspace's admin."));
                }
            }

            var existing = await grains.GetGrain<IWorkspaceGrain>(workspace.Id).GetAsync();
            if (existing.Exists)
            {
                throw new DomainException(DomainError.Conflict(
                    Codes.WorkspaceExists,
                    $"This server already has workspace '{workspace.Id}' (\"{existing.Name}\"). A restore never overwrites: " +
                    "it is for moving a workspace to a server that does not have it, or for bringing back one that was lost."));
            }

            // Check every document before writing any, so that a refusal leaves nothing behind.
            var toWrite = new List<RestoredStream>(restore.Streams.Count);
            foreach (var stream in restore.Streams)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var version = await events.GetVersionAsync(stream.StreamId, cancellationToken);
                if (version == 0)
                {
                    toWrite.Add(stream);
                }
                else if (!await SameEventsAsync(stream, version, cancellationToken))
                {
                    var other = await grains.GetGrain<IDocumentGrain>(stream.DocumentId).GetSnapshotAsync();
                    throw new DomainException(DomainError.Conflict(
                        Codes.DocumentExists,
                        $"Document '{stream.DocumentId}' of the backup already exists on this server with other content" +
                        $"{(other.Exists ? $" (\"{other.Title}\" in workspace '{other.WorkspaceId}')" : string.Empty)}. " +
                        "A restore never overwrites; nothing was written."));
                }
            }

            // The public addresses come back with the workspace: its own (/p/{slug}) is held for it before anything is
            // written, and its published claims' (/c/{slug}) are registered as their documents are written.
            var publicSlug = await CheckPublicSlugAsync(workspace);
            await CheckPublicClaimsAsync(restore);
            if (publicSlug is not null)
            {
                await ClaimPublicSlugAsync(publicSlug, workspace.Id);
            }

            // Past this point nothing is refused for what the server holds; cancelling would leave half a restore.
            foreach (var stream in toWrite)
            {
                await grains.GetGrain<IDocumentGrain>(stream.DocumentId).RestoreAsync(stream.Events);
            }

            var restored = await grains.GetGrain<IWorkspaceGrain>(workspace.Id).RestoreAsync(workspace);
            if (adminUserId is not null)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<MembershipService>().SetRoleAsync(workspace.Id, adminUserId, WorkspaceRole.Admin);
            }

            var result = new RestoreResult(
                restored,
                restore.Streams.Count,
                restore.Streams.Sum(s => (long)s.Events.Count),
                restore.Streams.Count - toWrite.Count,
                adminUserId);
            LogRestored(workspace.Id, result.Documents, result.Events, result.Resumed, adminUserId ?? "(none)");
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The backup's public address (<see cref="WorkspaceSettings.PublicSlug"/>), when it has one that no other workspace of
    /// this server holds or has as its id (as <see cref="WorkspaceService.UpdateSettingsAsync"/> checks when an admin sets
    /// it). Otherwise Conflict: a restore never takes an address away.
    /// </summary>
    private async Task<string?> CheckPublicSlugAsync(WorkspaceState workspace)
    {
        if (workspace.Settings.PublicSlug is not { Length: > 0 } slug)
        {
            return null;
        }

        // An address that is another workspace's id is taken too (/p/{id} is that workspace's list while it has no slug).
        var holder = await grains.GetGrain<IPublicWorkspaceGrain>(slug).GetAsync()
            ?? (slug != workspace.Id && (await grains.GetGrain<IWorkspaceGrain>(slug).GetAsync()).Exists ? slug : null);
        return holder is null || holder == workspace.Id ? slug : throw await PublicSlugTakenAsync(slug, holder);
    }

    /// <summary>Holds <paramref name="slug"/> for the restored workspace, before anything is written.</summary>
    private async Task ClaimPublicSlugAsync(string slug, string workspaceId)
    {
        if (!await grains.GetGrain<IPublicWorkspaceGrain>(slug).ClaimAsync(workspaceId))
        {
            throw await PublicSlugTakenAsync(slug, await grains.GetGrain<IPublicWorkspaceGrain>(slug).GetAsync() ?? slug);
        }
    }

    private async Task<DomainException> PublicSlugTakenAsync(string slug, string holder)
    {
        var other = await grains.GetGrain<IWorkspaceGrain>(holder).GetAsync();
        return new DomainException(DomainError.Conflict(
            Codes.PublicSlugTaken,
            $"The backup's workspace has the public address /p/{slug}, which workspace '{holder}'{(other.Exists ? $" (\"{other.Name}\")" : string.Empty)} " +
            "on this server already uses. A restore never takes an address away; nothing was written. Give that workspace another " +
            "public address in its settings (or remove it), then restore again."));
    }

    /// <summary>
    /// Refuses (Conflict, nothing written) a backup with a published claim whose public address (<c>/c/{slug}</c>)
    /// names another claim on this server; an address that already names the same claim (an interrupted restore) is fine.
    /// </summary>
    private async Task CheckPublicClaimsAsync(WorkspaceRestore restore)
    {
        foreach (var stream in restore.Streams)
        {
            foreach (var stored in stream.Events.Where(e => e.Type == ClaimPublished.TypeName))
            {
                var published = (ClaimPublished)DomainJson.DeserializeEvent(stored.Type, stored.Data.Span);
                var claim = new PublicClaimRef(published.Slug, restore.Workspace.Id, stream.DocumentId, published.AnnotationId);
                if (await grains.GetGrain<IPublicClaimGrain>(published.Slug).GetAsync() is { } other && other != claim)
                {
                    throw new DomainException(DomainError.Conflict(
                        Codes.PublicClaimTaken,
                        $"Claim '{published.AnnotationId}' of document '{stream.DocumentId}' was published at /c/{published.Slug}, which names " +
                        $"claim '{other.AnnotationId}' of document '{other.DocumentId}' (workspace '{other.WorkspaceId}') on this server. " +
                        "A restore never takes an address away; nothing was written."));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored workspace {WorkspaceId} from a backup: {Documents} documents, {Events} events ({Resumed} already here); admin {AdminUserId}")]
    private partial void LogRestored(string workspaceId, int documents, long events, int resumed, string adminUserId);

    /// <summary>True when the stored stream is exactly the backup's events (what an interrupted restore left).</summary>
    private async Task<bool> SameEventsAsync(RestoredStream stream, long version, CancellationToken cancellationToken)
    {
        if (version != stream.Events.Count)
        {
            return false;
        }

        var stored = await events.ReadAsync(stream.StreamId, cancellationToken: cancellationToken);
        if (stored.Count != stream.Events.Count)
        {
            return false;
        }

        for (var i = 0; i < stored.Count; i++)
        {
            if (stored[i].Type != stream.Events[i].Type || !stored[i].Data.Span.SequenceEqual(stream.Events[i].Data.Span))
            {
                return false;
            }
        }

        return true;
    }
}
