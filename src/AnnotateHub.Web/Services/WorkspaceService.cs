using System.Security.Claims;
using System.Text;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Api;

namespace AnnotateHub.Web.Services;

/// <summary>
/// A document in a workspace listing, with its claim counts by status. <see cref="Voting"/> counts the claims whose
/// status blind voting hides from the viewer the listing was made for (<see cref="VoteVisibility.CanSeeStatusDetails"/>);
/// they are not counted under any other status.
/// </summary>
public sealed record DocumentSummary(
    string Id,
    string Title,
    DateTimeOffset CreatedAt,
    int Annotations,
    int Open,
    int Consensus,
    int Disputed,
    int Resolved,
    string CreatedBy = "",
    int Voting = 0)
{
    public int Claims => Open + Consensus + Disputed + Resolved + Voting;
}

/// <summary>A member of a workspace, as the members page shows them.</summary>
public sealed record WorkspaceMember(string UserId, string DisplayName, string Email, WorkspaceRole Role, DateTimeOffset AddedAt);

/// <summary>What adding a member did: added them, or changed the role of someone already in the workspace.</summary>
public sealed record MemberAdded(WorkspaceMember Member, bool WasMember, WorkspaceRole? PreviousRole);

/// <summary>
/// The rules for workspace input that the UI checks next to each field and this service checks again on the server.
/// Each check answers null when the value is fine, or a sentence saying what to change.
/// </summary>
public static class WorkspaceRules
{
    public const int PublisherNameMaxLength = 200;
    public const int EmailMaxLength = 256;

    public static int MaxQuorum => DomainLimits.Default.MaxQuorum;

    public static int MaxTitleLength => DomainLimits.Default.MaxTitleLength;

    public static int MaxTextBytes => DomainLimits.Default.MaxTextBytes;

    public static string? CheckTitle(string? title)
    {
        var trimmed = (title ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return "Give the document a title.";
        }

        var length = trimmed.EnumerateRunes().Count();
        return length > MaxTitleLength ? $"Use at most {MaxTitleLength} characters (this title has {length:N0})." : null;
    }

    public static string? CheckTextSize(long utf8Bytes) =>
        utf8Bytes == 0 ? "Paste the document's text."
        : utf8Bytes > MaxTextBytes ? $"The text is {Megabytes(utf8Bytes)}; the limit is {Megabytes(MaxTextBytes)}. Split it into several documents."
        : null;

    public static string? CheckText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "Paste the document's text." : CheckTextSize(Encoding.UTF8.GetByteCount(text));

    /// <summary>An optional absolute http(s) URL (empty is fine).</summary>
    public static string? CheckOptionalWebUrl(string? url)
    {
        var trimmed = url?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > DomainLimits.Default.MaxUrlLength)
        {
            return $"Use at most {DomainLimits.Default.MaxUrlLength:N0} characters.";
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
               && uri.Host.Length > 0
            ? null
            : "Enter a full web address starting with https:// or http://, e.g. https://factcheck.example.org.";
    }

    public static string? CheckQuorum(int? quorum) =>
        quorum is null ? $"Enter a number of votes from 1 to {MaxQuorum}."
        : quorum < 1 || quorum > MaxQuorum ? $"The quorum must be between 1 and {MaxQuorum} votes."
        : null;

    public static string? CheckPublisherName(string? name) =>
        (name?.Trim().Length ?? 0) > PublisherNameMaxLength ? $"Use at most {PublisherNameMaxLength} characters." : null;

    /// <summary>An optional colour as #rrggbb (empty is fine).</summary>
    public static string? CheckAccentColor(string? color) =>
        string.IsNullOrWhiteSpace(color) || Reports.PublicSite.IsColor(color.Trim()) ? null : "Enter a colour as # and six hex digits, e.g. #1f4fbf.";

    /// <summary>The longest public address of a workspace's fact checks.</summary>
    public const int PublicSlugMaxLength = 60;

    /// <summary>An optional public address (<c>/p/{slug}</c>): 3 to 60 lower-case letters, digits and inner hyphens.</summary>
    public static string? CheckPublicSlug(string? slug)
    {
        var value = slug?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return null;
        }

