using System.Text.Encodings.Web;
using System.Text.Json;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// book.json and its claims files are put together from each record's entry, made once per record (BookJson.Write):
/// their bytes must be those an indented writer makes writing the same values one by one, which is what reading them
/// and writing them again gives.
/// </summary>
public sealed class BookJsonLayoutTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    [Fact]
    public void TheRealBooksFilesAreLaidOutAsAWriterLaysThemOut()
    {
        site.RequireSuccess();
        var files = Directory.GetFiles(Path.Combine(site.Output, "data", "claims")).Append(Path.Combine(site.Output, "data", "book.json")).ToList();
        Assert.True(files.Count > 1);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(Rewritten(bytes), bytes);
        }
    }

    [Fact]
    public void ABookWithNothingInItsListsIsLaidOutAsAWriterLaysItOut()
    {
        var empty = new BriefingBook("An \"empty\" book", "Nothing yet.", [], [], [], [], [], []);
        var (path, bytes) = Assert.Single(BookJsonEdits.Whole(empty));
        Assert.Equal(SiteLayout.BookData, path);
        Assert.Equal(Rewritten(bytes), bytes);
        Assert.Contains("\"claim_files\": []", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void WritingTheSameBookTwiceGivesTheSameBytes()
    {
        // Made twice from the same book, and as the fixture's build published them.
        site.RequireSuccess();
        var book = site.Result.Book!;
        var first = BookJsonEdits.Whole(book);
        var second = BookJsonEdits.Whole(book);
        Assert.Equal(first, second);
        Assert.All(second, file => Assert.Equal(File.ReadAllBytes(Path.Combine(site.Output, file.Key)), file.Value));
    }

    /// <summary>The file read and written again, value by value, as book.json's writer is set up (indented, relaxed escaping), with its final line break.</summary>
    private static byte[] Rewritten(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            document.WriteTo(writer);
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}
