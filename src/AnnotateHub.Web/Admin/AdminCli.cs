using System.Globalization;
using System.Security.Cryptography;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Admin;

/// <summary>
/// <c>AnnotateHub.Web admin &lt;command&gt; [options]</c>: bootstraps and inspects a server from a shell, with the same
/// configuration (and so the same database) as the server. Results go to stdout, errors to stderr; exit code 0 on
/// success, 1 on an error, 2 on a usage mistake.
/// </summary>
public static class AdminCli
{
    public const string Usage = """
        usage: AnnotateHub.Web admin <command> [options]

          create-user      --email E --name N [--password P]   create an account (a password is generated when none is given)
          create-workspace --name W                            create a workspace; prints its id on the last line
          add-member       --workspace ID --email E --role R   add or change a member; R = viewer|reviewer|moderator|admin
          issue-token      --email E [--expires-days D] [--name N]
                                                               issue a personal access token; prints only the token
          list-users                                           list accounts
          list-workspaces                                      list workspaces with their members
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            await stdout.WriteLineAsync(Usage + AdminReports.Usage + AdminRestore.Usage + AdminAudit.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        Dictionary<string, string> options;
        try
        {
            options = ParseOptions(args.Skip(1).ToArray());
        }
        catch (UsageException usage)
        {
            await stderr.WriteLineAsync($"error: {usage.Message}\n\n{Usage}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        try
        {
            return args[0] switch
            {
                "create-user" => await CreateUserAsync(sp, options, stdout, stderr),
                "create-workspace" => await CreateWorkspaceAsync(sp, options, stdout),
                "add-member" => await AddMemberAsync(sp, options, stdout, stderr),
                "issue-token" => await IssueTokenAsync(sp, options, stdout, stderr),
                "list-users" => await ListUsersAsync(sp, stdout),
                "list-workspaces" => await ListWorkspacesAsync(sp, stdout),
                "import" => await AdminReports.ImportAsync(sp, options, stdout, stderr),
                "report" => await AdminReports.ReportAsync(sp, options, stdout, stderr),
                "restore" => await AdminRestore.RestoreAsync(sp, options, stdout, stderr),
                "verify" => await AdminAudit.VerifyAsync(sp, options, stdout, stderr),
                _ => throw new UsageException($"unknown command '{args[0]}'."),
            };
        }
        catch (UsageException usage)
        {
            await stderr.WriteLineAsync($"error: {usage.Message}\n\n{Usage}");
            return 2;
        }
        catch (DomainException domain)
        {
            await stderr.WriteLineAsync($"error: {domain.Message}");
            return 1;
        }
    }

    private static async Task<int> CreateUserAsync(IServiceProvider sp, Dictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        var email = Required(options, "email");
        var name = Required(options, "name");
        options.TryGetValue("password", out var password);
        var result = await sp.GetRequiredService<AccountService>().CreateUserAsync(email, name, password);
        if (!result.Succeeded)
        {
            await stderr.WriteLineAsync($"error: could not create {email}:");
            foreach (var error in result.Errors)
            {
                await stderr.WriteLineAsync($"  - {error}");
            }

            await stderr.WriteLineAsync("Fix the above and run the command again.");
            return 1;
        }

        var created = result.Value!;
        await stdout.WriteLineAsync($"created user {created.User.Email} ({created.User.DisplayName}) with id {created.User.Id}");
        if (created.GeneratedPassword is { } generated)
        {
            await stdout.WriteLineAsync($"password: {generated}");
            await stdout.WriteLineAsync("(shown only now: pass it on securely)");
        }

        return 0;
    }

    private static async Task<int> CreateWorkspaceAsync(IServiceProvider sp, Dictionary<string, string> options, TextWriter stdout)
    {
        var name = Required(options, "name");
        var id = NewWorkspaceId();
        var workspace = await sp.GetRequiredService<WorkspaceService>().CreateAsync(id, name, "admin-cli");
        await stdout.WriteLineAsync($"created workspace \"{workspace.Name}\"; add members with: admin add-member --workspace {id} --email <E> --role admin");
        await stdout.WriteLineAsync(id);
        return 0;
    }

    private static async Task<int> AddMemberAsync(IServiceProvider sp, Dictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        var workspaceId = Required(options, "workspace");
        var email = Required(options, "email");
        var roleName = Required(options, "role");
        if (!WorkspaceRoles.TryParse(roleName, out var role))
        {
            await stderr.WriteLineAsync($"error: unknown role '{roleName}'. Use one of: viewer, reviewer, moderator, admin.");
            return 1;
        }

        var workspace = await sp.GetRequiredService<WorkspaceService>().GetAsync(workspaceId);
        if (!workspace.Exists)
        {
            await stderr.WriteLineAsync($"error: there is no workspace '{workspaceId}'. List them with: admin list-workspaces");
            return 1;
        }

        var user = await sp.GetRequiredService<AccountService>().FindByEmailAsync(email);
        if (user is null)
        {
            await stderr.WriteLineAsync($"error: there is no user with email {email}. Create one with: admin create-user --email {email} --name <N>");
            return 1;
        }

        await sp.GetRequiredService<MembershipService>().SetRoleAsync(workspaceId, user.Id, role);
        await stdout.WriteLineAsync($"{email} is now {role.WireName()} of \"{workspace.Name}\" ({workspaceId})");
        return 0;
    }

    private static async Task<int> IssueTokenAsync(IServiceProvider sp, Dictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        var email = Required(options, "email");
        DateTimeOffset? expires = null;
        if (options.TryGetValue("expires-days", out var days))
        {
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 3650)
            {
                await stderr.WriteLineAsync("error: --expires-days takes a whole number of days from 1 to 3650.");
                return 2;
            }

            expires = sp.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(n);
        }

        var user = await sp.GetRequiredService<AccountService>().FindByEmailAsync(email);
        if (user is null)
        {
            await stderr.WriteLineAsync($"error: there is no user with email {email}. Create one with: admin create-user --email {email} --name <N>");
            return 1;
        }

        var name = options.GetValueOrDefault("name") ?? "issued by admin CLI";
        var issued = await sp.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, name, expires);
        await stdout.WriteLineAsync(issued.Secret);
        return 0;
    }

    private static async Task<int> ListUsersAsync(IServiceProvider sp, TextWriter stdout)
    {
        foreach (var user in await sp.GetRequiredService<AccountService>().ListUsersAsync())
        {
            await stdout.WriteLineAsync($"{user.Id}\t{user.Email}\t{user.DisplayName}");
        }

        return 0;
    }

    private static async Task<int> ListWorkspacesAsync(IServiceProvider sp, TextWriter stdout)
    {
        var workspaces = sp.GetRequiredService<WorkspaceService>();
        var memberships = sp.GetRequiredService<MembershipService>();
        foreach (var entry in await workspaces.ListAsync())
        {
            var members = await memberships.ListForWorkspaceAsync(entry.Id);
            await stdout.WriteLineAsync($"{entry.Id}\t{entry.Name}\t{members.Count} member(s)");
        }

        return 0;
    }

    private static string NewWorkspaceId()
    {
        const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        return "ws-" + string.Create(10, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new UsageException($"--{name} is required.");

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"--{name} needs a value.");
            }

            options[name] = args[++i];
        }

        return options;
    }

    private sealed class UsageException(string message) : Exception(message);
}
