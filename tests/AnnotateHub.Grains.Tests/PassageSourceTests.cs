using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>Evidence from another document: resolve the passage on that document, attach it to a claim on this one.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class PassageSourceTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenReportDocument_WhenAPassageIsResolvedOnIt_ThenTheTargetHasItsQuoteContextAndPosition()
    {
        var host = cluster.Host;
        var report1 = Fresh.Id("report");
        var report = host.Document(report1);
        await report.CreateAsync(Create(report1, text: ReportText, title: "BLS report"));

        var target = await report.ResolvePassageAsync(TargetSpec.ForQuote("3.5 percent for September 2019"));

        var start = ReportText.IndexOf("3.5 percent for September 2019", StringComparison.Ordinal);
        Assert.Equal(new TextPositionSelector(start, start + "3.5 percent for September 2019".Length), target.Position);
        Assert.Equal("3.5 percent for September 2019", target.Quote.Exact);
        Assert.EndsWith("unemployment rate of ", target.Quote.Prefix, StringComparison.Ordinal);
        Assert.StartsWith(".\nThe participation", target.Quote.Suffix, StringComparison.Ordinal);
        Assert.Equal(1, await host.StreamVersionAsync(report1));
    }

    [Fact]
    public async Task GivenResolvedPassage_WhenAttachedToAClaimOnAnotherDocument_ThenTheSourceLinksThatPassage()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var report1 = Fresh.Id("report");
        var report = host.Document(report1);
        await report.CreateAsync(Create(report1, text: ReportText, title: "BLS report"));
        var article = await host.DocumentWithClaimAsync(doc1);
        var passage = await report.ResolvePassageAsync(TargetSpec.ForQuote("3.5 percent for September 2019"));

        var change = await article.AttachSourceAsync(new AttachSource(
            Bob, "c1", "s1", "BLS report, table A-1", SourceStance.Supports, Quote: "3.5 percent", LinkedDocumentId: report1, LinkedTarget: passage));

        Assert.Equal(3, change.Version);
        var source = Assert.Single((await article.GetSnapshotAsync()).FindAnnotation("c1")!.Sources);
        Assert.True(source.IsPassage());
        Assert.Null(source.Url);
        Assert.Equal(report1, source.LinkedDocumentId);
        Assert.Equal(passage, source.LinkedTarget);
        Assert.Equal(1, await host.StreamVersionAsync(report1));
    }

    [Fact]
    public async Task GivenNoSuchDocument_WhenAPassageIsResolvedOnIt_ThenNotFound()
    {
        var host = cluster.Host;
        var nowhere = Fresh.Id("doc");

        var rejected = await Assert.ThrowsAsync<DomainException>(() => host.Document(nowhere).ResolvePassageAsync(TargetSpec.ForQuote("3.5 percent")));

        Assert.Equal((DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound), (rejected.Error.Kind, rejected.Error.Code));
    }

    [Fact]
    public async Task GivenReportDocument_WhenTheQuoteIsNotInIt_ThenQuoteNotFound()
    {
        var host = cluster.Host;
        var report1 = Fresh.Id("report");
        var report = host.Document(report1);
        await report.CreateAsync(Create(report1, text: ReportText, title: "BLS report"));

        var rejected = await Assert.ThrowsAsync<DomainException>(() => report.ResolvePassageAsync(TargetSpec.ForQuote("fell to 3.5 percent")));

        Assert.Equal((DomainErrorKind.Invalid, ErrorCodes.QuoteNotFound), (rejected.Error.Kind, rejected.Error.Code));
    }
}
