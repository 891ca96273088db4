using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>A rejected command reaches the caller as a typed domain error, writes nothing and leaves the activation working.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class RejectedCommandTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenDocument_WhenViewerHighlights_ThenForbiddenAndNothingIsWritten()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        await ThenRejectedWithoutTrace(
            host, doc1, () => document.HighlightAsync(Claim("c2", Vic)), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public async Task GivenDocument_WhenQuoteIsNotInTheText_ThenInvalidAndNothingIsWritten()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        await ThenRejectedWithoutTrace(
            host, doc1, () => document.HighlightAsync(Claim("c2", exact: "rose to 9 percent")), DomainErrorKind.Invalid, ErrorCodes.QuoteNotFound);
    }

    [Fact]
    public async Task GivenResolvedClaim_WhenReviewerVotes_ThenConflictAndNothingIsWritten()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        await document.CastVoteAsync(Vote(Carol, Verdict.False));
        await document.ResolveAsync(new ResolveClaim(Mona, "c1", Verdict.False, "Ruled."));

        await ThenRejectedWithoutTrace(
            host, doc1, () => document.CastVoteAsync(Vote(Bob, Verdict.True)), DomainErrorKind.Conflict, ErrorCodes.ClaimResolved);
    }

    [Fact]
    public async Task GivenClaimWithOneOfTwoVotes_WhenModeratorResolves_ThenConflictAndNothingIsWritten()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.CastVoteAsync(Vote(Alice, Verdict.False));

        await ThenRejectedWithoutTrace(
            host, doc1, () => document.ResolveAsync(new ResolveClaim(Mona, "c1", Verdict.False, "Ruled.")), DomainErrorKind.Conflict, ErrorCodes.ClaimVotingOpen);
        Assert.Equal(ClaimStatus.Open, (await document.GetSnapshotAsync()).FindAnnotation("c1")?.Status);
    }

    [Fact]
    public async Task GivenAlicesAnnotation_WhenBobEditsIt_ThenForbiddenAndNothingIsWritten()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        await ThenRejectedWithoutTrace(
            host, doc1, () => document.EditAnnotationAsync(new EditAnnotation(Bob, "c1", Body: "Bob's words.")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
        Assert.Equal("Check against BLS data.", (await document.GetSnapshotAsync()).FindAnnotation("c1")?.Body);
    }

    [Fact]
    public async Task GivenAlicesAnnotation_WhenBobResolvesItsThread_ThenForbiddenAndNothingIsWritten()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        await ThenRejectedWithoutTrace(
            host, doc1, () => document.ResolveThreadAsync(new ResolveThread(Bob, "c1")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
        Assert.False((await document.GetSnapshotAsync()).FindAnnotation("c1")!.ThreadResolved);
    }

    [Fact]
    public async Task GivenNoDocument_WhenReviewerHighlights_ThenNotFoundAndNoStreamIsStarted()
    {
        var host = cluster.Host;
        var docMissing = Fresh.Id("doc");
        var document = host.Document(docMissing);

        var rejected = await Assert.ThrowsAsync<DomainException>(() => document.HighlightAsync(Claim()));

        Assert.Equal((DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound), (rejected.Error.Kind, rejected.Error.Code));
        Assert.Equal(0, await host.StreamVersionAsync(docMissing));
        Assert.Empty(await host.Store.ListStreamsAsync(DocumentStreams.StreamId(docMissing)));
        Assert.Equal(1, (await document.CreateAsync(Create(docMissing))).Version);
    }

    /// <summary>
    /// Runs <paramref name="when"/>, which must fail with the given error, and checks that the store and the
    /// activation are exactly as before; then that the same activation still accepts a valid command.
    /// </summary>
    private static async Task ThenRejectedWithoutTrace(GrainHost host, string documentId, Func<Task> when, DomainErrorKind kind, string code)
    {
        var document = host.Document(documentId);
        var streamId = DocumentStreams.StreamId(documentId);
        var versionBefore = await host.Store.GetVersionAsync(streamId);
        var eventsBefore = (await host.Store.ReadAsync(streamId)).Count;
        var stateBefore = Json(await document.GetSnapshotAsync());
        var activationBefore = host.ActivationOf(document);
        Assert.NotNull(activationBefore);

        var rejected = await Assert.ThrowsAsync<DomainException>(when);

        Assert.Equal((kind, code), (rejected.Error.Kind, rejected.Error.Code));
        Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
        Assert.Equal(versionBefore, await host.Store.GetVersionAsync(streamId));
        Assert.Equal(eventsBefore, (await host.Store.ReadAsync(streamId)).Count);
        var stateAfter = await document.GetSnapshotAsync();
        Assert.Equal(versionBefore, stateAfter.Version);
        Assert.Equal(stateBefore, Json(stateAfter));

        var next = await document.ReplyAsync(new AddReply(Carol, "c1", "r-after", "Still here."));
        Assert.Equal(versionBefore + 1, next.Version);
        Assert.Equal(versionBefore + 1, await host.Store.GetVersionAsync(streamId));
        // A domain error leaves the activation alone: the same activation served every call, and it is still live.
        Assert.Same(activationBefore, host.ActivationOf(document));
        Assert.False(activationBefore.Deactivated.IsCompleted, "The rejected command deactivated the document.");
    }
}
