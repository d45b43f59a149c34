using System.Text.Encodings.Web;
using System.Text.Json;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// book.json is put together from each record's entry, made once per record (BookJson.Write): its bytes must be those
/// an indented writer makes writing the same values one by one, which is what reading it and writing it again gives.
/// </summary>
public sealed class BookJsonLayoutTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    [Fact]
    public void TheRealBooksFileIsLaidOutAsAWriterLaysItOut()
    {
        site.RequireSuccess();
        var bytes = File.ReadAllBytes(Path.Combine(site.Output, "data", "book.json"));
        Assert.Equal(Rewritten(bytes), bytes);
    }

    [Fact]
    public void ABookWithNothingInItsListsIsLaidOutAsAWriterLaysItOut()
    {
        var empty = new BriefingBook("An \"empty\" book", "Nothing yet.", [], [], [], [], [], []);
        using var stream = new MemoryStream();
        BookJson.Write(empty, stream);
        var bytes = stream.ToArray();
        Assert.Equal(Rewritten(bytes), bytes);
        Assert.Contains("\"claims\": []", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void WritingTheSameBookTwiceGivesTheSameBytes()
    {
        // The second write takes every entry from those kept with the records.
        site.RequireSuccess();
        var book = site.Result.Book!;
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        BookJson.Write(book, first);
        BookJson.Write(book, second);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(File.ReadAllBytes(Path.Combine(site.Output, "data", "book.json")), second.ToArray());
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
