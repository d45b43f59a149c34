using System.Globalization;
using System.Runtime.InteropServices;

namespace RussiaJapanBriefing.Commands;

/// <summary>
/// How a rebuild from the build cache uses the heap: its first <see cref="Budget"/> bytes are allocated without a
/// collection, in memory the kernel backs with 2 MB pages where it can. Not for <c>serve</c>, which lives between saves
/// and collects as it waits (IncrementalBuild.Settle), nor for a build without a cache, which makes every page.
/// </summary>
/// <remarks>
/// Why, measured with the native executable on the 10,000-source book (2 cores), in alternating runs in the same minutes:
/// a rebuild after a one-claim edit allocates about 1 GB, most of which lives to the end of the run (the book, what the
/// cache holds). Left to itself the collector ran 8 times, 5 of them full, compacting collections of a heap growing to
/// 500 MB: 0.94 s of pauses in a 4.2 s run. Allocating in fresh memory cost as much again: 0.7 s of the main thread went
/// to clearing new memory and taking a page fault for each 4 KB of it. A no-collection region alone moves the
/// collector's time into page faults (the time did not change); with the heap advised to use huge pages the region's
/// memory, committed at once, faults 2 MB at a time, and the rebuild took 3.2-3.6 s against 4.1-4.7 s (user CPU 2.8 s
/// against 4.5 s), a rebuild that changed nothing 0.21-0.26 s against 0.31-0.35 s.
/// The price is memory: what the region allocated stays the process's until it ends, so the peak is about the budget
/// plus what the build keeps (the one-claim rebuild: 0.98 GB against 0.52 GB). A clean build allocates 8 GB at 10,000
/// sources, most of it garbage soon: a region of 1.5 GB took its peak from 0.65 to 1.65 GB, and no time. Hence a budget
/// that follows what a rebuild allocates, which grows with the cache files it reads (14 times their 71 MB at 10,000
/// sources), and is a small share of the memory the process may use.
/// </remarks>
internal static class OneShotHeap
{
    /// <summary>
    /// Allocated at most before the first collection: 16 times the cache files the build reads
    /// (<see cref="CheckedFile.Footprint"/>), at most 1/16 of the memory the process may use and 1.5 GB.
    /// </summary>
    public static long Budget(long available, long footprint) => Math.Min(Math.Min(1536L << 20, available / 16), 16 * footprint);

    /// <summary>
    /// Starts the region for a build whose cache files are <paramref name="footprint"/> bytes, where huge pages are
    /// offered and the heap takes the advice: without them the region only moves the collector's time into page faults,
    /// and costs the memory all the same.
    /// </summary>
    public static void Prepare(long footprint)
    {
        var budget = Budget(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, footprint);
        if (budget <= 0 || !HugePagesOffered() || !AdviseHugePages()) return;
        try
        {
            // Nothing is collected until the budget is spent; then the collector runs as it always does.
            GC.TryStartNoGCRegion(budget);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // A budget the runtime will not give (or a region already started) only costs the time above.
        }
    }

    private const string HugePageSetting = "/sys/kernel/mm/transparent_hugepage/enabled";

    /// <summary>Linux backs advised memory with 2 MB pages: the system's setting is "always" or "madvise" (the default of most distributions).</summary>
    private static bool HugePagesOffered()
    {
        try
        {
            return Offered(File.ReadAllText(HugePageSetting));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // not Linux, or a kernel without transparent huge pages
        }
    }

    /// <summary>Whether a setting such as "always [madvise] never", the chosen one bracketed, backs advised memory with huge pages.</summary>
    internal static bool Offered(string setting) => setting.Contains("[always]", StringComparison.Ordinal) || setting.Contains("[madvise]", StringComparison.Ordinal);

    private const int MadviseHugePage = 14;

    [DllImport("libc.so.6", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);

    /// <summary>Marks the collector's reservation for transparent huge pages (MADV_HUGEPAGE); false when it could not (no glibc, no such advice).</summary>
    public static bool AdviseHugePages()
    {
        try
        {
            return Reservation(File.ReadLines("/proc/self/maps"), HeapAddress()) is var (start, end)
                && Madvise((nint)start, (nuint)(end - start), MadviseHugePage) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Where a newly allocated object lies: in the collector's reservation.</summary>
    internal static ulong HeapAddress()
    {
        var handle = GCHandle.Alloc(new byte[16], GCHandleType.Pinned);
        try
        {
            return (ulong)handle.AddrOfPinnedObject();
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// The run of adjacent anonymous mappings in <paramref name="maps"/> (lines of /proc/self/maps) around
    /// <paramref name="address"/>: the collector reserves its address space in one piece and commits parts of it, which
    /// the kernel lists as adjacent mappings of differing protection.
    /// </summary>
    internal static (ulong Start, ulong End)? Reservation(IEnumerable<string> maps, ulong address)
    {
        (ulong Start, ulong End)? run = null;
        foreach (var line in maps)
        {
            // "start-end perms offset device inode [path]": anonymous memory has inode 0 and no path.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var range = fields.Length >= 5 ? fields[0].Split('-') : [];
            if (range.Length != 2 || !Hex(range[0], out var start) || !Hex(range[1], out var end)) continue;
            var anonymous = fields.Length == 5 && fields[4] == "0";
            if (anonymous && run is { } before && before.End == start) run = (before.Start, end);
            else if (run is { } done && done.Start <= address && address < done.End) break;
            else run = anonymous ? (start, end) : null;
        }
        return run is { } whole && whole.Start <= address && address < whole.End ? whole : null;

        static bool Hex(string text, out ulong value) => ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
