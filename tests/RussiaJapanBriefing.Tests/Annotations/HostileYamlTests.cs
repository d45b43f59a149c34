using System.Text;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Every way an editor can get the YAML wrong gets one precise diagnostic at the right line and column, and
/// nothing that was written correctly is silently dropped. (Basic syntax errors, tabs, unknown keys, duplicate keys
/// and empty files are in <see cref="AnnotationLoaderTests"/>; these are the harder cases.)
/// </summary>
public class HostileYamlTests
{
    private const string File = "content/hostile.yaml";

    private static (AnnotationSet Set, IReadOnlyList<Diagnostic> Diagnostics) Load(string yaml)
    {
        var bag = new DiagnosticBag();
        var set = Bounded.Run(() => AnnotationLoader.LoadText(File, yaml, bag), "loading the YAML");
        return (set, bag.Sorted());
    }

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private static void WriteWithBom(TempBook book, string relative, string text) =>
        System.IO.File.WriteAllText(book.ContentFile(relative), text, Utf8WithBom);

    private static string Lines(string text, string newline) => text.ReplaceLineEndings("\n").Replace("\n", newline, StringComparison.Ordinal);

    // ---- byte-order marks ----------------------------------------------------------------------------------------

    [Fact]
    public void FilesWithAByteOrderMarkLoadLikeAnyOther()
    {
        using var book = SampleBook.Create();
        foreach (var (path, yaml) in SampleBook.ContentFiles) WriteWithBom(book, path, yaml);
        Assert.Equal([0xEF, 0xBB, 0xBF], System.IO.File.ReadAllBytes(book.ContentFile("book.yaml"))[..3]);
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.Equal(SampleBook.ClaimCount, result.Book!.Claims.Count);
        Assert.Equal(SampleBook.EntityCount, result.Book.Entities.Count);
        Assert.Equal("Sample briefing: the Kuril Islands", result.Book.Title);
    }

    [Fact]
    public void AByteOrderMarkDoesNotShiftLineNumbersOrBecomePartOfTheFirstKey()
    {
        using var book = SampleBook.Create();
        WriteWithBom(book, "zz.yaml", "islands:\n  - id: habomai\n    name: Habomai\n    sumary: Islets.\n");
        var errors = book.Check().Errors();
        var unknown = errors.One(Codes.UnknownKey.Id);
        unknown.AssertAt(book.Shown("zz.yaml"), 4, 5);
        Assert.Contains("'sumary'", unknown.Message);
        Assert.DoesNotContain(errors, e => e.Message.Contains('\uFEFF') || e.Location.Line == 1);
    }

    // ---- line endings ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void FilesWithOtherLineEndingsLoadLikeAnyOther(string newline)
    {
        using var book = SampleBook.Create();
        foreach (var (path, yaml) in SampleBook.ContentFiles) book.Yaml(path, Lines(yaml, newline));
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.Equal(SampleBook.ClaimCount, result.Book!.Claims.Count);
        Assert.Equal(SampleBook.EntityCount, result.Book.Entities.Count);
        // Block scalars come out with plain '\n', whatever the file used.
        Assert.DoesNotContain('\r', result.Book.Summary);
        Assert.Equal("A small book for tests, about **Kunashir** and the other islands.\n", result.Book.Summary);
    }

    private const string SeveralErrors = """
        islands:
          - id: habomai
            name: Habomai
            summary: Islets.
            relatd: [shikotan]
          - id: Bad Id
            name: B
            summary: S
        claims:
          - id: habomai-date
            text: "Something."
            about: [habomai]
            date: 2018-02-30
            cite:
              - source: tass-2018
                quote: Shinzo Abe met in the Kremlin
          - id: habomai-quote
            text: Something else.
            about: [shikotan, habomia]
            cite:
              - source: tass-2018
                quote: Nothing like this was said
        """;

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void DiagnosticsInFilesWithOtherLineEndingsPointAtTheSameLinesAndColumns(string newline)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", SeveralErrors);
        var expected = book.Check().Diagnostics.Where(d => d.Location.Path == book.Shown("zz.yaml"))
            .Select(d => (d.Code, d.Location.Line, d.Location.Column)).ToList();
        Assert.Equal(5, expected.Count);

