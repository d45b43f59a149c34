using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests.Rendering;

/// <summary>
/// A topic's list of links past <see cref="BookPages.ListPageSize"/> entries continues on pages of its own, planned
/// from the list's length alone: they appear and go as the list grows and shrinks, in serve as in a clean build.
/// </summary>
public sealed class LinkListPartTests
{
    private static string EntitiesWithMeetings(int count)
    {
        var yaml = SampleBook.ContentFiles.Single(f => f.Path == "entities.yaml").Yaml;
        var meetings = string.Concat(Enumerable.Range(0, count).Select(i =>
            $"  - id: extra-talks-{i:000}\n    name: Extra talks {i}\n    date: 2017-01-01\n    place: Tokyo\n    format: talks\n    participants: [putin]\n    summary: Talks.\n"));
        Assert.Contains("\npeople:\n", yaml);
        return yaml.Replace("\npeople:\n", "\n" + meetings + "people:\n", StringComparison.Ordinal);
    }

    private static string[] ContinuedPages(string output)
    {
        var folder = Path.Combine(output, "leaders", "putin");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "meetings-*.html").Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];
    }

    [Fact]
    public void ALongListContinuesOnPagesThatComeAndGoWithIt()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        // Putin is at the sample's two meetings: 2 + 248 = 250 entries, three pages of 100.
        book.Book.Yaml("entities.yaml", EntitiesWithMeetings(248));
        PublishingBook.Require(engine.Update(options));
        Assert.Equal(["meetings-2.html", "meetings-3.html"], ContinuedPages(book.Output));
        var third = File.ReadAllText(Path.Combine(book.Output, "leaders", "putin", "meetings-3.html"));
        // In date order: the last 49 extra talks (2017), then the Moscow talks (2018).
        Assert.Equal(49, System.Text.RegularExpressions.Regex.Count(third, "href=\"[./]*meetings/extra-talks-"));
        Assert.Contains("meetings/moscow-talks-2018.html", third);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's first build");

        // 150 entries: the third page goes, the second is made again with the rest.
        book.Book.Yaml("entities.yaml", EntitiesWithMeetings(148));
        var result = PublishingBook.Require(engine.Update(options));
        Assert.Equal(["meetings-2.html"], ContinuedPages(book.Output));
        Assert.Contains("leaders/putin/meetings-3.html", result.Publish!.Removed);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the list shrank");

        // 100 entries fit on the topic page itself.
        book.Book.Yaml("entities.yaml", EntitiesWithMeetings(98));
        PublishingBook.Require(engine.Update(options));
        Assert.Empty(ContinuedPages(book.Output));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the list fit on one page");
    }
}
