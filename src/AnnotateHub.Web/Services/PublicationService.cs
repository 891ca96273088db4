using System.Collections.Concurrent;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Reports;

namespace AnnotateHub.Web.Services;

/// <summary>
/// Published claims, for anyone: finds a claim by its public address (the slug index in grain storage, so on every store
/// and node), checks with its document that it is public now, and renders the public pages. A page is rendered once per
/// document version and workspace settings and then served from memory, as fast as a static file.
/// </summary>
public sealed class PublicationService(IGrainFactory grains, DocumentService documents, WorkspaceService workspaces, PublicUrls urls, TimeProvider time)
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly ConcurrentDictionary<string, CachedPage> _pages = new(StringComparer.Ordinal);

    /// <summary>The claim published under <paramref name="slug"/>, or null when there is none now (never, or withdrawn).</summary>
    public async Task<(WorkspaceState Workspace, PublishedItem Item)?> FindAsync(string slug)
    {
        if (!PublicSlugs.IsWellFormed(slug))
        {
            return null;
        }

        var claim = await ClusterReads.ReadAsync(() => grains.GetGrain<IPublicClaimGrain>(slug).GetAsync());
        if (claim is null)
        {
            return null;
        }

        var document = await PublicAsync(claim.DocumentId);
        if (document.WorkspaceId != claim.WorkspaceId || document.FindAnnotation(claim.AnnotationId) is not { } annotation
            || !annotation.IsPublished() || annotation.Publication!.Slug != slug)
        {
            return null;
        }

        var workspace = await workspaces.GetAsync(claim.WorkspaceId);
        return workspace.Exists ? (workspace, new PublishedItem(document, annotation)) : null;
    }

    /// <summary>
    /// The workspace whose public list is at <c>/p/{address}</c>: the holder of that public slug, or else the workspace
    /// with that id (whose list answers there only while it has no slug of its own; the endpoint redirects otherwise).
    /// </summary>
    public async Task<string> WorkspaceAtAsync(string address) =>
        await ClusterReads.ReadAsync(() => grains.GetGrain<IPublicWorkspaceGrain>(address).GetAsync()) ?? address;

    /// <summary>The claims of a workspace that are public now, newest first; empty for a workspace that has none (or does not exist).</summary>
    public async Task<(WorkspaceState Workspace, IReadOnlyList<PublishedItem> Items)> ListAsync(string workspaceId)
    {
        var listed = await ClusterReads.ReadAsync(() => grains.GetGrain<IWorkspacePublicationsGrain>(workspaceId).ListAsync());
        var items = new List<PublishedItem>(listed.Count);
        foreach (var group in listed.GroupBy(c => c.DocumentId, StringComparer.Ordinal))
        {
            var document = await PublicAsync(group.Key);
            if (document.WorkspaceId != workspaceId)
            {
                continue;
            }

            foreach (var claim in group)
            {
                if (document.FindAnnotation(claim.AnnotationId) is { } annotation && annotation.IsPublished() && annotation.Publication!.Slug == claim.Slug)
                {
                    items.Add(new PublishedItem(document, annotation));
                }
            }
        }

        var workspace = items.Count > 0 ? await workspaces.GetAsync(workspaceId) : new WorkspaceState();
        return (workspace, items.OrderByDescending(i => i.Publication.FirstPublishedAt).ToArray());
    }

    /// <summary>
    /// A document as readers may see it: without what moderators hid (<see cref="HiddenContent.WithoutHidden(DocumentState)"/>).
    /// A hidden claim is not public while hidden: its page answers 404 and it leaves the public list and feed; unhiding
    /// brings it back at the same address.
    /// </summary>
    private async Task<DocumentState> PublicAsync(string documentId) => HiddenContent.WithoutHidden(await documents.GetAsync(documentId));

    /// <summary>The public page of the claim at <paramref name="slug"/> (UTF-8 HTML), or null (404).</summary>
    public async Task<byte[]?> ClaimPageAsync(string slug, string origin)
    {
        var found = await FindAsync(slug);
        if (found is not { } f)
        {
            _pages.TryRemove(slug, out _);
            return null;
        }

        var key = new PageKey(f.Item.Document.Version, f.Workspace.Name, f.Workspace.Settings, origin);
        if (_pages.TryGetValue(slug, out var cached) && cached.Key == key)
        {
            return cached.Html;
        }

        var html = Utf8.GetBytes(PublicPages.ClaimPage(Context(f.Workspace, [f.Item.Document], origin), f.Item));
        _pages[slug] = new CachedPage(key, html);
        return html;
    }

    /// <summary>The report context of the public pages of <paramref name="workspace"/>.</summary>
    public ReportContext Context(WorkspaceState workspace, IReadOnlyList<DocumentState> documents, string origin) =>
        ReportContext.ForWorkspace(workspace, documents, static _ => string.Empty, time.GetUtcNow()) with { PublicBaseUrl = origin };

    /// <summary>The public address of a claim published under <paramref name="slug"/>, as <see cref="PublicUrls"/> makes it.</summary>
    public string Url(string slug, string? origin = null) => $"{origin ?? urls.Origin()}/c/{slug}";

    private sealed record PageKey(long Version, string WorkspaceName, WorkspaceSettings Settings, string Origin);

    private sealed record CachedPage(PageKey Key, byte[] Html);
}

/// <summary>
/// Where the public pages are: <c>Public:BaseUrl</c> when set (e.g. https://factcheck.example.org, as readers reach it
/// through the proxy), else the address the current request came to, else http://localhost:5180.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration, IHttpContextAccessor http)
{
    public const string Setting = "Public:BaseUrl";

    public string Origin(HttpRequest? request = null)
    {
        if (configuration[Setting] is { Length: > 0 } configured)
        {
            return configured.Trim().TrimEnd('/');
        }

        request ??= http.HttpContext?.Request;
        return request is { Host.HasValue: true } r ? $"{r.Scheme}://{r.Host}{r.PathBase}" : "http://localhost:5180";
    }
}
