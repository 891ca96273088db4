using System.Globalization;
using CsvHelper;

namespace AnnotateHub.Reports.Tests;

public sealed class CsvReportTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    private static List<string[]> Read(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        }

        return rows;
    }

    [Fact]
    public void GivenTheWorkspace_WhenExported_ThenThereIsAHeaderAndOneRowPerLiveClaim()
    {
        var rows = Read(CsvReport.Render(Sample.WorkspaceContext()));

        Assert.Equal(CsvReport.Columns, rows[0]);
        Assert.Equal(["c-growth", "c-cjk", "c-schools", "c-crime", "c-wait", "c-grew"], rows.Skip(1).Select(r => r[3]).ToArray());
        Assert.All(rows, r => Assert.Equal(CsvReport.Columns.Count, r.Length));
    }

    [Fact]
    public void GivenFormulaLikeUserText_WhenExported_ThenNoCellStartsWithAFormulaCharacter()
    {
        var rows = Read(CsvReport.Render(Sample.WorkspaceContext()));

        foreach (var cell in rows.SelectMany(r => r))
        {
            Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r', $"The cell \"{cell}\" would be evaluated by a spreadsheet.");
        }

        var schools = rows.Single(r => r[3] == "c-schools");
        Assert.Equal("'" + SampleWorkspace.Formula + " more funding than ever 🎓", schools[4]);
        Assert.Equal("'-2+3 @SUM(A1) " + SampleWorkspace.Formula, schools[21]);
        Assert.Equal("'=cmd|' /C calc'!A0; @risk; +plus; -minus", schools[18]);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("a=1", "a=1")]
    [InlineData("", "")]
    public void GivenACell_WhenNeutralised_ThenOnlyFormulaStartsArePrefixed(string cell, string expected)
    {
        Assert.Equal(expected, CsvReport.Neutralize(cell));
    }

    [Fact]
    public void GivenAResolvedClaim_WhenExported_ThenItsVerdictRulingAndMinorityAreInTheRow()
    {
        var row = Read(CsvReport.Render(Sample.WorkspaceContext())).Single(r => r.Length > 3 && r[3] == "c-growth");
        Assert.Equal("resolved", row[7]);
        Assert.Equal("mostly-false", row[8]);
        Assert.Equal("Mostly false", row[9]);
        Assert.Equal("2", row[10]);
        Assert.Equal("2026-11-21T09:10:00Z", row[11]);
        Assert.Equal("Mo Derator", row[12]);
        Assert.Equal("Ana Lima: False", row[16]);
    }
}
