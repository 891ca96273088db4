using AnnotateHub.Domain;
using Microsoft.AspNetCore.SignalR;

namespace AnnotateHub.Web.Hosting;

/// <summary>
/// The limits of text fields, from the domain's limits (configuration section <c>Documents:Limits</c>, the same one the
/// document grains use), and the size of the interactive pages' messages derived from them.
/// </summary>
public static class FieldLimits
{
    /// <summary>
    /// The most bytes one character (code point) can take in a Blazor message: the browser sends a field's text as JSON
    /// inside MessagePack, where a code point is at most 4 UTF-8 bytes, and a lone surrogate is escaped as 6 ("\udxxx").
    /// 8 leaves room for the event's own JSON around it.
    /// </summary>
    public const int BytesPerCharacter = 8;

    /// <summary>Room for what a message carries besides the text (event ids, field names, JSON and framing).</summary>
    public const int MessageOverheadBytes = 64 * 1024;

    /// <summary>The domain limits from configuration, defaults where a key is absent.</summary>
    public static DomainLimits From(IConfiguration configuration) =>
        configuration.GetSection("Documents:Limits").Get<DomainLimits>() ?? DomainLimits.Default;

    /// <summary>The longest text any field of the app takes, in characters (code points).</summary>
    public static int LongestField(DomainLimits limits) => Math.Max(limits.MaxBodyLength, limits.MaxRationaleLength);

    /// <summary>
    /// The largest message the interactive pages' hub accepts: the longest field's text in any script, plus the message
    /// around it. Text past a field's limit never reaches the hub (app.js holds it back and says why), so no message
    /// a page sends can exceed this and drop the connection. Left at SignalR's default of 32 KB, about 9,000 Cyrillic
    /// characters did.
    /// </summary>
    public static long HubMessageBytes(DomainLimits limits) =>
        (long)LongestField(limits) * BytesPerCharacter + MessageOverheadBytes;

    /// <summary>Registers the limits (for the pages' fields) and sizes the Blazor hub from them.</summary>
    public static IServerSideBlazorBuilder AddAnnotateHubFieldLimits(this IServerSideBlazorBuilder blazor, IConfiguration configuration)
    {
        var limits = From(configuration);
        blazor.Services.AddSingleton(limits);
        return blazor.AddHubOptions(hub => hub.MaximumReceiveMessageSize = HubMessageBytes(limits));
    }
}
