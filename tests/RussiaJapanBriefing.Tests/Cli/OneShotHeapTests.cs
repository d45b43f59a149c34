using System.Globalization;
using System.Runtime;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Commands;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;
using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing.Tests;

/// <summary>The heap policy of a build from the command line (<see cref="OneShotHeap"/>): which memory it advises, how much it commits up front, and how much a rebuild lets go uncollected.</summary>
public sealed class OneShotHeapTests
{
    private static readonly string[] Maps =
    [
        "55d0a0000000-55d0a0100000 r-xp 00000000 08:01 1234        /usr/bin/rjb",
        "7f0000000000-7f0000200000 rw-p 00000000 00:00 0",
        "7f0000200000-7f0010000000 ---p 00000000 00:00 0",
        "not a mapping",
        "7f0010000000-7f0010400000 rw-p 00000000 00:00 0",
        "7f0010400000-7f0020000000 ---p 00000000 00:00 0",
        "7f0030000000-7f0030001000 rw-p 00000000 00:00 0",
        "7f0040000000-7f0040100000 r--p 00000000 08:01 5678        /usr/lib/x86_64-linux-gnu/libc.so.6",
        "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0           [stack]",
    ];

    [Theory]
    [InlineData("7f0010000010", "7f0000000000", "7f0020000000")] // committed and reserved parts of one reservation, a malformed line among them
    [InlineData("7f0000000000", "7f0000000000", "7f0020000000")]
    [InlineData("7f001fffffff", "7f0000000000", "7f0020000000")]
    [InlineData("7f0030000800", "7f0030000000", "7f0030001000")] // anonymous, but not adjacent to the run before it
    public void TheReservationIsTheRunOfAdjacentAnonymousMappingsAroundTheAddress(string address, string start, string end)
    {
        Assert.Equal((Hex(start), Hex(end)), OneShotHeap.Reservation(Maps, Hex(address)));
    }

    [Theory]
    [InlineData("55d0a0000010")] // the executable
    [InlineData("7f0025000000")] // between mappings
    [InlineData("7f0040000010")] // a library
    [InlineData("7ffc00000010")] // a named anonymous mapping: the stack
    [InlineData("7f0020000000")] // just past the reservation
    public void AnAddressOutsideAnonymousMemoryHasNoReservation(string address)
    {
        Assert.Null(OneShotHeap.Reservation(Maps, Hex(address)));
    }

    [Fact]
    public void TheBudgetIsSixteenTimesTheCacheFilesAtMostASixteenthOfTheMemoryAndOneAndAHalfGigabytes()
    {
        Assert.Equal(1136L << 20, OneShotHeap.Budget(24L << 30, 71L << 20)); // the 10,000-source book's cache
        Assert.Equal(512L << 20, OneShotHeap.Budget(8L << 30, 71L << 20));
        Assert.Equal(1536L << 20, OneShotHeap.Budget(256L << 30, 1L << 30));
        Assert.Equal(0, OneShotHeap.Budget(24L << 30, 0)); // no cache: a clean build collects as always
    }

    [Fact]
    public void ARunWithoutCacheFilesCommitsAQuarterGigabyteAtMostASixteenthOfTheMemory()
    {
        Assert.Equal(256L << 20, OneShotHeap.UpFront(24L << 30));
        Assert.Equal(128L << 20, OneShotHeap.UpFront(2L << 30)); // a container of 2 GB
    }

    /// <summary>
    /// What a clean build, <c>--no-cache</c> or <c>check</c> does to this process's heap: the memory committed up front,
    /// and then collections as always, not a region that lets the heap grow uncollected.
    /// </summary>
    [Fact]
    public void ARunWithoutCacheFilesLeavesNoRegionWithoutCollections()
    {
        var collections = GC.CollectionCount(0);
        OneShotHeap.Prepare(footprint: 0);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        // Where the heap takes the advice, the region was started (it collects first) and ended with a collection.
        if (OneShotHeap.AdviseHugePages()) Assert.True(GC.CollectionCount(0) >= collections + 2, $"{GC.CollectionCount(0) - collections} collection(s)");
    }

