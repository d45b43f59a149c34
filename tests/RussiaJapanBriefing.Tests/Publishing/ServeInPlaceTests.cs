using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's engine publishes a save in place: each written file is moved over the old one and the files the build no
/// longer makes are deleted, so the preview folder itself is never replaced; the command line still swaps in a
/// whole new folder. Either way the folder equals a clean build, and a build with errors changes nothing.
/// </summary>
public class ServeInPlaceTests
{
    private const string ExtraIsland = """
        islands:
          - id: habomai
            name: Habomai
            summary: A group of islets off Hokkaido.
        """;

    private static void AssertSameFolders(string expected, string actual)
    {
        static string[] Folders(string root) =>
            [.. Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(root, d)).Order(StringComparer.Ordinal)];
        Assert.Equal(Folders(expected), Folders(actual));
    }

    private static void AssertNoStagingLeft(PublishingBook book) =>
        Assert.Equal(["output"], Directory.GetDirectories(book.Book.Path).Select(Path.GetFileName).Where(n => n!.Contains("output")));

    [Fact]
    public void AnEditIsWrittenIntoTheSameFolder()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        var folder = Inodes.Of(book.Output);
        var before = FolderState.Of(book.Output);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var result = PublishingBook.Require(engine.Update(options));

        Assert.Equal(folder, Inodes.Of(book.Output)); // the same folder: not swapped
        Assert.Contains("leaders/putin.html", result.Publish!.Written);
        Assert.Contains(OutputFolder.ManifestPath, result.Publish.Written);
        FolderState.AssertUntouched(before, FolderState.Of(book.Output), except: result.Publish.Written);
        var clean = book.BuildClean();
        FolderState.AssertSameBytes(clean, book.Output, "serve's build written in place");
        AssertSameFolders(clean, book.Output);
        AssertNoStagingLeft(book);
    }

    [Fact]
    public void APageTheBuildNoLongerMakesIsDeleted()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        book.Book.Yaml("zz-extra.yaml", ExtraIsland);
        PublishingBook.Require(engine.Update(options));
        Assert.True(File.Exists(Path.Combine(book.Output, "islands", "habomai.html")));

        book.Book.Delete("zz-extra.yaml");
        var result = PublishingBook.Require(engine.Update(options));

        Assert.Equal(["islands/habomai.html"], result.Publish!.Removed);
        Assert.DoesNotContain("islands/habomai.html", File.ReadAllText(Path.Combine(book.Output, OutputFolder.ManifestPath)));
        var clean = book.BuildClean();
        FolderState.AssertSameBytes(clean, book.Output, "serve's build after a page was dropped");
        AssertSameFolders(clean, book.Output);
    }

    /// <summary>
    /// While an edit's files move in, the folder's manifest lists every file in it, so a build killed at any point
    /// leaves nothing that is not recognisably rjb's: for a commit that only replaces files (the old manifest serves),
    /// one that adds a page and one that drops one (a manifest of both sites is moved in first).
    /// </summary>
    [Theory]
    [InlineData("replaces")]
    [InlineData("adds")]
    [InlineData("drops")]
    public void WhileAnEditsFilesMoveInTheManifestListsEveryFileInTheFolder(string commit)
    {
        using var book = new PublishingBook();
        if (commit == "drops") book.Book.Yaml("zz-extra.yaml", ExtraIsland);
        PublishingBook.Require(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build));
        if (commit == "drops") book.Book.Delete("zz-extra.yaml");
        if (commit == "adds") book.Book.Yaml("zz-extra.yaml", ExtraIsland);
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));

        var moves = 0;
        void EveryFileListed(PublishStep step)
        {
            if (step != PublishStep.Move) return;
            moves++;
            var listed = OutputFolder.Listed(book.Output).ToHashSet(StringComparer.Ordinal);
            var unlisted = Directory.GetFiles(book.Output, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(book.Output, f).Replace('\\', '/'))
                .Where(f => f != OutputFolder.ManifestPath && !listed.Contains(f));
            Assert.Empty(unlisted);
        }
        var result = PublishingBook.Require(BriefingBuilder.Run(book.Options(cache: true) with { Faults = new PublishFaults(EveryFileListed, InPlace: true) },
            BuildMode.Build));

        Assert.True(result.Publish!.InPlace);
        Assert.Equal(commit == "drops" ? ["islands/habomai.html"] : [], result.Publish.Removed);
        Assert.Equal(commit == "adds", result.Publish.Written.Contains("islands/habomai.html"));
        Assert.True(moves > 3, $"only {moves} moves were seen");
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"an edit that {commit} pages, moved in");
        AssertNoStagingLeft(book);
    }

    [Fact]
    public void WithoutItsCacheTheManifestStillSaysWhatToDelete()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        book.Book.Yaml("zz-extra.yaml", ExtraIsland);
        PublishingBook.Require(engine.Update(options));

        Directory.Delete(book.Cache, recursive: true);
        book.Book.Delete("zz-extra.yaml");
        var result = PublishingBook.Require(engine.Update(options));

        Assert.Contains("islands/habomai.html", result.Publish!.Removed);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build without its cache, after a page was dropped");
    }

    [Fact]
    public void ABuildWithErrorsChangesNothing()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        var before = FolderState.Of(book.Output);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("quote: ", "quote: not in the article "));
        var failed = engine.Update(options);

        Assert.False(failed.Succeeded);
        FolderState.AssertUntouched(before, FolderState.Of(book.Output));
        AssertNoStagingLeft(book);
    }

    [Fact]
    public void TheCommandLineWritesAnEditIntoTheSameFolderToo()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var folder = Inodes.Of(book.Output);
        var before = FolderState.Of(book.Output);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var result = book.BuildCached();

        Assert.Equal(folder, Inodes.Of(book.Output));
        FolderState.AssertUntouched(before, FolderState.Of(book.Output), except: result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "the command line's cached build");
        AssertNoStagingLeft(book);
    }

    /// <summary>A change to most files (here every page's links, by a new base URL) swaps in a whole new folder, which readers see change at once.</summary>
    [Fact]
    public void TheCommandLineSwapsInAWholeFolderWhenMostFilesChange()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var folder = Inodes.Of(book.Output);

        book.BuildCached(new Uri("https://example.org/briefing/"));

        Assert.NotEqual(folder, Inodes.Of(book.Output));
        FolderState.AssertSameBytes(book.BuildClean(new Uri("https://example.org/briefing/")), book.Output, "the command line's cached build with a new base URL");
        AssertNoStagingLeft(book);
    }

    private static string CacheFile(PublishingBook book) => Directory.GetFiles(book.Cache, "build-*.bin").Single();

    /// <summary>
    /// serve keeps its build cache in memory while the file is as it left it: a save written in place does not rewrite
    /// the file. A new engine (serve started again) reads the older file, whose entries for the pages written since no
    /// longer match them, and so makes them again: the folder still equals a clean build.
    /// </summary>
    [Fact]
    public void ASaveWrittenInPlaceKeepsTheCacheInMemoryAndANewEngineStillBuildsRight()
    {
        using var book = new PublishingBook();
        var options = book.Options(cache: true);
        PublishingBook.Require(new IncrementalBuild().Update(options));
        var engine = new IncrementalBuild();
        PublishingBook.Require(engine.Update(options));
        var cache = File.ReadAllBytes(CacheFile(book));

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var edited = PublishingBook.Require(engine.Update(options));
        Assert.Contains("leaders/putin.html", edited.Publish!.Written);
        Assert.Equal(cache, File.ReadAllBytes(CacheFile(book)));
        Assert.True(engine.PagesKept > 0);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml);
        var restarted = new IncrementalBuild();
        var result = PublishingBook.Require(restarted.Update(options));

        Assert.Contains("leaders/putin.html", result.Publish!.Written);
        Assert.DoesNotContain("leaders/abe.html", result.Publish.Written); // the older cache file still vouches for the pages not written since
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a new engine's build over a cache file older than the folder");
    }

    /// <summary>A cache file deleted between saves is written again by the next save, which cannot keep what it no longer knows in memory.</summary>
    [Fact]
    public void ACacheFileDeletedBetweenSavesIsWrittenAgain()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        File.Delete(CacheFile(book));

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        PublishingBook.Require(engine.Update(options));
        Assert.True(File.Exists(CacheFile(book)));

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml);
        PublishingBook.Require(engine.Update(options));
        Assert.True(engine.PagesKept > 0);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after its cache file was deleted");
    }
}
