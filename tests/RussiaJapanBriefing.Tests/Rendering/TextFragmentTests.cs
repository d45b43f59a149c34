using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>Links into the original article that scroll to and highlight the cited passage (URL text fragments).</summary>
public class TextFragmentTests
{
    private static string For(string url, string text, string quote, int occurrence = 0)
    {
        var start = -1;
        for (var i = 0; i <= occurrence; i++) start = text.IndexOf(quote, start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{quote}' is not in the text");
        return TextFragment.For(url, text, start, start + quote.Length);
    }

    [Fact]
    public void AShortQuoteIsMatchedExactlyBetweenAPrefixAndASuffix()
    {
        const string text = "Officials in Tokyo said the well-known, A&B plan would re-open talks next spring.";
        Assert.Equal(
            "https://example.com/news/1#:~:text=in%20Tokyo%20said-,the%20well%2Dknown%2C%20A%26B%20plan,-would%20re%2Dopen%20talks",
            For("https://example.com/news/1", text, "the well-known, A&B plan"));
    }

    [Fact]
    public void ALongQuoteIsMatchedByItsFirstAndLastWords()
    {
        const string text = "Before the talks began, Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe met in the Kremlin on Saturday, officials said.";
        Assert.Equal(
            "https://tass.com/x#:~:text=the%20talks%20began%2C-,Russian%20President%20Vladimir%20Putin,met%20in%20the%20Kremlin,-on%20Saturday%2C%20officials",
            For("https://tass.com/x", text, "Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe met in the Kremlin"));
    }

    [Fact]
    public void PrefixAndSuffixPickTheCitedOccurrence()
    {
        const string text = "Putin said the talks were useful. The talks were useful, Abe said.";
        Assert.Equal("https://a.example/#:~:text=Putin%20said%20the-,talks%20were%20useful,-.%20The%20talks",
            For("https://a.example/", text, "talks were useful"));
        Assert.Equal("https://a.example/#:~:text=were%20useful.%20The-,talks%20were%20useful,-%2C%20Abe%20said.",
            For("https://a.example/", text, "talks were useful", occurrence: 1));
    }

    [Fact]
    public void AQuoteAtTheStartOrEndOfTheTextHasNoPrefixOrSuffix()
    {
        const string text = "Talks resumed in Moscow today.";
        Assert.Equal("https://a.example/x#:~:text=Talks%20resumed,-in%20Moscow%20today.", For("https://a.example/x", text, "Talks resumed"));
        Assert.Equal("https://a.example/x#:~:text=Talks%20resumed%20in-,Moscow%20today.", For("https://a.example/x", text, "Moscow today."));
    }

    [Fact]
    public void WhiteSpaceAndLineBreaksBecomeSingleEncodedSpaces()
    {
        const string text = "First line ends here\nand the\u00A0quote\tspans   lines\r\nthen more text follows.";
        Assert.Equal("https://a.example/#:~:text=line%20ends%20here-,and%20the%20quote%20spans%20lines,-then%20more%20text",
            For("https://a.example/", text, "and the\u00A0quote\tspans   lines"));
    }

    [Theory]
    [InlineData("https://tass.com/politics/1?lang=en#comments", "https://tass.com/politics/1?lang=en#:~:text=")]
    [InlineData("https://tass.com/politics/1#:~:text=old,-words", "https://tass.com/politics/1#:~:text=")]
    [InlineData("https://tass.com/politics/1#", "https://tass.com/politics/1#:~:text=")]
    [InlineData("https://tass.com/politics/1", "https://tass.com/politics/1#:~:text=")]
    public void AnExistingFragmentInTheArticleUrlIsReplaced(string url, string expectedStart)
    {
        var link = For(url, "The talks were useful, Abe said.", "talks were useful");
        Assert.Equal(expectedStart + "The-,talks%20were%20useful,-%2C%20Abe%20said.", link);
        Assert.Equal(1, link.Count(c => c == '#'));
    }

    [Fact]
    public void NothingInTheDirectiveIsLeftUnencodedExceptItsOwnSyntax()
    {
        const string text = "He said: \"100% sure, 50-50 & a #1 (deal)!\" then left.";
        var link = For("https://a.example/", text, "\"100% sure, 50-50 & a #1 (deal)!\"");
        var directive = link[(link.IndexOf(":~:text=", StringComparison.Ordinal) + ":~:text=".Length)..];
        // Syntax: "prefix-," and ",-suffix" around the target; every other ',', '-', '&', '#', space and '%' is encoded.
        Assert.Equal("He%20said%3A-,%22100%25%20sure%2C%2050%2D50%20%26%20a%20%231%20%28deal%29%21%22,-then%20left.", directive);
        Assert.Equal("\"100% sure, 50-50 & a #1 (deal)!\"", Uri.UnescapeDataString(directive.Split(',')[1]));
    }

    /// <summary>The context window is cut 200 characters from the passage; there it once split an emoji and the link began with U+FFFD.</summary>
    [Fact]
    public void TheContextWindowNeverSplitsASurrogatePair()
    {
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 150));
        var text = emoji + " quoted words " + emoji;
        var link = For("https://a.example/", text, "quoted words");
        Assert.DoesNotContain("%EF%BF%BD", link);
        var directive = Uri.UnescapeDataString(link.Split("#:~:text=")[1]);
        var parts = directive.Split(',');
        Assert.Equal("quoted words", parts[1]);
        Assert.Matches("^(\U0001F600)+-$", parts[0]);
        Assert.Matches("^-(\U0001F600)+$", parts[2]);
    }
}

