using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's engine watches its folders (inotify, <see cref="InputWatch"/>) and, while the watch vouches for everything
/// since its last scan, states again only the paths that changed. Every kind of save it takes through the watch (an
/// edit, a rename over a file, a new file, a deleted file, a hand-edited page) and every one it must not (a new
/// folder, a queue overflow, no watch at all) gives what a clean build gives.
/// </summary>
public class ServeWatchTests
{
    private static BuildResult Update(IncrementalBuild engine, BuildOptions options) => PublishingBook.Require(engine.Update(options));

    private const string TassEdit = "text: Putin called the talks very useful.";

    private static string EditedTass(string text = TassEdit) => SampleBook.TassYaml.Replace("text: Putin called the talks useful.", text);

    private const string Habomai = "islands:\n  - id: habomai\n    name: Habomai\n    summary: A group of islets off Hokkaido.\n";

    /// <summary>The engine after the builds that open its watch and scan with it: the next save is taken through the watch.</summary>
    private static IncrementalBuild Watching(PublishingBook book, BuildOptions options)
    {
        var engine = new IncrementalBuild();
        Update(engine, options); // the output does not exist yet: no watch
        Update(engine, options); // the watch opens, and this scan is its baseline
        Assert.False(engine.Watched);
        return engine;
    }

