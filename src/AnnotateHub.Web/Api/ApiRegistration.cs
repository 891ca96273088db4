using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using AnnotateHub.Web.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;

namespace AnnotateHub.Web.Api;

/// <summary>
/// REST API v1: JSON (camelCase, enums as their wire names such as "mostly-true"), RFC 9457 problem details for every
/// error, an OpenAPI document at <c>/openapi/v1.json</c> and a page to browse it at <c>/api/docs</c>. Every route is
/// under <c>/api/v1</c>, needs a signed-in caller (a bearer token or the UI's cookie) and is rate limited per token.
/// </summary>
public static class ApiRegistration
{
    public const string Prefix = "/api/v1";
    public const string OpenApiPath = "/openapi/v1.json";
    public const string DocsPath = "api/docs";

    /// <summary>The request body limit (also Kestrel's, set in Program from <c>Api:MaxRequestBytes</c>).</summary>
    public const long DefaultMaxRequestBytes = 8L * 1024 * 1024;

    public static IServiceCollection AddAnnotateHubApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            // Text (emoji, accents) as UTF-8 rather than \u escapes, as the domain stores it. Safe here: API responses are
            // application/json with X-Content-Type-Options: nosniff, never embedded in HTML.
            options.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            // Domain enums carry [JsonStringEnumMemberName] wire names, which this converter honours.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });

        // Binding failures (unreadable JSON, a value of the wrong type, a missing body) throw, so that the API answers them
        // with a problem that says what is wrong instead of an empty 400.
        services.PostConfigure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddScoped<DocumentApi>();
        services.AddSingleton<ApiMapper>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "AnnotateHub API",
                Version = "v1",
                Description =
                    "Collaborative annotation for fact-check teams. Authenticate with 'Authorization: Bearer <token>' " +
                    "(create a token on the Tokens page or with 'admin issue-token'). Positions are Unicode code points. " +
                    "Every write answers with the document version as its ETag; send it back as If-Match to write only " +
                    "if nobody else changed the document (412 Precondition Failed otherwise; 409 is for a change the current state does not allow). Errors are RFC 9457 problem details with a 'code'. " +
                    "Blind voting (a workspace setting): until you have voted on a claim, and unless you are a moderator or admin " +
                    "or the claim has been resolved, you get it without the others' votes ('hiddenVotes' counts them, 'status' " +
                    "is \"voting\") and the change feed redacts their vote events; such views have ETags of their own (\"12-3f9a…\"), " +
                    "which If-Match accepts like the bare version.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token (ahp_…).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            DescribeRedactedEvents(document);
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// The change feed's events are the domain's; under blind voting or moderation some come without their details (see
    /// <see cref="EventsResponse"/>): their schemas say those members may be missing and <c>redacted</c> may be there.
    /// </summary>
    private static void DescribeRedactedEvents(OpenApiDocument document)
    {
        (string Schema, string[] Details)[] redactable =
        [
            ("DocumentEventVoteCast", ["verdict", "rationale", "previousVerdict"]),
            ("DocumentEventClaimStatusChanged", ["from", "to"]),
            ("DocumentEventAnnotationCreated", ["body", "tags"]),
            ("DocumentEventAnnotationEdited", ["body", "tags"]),
            ("DocumentEventReplyAdded", ["body"]),
            ("DocumentEventReplyEdited", ["body"]),
            ("DocumentEventSourceAttached", ["title", "url", "quote", "note"]),
        ];
        foreach (var (name, details) in redactable)
        {
            if (document.Components?.Schemas?.TryGetValue(name, out var found) != true || found is not OpenApiSchema schema)
            {
                continue;
            }

            foreach (var detail in details)
            {
                schema.Required?.Remove(detail);
            }

            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["redacted"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Boolean,
                Description = $"Present (true) when blind voting or a moderator's hiding withholds this event's details from you: {string.Join(", ", details)} are left out.",
            };
        }
    }

    public static WebApplication MapAnnotateHubApi(this WebApplication app)
    {
        app.UseApiProblems(app.Configuration.GetValue("Api:MaxRequestBytes", DefaultMaxRequestBytes));

        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = DocsPath;
            options.DocumentTitle = "AnnotateHub API v1";
            options.SwaggerEndpoint(OpenApiPath, "AnnotateHub API v1");
        });

        var api = app.MapGroup(Prefix)
            .RequireAuthorization()
            .RequireRateLimiting(AuthRegistration.ApiRateLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapWorkspaceEndpoints()
            .MapDocumentEndpoints()
            .MapAnnotationEndpoints()
            .MapReportEndpoints()
            .MapQualityEndpoints()
            .MapMeEndpoints()
            .MapModerationEndpoints()
            .MapPublicationEndpoints()
            .MapWebhookEndpoints()
            .MapRestoreEndpoints(app.Configuration.GetValue("Api:MaxRestoreBytes", RestoreEndpoints.DefaultMaxRestoreBytes));
        return app;
    }
}
