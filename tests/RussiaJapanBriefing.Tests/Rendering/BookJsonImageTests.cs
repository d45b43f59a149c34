using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using static RussiaJapanBriefing.Tests.Support.BookJsonEdits;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's book.json and claims files, kept in memory (<see cref="BookJson.Image"/>): after any edit the files are those
/// of a whole write, a file whose records are all as they were is kept as published, and only the entries of new
/// records are made.
/// </summary>
public sealed class BookJsonImageTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    private BriefingBook Book()
    {
        site.RequireSuccess();
        return site.Result.Book!;
    }

    private static PublishedFolder Make(BookJson.Image image, BriefingBook book, PublishedFolder? folder = null)
    {
        folder ??= new PublishedFolder();
        image.Write(book, folder);
        return folder;
    }

    [Fact]
    public void EveryEditGivesTheFilesOfAWholeWrite()
    {
        var book = Book();
        var image = new BookJson.Image();
        var claim = book.Claims[book.Claims.Count / 2];
        var dated = book.Claims.First(c => c.Date is not null);
        var entity = book.Entities[0];
        Func<BriefingBook, BriefingBook>[] edits =
        [
            b => b,
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == claim.Id ? c with { Text = c.Text + " Edited \"once\"." } : c)]),
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == claim.Id ? c with { Text = "Short." } : c)]),
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == dated.Id ? c with { DateNote = "a note", AccordingTo = "someone" } : c)]),
            b => With(b, entities: [.. b.Entities.Select(e => e.Id == entity.Id ? e with { Name = e.Name + " (renamed)" } : e)]),
            b => With(b, entities: [.. b.Entities.Reverse()]),
            b => With(b, claims: [.. b.Claims.Reverse()]),
            b => With(b, claims: [.. b.Claims.Where(c => c.Id != dated.Id)], disagreements: [.. b.Disagreements.Where(d => !d.Claims.Contains(dated.Id))]),
            b => With(b, claims: [.. b.Claims, claim with { Id = "zz-a-new-claim" }]),
            b => With(b, claims: [claim with { Id = "0-a-first-claim" }, .. b.Claims]),
            b => With(b, disagreements: [.. b.Disagreements.Select(d => d with { Note = "A *new* note." })]),
            b => With(b, title: "Another title"),
            b => With(b, claims: [], disagreements: []),
            b => Book(),
        ];
        var folder = new PublishedFolder();
        foreach (var edit in edits)
        {
            book = edit(book);
            Make(image, book, folder).Publish();
            Assert.Equal(Whole(book), folder.Files);
        }
    }

    [Fact]
    public void OnlyTheEntriesAndFilesOfNewRecordsAreMade()
    {
        var book = Book();
        var image = new BookJson.Image();
        var folder = Make(image, book);
        var files = Whole(book).Count;
        Assert.Equal(files, image.Written);
        Assert.Equal(book.Sources.Count + book.Entities.Count + (files - 1) + book.Claims.Count + book.Disagreements.Count + book.Chronology.Count, image.Made);
        folder.Publish();

        Make(image, book, folder).Publish();
        Assert.Equal((0, 0), (image.Made, image.Written));

        // A dated claim has two entries, its own in its claims file and the chronology's in book.json; the chronology's
        // reads only its date and id, so it is alike its last, and only the claims file is made and written.
        var dated = book.Claims.First(c => c.Date is not null);
        Make(image, With(book, claims: [.. book.Claims.Select(c => c.Id == dated.Id ? c with { Text = "A new text." } : c)]), folder);
        Assert.Equal((1, 1), (image.Made, image.Written));
        Assert.StartsWith("data/claims/", Assert.Single(folder.Written.Keys));
        folder.Publish();

        // Given another date, it moves in the chronology: its entry there is made, and book.json written.
        var earlier = new PartialDate(new DatePoint(dated.Date!.Year - 40));
        Make(image, With(book, claims: [.. book.Claims.Select(c => c.Id == dated.Id ? c with { Date = earlier } : c)]), folder);
        Assert.Equal((2, 2), (image.Made, image.Written));
        Assert.Contains(SiteLayout.BookData, folder.Written.Keys);
        folder.Publish();

        // Entities in another order are found where they stood, but for the few looked for in place before they are looked up.
        Make(image, book, folder).Publish();
        Assert.True(book.Entities.Count > 2 * LastPlaces.MissesBeforeTable, $"{book.Entities.Count} entities");
        Make(image, With(book, entities: [.. book.Entities.Reverse()]), folder);
        Assert.InRange(image.Made, 0, LastPlaces.MissesBeforeTable);
        Assert.Equal([SiteLayout.BookData], folder.Written.Keys);
    }

    [Fact]
    public void AFileEditedOnDiskIsWrittenAgain()
    {
        var book = Book();
        var image = new BookJson.Image();
        var folder = Make(image, book);
        folder.Publish();
        var whole = Whole(book);
        folder.EditByHand(SiteLayout.BookData, Marked(whole[SiteLayout.BookData]));
        Make(image, book, folder);
        Assert.Equal(0, image.Made);
        Assert.Equal([SiteLayout.BookData], folder.Written.Keys);
        Assert.Equal(whole[SiteLayout.BookData], folder.Written[SiteLayout.BookData]);
    }
}
