using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's engine (IncrementalBuild) keeps what its last build was made from and made in memory: a save that changed
/// no input's bytes does nothing at all (no page planned or hashed, no file written, the cache file left as it was),
/// and what did change, after any number of such saves, is still built, byte-identical to a clean build.
/// </summary>
public class ServeNoChangeTests
{
    private static BuildResult Update(IncrementalBuild engine, BuildOptions options) => PublishingBook.Require(engine.Update(options));

    [Fact]
    public void ASaveThatChangedNothingWritesNothingAndLeavesTheCacheFileAsItWas()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        var first = Update(engine, options);
        var output = FolderState.Of(book.Output);
        var cache = FolderState.Of(book.Cache);

        var again = Update(engine, options);

        Assert.Equal(["unchanged"], again.Phases.Select(p => p.Phase));
        Assert.True(again.Publish!.NothingChanged);
        Assert.Equal(0, again.PagesRendered);
        Assert.Equal(output.Files.Count, again.Publish.Unchanged);
        Assert.Equal(first.Summary, again.Summary);
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), again.Diagnostics.Select(d => d.ToString()));
        FolderState.AssertUntouched(output, FolderState.Of(book.Output));
        FolderState.AssertUntouched(cache, FolderState.Of(book.Cache));
    }

    /// <summary>A save that changed nothing keeps every page; the count used to stay the previous build's (0 after a first build).</summary>
    [Fact]
    public void ASaveThatChangedNothingKeptEveryPage()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);
        Assert.Equal(0, engine.PagesKept);
        Update(engine, options);
        var all = engine.PagesKept;
        Assert.True(all > 0, "a save that changed nothing kept no page");

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        Update(engine, options);
        Assert.InRange(engine.PagesKept, 1, all - 1);
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
        Assert.Equal(all, engine.PagesKept);
    }

    [Fact]
    public void AFileSavedWithTheSameBytesChangesNothing()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);
        var output = FolderState.Of(book.Output);
        var file = Path.Combine(options.Content, "sources", "tass-2018.yaml");
        File.WriteAllBytes(file, File.ReadAllBytes(file)); // an editor's save: new times, same bytes
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));

        var again = Update(engine, options);

        Assert.Equal(["unchanged"], again.Phases.Select(p => p.Phase));
        FolderState.AssertUntouched(output, FolderState.Of(book.Output));
    }

    [Fact]
    public void AnEditAfterSavesThatChangedNothingIsBuilt()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);
        Update(engine, options);
        Update(engine, options);
        var before = FolderState.Of(book.Output);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var result = Update(engine, options);

        Assert.NotEqual(["unchanged"], result.Phases.Select(p => p.Phase));
        Assert.Contains("leaders/putin.html", result.Publish!.Written);
        Assert.Contains("very useful", File.ReadAllText(Path.Combine(book.Output, "leaders", "putin.html")));
        FolderState.AssertUntouched(before, FolderState.Of(book.Output), except: result.Publish.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build of an edit after saves that changed nothing");

        // And the save after it, with nothing changed again, does nothing.
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
    }

    [Fact]
    public void APageEditedByHandAfterASaveThatChangedNothingIsMadeAgain()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);
        Update(engine, options);
        File.AppendAllText(Path.Combine(book.Output, "leaders", "abe.html"), "<!-- edited by hand -->");

        var result = Update(engine, options);

        Assert.Equal(["leaders/abe.html"], result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the output was edited by hand");
    }

    [Fact]
    public void AFailedBuildIsNotReplayed()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("quote: ", "quote: not in the article "));
        Assert.False(engine.Update(options).Succeeded);

        // Nothing changed since the failure: the build runs again and says why it fails, rather than that all is well.
        var again = engine.Update(options);

        Assert.False(again.Succeeded);
        Assert.Contains(again.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void OtherSettingsAreNotTheSameBuild()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);

        var result = Update(engine, options with { BaseUrl = new Uri("https://example.org/briefing/") });

        Assert.NotEqual(["unchanged"], result.Phases.Select(p => p.Phase));
        FolderState.AssertSameBytes(book.BuildClean(new Uri("https://example.org/briefing/")), book.Output, "serve's build with a base URL");
    }

    private const string TassEdit = "text: Putin called the talks very useful.";

    private static void EditTass(PublishingBook book, string text = TassEdit) =>
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", text));

    /// <summary>
    /// After a commit in place the snapshot states again only what the commit touched (its files, the manifest, their
    /// folders, a page dropped and the folder it emptied): had it missed one, the next save would find a difference.
    /// </summary>
    [Fact]
    public void ASaveThatChangedNothingAfterEditsWrittenInPlaceIsReplayed()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);

        EditTass(book);
        Assert.Contains("leaders/putin.html", Update(engine, options).Publish!.Written);
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));

        book.Book.Yaml("zz-extra.yaml", "islands:\n  - id: habomai\n    name: Habomai\n    summary: A group of islets off Hokkaido.\n");
        Assert.Contains("islands/habomai.html", Update(engine, options).Publish!.Written);
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));

        book.Book.Delete("zz-extra.yaml");
        Assert.Equal(["islands/habomai.html"], Update(engine, options).Publish!.Removed);
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after edits written in place");
    }

    /// <summary>A page edited by hand while an edit elsewhere is saved is not taken for what the build left: it is made again.</summary>
    [Fact]
    public void APageEditedByHandBeforeAnEditWrittenInPlaceIsMadeAgain()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);

        EditTass(book);
        File.AppendAllText(Path.Combine(book.Output, "leaders", "abe.html"), "<!-- edited by hand -->");
        var result = Update(engine, options);

        Assert.Contains("leaders/abe.html", result.Publish!.Written);
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after a hand edit and an edit");
    }

    /// <summary>
    /// An output file changed in a way no build repairs (its mode) while an edit is saved: when the snapshot carried its
    /// old stat data the next save finds a difference and builds; either way the folder as it then is gets recorded, so
    /// saves that change nothing are replayed again.
    /// </summary>
    [Fact]
    public void AnOutputChangeNoBuildRepairsIsFoundOnceAndThenRecorded()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);

        EditTass(book);
        var abe = Path.Combine(book.Output, "leaders", "abe.html");
        if (!OperatingSystem.IsLinux()) return; // the snapshot is Linux's only
        File.SetUnixFileMode(abe, File.GetUnixFileMode(abe) ^ UnixFileMode.OtherRead);
        Assert.DoesNotContain("leaders/abe.html", Update(engine, options).Publish!.Written);

        // Unless the scan of the output finished during the edit's build, before it knew an input had changed: then it was recorded already.
        var found = Update(engine, options);
        Assert.True(found.Publish!.NothingChanged);
        Assert.Equal(["unchanged"], Update(engine, options).Phases.Select(p => p.Phase));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after a mode change in the output");
    }

    /// <summary>
    /// A save that changed no input skips listing the output for files rjb did not write only when the output is as
    /// the last build left it: a file added there since is still found, and the build refused, with or without an edit.
    /// </summary>
    [Fact]
    public void AFileAddedToTheOutputIsRefusedWhetherOrNotAnInputChanged()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        Update(engine, options);
        Update(engine, options);
        File.WriteAllText(Path.Combine(book.Output, "CNAME"), "briefing.example.org\n");

        Assert.Contains(engine.Update(options).Refused, r => r.Contains("'CNAME' that rjb did not write", StringComparison.Ordinal));
        EditTass(book);
        Assert.Contains(engine.Update(options).Refused, r => r.Contains("'CNAME' that rjb did not write", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(book.Output, "CNAME")));
    }
}
