using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The front page lists the latest dated claims from a table of its own (BriefingBook.Latest), not from the whole
/// chronology: a claim edited further back leaves it kept, and one it lists makes it again.
/// </summary>
public class FrontPageTests
{
    [Fact]
    public void TheFrontPageReadsItsLatestClaimsNotEveryDatedClaim()
    {
        var book = RecordedReads.RealBook();
        var bag = new DiagnosticBag();
        var theme = Theme.Load(Repo.Theme, bag);
        Assert.True(theme is not null, bag.Sorted().Dump());
        Assert.True(book.Chronology.Count > BookPages.FrontPageLatest, "the real book has more dated claims than the front page lists");
        var reads = new BookReads();
        book.Record(reads);
        try
        {
            var sink = new ReadsSink(reads, only: SiteLayout.Home);
            new SiteRenderer(book, theme!, sink).RenderAll(bag);
            var front = sink.Reads[SiteLayout.Home];
            Assert.Contains(new BookRead(nameof(BriefingBook.Latest), null), front);
            Assert.DoesNotContain(new BookRead(nameof(BriefingBook.Chronology), null), front);
        }
        finally
        {
            book.Record(null);
        }
        Assert.Equal<Claim>(book.Chronology.Reverse().Take(BookPages.FrontPageLatest), book.Latest);
    }

    [Fact]
    public void EditingALatestClaimMakesTheFrontPageAgain()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        var home = Path.Combine(book.Output, SiteLayout.Home);
        Assert.Contains("Putin called the talks useful.", File.ReadAllText(home));

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYamlWithTalksClaim("Putin called the talks very useful."));
        var result = PublishingBook.Require(engine.Update(options));

        Assert.Contains(SiteLayout.Home, result.Publish!.Written);
        Assert.Contains("Putin called the talks very useful.", File.ReadAllText(home));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a save that edited a claim the front page lists");
    }
}
