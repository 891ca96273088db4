using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>A moderator publishes rulings; readers see them without signing in, and nothing else.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class PublicationTests(ApiFactory factory)
{
    private const string Text = "At the rally the mayor said crime fell 20% last year. Critics said crime rose.\n\nTaxes fell too.";

    /// <summary>Text only members may read: no public answer may carry it.</summary>
    private const string Secret = "Critics said crime rose";

    [Fact]
    public async Task GivenResolvedClaim_WhenAModeratorPublishesIt_ThenAnyoneReadsItsPageWithTheClaimReviewAndShareTags()
    {
        var desk = await Desk.CreateAsync(factory);

        var published = await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrl,
            new { headline = "Crime did not fall 20% last year", summary = "Police data show a 2% rise.\n\nThe mayor's office did not answer.", claimant = "Mayor Ann Lee", claimDate = "2026-11-02" });
        var url = published["url"]!.GetValue<string>();

        using var page = await factory.Anonymous().GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<meta property=\"og:title\" content=\"Crime did not fall 20% last year\">", html);
        Assert.Contains("<meta property=\"og:url\" content=\"" + url + "\">", html);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary\">", html);
        Assert.Contains("Police data show a 2% rise.", html);
        var review = JsonNode.Parse(JsonLdScript().Match(html).Groups[1].Value)!;
        Assert.Equal("ClaimReview", review["@type"]!.GetValue<string>());
        Assert.Equal(url, review["url"]!.GetValue<string>());
        Assert.Equal("crime fell 20% last year", review["claimReviewed"]!.GetValue<string>());
        Assert.Equal("False", review["reviewRating"]!["alternateName"]!.GetValue<string>());
        Assert.Equal(1, review["reviewRating"]!["ratingValue"]!.GetValue<int>());
        Assert.Equal("Mayor Ann Lee", review["itemReviewed"]!["author"]!["name"]!.GetValue<string>());
        foreach (var internalText in new[] { desk.Team.Reviewer.Name, desk.Team.SecondReviewer.Name, desk.Team.Moderator.Name, desk.DocumentId, desk.ClaimId, "The police figures." })
        {
            Assert.DoesNotContain(internalText, html);
        }
    }

    [Fact]
    public async Task GivenAClaimWithoutARuling_WhenPublished_ThenConflictAndNothingChanges()
    {
        var desk = await Desk.CreateAsync(factory, resolve: false);
        var version = await desk.Team.Moderator.Api.VersionAsync(desk.DocumentId);

        using var response = await desk.Team.Moderator.Api.SendAsync(HttpMethod.Post, desk.PublicationUrl, new { headline = "H", summary = "S" });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict, ErrorCodes.ClaimNotResolved);
        Assert.Equal(version, await desk.Team.Moderator.Api.VersionAsync(desk.DocumentId));
    }

    [Fact]
    public async Task GivenResolvedClaim_WhenAReviewerPublishesOrTheHeadlineIsMissing_ThenProblemsAndNothingChanges()
    {
        var desk = await Desk.CreateAsync(factory);
        var version = await desk.Team.Moderator.Api.VersionAsync(desk.DocumentId);

        using var reviewer = await desk.Team.Reviewer.Api.SendAsync(HttpMethod.Post, desk.PublicationUrl, new { headline = "H", summary = "S" });
        await ApiAssert.ProblemAsync(reviewer, HttpStatusCode.Forbidden, ErrorCodes.RoleForbidden);
        using var noHeadline = await desk.Team.Moderator.Api.SendAsync(HttpMethod.Post, desk.PublicationUrl, new { headline = "  ", summary = "S" });
        await ApiAssert.ProblemAsync(noHeadline, HttpStatusCode.UnprocessableEntity, ErrorCodes.HeadlineInvalid);
        using var badDate = await desk.Team.Moderator.Api.SendAsync(HttpMethod.Post, desk.PublicationUrl, new { headline = "H", summary = "S", claimDate = "last week" });
        await ApiAssert.ProblemAsync(badDate, HttpStatusCode.UnprocessableEntity, "claim-date-invalid");
        using var outsider = await (await factory.CreateMemberAsync(await factory.CreateWorkspaceAsync("Rival"), WorkspaceRole.Admin)).Api
            .SendAsync(HttpMethod.Post, desk.PublicationUrl, new { headline = "H", summary = "S" });
        await ApiAssert.ProblemAsync(outsider, HttpStatusCode.NotFound, ErrorCodes.DocumentNotFound);

        Assert.Equal(version, await desk.Team.Moderator.Api.VersionAsync(desk.DocumentId));
    }

    [Fact]
    public async Task GivenPublishedClaim_WhenUnpublishedAndPublishedAgain_ThenItsPageIsGoneAndComesBackAtTheSameAddress()
    {
        var desk = await Desk.CreateAsync(factory);
        var first = await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrl, new { headline = "First", summary = "S" });
        var path = new Uri(first["url"]!.GetValue<string>()).AbsolutePath;

        using var unpublish = await desk.Team.Moderator.Api.SendAsync(HttpMethod.Delete, desk.PublicationUrl);
        Assert.Equal(HttpStatusCode.NoContent, unpublish.StatusCode);
        using var gone = await factory.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty((await desk.Team.Viewer.Api.GetJsonAsync($"/api/v1/workspaces/{desk.Team.WorkspaceId}/publications"))["publications"]!.AsArray());

        var again = await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrl, new { headline = "Second headline", summary = "S" });
        Assert.Equal(path, new Uri(again["url"]!.GetValue<string>()).AbsolutePath);
        using var back = await factory.Anonymous().GetAsync(path);
        Assert.Contains("Second headline", await back.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GivenPublishedClaim_WhenAModeratorHidesIt_ThenItsPageAndListingAreGoneUntilUnhidden()
    {
        var desk = await Desk.CreateAsync(factory);
        var published = await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrl, new { headline = "Crime rose", summary = "S" });
        var path = new Uri(published["url"]!.GetValue<string>()).AbsolutePath;
        var claimUrl = $"/api/v1/documents/{desk.DocumentId}/annotations/{desk.ClaimId}";
        using (var shown = await factory.Anonymous().GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode); // served (and cached) before it is hidden
        }

        await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/hide", new { item = "annotation", reason = "Legal hold." });

        using (var gone = await factory.Anonymous().GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using (var list = await factory.Anonymous().GetAsync($"/p/{desk.Team.WorkspaceId}"))
        {
            Assert.DoesNotContain("Crime rose", await list.Content.ReadAsStringAsync());
        }

        await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/unhide", new { item = "annotation" });
        using var back = await factory.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains("Crime rose", await back.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GivenTwoPublishedClaims_WhenAnyoneOpensTheWorkspacePageAndFeed_ThenTheyAreListedNewestFirst()
    {
        var desk = await Desk.CreateAsync(factory);
        var older = await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrl, new { headline = "Older check", summary = "S1" });
        var second = await desk.ResolveAsync("Taxes fell");
        await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrlOf(second), new { headline = "Newer check", summary = "S2" });

        var listed = (await desk.Team.Viewer.Api.GetJsonAsync($"/api/v1/workspaces/{desk.Team.WorkspaceId}/publications"))["publications"]!.AsArray();
        Assert.Equal(["Newer check", "Older check"], listed.Select(p => p!["headline"]!.GetValue<string>()));

        using var page = await factory.Anonymous().GetAsync($"/p/{desk.Team.WorkspaceId}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.IndexOf("Newer check", StringComparison.Ordinal) < html.IndexOf("Older check", StringComparison.Ordinal), html);
        Assert.Contains(new Uri(older["url"]!.GetValue<string>()).AbsolutePath, html);

        using var feed = await factory.Anonymous().GetAsync($"/p/{desk.Team.WorkspaceId}/feed.atom");
        Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType?.MediaType);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = XDocument.Parse(await feed.Content.ReadAsStringAsync()).Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value);
        Assert.Equal(["Newer check", "Older check"], entries);
    }

    [Fact]
    public async Task GivenAPublicSlug_WhenSet_ThenTheListIsThereTheIdRedirectsAndAnotherWorkspaceCannotTakeIt()
    {
        var desk = await Desk.CreateAsync(factory);
        await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrl, new { headline = "Crime did not fall", summary = "S" });
        var workspaces = factory.Services.GetRequiredService<Services.WorkspaceService>();
        var slug = "desk-" + Guid.NewGuid().ToString("N")[..8];

        var settings = (await workspaces.GetAsync(desk.Team.WorkspaceId)).Settings;
        await workspaces.UpdateSettingsAsync(desk.Team.WorkspaceId, Principal(desk.Team.Admin), settings with { PublicSlug = slug });

        using (var page = await factory.Anonymous().GetAsync($"/p/{slug}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Crime did not fall", await page.Content.ReadAsStringAsync());
        }

        using (var byId = await factory.Anonymous().GetAsync($"/p/{desk.Team.WorkspaceId}/feed.atom"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, byId.StatusCode);
            Assert.Equal($"/p/{slug}/feed.atom", byId.Headers.Location?.OriginalString);
        }

        // another workspace: the slug is taken, a malformed one is refused, and neither changes its settings
        var other = await Team.CreateAsync(factory, "Another desk");
        var otherSettings = (await workspaces.GetAsync(other.WorkspaceId)).Settings;
        var taken = await Assert.ThrowsAsync<DomainException>(() => workspaces.UpdateSettingsAsync(other.WorkspaceId, Principal(other.Admin), otherSettings with { PublicSlug = slug }));
        Assert.Equal(Services.WorkspaceService.Codes.PublicSlugTaken, taken.Error.Code);
        var malformed = await Assert.ThrowsAsync<DomainException>(() => workspaces.UpdateSettingsAsync(other.WorkspaceId, Principal(other.Admin), otherSettings with { PublicSlug = "Metro Desk!" }));
        Assert.Equal(Services.WorkspaceService.Codes.PublicSlugInvalid, malformed.Error.Code);
        Assert.Null((await workspaces.GetAsync(other.WorkspaceId)).Settings.PublicSlug);

        // a slug given up is free again, and its old address no longer lists anything
        await workspaces.UpdateSettingsAsync(desk.Team.WorkspaceId, Principal(desk.Team.Admin), settings with { PublicSlug = slug + "-new" });
        using (var old = await factory.Anonymous().GetAsync($"/p/{slug}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        }

        await workspaces.UpdateSettingsAsync(other.WorkspaceId, Principal(other.Admin), otherSettings with { PublicSlug = slug });
        Assert.Equal(slug, (await workspaces.GetAsync(other.WorkspaceId)).Settings.PublicSlug);
    }

    private static System.Security.Claims.ClaimsPrincipal Principal(Member member) =>
        new(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, member.Id)], "test"));

    [Fact]
    public async Task GivenAWorkspaceWithUnpublishedWork_WhenAnAnonymousCallerTriesEveryRoute_ThenNothingOfItIsShown()
    {
        var desk = await Desk.CreateAsync(factory);
        var withdrawn = await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, desk.PublicationUrl, new { headline = "Withdrawn check", summary = "S" });
        await desk.Team.Moderator.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, desk.PublicationUrl);
        var slug = withdrawn["slug"]!.GetValue<string>();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["workspaceId"] = desk.Team.WorkspaceId,
            ["documentId"] = desk.DocumentId,
            ["annotationId"] = desk.ClaimId,
            ["slug"] = slug,
        };

        var anonymous = factory.Anonymous();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var wrong = new List<string>();
        var tried = 0;
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.RawText is null || pattern.Parameters.Any(p => p.IsCatchAll) && !pattern.RawText.Contains("{*", StringComparison.Ordinal))
            {
                continue;
            }

            var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => values.GetValueOrDefault(parameter.Name, "x1"),
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                _ => string.Empty,
            }))));
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await anonymous.SendAsync(request);
                tried++;
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var isPublicRoute = path.StartsWith("/c/", StringComparison.Ordinal) || path.StartsWith("/p/", StringComparison.Ordinal);
                if (body.Contains(Secret, StringComparison.Ordinal) || body.Contains("Withdrawn check", StringComparison.Ordinal))
                {
                    wrong.Add($"{method} {path}: {status} shows unpublished text");
                }
                else if (isPublicRoute ? status != 404 : status is >= 200 and < 300 && !IsPublicByDesign(path))
                {
                    wrong.Add($"{method} {path}: {status}");
                }
            }
        }

        Assert.True(tried > 40, $"only {tried} routes tried");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Routes anyone may read that hold no workspace's content: health, sign-in, the API's description, static files.</summary>
    private static bool IsPublicByDesign(string path) =>
        path is "/healthz" or "/signin" or "/openapi/v1.json" || path.StartsWith("/health/", StringComparison.Ordinal)
        || path.StartsWith("/api/docs", StringComparison.Ordinal) || path.StartsWith("/_", StringComparison.Ordinal)
        || path.StartsWith("/metrics", StringComparison.Ordinal) || Path.HasExtension(path);

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdScript();

    /// <summary>A team's document with a claim two reviewers voted false on and (by default) a moderator ruled false.</summary>
    private sealed record Desk(Team Team, string DocumentId, string ClaimId)
    {
        public string PublicationUrl => PublicationUrlOf(ClaimId);

        public string PublicationUrlOf(string claimId) => $"/api/v1/documents/{DocumentId}/annotations/{claimId}/publication";

        public static async Task<Desk> CreateAsync(ApiFactory factory, bool resolve = true)
        {
            var team = await Team.CreateAsync(factory, "Publishing desk");
            var documentId = await team.ImportAsync("Rally speech", Text);
            var desk = new Desk(team, documentId, string.Empty);
            return desk with { ClaimId = await desk.ResolveAsync("crime fell 20% last year", resolve) };
        }

        public async Task<string> ResolveAsync(string exact, bool resolve = true)
        {
            var claim = await Team.AnnotateAsync(DocumentId, new { exact });
            var id = claim["id"]!.GetValue<string>();
            var url = $"/api/v1/documents/{DocumentId}/annotations/{id}";
            await Team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{url}/votes/me", new { verdict = "false", rationale = "The police figures." });
            await Team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{url}/votes/me", new { verdict = "mostly-false", rationale = "The police figures." });
            if (resolve)
            {
                await Team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{url}/resolution", new { verdict = "false", rationale = "Police data show crime **rose** 2%." });
            }

            return id;
        }
    }
}