    /// <summary>Two output folders built with one cache folder: each reads the files every build shares and its own.</summary>
    [Fact]
    public void TheFootprintIsTheCacheFilesABuildIntoItsOutputReads()
    {
        using var dir = new TempDir();
        var cache = dir.Combine("cache");
        foreach (var output in new[] { "one", "two" })
            Assert.True(BriefingBuilder.Run(new BuildOptions(Repo.Seeds, Repo.Content, Repo.Theme, dir.Combine(output), Cache: cache), BuildMode.Build).Succeeded);
        var shared = new[] { ParsedFiles.FileName, QuoteMemo.FileName, WordingMemo.FileName }.Sum(name => new FileInfo(Path.Combine(cache, name)).Length);
        var all = new DirectoryInfo(cache).EnumerateFiles().Sum(file => file.Length);

        Assert.Equal(shared, CheckedFile.Footprint(cache, dir.Combine("never-built")));
        var (one, two) = (CheckedFile.Footprint(cache, dir.Combine("one")), CheckedFile.Footprint(cache, dir.Combine("two")));
        Assert.True(one > shared && two > shared, $"one {one}, two {two}, shared {shared}");
        Assert.Equal(all, one + two - shared);

        // A link in the cache folder is not followed, nor a cache folder that is a link; a missing one has nothing.
        File.WriteAllBytes(dir.Combine("elsewhere.bin"), new byte[1 << 20]);
        File.CreateSymbolicLink(Path.Combine(cache, "linked.bin"), dir.Combine("elsewhere.bin"));
        Assert.Equal(one, CheckedFile.Footprint(cache, dir.Combine("one")));
        Directory.CreateSymbolicLink(dir.Combine("cache-link"), cache);
        Assert.Equal(0, CheckedFile.Footprint(dir.Combine("cache-link"), dir.Combine("one")));
        Assert.Equal(0, CheckedFile.Footprint(dir.Combine("no-cache"), dir.Combine("one")));
        // Asked before the build checks its folders: paths it will refuse have nothing either.
        Assert.Equal(0, CheckedFile.Footprint("", dir.Combine("one")));
        Assert.Equal(0, CheckedFile.Footprint(cache, ""));
        Assert.Equal(0, CheckedFile.Footprint(cache + "\0", dir.Combine("one")));
    }

    [Theory]
    [InlineData("always [madvise] never", true)]
    [InlineData("[always] madvise never", true)]
    [InlineData("always madvise [never]", false)]
    [InlineData("", false)]
    public void HugePagesAreOfferedWhenTheSystemSettingIsAlwaysOrMadvise(string setting, bool offered)
    {
        Assert.Equal(offered, OneShotHeap.Offered(setting));
    }

    /// <summary>This process's heap, as the kernel lists it after the advice: what a rebuild does to its own.</summary>
    [Fact]
    public void TheHeapIsAdvisedToUseHugePages()
    {
        var advised = OneShotHeap.AdviseHugePages();
        // A kernel with transparent huge pages takes the advice; one without refuses it, and nothing is thrown.
        Assert.Equal(OperatingSystem.IsLinux() && Directory.Exists("/sys/kernel/mm/transparent_hugepage"), advised);
        if (!advised) return;
        var address = OneShotHeap.HeapAddress();
        var flags = Flags(File.ReadLines("/proc/self/smaps"), address);
        Assert.True(flags is not null, $"no mapping of /proc/self/smaps holds the heap address {address:x}");
        Assert.Contains("hg", flags!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The VmFlags of the mapping in <paramref name="smaps"/> that holds <paramref name="address"/>.</summary>
    private static string? Flags(IEnumerable<string> smaps, ulong address)
    {
        var holds = false;
        foreach (var line in smaps)
        {
            if (line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                if (holds) return line["VmFlags:".Length..];
                continue;
            }
            var range = line.Split(' ', 2)[0].Split('-');
            if (range.Length == 2 && ulong.TryParse(range[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(range[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end))
                holds = start <= address && address < end;
        }
        return null;
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