        return value.Length < 3 || value.Length > PublicSlugMaxLength || value[0] == '-' || value[^1] == '-'
            || !value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            ? $"Use 3 to {PublicSlugMaxLength} lower-case letters, digits and hyphens (not at either end), e.g. metro-desk."
            : null;
    }

    /// <summary>An optional IANA time zone (empty is fine: UTC).</summary>
    public static string? CheckTimeZone(string? zone) =>
        string.IsNullOrWhiteSpace(zone) || Reports.PublicSite.FindZone(zone) is not null
            ? null
            : $"\"{zone.Trim()}\" is not a time zone this server knows; use a name such as Europe/Berlin, America/New_York or UTC.";

    public static string? CheckEmail(string? email)
    {
        var trimmed = email?.Trim() ?? string.Empty;
        return trimmed.Length == 0 ? "Enter the email address of the person's AnnotateHub account."
            : trimmed.Length > EmailMaxLength || !trimmed.Contains('@', StringComparison.Ordinal) ? "Enter an email address such as name@example.org."
            : null;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.##} MB";
}

/// <summary>The UI's and API's way to workspaces (components never touch the grain factory).</summary>
/// <remarks>
/// Every change made on behalf of a signed-in user re-reads that user's role from the membership store: what the page
/// showed when it loaded (a form, a button) is never taken as permission.
/// </remarks>
public sealed class WorkspaceService(IGrainFactory grains, IServiceScopeFactory scopes)
{
    /// <summary>Error codes of the member and settings operations (besides the domain's own).</summary>
    public static class Codes
    {
        public const string WorkspaceNotFound = "workspace-not-found";
        public const string AdminRequired = ErrorCodes.RoleForbidden;
        public const string EmailInvalid = "email-invalid";
        public const string AccountNotFound = "account-not-found";
        public const string MemberNotFound = "member-not-found";
        public const string LastAdmin = "last-admin";
        public const string PublisherNameTooLong = "publisher-name-too-long";
        public const string PublisherUrlInvalid = "publisher-url-invalid";
        public const string PublisherLogoInvalid = "publisher-logo-invalid";
        public const string AccentColorInvalid = "accent-color-invalid";
        public const string TimeZoneInvalid = "time-zone-invalid";
        public const string PublicSlugInvalid = "public-slug-invalid";
        public const string PublicSlugTaken = "public-slug-taken";
        public const string FormatUnknown = "format-unknown";
    }

    // Membership changes are checked against the current members (e.g. "never remove the last admin"); one at a time,
    // so two admins demoting each other at once cannot leave a workspace without one.
    private readonly SemaphoreSlim _membershipGate = new(1, 1);

    public Task<IReadOnlyList<WorkspaceEntry>> ListAsync() =>
        ClusterReads.ReadAsync(() => grains.GetGrain<IWorkspaceDirectoryGrain>(IWorkspaceDirectoryGrain.DefaultKey).ListAsync());

    public Task<WorkspaceState> GetAsync(string workspaceId) => ClusterReads.ReadAsync(() => grains.GetGrain<IWorkspaceGrain>(workspaceId).GetAsync());

    public Task<WorkspaceState> CreateAsync(string workspaceId, string name, string createdBy) =>
        grains.GetGrain<IWorkspaceGrain>(workspaceId).CreateAsync(name, createdBy);

    public Task<DocumentChange> CreateDocumentAsync(string workspaceId, Actor actor, string documentId, string title, string text, string? sourceUrl = null) =>
        grains.GetGrain<IWorkspaceGrain>(workspaceId).CreateDocumentAsync(actor, documentId, title, text, sourceUrl);

    /// <summary>
    /// The workspace's documents with their claim counts by status, as <paramref name="viewer"/> may see them: under
    /// blind voting, a claim whose status <see cref="VoteVisibility"/> hides from them counts as
    /// <see cref="DocumentSummary.Voting"/>. Without a viewer (the operator), every status is counted as it is.
    /// </summary>
    public async Task<IReadOnlyList<DocumentSummary>> ListDocumentsAsync(string workspaceId, Actor? viewer = null)
    {
        // From the workspace's read model: no document is activated. A document it has not heard of yet (its first change
        // is on the way) is read into it from the event store first.
        var workspace = await GetAsync(workspaceId);
        var activity = grains.GetGrain<IWorkspaceActivityGrain>(workspaceId);
        var who = viewer is null ? null : new ActivityViewer(viewer.UserId, viewer.Role, string.Empty);
        var listed = await ClusterReads.ReadAsync(() => activity.ListDocumentsAsync(who, workspace.Settings.BlindVoting));
        var missing = workspace.Documents.Select(d => d.Id).Except(listed.Select(l => l.Id), StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            foreach (var id in missing)
            {
                await activity.CatchUpAsync(id, 1);
            }

            listed = await ClusterReads.ReadAsync(() => activity.ListDocumentsAsync(who, workspace.Settings.BlindVoting));
        }

        var byId = listed.ToDictionary(l => l.Id, StringComparer.Ordinal);
        return workspace.Documents
            .Select(d => byId.TryGetValue(d.Id, out var l)
                ? new DocumentSummary(d.Id, l.Title.Length > 0 ? l.Title : d.Title, d.CreatedAt, l.Annotations, l.Open, l.Consensus, l.Disputed, l.Resolved, d.CreatedBy, l.Voting)
                : new DocumentSummary(d.Id, d.Title, d.CreatedAt, 0, 0, 0, 0, 0, d.CreatedBy))
            .ToList();
    }

