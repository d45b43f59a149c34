using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Drafting;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

public class DraftTests
{
    private static TempBook RealBookWith(string id, string seedText)
    {
        var book = new TempBook();
        TempDir.CopyDirectory(Repo.Seeds, book.Seeds);
        TempDir.CopyDirectory(Repo.Content, book.Content);
        return book.Seed(id, seedText);
    }

    [Fact]
    public void ADraftOfANewSeedBuildsWithCoverageAtZeroAndTheSourcePageSaysDrafted()
    {
        using var book = RealBookWith("005_new", File.ReadAllText(Path.Combine(Repo.Seeds, "004_3ef7206724623ed6.txt")));
        var bag = new DiagnosticBag();
        var outcome = DraftCommand.Run(book.Seeds, book.Content, "005_new", force: false, bag);
        Assert.NotNull(outcome.Draft);
        Assert.Equal("2016-12-20", outcome.Draft!.Published.Value?.ToString());
        Assert.Equal("TASS", outcome.Draft.Outlet.Value);
        Assert.Equal("Tokyo", outcome.Draft.Dateline.Value);

        var result = book.Build();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var source = result.Book!.SourceById["005_new"];
        Assert.True(source.Info!.Draft);
        var coverage = Coverage.Measure(result.Book, source);
        Assert.Equal(0, coverage.Cited);
        Assert.True(coverage.Sentences > 5);
        Assert.Empty(coverage.Unexplained); // every sentence carries "not yet annotated"
        Assert.DoesNotContain(result.Book.Claims, c => c.Citations.Any(x => x.Passage.SourceId == "005_new"));
        var page = File.ReadAllText(Path.Combine(book.Output, "sources", "005_new.html"));
        Assert.Contains("drafted, with no claims yet", page);
    }

    [Fact]
    public void NeverOverwritesAnAnnotationWithoutForce()
    {
        using var book = RealBookWith("005_new", "Some headline of this new article here\n\nIt said things.\n");
        var path = book.ContentFile("sources/005_new.yaml");
        File.WriteAllText(path, "# the editor's work\n");
        var bag = new DiagnosticBag();
        Assert.Null(DraftCommand.Run(book.Seeds, book.Content, "005_new", force: false, bag).Draft);
        Assert.Equal(Codes.DraftExists.Id, Assert.Single(bag.Sorted()).Code);
        Assert.Equal("# the editor's work\n", File.ReadAllText(path));

        var bag2 = new DiagnosticBag();
        Assert.NotNull(DraftCommand.Run(book.Seeds, book.Content, "005_new", force: true, bag2).Draft);
        Assert.StartsWith("# Drafted by", File.ReadAllText(path));
    }

    [Fact]
    public void RefusesAnAnnotatedSourceInAnotherFileEvenWithForce()
    {
        using var book = RealBookWith("005_new", "x");
        book.Yaml("sources/other.yaml", "sources:\n  - id: 005_new\n    outlet: X\n    headline: H\n    published: 2020\n");
        var bag = new DiagnosticBag();
        Assert.Null(DraftCommand.Run(book.Seeds, book.Content, "005_new", force: true, bag).Draft);
        Assert.Equal(Codes.DraftExists.Id, Assert.Single(bag.Sorted()).Code);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("index")]
    public void RefusesUnsafeIdsBeforeBuildingAPath(string id)
    {
        using var book = RealBookWith("005_new", "x");
        var bag = new DiagnosticBag();
        Assert.Null(DraftCommand.Run(book.Seeds, book.Content, id, force: true, bag).Draft);
        Assert.Equal(Codes.DraftNoSeed.Id, Assert.Single(bag.Sorted()).Code);
        Assert.False(File.Exists(Path.Combine(book.Content, "evil.yaml")));
    }

