using System.Reflection;
using System.Text;

namespace AnnotateHub.Reports.Tests;

/// <summary>
/// Golden-file comparison. The files live in the source tree (Golden/); run the tests with UPDATE_GOLDEN=1 to rewrite
/// them from the current output, then review the diff before committing.
/// </summary>
internal static class Golden
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public static string Folder { get; } = typeof(Golden).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GoldenDirectory").Value!;

    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        if (Updating)
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, actual, Utf8);
            return;
        }

        Assert.True(File.Exists(path), $"The golden file {path} is missing: run the tests with UPDATE_GOLDEN=1 to create it, and review it.");
        var expected = File.ReadAllText(path, Utf8);
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        Assert.Fail(
            $"{name} differs from its golden file at line {line + 1}:\n" +
            $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "(end of file)")}\n" +
            $"  actual:   {(line < actualLines.Length ? actualLines[line] : "(end of file)")}\n" +
            "If the change is intended, run the tests with UPDATE_GOLDEN=1 and review the diff of Golden/.");
    }
}
