namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    private static readonly TextTarget OtherPassage =
        new(new TextQuoteSelector("3.5 percent", "rate was ", " in"), new TextPositionSelector(120, 131));

    [Fact]
    public void GivenClaim_WhenReviewerAttachesAUrlSource_ThenSourceIsRecordedWithStance()
    {
        var state = Given(Create(), Claim());
        var command = new AttachSource(Bob, "c1", "s1", "  BLS table A-1 ", SourceStance.Refutes, " https://www.bls.gov/cps/ ", "3.6 percent", "Seasonally adjusted.");

        var attached = ThenSingle<SourceAttached>(state, When(state, command), Bob);
        state = Then(state, Decision.Accept(attached));

        var source = Assert.Single(AnnotationOf(state).Sources);
        Assert.Equal("s1", source.Id);
        Assert.Equal("BLS table A-1", source.Title);
        Assert.Equal(SourceStance.Refutes, source.Stance);
        Assert.Equal("https://www.bls.gov/cps/", source.Url);
        Assert.Equal("3.6 percent", source.Quote);
        Assert.Equal("Seasonally adjusted.", source.Note);
        Assert.Equal("bob", source.AddedBy);
        Assert.Equal(Now, source.AddedAt);
        Assert.False(source.IsPassage());
    }

    [Fact]
    public void GivenClaim_WhenAttachingAPassageOfAnotherDocument_ThenLinkIsRecorded()
    {
        var state = Given(Create(), Claim());
        var command = new AttachSource(Bob, "c1", "s1", "Fed minutes", SourceStance.Supports, LinkedDocumentId: "doc-2", LinkedTarget: OtherPassage);

        state = Then(state, When(state, command));

        var source = Assert.Single(AnnotationOf(state).Sources);
        Assert.True(source.IsPassage());
        Assert.Equal("doc-2", source.LinkedDocumentId);
        Assert.Equal(OtherPassage, source.LinkedTarget);
        Assert.Null(source.Url);
    }

    [Fact]
    public void GivenClaim_WhenSourceHasBothUrlAndPassage_ThenInvalid()
    {
        var state = Given(Create(), Claim());
        var command = UrlSource() with { LinkedDocumentId = "doc-2", LinkedTarget = OtherPassage };

        ThenRejected(When(state, command), DomainErrorKind.Invalid, ErrorCodes.SourceLocationInvalid);
    }

    [Fact]
    public void GivenClaim_WhenSourceHasNeitherUrlNorPassage_ThenInvalid()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, UrlSource() with { Url = null }), DomainErrorKind.Invalid, ErrorCodes.SourceLocationInvalid);
    }

    [Fact]
    public void GivenClaim_WhenPassageSourceLacksItsTargetOrDocument_ThenInvalid()
    {
        var state = Given(Create(), Claim());
        var noTarget = new AttachSource(Bob, "c1", "s1", "Fed", SourceStance.Context, LinkedDocumentId: "doc-2");
        var noDocument = new AttachSource(Bob, "c1", "s1", "Fed", SourceStance.Context, LinkedTarget: OtherPassage);
        var emptyTarget = noTarget with { LinkedTarget = new TextTarget(new TextQuoteSelector("", "", ""), new TextPositionSelector(3, 3)) };

        ThenRejected(When(state, noTarget), DomainErrorKind.Invalid, ErrorCodes.SourceLocationInvalid);
        ThenRejected(When(state, noDocument), DomainErrorKind.Invalid, ErrorCodes.SourceLocationInvalid);
        ThenRejected(When(state, emptyTarget), DomainErrorKind.Invalid, ErrorCodes.SourceLocationInvalid);
    }

    [Theory]
    [InlineData("www.bls.gov/cps")]
    [InlineData("mailto:press@bls.gov")]
    [InlineData("file:///etc/passwd")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    public void GivenClaim_WhenSourceUrlIsNotAbsoluteHttp_ThenUrlInvalid(string url)
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, UrlSource() with { Url = url }), DomainErrorKind.Invalid, ErrorCodes.UrlInvalid);
    }

    [Fact]
    public void GivenClaim_WhenSourceTitleIsBlankOrTooLong_ThenInvalid()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, UrlSource() with { Title = " " }), DomainErrorKind.Invalid, ErrorCodes.SourceTitleRequired);
        ThenRejected(When(state, UrlSource() with { Title = new string('t', 301) }), DomainErrorKind.Invalid, ErrorCodes.SourceTitleTooLong);
    }

    [Fact]
    public void GivenAttachedSource_WhenAnotherUsesItsId_ThenConflict()
    {
        var state = Given(Create(), Claim(), UrlSource());

        ThenRejected(When(state, UrlSource(by: Bob)), DomainErrorKind.Conflict, ErrorCodes.SourceExists);
    }

    [Fact]
    public void GivenClaim_WhenViewerAttachesSource_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, UrlSource(by: Vic)), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenComment_WhenSourceAttached_ThenAccepted()
    {
        var state = Given(Create(), Comment());

        ThenSingle<SourceAttached>(state, When(state, UrlSource(annotationId: "n1")), Alice);
    }

    [Fact]
    public void GivenClaim_WhenSourceStanceIsUndefined_ThenInvalid()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, UrlSource() with { Stance = (SourceStance)9 }), DomainErrorKind.Invalid, ErrorCodes.ValueUnknown);
    }
}
