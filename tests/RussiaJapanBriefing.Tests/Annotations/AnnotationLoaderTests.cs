using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

public class AnnotationLoaderTests
{
    private const string File = "content/test.yaml";

    private static (AnnotationSet Set, IReadOnlyList<Diagnostic> Diagnostics) Load(string yaml)
    {
        var bag = new DiagnosticBag();
        var set = AnnotationLoader.LoadText(File, yaml, bag);
        return (set, bag.Sorted());
    }

    private static Diagnostic OneError(string yaml, string code)
    {
        var (_, diagnostics) = Load(yaml);
        var d = diagnostics.One(code);
        Assert.Equal(Severity.Error, d.Severity);
        return d;
    }

    // ---- YAML syntax ------------------------------------------------------------------------------------------

    [Fact]
    public void YamlSyntaxErrorIsReportedWhereItIs()
    {
        var d = OneError("islands:\n  - id: a: b\n", Codes.YamlSyntax.Id);
        d.AssertAt(File, 2, 10);
        Assert.StartsWith("YAML syntax error: ", d.Message);
        Assert.DoesNotContain("(Line", d.Message); // YamlDotNet's own position prefix is stripped
    }

    [Fact]
    public void UnterminatedQuotedStringIsASyntaxErrorAtTheOpeningQuote()
    {
        var d = OneError("claims:\n  - id: a\n    text: \"unterminated\n", Codes.YamlSyntax.Id);
        d.AssertAt(File, 3, 11);
    }

    [Fact]
    public void TabIndentationIsASyntaxErrorWithAHint()
    {
        var d = OneError("islands:\n\t- id: a\n", Codes.YamlSyntax.Id);
        Assert.NotNull(d.Hint);
        Assert.Contains("tabs", d.Hint);
    }

    [Fact]
    public void TabIndentationIsReportedAtTheTab()
    {
        // The tab is the first character of line 2; pointing at line 1 sends the editor to the wrong place.
        var d = OneError("islands:\n\t- id: a\n", Codes.YamlSyntax.Id);
        d.AssertAt(File, 2, 1);
    }

    [Fact]
    public void ASyntaxErrorWithoutTabsGetsNoTabHint()
    {
        Assert.Null(OneError("islands:\n  - id: a: b\n", Codes.YamlSyntax.Id).Hint);
    }

    [Fact]
    public void DuplicateKeyIsReportedAtTheSecondKey()
    {
        var d = OneError("""
            islands:
              - id: a
                name: A
                name: B
                summary: s
            """, Codes.DuplicateKey.Id);
        d.AssertAt(File, 4, 5);
        Assert.Contains("duplicate key", d.Message);
        Assert.Null(d.Hint);
    }

    // ---- unknown keys ------------------------------------------------------------------------------------------

    [Fact]
    public void UnknownKeyIsReportedWithDidYouMean()
    {
        var (_, diagnostics) = Load("""
            islands:
              - id: kunashir
                name: Kunashir
                sumary: The second-largest island.
            """);
        var d = diagnostics.One(Codes.UnknownKey.Id);
        d.AssertAt(File, 4, 5);
        Assert.Contains("'sumary'", d.Message);
        Assert.Equal("did you mean 'summary'?", d.Hint);
    }

    [Fact]
    public void UnknownKeyInACitationSuggestsTheNearestCitationKey()
    {
        var (_, diagnostics) = Load("""
            claims:
              - id: c
                text: t
                about: [a]
                cite:
                  - source: s
                    qoute: q
            """);
        var d = diagnostics.One(Codes.UnknownKey.Id);
        d.AssertAt(File, 7, 9);
        Assert.Equal("did you mean 'quote'?", d.Hint);
    }

    [Fact]
    public void UnknownSectionSuggestsTheNearestSection()
    {
        var d = OneError("claim:\n  - id: c\n", Codes.UnknownKey.Id);
        d.AssertAt(File, 1, 1);
        Assert.Equal("did you mean 'claims'?", d.Hint);
    }

