using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The command line's file of the last published book's pages (PagesMemo) is only a saving: one that is damaged, of
/// another build of rjb, or written after another build than the one asked about is not read, and one whose counts or
/// places do not fit its lists is refused before anything is allocated or looked up by them.
/// </summary>
public class PagesMemoTests
{
    private static readonly UInt128 Build = 7;

    [Theory]
    [MemberData(nameof(CacheFileDamage.ForABuild), MemberType = typeof(CacheFileDamage))]
    public void AFileNotAsWrittenForThatBuildIsNotRead(string damage)
    {
        using var cache = new TempDir();
        var book = RecordedReads.RealBook();
        Assert.True(PagesMemo.Save(cache.Path, "out", "engine", Build, book.Pages));
        var layout = PagesMemo.Load(cache.Path, "out", "engine", Build);
        Assert.NotNull(layout);
        Assert.Equal(book.Claims.Count, layout.Sizes.Length);
        Assert.Equal(BookPages.Digest(book.Entities, book.Claims, book.Disagreements), layout.Book);

        var (engine, build) = CacheFileDamage.ApplyForABuild(PagesMemo.FileOf(cache.Path, "out"), damage, PagesMemo.Magic, "engine", Build);
        Assert.Null(PagesMemo.Load(cache.Path, "out", engine, build));
    }

    /// <summary>
    /// Pages are taken back only into a book of the very records the layout was cut from: the ids are hashed while the
    /// pages are made, and pages made of a layout whose hash is another are dropped.
    /// </summary>
    [Fact]
    public void PagesAreTakenBackOnlyIntoTheBookTheLayoutWasCutFrom()
    {
        var book = RecordedReads.RealBook();
        var layout = book.Pages.LaidOut();
        var taken = BookPages.TakenBack(book, layout, []);
        Assert.NotNull(taken);
        Assert.True(taken.Value.Before.FromCache);
        Assert.Equal(book.Pages.ClaimPage(book.Claims[0]), taken.Value.Before.ClaimPage(book.Claims[0]));

        Assert.Null(BookPages.TakenBack(book, layout with { Book = layout.Book + 1 }, []));
    }

    /// <summary>
    /// Frames intact but made by hand: a count larger than the file, and places outside their lists, are refused; the
    /// same frame with nothing wrong in it is read, so each refusal is the fault's alone.
    /// </summary>
    [Theory]
    [InlineData("nothing")]
    [InlineData("claims counted past the file")]
    [InlineData("a topic of no entity")]
    [InlineData("a claim placed past the claims")]
    [InlineData("an undated part of the chronology")]
    public void AFileWhoseCountsOrPlacesDoNotFitIsNotRead(string fault)
    {
        using var cache = new TempDir();
        CheckedFile.Write(PagesMemo.FileOf(cache.Path, "out"), PagesMemo.Magic, PagesMemo.Version, writer =>
        {
            writer.Write("engine");
            writer.Write(0UL);
            writer.Write((ulong)Build);
            writer.Write(0UL);
            writer.Write(0UL);
            writer.Write(2); // entities
            writer.Write(0); // disagreements
            writer.Write(fault == "claims counted past the file" ? int.MaxValue : 3);
            for (var i = 0; i < 3; i++) writer.Write(100L);
            writer.Write(300L);
            writer.Write(1); // a part of the chronology: its year, number and claims
            writer.Write(fault == "an undated part of the chronology" ? int.MinValue : 2001);
            writer.Write(1);
            writer.Write(1);
            writer.Write(fault == "a claim placed past the claims" ? 3 : 2);
            writer.Write(1); // a topic: its entity, then no parts, differences, further differences or latest claims
            writer.Write(fault == "a topic of no entity" ? 2 : 1);
            for (var i = 0; i < 4; i++) writer.Write(0);
        });
        var layout = PagesMemo.Load(cache.Path, "out", "engine", Build);
        if (fault != "nothing")
        {
            Assert.Null(layout);
            return;
        }
        Assert.NotNull(layout);
        Assert.Equal([2], Assert.Single(layout.Chronology!).Claims);
        Assert.Equal(1, Assert.Single(layout.Topics).Entity);
    }
}
