using Markdig;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// <see cref="MarkdownRenderer.Plain"/> gives text in which Markdown finds nothing to do back without parsing it:
/// that must be exactly what Markdig would have made of it, and text with any Markdown in it must still be parsed.
/// </summary>
public sealed class MarkdownPlainTests
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    private static string Markdig(string markdown) => Markdown.ToPlainText(markdown, Pipeline).Trim();

    // Every character the short cut lets through, and a few it does not, so that some texts take each way.
    private const string Alphabet = "abcXYZéÖßΣσжЖ東京0123456789 ,.;:'\"?()-/%+=@$’‘“”—–…*_`[]<>!&#\\~|{}^\t";

    [Fact]
    public void PlainTextIsWhatMarkdigMakesOfIt()
    {
        var random = new Random(16);
        for (var i = 0; i < 20_000; i++)
        {
            var length = 1 + random.Next(40);
            var chars = new char[length];
            for (var k = 0; k < length; k++) chars[k] = Alphabet[random.Next(i % 2 == 0 ? Alphabet.IndexOf('*') : Alphabet.Length)];
            var text = new string(chars);
            // A fresh string instance each time: the renderer's cache is keyed by instance, so each is worked out.
            Assert.Equal(Markdig(text), MarkdownRenderer.Plain(new string(text)));
        }
    }

    [Theory]
    [InlineData("Tokyo  said   so  ")]
    [InlineData("Putin said \"no\" (twice) - 50% of 2,000 km/h; see http://example.com/a?b=c")]
    [InlineData("Abe 1. not a list")]
    [InlineData("Lavrov: the islands’ status — settled… “final”")]
    [InlineData("A *stressed* word")]
    [InlineData("Tom &amp; Jerry")]
    [InlineData("Escaped \\*star")]
    [InlineData("Heading\n===")]
    [InlineData("1990. The treaty")]
    [InlineData("- a list")]
    [InlineData("    code")]
    public void ChosenTextsAreWhatMarkdigMakesOfThem(string text) => Assert.Equal(Markdig(text), MarkdownRenderer.Plain(text));
}