    /// <summary>
    /// Imports pasted content as a new document of the workspace on behalf of <paramref name="caller"/>, with the role
    /// they hold now. Returns the new document's id. Throws <see cref="DomainException"/>: NotFound for a workspace the
    /// caller is not in, Forbidden for a viewer, Invalid/TooLarge for a bad title, text or source URL.
    /// </summary>
    public async Task<string> ImportDocumentAsync(string workspaceId, ClaimsPrincipal caller, string title, string content, string? format, string? sourceUrl)
    {
        var actor = await CurrentActorAsync(workspaceId, caller);
        var text = content;

        // The domain refuses a viewer before it looks at the input; for them its answer is the one that counts.
        if (actor.Role.CanWrite())
        {
            if (WorkspaceRules.CheckTitle(title) is { } titleProblem)
            {
                throw Invalid(string.IsNullOrWhiteSpace(title) ? ErrorCodes.TitleRequired : ErrorCodes.TitleTooLong, titleProblem);
            }

            if (!DocumentImport.Formats.Contains(format ?? "text"))
            {
                throw Invalid(Codes.FormatUnknown, $"Choose one of the formats: {string.Join(", ", DocumentImport.Formats)}.");
            }

            if (WorkspaceRules.CheckOptionalWebUrl(sourceUrl) is { } urlProblem)
            {
                throw Invalid(ErrorCodes.UrlInvalid, urlProblem);
            }

            text = DocumentImport.ToText(content, format);
            if (WorkspaceRules.CheckText(text) is { } textProblem)
            {
                throw new DomainException(string.IsNullOrWhiteSpace(text)
                    ? DomainError.Invalid(ErrorCodes.TextEmpty, textProblem)
                    : DomainError.TooLarge(ErrorCodes.TextTooLarge, textProblem));
            }
        }

        var documentId = DocumentApi.NewId("doc", null);
        var url = string.IsNullOrWhiteSpace(sourceUrl) ? null : sourceUrl.Trim();
        await CreateDocumentAsync(workspaceId, actor, documentId, (title ?? string.Empty).Trim(), text, url);
        return documentId;
    }

    /// <summary>
    /// Changes the workspace settings as <paramref name="caller"/>, with the role they hold now (the workspace refuses
    /// anyone but an admin). The publisher URL, when given, must be an absolute http(s) URL.
    /// </summary>
    public async Task<WorkspaceState> UpdateSettingsAsync(string workspaceId, ClaimsPrincipal caller, WorkspaceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var actor = await CurrentActorAsync(workspaceId, caller);
        if (!actor.Role.CanAdminister())
        {
            throw Forbidden("Only a workspace admin can change its settings.");
        }

        if (WorkspaceRules.CheckQuorum(settings.Quorum) is { } quorumProblem)
        {
            throw Invalid(ErrorCodes.QuorumInvalid, quorumProblem);
        }

        if (WorkspaceRules.CheckPublisherName(settings.PublisherName) is { } nameProblem)
        {
            throw Invalid(Codes.PublisherNameTooLong, nameProblem);
        }

        if (WorkspaceRules.CheckOptionalWebUrl(settings.PublisherUrl) is { } urlProblem)
        {
            throw Invalid(Codes.PublisherUrlInvalid, urlProblem);
        }

        if (WorkspaceRules.CheckOptionalWebUrl(settings.PublisherLogoUrl) is { } logoProblem)
        {
            throw Invalid(Codes.PublisherLogoInvalid, logoProblem);
        }

        if (WorkspaceRules.CheckAccentColor(settings.AccentColor) is { } colorProblem)
        {
            throw Invalid(Codes.AccentColorInvalid, colorProblem);
        }

        if (WorkspaceRules.CheckTimeZone(settings.TimeZone) is { } zoneProblem)
        {
            throw Invalid(Codes.TimeZoneInvalid, zoneProblem);
        }

        if (WorkspaceRules.CheckPublicSlug(settings.PublicSlug) is { } slugProblem)
        {
            throw Invalid(Codes.PublicSlugInvalid, slugProblem);
        }

        var clean = settings with
        {
            PublicSlug = Blank(settings.PublicSlug),
            PublisherName = Blank(settings.PublisherName),
            PublisherUrl = Blank(settings.PublisherUrl),
            PublisherLogoUrl = Blank(settings.PublisherLogoUrl),
            AccentColor = Blank(settings.AccentColor)?.ToLowerInvariant(),
            TimeZone = Blank(settings.TimeZone),
        };
        var workspace = grains.GetGrain<IWorkspaceGrain>(workspaceId);
        var before = (await workspace.GetAsync()).Settings.PublicSlug;
        if (clean.PublicSlug is not { } slug || slug == before)
        {
            var unchanged = await workspace.UpdateSettingsAsync(actor, clean);
            await ReleasePublicSlugAsync(before, clean.PublicSlug, workspaceId);
            return unchanged;
        }

        // The address is held in the slug's own grain before the settings name it, so two workspaces never share one; an
        // address that is another workspace's id is taken too (/p/{id} is that workspace's address when it has no slug).
        if (slug != workspaceId && (await grains.GetGrain<IWorkspaceGrain>(slug).GetAsync()).Exists
            || !await grains.GetGrain<IPublicWorkspaceGrain>(slug).ClaimAsync(workspaceId))
        {
            throw new DomainException(DomainError.Conflict(Codes.PublicSlugTaken, $"Another workspace uses the public address \"{slug}\"; choose another."));
        }

        try
        {
            var updated = await workspace.UpdateSettingsAsync(actor, clean);
            await ReleasePublicSlugAsync(before, slug, workspaceId);
            return updated;
        }
        catch
        {
            await grains.GetGrain<IPublicWorkspaceGrain>(slug).ReleaseAsync(workspaceId);
            throw;
        }
    }