    [Fact]
    public void UnknownKeyFarFromEveryKeyListsTheKnownKeys()
    {
        var (_, diagnostics) = Load("""
            leaders:
              - id: abe
                name: Shinzo Abe
                summary: s
                favourite_colour: blue
            """);
        var d = diagnostics.One(Codes.UnknownKey.Id);
        d.AssertAt(File, 5, 5);
        Assert.StartsWith("expected one of: ", d.Hint);
        Assert.Contains("role", d.Hint);
    }

    [Fact]
    public void KindSpecificKeysAreUnknownOnOtherKinds()
    {
        var (_, diagnostics) = Load("""
            islands:
              - id: kunashir
                name: Kunashir
                summary: s
                participants: [abe]
            """);
        diagnostics.One(Codes.UnknownKey.Id).AssertAt(File, 5, 5);
    }

    [Fact]
    public void AFieldOfAKindIsCheckedEvenWhenAnotherPartOfTheEntryIsBroken()
    {
        // The kind's own fields used to be read only once the rest of the entry was sound, so this 'role' went unreported.
        var (_, diagnostics) = Load("""
            leaders:
              - id: abe
                name: Shinzo Abe
                summary: s
                role: [a]
                aliases: 5
            """);
        Assert.Collection(diagnostics.Where(d => d.Code == Codes.WrongType.Id),
            role => { role.AssertAt(File, 5, 11); Assert.Equal("'role' must be text, not a list", role.Message); },
            aliases => aliases.AssertAt(File, 6, 14));
    }

    // ---- missing fields ----------------------------------------------------------------------------------------

    [Fact]
    public void MissingRequiredFieldIsReportedAtTheItem()
    {
        var d = OneError("""
            claims:
              - id: c
                text: t
                cite:
                  - source: s
                    quote: q
            """, Codes.MissingField.Id);
        d.AssertAt(File, 2, 5);
        Assert.Contains("'about'", d.Message);
    }

    [Fact]
    public void MissingEntityNameIsReported()
    {
        var d = OneError("""
            islands:
              - id: kunashir
                summary: s
            """, Codes.MissingField.Id);
        d.AssertAt(File, 2, 5);
        Assert.Contains("'name'", d.Message);
    }

    [Fact]
    public void EmptyRequiredFieldIsReportedAtTheValue()
    {
        var d = OneError("""
            islands:
              - id: kunashir
                name: ""
                summary: s
            """, Codes.MissingField.Id);
        d.AssertAt(File, 3, 11);
        Assert.Contains("empty", d.Message);
    }

    [Fact]
    public void MissingPublishedDateOfASourceIsReported()
    {
        var d = OneError("""
            sources:
              - id: s
                outlet: O
                headline: H
            """, Codes.MissingField.Id);
        d.AssertAt(File, 2, 5);
        Assert.Contains("'published'", d.Message);
    }

    // ---- wrong types -------------------------------------------------------------------------------------------

    [Fact]
    public void ListWhereTextIsExpectedIsAWrongType()
    {
        var d = OneError("""
            islands:
              - id: kunashir
                name: [a, b]
                summary: s
            """, Codes.WrongType.Id);
        d.AssertAt(File, 3, 11);
        Assert.Contains("'name' must be text, not a list", d.Message);
    }

    [Fact]
    public void MappingWhereAListIsExpectedIsAWrongType()
    {
        var d = OneError("""
            claims:
              - id: c
                text: t
                about: {a: b}
                cite:
                  - source: s
                    quote: q
            """, Codes.WrongType.Id);
        d.AssertAt(File, 4, 12);
        Assert.Contains("must be a list", d.Message);
    }

    [Fact]
    public void SectionThatIsNotAListIsAWrongType()
    {
        OneError("islands: kunashir\n", Codes.WrongType.Id).AssertAt(File, 1, 10);
    }

    [Fact]
    public void FileThatIsNotAMappingIsAWrongType()
    {
        var d = OneError("- a\n- b\n", Codes.WrongType.Id);
        d.AssertAt(File, 1, 1);
    }

    [Fact]
    public void NonWebUrlIsAWrongType()
    {
        var d = OneError("""
            sources:
              - id: s
                outlet: O
                headline: H
                url: javascript:alert(1)
                published: 2018
            """, Codes.WrongType.Id);
        d.AssertAt(File, 5, 10);
    }

