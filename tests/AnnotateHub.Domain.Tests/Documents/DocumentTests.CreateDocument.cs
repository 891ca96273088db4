namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenNoDocument_WhenReviewerCreatesIt_ThenDocumentCreatedCarriesNormalisedTextAndTrimmedTitle()
    {
        var command = new CreateDocument(Alice, DocumentId, WorkspaceId, "  Jobs report \n", "\r\n\r\nLine one  \r\nLine two\t\r\n\r\n", " https://example.org/a ", 3);

        var decision = When(DocumentState.Empty, command);

        var created = ThenSingle<DocumentCreated>(DocumentState.Empty, decision, Alice);
        Assert.Equal(1, created.Sequence);
        Assert.Equal("Line one\nLine two", created.Text);
        Assert.Equal("Jobs report", created.Title);
        Assert.Equal("https://example.org/a", created.SourceUrl);
        Assert.Equal(3, created.Quorum);
        Assert.Equal(DocumentId, created.DocumentId);
        Assert.Equal(WorkspaceId, created.WorkspaceId);
    }

    [Fact]
    public void GivenNoDocument_WhenCreated_ThenStateExistsWithCreatorVersionAndNoAnnotations()
    {
        var state = Then(DocumentState.Empty, When(DocumentState.Empty, Create(quorum: 3)));

        Assert.True(state.Exists);
        Assert.Equal(1, state.Version);
        Assert.Equal(Text, state.Text);
        Assert.Equal("alice", state.CreatedBy);
        Assert.Equal(Now, state.CreatedAt);
        Assert.Equal(3, state.Quorum);
        Assert.Empty(state.Annotations);
        Assert.False(DocumentState.Empty.Exists);
    }

    [Fact]
    public void GivenExistingDocument_WhenCreatedAgain_ThenConflict()
    {
        var state = Given(Create());

        ThenRejected(When(state, Create()), DomainErrorKind.Conflict, ErrorCodes.DocumentExists);
    }

    [Fact]
    public void GivenNoDocument_WhenViewerCreatesIt_ThenForbidden()
    {
        ThenRejected(When(DocumentState.Empty, Create(Vic)), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenNoDocument_WhenActorHasNoUserId_ThenInvalid()
    {
        var command = Create(new Actor(" ", WorkspaceRole.Admin));

        ThenRejected(When(DocumentState.Empty, command), DomainErrorKind.Invalid, ErrorCodes.ActorRequired);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void GivenNoDocument_WhenTitleIsBlank_ThenTitleRequired(string title)
    {
        ThenRejected(When(DocumentState.Empty, Create(title: title)), DomainErrorKind.Invalid, ErrorCodes.TitleRequired);
    }

    [Fact]
    public void GivenNoDocument_WhenTitleIsLongerThan300Characters_ThenInvalid()
    {
        ThenRejected(When(DocumentState.Empty, Create(title: new string('t', 301))), DomainErrorKind.Invalid, ErrorCodes.TitleTooLong);
        Assert.True(When(DocumentState.Empty, Create(title: new string('t', 300))).IsAccepted);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(21)]
    public void GivenNoDocument_WhenQuorumIsOutside1To20_ThenInvalid(int quorum)
    {
        ThenRejected(When(DocumentState.Empty, Create(quorum: quorum)), DomainErrorKind.Invalid, ErrorCodes.QuorumInvalid);
    }

    [Theory]
    [InlineData("ftp://example.org/file")]
    [InlineData("/relative/path")]
    [InlineData("example.org")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://exa mple.org")]
    public void GivenNoDocument_WhenSourceUrlIsNotAbsoluteHttp_ThenInvalid(string url)
    {
        var command = Create() with { SourceUrl = url };

        ThenRejected(When(DocumentState.Empty, command), DomainErrorKind.Invalid, ErrorCodes.UrlInvalid);
    }

    [Fact]
    public void GivenNoDocument_WhenSourceUrlIsBlank_ThenDocumentHasNoSourceUrl()
    {
        var created = ThenSingle<DocumentCreated>(DocumentState.Empty, When(DocumentState.Empty, Create() with { SourceUrl = "  " }), Alice);

        Assert.Null(created.SourceUrl);
    }

    [Fact]
    public void GivenNoDocument_WhenTextIsOnlyWhitespace_ThenTextEmpty()
    {
        ThenRejected(When(DocumentState.Empty, Create(text: " \r\n\t\0 \n")), DomainErrorKind.Invalid, ErrorCodes.TextEmpty);
    }

    [Fact]
    public void GivenNoDocument_WhenNormalisedTextExceedsTheByteLimit_ThenTooLarge()
    {
        var limits = new DomainLimits { MaxTextBytes = 10 };

        // "héllo wörld" is 11 characters but 13 UTF-8 bytes.
        var error = ThenRejected(When(DocumentState.Empty, Create(text: "héllo wörld"), limits), DomainErrorKind.TooLarge, ErrorCodes.TextTooLarge);

        var tooLarge = Assert.IsType<TooLargeError>(error);
        Assert.Equal(13, tooLarge.Actual);
        Assert.Equal(10, tooLarge.Limit);
        Assert.True(When(DocumentState.Empty, Create(text: "hello\r\n\r\n   "), limits).IsAccepted);
    }

    [Fact]
    public void GivenNoDocument_WhenTextIsExactlyFiveMegabytes_ThenAcceptedAndOneByteMoreIsTooLarge()
    {
        var fiveMb = new string('a', 5 * 1024 * 1024);

        Assert.True(When(DocumentState.Empty, Create(text: fiveMb)).IsAccepted);
        ThenRejected(When(DocumentState.Empty, Create(text: fiveMb + "é")), DomainErrorKind.TooLarge, ErrorCodes.TextTooLarge);
    }

    [Theory]
    [InlineData("", WorkspaceId)]
    [InlineData(DocumentId, " ")]
    public void GivenNoDocument_WhenAnIdIsBlank_ThenIdInvalid(string documentId, string workspaceId)
    {
        var command = Create() with { DocumentId = documentId, WorkspaceId = workspaceId };

        ThenRejected(When(DocumentState.Empty, command), DomainErrorKind.Invalid, ErrorCodes.IdInvalid);
    }

    [Fact]
    public void GivenNoDocument_WhenAnyOtherCommandArrives_ThenDocumentNotFound()
    {
        ThenRejected(When(DocumentState.Empty, Claim()), DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound);
        ThenRejected(When(DocumentState.Empty, Vote(Bob, Verdict.True)), DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound);
        ThenRejected(When(DocumentState.Empty, new ResolveClaim(Mona, "c1", Verdict.True, "Because.")), DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound);
    }
}
