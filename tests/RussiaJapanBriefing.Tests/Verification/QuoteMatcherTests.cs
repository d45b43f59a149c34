using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

public class QuoteMatcherTests
{
    /// <summary>The single span of <paramref name="quote"/> in <paramref name="text"/>, checked to map back to the original text.</summary>
    private static string FindOne(string text, string quote)
    {
        var spans = new QuoteMatcher(text).FindAll(quote);
        Assert.True(spans.Count == 1, $"expected one match of «{quote}» in «{text}», got {spans.Count}");
        var (start, end) = spans[0];
        Assert.InRange(start, 0, text.Length);
        Assert.InRange(end, start, text.Length);
        return text[start..end];
    }

    private static void AssertNoMatch(string text, string quote) =>
        Assert.Empty(new QuoteMatcher(text).FindAll(quote));

    [Fact]
    public void ExactMatchReportsOffsets()
    {
        const string text = "Putin thanked Abe, with whom they held 26 personal meetings, for their work.";
        var spans = new QuoteMatcher(text).FindAll("with whom they held 26 personal meetings");
        var span = Assert.Single(spans);
        Assert.Equal(text.IndexOf("with whom", StringComparison.Ordinal), span.Start);
        Assert.Equal(text.IndexOf(", for", StringComparison.Ordinal), span.End);
        Assert.Equal("with whom they held 26 personal meetings", text[span.Start..span.End]);
    }

    [Fact]
    public void MatchAtTheVeryStartAndEndOfTheText()
    {
        const string text = "Kunashir and Iturup";
        Assert.Equal((0, 8), Assert.Single(new QuoteMatcher(text).FindAll("Kunashir")));
        Assert.Equal((13, 19), Assert.Single(new QuoteMatcher(text).FindAll("Iturup")));
        Assert.Equal((0, 19), Assert.Single(new QuoteMatcher(text).FindAll(text)));
    }

    [Theory]
    [InlineData("the islands\u2019 status", "the islands' status")]           // ’ in source, ' in quote
    [InlineData("the islands' status", "the islands\u2019 status")]           // ' in source, ’ in quote
    [InlineData("the \u2018Northern Territories\u2019 claim", "the 'Northern Territories' claim")]
    [InlineData("the \u201ANorthern\u201B claim", "the 'Northern' claim")]
    [InlineData("the 'Northern' claim", "the \u201ANorthern\u201B claim")]
    public void CurlyAndStraightSingleQuotesMatch(string text, string quote)
    {
        Assert.Equal(text, FindOne(text, quote));
    }

    [Theory]
    [InlineData("called it \u201Cinherent territory\u201D today", "called it \"inherent territory\" today")]
    [InlineData("called it \"inherent territory\" today", "called it \u201Cinherent territory\u201D today")]
    [InlineData("called it \u201Einherent territory\u201F today", "called it \"inherent territory\" today")]
    [InlineData("called it \"inherent territory\" today", "called it \u201Einherent territory\u201D today")]
    public void CurlyAndStraightDoubleQuotesMatch(string text, string quote)
    {
        Assert.Equal(text, FindOne(text, quote));
    }

    [Fact]
    public void SingleAndDoubleQuotesDoNotMatchEachOther()
    {
        AssertNoMatch("called it \"inherent\" today", "called it 'inherent' today");
        AssertNoMatch("called it \u201Cinherent\u201D today", "called it \u2018inherent\u2019 today");
    }

    [Theory]
    [InlineData("Asia\u2013Pacific", "Asia-Pacific")]   // en dash / hyphen
    [InlineData("Asia-Pacific", "Asia\u2013Pacific")]
    [InlineData("islands \u2014 a position", "islands - a position")]    // em dash / hyphen
    [InlineData("islands - a position", "islands \u2014 a position")]
    [InlineData("islands \u2014 a position", "islands -- a position")]   // em dash / "--"
    [InlineData("islands -- a position", "islands \u2014 a position")]
    [InlineData("islands -- a position", "islands - a position")]
    [InlineData("islands \u2015 a \u2212 b", "islands - a - b")]          // horizontal bar, minus sign
    [InlineData("Dec. 15 \u2013\u2013 Russian", "Dec. 15 \u2014 Russian")]
    public void DashesMatchEachOtherAndRunsOfDashesMatchOne(string text, string quote)
    {
        Assert.Equal(text, FindOne(text, quote));
    }

    [Theory]
    [InlineData("Putin\u00A0and Abe", "Putin and Abe")]          // non-breaking space
    [InlineData("Putin and Abe", "Putin\u00A0and Abe")]
    [InlineData("Putin\tand Abe", "Putin and Abe")]              // tab
    [InlineData("Putin\nand Abe", "Putin and Abe")]              // line break
    [InlineData("Putin\r\nand Abe", "Putin and Abe")]            // CRLF
    [InlineData("Putin  \n\t and Abe", "Putin and Abe")]         // a run of mixed white space
    [InlineData("Putin and Abe", "Putin \n  and\tAbe")]          // white space runs in the quote too
    public void AnyRunOfWhiteSpaceMatchesAnyOther(string text, string quote)
    {
        Assert.Equal(text, FindOne(text, quote));
    }

    [Fact]
    public void WhiteSpaceDoesNotMatchNothing()
    {
        AssertNoMatch("Putin and Abe", "Putinand Abe");
        AssertNoMatch("Putinand Abe", "Putin and Abe");
    }

    [Theory]
    [InlineData("make progress\u2026 step by step", "make progress... step by step")]
    [InlineData("make progress... step by step", "make progress\u2026 step by step")]
    public void EllipsisMatchesThreeDots(string text, string quote)
    {
        Assert.Equal(text, FindOne(text, quote));
    }

