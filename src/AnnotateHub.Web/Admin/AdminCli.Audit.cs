using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Admin;

/// <summary>
/// <c>admin verify</c>: checks a workspace's audit trail (every document's hash chain, and the workspace's chain of sealed
/// document heads) and, when intact, seals the current heads. Prints "intact" or the first broken link. Exit code 0 when
/// intact, 3 when broken, 1 on an error, 2 on a usage mistake.
/// </summary>
public static class AdminAudit
{
    public const string Usage = """
          verify           --workspace ID [--seal yes|no]              verify the workspace's audit trail: prints "intact" or the
                                                               first broken link (document, version); exit code 3 when broken.
                                                               When intact, seals the current document heads (--seal no: only check)
        """;

    public const int BrokenExitCode = 3;

    public static async Task<int> VerifyAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        if (!options.TryGetValue("workspace", out var workspaceId) || string.IsNullOrWhiteSpace(workspaceId))
        {
            await stderr.WriteLineAsync($"error: --workspace is required.\n\n{AdminCli.Usage}{Usage}");
            return 2;
        }

        var sealOption = options.GetValueOrDefault("seal", "yes");
        if (sealOption is not ("yes" or "no"))
        {
            await stderr.WriteLineAsync($"error: --seal takes yes or no, not '{sealOption}'.\n\n{AdminCli.Usage}{Usage}");
            return 2;
        }

        var workspace = await sp.GetRequiredService<WorkspaceService>().GetAsync(workspaceId);
        if (!workspace.Exists)
        {
            await stderr.WriteLineAsync($"error: there is no workspace '{workspaceId}'. List them with: admin list-workspaces");
            return 1;
        }

        var result = await sp.GetRequiredService<AuditService>().VerifyAsync(workspaceId, sealOption == "yes", "admin-cli");
        await stdout.WriteLineAsync($"checked {result.Documents} document(s), {result.Events:N0} event(s)"
            + (result.CheckedAgainstSealAt is { } at ? $", against the seal of {at:u}" : ", no earlier seal"));
        if (result.Sealed)
        {
            await stdout.WriteLineAsync($"sealed the current heads (seal {result.Seals})");
        }

        await stdout.WriteLineAsync(result.Summary);
        return result.Intact ? 0 : BrokenExitCode;
    }
}
