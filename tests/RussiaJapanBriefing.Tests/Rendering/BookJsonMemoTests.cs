using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using static RussiaJapanBriefing.Tests.Support.BookJsonEdits;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// book.json and its claims files spliced by the command line (<see cref="BookJsonMemo"/>): after any edit the files
/// are byte for byte those a whole write gives, a file whose entries are unchanged is kept unread, unchanged entries
/// are copied from the published file, and a cache file or published file that is not as the last build wrote it is
/// never trusted.
/// </summary>
public sealed class BookJsonMemoTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    private BriefingBook Book()
    {
        site.RequireSuccess();
        return site.Result.Book!;
    }

    /// <summary>One build into <paramref name="folder"/>, then published: what it wrote of each file.</summary>
    private static Dictionary<string, BookJsonMemo.Built> Build(BriefingBook book, PublishedFolder folder, IReadOnlyDictionary<string, BookJsonMemo.Built>? last,
        IReadOnlyList<ClaimEdit>? edited = null)
    {
        var built = BookJson.Write(book, folder, last, edited);
        Assert.Equal(Whole(book).Keys, built.Keys.Order(StringComparer.Ordinal));
        return built;
    }

    /// <summary>What was written, with each hash that of files marked (<see cref="Marked"/>) as the folder holds them.</summary>
    private static Dictionary<string, BookJsonMemo.Built> AsMarked(Dictionary<string, BookJsonMemo.Built> built, PublishedFolder folder) =>
        built.ToDictionary(f => f.Key, f => f.Value with { Hash = Hashing.Hash(folder.Files[f.Key]) });

    [Fact]
    public void EveryEditGivesTheFilesOfAWholeWrite()
    {
        var book = Book();
        var folder = new PublishedFolder();
        var built = Build(book, folder, null);
        Assert.Equal(Whole(book), folder.Written);
        folder.Publish();

        var claim = book.Claims[book.Claims.Count / 2];
        var dated = book.Claims.First(c => c.Date is not null);
        var entity = book.Entities[0];
        Func<BriefingBook, BriefingBook>[] edits =
        [
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == claim.Id ? c with { Text = c.Text + " Edited \"once\"." } : c)]),
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == claim.Id ? c with { Text = c.Text + " And twice." } : c)]),
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == dated.Id ? c with { DateNote = "a note", AccordingTo = "someone" } : c)]),
            b => With(b, entities: [.. b.Entities.Select(e => e.Id == entity.Id ? e with { Name = e.Name + " (renamed)" } : e)]),
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
            built = Build(book, folder, built);
            folder.Publish();
            Assert.Equal(Whole(book), folder.Files);
            Assert.All(built, f => Assert.Equal(Hashing.Hash(folder.Files[f.Key]), f.Value.Hash));
        }
    }

    [Fact]
    public void AnUnchangedFileIsKeptAndInAChangedOneOnlyTheChangedEntryIsMade()
    {
        var book = Book();
        var folder = new PublishedFolder();
        var built = Build(book, folder, null);
        // A letter of every entry changed where it stands (same length): what is copied keeps it, what is made does not.
        folder.Holding(folder.Written.ToDictionary(f => f.Key, f => Marked(f.Value)));
        built = AsMarked(built, folder);
        var claim = book.Claims[0];
        var edited = With(book, claims: [.. book.Claims.Select(c => c.Id == claim.Id ? c with { Text = "A new text." } : c)]);
        Build(edited, folder, built);

        var whole = Whole(edited);
        var (path, spliced) = Assert.Single(folder.Written);
        Assert.StartsWith("data/claims/", path);
        Assert.Equal(Marked(whole[path]), Marked(spliced));
        Assert.NotEqual(whole[path], spliced);
        Assert.Contains("\"text\": \"A new text.\"", System.Text.Encoding.UTF8.GetString(spliced));
    }

    /// <summary>
    /// After an edit known to have replaced claims alone (<see cref="SiteContext.Edited"/>), only the claims file holding
    /// the claim is written, its other entries copied from where they stood, and the keys recorded for the next build
    /// are those keying every entry gives. The chronology is in date order: a claim given another date moves in it, so
    /// book.json is written too, with only the claim's entry there made.
    /// </summary>
    [Fact]
    public void AfterAClaimEditOnlyItsFileIsWrittenAndItsOtherEntriesAreCopiedFromWhereTheyStood()
    {
        var book = Book();
        var first = new PublishedFolder();
        var built = Build(book, first, null);
        var marked = first.Written.ToDictionary(f => f.Key, f => Marked(f.Value));
        var dated = book.Chronology[book.Chronology.Count / 2];
        var earlier = new PartialDate(new DatePoint(dated.Date!.Year - 40));
        foreach (var now in new[] { dated with { Text = "A new text." }, dated with { Text = "Another text.", Date = earlier } })
        {
            var edited = With(book, claims: [.. book.Claims.Select(c => c.Id == dated.Id ? now : c)]);
            var folder = new PublishedFolder().Holding(marked);
            var spliced = Build(edited, folder, AsMarked(built, folder), [Replaced(dated, now)]);
            var whole = Whole(edited);
            Assert.Equal(now.Date == dated.Date ? 1 : 2, folder.Written.Count);
            Assert.Equal(now.Date != dated.Date, folder.Written.ContainsKey(SiteLayout.BookData));
            foreach (var (path, bytes) in folder.Written)
            {
                Assert.Equal(Marked(whole[path]), Marked(bytes));
                Assert.NotEqual(whole[path], bytes);
            }
            var fresh = Build(edited, new PublishedFolder(), null);
            Assert.All(fresh, f => Assert.Equal(f.Value.Keys, spliced[f.Key].Keys));
            // Only the claim's own entries are made (a copied one says "datE"): its entry in its claims file, and in the
            // chronology when it moved there.
            var made = folder.Written.Values.Sum(bytes => System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Count(line => line.Contains("\"date\": ", StringComparison.Ordinal)));
            Assert.Equal(now.Date == dated.Date ? 1 : 2, made);
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("altered")]
    [InlineData("engine")]
    public void ACacheFileNotAsWrittenIsNotRead(string damage)
    {
        using var cache = new TempDir();
        var output = Path.Combine(cache.Path, "out");
        var memo = BookJsonMemo.Load(cache.Path, output, "engine");
        Assert.Null(memo.Last);
        memo.Last = Build(Book(), new PublishedFolder(), null);
        Assert.True(memo.Changed);
        Assert.True(memo.Save());
        var loaded = BookJsonMemo.Load(cache.Path, output, "engine");
        Assert.False(loaded.Changed);
        Assert.Equal(memo.Last.Keys.Order(StringComparer.Ordinal), loaded.Last!.Keys.Order(StringComparer.Ordinal));
        Assert.All(memo.Last, f => Assert.Equal(f.Value.Hash, loaded.Last[f.Key].Hash));
        Assert.All(memo.Last, f => Assert.Equal(f.Value.Keys, loaded.Last[f.Key].Keys));
        Assert.All(memo.Last, f => Assert.Equal(f.Value.Spans, loaded.Last[f.Key].Spans));

        var file = Assert.Single(Directory.GetFiles(cache.Path, "bookjson-*.bin"));
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]); break;
            case "altered": bytes[bytes.Length / 2] ^= 1; File.WriteAllBytes(file, bytes); break;
        }
        Assert.Null(BookJsonMemo.Load(cache.Path, output, damage == "engine" ? "another engine" : "engine").Last);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APublishedFileThatIsNotTheOneDescribedIsNeitherKeptNorCopiedFrom(bool edited)
    {
        var book = Book();
        var folder = new PublishedFolder();
        var built = Build(book, folder, null);
        folder.Publish();
        var whole = Whole(book);
        var claimsFile = whole.Keys.First(path => path != SiteLayout.BookData);
        // Edited by hand after it was published: the cache no longer vouches for it.
        folder.EditByHand(SiteLayout.BookData, Marked(whole[SiteLayout.BookData]));
        folder.EditByHand(claimsFile, Marked(whole[claimsFile]));
        var context = new SiteContext(book, null!, null, false, true) { BookData = new BookJsonMemo { Last = built }, Edited = edited ? [] : null };
        new BookJson().Write(context, folder, new DiagnosticBag());
        Assert.Equal([SiteLayout.BookData, claimsFile], folder.Written.Keys);
        Assert.Equal(whole[SiteLayout.BookData], folder.Written[SiteLayout.BookData]);
        Assert.Equal(whole[claimsFile], folder.Written[claimsFile]);
        Assert.True(context.BookData.Changed);
    }

    /// <summary>
    /// A book of thousands of claims: cut into files by id, and an edit rewrites only the file holding the claim, and
    /// book.json where its listing changes (a claim added or removed), from the command line's memo and serve's alike.
    /// </summary>
    [Fact]
    public void ABigBooksClaimsAreCutIntoFilesAndAnEditRewritesOnlyTheFilesAroundIt()
    {
        var real = Book();
        var claim = real.Claims.First(c => c.Date is null);
        var book = With(real, claims: [.. Enumerable.Range(0, 5000).Select(i => claim with { Id = $"claim-{i:D5}" })], disagreements: []);
        var files = Whole(book);
        Assert.InRange(files.Count - 1, 5000 / BookJson.ClaimsPerFile / 2, 5000 / BookJson.ClaimsPerFile * 2);

        var folder = new PublishedFolder();
        var built = Build(book, folder, null);
        folder.Publish();
        var image = new BookJson.Image();
        var served = new PublishedFolder();
        image.Write(book, served);
        served.Publish();
        Func<BriefingBook, BriefingBook>[] edits =
        [
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == "claim-01000" ? c with { Text = "Edited." } : c)]),
            b => With(b, claims: [.. b.Claims, claim with { Id = "claim-02500-added" }]),
            b => With(b, claims: [.. b.Claims.Where(c => c.Id != "claim-03000")]),
            // The same ids again, after ids changed: serve's image cuts the files where it last cut them.
            b => With(b, claims: [.. b.Claims.Select(c => c.Id == "claim-04000" ? c with { Text = "Edited too." } : c)]),
        ];
        foreach (var edit in edits)
        {
            book = edit(book);
            built = Build(book, folder, built);
            image.Write(book, served);
            Assert.Equal(folder.Written.Keys, served.Written.Keys);
            // The claim's file; and book.json when its listing of the files changed, and the file after a cut the claim made or unmade.
            Assert.Contains(folder.Written.Keys, path => path != SiteLayout.BookData);
            Assert.InRange(folder.Written.Count, 1, 3);
            folder.Publish();
            served.Publish();
            Assert.Equal(Whole(book), folder.Files);
            Assert.Equal(Whole(book), served.Files);
        }
    }
}