    [Fact]
    public void AMissingSeedIsAnError()
    {
        using var book = RealBookWith("005_new", "x");
        var bag = new DiagnosticBag();
        Assert.Null(DraftCommand.Run(book.Seeds, book.Content, "006_missing", force: false, bag).Draft);
        Assert.Equal(Codes.DraftNoSeed.Id, Assert.Single(bag.Sorted()).Code);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("\"quoted\" and 'single' \\ backslash")]
    [InlineData("key: value # not a comment")]
    [InlineData("- a list? [no] {no} & *alias !tag | > %")]
    [InlineData("line\nbreak\r\nand\ttab")]
    [InlineData("nel\u0085 ls\u2028 ps\u2029 bom\uFEFF zwj\u200D bell\u0007 del\u007F")]
    [InlineData("emoji 🇯🇵 and 𝕏 and CJK 北方領土")]
    [InlineData("   leading and trailing   ")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("...")]
    [InlineData("---")]
    public void QuotedScalarsParseBackToTheSameString(string hostile)
    {
        var yaml = $"sources:\n  - id: s\n    outlet: {DraftWriter.Quote(hostile)}\n    headline: h\n    published: 2020\n";
        var set = AnnotationLoader.LoadText("t.yaml", yaml, new DiagnosticBag());
        Assert.Equal(hostile, Assert.Single(set.Sources).Outlet);
    }

    [Fact]
    public void HostileArticleTextCannotEscapeItsScalarsOrComments()
    {
        var hostile = "Evil headline with many words in it\n\nPublished on 01/02/2020\n\n" +
            "He said: \"x\" # y\u2028claims: [] \u2029sources: - id: pwned. " +
            "Then \\\" '' ]} more text here, Kyodo reported on Monday.\n" +
            "Another line: with --- and ... and \u2029 separators said Foreign Minister Ivan Hostile.\n";
        using var book = RealBookWith("005_new", hostile);
        var bag = new DiagnosticBag();
        var outcome = DraftCommand.Run(book.Seeds, book.Content, "005_new", force: false, bag);
        var draft = outcome.Draft ?? throw new Xunit.Sdk.XunitException(bag.Sorted().Dump());
        var set = AnnotationLoader.LoadText("t.yaml", File.ReadAllText(book.ContentFile("sources/005_new.yaml")), bag);
        Assert.Empty(bag.Errors());
        var source = Assert.Single(set.Sources);
        Assert.Equal("005_new", source.Id.Value);
        Assert.Empty(set.Claims);
        Assert.Equal(draft.Worklist.Where(w => w.Quote is not null).Select(w => w.Quote), source.Uncited.Select(u => u.Quote.Value));
        Assert.Contains(draft.NewEntities, e => e.Name == "Ivan Hostile" && e.Kind == "people");
    }

    private static Sources.Seed SeedOf(string text) => new("s", "seeds/s.txt", new Model.SeedText(text));

    [Fact]
    public void BoilerplateIsLearnedFromWhatEditorsMarkedInOtherSources()
    {
        var example = new AnnotatedExample("e", "The Outlet", "Home\n\nAn earlier headline of the same outlet\n\nBody text.\nGet the Daily Brief in your inbox\n",
            [new LineRange(6, 6, "Newsletter sign-up")]);
        var book = new BookKnowledge([], [], [example]);
        var draft = Drafter.Draft(SeedOf("A new headline of the same outlet here\n\nNew body text.\nGet the Daily Brief in your inbox\nMore body text.\n"), book);
        var range = Assert.Single(draft.Boilerplate);
        Assert.Equal((4, 4), (range.First, range.Last));
        Assert.Contains("Newsletter sign-up (as marked in e, The Outlet)", range.Reason);
        Assert.DoesNotContain(draft.Worklist, w => w.Line == 4);
    }

