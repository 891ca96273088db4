using MudBlazor.Services;
using System.Net;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Web.Components.Shared;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.Web.HtmlRendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// The document view every session shares: the text laid out in blocks with its highlights, built once per version,
/// and the page's text and card components that render it.
/// </summary>
public sealed class DocumentViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Reviewer = new("u-rita", WorkspaceRole.Reviewer, "Rita Reviewer");
    private static readonly Actor Other = new("u-omar", WorkspaceRole.Reviewer, "Omar Other");
    private static readonly Actor Moderator = new("u-mona", WorkspaceRole.Moderator, "Mona Moderator");

    [Fact]
    public void GivenALongTextWithEmoji_WhenLaidOut_ThenBlocksCutAtLineBreaksAndTheirSegmentsAreTheWholeTextInCodePoints()
    {
        var text = Paragraphs(40, "🚀 ");
        var state = Document(text, ("a1", 3, 40), ("a2", 20, 90), ("a3", 700, 1500));
        var view = DocumentView.Create(state);

        Assert.True(view.Blocks.Count > 3, $"{view.Blocks.Count} blocks");
        Assert.Equal(text, string.Concat(view.Blocks.SelectMany(b => b.Segments).Select(s => s.Text)));
        var index = state.TextIndex;
        foreach (var block in view.Blocks.Skip(1))
        {
            Assert.Equal("\n", index.Slice(block.Start - 1, block.Start)); // a block starts after a line break
        }

        foreach (var (block, next) in view.Blocks.Zip(view.Blocks.Skip(1)))
        {
            Assert.Equal(block.End, next.Start);
        }

        foreach (var segment in view.Blocks.SelectMany(b => b.Segments))
        {
            Assert.Equal(index.Slice(segment.Start, segment.Start + TextIndex.CountCodePoints(segment.Text)), segment.Text);
        }

        // a highlight that crosses a block boundary is a mark in each block, both naming it
        var crossing = view.Blocks.Where(b => b.AnnotationIds.Contains("a3")).ToList();
        Assert.True(crossing.Count >= 2, "a3 spans blocks");
        Assert.Equal(800, crossing.SelectMany(b => b.Segments).Where(s => s.Covering.Any(a => a.Id == "a3")).Sum(s => TextIndex.CountCodePoints(s.Text)));
    }

    [Fact]
    public void GivenOverlappingHighlights_WhenLaidOut_ThenTheOverlapNamesBothAndTheInnermostIsOnTop()
    {
        var state = Document("The mayor said crime fell 20% last year.", ("outer", 4, 39), ("inner", 15, 29));
        var segments = DocumentView.Create(state).Blocks.SelectMany(b => b.Segments).ToList();

        var overlap = Assert.Single(segments, s => s.Covering.Count == 2);
        Assert.Equal("crime fell 20%", overlap.Text);
        Assert.Equal("outer inner", overlap.Ids);
        Assert.Equal("inner", overlap.Top!.Id);
        Assert.Equal(["The ", "mayor said ", "crime fell 20%", " last year", "."], segments.Select(s => s.Text));
    }

    [Fact]
    public void GivenAChange_WhenAdvanced_ThenOnlyTheBlocksItTouchesAreNewAndEverySessionGetsTheSameView()
    {
        var text = Paragraphs(30, string.Empty);
        var state = Document(text, ("early", 10, 30), ("late", 2500, 2530));
        var views = new DocumentViews(TimeProvider.System);
        var first = views.For(state);
        Assert.Same(first, views.For(state)); // a second reader of the same version gets the same object

        var reply = Decide(state, new AddReply(Other, "late", "r1", "Source?"));
        var session1 = views.Advance(first, reply);
        var session2 = views.Advance(first, reply);

        Assert.Same(session1, session2); // folded and laid out once for every session
        Assert.Equal(state.Version + 1, session1.Version);
        var changed = session1.Blocks.Where((b, i) => !ReferenceEquals(b, first.Blocks[i])).ToList();
        var touched = Assert.Single(changed);
        Assert.Contains("late", touched.AnnotationIds);
        Assert.Same(first.Blocks[0], session1.Blocks[0]);
    }

    [Fact]
    public void GivenChangesToSomeAnnotations_WhenLaidOutIncrementally_ThenTheBlocksEqualAFullLayout()
    {
        var text = Paragraphs(40, "🎉 ");
        var highlights = Enumerable.Range(0, 120).Select(i => ($"h{i:000}", i * 53 % 6000, i * 53 % 6000 + 15 + (i % 40))).ToArray();
        var state = Document(text, highlights);
        var view = DocumentView.Create(state);
        DocumentCommand[] commands =
        [
            new AddReply(Other, "h007", "r1", "Source?"),
            new CastVote(Other, "h050", Verdict.False, "No."),
            new Highlight(Other, "new-crossing", AnnotationKind.Question, TargetSpec.ForPosition(590, 700), "Spans a block boundary?"),
            new DeleteAnnotation(Reviewer, "h100"),
            new EditAnnotation(Reviewer, "h010", Tags: ["budget"]),
            new Highlight(Other, "new-nested", AnnotationKind.Comment, TargetSpec.ForPosition(600, 610)),
        ];

        foreach (var command in commands)
        {
            var events = Decide(state, command);
            state = Fold(state, events);
            var changed = events.OfType<AnnotationEvent>().Select(e => e.AnnotationId).ToHashSet(StringComparer.Ordinal);
            var incremental = DocumentView.Create(state, view, changed);
            var full = DocumentView.Create(state);

            Assert.Equal(full.Blocks.Count, incremental.Blocks.Count);
            for (var i = 0; i < full.Blocks.Count; i++)
            {
                Assert.True(full.Blocks[i].SameAs(incremental.Blocks[i]), $"{command.GetType().Name}: block {i} differs from a full layout");
                Assert.Equal(full.Blocks[i].Html(id => id), incremental.Blocks[i].Html(id => id));
                if (!incremental.Blocks[i].AnnotationIds.Overlaps(changed) && !view.Blocks[i].AnnotationIds.Overlaps(changed))
                {
                    Assert.Same(view.Blocks[i], incremental.Blocks[i]); // untouched: the very same block
                }
            }

            view = incremental;
        }
    }

    [Fact]
    public void GivenFiltersAndDeletions_WhenViewed_ThenLiveAnnotationsAreInTextOrderWithTheirTagsAndAuthors()
    {
        var state = Document("One two three four five six seven eight nine ten.", ("c", 30, 35), ("a", 0, 3), ("b", 8, 13));
        state = Fold(state, Decide(state, new DeleteAnnotation(Reviewer, "b")));
        state = Fold(state, Decide(state, new Highlight(Other, "d", AnnotationKind.Question, TargetSpec.ForPosition(4, 7), "", ["Budget", "economy"])));

        var view = DocumentView.Create(state);

        Assert.Equal(["a", "d", "c"], view.Live.Select(a => a.Id));
        Assert.Equal(["Budget", "economy"], view.Tags);
        Assert.Equal(["u-rita", "u-omar"], view.AuthorIds);
        Assert.DoesNotContain(view.Blocks.SelectMany(b => b.AnnotationIds), id => id == "b");
    }

    [Fact]
    public async Task GivenBlindVoting_WhenAReviewerWhoHasNotVotedSeesADisputedClaim_ThenTheHighlightSaysVotingNotDisputed()
    {
        var state = Document("The mayor said crime fell 20% last year.", ("claim", 15, 29));
        state = Fold(state, Decide(state, new CastVote(Other, "claim", Verdict.True, "Police data.")));
        state = Fold(state, Decide(state, new CastVote(Moderator, "claim", Verdict.False, "Survey says otherwise.")));
        Assert.Equal(ClaimStatus.Disputed, state.FindAnnotation("claim")!.Status);
        var block = Assert.Single(DocumentView.Create(state).Blocks);

        var blind = await RenderAsync<TextBlockView>(new()
        {
            [nameof(TextBlockView.Block)] = block,
            [nameof(TextBlockView.Actor)] = Reviewer,
            [nameof(TextBlockView.BlindVoting)] = true,
        });
        Assert.Contains("status-voting", blind, StringComparison.Ordinal);
        Assert.Contains("claim (voting) by", blind, StringComparison.Ordinal);
        Assert.DoesNotContain("disputed", blind, StringComparison.Ordinal);

        var open = await RenderAsync<TextBlockView>(new()
        {
            [nameof(TextBlockView.Block)] = block,
            [nameof(TextBlockView.Actor)] = Reviewer,
            [nameof(TextBlockView.BlindVoting)] = false,
        });
        Assert.Contains("status-disputed", open, StringComparison.Ordinal);
        Assert.Contains("claim (disputed) by Rita Reviewer", open, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenHostileText_WhenTheTextIsRendered_ThenItIsEscaped()
    {
        var state = Document("Before <script>alert(1)</script> & <img src=x onerror=alert(2)> after.", ("x", 7, 32));
        var html = await RenderAsync<DocumentText>(new()
        {
            [nameof(DocumentText.View)] = DocumentView.Create(state),
            [nameof(DocumentText.Actor)] = Reviewer,
        });

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("data-s=\"7\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABlock_WhenRenderedAsSharedHtmlOrElementByElement_ThenTheMarkupIsTheSame()
    {
        var state = Document("Tom & \"Jerry\" said: it's <b>50%</b> of 'the' budget, not 40 > 30.", ("a", 0, 15), ("b", 10, 40), ("c", 45, 60));
        var block = Assert.Single(DocumentView.Create(state).Blocks);

        // nothing selected: the shared HTML; "c" selected: element by element (with the "selected" class)
        var shared = await RenderAsync<TextBlockView>(new() { [nameof(TextBlockView.Block)] = block, [nameof(TextBlockView.Actor)] = Reviewer });
        var elements = await RenderAsync<TextBlockView>(new()
        {
            [nameof(TextBlockView.Block)] = block,
            [nameof(TextBlockView.Actor)] = Reviewer,
            [nameof(TextBlockView.SelectedId)] = "c",
        });

        Assert.Contains(" selected", elements, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", shared, StringComparison.Ordinal);
        Assert.Equal(WebUtility.HtmlDecode(shared), WebUtility.HtmlDecode(elements.Replace(" selected", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GivenAFewCards_WhenListed_ThenEveryCardRenders()
    {
        var state = Document(Paragraphs(10, string.Empty), Enumerable.Range(0, CardList.WindowAbove).Select(i => ($"n{i:000}", i * 10, i * 10 + 5)).ToArray());
        var html = await RenderAsync<CardList>(Cards(DocumentView.Create(state).Live));

        Assert.Equal(CardList.WindowAbove, Count(html, "data-annotation-id="));
        Assert.Contains("data-windowed=\"false\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenManyCards_WhenListed_ThenAWindowRendersAndRevealMovesItToACardFarDown()
    {
        var state = Document(Paragraphs(40, string.Empty), Enumerable.Range(0, 300).Select(i => ($"n{i:000}", i * 10, i * 10 + 5)).ToArray());
        var live = DocumentView.Create(state).Live;
        CardList? list = null;
        var services = Services();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var root = await renderer.Dispatcher.InvokeAsync(() => renderer.RenderComponentAsync<Host>(ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(Host.Items)] = live,
            [nameof(Host.Captured)] = (Action<CardList>)(c => list = c),
        })));

        var html = await renderer.Dispatcher.InvokeAsync(root.ToHtmlString);
        Assert.Equal(CardList.WindowSize, Count(html, "data-annotation-id="));
        Assert.Contains("data-annotation-id=\"n000\"", html, StringComparison.Ordinal);
        Assert.Contains("data-total=\"300\"", html, StringComparison.Ordinal);

        Assert.True(await renderer.Dispatcher.InvokeAsync(() => list!.Reveal("n250")));
        html = await renderer.Dispatcher.InvokeAsync(root.ToHtmlString);
        Assert.Contains("data-annotation-id=\"n250\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-annotation-id=\"n000\"", html, StringComparison.Ordinal);
        Assert.Equal(CardList.WindowSize, Count(html, "data-annotation-id="));

        // a scroll report the browser measured against the old window (sent before the revealed card arrived) is dropped:
        // it would move the window back, away from the card the reader clicked
        await renderer.Dispatcher.InvokeAsync(() => list!.Scrolled(0, 300, windowFrom: 0));
        html = await renderer.Dispatcher.InvokeAsync(root.ToHtmlString);
        Assert.Contains("data-annotation-id=\"n250\"", html, StringComparison.Ordinal);
        var from = int.Parse(System.Text.RegularExpressions.Regex.Match(html, "data-from=\"(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(from > 0);

        // scrolling back up to the first card, measured against the window shown, brings the window back to the start
        await renderer.Dispatcher.InvokeAsync(() => list!.Scrolled(0, 300, windowFrom: from));
        html = await renderer.Dispatcher.InvokeAsync(root.ToHtmlString);
        Assert.Contains("data-annotation-id=\"n000\"", html, StringComparison.Ordinal);
        Assert.Contains("data-from=\"0\"", html, StringComparison.Ordinal);
        Assert.False(await renderer.Dispatcher.InvokeAsync(() => list!.Reveal("no-such-card")));
    }

    private static Dictionary<string, object?> Cards(IReadOnlyList<Annotation> items) => new()
    {
        [nameof(CardList.Items)] = items,
        [nameof(CardList.Actor)] = Reviewer,
        [nameof(CardList.Execute)] = (Func<DocumentCommand, Task<string?>>)(_ => Task.FromResult<string?>(null)),
    };

    private static async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var services = Services();
        parameters.TryAdd("People", services.GetRequiredService<People>());
        if (typeof(TComponent) == typeof(CardList))
        {
            parameters.Remove("People");
        }

        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<People>();
        services.AddSingleton(DomainLimits.Default);
        services.AddMudServices(); // as the app: cards confirm through IDialogService and report through ISnackbar
        services.AddSingleton<Microsoft.AspNetCore.Components.NavigationManager, NoNavigation>(); // the snackbar service asks for one
        services.AddSingleton<IJSRuntime, NoBrowser>();
        var provider = services.BuildServiceProvider();
        var people = provider.GetRequiredService<People>();
        foreach (var actor in new[] { Reviewer, Other, Moderator })
        {
            people.Register(new Person(actor.UserId, actor.DisplayName!));
        }

        return provider;
    }

    private static string Paragraphs(int count, string prefix)
    {
        var text = new StringBuilder();
        for (var p = 0; p < count; p++)
        {
            text.Append(prefix).Append("Paragraph ").Append(p).Append(": the council said spending rose while revenue fell, critics said. ");
            text.Append("Roads, schools and clinics were left without money despite promises made in the campaign.\n");
        }

        return text.ToString().TrimEnd();
    }

    private static DocumentState Document(string text, params (string Id, int Start, int End)[] highlights)
    {
        var state = Fold(DocumentState.Empty, Decide(DocumentState.Empty, new CreateDocument(Reviewer, "doc-1", "ws-1", "Budget", text)));
        foreach (var (id, start, end) in highlights)
        {
            state = Fold(state, Decide(state, new Highlight(Reviewer, id, AnnotationKind.Claim, TargetSpec.ForPosition(start, end))));
        }

        return state;
    }

    private static IReadOnlyList<DocumentEvent> Decide(DocumentState state, DocumentCommand command)
    {
        var decision = DocumentDecider.Decide(state, command, Now);
        Assert.False(decision.IsRejected, decision.IsRejected ? decision.Error.ToString() : null);
        return decision.Events;
    }

    private static DocumentState Fold(DocumentState state, IReadOnlyList<DocumentEvent> events) => DocumentDecider.Fold(state, events);

    private static int Count(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Renders a <see cref="CardList"/> and hands the test the instance (as the page's @ref does).</summary>
    private sealed class Host : ComponentBase
    {
        [Parameter]
        public IReadOnlyList<Annotation> Items { get; set; } = [];

        [Parameter]
        public Action<CardList>? Captured { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<CardList>(0);
            builder.AddComponentParameter(1, nameof(CardList.Items), Items);
            builder.AddComponentParameter(2, nameof(CardList.Actor), Reviewer);
            builder.AddComponentParameter(3, nameof(CardList.Execute), (Func<DocumentCommand, Task<string?>>)(_ => Task.FromResult<string?>(null)));
            builder.AddComponentReferenceCapture(4, instance => Captured?.Invoke((CardList)instance));
            builder.CloseComponent();
        }
    }

    private sealed class NoNavigation : Microsoft.AspNetCore.Components.NavigationManager
    {
        public NoNavigation() => Initialize("http://test.invalid/", "http://test.invalid/");
    }

    /// <summary>Static rendering has no browser: a card only calls one after an action, which these tests do not take.</summary>
    private sealed class NoBrowser : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException($"No browser to call {identifier} in.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            throw new InvalidOperationException($"No browser to call {identifier} in.");
    }
}
