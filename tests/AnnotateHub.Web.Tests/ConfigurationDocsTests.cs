using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// README's configuration table and <c>src/AnnotateHub.Web/appsettings.json</c> cannot drift apart: every key the table
/// documents is in the file, with the default the table gives.
/// </summary>
public sealed partial class ConfigurationDocsTests
{
    [Fact]
    public void GivenReadmesConfigurationTable_ThenAppSettingsJsonHasEveryKeyWithItsDocumentedDefault()
    {
        var root = RepositoryRoot();
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "src", "AnnotateHub.Web", "appsettings.json")))!;
        var rows = ConfigurationRows(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.True(rows.Count >= 20, $"README's configuration table has only {rows.Count} rows");

        var checkedKeys = 0;
        var problems = new List<string>();
        foreach (var (keys, defaults) in rows)
        {
            // An environment variable of ASP.NET Core (ASPNETCORE_URLS) is not a setting of the file.
            foreach (var key in keys.Where(k => k.Contains(':', StringComparison.Ordinal)))
            {
                // A placeholder (Logging:LogLevel:<category>) stands for the section: it must be there and not empty.
                var path = key.Contains('<', StringComparison.Ordinal) ? key[..key.IndexOf(":<", StringComparison.Ordinal)] : key;
                var node = Find(settings, path, out var present);
                if (!present)
                {
                    problems.Add($"{key} is documented in README but missing from appsettings.json");
                    continue;
                }

                checkedKeys++;
                if (key.Contains('<', StringComparison.Ordinal))
                {
                    if (node is not JsonObject { Count: > 0 })
                    {
                        problems.Add($"{path} is empty in appsettings.json");
                    }

                    continue;
                }

                // A default given as one literal per key (or one for all of them) must be the file's value.
                var literals = defaults.Count == keys.Count ? defaults : defaults.Count == 1 ? Enumerable.Repeat(defaults[0], keys.Count).ToList() : null;
                if (literals is not null)
                {
                    var expected = literals[keys.IndexOf(key)];
                    var actual = node is null ? null : node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
                    if (actual != expected)
                    {
                        problems.Add($"{key}: README says the default is '{expected}', appsettings.json has '{actual}'");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(checkedKeys >= 25, $"only {checkedKeys} keys were checked");

        // Values the code reads as "not set" stay so: no site admin, no connection string (the data folder applies).
        Assert.Empty(settings["Security"]!["SiteAdmins"]!.AsArray());
        Assert.True(string.IsNullOrWhiteSpace(settings["ConnectionStrings"]!["AnnotateHub"]?.GetValue<string>()));
    }

    [Fact]
    public void GivenABuild_ThenAppSettingsJsonIsCopiedToTheOutput()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")), $"no appsettings.json in {AppContext.BaseDirectory}");
    }

    /// <summary>Each row of the table under "## Configuration": the keys in its first cell and the literals in its second.</summary>
    private static List<(List<string> Keys, List<string> Defaults)> ConfigurationRows(string readme)
    {
        var start = readme.IndexOf("\n## Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Configuration section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        var rows = new List<(List<string>, List<string>)>();
        foreach (var line in section.Split('\n'))
        {
            var cells = line.Split('|');
            if (cells.Length < 4 || !cells[1].Contains('`', StringComparison.Ordinal))
            {
                continue;
            }

            rows.Add((Code().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList(), Code().Matches(cells[2]).Select(m => m.Groups[1].Value).ToList()));
        }

        return rows;
    }

    private static JsonNode? Find(JsonNode root, string path, out bool present)
    {
        JsonNode? node = root;
        foreach (var part in path.Split(':'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node))
            {
                present = false;
                return null;
            }
        }

        present = true;
        return node;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "README.md")) && Directory.Exists(Path.Combine(folder.FullName, "src", "AnnotateHub.Web")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
