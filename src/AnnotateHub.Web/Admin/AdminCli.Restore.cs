using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Admin;

/// <summary>
/// <c>admin restore</c>: a workspace backup written into this server's database (<see cref="RestoreService"/>). Same
/// conventions as <see cref="AdminCli"/>: results on stdout, errors on stderr, exit code 0 on success, 1 on an error
/// (including a workspace or document that exists, and a running server that holds the database), 2 on a usage mistake.
/// </summary>
public static class AdminRestore
{
    public const string Usage = """
          restore          --file F [--admin-email E]          restore a workspace backup (report --format backup) into
                                                               this server; never overwrites; E becomes its admin (else
                                                               it has no members until add-member); prints the id last
        """;

    /// <summary><c>admin restore --file F [--admin-email E]</c>.</summary>
    public static async Task<int> RestoreAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        if (!options.TryGetValue("file", out var file) || string.IsNullOrWhiteSpace(file))
        {
            await stderr.WriteLineAsync($"error: --file is required.\n\n{AdminCli.Usage}{AdminReports.Usage}{Usage}");
            return 2;
        }

        var unknown = options.Keys.Where(k => k is not ("file" or "admin-email")).ToArray();
        if (unknown.Length > 0)
        {
            await stderr.WriteLineAsync($"error: restore does not take --{unknown[0]}.\n\n{AdminCli.Usage}{AdminReports.Usage}{Usage}");
            return 2;
        }

        if (!File.Exists(file))
        {
            await stderr.WriteLineAsync($"error: there is no file '{file}'. Check the path.");
            return 1;
        }

        // Resolving the service opens the store: a running server's lock is reported before the file is read.
        var restores = sp.GetRequiredService<RestoreService>();

        string? adminUserId = null;
        if (options.TryGetValue("admin-email", out var email) && !string.IsNullOrWhiteSpace(email))
        {
            var user = await sp.GetRequiredService<AccountService>().FindByEmailAsync(email.Trim());
            if (user is null)
            {
                await stderr.WriteLineAsync($"error: there is no user with email {email.Trim()}. Create one with: admin create-user --email {email.Trim()} --name <N>");
                return 1;
            }

            adminUserId = user.Id;
        }

        var length = new FileInfo(file).Length;
        if (length > WorkspaceBackup.MaxBytes)
        {
            await stderr.WriteLineAsync($"error: '{file}' is {length / (1024 * 1024):N0} MB; this version restores backups of up to {WorkspaceBackup.MaxBytes / (1024 * 1024):N0} MB.");
            return 1;
        }

        WorkspaceRestore restore;
        try
        {
            restore = WorkspaceBackup.Restore(await File.ReadAllBytesAsync(file));
        }
        catch (BackupFormatException e)
        {
            await stderr.WriteLineAsync($"error: '{file}' cannot be restored: {e.Message}");
            return 1;
        }

        RestoreResult result;
        try
        {
            result = await restores.RestoreAsync(restore, adminUserId);
        }
        catch (DomainException e)
        {
            await stderr.WriteLineAsync($"error: {e.Error.Message}");
            return 1;
        }

        var workspace = result.Workspace;
        await stdout.WriteLineAsync(
            $"restored workspace \"{workspace.Name}\" ({workspace.Id}): {result.Documents:N0} document(s), {result.Events:N0} event(s)" +
            (result.Resumed > 0 ? $", {result.Resumed:N0} of the documents already here from an interrupted restore" : string.Empty));
        await stdout.WriteLineAsync(email is { Length: > 0 } && adminUserId is not null
            ? $"{email.Trim()} is its admin"
            : $"it has no members yet: add them with: admin add-member --workspace {workspace.Id} --email <E> --role admin");
        await stdout.WriteLineAsync(workspace.Id);
        return 0;
    }
}
