using System.Text.Json;

namespace AnnotateHub.Domain.Tests;

public sealed class VerdictsTests
{
    [Theory]
    [InlineData(Verdict.True, "true", "True", 5)]
    [InlineData(Verdict.MostlyTrue, "mostly-true", "Mostly true", 4)]
    [InlineData(Verdict.Mixed, "mixed", "Mixed", 3)]
    [InlineData(Verdict.MostlyFalse, "mostly-false", "Mostly false", 2)]
    [InlineData(Verdict.False, "false", "False", 1)]
    [InlineData(Verdict.Unproven, "unproven", "Unproven", null)]
    public void GivenAVerdict_ThenWireNameLabelAndRatingFollowTheScale(Verdict verdict, string wireName, string label, int? rating)
    {
        Assert.Equal(wireName, verdict.WireName());
        Assert.Equal(label, verdict.Label());
        Assert.Equal(rating, verdict.RatingValue());
        Assert.Equal(verdict, Verdicts.Parse(wireName).Value);
        Assert.Equal($"\"{wireName}\"", JsonSerializer.Serialize(verdict));
        Assert.Equal(verdict, JsonSerializer.Deserialize<Verdict>($"\"{wireName}\""));
    }

    [Theory]
    [InlineData("MOSTLY-TRUE", Verdict.MostlyTrue)]
    [InlineData(" False ", Verdict.False)]
    [InlineData("Unproven", Verdict.Unproven)]
    public void GivenAWireNameInAnyCase_WhenParsed_ThenTheVerdict(string value, Verdict expected)
    {
        Assert.Equal(expected, Verdicts.Parse(value).Value);
    }

    [Theory]
    [InlineData("mostly true")]
    [InlineData("MostlyTrue")]
    [InlineData("pants-on-fire")]
    [InlineData("")]
    [InlineData(null)]
    public void GivenAnUnknownName_WhenParsed_ThenVerdictUnknownListingTheValidNames(string? value)
    {
        var result = Verdicts.Parse(value);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.VerdictUnknown, result.Error.Code);
        Assert.Equal(DomainErrorKind.Invalid, result.Error.Kind);
        Assert.Contains("true, mostly-true, mixed, mostly-false, false, unproven", result.Error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Fact]
    public void GivenTheScale_ThenAllListsBestToWorstThenUnprovenWithRatingBounds()
    {
        Assert.Equal([5, 4, 3, 2, 1, null], Verdicts.All.Select(v => v.RatingValue()));
        Assert.Equal((5, 1), (Verdicts.BestRating, Verdicts.WorstRating));
    }

    [Fact]
    public void GivenTheOtherEnums_ThenWireNamesParseBackAndSerialiseAsJsonStrings()
    {
        Assert.Equal(["claim", "comment", "question"], Enum.GetValues<AnnotationKind>().Select(k => k.WireName()));
        Assert.Equal(["open", "consensus", "disputed", "resolved"], Enum.GetValues<ClaimStatus>().Select(s => s.WireName()));
        Assert.Equal(["supports", "refutes", "context"], Enum.GetValues<SourceStance>().Select(s => s.WireName()));
        Assert.Equal(["viewer", "reviewer", "moderator", "admin"], Enum.GetValues<WorkspaceRole>().Select(r => r.WireName()));
        Assert.True(DomainEnums.TryParse("Question", out AnnotationKind kind) && kind == AnnotationKind.Question);
        Assert.True(DomainEnums.TryParse("DISPUTED", out ClaimStatus status) && status == ClaimStatus.Disputed);
        Assert.True(DomainEnums.TryParse("refutes", out SourceStance stance) && stance == SourceStance.Refutes);
        Assert.True(WorkspaceRoles.TryParse("Admin", out var role) && role == WorkspaceRole.Admin);
        Assert.False(DomainEnums.TryParse("note", out AnnotationKind _));
        Assert.Equal("\"mostly-false\"", JsonSerializer.Serialize(Verdict.MostlyFalse));
        Assert.Equal("\"question\"", JsonSerializer.Serialize(AnnotationKind.Question));
        Assert.Equal("\"consensus\"", JsonSerializer.Serialize(ClaimStatus.Consensus));
        Assert.Equal("\"moderator\"", JsonSerializer.Serialize(WorkspaceRole.Moderator));
    }
}
