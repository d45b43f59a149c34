using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using static RussiaJapanBriefing.Tests.Support.BookJsonEdits;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// book.json spliced by the command line (<see cref="BookJsonMemo"/>): after any edit the file is byte for byte the
/// one a whole write gives, unchanged entries are copied from the published file, and a cache file or published file
/// that is not as the last build wrote it is never trusted.
/// </summary>
public sealed class BookJsonMemoTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    private BriefingBook Book()
    {
        site.RequireSuccess();
        return site.Result.Book!;
    }

    private static (byte[] Bytes, BookJsonMemo.Built Built) Spliced(BriefingBook book, BookJsonMemo.Built? last, byte[]? published)
    {
        using var stream = new MemoryStream();
        var built = BookJson.Write(book, stream, last, published);
        return (stream.ToArray(), built);
    }

    [Fact]
    public void EveryEditGivesTheBytesOfAWholeWrite()
    {
        var book = Book();
        var (bytes, built) = Spliced(book, null, null);
        Assert.Equal(Whole(book), bytes);
        Assert.Equal(Hashing.Hash(bytes), built.Hash);

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
            b => With(b, disagreements: [.. b.Disagreements.Select(d => d with { Note = "A *new* note." })]),
        ];
        foreach (var edit in edits)
        {
            book = edit(book);
            (bytes, built) = Spliced(book, built, bytes);
            Assert.Equal(Whole(book), bytes);
            Assert.Equal(Hashing.Hash(bytes), built.Hash);
        }
    }

    [Fact]
    public void AnUnchangedEntryIsCopiedFromThePublishedFileAndAChangedOneIsMade()
    {
        var book = Book();
        var (bytes, built) = Spliced(book, null, null);
        // A letter of every entry changed where it stands (same length): what is copied keeps it, what is made does not.
        var marked = Marked(bytes);
        var claim = book.Claims[0];
        var edited = With(book, claims: [.. book.Claims.Select(c => c.Id == claim.Id ? c with { Text = "A new text." } : c)]);
        var (spliced, _) = Spliced(edited, built, marked);
        var whole = Whole(edited);
        Assert.Equal(Marked(whole), Marked(spliced));
        Assert.NotEqual(whole, spliced);
        Assert.Contains("\"text\": \"A new text.\"", System.Text.Encoding.UTF8.GetString(spliced));
    }

    /// <summary>
    /// After an edit known to have replaced claims alone (<see cref="SiteContext.Edited"/>), every other entry is copied
    /// from where it stood, and the keys recorded for the next build are those keying every entry gives. The chronology
    /// is in date order: a claim given another date moves in it, so its entries are made, not copied by place.
    /// </summary>
    [Fact]
    public void AfterAClaimEditEveryOtherEntryIsCopiedFromWhereItStood()
    {
        var book = Book();
        var (bytes, built) = Spliced(book, null, null);
        var dated = book.Chronology[book.Chronology.Count / 2];
        var earlier = new PartialDate(new DatePoint(dated.Date!.Year - 40));
        foreach (var now in new[] { dated with { Text = "A new text." }, dated with { Text = "Another text.", Date = earlier } })
        {
            var edited = With(book, claims: [.. book.Claims.Select(c => c.Id == dated.Id ? now : c)]);
            using var stream = new MemoryStream();
            var spliced = BookJson.Write(edited, stream, built, Marked(bytes), [Replaced(dated, now)]);
            var whole = Whole(edited);
            Assert.Equal(Marked(whole), Marked(stream.ToArray()));
            Assert.NotEqual(whole, stream.ToArray());
            Assert.Equal(Spliced(edited, null, null).Built.Keys, spliced.Keys);
            // Only the claim's own entries are made (a copied one says "datE"): its entry in the chronology too, and
            // every entry there when the claim moved in it.
            var made = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Count(line => line.Contains("\"date\": ", StringComparison.Ordinal));
            Assert.Equal(now.Date == dated.Date ? 2 : 1 + edited.Chronology.Count, made);
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
        memo.Last = Spliced(Book(), null, null).Built;
        Assert.True(memo.Changed);
        Assert.True(memo.Save());
        var loaded = BookJsonMemo.Load(cache.Path, output, "engine");
        Assert.False(loaded.Changed);
        Assert.Equal(memo.Last.Keys, loaded.Last!.Keys);
        Assert.Equal(memo.Last.Spans, loaded.Last.Spans);

        var file = Assert.Single(Directory.GetFiles(cache.Path, "bookjson-*.bin"));
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]); break;
            case "altered": bytes[bytes.Length / 2] ^= 1; File.WriteAllBytes(file, bytes); break;
        }
        Assert.Null(BookJsonMemo.Load(cache.Path, output, damage == "engine" ? "another engine" : "engine").Last);
    }

    private static byte[] Marked(byte[] bytes) => [.. bytes.Select(b => b == (byte)'e' ? (byte)'E' : b)];

    /// <summary>A published book.json as the site writer reports it: the hash its cache recorded, and the bytes on disk.</summary>
    private sealed class PublishedFile(string? hash, byte[]? bytes) : IOutputSink
    {
        public byte[]? Written { get; private set; }
        public bool Caches => true;
        public IReadOnlyList<string> Paths => [];
        public string? PublishedHash(string path) => hash;
        public byte[]? Published(string path) => bytes;
        public bool TryKeep(string path, string fingerprint) => false;
        public bool Write(string path, string? fingerprint, Func<Stream, bool> write) => throw new InvalidOperationException();

        public void Write(string path, Action<Stream> write)
        {
            using var stream = new MemoryStream();
            write(stream);
            Written = stream.ToArray();
        }

        public void Copy(string path, byte[] bytes) => throw new InvalidOperationException();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APublishedFileThatIsNotTheOneDescribedIsNotCopiedFrom(bool edited)
    {
        var book = Book();
        var (bytes, built) = Spliced(book, null, null);
        var marked = Marked(bytes);
        var memo = new BookJsonMemo { Last = built };
        var context = new SiteContext(book, null!, null, false, true) { BookData = memo };

        // The cache recorded another file than the memo describes (a later build the memo did not see), or the file on disk is not as recorded.
        var sink = edited ? new PublishedFile(built.Hash, null) : new PublishedFile(Hashing.Hash(marked), marked);
        new BookJson().Write(context, sink, new DiagnosticBag());
        Assert.Equal(bytes, sink.Written);
        Assert.True(memo.Changed);

        // The file as described: copied from.
        var trusted = new PublishedFile(built.Hash, marked);
        new BookJson().Write(context with { BookData = new BookJsonMemo { Last = built } }, trusted, new DiagnosticBag());
        // Every entry is copied; only the lines around them are written here.
        Assert.Equal(marked, Marked(trusted.Written!));
        Assert.NotEqual(bytes, trusted.Written);
        Assert.Equal(bytes.Length, trusted.Written!.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFileReadAheadIsCopiedFromOnlyWhileThePublishedFileIsStillTheOneDescribed(bool changedSince)
    {
        var book = Book();
        var (bytes, built) = Spliced(book, null, null);
        var marked = Marked(bytes);

        // Not read ahead when the cache records another file than the memo describes.
        var other = new BookJsonMemo { Last = built };
        other.ReadAhead(_ => "another hash", _ => throw new InvalidOperationException("read although not described"));
        Assert.Null(other.Published);

        var memo = new BookJsonMemo { Last = built };
        memo.ReadAhead(path => path == SiteLayout.BookData ? built.Hash : null, path => path == SiteLayout.BookData ? marked : null);
        Assert.Same(marked, memo.Published);

        // By the time book.json is written the file is not read again; it may have changed since it was read ahead.
        var sink = new PublishedFile(changedSince ? "another hash" : built.Hash, null);
        new BookJson().Write(new SiteContext(book, null!, null, false, true) { BookData = memo }, sink, new DiagnosticBag());
        Assert.Null(memo.Published);
        if (changedSince) Assert.Equal(bytes, sink.Written);
        else
        {
            Assert.Equal(marked, Marked(sink.Written!));
            Assert.NotEqual(bytes, sink.Written);
        }
    }
}
