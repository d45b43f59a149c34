using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests;

public class PartialDateTests
{
    private static PartialDate Parse(string text)
    {
        Assert.True(PartialDate.TryParse(text, out var date, out var error), $"'{text}' should parse, got: {error}");
        Assert.NotNull(date);
        return date!;
    }

    private static string Reject(string text)
    {
        Assert.False(PartialDate.TryParse(text, out var date, out var error), $"'{text}' should not parse, got {date}");
        Assert.Null(date);
        Assert.False(string.IsNullOrWhiteSpace(error), $"rejecting '{text}' should say why");
        return error;
    }

    [Fact]
    public void ParsesAYear()
    {
        var d = Parse("1956");
        Assert.Equal(new DatePoint(1956), d.Start);
        Assert.Null(d.End);
        Assert.Equal(1956, d.Year);
    }

    [Fact]
    public void ParsesAMonth()
    {
        var d = Parse("2018-05");
        Assert.Equal(new DatePoint(2018, 5), d.Start);
        Assert.Null(d.End);
    }

    [Fact]
    public void ParsesADay()
    {
        var d = Parse("2016-12-15");
        Assert.Equal(new DatePoint(2016, 12, 15), d.Start);
    }

    [Fact]
    public void ParsesARangeOfDays()
    {
        var d = Parse("2016-12-15/2016-12-16");
        Assert.Equal(new DatePoint(2016, 12, 15), d.Start);
        Assert.Equal(new DatePoint(2016, 12, 16), d.End);
    }

    [Fact]
    public void ParsesARangeWhoseEndsHaveDifferentPrecision()
    {
        var d = Parse("2018-05-26/2018-06");
        Assert.Equal(new DatePoint(2018, 5, 26), d.Start);
        Assert.Equal(new DatePoint(2018, 6), d.End);
        var y = Parse("1945/1956-10-19");
        Assert.Equal(new DatePoint(1945), y.Start);
        Assert.Equal(new DatePoint(1956, 10, 19), y.End);
    }

    [Theory]
    [InlineData("1945~", true, false)]
    [InlineData("2019?", false, true)]
    [InlineData("2019%", true, true)]
    [InlineData("2018-05~", true, false)]
    [InlineData("2018-05-26?", false, true)]
    [InlineData("1956", false, false)]
    public void ParsesQualifiers(string text, bool approximate, bool uncertain)
    {
        var d = Parse(text);
        Assert.Equal(approximate, d.Start.Approximate);
        Assert.Equal(uncertain, d.Start.Uncertain);
    }

    [Fact]
    public void QualifiersApplyToEachEndOfARangeSeparately()
    {
        var d = Parse("1945~/1956?");
        Assert.True(d.Start.Approximate);
        Assert.False(d.Start.Uncertain);
        Assert.False(d.End!.Approximate);
        Assert.True(d.End.Uncertain);
    }

    [Fact]
    public void SurroundingWhiteSpaceIsIgnored()
    {
        Assert.Equal(new DatePoint(2018, 5), Parse("  2018-05 ").Start);
    }

    [Theory]
    [InlineData("1956")]
    [InlineData("2018-05")]
    [InlineData("2016-12-15")]
    [InlineData("2016-12-15/2016-12-16")]
    [InlineData("1945~")]
    [InlineData("2019?")]
    [InlineData("2019%")]
    [InlineData("2018-05-26~")]
    [InlineData("1945~/1956?")]
    [InlineData("2018-05/2018-06-03")]
    [InlineData("0001-01-01")]
    public void ToStringRoundTrips(string text)
    {
        var d = Parse(text);
        Assert.Equal(text, d.ToString());
        Assert.Equal(d, Parse(d.ToString()));
    }

    [Theory]
    [InlineData("2020-08-31", "31 August 2020")]
    [InlineData("2018-05", "May 2018")]
    [InlineData("1956", "1956")]
    [InlineData("1945~", "c. 1945")]
    [InlineData("2019?", "2019 (uncertain)")]
    [InlineData("2019%", "c. 2019 (uncertain)")]
    [InlineData("2018-05-26~", "c. 26 May 2018")]
    [InlineData("2016-12-15/2016-12-16", "15–16 December 2016")]
    [InlineData("2016-11-30/2016-12-02", "30 November – 2 December 2016")]
    [InlineData("2016-12-30/2017-01-02", "30 December 2016 – 2 January 2017")]
    [InlineData("2018-05/2018-06", "May–June 2018")]
    [InlineData("1956/1960", "1956 – 1960")]
    [InlineData("1945~/1956", "c. 1945 – 1956")]
    [InlineData("2016-12-15~/2016-12-16", "c. 15 December 2016 – 16 December 2016")]
    public void DisplaysForReaders(string text, string expected)
    {
        Assert.Equal(expected, Parse(text).Display());
    }

