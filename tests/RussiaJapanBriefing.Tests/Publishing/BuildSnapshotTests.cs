using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The command line's no-change fast path (BuildSnapshot): a cached build that finds nothing changed since the last
/// successful one, in its inputs, settings, output folder or cache, says what that build said and touches nothing;
/// any difference at all runs the whole build, whose output must then equal a clean build.
/// </summary>
public class BuildSnapshotTests
{
    /// <summary>A replayed build has no book: it never loaded one.</summary>
    private static bool Replayed(BuildResult result) => result.Book is null && result.Phases is [("unchanged", _)];

    private static string Snapshot(PublishingBook book) => Directory.GetFiles(book.Cache, "snapshot-*.bin").Single();

    [Fact]
    public void ANoChangeRebuildReplaysTheWarningsAndTouchesNothing()
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        Assert.Contains(first.Diagnostics, d => d.Code == "RJB0502"); // the unannotated seed: there is a warning to replay
        var output = FolderState.Of(book.Output);
        var cache = FolderState.Of(book.Cache);

        var again = book.BuildCached();

        Assert.True(Replayed(again), "a build with nothing changed ran every phase");
        Assert.Equal(first.Diagnostics, again.Diagnostics);
        Assert.Equal(first.Summary, again.Summary);
        Assert.Equal(first.FilesWritten, again.FilesWritten);
        Assert.Equal(0, again.PagesRendered);
        Assert.True(again.Publish!.NothingChanged);
        Assert.Equal(first.FilesWritten, again.Publish.Unchanged);
        FolderState.AssertUntouched(output, FolderState.Of(book.Output));
        // Only the snapshot itself may be written again: it records files it had to hash, made too soon before the last build to trust their times.
        FolderState.AssertUntouched(cache, FolderState.Of(book.Cache), except: [Path.GetFileName(Snapshot(book))]);
    }

    public static TheoryData<string> Changes =>
    [
        "seed", "annotation", "theme template", "theme asset", "new seed", "new unread file", "new empty folder", "deleted seed",
        "renamed annotation", "book.yaml", "same length and time", "hand-edited page", "deleted page", "other base URL",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void EveryChangeRunsTheWholeBuild(string change)
    {
        using var book = new PublishingBook();
        book.BuildCached();
        Assert.True(Replayed(book.BuildCached()), "the fast path is never taken, so this test would prove nothing");
        var tass = Path.Combine(book.Book.Seeds, "tass-2018.txt");
        var unannotated = Path.Combine(book.Book.Seeds, "unannotated-2019.txt");
        Uri? baseUrl = null;
        switch (change)
        {
            case "seed": File.AppendAllText(tass, "A later paragraph.\n"); break;
            case "annotation": book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("talks useful.", "talks very useful.")); break;
            case "theme template": File.AppendAllText(book.ThemeFile("templates", "layout.html"), "\n"); break;
            case "theme asset": File.AppendAllText(book.ThemeFile("assets", "style.css"), "\n/* edited */\n"); break;
            case "new seed": book.Book.Seed("new-2020", "A new article about the islands.\n"); break;
            case "new unread file": File.WriteAllText(book.Book.ContentFile("notes.txt"), "not an annotation\n"); break;
            case "new empty folder": Directory.CreateDirectory(book.Book.ContentFile("drafts")); break;
            case "deleted seed": File.Delete(Path.Combine(book.Book.Seeds, "unannotated-2019.txt")); break;
            case "renamed annotation": File.Move(book.Book.ContentFile("sources/kyodo-2016.yaml"), book.Book.ContentFile("sources/kyodo.yaml")); break;
            case "book.yaml": book.Book.Yaml("book.yaml", SampleBook.BookYaml.Replace("Sample briefing", "A sample briefing")); break;
            case "same length and time":
                // Same size, and the old modification time put back: only the content (and the change time) says it differs.
                var time = File.GetLastWriteTimeUtc(unannotated);
                File.WriteAllText(unannotated, SampleBook.UnannotatedText.Replace("Some", "SOME"));
                File.SetLastWriteTimeUtc(unannotated, time);
                Assert.Equal(SampleBook.UnannotatedText.Length, new FileInfo(unannotated).Length);
                break;
            case "hand-edited page": File.AppendAllText(Path.Combine(book.Output, "index.html"), "<!-- edited -->"); break;
            case "deleted page": File.Delete(Path.Combine(book.Output, "leaders", "putin.html")); break;
            case "other base URL": baseUrl = new Uri("https://example.org/briefing/"); break;
        }

        var result = PublishingBook.Require(BriefingBuilder.Run(book.Options(baseUrl: baseUrl, cache: true), BuildMode.Build));

        Assert.False(Replayed(result), $"after a change ({change}) the build replayed the last one");
        FolderState.AssertSameBytes(book.BuildClean(baseUrl), book.Output, $"the build after a change ({change})");
        Assert.True(Replayed(BriefingBuilder.Run(book.Options(baseUrl: baseUrl, cache: true), BuildMode.Build)), "the build after the change was not recorded");
    }

    [Fact]
    public void ABuildIntoAnotherOutputFolderIsNotReplayed()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var other = book.Book.Combine("other-output");

        var result = PublishingBook.Require(BriefingBuilder.Run(book.Options(output: other, cache: true), BuildMode.Build));

        Assert.False(Replayed(result));
        FolderState.AssertSameBytes(book.Output, other, "a build into another folder");
    }

    [Fact]
    public void ATouchedButIdenticalFileIsStillNothingChangedAndIsOnlyHashedOnce()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var output = FolderState.Of(book.Output);
        var tass = Path.Combine(book.Book.Seeds, "tass-2018.txt");
        File.SetLastWriteTimeUtc(tass, DateTime.UtcNow.AddHours(-1));
        var snapshot = File.ReadAllBytes(Snapshot(book));

        Assert.True(Replayed(book.BuildCached()), "a touched file with the same content was taken for a change");
        FolderState.AssertUntouched(output, FolderState.Of(book.Output));
        Assert.NotEqual(snapshot, File.ReadAllBytes(Snapshot(book))); // its new time is recorded, so the next build need not hash it
        Assert.True(Replayed(book.BuildCached()));
    }

    [Theory]
    [MemberData(nameof(CacheFileDamage.Kinds), MemberType = typeof(CacheFileDamage))]
    public void ADamagedSnapshotIsIgnored(string damage)
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var file = Snapshot(book);
        var bytes = CacheFileDamage.Apply(file, damage, "rjb build snapshot");

        var result = book.BuildCached();

        Assert.False(Replayed(result), $"a {damage} snapshot was trusted");
        Assert.NotEqual(bytes, File.ReadAllBytes(Snapshot(book)));
        Assert.True(Replayed(book.BuildCached()), "the snapshot written anew is not used");
    }

    [Fact]
    public void AFailedBuildLeavesNoSnapshot()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("talks useful.", "talks useful.\n   bad: [indent"));

        var failed = BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build);

        Assert.False(failed.Succeeded);
        Assert.Empty(Directory.GetFiles(book.Cache, "snapshot-*"));
        var again = BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build);
        Assert.False(again.Succeeded, "a build of the broken book succeeded the second time");
        Assert.Equal(failed.Diagnostics, again.Diagnostics);
    }

    /// <summary>
    /// The snapshot is written while the build saves its other cache files, and asks what the build reported only once
    /// they are saved: a build whose page records could not be saved (RJB0704) is not recorded, and leaves nothing staged;
    /// with the page records saved again, the next build is recorded and replayed.
    /// </summary>
    [Fact]
    public void ABuildWhosePageRecordsCouldNotBeSavedIsNotRecorded()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var records = Directory.GetFiles(book.Cache, "pages-*.bin").Single();
        File.Delete(records);
        Directory.CreateDirectory(records); // no file can be saved under its name
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("talks useful.", "talks most useful."));

        var unsaved = book.BuildCached();

        Assert.Contains(unsaved.Diagnostics, d => d.Code == "RJB0704");
        Assert.Empty(Directory.GetFiles(book.Cache, "snapshot-*"));
        Assert.False(Replayed(book.BuildCached()), "a build whose page records were not saved was replayed");

        Directory.Delete(records);
        var saved = book.BuildCached();
        Assert.DoesNotContain(saved.Diagnostics, d => d.Code == "RJB0704");
        var replayed = book.BuildCached();
        Assert.True(Replayed(replayed), "the build after the records were saved again was not recorded");
        Assert.Equal(saved.Diagnostics, replayed.Diagnostics);
    }

    [Fact]
    public void ALinkInAnInputFolderTurnsTheFastPathOff()
    {
        using var book = new PublishingBook();
        File.CreateSymbolicLink(Path.Combine(book.Book.Seeds, "copy.txt"), Path.Combine(book.Book.Seeds, "unannotated-2019.txt"));
        book.BuildCached();

        var again = book.BuildCached();

        Assert.False(Replayed(again), "a snapshot was made of a folder with a link");
        Assert.Empty(Directory.GetFiles(book.Cache, "snapshot-*"));
    }

    [Fact]
    public void TheSnapshotGivesTheLoadersTheStatDataItTookOfEachInput()
    {
        using var book = new PublishingBook();
        Directory.CreateDirectory(book.Book.ContentFile("topics"));
        File.WriteAllText(book.Book.ContentFile("topics/extra.yaml"), "claims: []\n");
        var options = book.Options(cache: true);
        var before = InputFiles.Now();
        var snapshot = BuildSnapshot.Take(new BuildSnapshot.Target([.. options.Inputs.Select(i => i.Path!)], options.Output, options.Cache!, null, false));

        var seeds = snapshot.Stated(BuildOptions.SeedsInput)!;
        var content = snapshot.Stated(BuildOptions.ContentInput)!;
        Assert.InRange(seeds.At, before, InputFiles.Now());
        Assert.Equal(Directory.GetFiles(book.Book.Seeds).Select(Path.GetFileName).Order(StringComparer.Ordinal), seeds.ByName.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (type, stamp)) in seeds.ByName)
        {
            Assert.Equal(0x8000, type);
            Assert.Equal(InputFiles.StampOf(Path.Combine(book.Book.Seeds, name)), stamp);
        }
        Assert.Equal(0x4000, content.ByName["topics"].Type);
        Assert.Equal(InputFiles.StampOf(book.Book.ContentFile("topics/extra.yaml")), content.ByName["topics/extra.yaml"].Stamp);
        Assert.DoesNotContain(content.ByName.Keys, name => seeds.ByName.ContainsKey(name));
    }

    [Fact]
    public void AListingTakesEachEntrysStatDataFromTheSnapshotAndStatesOnlyWhatItLacks()
    {
        using var book = new PublishingBook();
        var seeds = book.Book.Seeds;
        var names = Directory.GetFiles(seeds).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(names.Count >= 2);
        // A stamp no file has: were the file stated again, its own would show.
        var given = new InputFiles.Stamp(42, 7, 1_000, 2_000);
        var stated = new InputFiles.Stated(new Dictionary<string, (int, InputFiles.Stamp)> { [names[0]!] = (0x8000, given) }, At: 123);

        var files = InputFiles.List(seeds, recursive: false, _ => true, new DiagnosticBag(), memo: null, stated).Files;

        Assert.Equal(names, files.Select(f => f.Name));
        Assert.Equal(new InputFiles.Listed(given, 123), files[0].Listed);
        Assert.Equal(new InputFiles.Listed(InputFiles.StampOf(Path.Combine(seeds, names[1]!))!, 123), files[1].Listed);
    }
}