    [Fact]
    public void LeadingAndTrailingWhiteSpaceInTheQuoteIsIgnored()
    {
        const string text = "the Kremlin said on Monday.";
        Assert.Equal("the Kremlin said", FindOne(text, "  \n the Kremlin said \t "));
    }

    [Theory]
    [InlineData("Putin and Abe", "putin and abe")]        // case
    [InlineData("Putin and Abe", "PUTIN AND ABE")]
    [InlineData("held 26 meetings", "held 27 meetings")]  // digits
    [InlineData("Kunashir", "Kunashiri")]                 // letters
    [InlineData("Kunashiri", "Kunashiry")]
    [InlineData("Iturup", "Ïturup")]                      // diacritics
    [InlineData("the Kremlin said.", "the Kremlin said,")] // other punctuation
    [InlineData("the Kremlin; said", "the Kremlin: said")]
    [InlineData("Asia-Pacific", "Asia Pacific")]         // a dash is not white space
    [InlineData("two. three", "two\u2026 three")]         // one dot is not an ellipsis
    public void OtherDifferencesDoNotMatch(string text, string quote)
    {
        AssertNoMatch(text, quote);
    }

    [Fact]
    public void EveryOccurrenceIsReturnedInOrder()
    {
        const string text = "The talks were useful. Putin said the talks were useful. Abe said\nthe talks\twere useful.";
        var spans = new QuoteMatcher(text).FindAll("talks were useful");
        Assert.Equal(3, spans.Count);
        Assert.True(spans[0].Start < spans[1].Start && spans[1].Start < spans[2].Start);
        Assert.Equal("talks were useful", text[spans[0].Start..spans[0].End]);
        Assert.Equal("talks were useful", text[spans[1].Start..spans[1].End]);
        Assert.Equal("talks\twere useful", text[spans[2].Start..spans[2].End]);
    }

    [Fact]
    public void FindAllCanBeLimitedToARange()
    {
        const string text = "talks were useful; talks were useful; talks were useful";
        var all = new QuoteMatcher(text).FindAll("talks were useful");
        Assert.Equal(3, all.Count);
        var middle = new QuoteMatcher(text).FindAll("talks were useful", all[1].Start, all[1].End);
        Assert.Equal(all[1], Assert.Single(middle));
    }

    [Fact]
    public void SpansMapBackToTheOriginalPassageWhateverTheTypography()
    {
        const string text = "Preamble.\nJapan calls Kunashir\u00A0and Iturup its \u201Cinherent territory\u201D \u2014 a position\u2026 Moscow\r\n  rejects. After.";
        var spans = new QuoteMatcher(text).FindAll("Japan calls Kunashir and Iturup its \"inherent territory\" -- a position... Moscow rejects");
        var (start, end) = Assert.Single(spans);
        Assert.Equal(text.IndexOf("Japan", StringComparison.Ordinal), start);
        Assert.Equal(text.IndexOf(". After", StringComparison.Ordinal), end);
        Assert.Equal("Japan calls Kunashir\u00A0and Iturup its \u201Cinherent territory\u201D \u2014 a position\u2026 Moscow\r\n  rejects", text[start..end]);
    }

    [Fact]
    public void AQuoteEndingInACurlyQuoteOrEllipsisIncludesIt()
    {
        const string text = "he said \u201Cstep by step.\u201D Then\u2026";
        Assert.Equal("\u201Cstep by step.\u201D", FindOne(text, "\"step by step.\""));
        Assert.Equal("Then\u2026", FindOne(text, "Then..."));
    }

    [Fact]
    public void EmptyOrBlankQuotesMatchNothing()
    {
        var matcher = new QuoteMatcher("some text");
        Assert.Empty(matcher.FindAll(""));
        Assert.Empty(matcher.FindAll(" \t\n "));
    }

    [Fact]
    public void NormalizeFoldsTypographyAndTrims()
    {
        Assert.Equal("the \"islands'\" - all... of them", QuoteMatcher.Normalize("  the\u00A0\u201Cislands\u2019\u201D \u2014\u2014 all\u2026\tof\n them \n"));
    }

    [Fact]
    public void ALongQuoteIsNormalizedAsAShortOne()
    {
        // Past 256 characters a quote is folded in a pooled buffer, which may hold an earlier, longer quote's characters.
        var tail = string.Concat(Enumerable.Repeat("and so\u2026 on \u2014 ", 40));
        QuoteMatcher.Normalize(new string('x', 2000));
        var folded = QuoteMatcher.Normalize("  \u201Cislands\u201D " + tail);
        Assert.Equal("\"islands\" " + string.Concat(Enumerable.Repeat("and so... on - ", 40)).TrimEnd(), folded);
        var matcher = new QuoteMatcher("Before. \u201Cislands\u201D " + tail + "After.");
        Assert.Equal([(8, 8 + ("\u201Cislands\u201D " + tail).TrimEnd().Length)], matcher.FindAll("\"islands\" " + tail));
    }

    [Fact]
    public void LongestMatchingPrefixSaysWhereTheQuoteDeparts()
    {
        const string text = "Putin thanked Abe, with whom they held 26 personal meetings, for their joint work.";
        var prefix = new QuoteMatcher(text).LongestMatchingPrefix("with whom they held 27 personal meetings");
        Assert.NotNull(prefix);
        Assert.Equal("with whom they held 2", prefix!.Value.MatchedPrefix);
        Assert.Equal("6 personal", text.Substring(prefix.Value.SourceOffset, 10));
    }

    [Fact]
    public void LongestMatchingPrefixIgnoresTrivialOverlaps()
    {
        Assert.Null(new QuoteMatcher("Putin thanked Abe").LongestMatchingPrefix("Putin said nothing at all"));
    }
}
