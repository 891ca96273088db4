using System.Security.Cryptography;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Storage;
using AnnotateHub.Web.Hosting;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Identity;

namespace AnnotateHub.Web.Seeding;

/// <summary>
/// On first run (no workspace yet) creates the demo workspace: demo users (their passwords are printed once, on the
/// console, after the start-up lines: <see cref="Credentials"/>), two short documents written for AnnotateHub, with claims in every state (consensus, disputed, resolved,
/// open), threads and sources. The text is fictional. <c>Demo:Seed=false</c> turns it off.
/// </summary>
public sealed partial class DemoSeeder(
    WorkspaceService workspaces,
    DocumentService documents,
    People people,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    ILogger<DemoSeeder> logger,
    OpenedStore? store = null)
{
    public const string EmailDomain = "demo.annotatehub.test";
    public static readonly Person Admin = new("admin", "Ada Admin");
    public static readonly Person Sam = new("sam", "Sam Viewer");

    public const string WorkspaceId = "demo";
    public const string BudgetDocumentId = "riverton-budget-statement";
    public const string RadioDocumentId = "alder-river-interview";

    public static readonly Person Maya = new("maya", "Maya Okafor");
    public static readonly Person Tomas = new("tomas", "Tomás Lindqvist");
    public static readonly Person Ines = new("ines", "Inês Duarte");

    public const string BudgetText = """
        Riverton City Council: statement on the 2027 budget

        Mayor Dana Whitlock said on Tuesday that the new budget "cuts property taxes for the third year in a row" while increasing spending on public transport by 40 percent.

        According to the statement, the city now has the lowest unemployment rate in the region, at 3.1 percent, and crime has fallen by half since 2020.

        The council also said that every school in the district will have a full-time nurse by September. Opposition members disputed the figures, saying the transport increase includes money already promised in earlier years.

        Whitlock added: "No city of our size has built more affordable homes in the last decade." 🏠
        """;

    public const string RadioText = """
        HOST: Welcome back. With me is Dr. Amara Nwosu, who leads the Riverton water-quality survey.

        NWOSU: Thanks. Our samples show nitrate levels in the Alder River rose by about 18 percent between 2019 and 2025.

        HOST: The mayor says the river is cleaner than it has been in fifty years. Is that right?

        NWOSU: For some measures, yes. Industrial discharge is down sharply. But farm run-off has increased, and that is what drives the nitrate figures.

        HOST: Is the water safe to swim in?

        NWOSU: On most summer days, yes. After heavy rain we still see bacteria counts above the safe limit at two of our six sites.
        """;

    private static readonly Actor AsMaya = new(Maya.Id, WorkspaceRole.Reviewer, Maya.DisplayName);
    private static readonly Actor AsTomas = new(Tomas.Id, WorkspaceRole.Reviewer, Tomas.DisplayName);
    private static readonly Actor AsInes = new(Ines.Id, WorkspaceRole.Moderator, Ines.DisplayName);

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await people.RefreshAsync();
        if (!configuration.GetValue("Demo:Seed", true))
        {
            return;
        }

        // Nodes of a cluster that start together seed once: the first takes the lock and seeds, the others then find the workspace.
        // (the store as opened: a decorator, such as the metrics' wrapper of IEventStore, would hide the lock)
        await using var seeding = store?.Store is IClusterWideLock shared ? await shared.AcquireAsync("demo-seed", cancellationToken) : null;
        var existing = await workspaces.ListAsync();
        if (existing.Count > 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var passwords = await CreateUsersAsync();
        await workspaces.CreateAsync(WorkspaceId, "Demo newsroom", Ines.Id);
        await SeedBudgetAsync();
        await SeedRadioAsync();
        await people.RefreshAsync();
        LogSeeded(WorkspaceId);

        Credentials = passwords.Select(p => new DemoCredential(Email(p.Person), p.Password, p.Role)).ToArray();
    }

    /// <summary>
    /// The demo users this process created, with their passwords (empty unless this run seeded the demo). The host
    /// prints them once, as <see cref="FormatCredentials"/>'s block, after its "ready" line.
    /// </summary>
    public IReadOnlyList<DemoCredential> Credentials { get; private set; } = [];

    /// <summary>
    /// The first-run block of demo sign-ins, framed so it stands out in a console: one line per user that starts with
    /// the email, then the password, then the role (tests read a password with <c>^\s*email\s+(\S+)</c>).
    /// </summary>
    public static string FormatCredentials(IReadOnlyList<DemoCredential> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.Count == 0)
        {
            return string.Empty;
        }

        var rule = new string('=', 78);
        var text = new System.Text.StringBuilder()
            .AppendLine()
            .AppendLine(rule)
            .AppendLine("  Demo workspace \"Demo newsroom\" created. Sign in as one of these users.")
            .AppendLine("  The passwords are shown only now, on this first run: note one down.")
            .AppendLine();
        foreach (var credential in credentials)
        {
            text.AppendLine($"    {credential.Email,-36} {credential.Password,-22} {credential.Role.WireName()}");
        }

        return text.AppendLine().AppendLine(rule).ToString();
    }

    public static string Email(Person person) => $"{person.Id}@{EmailDomain}";

    private async Task<List<(Person Person, WorkspaceRole Role, string Password)>> CreateUsersAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();
        var created = new List<(Person, WorkspaceRole, string)>();
        foreach (var (person, role) in new[]
                 {
                     (Admin, WorkspaceRole.Admin), (Ines, WorkspaceRole.Moderator), (Maya, WorkspaceRole.Reviewer),
                     (Tomas, WorkspaceRole.Reviewer), (Sam, WorkspaceRole.Viewer),
                 })
        {
            var password = GeneratePassword();
            var user = new AppUser
            {
                Id = person.Id,
                UserName = Email(person),
                Email = Email(person),
                EmailConfirmed = true,
                DisplayName = person.DisplayName,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not create demo user {Email(person)}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }

            await memberships.SetRoleAsync(WorkspaceId, person.Id, role);
            created.Add((person, role, password));
        }

        return created;
    }

    /// <summary>A readable random password that meets the password rules (lower, upper, digit, 16+ characters).</summary>
    public static string GeneratePassword()
    {
        const string Lower = "abcdefghijkmnpqrstuvwxyz";
        const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string Digits = "23456789";
        var chars = new char[18];
        for (var i = 0; i < chars.Length; i++)
        {
            var set = (i % 6) switch { 0 or 1 or 3 or 4 => Lower, 2 => Upper, _ => Digits };
            chars[i] = set[RandomNumberGenerator.GetInt32(set.Length)];
        }

        return new string(chars);
    }

    private async Task SeedBudgetAsync()
    {
        const string doc = BudgetDocumentId;
        await workspaces.CreateDocumentAsync(WorkspaceId, AsInes, doc, "Riverton budget statement (2027)", BudgetText, "https://example.org/riverton/budget-2027");

        await Highlight(doc, AsMaya, "taxes", AnnotationKind.Claim, "cuts property taxes for the third year in a row",
            "The rate fell in 2025 and 2026; the 2027 rate is **lower again** per the draft ordinance.", "taxes", "budget");
        await Vote(doc, AsMaya, "taxes", Verdict.MostlyTrue, "Rate cut three years running, but assessed values rose, so many bills went up.");
        await Vote(doc, AsTomas, "taxes", Verdict.MostlyTrue, "Agree: the rate is down, bills are not.");
        await documents.AttachUrlAsync(doc, new AttachSource(AsMaya, "taxes", "taxes-ordinance", "Draft tax ordinance 2027", SourceStance.Supports,
            Url: "https://example.org/riverton/ordinance-2027", Quote: "The levy rate is set at 1.12 per 100 of assessed value.", Note: "Compare with 1.15 in 2026."));

        await Highlight(doc, AsTomas, "transport", AnnotationKind.Claim, "increasing spending on public transport by 40 percent",
            "Does the 40 percent include the federal grant announced last year?", "transport", "budget");
        await Vote(doc, AsTomas, "transport", Verdict.Mixed, "New money is closer to 15 percent; the rest was already promised.");
        await Vote(doc, AsMaya, "transport", Verdict.MostlyFalse, "Counting only new spending, the increase is 12 percent.");
        await documents.ReplyAsync(doc, new AddReply(AsMaya, "transport", "transport-r1", "The budget book, table 4.2, lists the grant as carried over from 2026."));
        await documents.ReplyAsync(doc, new AddReply(AsTomas, "transport", "transport-r2", "True, but the statement says *spending*, and the grant is spent in 2027. @maya can we ask the finance office?"));

        await Highlight(doc, AsMaya, "crime", AnnotationKind.Claim, "crime has fallen by half since 2020",
            "Police data shows a 22 percent drop in reported crime.", "crime");
        await Vote(doc, AsMaya, "crime", Verdict.False, "Reported crime fell 22 percent, not 50.");
        await Vote(doc, AsTomas, "crime", Verdict.MostlyFalse, "Violent crime did fall by almost half; overall crime did not.");
        await documents.ResolveAsync(doc, new ResolveClaim(AsInes, "crime", Verdict.MostlyFalse,
            "Overall reported crime fell 22 percent. Violent crime fell 46 percent, which the statement does not say it meant."));

        await Highlight(doc, AsTomas, "unemployment", AnnotationKind.Question, "the lowest unemployment rate in the region",
            "Which region: the county or the state? The answer changes the verdict.");
        await Highlight(doc, AsMaya, "homes", AnnotationKind.Claim, "No city of our size has built more affordable homes in the last decade.",
            "Needs a list of comparable cities.", "housing");
        await Vote(doc, AsMaya, "homes", Verdict.Unproven, "No national data set counts affordable homes by city size.");
    }

    private async Task SeedRadioAsync()
    {
        const string doc = RadioDocumentId;
        await workspaces.CreateDocumentAsync(WorkspaceId, AsInes, doc, "Radio interview: the Alder River", RadioText);

        await Highlight(doc, AsTomas, "nitrate", AnnotationKind.Claim, "nitrate levels in the Alder River rose by about 18 percent between 2019 and 2025",
            "Matches the survey's published data.", "environment");
        await Vote(doc, AsTomas, "nitrate", Verdict.True, "Survey tables show 17.6 percent.");

        await Highlight(doc, AsMaya, "cleaner", AnnotationKind.Claim, "the river is cleaner than it has been in fifty years",
            "The mayor's claim, quoted by the host.", "environment");
        await Vote(doc, AsMaya, "cleaner", Verdict.Mixed, "True for industrial pollutants, false for nitrates.");
        await Vote(doc, AsTomas, "cleaner", Verdict.MostlyFalse, "Bacteria after rain still exceed limits; 'cleaner' overall is a stretch.");
        await documents.AttachPassageAsync(doc, AsMaya, "cleaner", "cleaner-budget", "Council statement on the 2027 budget", SourceStance.Context,
            BudgetDocumentId, TargetSpec.ForQuote("increasing spending on public transport by 40 percent"), "Same council, same week: check how it uses figures.");
        await documents.ReplyAsync(doc, new AddReply(AsTomas, "cleaner", "cleaner-r1", "Dr. Nwosu's own answer supports *mixed*."));

        await Highlight(doc, AsTomas, "swim", AnnotationKind.Comment, "bacteria counts above the safe limit at two of our six sites",
            "Worth a follow-up story: which two sites?");
    }

    private Task Highlight(string doc, Actor actor, string id, AnnotationKind kind, string quote, string body, params string[] tags) =>
        documents.HighlightAsync(doc, new Highlight(actor, id, kind, TargetSpec.ForQuote(quote), body, [.. tags]));

    private Task Vote(string doc, Actor actor, string id, Verdict verdict, string rationale) =>
        documents.CastVoteAsync(doc, new CastVote(actor, id, verdict, rationale));

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo workspace '{WorkspaceId}'.")]
    private partial void LogSeeded(string workspaceId);
}

/// <summary>A demo user's sign-in, as created on the first run.</summary>
public sealed record DemoCredential(string Email, string Password, WorkspaceRole Role);
