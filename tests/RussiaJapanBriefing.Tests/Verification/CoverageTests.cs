using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

public class SentenceSplitterTests
{
    private static string[] Sentences(string text) =>
        SentenceSplitter.Split(text, 0, text.Length).Select(s => text[s.Start..s.End]).ToArray();

    [Fact]
    public void SplitsAtStopsFollowedByANewSentence() =>
        Assert.Equal(["Putin met Abe.", "They talked!", "Did it help?"], Sentences("Putin met Abe. They talked! Did it help?"));

    [Fact]
    public void KeepsClosingQuotesWithTheirSentence() =>
        Assert.Equal(["He said “yes.”", "Then he left."], Sentences("He said “yes.” Then he left."));

    [Fact]
    public void DoesNotSplitAbbreviationsOrInitials() =>
        Assert.Equal(["U.S. President Donald Trump met Mr. Abe in St. Petersburg.", "It rained."],
            Sentences("U.S. President Donald Trump met Mr. Abe in St. Petersburg. It rained."));

    [Fact]
    public void ADatelineStaysOneSentence() =>
        Assert.Equal(["MOSCOW, August 31. /TASS/.", "Russian President Vladimir Putin spoke."],
            Sentences("MOSCOW, August 31. /TASS/. Russian President Vladimir Putin spoke."));

    [Fact]
    public void AHeadlineWithoutAStopIsOneSentence() =>
        Assert.Equal(["Japan PM to visit Russia in new push for improved ties"], Sentences("  Japan PM to visit Russia in new push for improved ties  "));
}

public class CoverageTests
{
    private const string Article = "All news\n\nFirst sentence here. Second sentence here.\nA caption line.\n\nRead more\n";

    private static TempBook Book(string claims, string uncited = "") => new TempBook()
        .Seed("s1", Article)
        .Yaml("book.yaml", "book:\n  title: T\n  summary: S\nislands:\n  - id: i1\n    name: I\n    summary: An island.\n")
        .Yaml("s1.yaml", $$"""
            sources:
              - id: s1
                outlet: O
                headline: H
                published: 2020-01-01
                boilerplate:
                  - { lines: 1, reason: navigation }
                  - { lines: 6, reason: links }
            {{uncited}}
            claims:
            {{claims}}
            """);

    private static SourceCoverage Measure(TempBook temp)
    {
        var result = temp.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var book = result.Book!;
        return Coverage.Measure(book, book.SourceById["s1"]);
    }

    [Fact]
    public void CountsArticleSentencesOnlyAndMarksTheCitedOnes()
    {
        using var temp = Book("""
              - id: c1
                text: One.
                about: [i1]
                cite: [{ source: s1, quote: Second sentence }]
            """);
        var coverage = Measure(temp);
        Assert.Equal(3, coverage.Sentences); // boilerplate lines 1 and 6 are not counted
        Assert.Equal(1, coverage.Cited);
        Assert.Equal(["First sentence here.", "A caption line."], coverage.Uncited.Select(u => u.Text));
        Assert.Equal([3, 4], coverage.Uncited.Select(u => u.Line));
        Assert.False(coverage.Meets(95));
    }

    [Fact]
    public void UncitedSentencesWithAReasonAreExplainedButStillNotCited()
    {
        using var temp = Book("""
              - id: c1
                text: One.
                about: [i1]
                cite: [{ source: s1, quote: First sentence here. Second sentence here. }]
            """, """
                uncited:
                  - { quote: A caption line., reason: caption }
            """);
        var coverage = Measure(temp);
        Assert.Equal(2, coverage.Cited);
        Assert.Equal("caption", Assert.Single(coverage.Uncited).Reason);
        Assert.Empty(coverage.Unexplained);
        Assert.True(coverage.Meets(60));
        Assert.False(coverage.Meets(95)); // 2 of 3 is below 95% even though every gap is explained
    }

    [Fact]
    public void EveryRealSourceMeetsTheCoverageTarget()
    {
        var result = BriefingBuilder.Run(new BuildOptions(Repo.Seeds, Repo.Content, Repo.Theme), BuildMode.Check);
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var book = result.Book!;
        Assert.Equal(5, book.Sources.Count(s => s.Info is not null));
        foreach (var source in book.Sources)
        {
            var coverage = Coverage.Measure(book, source);
            Assert.True(coverage.Meets(95),
                $"{source.Id}: {coverage.Cited}/{coverage.Sentences} cited; unexplained: {string.Join(" | ", coverage.Unexplained.Select(u => u.Text))}");
        }
    }

    [Fact]
    public void TheRealBookFlagsDisagreementsAndAttributions()
    {
        var result = BriefingBuilder.Run(new BuildOptions(Repo.Seeds, Repo.Content, Repo.Theme), BuildMode.Check);
        var book = result.Book!;
        Assert.True(book.Disagreements.Count >= 4, $"{book.Disagreements.Count} disagreements");
        Assert.All(book.Disagreements, d => Assert.True(d.Claims.Count >= 2));
        Assert.Contains(book.Claims, c => c.AccordingTo is not null);
        Assert.All(book.Entities, e => Assert.NotEmpty(e.SummaryCitations ?? []));
    }
}
