using System.Reflection;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The page tracker keeps a page only while every value it read from the book is unchanged. Each edit here changes
/// one value that some pages show: those pages must be rendered again, by serve's engine (which keeps value hashes
/// in memory between saves) and by the command line (which keeps them in its cache folder), and the output must
/// equal a clean build.
/// </summary>
public class PageTrackerTests
{
    public static TheoryData<string, string, string, string, string> Edits => new()
    {
        // file, text replaced, replacement, a page that shows it, what that page must then say
        { "entities.yaml", "role: President of Russia", "role: President of the Russian Federation", "leaders/putin.html", "President of the Russian Federation" },
        { "entities.yaml", "place: Nagato", "place: Nagato, Yamaguchi", "meetings/nagato-summit-2016.html", "Nagato, Yamaguchi" },
        { "entities.yaml", "status: signed", "status: ratified", "treaties/joint-declaration-1956.html", "ratified" },
        { "entities.yaml", "name: Iturup\n", "name: Iturup Island\n", "islands/kunashir.html", "Iturup Island" },
        { "sources/tass-2018.yaml", "text: Putin called the talks useful.", "text: Putin called the talks fruitful.", "sources/tass-2018.html", "fruitful" },
        { "sources/tass-2018.yaml", "quote: talks were useful\n        context: Putin said the talks were useful", "quote: The talks were useful, Abe said", "sources/tass-2018.html", "The talks were useful, Abe said" },
    };

    private static string Yaml(string file) => SampleBook.ContentFiles.Single(f => f.Path == file).Yaml;

    private static void Edit(PublishingBook book, string file, string from, string to)
    {
        var yaml = Yaml(file);
        Assert.Contains(from, yaml);
        book.Book.Yaml(file, yaml.Replace(from, to, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void ServeRendersAgainThePagesThatShowAnEditedValue(string file, string from, string to, string page, string shown)
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));

        Edit(book, file, from, to);
        var result = PublishingBook.Require(engine.Update(options));

        Assert.Contains(page, result.Publish!.Written);
        Assert.Contains(shown, File.ReadAllText(Path.Combine(book.Output, page)));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the edit");

        // Editing it back is a change too: the memo of the first build's values must not be taken for the second's.
        book.Book.Yaml(file, Yaml(file));
        result = PublishingBook.Require(engine.Update(options));
        Assert.Contains(page, result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the edit was undone");
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void TheCommandLineRendersAgainThePagesThatShowAnEditedValue(string file, string from, string to, string page, string shown)
    {
        using var book = new PublishingBook();
        book.BuildCached();

        Edit(book, file, from, to);
        var result = book.BuildCached();

        Assert.Contains(page, result.Publish!.Written);
        Assert.Contains(shown, File.ReadAllText(Path.Combine(book.Output, page)));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a cached build after the edit");
    }

    /// <summary>
    /// serve updates its records in place when a build is published, not when its pages are made: a build that fails
    /// to publish (here its commit fails, after every page was made) leaves the output as the last published build made it, and
    /// the records must still say so. Had they taken the failed build's pages, the same edit saved again would find
    /// nothing changed and keep the pages on disk, which still show the old value.
    /// </summary>
    [Theory]
    [MemberData(nameof(Edits))]
    public void AServeBuildThatFailsToPublishLeavesTheRecordsOfTheLastPublishedOne(string file, string from, string to, string page, string shown)
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var failing = false;
        var options = book.Options(cache: true) with
        {
            Faults = new PublishFaults(step =>
            {
                if (failing && step == PublishStep.WriteCache) throw new IOException("simulated: the disk is full");
            }),
        };
        PublishingBook.Require(engine.Update(options));
        var published = FolderState.Of(book.Output);

        Edit(book, file, from, to);
        failing = true;
        var failed = engine.Update(options);
        Assert.Null(failed.Publish);
        FolderState.AssertUntouched(published, FolderState.Of(book.Output));

        failing = false;
        var result = PublishingBook.Require(engine.Update(options));
        Assert.Contains(page, result.Publish!.Written);
        Assert.Contains(shown, File.ReadAllText(Path.Combine(book.Output, page)));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after a failed one");

        // And the records the published build left are the ones the next save is compared with.
        book.Book.Yaml(file, Yaml(file));
        result = PublishingBook.Require(engine.Update(options));
        Assert.Contains(page, result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the edit was undone");
    }

    /// <summary>
    /// The tracker hashes the book's records field by field (PageTracker.HashRecord): a property added to one of them
    /// must be hashed there too, or an edit to it would leave the pages that show it stale. Derived properties (a
    /// source's title and address, an entity's date and participants, which come from its values) are listed as such;
    /// a source's text is hashed by its seed's bytes (<c>Content.Hash</c>), so that a seed not read is not read for it.
    /// </summary>
    [Fact]
    public void EveryPropertyOfABookRecordIsKnownToThePageTracker()
    {
        static string[] Of<T>() =>
            [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(["About", "AccordingTo", "Citations", "Date", "DateNote", "Id", "Planned", "Text"], Of<Claim>());
        Assert.Equal(["Content", "Id", "Info", "Path", "Text", "Title", "Url"], Of<Source>());
        Assert.Equal(["Boilerplate", "Dateline", "Draft", "Headline", "Outlet", "Published", "PublishedNote", "Uncited", "Url"], Of<SourceInfo>());
        Assert.Equal(["Aliases", "Date", "Id", "KeyFacts", "Kind", "Name", "Participants", "Related", "Summary", "SummaryCitations", "Url", "Values"], Of<Entity>());
        Assert.Equal(["About", "Claims", "Id", "Kind", "Note", "Topic"], Of<Disagreement>());
        Assert.Equal(["Passage", "Quote"], Of<Citation>());
        Assert.Equal(["Anchor", "End", "SourceId", "Start"], Of<Passage>());
        Assert.Equal(["Name", "Note", "UsedBy"], Of<Alias>());
        Assert.Equal(["First", "Last", "Reason"], Of<LineRange>());
        Assert.Equal(["Passage", "Reason"], Of<UncitedPassage>());
        Assert.Equal(["End", "Start", "Year"], Of<PartialDate>());
        Assert.Equal(["Approximate", "Day", "Month", "Uncertain", "Year"], Of<DatePoint>());
        Assert.Equal(["Side", "SideNames", "Term"], Of<ContestedTerm>());
    }
}
