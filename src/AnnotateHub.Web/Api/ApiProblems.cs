using System.Text.Json;
using AnnotateHub.Domain;
using Orleans.Storage;

namespace AnnotateHub.Web.Api;

/// <summary>
/// A request the API refuses before (or instead of) asking the domain: malformed input (400), an unknown or foreign
/// document (404), an invalid value the domain has no code for (422). Thrown by the endpoints and written as an
/// RFC 9457 problem by <see cref="ApiProblems.UseApiProblems"/>.
/// </summary>
public sealed class ApiException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>
/// Every error of the API as RFC 9457 problem details (<c>application/problem+json</c>) with <c>title</c>,
/// <c>status</c>, a <c>detail</c> that says what to do, and a stable <c>code</c> extension.
/// </summary>
public static class ApiProblems
{
    public const string MalformedRequest = "malformed-request";
    public const string FieldRequired = "field-required";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string RouteNotFound = "route-not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string RequestTooLarge = "request-too-large";
    public const string IfMatchInvalid = "if-match-invalid";
    public const string FormatUnknown = "format-unknown";
    public const string WorkspaceNotFound = "workspace-not-found";
    public const string ConcurrentChange = "concurrent-change";

    public static ApiException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, MalformedRequest, detail);

    public static ApiException Required(string field, string what) => new(
        StatusCodes.Status400BadRequest,
        FieldRequired,
        $"The field '{field}' is required: {what}. Add it to the JSON body and send the request again.");

    public static ApiException Invalid(string code, string detail) => new(StatusCodes.Status422UnprocessableEntity, code, detail);

    /// <summary>The same answer for a document that does not exist and for one in a workspace the caller is not in.</summary>
    public static ApiException DocumentNotFound(string documentId) => new(
        StatusCodes.Status404NotFound,
        ErrorCodes.DocumentNotFound,
        $"There is no document '{Shorten(documentId)}' that you can see. Check the id, list your workspaces' documents with GET /api/v1/workspaces/{{workspaceId}}/documents, or ask a workspace admin to add you.");

    /// <summary>The same answer for a workspace that does not exist and for one the caller is not a member of.</summary>
    public static ApiException WorkspaceMissing(string workspaceId) => new(
        StatusCodes.Status404NotFound,
        WorkspaceNotFound,
        $"There is no workspace '{Shorten(workspaceId)}' that you are a member of. List yours with GET /api/v1/workspaces, or ask a workspace admin to add you.");

    public static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid => StatusCodes.Status422UnprocessableEntity,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed",
        StatusCodes.Status401Unauthorized => "Authentication required",
        StatusCodes.Status403Forbidden => "Your role does not allow this",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status409Conflict => "Conflict with the current state",
        StatusCodes.Status412PreconditionFailed => "The document changed since you read it",
        StatusCodes.Status413PayloadTooLarge => "Too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status422UnprocessableEntity => "The request is not valid",
        _ => "The request failed",
    };

    /// <summary>Writes a problem response (unless the response has already started).</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.Clear();
        return Results.Problem(
                statusCode: status,
                title: TitleOf(status),
                detail: detail,
                extensions: new Dictionary<string, object?> { ["code"] = code })
            .ExecuteAsync(context);
    }

    /// <summary>
    /// Turns what the API and the domain throw into problem responses: <see cref="ApiException"/>,
    /// <see cref="DomainException"/> (by its kind: Invalid 422, NotFound 404, Forbidden 403, Conflict 409, TooLarge 413),
    /// a storage race (409) and ASP.NET Core's <see cref="BadHttpRequestException"/> (unreadable JSON, missing body,
    /// wrong types, body over Kestrel's limit). Also refuses a body whose declared length is over the API's limit (or the
    /// endpoint's own <see cref="ApiBodyLimit"/>).
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app, long maxRequestBytes)
    {
        var apiLimit = new ApiBodyLimit(maxRequestBytes, TooLargeDetail(maxRequestBytes));
        return app.Use(async (context, next) =>
        {
            var isApi = context.Request.Path.StartsWithSegments("/api");
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<ApiBodyLimit>() ?? apiLimit;
            if (isApi && context.Request.ContentLength > limit.Bytes)
            {
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, RequestTooLarge, limit.TooLargeDetail);
                return;
            }

            try
            {
                await next(context);
                if (isApi && !context.Response.HasStarted && context.Response.StatusCode >= 400)
                {
                    // The framework's own refusals (no route, wrong method, not JSON) come without a body.
                    var (code, detail) = DescribeStatus(context.Response.StatusCode, limit);
                    await WriteAsync(context, context.Response.StatusCode, code, detail);
                }
            }
            catch (BadHttpRequestException exception)
            {
                var (code, detail) = Describe(exception, limit, isApi);
                await WriteAsync(context, exception.StatusCode, code, detail);
            }
            catch (ApiException exception) when (isApi)
            {
                await WriteAsync(context, exception.Status, exception.Code, exception.Message);
            }
            catch (DomainException exception) when (isApi)
            {
                await WriteAsync(context, StatusOf(exception.Error.Kind), exception.Error.Code, exception.Error.Message);
            }
            catch (InconsistentStateException) when (isApi)
            {
                await WriteAsync(context, StatusCodes.Status409Conflict, ConcurrentChange,
                    "Another change to the same document was saved at the same moment; reload it and send the request again.");
            }
        });
    }

    private static (string Code, string Detail) DescribeStatus(int status, ApiBodyLimit limit) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => (RequestTooLarge, limit.TooLargeDetail),
        StatusCodes.Status404NotFound => (RouteNotFound, "No API route has this path. The OpenAPI document at /openapi/v1.json lists every route."),
        StatusCodes.Status405MethodNotAllowed => (MethodNotAllowed, "This route does not take this HTTP method. The OpenAPI document at /openapi/v1.json lists the methods of every route."),
        StatusCodes.Status415UnsupportedMediaType => (UnsupportedMediaType, "Send the body as JSON with the header 'Content-Type: application/json'."),
        _ => (MalformedRequest, "The request was refused. The OpenAPI document at /openapi/v1.json describes every route."),
    };

    private static (string Code, string Detail) Describe(BadHttpRequestException exception, ApiBodyLimit limit, bool isApi)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (RequestTooLarge, limit.TooLargeDetail);
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return (UnsupportedMediaType, "Send the body as JSON with the header 'Content-Type: application/json'.");
        }

        if (exception.InnerException is JsonException json)
        {
            return (MalformedRequest, DescribeJson(json));
        }

        var message = exception.Message;
        if (!isApi)
        {
            return (MalformedRequest, message);
        }

        if (message.Contains("body", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("not provided", StringComparison.OrdinalIgnoreCase) || message.Contains("no body", StringComparison.OrdinalIgnoreCase)))
        {
            return (MalformedRequest, "This request needs a JSON body. The OpenAPI document at /openapi/v1.json lists its fields.");
        }

        return (MalformedRequest, $"{message} Fix the request and send it again; /openapi/v1.json describes every route.");
    }

    private static string DescribeJson(JsonException json)
    {
        var where = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" at '{json.Path}'";
        var line = json.LineNumber is { } n ? $" (line {n + 1}, byte {json.BytePositionInLine + 1})" : "";
        var message = json.Message;
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return $"The value{where}{line} has the wrong type for that field (for example a string where a number or a list is expected). Fix it and send the request again.";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = cut > 0 ? message[..cut] : message;
        return $"The body is not valid JSON{where}{line}: {reason} Fix it and send the request again.";
    }

    private static string TooLargeDetail(long maxRequestBytes) =>
        $"The request body is larger than the limit of {maxRequestBytes:N0} bytes; send a smaller document or split it.";

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

/// <summary>
/// An endpoint's own request body limit, other than the API's <c>Api:MaxRequestBytes</c> (e.g. a workspace backup), and
/// what a 413 says when a body passes it. <see cref="ApiProblems.UseApiProblems"/> checks a declared length against it,
/// and the framework raises the server's per-request limit to it (as for <c>[RequestSizeLimit]</c>).
/// </summary>
public sealed record ApiBodyLimit(long Bytes, string TooLargeDetail) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
{
    long? Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata.MaxRequestBodySize => Bytes;
}
