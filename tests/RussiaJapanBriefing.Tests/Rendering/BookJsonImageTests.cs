using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using static RussiaJapanBriefing.Tests.Support.BookJsonEdits;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's book.json, kept in memory (<see cref="BookJson.Image"/>): after any edit the bytes are those of a whole write,
/// the hash carried on from the kept states is the hash of those bytes, and only the entries of new records are made.
/// </summary>
public sealed class BookJsonImageTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    private BriefingBook Book()
    {
        site.RequireSuccess();
        return site.Result.Book!;
    }

    private static void Make(BookJson.Image image, BriefingBook book) => image.Write(book, Stream.Null);

    // Hash states every 100 bytes (not every megabyte), so each edit resumes from one far into the file; and the file written in pieces of 100 bytes.
    [Theory]
    [InlineData(100, 100)]
    [InlineData(1 << 20, 1 << 18)]
    public void EveryEditGivesTheBytesAndHashOfAWholeWrite(int checkpoint, int piece)
    {
        var book = Book();
        var image = new BookJson.Image(checkpoint, piece);
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
        foreach (var edit in edits)
        {
            book = edit(book);
            using var stream = new MemoryStream();
            var hash = image.Write(book, stream);
            var whole = Whole(book);
            Assert.Equal(whole, stream.ToArray());
            Assert.Equal(Hashing.Hash(whole), hash);
        }
    }

    [Fact]
    public void OnlyTheEntriesOfNewRecordsAreMade()
    {
        var book = Book();
        var image = new BookJson.Image();
        Make(image, book);
        var entries = book.Sources.Count + book.Entities.Count + book.Claims.Count + book.Disagreements.Count + book.Chronology.Count;
        Assert.Equal(entries, image.Made);

        Make(image, book);
        Assert.Equal(0, image.Made);

        // A dated claim has two entries, its own and the chronology's.
        var dated = book.Claims.First(c => c.Date is not null);
        Make(image, With(book, claims: [.. book.Claims.Select(c => c.Id == dated.Id ? c with { Text = "A new text." } : c)]));
        Assert.Equal(2, image.Made);

        // Entities in another order are found where they stood, but for the few looked for in place before they are looked up.
        Make(image, book);
        Assert.True(book.Entities.Count > 2 * LastPlaces.MissesBeforeTable, $"{book.Entities.Count} entities");
        Make(image, With(book, entities: [.. book.Entities.Reverse()]));
        Assert.InRange(image.Made, 0, LastPlaces.MissesBeforeTable);
    }
}
