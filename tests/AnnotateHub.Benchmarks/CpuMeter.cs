using System.Globalization;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// CPU time from /proc (Linux): of given processes, of a PostgreSQL server (its postmaster and every backend), and of the
/// whole machine, so a figure can say where the cores went. Where /proc cannot be read, the readings are zero.
/// </summary>
public static class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ: the unit of /proc's CPU times on Linux

    /// <summary>CPU seconds a process has used (user + system), or 0 when it cannot be read.</summary>
    public static double ProcessSeconds(int pid) => Fields(pid) is { } f ? (f[11] + f[12]) / TicksPerSecond : 0;

    /// <summary>
    /// CPU seconds of a PostgreSQL server: the postmaster, its live children (backends, writers) and the children it
    /// has reaped (connections closed meanwhile).
    /// </summary>
    public static double ServerSeconds(int postmaster)
    {
        if (Fields(postmaster) is not { } own)
        {
            return 0;
        }

        var ticks = own[11] + own[12] + own[13] + own[14];
        foreach (var pid in Processes())
        {
            if (pid != postmaster && Fields(pid) is { } child && child[1] == postmaster)
            {
                ticks += child[11] + child[12];
            }
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>The machine's busy and total CPU seconds summed over all cores (/proc/stat), or zeros.</summary>
    public static (double Busy, double Total) MachineSeconds()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + values[4]; // idle + iowait
            var total = values.Sum();
            return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }

    /// <summary>/proc/PID/stat's fields after the command name (index 0 = state, 1 = ppid, 11 = utime, 12 = stime, 13 = cutime, 14 = cstime).</summary>
    private static long[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var fields = new long[15];
            for (var i = 1; i < fields.Length; i++)
            {
                fields[i] = long.Parse(afterName[i], CultureInfo.InvariantCulture);
            }

            return fields;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static IEnumerable<int> Processes()
    {
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var folder in folders)
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }
}
