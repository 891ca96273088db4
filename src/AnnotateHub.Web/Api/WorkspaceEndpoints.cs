using System.Security.Claims;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>The caller's workspaces, and the documents of one of them.</summary>
public static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaceEndpoints(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");

        workspaces.MapGet("", ListWorkspacesAsync)
            .WithName("ListWorkspaces")
            .WithSummary("The workspaces you are a member of, with your role in each.")
            .Produces<WorkspaceListResponse>();

        workspaces.MapGet("/{workspaceId}/documents", ListDocumentsAsync)
            .WithName("ListDocuments")
            .WithSummary("The documents of a workspace, with their claim counts by status.")
            .Produces<DocumentListResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspaces.MapPost("/{workspaceId}/documents", CreateDocumentAsync)
            .WithName("CreateDocument")
            .WithSummary("Imports a document (text, Markdown or HTML). Reviewer or above.")
            .Produces<DocumentResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> ListWorkspacesAsync(ClaimsPrincipal user, AccessService access)
    {
        var list = await access.WorkspacesAsync(user);
        return TypedResults.Ok(new WorkspaceListResponse(list.Select(w => new WorkspaceResponse(w.Workspace.Id, w.Workspace.Name, w.Role)).ToArray()));
    }

    private static async Task<IResult> ListDocumentsAsync(string workspaceId, ClaimsPrincipal user, DocumentApi api, WorkspaceService workspaces)
    {
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        var documents = await workspaces.ListDocumentsAsync(workspace.Workspace.Id);
        return TypedResults.Ok(new DocumentListResponse(documents
            .Select(d => new DocumentSummaryResponse(d.Id, d.Title, d.CreatedAt, d.Annotations, new ClaimCountsResponse(d.Open, d.Consensus, d.Disputed, d.Resolved)))
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
        var title = request.Title ?? throw ApiProblems.Required("title", "the document's title");
        var content = request.Content ?? throw ApiProblems.Required("content", "the document's text, Markdown or HTML");
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        var text = DocumentImport.ToText(content, request.Format);
        var documentId = DocumentApi.NewId("doc", null);
        var change = await workspaces.CreateDocumentAsync(workspace.Workspace.Id, workspace.Actor, documentId, title, text, request.SourceUrl);
        var state = await api.AfterAsync(http, change);
        return TypedResults.Created($"/api/v1/documents/{Uri.EscapeDataString(documentId)}", map.Document(state));
    }
}
