using System.Globalization;

namespace AnnotateHub.Benchmarks;

/// <summary>One printed figure: a value, its unit and (when there is one) the baseline measured in the same run.</summary>
public sealed record Figure(string Name, double Value, string Unit, double? Baseline = null, string? Note = null)
{
    public double? Ratio => Baseline is { } b && b != 0 ? Value / b : null;

    public override string ToString()
    {
        var line = $"{Name} value={Format(Value)} unit={Unit} baseline={(Baseline is { } b ? Format(b) : "-")} ratio={(Ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "-")}";
        return Note is null ? line : line + "  # " + Note;
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 100
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
}

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> samples, double percentile)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.OrderBy(x => x).ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
