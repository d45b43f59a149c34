using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's parse cache (<see cref="ParsedFiles"/>): an annotation file whose bytes are unchanged is not parsed again,
/// a changed one is, and either way the load reports exactly what a load without the cache reports.
/// </summary>
public class ParsedFilesTests
{
    private static (AnnotationSet Set, string Diagnostics) Load(TempBook book, ParsedFiles? parsed)
    {
        var bag = new DiagnosticBag();
        var set = AnnotationLoader.Load(book.Content, bag, parsed);
        return (set, bag.Sorted().Dump());
    }

    private static void AssertAsWithoutCache(TempBook book, ParsedFiles parsed)
    {
        var (cached, cachedDiagnostics) = Load(book, parsed);
        var (clean, cleanDiagnostics) = Load(book, null);
        Assert.Equal(cleanDiagnostics, cachedDiagnostics);
        Assert.Equal(clean.Claims.Select(c => (c.Id.Value, c.Text.Value, c.Location)), cached.Claims.Select(c => (c.Id.Value, c.Text.Value, c.Location)));
        Assert.Equal(clean.Entities.Select(e => e.Id.Value), cached.Entities.Select(e => e.Id.Value));
        Assert.Equal(clean.Book?.Title, cached.Book?.Title);
        Assert.Equal(clean.BrokenIds.Order(StringComparer.Ordinal), cached.BrokenIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnlyChangedFilesAreParsedAgain()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        AssertAsWithoutCache(book, parsed);
        Assert.Equal((SampleBook.ContentFiles.Count, 0), (parsed.Parsed, parsed.Reused));

        AssertAsWithoutCache(book, parsed);
        Assert.Equal((0, SampleBook.ContentFiles.Count), (parsed.Parsed, parsed.Reused));

        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        AssertAsWithoutCache(book, parsed);
        Assert.Equal((1, SampleBook.ContentFiles.Count - 1), (parsed.Parsed, parsed.Reused));
        Assert.Contains(Load(book, null).Set.Claims, c => c.Text.Value == "Putin called the talks fruitful.");
    }

    [Fact]
    public void AnUnchangedBrokenFileReportsItsErrorsAgain()
    {
        using var book = SampleBook.Create();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("  - id: talks-useful", "  - id: talks-useful\n    id: twice"));
        var parsed = new ParsedFiles();
        var (_, first) = Load(book, parsed);
        Assert.Contains("RJB0105", first);
        var (_, again) = Load(book, parsed);
        Assert.Equal(first, again);
        Assert.Equal(0, parsed.Parsed);
        AssertAsWithoutCache(book, parsed);
    }

    [Fact]
    public void AnEditThatKeepsTheLengthAndTimeIsStillSeen()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        Load(book, parsed);
        var path = book.ContentFile("sources/tass-2018.yaml");
        var time = File.GetLastWriteTimeUtc(path);
        var edited = SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks USEFUL.");
        Assert.Equal(SampleBook.TassYaml.Length, edited.Length);
        book.Yaml("sources/tass-2018.yaml", edited);
        File.SetLastWriteTimeUtc(path, time);
        var (set, _) = Load(book, parsed);
        Assert.Equal(1, parsed.Parsed);
        Assert.Contains(set.Claims, c => c.Text.Value == "Putin called the talks USEFUL.");
    }

    [Fact]
    public void ADeletedFileIsForgotten()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        Load(book, parsed);
        book.Delete("disagreements.yaml");
        AssertAsWithoutCache(book, parsed);
        Assert.Equal((0, SampleBook.ContentFiles.Count - 1), (parsed.Parsed, parsed.Reused));
        Assert.Empty(Load(book, parsed).Set.Disagreements);
    }
}
