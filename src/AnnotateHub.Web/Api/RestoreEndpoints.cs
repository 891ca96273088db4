using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Security;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.OpenApi;

namespace AnnotateHub.Web.Api;

/// <summary>
/// <c>POST /workspaces/restore</c>: a workspace backup (the file <c>GET /workspaces/{id}/report?format=backup</c> gives)
/// written into this server by <see cref="RestoreService"/>, for site admins (<see cref="SiteAdmins"/>). The body is the
/// backup file as is; its limit is <c>Api:MaxRestoreBytes</c> (default 100 MB), not the API's usual one.
/// </summary>
public static class RestoreEndpoints
{
    /// <summary>The default of <c>Api:MaxRestoreBytes</c>.</summary>
    public const long DefaultMaxRestoreBytes = 100L * 1024 * 1024;

    public static RouteGroupBuilder MapRestoreEndpoints(this RouteGroupBuilder api, long maxRestoreBytes)
    {
        var limit = new ApiBodyLimit(
            maxRestoreBytes,
            $"The backup is larger than {maxRestoreBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, the most this server restores over the API " +
            "(setting Api:MaxRestoreBytes). Restore it on the server with: admin restore --file <backup.json>.");

        api.MapPost("/workspaces/restore", RestoreAsync)
            .WithTags("Workspaces")
            .WithName("RestoreWorkspace")
            .WithSummary("Restores a workspace backup into this server. Site admins only (setting Security:SiteAdmins).")
            .WithDescription(
                "The body is the backup file exactly as downloaded with GET /workspaces/{workspaceId}/report?format=backup " +
                "(Content-Type: application/json). The workspace, its documents and every event are written as they were; " +
                "backing up the restored workspace gives the same bytes, and its public pages (/p/{publicSlug}, /c/{slug}) answer " +
                "again. Never overwrites: a workspace or document that exists, or a public address that another workspace or " +
                "claim of this server holds, is a 409 naming it, and nothing is written. The caller becomes the workspace's only member, as admin " +
                "(memberships are not in a backup). 400: not JSON; 422: not a backup this version reads, or damaged; " +
                "413: larger than Api:MaxRestoreBytes.")
            // The body is described for the OpenAPI document only (not with Accepts, whose content-type filter in routing
            // would answer a wrong Content-Type before this endpoint's own body limit and messages apply).
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The backup file as downloaded.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(WorkspaceBackupRequest), cancellationToken: cancellationToken) },
                    },
                };
            })
            .Produces<WorkspaceRestoredResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(limit);
        return api;
    }

    private static async Task<IResult> RestoreAsync(ClaimsPrincipal user, HttpContext http, SiteAdmins siteAdmins, RestoreService restores)
    {
        var limit = http.GetEndpoint()!.Metadata.GetRequiredMetadata<ApiBodyLimit>();
        if (!await siteAdmins.IsSiteAdminAsync(user))
        {
            throw new ApiException(
                StatusCodes.Status403Forbidden,
                RestoreService.Codes.SiteAdminRequired,
                "Restoring a workspace is for site admins (the accounts listed in the server's setting Security:SiteAdmins). " +
                "Ask the operator to restore it, or to run: admin restore --file <backup.json> --admin-email <your email>.");
        }

        if (http.Request.ContentType is { Length: > 0 } contentType && !IsJson(contentType))
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                ApiProblems.UnsupportedMediaType,
                "Send the backup file as the body with the header 'Content-Type: application/json' (curl: --data-binary @backup.json -H 'Content-Type: application/json').");
        }

        var body = await ReadBodyAsync(http, limit);
        if (body.Length == 0)
        {
            throw ApiProblems.BadRequest("The body is empty: send the backup file (from GET /workspaces/{workspaceId}/report?format=backup) as the body.");
        }

        WorkspaceRestore restore;
        try
        {
            restore = WorkspaceBackup.Restore(body.Span);
        }
        catch (BackupFormatException e)
        {
            throw new ApiException(
                e.InnerException is JsonException ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
                RestoreService.Codes.BackupInvalid,
                e.Message);
        }

        var result = await restores.RestoreAsync(restore, AccessService.UserId(user), http.RequestAborted);
        return TypedResults.Created(
            $"{ApiRegistration.Prefix}/workspaces/{Uri.EscapeDataString(result.Workspace.Id)}",
            new WorkspaceRestoredResponse(result.Workspace.Id, result.Workspace.Name, WorkspaceRole.Admin, result.Documents, result.Events));
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The whole body, refused with a 413 as soon as it passes the limit (whatever length was declared).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext http, ApiBodyLimit limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit.Bytes;
        }

        // Sized from the declared length (at most the limit, and at most 256 MB up front); grows when none was declared.
        var buffer = new MemoryStream((int)Math.Min(Math.Min(http.Request.ContentLength ?? 64 * 1024, limit.Bytes), 256L * 1024 * 1024));
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit.Bytes)
                {
                    throw new ApiException(StatusCodes.Status413PayloadTooLarge, ApiProblems.RequestTooLarge, limit.TooLargeDetail);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

/// <summary>
/// A workspace backup as <c>GET /workspaces/{workspaceId}/report?format=backup</c> writes it (shown here for the
/// OpenAPI document; the server reads the file as is).
/// </summary>
public sealed record WorkspaceBackupRequest
{
    [Description("Always \"annotatehub-workspace-backup\".")]
    public string Format { get; init; } = WorkspaceBackup.Format;

    [Description("The schema version of the backup (1).")]
    public int Version { get; init; } = WorkspaceBackup.Version;

    [Description("The workspace record: id, name, createdBy, createdAt, settings and the documents it lists.")]
    public JsonElement Workspace { get; init; }

    [Description("Every document's event stream: { id, events: [ { version, type, data } ] }, events from version 1.")]
    public IReadOnlyList<JsonElement> Documents { get; init; } = [];
}

/// <summary>A restored workspace: the caller is its admin.</summary>
public sealed record WorkspaceRestoredResponse(string Id, string Name, WorkspaceRole Role, int Documents, long Events);