        book.Yaml("zz.yaml", Lines(SeveralErrors, newline));
        var actual = book.Check().Diagnostics.Where(d => d.Location.Path == book.Shown("zz.yaml"))
            .Select(d => (d.Code, d.Location.Line, d.Location.Column)).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ATabInAFileWithCrlfIsReportedAtTheTab()
    {
        var d = Load("islands:\r\n  - id: a\r\n\t  name: A\r\n").Diagnostics.One(Codes.YamlSyntax.Id);
        d.AssertAt(File, 3, 1);
        Assert.NotNull(d.Hint);
    }

    // ---- very large files --------------------------------------------------------------------------------------

    [Fact]
    public void FiveThousandClaimsInOneFileLoadAndVerify()
    {
        const int count = 5000;
        using var book = new TempBook();
        var seed = new StringBuilder("Wire service\n");                                              // line 1, boilerplate
        for (var i = 1; i <= count; i++) seed.Append($"Statement {i} was made by delegation {i % 7} on day {i}.\n"); // line i + 1
        book.Seed("big-2019", seed.ToString());
        book.Yaml("book.yaml", "book:\n  title: Big\n  summary: A book with many claims.\n  key_facts: [claim-0001, claim-5000]\n");
        book.Yaml("entities.yaml", "leaders:\n" + string.Concat(Enumerable.Range(0, 5).Select(k => $"  - id: leader-{k}\n    name: Leader {k}\n    summary: S.\n")));
        var yaml = new StringBuilder("sources:\n  - id: big-2019\n    outlet: Wire\n    headline: Many statements\n    published: 2019-06-30\n    boilerplate:\n      - lines: 1\n        reason: Masthead\nclaims:\n");
        for (var i = 1; i <= count; i++)
        {
            var day = new DateOnly(2018, 1, 1).AddDays(i % 365);
            yaml.Append($"  - id: claim-{i:D4}\n    text: Statement number {i}.\n    about: [leader-{i % 5}]\n    date: {day:yyyy-MM-dd}\n")
                .Append($"    cite:\n      - source: big-2019\n        quote: \"Statement {i} was made\"\n");
        }
        book.Yaml("sources/big-2019.yaml", yaml.ToString());

        var result = Bounded.Run(book.Check, "checking 5,000 claims", TimeSpan.FromMinutes(3));
        Assert.True(result.Succeeded, result.Diagnostics.Take(20).Dump());
        // The one seed holds all 5,000 quoted statements, so it is rightly flagged as longer than any article.
        Assert.Equal([Codes.LongSource], result.Diagnostics.Select(d => d.Descriptor));
        var b = result.Book!;
        Assert.Equal(count, b.Claims.Count);
        Assert.Equal(count, b.Chronology.Count);
        var source = b.SourceById["big-2019"];
        foreach (var i in new[] { 1, 2, 9, 10, 99, 100, 999, 1000, 2500, 4999, 5000 })
        {
            var citation = Assert.Single(b.ClaimById[$"claim-{i:D4}"].Citations);
            Assert.Equal($"Statement {i} was made", citation.Quote);
            Assert.Equal(citation.Quote, source.Text[citation.Passage.Start..citation.Passage.End]);
            Assert.Equal(i + 1, source.Lines().Single(l => l.Start <= citation.Passage.Start && citation.Passage.Start < l.End).Number);
        }
        Assert.Equal(count, b.Claims.Select(c => c.Citations[0].Passage).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 5).Select(k => count / 5), Enumerable.Range(0, 5).Select(k => b.ClaimsAbout[$"leader-{k}"].Count()));
    }

    [Fact]
    public void FiveThousandBrokenClaimsAreAllReportedInOrder()
    {
        const int count = 5000;
        using var book = SampleBook.Create();
        var yaml = new StringBuilder("claims:\n");
        for (var i = 1; i <= count; i++)
            yaml.Append($"  - id: broken-{i:D4}\n    text: Broken {i}.\n    about: [nobody-{i}]\n")
                .Append("    cite:\n      - source: tass-2018\n        quote: agreed to continue talks on a peace treaty\n");
        book.Yaml("zz.yaml", yaml.ToString());
        var result = Bounded.Run(book.Check, "checking 5,000 broken claims", TimeSpan.FromMinutes(3));
        var errors = result.Errors();
        Assert.Equal(count, errors.Count);
        Assert.All(errors, e => Assert.Equal(Codes.UnknownEntity.Id, e.Code));
        // claim i starts on line 2 + 6(i-1); its 'about' item is two lines below
        Assert.Equal(Enumerable.Range(1, count).Select(i => 4 + 6 * (i - 1)), errors.Select(e => e.Location.Line));
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"unknown entity 'nobody-{i}'"), errors.Select(e => e.Message));
    }

    // ---- nothing written correctly is dropped ------------------------------------------------------------------

    [Fact]
    public void ContentAfterAnEmptyFirstDocumentIsNotSilentlyDropped()
    {
        // "---" twice (a stray document marker) makes an empty first document; the islands after it are real content.
        var (set, diagnostics) = Load("---\n---\nislands:\n  - id: habomai\n    name: Habomai\n    summary: Islets.\n");
        Assert.True(set.Entities.Any(e => e.Id.Value == "habomai") || diagnostics.Any(d => d.Severity == Severity.Error),
            "the file's islands were dropped with no more than a warning:" + Environment.NewLine + diagnostics.Dump());
    }

    [Theory]
    [InlineData("---\n")]
    [InlineData("...\n")]
    [InlineData("---\n# nothing more\n")]
    public void ATrailingDocumentMarkerIsNotAnError(string trailer)
    {
        var text = "islands:\n  - id: habomai\n    name: Habomai\n    summary: Islets.\n" + trailer;
        var (set, diagnostics) = Load(text);
        Assert.Equal("habomai", Assert.Single(set.Entities).Id.Value);
        Assert.True(diagnostics.All(d => d.Severity == Severity.Warning), diagnostics.Dump());
        var lines = text.Split('\n').Length - 1;
        Assert.All(diagnostics, d => Assert.True(d.Location.Line <= lines, $"{d} points past the last line ({lines})"));
    }

    [Fact]
    public void TwoDocumentsInOneFileAreBothRead()
    {
        var (set, diagnostics) = Load("islands:\n  - id: habomai\n    name: Habomai\n    summary: Islets.\n---\nleaders:\n  - id: abe\n    name: Abe\n    summary: S.\n");
        Assert.Empty(diagnostics);
        Assert.Equal(["habomai", "abe"], set.Entities.Select(e => e.Id.Value));
        Assert.Equal(7, set.Entities[1].Id.Location.Line);
    }

    // ---- one mistake, one diagnostic ---------------------------------------------------------------------------

    [Theory]
    [InlineData("islands:\n  - kunashir\n", 2, 5)]
    [InlineData("islands:\n  - [kunashir, iturup]\n", 2, 5)]
    [InlineData("claims:\n  - just a sentence\n", 2, 5)]
    [InlineData("book: [a, b]\n", 1, 7)]
    [InlineData("book: My briefing\n", 1, 7)]
    [InlineData("sources:\n  - 001_8ae617a3b1e9327b\n", 2, 5)]
    [InlineData("claims:\n  - id: c\n    text: t\n    about: [a]\n    cite:\n      - tass-2018\n", 6, 9)]
    [InlineData("islands:\n  - id: a\n    name: A\n    summary: S\n    aliases:\n      - [A1, A2]\n", 6, 9)]
    [InlineData("sources:\n  - id: s\n    outlet: O\n    headline: H\n    published: 2018\n    boilerplate:\n      - 1-3\n", 7, 9)]
    public void AnItemThatIsNotAMappingIsOneWrongTypeError(string yaml, int line, int column)
    {
        var diagnostics = Load(yaml).Diagnostics;
        var d = Assert.Single(diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(Codes.WrongType.Id, d.Code);
        d.AssertAt(File, line, column);
    }

    [Theory]
    [InlineData("quote: [a, b]", 7)]
    [InlineData("quote: { text: a }", 7)]
    [InlineData("quote:\n          - a", 8)]
    public void AQuoteOfTheWrongTypeIsOneWrongTypeError(string quote, int line)
    {
        var diagnostics = Load($"claims:\n  - id: c\n    text: t\n    about: [a]\n    cite:\n      - source: s\n        {quote}\n").Diagnostics;
        var d = Assert.Single(diagnostics);
        Assert.Equal(Codes.WrongType.Id, d.Code);
        Assert.Equal(line, d.Location.Line);
    }

    [Theory]
    [InlineData("islands:\n  - id: a\n    name: [a]\n    summary: S\n", "name", 3)]
    [InlineData("islands:\n  - id: a\n    name: A\n    summary: { a: b }\n", "summary", 4)]
    [InlineData("islands:\n  - id: a\n    name: A\n    summary: S\n    aliases: Kunashiri\n", "aliases", 5)]
    [InlineData("islands:\n  - id: a\n    name: A\n    summary: S\n    related: { kunashir: yes }\n", "related", 5)]
    [InlineData("islands:\n  - id: a\n    name: A\n    summary: S\n    cite: a citation\n", "cite", 5)]
    [InlineData("sources:\n  - id: s\n    outlet: O\n    headline: H\n    published: [2018]\n", "published", 5)]
    [InlineData("sources:\n  - id: s\n    outlet: O\n    headline: H\n    published: 2018\n    boilerplate: 1-3\n", "boilerplate", 6)]
    [InlineData("claims:\n  - id: c\n    text: t\n    about: { a: b }\n    cite: [{ source: s, quote: q }]\n", "about", 4)]
    [InlineData("claims:\n  - id: c\n    text: t\n    about: [a]\n    planned: [true]\n    cite: [{ source: s, quote: q }]\n", "planned", 5)]
    [InlineData("claims:\n  id: c\n  text: t\n", "claims", 2)]
    public void AValueOfTheWrongTypeIsOneErrorAtTheValue(string yaml, string key, int line)
    {
        var d = Assert.Single(Load(yaml).Diagnostics);
        Assert.Equal(Codes.WrongType.Id, d.Code);
        Assert.Contains($"'{key}'", d.Message);
        Assert.Equal(line, d.Location.Line);
    }

    [Theory]
    [InlineData("claims", "  - id: c\n    about: [a]\n    cite: [{ source: s, quote: q }]\n", "text")]
    [InlineData("claims", "  - id: c\n    text: t\n    cite: [{ source: s, quote: q }]\n", "about")]
    [InlineData("claims", "  - text: t\n    about: [a]\n    cite: [{ source: s, quote: q }]\n", "id")]
    [InlineData("sources", "  - id: s\n    headline: H\n    published: 2018\n", "outlet")]
    [InlineData("sources", "  - id: s\n    outlet: O\n    published: 2018\n", "headline")]
    [InlineData("disagreements", "  - id: d\n    about: [a]\n    claims: [x, y]\n    kind: sources\n", "topic")]
    [InlineData("disagreements", "  - id: d\n    topic: T\n    about: [a]\n    kind: sources\n", "claims")]
    [InlineData("book", "  summary: S\n", "title")]
    public void AMissingRequiredFieldIsOneErrorNamingTheField(string section, string body, string key)
    {
        var diagnostics = Load($"{section}:\n{body}").Diagnostics;
        var d = Assert.Single(diagnostics);
        Assert.Equal(Codes.MissingField.Id, d.Code);
        Assert.Contains($"'{key}'", d.Message);
        Assert.Equal(2, d.Location.Line);
    }

    [Fact]
    public void ABookWithAnErrorIsNotAlsoReportedAsMissing()
    {
        using var book = SampleBook.Create();
        book.Yaml("book.yaml", "book:\n  title: Sample\n  key_facts: [inherent-territory]\n");
        var errors = book.Check().Errors();
        var d = Assert.Single(errors);
        Assert.Equal(Codes.MissingField.Id, d.Code);
        Assert.Equal(book.Shown("book.yaml"), d.Location.Path);
        Assert.Contains("'summary'", d.Message);
    }

    /// <summary>
    /// A syntax error stops a whole file from loading, so the ids it defines are unknown to the rest of the book.
    /// The editor must see the one syntax error, not a flood of "unknown entity" errors for every claim about
    /// those entities (found by <see cref="FuzzTests"/>, where one typo in an entity file gave hundreds of RJB0203).
    /// </summary>
    [Fact]
    public void ASyntaxErrorInOneFileDoesNotFloodTheOthersWithUnknownReferences()
    {
        using var book = SampleBook.Create();
        book.Yaml("entities.yaml", SampleBook.EntitiesYaml.Replace("    name: Vladimir Putin", "    name: \"Vladimir Putin", StringComparison.Ordinal));
        var errors = book.Check().Errors();
        var syntax = errors.One(Codes.YamlSyntax.Id);
        Assert.Equal(book.Shown("entities.yaml"), syntax.Location.Path);
        var cascade = errors.Where(e => new[] { Codes.UnknownEntity.Id, Codes.WrongKind.Id, Codes.UnknownClaim.Id }.Contains(e.Code)).ToList();
        Assert.True(cascade.Count == 0, $"{cascade.Count} errors about ids the broken file defines:{Environment.NewLine}{cascade.Dump()}");
    }

    // ---- a claim must cite something -----------------------------------------------------------------------------

    [Theory]
    [InlineData("    cite:\n")]
    [InlineData("    cite: ~\n")]
    [InlineData("    cite: null\n")]
    [InlineData("    cite: []\n")]
    [InlineData("")]
    public void AClaimWithAnEmptyCiteIsRejected(string cite)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "claims:\n  - id: uncited-claim\n    text: Nothing backs this.\n    about: [abe]\n" + cite);
        var result = book.Check();
        Assert.False(result.Succeeded, "a claim with no citation was published");
        var d = result.Errors().One(Codes.NoCitation.Id);
        Assert.Equal(book.Shown("zz.yaml"), d.Location.Path);
        Assert.InRange(d.Location.Line, 2, 5);
    }

    // ---- characters that YAML does not allow -------------------------------------------------------------------

    [Theory]
    [InlineData('\u0007')]
    [InlineData('\u001B')]
    [InlineData('\u0008')]
    [InlineData('\u007F')]
    public void AControlCharacterInAnAnnotationIsAnErrorAtTheCharacter(char control)
    {
        // YAML streams may hold only printable characters; a stray BEL or ESC would otherwise reach the pages.
        var diagnostics = Load($"islands:\n  - id: a\n    name: Kuna{control}shir\n    summary: S\n").Diagnostics;
        var d = Assert.Single(diagnostics, x => x.Severity == Severity.Error);
        Assert.StartsWith("RJB01", d.Code);
        d.AssertAt(File, 3, 15);
    }

    // ---- duplicates --------------------------------------------------------------------------------------------

    [Fact]
    public void ASectionTwiceInOneFileIsADuplicateKeyAtTheSecond()
    {
        var d = Load("claims: []\nislands:\n  - id: a\n    name: A\n    summary: S\nclaims: []\n").Diagnostics.One(Codes.DuplicateKey.Id);
        d.AssertAt(File, 6, 1);
        Assert.Contains("claims", d.Message);
    }

    [Fact]
    public void DuplicateDisagreementIdsAcrossFilesReportBothPlaces()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "disagreements:\n  - id: talks-outcome\n    topic: Again\n    about: [putin]\n    claims: [talks-useful, moscow-meeting]\n    kind: sources\n");
        var d = book.Check().Errors().One(Codes.DuplicateId.Id);
        d.AssertAt(book.Shown("zz.yaml"), 2, 9);
        Assert.Equal($"first at {book.Shown("disagreements.yaml")}(2,9)", d.Hint);
    }

    [Fact]
    public void ASourceAnnotatedInTwoFilesReportsBothPlaces()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "sources:\n  - id: kyodo-2016\n    outlet: Kyodo again\n    headline: H\n    published: 2016-12-15\n");
        var d = book.Check().Errors().One(Codes.DuplicateId.Id);
        d.AssertAt(book.Shown("zz.yaml"), 2, 9);
        Assert.Equal($"first at {book.Shown("sources/kyodo-2016.yaml")}(2,9)", d.Hint);
    }

    [Fact]
    public void AnIdUsedByAClaimAndAnEntityIsAllowed()
    {
        // Claim ids and entity ids live apart (a claim is never a page), so the same word may name both.
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "claims:\n  - id: kunashir\n    text: T\n    about: [kunashir]\n    cite:\n      - source: tass-2018\n        quote: agreed to continue talks on a peace treaty\n");
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.Equal("kunashir", result.Book!.ClaimById["kunashir"].Id);
    }

    // ---- keys written in other legal ways ----------------------------------------------------------------------

    [Theory]
    [InlineData("\"id\": habomai")]
    [InlineData("'id': habomai")]
    [InlineData("!!str id: habomai")]
    [InlineData("id: !!str habomai")]
    public void AKeyOrValueInAnyLegalYamlSpellingIsTheSameKey(string idLine)
    {
        var (set, diagnostics) = Load($"islands:\n  - {idLine}\n    name: Habomai\n    summary: Islets.\n");
        Assert.Empty(diagnostics);
        Assert.Equal("habomai", Assert.Single(set.Entities).Id.Value);
    }

    // ---- mistakes the YAML parser does not expect ----------------------------------------------------------------

    /// <summary>
    /// An opening bracket or brace left unclosed, with more keys on the next lines, is an ordinary typo (found by
    /// <see cref="FuzzTests"/>). YamlDotNet's scanner throws InvalidOperationException rather than YamlException on
    /// it; the loader must still report a syntax error in the file, not crash the run.
    /// </summary>
    [Theory]
    [InlineData("islands:\n  - id: a\n    name: {\n    summary: S\n", 3)]
    [InlineData("islands:\n  - id: a\n    name: A\n    summary: S\n    related: [\n    aliases: x\n", 5)]
    [InlineData("claims:\n  - id: c\n    text: {\ne\n", 3)]
    public void AnUnclosedFlowCollectionIsASyntaxErrorNotACrash(string yaml, int line)
    {
        var d = Load(yaml).Diagnostics.One(Codes.YamlSyntax.Id);
        Assert.Equal(File, d.Location.Path);
        Assert.True(d.Location.Line >= line, $"{d} is before the opening bracket on line {line}");
    }

    // ---- structures that could exhaust the generator -------------------------------------------------------------

    [Fact]
    public void AnAliasBombUnderAnUnknownKeyIsReportedNotExpanded()
    {
        var yaml = new StringBuilder("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 30; i++)
            yaml.Append($"lol{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        yaml.Append("islands:\n  - id: a\n    name: A\n    summary: S\n    related: *l29\n");
        var (set, diagnostics) = Load(yaml.ToString());
        Assert.Equal(30, diagnostics.Count(d => d.Code == Codes.UnknownKey.Id));
        Assert.Contains(diagnostics, d => d.Code == Codes.WrongType.Id && d.Message.Contains("'related'", StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.True(d.Location.Line > 0, d.ToString()));
        Assert.Empty(set.Entities);
    }

    [Fact]
    public void AThousandLevelsOfNestingAreReportedWhereTheyStart()
    {
        var diagnostics = Load("islands: " + new string('[', 1000) + new string(']', 1000) + "\n").Diagnostics;
        var d = Assert.Single(diagnostics);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.True(new[] { Codes.YamlSyntax.Id, Codes.WrongType.Id }.Contains(d.Code), d.ToString());
        Assert.Equal(1, d.Location.Line);
    }

    /// <summary>
    /// A short file of deep nesting makes YamlDotNet's representation model recurse once per level; past a few tens
    /// of thousands the process dies of a stack overflow, which no catch can stop. Nesting can be spelt with
    /// brackets, braces, or compact block sequences and complex keys on one line ("- - - -", "? ? ? ?"). Run in a
    /// child process so a crash fails this test only: the command must exit 1 with a diagnostic at the file.
    /// </summary>
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{ a: ", "}")]
    [InlineData("- ", "")]
    [InlineData("? ", "")]
    public void DeeplyNestedYamlIsASyntaxErrorNotAStackOverflow(string open, string close)
    {
        using var book = SampleBook.Create();
        var nested = open.StartsWith('[') || open.StartsWith('{')
            ? "islands: " + string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000)) + "\n"
            : "islands:\n" + string.Concat(Enumerable.Repeat(open, 100_000)) + "x\n";
        book.Yaml("deep.yaml", nested);
        var run = Cli.Execute(book.Path, "check", "--seeds", "seeds", "--content", "content", "--theme", book.Theme);
        var head = run.Stderr.Length > 600 ? run.Stderr[..600] : run.Stderr;
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode} (1 expected):{Environment.NewLine}{head}");
        Assert.Contains("content/deep.yaml", run.Stderr);
        Assert.Contains("error RJB01", run.Stderr);
    }
}
