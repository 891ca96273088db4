namespace AnnotateHub.Domain.Tests;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("@bob can you check?", new[] { "bob" })]
    [InlineData("Thanks @bob.", new[] { "bob" })]
    [InlineData("Ask @mary-jane, @j.doe and @sam_99...", new[] { "mary-jane", "j.doe", "sam_99" })]
    [InlineData("(@bob) [@carol] **@dave** <@erin>", new[] { "bob", "carol", "dave", "erin" })]
    [InlineData("line one\n@bob on line two", new[] { "bob" })]
    [InlineData("Merci @Zoë et @Ολγα, 谢谢 @李雷!", new[] { "Zoë", "Ολγα", "李雷" })]
    [InlineData("@42 is a handle too", new[] { "42" })]
    public void GivenABodyWithMentions_WhenExtracted_ThenTheHandlesAreReturnedWithoutTheAtSign(string body, string[] expected)
    {
        Assert.Equal(expected, Mentions.Extract(body));
    }

    [Fact]
    public void GivenTheSameHandleSeveralTimesInDifferentCase_WhenExtracted_ThenItIsReturnedOnceAsFirstWritten()
    {
        Assert.Equal<string>(["Bob", "carol"], Mentions.Extract("@Bob, @carol: see above. @bob? @BOB! @Carol"));
    }

    [Theory]
    [InlineData("Write to alice@example.org for the data.")]
    [InlineData("first.last+tag@newsroom.example")]
    [InlineData("See https://social.example/@bob for the post.")]
    [InlineData("An escaped \\@bob is literal.")]
    [InlineData("The fediverse address @bob@example.org is not a member handle.")]
    [InlineData("Just an @ sign, an @. and @-- and @@")]
    [InlineData("")]
    [InlineData("No mentions at all.")]
    public void GivenABodyWithoutMentions_WhenExtracted_ThenNothingIsReturned(string body)
    {
        Assert.Empty(Mentions.Extract(body));
    }

    [Fact]
    public void GivenNull_WhenExtracted_ThenNothingIsReturned()
    {
        Assert.Empty(Mentions.Extract(null));
    }

    [Theory]
    [InlineData("Run `git blame @bob` then ask @carol", new[] { "carol" })]
    [InlineData("``code with ` and @bob`` and @carol", new[] { "carol" })]
    [InlineData("`@bob` `@dave`", new string[0])]
    [InlineData("An unclosed ` backtick does not hide @bob", new[] { "bob" })]
    [InlineData("``a`@bob`` the run of two closes, not the single one", new string[0])]
    public void GivenMentionsInInlineCode_WhenExtracted_ThenOnlyThoseOutsideTheCodeAreReturned(string body, string[] expected)
    {
        Assert.Equal(expected, Mentions.Extract(body));
    }

    [Fact]
    public void GivenMentionsInFencedCodeBlocks_WhenExtracted_ThenOnlyThoseOutsideTheBlocksAreReturned()
    {
        var body =
            "@alice look:\n" +
            "```csharp\n" +
            "var who = \"@bob\";\n" +
            "```\n" +
            "and @carol\n" +
            "  ~~~~\n" +
            "@dave\n" +
            "~~~\n" +
            "still code @erin\n" +
            "~~~~\n" +
            "then @frank\n" +
            "```\n" +
            "never closed @gina";

        Assert.Equal<string>(["alice", "carol", "frank"], Mentions.Extract(body));
    }

    [Fact]
    public void GivenAMentionRightAfterAnEmoji_WhenExtracted_ThenItIsFound()
    {
        Assert.Equal<string>(["bob"], Mentions.Extract("👍🏽@bob"));
    }
}
