namespace AnnotateHub.Domain.Tests.Statistics;

/// <summary>
/// The worked example of K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011, section C): four observers
/// (A-D), twelve units, values 1-5 with missing values. The paper gives alpha = 0.743 nominal, 0.815 ordinal,
/// 0.849 interval.
/// </summary>
public sealed class KrippendorffTests
{
    private static readonly int?[][] Observers =
    [
        //        1     2  3  4  5  6  7  8  9    10    11    12
        /* A */ [1,    2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        /* B */ [1,    2, 3, 3, 2, 2, 4, 1, 2, 5,    null, 3],
        /* C */ [null, 3, 3, 3, 2, 3, 4, 2, 2, 5,    1,    null],
        /* D */ [1,    2, 3, 3, 2, 4, 4, 1, 2, 5,    1,    null],
    ];

    private static List<IReadOnlyList<int>> Units() =>
        Enumerable.Range(0, 12)
            .Select(unit => (IReadOnlyList<int>)Observers.Where(o => o[unit] is not null).Select(o => o[unit]!.Value).ToList())
            .ToList();

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743)]
    [InlineData(MeasurementLevel.Ordinal, 0.815)]
    [InlineData(MeasurementLevel.Interval, 0.849)]
    public void GivenKrippendorffsWorkedExample_WhenAlphaIsComputed_ThenItMatchesThePaperToThreeDecimals(MeasurementLevel level, double published)
    {
        var alpha = Krippendorff.Alpha(Units(), level);

        Assert.NotNull(alpha);
        Assert.Equal(published, Math.Round(alpha.Value, 3));
    }

    [Fact]
    public void GivenPerfectAgreementWithVariation_ThenAlphaIsOne()
    {
        Assert.Equal(1.0, Krippendorff.Alpha([[1, 1], [3, 3, 3], [5, 5]], MeasurementLevel.Ordinal));
    }

    [Fact]
    public void GivenNoPairableValuesOrNoVariation_ThenAlphaIsUndefined()
    {
        Assert.Null(Krippendorff.Alpha([[1], [2]], MeasurementLevel.Ordinal));
        Assert.Null(Krippendorff.Alpha([[4, 4], [4, 4, 4]], MeasurementLevel.Ordinal));
    }

    [Fact]
    public void GivenSystematicDisagreement_ThenAlphaIsNegative()
    {
        var alpha = Krippendorff.Alpha([[1, 5], [5, 1], [1, 5]], MeasurementLevel.Ordinal);

        Assert.NotNull(alpha);
        Assert.True(alpha < 0, $"alpha was {alpha}");
    }
}
