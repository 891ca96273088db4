using System.Net;
using System.Text.Json.Nodes;
using AnnotateHub.Domain;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>A workspace with one member of each role (two reviewers, for votes).</summary>
public sealed record Team(string WorkspaceId, Member Admin, Member Moderator, Member Reviewer, Member SecondReviewer, Member Viewer)
{
    public static async Task<Team> CreateAsync(ApiFactory factory, string name = "Politics desk")
    {
        var workspaceId = await factory.CreateWorkspaceAsync(name);
        return new Team(
            workspaceId,
            await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Admin, "Ada Admin"),
            await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Moderator, "Mo Moderator"),
            await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer"),
            await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Rob Reviewer"),
            await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Viewer, "Vic Viewer"));
    }

    public string DocumentsUrl => $"/api/v1/workspaces/{WorkspaceId}/documents";

    /// <summary>Imports a document as the reviewer; returns its id.</summary>
    public async Task<string> ImportAsync(string title, string content, string format = "text")
    {
        var document = await Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, DocumentsUrl, new { title, content, format });
        return document["id"]!.GetValue<string>();
    }

    /// <summary>Creates an annotation as <paramref name="author"/> (the reviewer by default); returns it.</summary>
    public Task<JsonNode> AnnotateAsync(string documentId, object target, string kind = "claim", Member? author = null, string body = "") =>
        (author ?? Reviewer).Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations", new { kind, target, body });
}
