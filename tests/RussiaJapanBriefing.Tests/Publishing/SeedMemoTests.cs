using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// <c>serve</c>'s memory of the seeds (<see cref="SeedMemo"/>): a seed file whose stat data are those of the last read
/// is not read again, any change to it (content, size, times, a replacement) is, and either way the load is what a
/// load without the memo gives. A file changed too close to its last read is read again, whatever its stat data say.
/// </summary>
public class SeedMemoTests
{
    private static (SeedFolder Folder, string Diagnostics) Load(TempBook book, SeedMemo? memo)
    {
        var bag = new DiagnosticBag();
        var folder = SeedLoader.Load(book.Seeds, bag, memo);
        return (folder, bag.Sorted().Dump());
    }

    private static void AssertAsWithoutMemo(TempBook book, SeedMemo memo)
    {
        var (kept, keptDiagnostics) = Load(book, memo);
        var (fresh, freshDiagnostics) = Load(book, null);
        Assert.Equal(freshDiagnostics, keptDiagnostics);
        Assert.Equal(fresh.Seeds, kept.Seeds);
        Assert.Equal(fresh.Refused.OrderBy(r => r.Key), kept.Refused.OrderBy(r => r.Key));
    }

    /// <summary>The seed files' times set well before now, as an editor's files are: only then may their stat data vouch for them.</summary>
    private static void Age(TempBook book)
    {
        foreach (var file in Directory.GetFiles(book.Seeds)) File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
    }

    // Change times cannot be set back, so the memo under test trusts files changed before the read, however recently.
    private static SeedMemo Memo() => new(racyNanoseconds: 0);

    [Fact]
    public void OnlyChangedSeedsAreReadAgain()
    {
        using var book = SampleBook.Create();
        Age(book);
        var memo = Memo();
        AssertAsWithoutMemo(book, memo);
        Assert.Equal((SampleBook.SeedFiles.Count, 0), (memo.Read, memo.Reused));
        AssertAsWithoutMemo(book, memo);
        Assert.Equal((0, SampleBook.SeedFiles.Count), (memo.Read, memo.Reused));

        book.Seed("tass-2018", SampleBook.TassText + "\nA sentence added.\n");
        AssertAsWithoutMemo(book, memo);
        Assert.Equal((1, SampleBook.SeedFiles.Count - 1), (memo.Read, memo.Reused));
        Assert.Contains(Load(book, memo).Folder.Seeds, s => s.Text.Contains("A sentence added."));
    }

    [Fact]
    public void TheStatDataTakenWhenTheFolderWasListedAreTheOnesCompared()
    {
        // The loaders stat each file once, when its folder is listed; the memo compares those stat data, not its own.
        using var book = SampleBook.Create();
        Age(book);
        var memo = Memo();
        AssertAsWithoutMemo(book, memo);
        var file = InputFiles.List(book.Seeds, recursive: false, name => name == "tass-2018.txt", new DiagnosticBag()).Files.Single();
        var now = file.Listed!.Stamp;
        Seed Get(InputFiles.Stamp listed) =>
            memo.Get(file with { Listed = file.Listed with { Stamp = listed } }, new DiagnosticBag(), _ => new Seed("tass-2018", file.Display, new SeedText("read again")))!;

        Assert.NotEqual("read again", Get(now).Text);
        // Stat data of another version of the file (listed before an edit) are not those of the last read: it is read.
        Assert.Equal("read again", Get(now with { Size = now.Size + 1 }).Text);
        // What it read is kept under those stat data, so the next listing (the file's own) reads the file again.
        AssertAsWithoutMemo(book, memo);
        Assert.Equal((1, SampleBook.SeedFiles.Count - 1), (memo.Read, memo.Reused));
    }

    [Fact]
    public void AFileReadLongAfterItsFolderWasListedCountsAsReadWhenTheListingBegan()
    {
        // A change in the same clock tick as the listing's stat keeps the stat data: the file must count as read no
        // later than the listing began, or a slow build would trust those stat data for the changed file.
        using var book = SampleBook.Create();
        var file = InputFiles.List(book.Seeds, recursive: false, name => name == "tass-2018.txt", new DiagnosticBag()).Files.Single();
        var listed = file.Listed!;
        var changedAt = Math.Max(listed.Stamp.Modified, listed.Stamp.Changed);
        var memo = Memo();
        // Listed in the very tick of the last change, as if the file were changed again right after the stat.
        memo.Begin();
        memo.Get(file with { Listed = listed with { At = changedAt } }, new DiagnosticBag(), _ => new Seed("tass-2018", file.Display, new SeedText("first read")));
        memo.End();

        memo.Begin();
        var again = memo.Get(file, new DiagnosticBag(), _ => new Seed("tass-2018", file.Display, new SeedText("read again")))!;
        memo.End();

        Assert.Equal("read again", again.Text);
    }

    [Fact]
    public void AnEditThatKeepsTheSizeAndModificationTimeIsStillSeen()
    {
        using var book = SampleBook.Create();
        Age(book);
        var memo = Memo();
        Load(book, memo);
        var path = Path.Combine(book.Seeds, "tass-2018.txt");
        var time = File.GetLastWriteTimeUtc(path);
        // The same length, and the modification time put back (as tar or rsync would): only the change time tells.
        File.WriteAllText(path, SampleBook.TassText.Replace("Putin", "Putyn"));
        File.SetLastWriteTimeUtc(path, time);
        AssertAsWithoutMemo(book, memo);
        Assert.Equal((1, SampleBook.SeedFiles.Count - 1), (memo.Read, memo.Reused));
        Assert.Contains(Load(book, null).Folder.Seeds, s => s.Text.Contains("Putyn"));
    }