    [Fact]
    public void OrdersChronologicallyWithCoarserPrecisionFirst()
    {
        string[] sorted = ["1945~", "1956", "1956-10", "1956-10-19", "2016-12-15", "2016-12-15/2016-12-16", "2016-12-16", "2018", "2018-05-26"];
        var shuffled = sorted.Reverse().Concat(sorted.Where((_, i) => i % 2 == 0)).Select(Parse).ToList();
        var ordered = shuffled.Order().Select(d => d.ToString()).Distinct().ToList();
        Assert.Equal(sorted, ordered);
    }

    [Fact]
    public void CompareToIsConsistent()
    {
        var a = Parse("2018-05");
        var b = Parse("2018-05-01");
        var c = Parse("2018-06");
        Assert.True(a.CompareTo(b) < 0);
        Assert.True(b.CompareTo(a) > 0);
        Assert.True(b.CompareTo(c) < 0);
        Assert.Equal(0, a.CompareTo(Parse("2018-05")));
        Assert.True(a.CompareTo(null) > 0);
    }

    [Theory]
    [InlineData("2018-02-30")]
    [InlineData("2018-04-31")]
    [InlineData("2019-02-29")]
    [InlineData("1900-02-29")]
    [InlineData("2018-01-32")]
    [InlineData("2018-01-00")]
    public void RejectsImpossibleDays(string text)
    {
        var error = Reject(text);
        Assert.Contains("is not a real day", error);
    }

    [Theory]
    [InlineData("2020-02-29")]
    [InlineData("2000-02-29")]
    [InlineData("2016-02-29")]
    public void AcceptsLeapDays(string text)
    {
        Assert.Equal(29, Parse(text).Start.Day);
    }

    [Theory]
    [InlineData("2018-13")]
    [InlineData("2018-00")]
    [InlineData("2018-13-01")]
    [InlineData("0000")]
    public void RejectsMonthsAndYearsThatDoNotExist(string text)
    {
        Assert.Contains("does not exist", Reject(text));
    }

    [Theory]
    [InlineData("2018/2017")]
    [InlineData("2016-12-16/2016-12-15")]
    [InlineData("2018-06/2018-05-31")]
    [InlineData("2018-05-26/2018-04")]
    public void RejectsRangesThatEndBeforeTheyStart(string text)
    {
        Assert.Contains("ends before it starts", Reject(text));
    }

    [Fact]
    public void AcceptsARangeOfOneDay()
    {
        var d = Parse("2018-05-26/2018-05-26");
        Assert.Equal(d.Start, d.End);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("May 2018")]
    [InlineData("18")]
    [InlineData("2018-5")]
    [InlineData("2018-05-1")]
    [InlineData("20180526")]
    [InlineData("2018-05-26T10:00")]
    [InlineData("2018~?")]
    [InlineData("~2018")]
    [InlineData("2018/")]
    [InlineData("/2018")]
    [InlineData("12018")]
    [InlineData("26.05.2018")]
    public void RejectsGarbage(string text)
    {
        Assert.Contains("is not a date", Reject(text));
    }

    [Fact]
    public void RejectsMoreThanOneSlash()
    {
        Assert.Contains("more than one '/'", Reject("2018/2019/2020"));
    }

    // Digits other than ASCII 0-9 (Arabic-Indic, full-width) are not EDTF. TryParse must say so, not throw:
    // the loader calls it on whatever an editor typed, and an exception there aborts the whole run.
    [Theory]
    [InlineData("\u0662\u0660\u0661\u0668")]            // ٢٠١٨
    [InlineData("\uFF12\uFF10\uFF11\uFF18-05")]          // ２０１８-05
    [InlineData("2018-\u0660\u0665")]                   // 2018-٠٥
    public void NonAsciiDigitsAreRejectedNotThrown(string text)
    {
        var exception = Record.Exception(() => PartialDate.TryParse(text, out _, out _));
        Assert.Null(exception);
        Reject(text);
    }

    [Fact]
    public void DatePointToStringPadsYearsMonthsAndDays()
    {
        Assert.Equal("0987-03-04", new DatePoint(987, 3, 4).ToString());
        Assert.Equal("2019%", new DatePoint(2019, Approximate: true, Uncertain: true).ToString());
    }
}
