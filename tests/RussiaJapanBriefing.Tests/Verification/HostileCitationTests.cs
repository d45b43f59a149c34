using System.Text;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Citations, dates and seed files under hostile or careless editing: a source changed or removed under existing
/// claims, quotes that are nearly right, impossible dates, files that are not text. Every affected claim is named;
/// nothing is published on evidence that is no longer there.
/// </summary>
public class HostileCitationTests
{
    private static string SeedShown(TempBook book, string id) => PathDisplay.Relative(Path.Combine(book.Seeds, id + ".txt"));

    private static string Q(string s) => HostileBookFixture.Q(s);

    /// <summary>(line, column) of every value <paramref name="value"/> after "<paramref name="key"/>: " in a YAML text.</summary>
    private static List<(int Line, int Column)> Positions(string yaml, string key, string value)
    {
        var lines = yaml.Split('\n');
        var found = new List<(int, int)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf($"{key}: {value}", StringComparison.Ordinal);
            if (at >= 0 && lines[i].AsSpan(at + key.Length + 2 + value.Length).Trim().Length == 0)
                found.Add((i + 1, at + key.Length + 3));
        }
        return found;
    }

    private const string SecondClaimOnTheSamePassage = """
        claims:
          - id: treaty-talks-again
            text: The leaders agreed to continue talks.
            about: [putin]
            cite:
              - source: tass-2018
                quote: The two leaders agreed to continue talks
        """;

    // ---- a source edited or removed under existing claims --------------------------------------------------------

    [Fact]
    public void EditingASourceReportsEveryClaimThatCitedTheChangedPassage()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", SecondClaimOnTheSamePassage);
        Assert.True(book.Check().Succeeded);

        book.Seed("tass-2018", SampleBook.TassText.Replace("agreed to continue talks", "agreed to resume talks", StringComparison.Ordinal));
        var result = book.Check();
        Assert.False(result.Succeeded);
        var errors = result.Errors();
        Assert.True(errors.Count == 2 && errors.All(e => e.Code == Codes.QuoteNotFound.Id), errors.Dump());

        var (tassLine, tassColumn) = Assert.Single(Positions(SampleBook.TassYaml, "quote", "agreed to continue talks on a peace treaty"));
        Assert.Contains(errors, e => e.Location == new Location(book.Shown("sources/tass-2018.yaml"), tassLine, tassColumn));
        Assert.Contains(errors, e => e.Location == new Location(book.Shown("zz.yaml"), 7, 16));
        Assert.All(errors, e => Assert.Contains("at line 5", e.Hint));
        Assert.All(errors, e => Assert.Contains("resume talks", e.Hint));
    }

    [Fact]
    public void RemovingASeedReportsEveryCitationOfIt()
    {
        using var book = SampleBook.Create();
        File.Delete(Path.Combine(book.Seeds, "tass-2018.txt"));
        var errors = book.Check().Errors();

        var citations = Positions(SampleBook.TassYaml, "source", "tass-2018");
        Assert.Equal(5, citations.Count);
        var shown = book.Shown("sources/tass-2018.yaml");
        foreach (var (line, column) in citations)
            Assert.True(errors.Any(e => e.Code == Codes.UnknownSource.Id && e.Location == new Location(shown, line, column)),
                $"no error for the citation at {shown}({line},{column}):{Environment.NewLine}{errors.Dump()}");
        var annotation = errors.Single(e => e.Location == new Location(shown, 2, 9));
        Assert.Equal(Codes.UnknownSource.Id, annotation.Code);
        // Nothing else: the key fact and the disagreement naming these claims are not reported again.
        Assert.Equal(6, errors.Count);
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x00, 0x42, 0x0A })]
    [InlineData(new byte[] { 0x4B, 0x75, 0x72, 0x69, 0x6C, 0xE9, 0x0A })]
    [InlineData(new byte[] { 0x20, 0x0A })]
    public void ASeedThatBecameUnreadableReportsItselfAndEveryCitationOfIt(byte[] content)
    {
        using var book = SampleBook.Create();
        File.WriteAllBytes(Path.Combine(book.Seeds, "tass-2018.txt"), content);
        var errors = book.Check().Errors();
        Assert.Contains(errors, e => e.Code == Codes.UnreadableSource.Id && e.Location.Path == SeedShown(book, "tass-2018"));
        var shown = book.Shown("sources/tass-2018.yaml");
        foreach (var (line, column) in Positions(SampleBook.TassYaml, "source", "tass-2018"))
            Assert.Contains(errors, e => e.Location == new Location(shown, line, column)
                && e.Message.Contains("cannot be used", StringComparison.Ordinal) && e.Hint == $"see the error at {SeedShown(book, "tass-2018")}");
        // The file is there: nothing may claim it is missing.
        Assert.DoesNotContain(errors, e => e.Message.Contains("no seed file", StringComparison.Ordinal) || e.Message.StartsWith("unknown source", StringComparison.Ordinal));
    }

    // ---- quotes that are nearly right -------------------------------------------------------------------------

    [Fact]
    public void AQuoteWithATypoNearItsStartGetsAHintShowingTheClosestPassage()
    {
        // "Shinso" for "Shinzo": only four letters match before the typo, but the rest of the quote is verbatim
        // source text. The hint must still lead the editor to line 4 and show how the source reads there.
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "claims:\n  - id: typo\n    text: T\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: Shinso Abe met in the Kremlin on Saturday\n");
        var d = book.Check().Errors().One(Codes.QuoteNotFound.Id);
        d.AssertAt(book.Shown("zz.yaml"), 7, 16);
        Assert.NotNull(d.Hint);
        Assert.Contains("line 4", d.Hint);
        Assert.Contains("Shinzo", d.Hint);
    }

    [Fact]
    public void AQuoteWithATypoNearItsEndSaysWhereItDeparts()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "claims:\n  - id: typo\n    text: T\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: Shinzo Abe met in the Kremlin on Saturdya\n");
        var d = book.Check().Errors().One(Codes.QuoteNotFound.Id);
        Assert.NotNull(d.Hint);
        Assert.Contains("Kremlin on Saturd\" at line 4", d.Hint);
        Assert.Contains("where the source goes on \"ay. The two leaders", d.Hint);
        Assert.EndsWith("and the quote \"ya\"", d.Hint);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"\\u00A0\\t\\n\"")]
    [InlineData("\"\\t\"")]
    public void AnEmptyQuoteIsOneErrorAtTheQuote(string quote)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", $"claims:\n  - id: empty-quote\n    text: T\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: {quote}\n");
        var errors = book.Check().Errors();
        var d = Assert.Single(errors);
        Assert.Equal(Codes.EmptyQuote.Id, d.Code);
        Assert.Equal(book.Shown("zz.yaml"), d.Location.Path);
        Assert.Equal(7, d.Location.Line);
    }

    // ---- seeds with a byte-order mark or CRLF ------------------------------------------------------------------

    [Theory]
    [InlineData(true, "\n")]
    [InlineData(false, "\r\n")]
    [InlineData(true, "\r\n")]
    public void SeedsWithAByteOrderMarkOrCrlfAreCitedExactly(bool bom, string newline)
    {
        using var book = SampleBook.Create();
        var text = SampleBook.TassText.Replace("\n", newline, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(book.Seeds, "tass-2018.txt"), text, new UTF8Encoding(bom));
        book.Yaml("zz.yaml", "claims:\n  - id: in-boilerplate\n    text: T\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: Subscribe to TASS on Telegram\n");
        var errors = book.Check().Errors();
        errors.One(Codes.QuoteInBoilerplate.Id).AssertAt(book.Shown("zz.yaml"), 7, 16);
        Assert.Single(errors);

        book.Delete("zz.yaml");
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var source = result.Book!.SourceById["tass-2018"];
        Assert.False(source.Text.StartsWith('\uFEFF'), "the byte-order mark is part of the text");
        foreach (var claim in result.Book.Claims)
            foreach (var citation in claim.Citations.Where(c => c.Passage.SourceId == "tass-2018"))
                Assert.Equal(citation.Quote, source.Text[citation.Passage.Start..citation.Passage.End]);
        var inherent = result.Book.ClaimById["inherent-territory"].Citations[0];
        Assert.Equal("Japan calls Kunashir and Iturup its \u201Cinherent territory\u201D \u2014 a position Moscow rejects", inherent.Quote);
        Assert.Equal(6, source.Lines().Single(l => l.Start <= inherent.Passage.Start && inherent.Passage.Start < l.End).Number);
        Assert.Equal([1, 8], source.Lines().Where(l => l.Boilerplate is not null).Select(l => l.Number));
    }

    // ---- seed files that are not article text ------------------------------------------------------------------

    [Fact]
    public void EveryUnreadableSeedIsReportedOnceInOneRun()
    {
        using var book = SampleBook.Create();
        File.WriteAllBytes(Path.Combine(book.Seeds, "a-latin1.txt"), [0x4B, 0x75, 0x72, 0x69, 0x6C, 0xE9, 0x0A]);
        File.WriteAllBytes(Path.Combine(book.Seeds, "b-binary.txt"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]);
        File.WriteAllBytes(Path.Combine(book.Seeds, "c-empty.txt"), []);
        File.WriteAllText(Path.Combine(book.Seeds, "d-escape.txt"), "Text with a terminal escape \u001B[31m in it.\n");
        File.WriteAllBytes(Path.Combine(book.Seeds, "e-bom-only.txt"), [0xEF, 0xBB, 0xBF]);
        File.WriteAllText(Path.Combine(book.Seeds, "f-c1.txt"), "Line one.\nA C1 control \u0085 here.\n");
        var errors = book.Check().Errors();
        Assert.All(errors, e => Assert.Equal(Codes.UnreadableSource.Id, e.Code));
        Assert.Equal(new[] { "a-latin1", "b-binary", "c-empty", "d-escape", "e-bom-only", "f-c1" }.Select(id => SeedShown(book, id)),
            errors.Select(e => e.Location.Path));
        errors.Single(e => e.Location.Path == SeedShown(book, "d-escape")).AssertAt(SeedShown(book, "d-escape"), 1, 29);
        Assert.Contains("U+001B", errors.Single(e => e.Location.Path == SeedShown(book, "d-escape")).Message);
    }

    // ---- dates -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2018-02-30")]
    [InlineData("2019-02-29")]
    [InlineData("2018-05-26/2018-05-01")]
    [InlineData("2018/2016")]
    [InlineData("26 May 2018")]
    [InlineData("2018-5-26")]
    [InlineData("2018-05-26T10:00")]
    [InlineData("last June")]
    [InlineData("2018-02-30/2018-03-01")]
    [InlineData("2018-05-26//2018-05-27")]
    [InlineData("")]
    public void AnInvalidClaimDateIsOneErrorAtTheDate(string date)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", $"claims:\n  - id: badly-dated\n    text: T\n    about: [abe]\n    date: {Q(date)}\n    cite:\n      - source: tass-2018\n        quote: agreed to continue talks on a peace treaty\n");
        var errors = book.Check().Errors();
        var d = Assert.Single(errors);
        Assert.Equal(Codes.InvalidDate.Id, d.Code);
        d.AssertAt(book.Shown("zz.yaml"), 5, 11);
    }

    [Theory]
    [InlineData("2016-12-16/2016-12-15")]
    [InlineData("2016-13")]
    [InlineData("Thursday")]
    public void AnInvalidMeetingDateIsOneErrorAtTheDate(string date)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", $"meetings:\n  - id: badly-dated\n    name: M\n    summary: S\n    date: {Q(date)}\n");
        var d = Assert.Single(book.Check().Errors());
        Assert.Equal(Codes.InvalidDate.Id, d.Code);
        d.AssertAt(book.Shown("zz.yaml"), 5, 11);
    }

    [Fact]
    public void PlannedFalseIsStillWarnedWhenDatedAfterTheSource()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "claims:\n  - id: later\n    text: T\n    about: [abe]\n    date: 2018-09\n    planned: false\n    cite:\n      - source: tass-2018\n        quote: agreed to continue talks on a peace treaty\n");
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var d = result.Diagnostics.One(Codes.DatedAfterSource.Id);
        Assert.Equal(Severity.Warning, d.Severity);
        d.AssertAt(book.Shown("zz.yaml"), 2, 9);
        Assert.False(result.Book!.ClaimById["later"].Planned);
    }
}
