using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace AnnotateHub.Benchmarks;

/// <summary>The header: what the numbers were measured on.</summary>
public static class MachineInfo
{
    public static IEnumerable<string> Header(BenchmarkRun run)
    {
        var build =
#if DEBUG
            "Debug (numbers are meaningless: use -c Release)";
#else
            "Release";
#endif
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        yield return $"# AnnotateHub benchmarks  mode={run.Mode}  started={DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z";
        yield return $"# machine: {Environment.ProcessorCount} cores, {CpuModel()}, {memory:0.0} GiB, {RuntimeInformation.OSDescription.Trim()} ({RuntimeInformation.OSArchitecture})";
        var gc = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Interactive ? ", concurrent" : $", {GCSettings.LatencyMode}");
        yield return $"# {RuntimeInformation.FrameworkDescription}, {build} build, GC {gc}, Stopwatch tick {1e9 / Stopwatch.Frequency:0.#} ns";
        yield return $"# temp files: {run.Folder} ({FileSystemOf(run.Folder)}); SQLite synchronous=FULL, WAL";
        yield return "# shared, noisy machine: compare ratios (value/baseline, both measured in this run), not absolute numbers";
    }

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The file system type of the mount that holds <paramref name="path"/> (Linux), e.g. ext4 or tmpfs.</summary>
    private static string FileSystemOf(string path)
    {
        try
        {
            if (!File.Exists("/proc/mounts"))
            {
                return "file system unknown";
            }

            var best = (Mount: "", Type: "unknown");
            foreach (var line in File.ReadLines("/proc/mounts"))
            {
                var parts = line.Split(' ');
                if (parts.Length < 3)
                {
                    continue;
                }

                var mount = parts[1];
                var prefix = mount.EndsWith('/') ? mount : mount + "/";
                if ((path == mount || path.StartsWith(prefix, StringComparison.Ordinal)) && mount.Length >= best.Mount.Length)
                {
                    best = (mount, parts[2]);
                }
            }

            return $"{best.Type} at {best.Mount}";
        }
        catch (IOException)
        {
            return "file system unknown";
        }
    }
}