    // ---- ids ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\\\b")]
    [InlineData("Has Space")]
    [InlineData("has space")]
    [InlineData("Kunashir")]
    [InlineData("index")]
    [InlineData("con")]
    [InlineData("nul")]
    [InlineData("lpt1")]
    [InlineData("-leading-dash")]
    [InlineData("_leading")]
    [InlineData("a.b")]
    [InlineData(".")]
    [InlineData("kunashír")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 81
    public void InvalidIdIsRejectedAtTheValue(string id)
    {
        var (set, diagnostics) = Load($"islands:\n  - id: \"{id}\"\n    name: N\n    summary: S\n");
        var d = diagnostics.One(Codes.InvalidId.Id);
        d.AssertAt(File, 2, 9);
        Assert.Empty(set.Entities);
        Assert.Single(diagnostics);
    }

    [Theory]
    [InlineData("kunashir")]
    [InlineData("putin-abe-moscow-2018")]
    [InlineData("001_8ae617a3b1e9327b")]
    [InlineData("a")]
    [InlineData("index-page")]
    [InlineData("console")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 80
    public void ValidIdIsAccepted(string id)
    {
        var (set, diagnostics) = Load($"islands:\n  - id: \"{id}\"\n    name: N\n    summary: S\n");
        Assert.Empty(diagnostics);
        Assert.Equal(id, Assert.Single(set.Entities).Id.Value);
    }

    [Fact]
    public void InvalidIdInAReferenceListIsRejectedAtTheItem()
    {
        var d = OneError("""
            claims:
              - id: c
                text: t
                about: [abe, "../x"]
                cite:
                  - source: s
                    quote: q
            """, Codes.InvalidId.Id);
        d.AssertAt(File, 4, 18);
    }

    // ---- empty files -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData("# nothing here yet\n")]
    [InlineData("---\n")]
    [InlineData("\n\n   \n")]
    public void EmptyFileIsAWarningAboutTheWholeFile(string yaml)
    {
        var (set, diagnostics) = Load(yaml);
        var d = Assert.Single(diagnostics);
        Assert.Equal(Codes.EmptyFile.Id, d.Code);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal(0, d.Location.Line);
        Assert.Equal($"{File}: warning RJB0106: the file holds no annotations", d.ToString());
        Assert.Null(set.Book);
    }

    // ---- dates -------------------------------------------------------------------------------------------------

    [Fact]
    public void InvalidClaimDateIsReportedAtTheValue()
    {
        var d = OneError("""
            claims:
              - id: c
                text: t
                about: [a]
                date: 2018-02-30
                cite:
                  - source: s
                    quote: q
            """, Codes.InvalidDate.Id);
        d.AssertAt(File, 5, 11);
        Assert.Contains("2018-02-30", d.Message);
    }

    [Theory]
    [InlineData("2018-13")]
    [InlineData("2019-02-29")]
    [InlineData("2018/2017")]
    [InlineData("last June")]
    public void InvalidPublishedDateIsReportedAtTheValue(string date)
    {
        var d = OneError($"sources:\n  - id: s\n    outlet: O\n    headline: H\n    published: {date}\n", Codes.InvalidDate.Id);
        d.AssertAt(File, 5, 16);
    }

    [Fact]
    public void InvalidEntityDateIsReported()
    {
        var d = OneError("""
            meetings:
              - id: m
                name: M
                summary: S
                date: 2016-12-16/2016-12-15
            """, Codes.InvalidDate.Id);
        d.AssertAt(File, 5, 11);
        Assert.Contains("ends before it starts", d.Message);
    }

    [Fact]
    public void DateInNonAsciiDigitsIsAnInvalidDateNotACrash()
    {
        const string yaml = "claims:\n  - id: c\n    text: t\n    about: [a]\n    date: \"\u0662\u0660\u0661\u0668\"\n    cite:\n      - source: s\n        quote: q\n";
        var bag = new DiagnosticBag();
        var exception = Record.Exception(() => AnnotationLoader.LoadText(File, yaml, bag));
        Assert.Null(exception);
        bag.Sorted().One(Codes.InvalidDate.Id).AssertAt(File, 5, 11);
    }

    [Fact]
    public void PlannedMustBeTrueOrFalse()
    {
        var d = OneError("""
            claims:
              - id: c
                text: t
                about: [a]
                planned: maybe
                cite:
                  - source: s
                    quote: q
            """, Codes.WrongType.Id);
        d.AssertAt(File, 5, 14);
        var (set, diagnostics) = Load("claims:\n  - id: c\n    text: t\n    about: [a]\n    planned: true\n    cite:\n      - source: s\n        quote: q\n");
        Assert.Empty(diagnostics);
        Assert.True(Assert.Single(set.Claims).Planned);
    }

    // ---- citations ---------------------------------------------------------------------------------------------

    [Fact]
    public void ClaimWithoutCiteIsRjb0301AtTheClaim()
    {
        var d = OneError("""
            claims:
              - id: lonely
                text: t
                about: [a]
            """, Codes.NoCitation.Id);
        d.AssertAt(File, 2, 5);
        Assert.Contains("'lonely'", d.Message);
    }

    [Fact]
    public void ClaimWithAnEmptyCiteListIsRjb0301AtTheList()
    {
        var d = OneError("""
            claims:
              - id: lonely
                text: t
                about: [a]
                cite: []
            """, Codes.NoCitation.Id);
        d.AssertAt(File, 5, 11);
    }

    [Fact]
    public void CitationWithoutQuoteIsAnEmptyQuote()
    {
        // the first citation has no quote at all: reported at the citation; the second is blank: reported at the value
        var (set, diagnostics) = Load("""
            claims:
              - id: c
                text: t
                about: [a]
                cite:
                  - source: s
                  - source: s
                    quote: "   "
            """);
        var empties = diagnostics.Where(x => x.Code == Codes.EmptyQuote.Id).ToList();
        Assert.Equal(2, empties.Count);
        empties[0].AssertAt(File, 6, 9);
        empties[1].AssertAt(File, 8, 16);
        Assert.Empty(set.Claims);
    }

    [Fact]
    public void CitationWithoutSourceIsAMissingField()
    {
        var d = OneError("""
            claims:
              - id: c
                text: t
                about: [a]
                cite:
                  - quote: q
            """, Codes.MissingField.Id);
        d.AssertAt(File, 6, 9);
        Assert.Contains("'source'", d.Message);
    }

    // ---- boilerplate and book ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("5-3")]
    [InlineData("0")]
    [InlineData("x")]
    [InlineData("1-2-3")]
    [InlineData("-4")]
    public void MalformedBoilerplateRangeIsReportedAtTheValue(string lines)
    {
        var d = OneError($"sources:\n  - id: s\n    outlet: O\n    headline: H\n    published: 2018\n    boilerplate:\n      - lines: \"{lines}\"\n", Codes.InvalidLineRange.Id);
        d.AssertAt(File, 7, 16);
    }

    [Fact]
    public void BookDescribedTwiceIsReportedWithTheFirstPlace()
    {
        var d = OneError("book:\n  title: A\n  summary: S\n---\nbook:\n  title: B\n  summary: S\n", Codes.BookTwice.Id);
        d.AssertAt(File, 6, 3); // the second book's mapping, after "---" and "book:"
        Assert.Contains($"{File}(2,3)", d.Hint);
    }

    // ---- what loads ----------------------------------------------------------------------------------------------

    [Fact]
    public void AValidFileLoadsEveryPart()
    {
        var (set, diagnostics) = Load(SampleBook.EntitiesYaml + "\n" + SampleBook.BookYaml + "\n" + SampleBook.KyodoYaml);
        Assert.Empty(diagnostics);
        Assert.NotNull(set.Book);
        Assert.Equal("Sample briefing: the Kuril Islands", set.Book!.Title);
        Assert.Equal(["inherent-territory", "declaration-handover"], set.Book.KeyFacts.Select(k => k.Value));
        Assert.Equal(SampleBook.EntityCount, set.Entities.Count);

        var kunashir = set.Entities.Single(e => e.Id.Value == "kunashir");
        Assert.Equal(EntityKind.Island, kunashir.Kind);
        Assert.Equal([new Alias("Kunashiri", "Japan", null), new Alias("Kunashir Island", null, null)], kunashir.Aliases);
        Assert.Equal(["iturup", "shikotan"], kunashir.Related.Select(r => r.Value));

        var nagato = set.Entities.Single(e => e.Id.Value == "nagato-summit-2016");
        Assert.Equal(EntityKind.Meeting, nagato.Kind);
        Assert.Equal("2016-12-15/2016-12-16", nagato.Values.Date(EntityFields.Date)!.ToString());
        Assert.Equal(["putin", "abe"], nagato.Values.References(EntityFields.Participants)!.Select(p => p.Value));

        var source = Assert.Single(set.Sources);
        Assert.Equal("kyodo-2016", source.Id.Value);
        Assert.Equal(new LineRange(1, 1, "Masthead"), Assert.Single(source.Boilerplate).Value);

        Assert.Equal(4, set.Claims.Count);
        var step = set.Claims.Single(c => c.Id.Value == "step-by-step");
        Assert.Equal(["abe"], step.About.Select(a => a.Value)); // a single id stands for a one-item list
        Assert.True(step.Date!.Start.Approximate && step.Date.Start.Uncertain);
    }

    [Fact]
    public void OpenEndedBoilerplateRunsToTheEnd()
    {
        var (set, diagnostics) = Load("sources:\n  - id: s\n    outlet: O\n    headline: H\n    published: 2018\n    boilerplate:\n      - lines: 40-\n      - lines: 7-9\n");
        Assert.Empty(diagnostics);
        var ranges = set.Sources[0].Boilerplate.Select(b => b.Value).ToList();
        Assert.Equal(40, ranges[0].First);
        Assert.Equal(int.MaxValue, ranges[0].Last);
        Assert.Equal(new LineRange(7, 9, null), ranges[1]);
    }

    [Fact]
    public void ABrokenItemIsDroppedAndItsIdRemembered()
    {
        var (set, diagnostics) = Load("""
            islands:
              - id: kunashir
                name: Kunashir
              - id: iturup
                name: Iturup
                summary: S
            """);
        Assert.Single(diagnostics);
        Assert.Equal("iturup", Assert.Single(set.Entities).Id.Value);
        Assert.Contains("kunashir", set.BrokenIds);
    }

    [Fact]
    public void EveryProblemInAFileIsReported()
    {
        var (_, diagnostics) = Load("""
            islands:
              - id: Kunashir
                name: Kunashir
                summary: S
              - id: iturup
                nam: Iturup
                summary: S
            claims:
              - id: c
                text: t
                about: [iturup]
                date: 2018-02-30
            """);
        Assert.Equal(
            [(Codes.InvalidId.Id, 2, 9), (Codes.MissingField.Id, 5, 5), (Codes.UnknownKey.Id, 6, 5), (Codes.NoCitation.Id, 9, 5), (Codes.InvalidDate.Id, 12, 11)],
            diagnostics.Select(d => (d.Code, d.Location.Line, d.Location.Column)));
    }

    [Fact]
    public void LoadReadsYamlAndYmlFilesInOrdinalOrder()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("b"));
        System.IO.File.WriteAllText(dir.Combine("b", "z.yml"), "islands:\n  - id: second\n    name: Second\n    summary: S\n");
        System.IO.File.WriteAllText(dir.Combine("a.yaml"), "islands:\n  - id: first\n    name: First\n    summary: S\n");
        System.IO.File.WriteAllText(dir.Combine("notes.txt"), "islands: [this is not read]");
        System.IO.File.WriteAllText(dir.Combine("c.YAML"), "islands:\n  - id: third\n    name: Third\n    summary: S\n");
        var bag = new DiagnosticBag();
        var set = AnnotationLoader.Load(dir.Path, bag);
        Assert.Empty(bag.Sorted());
        Assert.Equal(["first", "second", "third"], set.Entities.Select(e => e.Id.Value));
        Assert.EndsWith("/b/z.yml", set.Entities[1].Location.Path);
        Assert.DoesNotContain('\\', set.Entities[1].Location.Path);
    }
}
