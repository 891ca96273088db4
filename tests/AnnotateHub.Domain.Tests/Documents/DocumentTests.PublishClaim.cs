namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    private static DocumentState ResolvedClaim() =>
        Given(Create(), Claim(), Vote(Bob, Verdict.False), Vote(Carol, Verdict.MostlyFalse), new ResolveClaim(Mona, "c1", Verdict.False, "BLS table A-1."));

    [Fact]
    public void GivenResolvedClaim_WhenModeratorPublishes_ThenItIsPublicUnderASlugMadeFromTheHeadline()
    {
        var state = ResolvedClaim();

        var published = ThenSingle<ClaimPublished>(state, When(state, new PublishClaim(Mona, "c1", "  Unemployment did not fall to 3.5%\n", "The rate was 3.9 percent.", "Gov. Reed", new DateOnly(2025, 3, 1))), Mona);
        state = Then(state, Decision.Accept(published));

        var publication = AnnotationOf(state).Publication!;
        Assert.True(AnnotationOf(state).IsPublished());
        Assert.Equal("Unemployment did not fall to 3.5%", publication.Headline);
        Assert.Equal("The rate was 3.9 percent.", publication.Summary);
        Assert.Equal("Gov. Reed", publication.Claimant);
        Assert.Equal(new DateOnly(2025, 3, 1), publication.ClaimDate);
        Assert.StartsWith("unemployment-did-not-fall-to-3-5-", publication.Slug, StringComparison.Ordinal);
        Assert.True(PublicSlugs.IsWellFormed(publication.Slug));
        Assert.Equal(Now, publication.FirstPublishedAt);
    }

    [Fact]
    public void GivenDisputedClaim_WhenModeratorPublishes_ThenConflictNotResolved()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        ThenRejected(When(state, new PublishClaim(Mona, "c1", "Headline", "Summary")), DomainErrorKind.Conflict, ErrorCodes.ClaimNotResolved);
    }

    [Fact]
    public void GivenResolvedClaim_WhenReviewerPublishes_ThenForbidden()
    {
        var state = ResolvedClaim();

        ThenRejected(When(state, new PublishClaim(Bob, "c1", "Headline", "Summary")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
        ThenRejected(When(state, new UnpublishClaim(Bob, "c1")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Theory]
    [InlineData("", "Summary", ErrorCodes.HeadlineInvalid)]
    [InlineData("Headline", "  \n ", ErrorCodes.SummaryInvalid)]
    public void GivenResolvedClaim_WhenPublishedWithoutHeadlineOrSummary_ThenInvalid(string headline, string summary, string code)
    {
        ThenRejected(When(ResolvedClaim(), new PublishClaim(Mona, "c1", headline, summary)), DomainErrorKind.Invalid, code);
    }

    [Fact]
    public void GivenPublishedClaim_WhenUnpublishedAndPublishedAgainWithAnotherHeadline_ThenTheAddressStaysTheSame()
    {
        var state = ResolvedClaim();
        state = Then(state, When(state, new PublishClaim(Mona, "c1", "First headline", "Summary.")));
        var slug = AnnotationOf(state).Publication!.Slug;

        state = Then(state, When(state, new UnpublishClaim(Mona, "c1")));
        Assert.False(AnnotationOf(state).IsPublished());
        Assert.Equal(slug, AnnotationOf(state).Publication!.Slug);

        state = Then(state, When(state, new PublishClaim(Ada, "c1", "A different headline", "Summary.")));
        Assert.True(AnnotationOf(state).IsPublished());
        Assert.Equal(slug, AnnotationOf(state).Publication!.Slug);
        Assert.Equal("A different headline", AnnotationOf(state).Publication!.Headline);
    }

    [Fact]
    public void GivenPublishedClaim_WhenPublishedAgainWithTheSameText_ThenNothingChanges()
    {
        var state = ResolvedClaim();
        Assert.Empty(When(state, new UnpublishClaim(Mona, "c1")).Events);
        state = Then(state, When(state, new PublishClaim(Mona, "c1", "Headline", "Summary.")));

        Assert.Empty(When(state, new PublishClaim(Mona, "c1", "Headline", "Summary.")).Events);
    }

    [Fact]
    public void GivenPublishedClaim_WhenReopened_ThenItIsNoLongerPublic()
    {
        var state = ResolvedClaim();
        state = Then(state, When(state, new PublishClaim(Mona, "c1", "Headline", "Summary.")));

        var decision = When(state, new ReopenClaim(Mona, "c1", "New data."));
        Assert.Collection(decision.Events, e => Assert.IsType<ClaimReopened>(e), e => Assert.IsType<ClaimUnpublished>(e));
        state = Then(state, decision);

        Assert.False(AnnotationOf(state).IsPublished());
        state = Then(state, When(state, new ResolveClaim(Mona, "c1", Verdict.False, "Still false.")));
        Assert.False(AnnotationOf(state).IsPublished());
    }

    [Fact]
    public void GivenPublishedClaim_WhenTheStateIsSnapshottedAndRead_ThenThePublicationIsKept()
    {
        var state = ResolvedClaim();
        state = Then(state, When(state, new PublishClaim(Mona, "c1", "Headline", "Summary.", "Gov. Reed", new DateOnly(2025, 3, 1))));
        state = Then(state, When(state, new UnpublishClaim(Mona, "c1")));

        var read = DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, DocumentSnapshots.Serialize(state));

        Assert.Equal(AnnotationOf(state).Publication, AnnotationOf(read).Publication);
        Assert.Equal(DomainJson.SerializeState(state), DomainJson.SerializeState(read));
    }
}