    [Fact]
    public void TheYearOfADatelineComesFromADayTheBookAlreadyDates()
    {
        var visit = new Entity(EntityKind.Meeting, "visit", "A visit to Japan", "s", [], [], new FieldValues<string>()
            .With(EntityFields.Date, new PartialDate(new DatePoint(2016, 12, 15), new DatePoint(2016, 12, 16))).With(EntityFields.Participants, ["putin"]));
        var putin = new Entity(EntityKind.Leader, "putin", "Vladimir Putin", "s", [], [], new());
        var book = new BookKnowledge([visit, putin], [new BookEvent(visit.Date!, new HashSet<string> { "visit", "putin" }, visit.Name, "entity 'visit'")], []);
        var draft = Drafter.Draft(SeedOf("All news\n\nAbe plans to visit Russia early next year\n\nTOKYO, December 20. /TASS/. Abe plans a visit, Kyodo reported on Tuesday.\n\nVladimir Putin paid a visit to Japan on December 15-16.\n"), book);
        Assert.Equal("2016-12-20", draft.Published.Value?.ToString());
        Assert.Contains("entity 'visit'", draft.Published.Note);
        Assert.Equal("Tokyo", draft.Dateline.Value);
        Assert.Equal("TASS", draft.Outlet.Value);
        Assert.Contains(draft.Worklist, w => w.Entities.Any(e => e.Id == "visit") && w.Dates.Any(d => d.Date!.ToString() == "2016-12-15/2016-12-16"));
        Assert.Contains(draft.Worklist, w => w.Dates.Any(d => d.Date!.ToString() == "2017" && d.Planned));
        Assert.Contains(draft.Worklist, w => w.AccordingTo == "Kyodo");
    }

    [Fact]
    public void WithoutTheBookAWeekdayAndTheLatestYearGiveADateToCheck()
    {
        var draft = Drafter.Draft(SeedOf("Putin and Abe talk by phone about the treaty\n\nMOSCOW, August 31. /TASS/. The Kremlin said on Monday that they spoke.\n\nIn May 2019, Lavrov spoke.\n"), new BookKnowledge([], [], []));
        Assert.Equal("2020-08-31", draft.Published.Value?.ToString());
        Assert.Contains("TODO check", draft.Published.Note);
    }

    [Fact]
    public void AnUnknownPublicationDateIsLeftAsTodoWithAWarning()
    {
        using var book = RealBookWith("005_new", "A headline with no date anywhere in it\n\nThe islands are cold and foggy.\n");
        var bag = new DiagnosticBag();
        var draft = DraftCommand.Run(book.Seeds, book.Content, "005_new", force: false, bag).Draft!;
        Assert.Null(draft.Published.Value);
        Assert.StartsWith("TODO", draft.Published.Note);
        Assert.Contains(bag.Sorted(), d => d.Code == Codes.DraftTodo.Id && d.Severity == Severity.Warning);
        Assert.Contains("published: TODO", File.ReadAllText(book.ContentFile("sources/005_new.yaml")));
    }

