using System.Diagnostics;
using System.Net;
using AnnotateHub.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace AnnotateHub.Web.Hosting;

/// <summary>
/// What a request that fails with an unhandled exception gets (the exception is logged by the exception handler
/// middleware): an API request gets a 500 RFC 9457 problem with the code <c>internal-error</c> and a <c>traceId</c>;
/// anything else (a page, a form post) gets a plain 500 page that says so, with the same trace id. Written in place,
/// never by re-running the request on another path (a POST re-run on a page that only takes GET answered 405).
/// </summary>
public static class ErrorHandling
{
    public const string InternalErrorCode = "internal-error";

    public static IApplicationBuilder UseAnnotateHubErrorHandler(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteAsync });

    private static async Task WriteAsync(HttpContext context)
    {
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
        {
            await Results.Problem(
                    statusCode: StatusCodes.Status500InternalServerError,
                    title: "The server failed",
                    detail: "The server failed to answer this request; it is not a problem with the request. Try again later, " +
                        $"and if it keeps failing, give the operator the trace id {traceId}.",
                    extensions: new Dictionary<string, object?> { ["code"] = InternalErrorCode, ["traceId"] = traceId })
                .ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        var id = WebUtility.HtmlEncode(traceId);
        await context.Response.WriteAsync(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Something went wrong · AnnotateHub</title>" +
            "<link rel=\"stylesheet\" href=\"/app.css\"></head>\n<body><main class=\"error-page\">" +
            "<h1>Something went wrong</h1>" +
            "<p>The server could not finish this request. Nothing you did caused it. Go back and try again, " +
            "or <a href=\"/\">return to your workspaces</a>.</p>" +
            $"<p>If it keeps happening, give the operator this trace id: <code>{id}</code></p>" +
            "</main></body></html>\n");
    }
}