/// <summary>Endnotes of a built book: the citation points at our source page; "in the original" at the article, with a text fragment.</summary>
public sealed class EndnoteOriginalLinkTests(RelativeSampleFixture site) : IClassFixture<RelativeSampleFixture>
{
    private const string TassUrl = "https://tass.com/example";

    [Fact]
    public void EveryEndnoteLinksTheLocalPassageAndForASourceWithAUrlTheOriginalWithAFragment()
    {
        var book = site.Model;
        int withOriginal = 0, withoutOriginal = 0;
        foreach (var file in site.HtmlFiles())
        {
            foreach (var note in site.Page(file).Document.QuerySelectorAll("section.endnotes li"))
            {
                var links = note.QuerySelectorAll("a").ToList();
                // The primary citation link: our own source page, at the passage's anchor.
                var primary = links[0].GetAttribute("href")!;
                Assert.True(Links.Scheme(primary) is null, $"{file}: the citation link '{primary}' is not local");
                var (path, anchor) = SitePages.Resolve(file, primary);
                var source = book.Sources.SingleOrDefault(s => s.Url == path);
                Assert.True(source is not null, $"{file}: the citation link '{primary}' does not lead to a source page");
                Assert.NotNull(site.Page(path).Document.GetElementById(anchor));
                var bounds = anchor.TrimStart('q').Split('-').Select(int.Parse).ToArray();
                var passage = source.Text[bounds[0]..bounds[1]];

                var original = links.Where(a => a.TextContent == "in the original").Select(a => a.GetAttribute("href")!).ToList();
                if (source.Info?.Url is null)
                {
                    Assert.True(original.Count == 0, $"{file}: a note on {source.Id}, which has no url, links an original");
                    withoutOriginal++;
                    continue;
                }
                var href = Assert.Single(original);
                Assert.StartsWith(source.Info.Url + "#:~:text=", href);
                Assert.Equal(TextFragment.For(source.Info.Url, source.Text, bounds[0], bounds[1]), href);
                // The directive's target (without prefix and suffix) decodes to the start and end of the passage.
                var parts = href[(href.IndexOf(":~:text=", StringComparison.Ordinal) + 8)..].Split(',')
                    .Where(p => !p.EndsWith('-') && !p.StartsWith('-')).Select(Uri.UnescapeDataString).ToList();
                var words = string.Join(' ', passage.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith(parts[0], words);
                Assert.EndsWith(parts[^1], words);
                withOriginal++;
            }
        }
        Assert.True(withOriginal >= 5, $"only {withOriginal} notes with an original link");
        Assert.True(withoutOriginal >= 3, $"only {withoutOriginal} notes without one");
    }

    [Fact]
    public void TheTalksWereUsefulNoteLinksTheFirstOccurrenceInTheOriginal()
    {
        var page = site.Page("leaders/putin.html").Document;
        var note = page.QuerySelectorAll("section.endnotes li").Single(li => li.TextContent.Contains("“talks were useful”"));
        Assert.StartsWith("../sources/tass-2018.html#q", note.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(TassUrl + "#:~:text=Putin%20said%20the-,talks%20were%20useful,-.%20The%20talks",
            note.QuerySelectorAll("a").Single(a => a.TextContent == "in the original").GetAttribute("href"));
    }

    /// <summary>
    /// The context words are found by scanning out from the passage rather than by splitting the windows around it:
    /// on random texts (white space of every kind, windows cut mid-word) they must be the words splitting gives.
    /// </summary>
    [Fact]
    public void ContextWordsAreTheWordsSplittingTheWindowsGives()
    {
        var random = new Random(16);
        string[] pieces = ["a", "bb", "Kuril", "talks,", "—", "\u00A0", " ", "  ", "\n", "\r\n", "\t", "x-y", "é"];
        for (var round = 0; round < 2000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 400)).Select(_ => pieces[random.Next(pieces.Length)]));
            var start = random.Next(text.Length);
            var end = random.Next(start + 1, text.Length + 1);
            Assert.Equal(Reference("https://a.example/", text, start, end), TextFragment.For("https://a.example/", text, start, end));
        }
    }

    /// <summary>TextFragment.For as it was written first, splitting the whole window on each side.</summary>
    private static string Reference(string articleUrl, string text, int start, int end)
    {
        static List<string> Words(string s) => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        static string Encode(IEnumerable<string> words) => Uri.EscapeDataString(string.Join(' ', words)).Replace("-", "%2D", StringComparison.Ordinal);
        var passage = Words(text[start..end]);
        var from = Math.Max(0, start - 200);
        if (from > 0 && char.IsLowSurrogate(text[from])) from++;
        var to = Math.Min(text.Length, end + 200);
        if (to < text.Length && char.IsLowSurrogate(text[to])) to--;
        var prefix = Words(text[from..start]).TakeLast(3).ToList();
        var suffix = Words(text[end..to]).Take(3).ToList();
        var target = passage.Count <= 8 ? Encode(passage) : $"{Encode(passage.Take(4))},{Encode(passage.TakeLast(4))}";
        var directive = (prefix.Count > 0 ? Encode(prefix) + "-," : "") + target + (suffix.Count > 0 ? ",-" + Encode(suffix) : "");
        return $"{articleUrl.Split('#', 2)[0]}#:~:text={directive}";
    }
}
