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
}
