namespace AnnotateHub.Domain;

/// <content>Publishing resolved claims for readers.</content>
public static partial class DocumentDecider
{
    private static Decision DecidePublishClaim(Context x, PublishClaim c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("publish claims");
        }

        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!annotation.IsClaim())
        {
            return Errors.NotAClaim("be published");
        }

        if (annotation.Status != ClaimStatus.Resolved)
        {
            return Errors.NotResolvedToPublish();
        }

        var headline = CleanSingleLine(c.Headline);
        var headlineLength = TextIndex.CountCodePoints(headline);
        if (headlineLength is 0 or > Publication.MaxHeadlineLength)
        {
            return Errors.HeadlineInvalid(headlineLength);
        }

        var summary = CleanMultiline(c.Summary);
        var summaryLength = TextIndex.CountCodePoints(summary);
        if (summaryLength is 0 or > Publication.MaxSummaryLength)
        {
            return Errors.SummaryInvalid(summaryLength);
        }

        var claimant = CleanSingleLine(c.Claimant);
        var claimantLength = TextIndex.CountCodePoints(claimant);
        if (claimantLength > Publication.MaxClaimantLength)
        {
            return Errors.ClaimantInvalid(claimantLength);
        }

        var previous = annotation.Publication;
        var published = new ClaimPublished
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            Slug = previous?.Slug ?? PublicSlugs.For(headline, x.State.Id, annotation.Id),
            Headline = headline,
            Summary = summary,
            Claimant = claimant.Length == 0 ? null : claimant,
            ClaimDate = c.ClaimDate,
        };

        if (previous is { IsLive: true } && previous.Headline == published.Headline && previous.Summary == published.Summary
            && previous.Claimant == published.Claimant && previous.ClaimDate == published.ClaimDate)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(published);
    }

    private static Decision DecideUnpublishClaim(Context x, UnpublishClaim c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("unpublish claims");
        }

        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (annotation.Publication is not { IsLive: true })
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ClaimUnpublished { ActorId = x.ActorId, At = x.Now, Sequence = x.Sequence(), AnnotationId = annotation.Id });
    }
}
