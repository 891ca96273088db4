namespace AnnotateHub.Domain;

/// <summary>The metric of a Krippendorff's alpha: how far apart two values are.</summary>
public enum MeasurementLevel
{
    /// <summary>Values are categories: any two different values disagree equally.</summary>
    Nominal,

    /// <summary>Values are ranks: the distance between two values grows with how many values lie between them.</summary>
    Ordinal,

    /// <summary>Values are numbers: the distance is their squared difference.</summary>
    Interval,
}

/// <summary>
/// Krippendorff's alpha for any number of coders, with missing values, computed as in K. Krippendorff, "Computing
/// Krippendorff's Alpha-Reliability" (2011): the coincidence matrix of pairable values, then
/// <c>alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)</c>.
/// </summary>
public static class Krippendorff
{
    /// <summary>
    /// Alpha over <paramref name="units"/>, each the values coders gave one unit (missing values left out). Units with
    /// fewer than two values are not pairable and are ignored.
    /// </summary>
    /// <returns>Alpha, or null when it is undefined: fewer than two pairable values, or no variation at all (every value the same).</returns>
    public static double? Alpha(IEnumerable<IReadOnlyList<int>> units, MeasurementLevel level)
    {
        ArgumentNullException.ThrowIfNull(units);
        var pairable = units.Where(u => u.Count >= 2).ToList();
        var values = pairable.SelectMany(u => u).Distinct().Order().ToArray();
        if (values.Length == 0)
        {
            return null;
        }

        var index = new Dictionary<int, int>();
        for (var i = 0; i < values.Length; i++)
        {
            index[values[i]] = i;
        }

        // o[c, k]: each ordered pair of values within a unit (two different coders) adds 1 / (m_u - 1).
        var size = values.Length;
        var coincidences = new double[size, size];
        foreach (var unit in pairable)
        {
            var weight = 1.0 / (unit.Count - 1);
            for (var i = 0; i < unit.Count; i++)
            {
                for (var j = 0; j < unit.Count; j++)
                {
                    if (i != j)
                    {
                        coincidences[index[unit[i]], index[unit[j]]] += weight;
                    }
                }
            }
        }

        var marginals = new double[size];
        for (var c = 0; c < size; c++)
        {
            for (var k = 0; k < size; k++)
            {
                marginals[c] += coincidences[c, k];
            }
        }

        var n = marginals.Sum();
        double observed = 0, expected = 0;
        for (var c = 0; c < size; c++)
        {
            for (var k = 0; k < size; k++)
            {
                var distance = Distance(values, marginals, c, k, level);
                observed += coincidences[c, k] * distance;
                expected += marginals[c] * marginals[k] * distance;
            }
        }

        return expected == 0 ? null : 1 - ((n - 1) * observed / expected);
    }

    /// <summary>The squared distance between the <paramref name="c"/>-th and <paramref name="k"/>-th values (the paper's delta²).</summary>
    private static double Distance(int[] values, double[] marginals, int c, int k, MeasurementLevel level)
    {
        if (c == k)
        {
            return 0;
        }

        switch (level)
        {
            case MeasurementLevel.Nominal:
                return 1;
            case MeasurementLevel.Interval:
                double difference = values[c] - values[k];
                return difference * difference;
            case MeasurementLevel.Ordinal:
                var (low, high) = c < k ? (c, k) : (k, c);
                double between = 0;
                for (var g = low; g <= high; g++)
                {
                    between += marginals[g];
                }

                var ordinal = between - ((marginals[c] + marginals[k]) / 2);
                return ordinal * ordinal;
            default:
                throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown measurement level.");
        }
    }
}