    [Fact]
    public async Task HugeSeedsAreDraftedInBoundedWork()
    {
        var text = "A headline long enough to be one\n\n" + string.Join("\n", Enumerable.Range(0, 5).Select(line =>
            string.Concat(Enumerable.Range(0, 2000).Select(i => $"Putin met Abe on Monday in Moscow and said {line * 2000 + i} things. "))));
        using var book = RealBookWith("005_new", text);
        // A hang guard, not a benchmark: a 500,000-character seed must be drafted at all.
        var outcome = await Task.Run(() => DraftCommand.Run(book.Seeds, book.Content, "005_new", force: false, new DiagnosticBag()))
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Drafter.MaxSentences, outcome.Draft!.Worklist.Count);
    }

    [Theory]
    [InlineData("the Kremlin said on Tuesday", "2013-04-23", "2013-04-23")]
    [InlineData("Abe will visit next week", "2013-04-23", "2013-04-29/2013-05-05")]
    [InlineData("after Abe took office in December", "2013-04-23", "2012-12")]
    [InlineData("saying in February that", "2013-04-23", "2013-02")]
    [InlineData("an agreement last June allowed", "2018-05-26", "2017-06")]
    [InlineData("a flurry of activity last year", "2020-08-28", "2019")]
    [InlineData("Abe's visit from April 28-30 appears", "2013-04-23", "2013-04-28/2013-04-30")]
    [InlineData("Putin paid a visit to Japan on December 15-16", "2016-12-20", "2016-12-15/2016-12-16")]
    [InlineData("plans to visit early next year", "2016-12-20", "2017")]
    [InlineData("In May 2019, Lavrov said", "2020-08-31", "2019-05")]
    public void DateExpressionsResolveAgainstThePublicationDate(string sentence, string published, string expected)
    {
        Assert.True(PartialDate.TryParse(published, out var date, out _));
        Assert.Contains(DateExpressions.Find(sentence, date), f => f.Date?.ToString() == expected);
    }

    [Fact]
    public void AnEventAfterPublicationIsPlanned()
    {
        Assert.True(PartialDate.TryParse("2020-08-31", out var date, out _));
        var found = Assert.Single(DateExpressions.Find("Japan will elect the new prime minister on September 14", date));
        Assert.True(found.Planned);
        Assert.Equal("2020-09-14", found.Date!.ToString());
    }

    [Fact]
    public void WithoutAPublicationDateRelativeExpressionsAreLeftAsTodo()
    {
        var found = Assert.Single(DateExpressions.Find("the Kremlin said on Tuesday", null));
        Assert.Null(found.Date);
        Assert.StartsWith("TODO", found.Note);
    }

    [Fact]
    public void NamesThatMatchNoEntityAreProposedWithAGuessedKind()
    {
        var finder = new EntityFinder([new Entity(EntityKind.Leader, "putin", "Vladimir Putin", "s", [], [], new())]);
        var proposed = ProposedEntities.Find([
            (3, "Japanese Foreign Minister Taro Kono met Vladimir Putin."),
            (5, "Prime Minister Yoshihide Suga spoke to the Kunashiri Island council."),
            (7, "Putin and Kono signed the Tokyo Declaration in North Korea."),
        ], finder);
        Assert.Contains(proposed, p => p.Name == "Taro Kono" && p.Kind == "people" && p.Line == 3);
        Assert.Contains(proposed, p => p.Name == "Yoshihide Suga" && p.Kind == "leaders");
        Assert.Contains(proposed, p => p.Name == "Tokyo Declaration" && p.Kind == "treaties");
        Assert.DoesNotContain(proposed, p => p.Name.Contains("Putin"));
        Assert.DoesNotContain(proposed, p => p.Name == "Prime Minister");
    }

    [Fact]
    public void EntitiesAreFoundByEveryAliasAndSharedSurnamesByTheFirstFullName()
    {
        var finder = new EntityFinder([
            new Entity(EntityKind.Island, "disputed-islands", "The four disputed islands", "s", [new Alias("Northern Territories", "Japan", null), new Alias("Southern Kuriles", "Russia", null)], [], new()),
            new Entity(EntityKind.Leader, "abe", "Shinzo Abe", "s", [], [], new()),
            new Entity(EntityKind.Person, "shintaro-abe", "Shintaro Abe", "s", [], [], new()),
            new Entity(EntityKind.Treaty, "peace-treaty", "Russia–Japan peace treaty", "s", [], [], new()),
        ]);
        Assert.Equal(["disputed-islands"], finder.Find("which Tokyo calls the Northern Territories", []).Select(m => m.Id));
        Assert.Equal(["disputed-islands"], finder.Find("and Moscow calls the Southern Kuriles", []).Select(m => m.Id));
        Assert.Empty(finder.Find("Abe said nothing.", [])); // no full name yet: which Abe?
        Assert.Equal(["abe"], finder.Find("Japanese Prime Minister Shinzo Abe spoke.", []).Select(m => m.Id));
        Assert.Equal(["abe", "shintaro-abe"], finder.Find("Abe's late father Shintaro Abe led talks.", []).Select(m => m.Id));
        Assert.Equal(["abe", "peace-treaty"], finder.Find("Abe sought a peace treaty.", []).Select(m => m.Id)); // the first named in full
    }

    [Theory]
    [InlineData("the Kremlin press service said on Monday.", null, "the Kremlin press service")]
    [InlineData("According to the Kremlin press service, the call was initiated by Russia.", null, "the Kremlin press service")]
    [InlineData("Japan’s Kyodo news agency earlier reported about the call.", null, "Japan’s Kyodo news agency")]
    [InlineData("\"It matters,\" he added.", "Abe", "Abe")]
    [InlineData("The islands are cold.", "Abe", null)]
    public void AttributionIsSuggested(string sentence, string? previous, string? expected) =>
        Assert.Equal(expected, Worklist.Attribution(sentence, previous));
}