    [Fact]
    public void ASeedChangedCloseToItsReadIsReadAgain()
    {
        using var book = SampleBook.Create();
        // The files were just written: within the racy window of any read now, so their stat data vouch for nothing.
        var memo = new SeedMemo();
        Load(book, memo);
        AssertAsWithoutMemo(book, memo);
        Assert.Equal((SampleBook.SeedFiles.Count, 0), (memo.Read, memo.Reused));
    }

    [Fact]
    public void AKeptRefusedSeedReportsItsErrorAgainAndAGoneOneIsForgotten()
    {
        using var book = SampleBook.Create();
        book.Seed("broken", "line one\u0007\n");
        Age(book);
        var memo = Memo();
        var (_, first) = Load(book, memo);
        Assert.Contains("RJB", first);
        var (again, replayed) = Load(book, memo);
        Assert.Equal(first, replayed);
        Assert.Equal(SampleBook.SeedFiles.Count + 1, memo.Reused);
        Assert.Contains("broken", again.Refused.Keys);

        File.Delete(Path.Combine(book.Seeds, "broken.txt"));
        AssertAsWithoutMemo(book, memo);
        Assert.DoesNotContain("broken", Load(book, memo).Folder.Refused.Keys);
        Assert.Equal(SampleBook.SeedFiles.Count, memo.Reused);
    }

    [Fact]
    public void SeedsReadThroughOneBufferKeepOnlyTheirOwnBytes()
    {
        // Seed bytes are lent from a pooled buffer: a short seed read after a long one must not see the long one's tail.
        using var book = SampleBook.Create();
        book.Seed("a-long", string.Concat(Enumerable.Repeat("A long line of article text.\n", 400)));
        book.Seed("b-short", "Short.\n");
        var (folder, _) = Load(book, null);
        Assert.Equal("Short.\n", Assert.Single(folder.Seeds, s => s.Id == "b-short").Text);
        Assert.Equal(400 * 29, Assert.Single(folder.Seeds, s => s.Id == "a-long").Text.Length);
    }

    [Fact]
    public void EveryControlCharacterButLineBreaksAndTabsIsFoundWhereItStands()
    {
        // Seeds and annotation files are searched for them in vectors: each of char.IsControl's characters must still be found.
        for (var c = (char)0; c < 0xFFFF; c++)
        {
            var found = TextFiles.FirstControlCharacter("Line one.\nAb" + c + "c\n");
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) Assert.Equal((2, 3, (int)c), found);
            else Assert.Null(found);
        }
    }

    /// <summary>
    /// While serve's watch sees no seed change, the folder is the very one the last load gave, without a seed being
    /// looked at; a file that is not a seed does not count, and a changed seed is read again.
    /// </summary>
    [Fact]
    public void WhileTheWatchSeesNoSeedChangeTheLastFolderIsGivenAgain()
    {
        if (!OperatingSystem.IsLinux()) return; // the watch is inotify's
        using var book = SampleBook.Create();
        Age(book);
        using var watch = InputWatch.Open([book.Seeds]);
        Assert.NotNull(watch);
        var memo = Memo();
        memo.Listing.Watch = watch;
        (SeedFolder Folder, string Diagnostics) Save()
        {
            Assert.True(watch!.Drain());
            return Load(book, memo);
        }
        var first = Save();
        Assert.Same(first.Folder, Save().Folder);
        Assert.Equal((0, SampleBook.SeedFiles.Count), (memo.Read, memo.Reused));

        File.WriteAllText(Path.Combine(book.Seeds, "notes.md"), "not a seed");
        var again = Save();
        Assert.Same(first.Folder, again.Folder);
        Assert.Equal(first.Diagnostics, again.Diagnostics);

        book.Seed("tass-2018", SampleBook.TassText + "\nA sentence added.\n");
        var changed = Save();
        Assert.NotSame(first.Folder, changed.Folder);
        Assert.Equal((1, SampleBook.SeedFiles.Count - 1), (memo.Read, memo.Reused));
        Assert.EndsWith("A sentence added.\n", changed.Folder.Seeds.Single(s => s.Id == "tass-2018").Text);
        AssertAsWithoutMemo(book, memo);
    }

    [Fact]
    public void AServeSaveThatChangesASeedIsACleanBuild()
    {
        using var book = SampleBook.Create();
        Age(book);
        var serve = new IncrementalBuild();
        var options = book.Options with { Output = book.Combine("served"), Cache = book.Combine("cache") };
        Assert.True(serve.Update(options).Succeeded);
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        Assert.True(serve.Update(options).Succeeded);
        book.Seed("tass-2018", SampleBook.TassText + "\nA sentence added.\n");
        var served = serve.Update(options);
        var clean = BriefingBuilder.Run(book.Options with { Output = book.Combine("clean") }, BuildMode.Build);
        Assert.Equal(clean.Diagnostics.Dump(), served.Diagnostics.Dump());
        FolderState.AssertSameBytes(book.Combine("clean"), book.Combine("served"), "a save that changed a seed differs from a clean build");
    }
}