    private async Task ReleasePublicSlugAsync(string? before, string? now, string workspaceId)
    {
        if (before is not null && before != now)
        {
            await grains.GetGrain<IPublicWorkspaceGrain>(before).ReleaseAsync(workspaceId);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The workspace's members by name, for any member of it (others get NotFound).</summary>
    public async Task<IReadOnlyList<WorkspaceMember>> ListMembersAsync(string workspaceId, ClaimsPrincipal caller)
    {
        await using var scope = scopes.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();
        await RequireRoleAsync(memberships, workspaceId, caller, admin: false);
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var members = new List<WorkspaceMember>();
        foreach (var membership in await memberships.ListForWorkspaceAsync(workspaceId))
        {
            members.Add(await ToMemberAsync(accounts, membership.UserId, membership.Role, membership.AddedAt));
        }

        return members.OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>
    /// Adds the account with <paramref name="email"/> to the workspace with <paramref name="role"/>; when they are a
    /// member already, changes their role instead. Admins only.
    /// </summary>
    public async Task<MemberAdded> AddMemberAsync(string workspaceId, ClaimsPrincipal caller, string email, WorkspaceRole role)
    {
        if (WorkspaceRules.CheckEmail(email) is { } emailProblem)
        {
            throw Invalid(Codes.EmailInvalid, emailProblem);
        }

        RequireDefined(role);
        await using var scope = scopes.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        await _membershipGate.WaitAsync();
        try
        {
            await RequireRoleAsync(memberships, workspaceId, caller, admin: true);
            var user = await accounts.FindByEmailAsync(email.Trim())
                ?? throw new DomainException(DomainError.NotFound(
                    Codes.AccountNotFound,
                    $"There is no AnnotateHub account with the email {email.Trim()}. Check the address, or ask an operator to create the account first."));
            var previous = await memberships.GetRoleAsync(workspaceId, user.Id);
            if (previous is { } current && current != role)
            {
                await RequireAnotherAdminAsync(memberships, workspaceId, caller, user.Id, current, role);
            }

            await memberships.SetRoleAsync(workspaceId, user.Id, role);
            var membership = (await memberships.ListForWorkspaceAsync(workspaceId)).Single(m => m.UserId == user.Id);
            return new MemberAdded(await ToMemberAsync(accounts, user.Id, role, membership.AddedAt), previous is not null, previous);
        }
        finally
        {
            _membershipGate.Release();
        }
    }

    /// <summary>Changes a member's role. Admins only; the workspace always keeps at least one admin.</summary>
    public async Task<WorkspaceMember> ChangeRoleAsync(string workspaceId, ClaimsPrincipal caller, string userId, WorkspaceRole role)
    {
        RequireDefined(role);
        await using var scope = scopes.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        await _membershipGate.WaitAsync();
        try
        {
            await RequireRoleAsync(memberships, workspaceId, caller, admin: true);
            var current = await memberships.GetRoleAsync(workspaceId, userId) ?? throw MemberNotFound();
            if (current != role)
            {
                await RequireAnotherAdminAsync(memberships, workspaceId, caller, userId, current, role);
                await memberships.SetRoleAsync(workspaceId, userId, role);
            }

            var membership = (await memberships.ListForWorkspaceAsync(workspaceId)).Single(m => m.UserId == userId);
            return await ToMemberAsync(accounts, userId, role, membership.AddedAt);
        }
        finally
        {
            _membershipGate.Release();
        }
    }

    /// <summary>Removes a member. Admins only; the last admin cannot be removed.</summary>
    public async Task RemoveMemberAsync(string workspaceId, ClaimsPrincipal caller, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();
        await _membershipGate.WaitAsync();
        try
        {
            await RequireRoleAsync(memberships, workspaceId, caller, admin: true);
            var current = await memberships.GetRoleAsync(workspaceId, userId) ?? throw MemberNotFound();
            await RequireAnotherAdminAsync(memberships, workspaceId, caller, userId, current, newRole: null);
            await memberships.RemoveAsync(workspaceId, userId);
        }
        finally
        {
            _membershipGate.Release();
        }
    }

    /// <summary>The caller as an <see cref="Actor"/> with the role they hold now; NotFound when they are not a member.</summary>
    private async Task<Actor> CurrentActorAsync(string workspaceId, ClaimsPrincipal caller)
    {
        await using var scope = scopes.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();
        var role = await RequireRoleAsync(memberships, workspaceId, caller, admin: false);
        return new Actor(AccessService.UserId(caller), role, AccessService.DisplayName(caller));
    }

    private async Task<WorkspaceRole> RequireRoleAsync(MembershipService memberships, string workspaceId, ClaimsPrincipal caller, bool admin)
    {
        var role = string.IsNullOrEmpty(workspaceId) ? null : await memberships.GetRoleAsync(workspaceId, AccessService.UserId(caller));
        if (role is null || !(await GetAsync(workspaceId)).Exists)
        {
            // the same answer whether the workspace is missing or someone else's: its existence does not leak
            throw new DomainException(DomainError.NotFound(Codes.WorkspaceNotFound, "There is no such workspace, or you are not a member of it."));
        }

        if (admin && !role.Value.CanAdminister())
        {
            throw Forbidden("Only a workspace admin can add, change or remove members.");
        }

        return role.Value;
    }

    /// <summary>Refuses a change that would leave the workspace without an admin (a null new role is a removal).</summary>
    private static async Task RequireAnotherAdminAsync(
        MembershipService memberships, string workspaceId, ClaimsPrincipal caller, string userId, WorkspaceRole current, WorkspaceRole? newRole)
    {
        if (current != WorkspaceRole.Admin || newRole == WorkspaceRole.Admin)
        {
            return;
        }

        var admins = (await memberships.ListForWorkspaceAsync(workspaceId)).Count(m => m.Role == WorkspaceRole.Admin);
        if (admins > 1)
        {
            return;
        }

        var self = string.Equals(userId, AccessService.UserId(caller), StringComparison.Ordinal);
        var what = newRole is null ? "removed" : "given another role";
        throw new DomainException(DomainError.Conflict(
            Codes.LastAdmin,
            self
                ? $"You are the only admin of this workspace, so you cannot be {what}: make another member an admin first."
                : $"This member is the only admin of the workspace and cannot be {what}: make another member an admin first."));
    }

    private static async Task<WorkspaceMember> ToMemberAsync(AccountService accounts, string userId, WorkspaceRole role, DateTimeOffset addedAt)
    {
        var user = await accounts.FindByIdAsync(userId);
        var name = string.IsNullOrWhiteSpace(user?.DisplayName) ? user?.Email ?? userId : user.DisplayName;
        return new WorkspaceMember(userId, name, user?.Email ?? string.Empty, role, addedAt);
    }

    private static void RequireDefined(WorkspaceRole role)
    {
        if (!Enum.IsDefined(role))
        {
            throw Invalid(ErrorCodes.ValueUnknown, "Choose a role: viewer, reviewer, moderator or admin.");
        }
    }

    private static DomainException MemberNotFound() =>
        new(DomainError.NotFound(Codes.MemberNotFound, "This person is no longer a member of the workspace; reload the page to see the current members."));

    private static DomainException Invalid(string code, string message) => new(DomainError.Invalid(code, message));

    private static DomainException Forbidden(string message) => new(DomainError.Forbidden(Codes.AdminRequired, message));
}
