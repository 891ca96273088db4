using System.Collections.Immutable;

namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenDocument_WhenReviewerHighlightsAQuote_ThenAnnotationCreatedCarriesTheResolvedTarget()
    {
        var state = Given(Create());

        var created = ThenSingle<AnnotationCreated>(state, When(state, Claim(by: Bob)), Bob);

        Assert.Equal("c1", created.AnnotationId);
        Assert.Equal(AnnotationKind.Claim, created.Kind);
        Assert.Equal("fell to 3.5 percent", created.Target.Quote.Exact);
        Assert.Equal("The unemployment rate ", created.Target.Quote.Prefix);
        Assert.Equal(" in 2019, the lowest in fifty ye", created.Target.Quote.Suffix);
        Assert.Equal(new TextPositionSelector(22, 41), created.Target.Position);
        Assert.Equal("Check against BLS data.", created.Body);
    }

    [Fact]
    public void GivenDocument_WhenHighlighted_ThenAnnotationIsAnOpenClaimByTheAuthor()
    {
        var state = Given(Create());

        state = Then(state, When(state, Claim(by: Bob)));

        var annotation = AnnotationOf(state);
        Assert.Equal("bob", annotation.AuthorId);
        Assert.Equal(Now, annotation.CreatedAt);
        Assert.Equal(ClaimStatus.Open, annotation.Status);
        Assert.False(annotation.Deleted);
        Assert.Empty(annotation.Votes);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void GivenTextWithEmoji_WhenHighlightingByPosition_ThenOffsetsAreCodePointsAndContextIsFilled()
    {
        var state = Given(Create());
        var start = state.TextIndex.ToCodePointOffset(Text.IndexOf("during", StringComparison.Ordinal));
        var command = new Highlight(Bob, "q1", AnnotationKind.Question, TargetSpec.ForPosition(start, start + 6));

        var created = ThenSingle<AnnotationCreated>(state, When(state, command), Bob);

        Assert.Equal("during", created.Target.Quote.Exact);
        Assert.EndsWith("2020 👍🏽 ", created.Target.Quote.Prefix, StringComparison.Ordinal);
        Assert.Equal(TargetResolver.ContextLength, TextIndex.CountCodePoints(created.Target.Quote.Prefix));
        Assert.Equal(" the pandemic.", created.Target.Quote.Suffix);
        Assert.Equal(Text.IndexOf("during", StringComparison.Ordinal) - 2, start); // the emoji is 4 UTF-16 units, 2 code points
    }

    [Fact]
    public void GivenDocument_WhenTagsRepeatWithDifferentCase_ThenTagsAreTrimmedDeduplicatedInOrder()
    {
        var state = Given(Create());
        var command = Claim(tags: ["  economy ", "Jobs", "ECONOMY", "jobs", "statistics"]);

        var created = ThenSingle<AnnotationCreated>(state, When(state, command), Alice);

        Assert.Equal<string>(["economy", "Jobs", "statistics"], created.Tags);
    }

    [Fact]
    public void GivenDocument_WhenMoreThan20DistinctTags_ThenTooManyTags()
    {
        var state = Given(Create());
        var tags = Enumerable.Range(0, 21).Select(i => $"tag{i}").ToImmutableArray();

        ThenRejected(When(state, Claim(tags: tags)), DomainErrorKind.Invalid, ErrorCodes.TooManyTags);
        Assert.True(When(state, Claim(tags: tags.Add("TAG0").RemoveAt(20))).IsAccepted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("two\nlines")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")] // 51
    public void GivenDocument_WhenATagIsEmptyTooLongOrMultiline_ThenTagInvalid(string tag)
    {
        var state = Given(Create());

        ThenRejected(When(state, Claim(tags: ["ok", tag])), DomainErrorKind.Invalid, ErrorCodes.TagInvalid);
    }

    [Fact]
    public void GivenDocument_WhenBodyIsLongerThanTheLimit_ThenTooLarge()
    {
        var state = Given(Create());
        var command = Claim() with { Body = new string('b', 20_001) };

        ThenRejected(When(state, command), DomainErrorKind.TooLarge, ErrorCodes.BodyTooLarge);
        Assert.True(When(state, command with { Body = new string('b', 20_000) }).IsAccepted);
    }

    [Fact]
    public void GivenDocument_WhenQuoteDoesNotOccur_ThenQuoteNotFound()
    {
        var state = Given(Create());

        ThenRejected(When(state, Claim(exact: "rose to 9 percent")), DomainErrorKind.Invalid, ErrorCodes.QuoteNotFound);
    }

    [Fact]
    public void GivenDocument_WhenQuoteOccursThreeTimes_ThenAmbiguousWithMatchCount()
    {
        var state = Given(Create());

        var error3 = ThenRejected(When(state, Claim(exact: "rate")), DomainErrorKind.Invalid, ErrorCodes.QuoteAmbiguous);
        Assert.Equal(3, Assert.IsType<QuoteAmbiguousError>(error3).MatchCount);
        Assert.Contains("3 matches", error3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenDocument_WhenAnnotationIdIsTaken_ThenConflictEvenIfDeleted()
    {
        var state = Given(Create(), Claim(), new DeleteAnnotation(Alice, "c1"));

        ThenRejected(When(state, Claim(exact: "fifty years")), DomainErrorKind.Conflict, ErrorCodes.AnnotationExists);
    }

    [Fact]
    public void GivenDocument_WhenViewerHighlights_ThenForbidden()
    {
        var state = Given(Create());

        ThenRejected(When(state, Claim(by: Vic)), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenDocument_WhenKindIsUndefined_ThenInvalid()
    {
        var state = Given(Create());

        ThenRejected(When(state, Claim() with { Kind = (AnnotationKind)42 }), DomainErrorKind.Invalid, ErrorCodes.ValueUnknown);
    }

    [Fact]
    public void GivenDocument_WhenTargetIsMissingOrEmpty_ThenInvalid()
    {
        var state = Given(Create());

        ThenRejected(When(state, Claim() with { Target = null! }), DomainErrorKind.Invalid, ErrorCodes.QuoteEmpty);
        ThenRejected(When(state, Claim(exact: "")), DomainErrorKind.Invalid, ErrorCodes.QuoteEmpty);
        ThenRejected(When(state, Claim() with { Target = TargetSpec.ForPosition(5, 5) }), DomainErrorKind.Invalid, ErrorCodes.RangeEmpty);
        ThenRejected(When(state, Claim() with { Target = TargetSpec.ForPosition(0, 10_000) }), DomainErrorKind.Invalid, ErrorCodes.RangeOutOfBounds);
    }
}
