using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>The caller's workspaces, one of them, and its documents. (Restoring a backup: <see cref="RestoreEndpoints"/>.)</summary>
public static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaceEndpoints(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");

        workspaces.MapGet("", ListWorkspacesAsync)
            .WithName("ListWorkspaces")
            .WithSummary("The workspaces you are a member of, with your role in each.")
            .Produces<WorkspaceListResponse>();

        workspaces.MapGet("/{workspaceId}", GetWorkspaceAsync)
            .WithName("GetWorkspace")
            .WithSummary("One of your workspaces, with your role in it.")
            .Produces<WorkspaceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspaces.MapGet("/{workspaceId}/documents", ListDocumentsAsync)
            .WithName("ListDocuments")
            .WithSummary("The documents of a workspace, with their claim counts by status (under blind voting, claims whose votes are hidden from you count as \"voting\").")
            .Produces<DocumentListResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspaces.MapPost("/{workspaceId}/documents", CreateDocumentAsync)
            .WithName("CreateDocument")
            .WithSummary("Imports a document: text, Markdown or HTML given as 'content', or fetched server-side from 'url'. Reviewer or above.")
            .Produces<DocumentResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return api;
    }

    private static async Task<IResult> ListWorkspacesAsync(ClaimsPrincipal user, AccessService access)
    {
        var list = await access.WorkspacesAsync(user);
        return TypedResults.Ok(new WorkspaceListResponse(list.Select(w => new WorkspaceResponse(w.Workspace.Id, w.Workspace.Name, w.Role)).ToArray()));
    }

    private static async Task<IResult> GetWorkspaceAsync(string workspaceId, ClaimsPrincipal user, DocumentApi api)
    {
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        return TypedResults.Ok(new WorkspaceResponse(workspace.Workspace.Id, workspace.Workspace.Name, workspace.Actor.Role));
    }

    private static async Task<IResult> ListDocumentsAsync(string workspaceId, ClaimsPrincipal user, DocumentApi api, WorkspaceService workspaces)
    {
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        var documents = await workspaces.ListDocumentsAsync(workspace.Workspace.Id, workspace.Actor);
        return TypedResults.Ok(new DocumentListResponse(documents
            .Select(d => new DocumentSummaryResponse(
                d.Id, d.Title, d.CreatedAt, d.Annotations, new ClaimCountsResponse(d.Open, d.Consensus, d.Disputed, d.Resolved, d.Voting)))
            .ToArray()));
    }

    private static async Task<IResult> CreateDocumentAsync(
        string workspaceId,
        [FromBody] CreateDocumentRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        DocumentApi api,
        WorkspaceService workspaces,
        ApiMapper map)
    {
        if (request.Url is not null)
        {
            return await ImportFromUrlAsync(workspaceId, request, user, http, api, workspaces, map);
        }

        var title = request.Title ?? throw ApiProblems.Required("title", "the document's title");
        var content = request.Content ?? throw ApiProblems.Required("content", "the document's text, Markdown or HTML (or give 'url' to fetch it)");
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        var text = DocumentImport.ToText(content, request.Format);
        var documentId = DocumentApi.NewId("doc", null);
        var change = await workspaces.CreateDocumentAsync(workspace.Workspace.Id, workspace.Actor, documentId, title, text, request.SourceUrl);
        var state = await api.AfterAsync(http, change);
        return TypedResults.Created($"/api/v1/documents/{Uri.EscapeDataString(documentId)}", map.Document(state, View(workspace)));
    }

    /// <summary>The caller's view of votes in a document of <paramref name="workspace"/> (a new one has none yet).</summary>
    private static VoteView View(WorkspaceAccess workspace) => new(workspace.Actor, workspace.Workspace.Settings.BlindVoting);

    /// <summary>
    /// <c>{"url": ...}</c>: the caller's access and role are checked first (a viewer or an outsider never makes the
    /// server fetch anything), then the page is fetched with <see cref="UrlImporter"/> and imported.
    /// </summary>
    private static async Task<IResult> ImportFromUrlAsync(
        string workspaceId, CreateDocumentRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, WorkspaceService workspaces, ApiMapper map)
    {
        if (request.Content is not null)
        {
            throw ApiProblems.Invalid(ImportProblems.ContentAndUrl, "Give either 'content' (the document itself) or 'url' (to fetch it), not both.");
        }

        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        if (!workspace.Actor.Role.CanWrite())
        {
            throw new DomainException(DomainError.Forbidden(
                ErrorCodes.RoleForbidden, "Viewers can read documents but not import them; ask a workspace admin for the reviewer role."));
        }

        var importer = http.RequestServices.GetService<UrlImporter>() ?? throw new ApiException(
            StatusCodes.Status503ServiceUnavailable, ImportProblems.UrlImportUnavailable,
            "This server is not set up to fetch URLs. Send the document's text as 'content' instead.");
        UrlImportResult fetched;
        try
        {
            fetched = await importer.ImportAsync(request.Url!, http.RequestAborted);
        }
        catch (UrlImportException e)
        {
            throw ImportProblems.From(e);
        }

        var title = string.IsNullOrWhiteSpace(request.Title) ? ImportProblems.TitleFor(fetched) : request.Title;
        var sourceUrl = request.SourceUrl ?? ImportProblems.SourceUrlFor(fetched);
        var documentId = DocumentApi.NewId("doc", null);
        var change = await workspaces.CreateDocumentAsync(workspace.Workspace.Id, workspace.Actor, documentId, title, fetched.Text, sourceUrl);
        var state = await api.AfterAsync(http, change);
        return TypedResults.Created($"/api/v1/documents/{Uri.EscapeDataString(documentId)}", map.Document(state, View(workspace)));
    }
}
