using RussiaJapanBriefing.Drafting;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

public class QuoteRepairTests
{
    private const string Claims = """
        claims:
          - id: meetings
            text: They met often.
            about: [putin]
            cite:
              - source: s
                quote: with whom they held 26 personal meetings
          - id: gone
            text: Something removed.
            about: [putin]
            cite:
              - source: s
                quote: 'a sentence that the correction removed entirely'
        """;

    private static TempBook Book(string seed) => new TempBook()
        .Seed("s", seed)
        .Yaml("book.yaml", "book:\n  title: T\n  summary: S\n")
        .Yaml("entities.yaml", "leaders:\n  - id: putin\n    name: Vladimir Putin\n    summary: x\n")
        .Yaml("sources/s.yaml", "sources:\n  - id: s\n    outlet: TASS\n    headline: H\n    published: 2020\n" + Claims);

    [Fact]
    public void ClosestPassageHasAWordDiff()
    {
        var found = QuoteRepair.Closest("Putin thanked Abe, with whom they held 27 personal meetings, for their work.", "with whom they held 26 personal meetings");
        Assert.NotNull(found);
        Assert.Equal("with whom they held 27 personal meetings", found!.Value.Passage);
        Assert.Equal("with whom they held [-26-] {+27+} personal meetings", found.Value.Diff);
    }

    [Fact]
    public void AWordingChangeIsNotFlaggedButANegationIs()
    {
        var wording = new QuoteProposal(new Location("x"), "claim", "s", "a", "b", "the talks {+had+} stalled", 0.9);
        Assert.Null(wording.Warning);
        var negation = new QuoteProposal(new Location("x"), "claim", "s", "a", "b", "talks had {+not+} stalled", 0.9);
        Assert.Equal("a negation changed", negation.Warning);
    }

    [Fact]
    public void NoProposalForTextWithLittleInCommon() =>
        Assert.Null(QuoteRepair.Closest("An entirely different article about fishing quotas.", "with whom they held 26 personal meetings"));

    [Fact]
    public void BrokenQuotesAreProposedAndAppliedSoTheBookBuildsAgain()
    {
        using var book = Book("Putin thanked Abe, with whom they have held 27 personal meetings, for their work.\n");
        Assert.Equal([Codes.QuoteNotFound.Id, Codes.QuoteNotFound.Id], book.Check().Errors().Select(e => e.Code));
        var bag = new DiagnosticBag();
        var proposals = QuoteRepair.Propose(book.Seeds, book.Content, bag);
        var p = Assert.Single(proposals);
        Assert.Equal("with whom they have held 27 personal meetings", p.NewQuote);
        Assert.Contains("{+have+}", p.Diff);
        Assert.Equal("{+have+} [-26-] {+27+}", p.Changes);
        Assert.Equal("a figure changed", p.Warning);
        var warning = Assert.Single(bag.Sorted());
        Assert.Equal(Codes.RepairNoProposal.Id, warning.Code); // the removed sentence has no close passage

        var changed = QuoteRepair.Apply(proposals, bag);
        Assert.Single(changed);
        var yaml = File.ReadAllText(book.ContentFile("sources/s.yaml"));
        Assert.Contains("quote: \"with whom they have held 27 personal meetings\"", yaml);
        Assert.Contains("a sentence that the correction removed entirely", yaml); // not confirmed, not touched
        Assert.Equal([Codes.QuoteNotFound.Id], book.Check().Errors().Select(e => e.Code));
    }

    [Fact]
    public void HostileReplacementTextIsEscaped()
    {
        using var book = Book("Putin thanked Abe, with whom they held 26 \"personal\" # meetings: yes, for their work.\n");
        var bag = new DiagnosticBag();
        var p = Assert.Single(QuoteRepair.Propose(book.Seeds, book.Content, bag));
        QuoteRepair.Apply([p], bag);
        Assert.DoesNotContain(book.Check().Errors(), e => new[] { Codes.YamlSyntax.Id, Codes.UnknownKey.Id }.Contains(e.Code));
        Assert.DoesNotContain(QuoteRepair.Propose(book.Seeds, book.Content, new DiagnosticBag()), x => x.OldQuote == p.NewQuote);
    }
}