    [Fact]
    public void AnEditIsPickedUpThroughTheWatch()
    {
        if (!OperatingSystem.IsLinux()) return; // inotify is Linux's
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        var nothing = Update(engine, options);
        Assert.True(engine.Watched);
        Assert.Equal(["unchanged"], nothing.Phases.Select(p => p.Phase));

        book.Book.Yaml("sources/tass-2018.yaml", EditedTass());
        var result = Update(engine, options);

        Assert.True(engine.Watched);
        Assert.Contains("leaders/putin.html", result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of an edit seen by the watch");
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
        Assert.True(engine.Watched);
    }

    /// <summary>Many editors save by writing a new file and renaming it over the old one: that is a change of the old one.</summary>
    [Fact]
    public void ARenameOverSaveIsAChangeOfTheFileItReplaced()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        var file = book.Book.ContentFile("sources/tass-2018.yaml");
        File.WriteAllText(file + ".tmp", EditedTass());
        File.Move(file + ".tmp", file, overwrite: true);
        var result = Update(engine, options);

        Assert.True(engine.Watched);
        Assert.Contains("leaders/putin.html", result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of a rename-over save");

        // And renamed back over with the old bytes: the site is the first one again.
        File.WriteAllText(file + ".tmp", SampleBook.TassYaml);
        File.Move(file + ".tmp", file, overwrite: true);
        Assert.Contains("leaders/putin.html", Update(engine, options).Publish!.Written);
        Assert.True(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of a second rename-over save");
    }

    [Fact]
    public void ANewFileAndThenItsDeletionAreSeenThroughTheWatch()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        book.Book.Yaml("zz-extra.yaml", Habomai);
        Assert.Contains("islands/habomai.html", Update(engine, options).Publish!.Written);
        Assert.True(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of a new file");

        book.Book.Delete("zz-extra.yaml");
        Assert.Equal(["islands/habomai.html"], Update(engine, options).Publish!.Removed);
        Assert.True(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after a file was deleted");
    }

    [Fact]
    public void ANewSeedIsSeenThroughTheWatch()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        book.Book.Seed("another-2020", "A new article about the islands.\n");
        Update(engine, options);

        Assert.True(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of a new seed");
    }

    [Fact]
    public void ASeedEditedThroughTheWatchIsReadAgain()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        book.Book.Seed("unannotated-2019", "Other text about the islands, which nobody has annotated either.\n");
        Assert.NotEmpty(Update(engine, options).Publish!.Written);
        Assert.True(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of an edited seed");

        // A quote broken in its seed fails the build as a clean build does, and repaired builds again.
        book.Book.Seed("tass-2018", SampleBook.TassText.Replace("useful", "helpful"));
        var broken = engine.Update(options);
        Assert.False(broken.Succeeded);
        Assert.True(engine.Watched);
        book.Book.Seed("tass-2018", SampleBook.TassText);
        Update(engine, options);
        Assert.True(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of a repaired seed");
    }

    /// <summary>A new folder's files are not watched: that save scans in full, and the watch opened again vouches for the next.</summary>
    [Fact]
    public void ANewFolderMakesAFullScan()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        book.Book.Yaml("more/zz-extra.yaml", Habomai);
        Assert.Contains("islands/habomai.html", Update(engine, options).Publish!.Written);
        Assert.False(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of a new folder");

        // The new folder is watched now: an edit in it is seen through the watch.
        book.Book.Yaml("more/zz-extra.yaml", Habomai.Replace("A group of islets", "A small group of islets"));
        Assert.Contains("islands/habomai.html", Update(engine, options).Publish!.Written);
        Assert.True(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of an edit in the new folder");
    }

    /// <summary>More events than the kernel queues: the ones lost could be any, so the save scans in full.</summary>
    [Fact]
    public void AQueueOverflowMakesAFullScan()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        // Alternating between two files, so the kernel cannot merge the events: more than its default queue (16,384) holds.
        var seeds = new[] { Path.Combine(book.Book.Seeds, "kyodo-2016.txt"), Path.Combine(book.Book.Seeds, "unannotated-2019.txt") };
        var at = DateTime.UtcNow.AddMinutes(-10);
        for (var i = 0; i < 20_000; i++) File.SetLastWriteTimeUtc(seeds[i % 2], at.AddMilliseconds(i));
        book.Book.Yaml("sources/tass-2018.yaml", EditedTass());
        var result = Update(engine, options);

        Assert.False(engine.Watched);
        Assert.Contains("leaders/putin.html", result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the watch overflowed");
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
        Assert.True(engine.Watched);
    }

    /// <summary>A folder the watch cannot take (here the theme given as a link) leaves the engine scanning in full, as before.</summary>
    [Fact]
    public void WithoutAWatchEverySaveScansInFull()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var link = book.Book.Combine("theme-link");
        Directory.CreateSymbolicLink(link, book.Theme);
        var options = book.Options(cache: true) with { Theme = link };
        using var engine = new IncrementalBuild();
        Update(engine, options);
        Update(engine, options);

        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
        Assert.False(engine.Watched);
        book.Book.Yaml("sources/tass-2018.yaml", EditedTass());
        Assert.Contains("leaders/putin.html", Update(engine, options).Publish!.Written);
        Assert.False(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build without a watch");
    }

    /// <summary>A file written through a hard link elsewhere raises no event in the watched folder: an input with two links means no watch.</summary>
    [Fact]
    public void AnInputWithAHardLinkIsNotWatched()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        var outside = book.Book.Combine("tass-elsewhere.yaml");
        using (var ln = System.Diagnostics.Process.Start("ln", [book.Book.ContentFile("sources/tass-2018.yaml"), outside]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }
        using var engine = new IncrementalBuild();
        Update(engine, options);
        Update(engine, options);

        File.WriteAllText(outside, EditedTass()); // in place, through the other link
        Assert.Contains("leaders/putin.html", Update(engine, options).Publish!.Written);
        Assert.False(engine.Watched);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of an edit through a hard link");
    }

    /// <summary>A preview page edited by hand is in the watch too: it is made again, as a full scan would find.</summary>
    [Fact]
    public void APageEditedByHandIsSeenThroughTheWatch()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);

        File.AppendAllText(Path.Combine(book.Output, "leaders", "abe.html"), "<!-- edited by hand -->");
        var result = Update(engine, options);

        Assert.True(engine.Watched);
        Assert.Equal(["leaders/abe.html"], result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after a page was edited by hand");

        // And with an edit saved at the same time.
        File.AppendAllText(Path.Combine(book.Output, "leaders", "abe.html"), "<!-- edited by hand -->");
        book.Book.Yaml("sources/tass-2018.yaml", EditedTass());
        result = Update(engine, options);
        Assert.True(engine.Watched);
        Assert.Contains("leaders/abe.html", result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after a hand edit and an edit");
    }
    /// <summary>
    /// While the watch finds every file of the output as the last save wrote it, a save keeps them all without looking
    /// at each (SiteWriter.KeepAll) and makes only the pages its edit made stale; a page edited by hand in the output
    /// is not kept that way but made again, after which saves keep all again.
    /// </summary>
    [Fact]
    public void WhileEveryFileIsAsWrittenASaveKeepsThemAllAtOnce()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        using var engine = Watching(book, options);
        BuildResult Save(string text)
        {
            book.Book.Yaml("sources/tass-2018.yaml", EditedTass($"text: Putin called the talks {text}."));
            var result = Update(engine, options);
            FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"serve's save that made the talks {text}");
            return result;
        }

        Save("fruitful");
        Save("productive");
        Assert.True(engine.KeptAll);
        Assert.True(engine.PagesKept > 0);

        File.AppendAllText(Path.Combine(book.Output, "leaders", "abe.html"), "<!-- edited by hand -->");
        var mended = Save("useful after all");
        Assert.False(engine.KeptAll);
        Assert.Contains("leaders/abe.html", mended.Publish!.Written);

        Save("useful");
        Assert.True(engine.KeptAll);
    }
}
