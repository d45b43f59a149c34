using System.Globalization;
using System.Runtime.InteropServices;

namespace RussiaJapanBriefing.Commands;

/// <summary>
/// How a build or check from the command line uses the heap: in memory the kernel backs with 2 MB pages where it can.
/// A rebuild from the build cache also allocates its first <see cref="Budget"/> bytes without a collection; any other
/// run has <see cref="UpFront"/> bytes of heap committed at its start, and collects as always. Not for <c>serve</c>,
/// which lives between saves and collects as it waits (IncrementalBuild.Settle).
/// </summary>
/// <remarks>
/// Why, measured with the native executable (2 cores), in alternating runs in the same minutes. Every page of heap the
/// collector hands out for the first time costs a page fault, some 6 µs each on this virtual machine: a clean build of
/// the 1,000-source book took 55,000 of them (its 218 MB peak in 4 KB pages), and faults and clearing fresh memory were
/// 21% of its samples. Transparent huge pages fault 2 MB at a time, but only in a mapping already 2 MB wide, and the
/// collector commits its memory 64 KB at a time, so advice alone changes nothing: the memory must be committed at once.
/// A no-GC region does that: it commits its whole budget before it starts.
/// - A rebuild after a one-claim edit at 10,000 sources allocates about 1 GB, most of which lives to the end of the
///   run (the book, what the cache holds). Left to itself the collector ran 8 times, 5 of them full, compacting
///   collections of a heap growing to 500 MB: 0.94 s of pauses in a 4.2 s run. With the region kept for the whole
///   budget, the rebuild took 3.2-3.6 s against 4.1-4.7 s, and a rebuild that changed nothing 0.21-0.26 s against
///   0.31-0.35 s. The price is memory: what the region allocated stays the process's until it ends (0.98 GB against
///   0.52 GB), hence a budget that follows what a rebuild allocates, which grows with the cache files it reads
///   (14 times their 71 MB at 10,000 sources), and is a small share of the memory the process may use.
/// - A clean build allocates 8 GB at 10,000 sources, most of it garbage soon: kept for the whole run, a region of 1.5 GB
///   took its peak from 0.65 to 1.65 GB, and no time. Ended at once, with a young-generation collection so that the
///   collector's budgets are its usual ones again, the region leaves its memory committed and empty, and the heap
///   grows into it: the 1,000-source clean build took 1.66-1.88 s against 1.94-2.30 s, with 6,200-6,900 faults, its
///   peak unchanged (215-224 MB against 213-226 MB); the real book 0.11-0.13 s against 0.16-0.17 s (peak 58 MB
///   against 52 MB); the 10,000-source book within the noise, 19.1-21.2 s against 19.7-22.1 s in 4 pairs (faults
///   151,000-161,000 against 209,000-218,000, the peak unchanged).
/// </remarks>
internal static class OneShotHeap
{
    /// <summary>
    /// Allocated at most before the first collection: 16 times the cache files the build reads
    /// (<see cref="CheckedFile.Footprint"/>), at most 1/16 of the memory the process may use and 1.5 GB.
    /// </summary>
    public static long Budget(long available, long footprint) => Math.Min(Math.Min(1536L << 20, available / 16), 16 * footprint);

    /// <summary>
    /// Committed at the start of a run that reads no cache files: 256 MB, at most 1/16 of the memory the process may
    /// use. More did not pay: at 10,000 sources, 1 GB up front still left 110,000 faults (256 MB: 154,000), and the
    /// build was no faster.
    /// </summary>
    public static long UpFront(long available) => Math.Min(256L << 20, available / 16);

    /// <summary>
    /// Prepares the heap of a build whose cache files are <paramref name="footprint"/> bytes (0 for none), where huge
    /// pages are offered and the heap takes the advice: without them a region only moves the collector's time into
    /// page faults, and costs the memory all the same.
    /// </summary>
    public static void Prepare(long footprint)
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var budget = Budget(available, footprint);
        var size = budget > 0 ? budget : UpFront(available);
        if (size <= 0 || !HugePagesOffered() || !AdviseHugePages()) return;
        try
        {
            if (!GC.TryStartNoGCRegion(size)) return;
            // A rebuild keeps the region: nothing is collected until the budget is spent, then as always.
            if (budget > 0) return;
            // Any other run wanted only the memory committed. Ended, the region would leave the collector the rest of
            // its budget to allocate before it first collects (a 256 MB region put the 1,000-source clean build's peak
            // at 307 MB, not 218); a collection now, of a heap that holds next to nothing, restores its usual budgets.
            GC.EndNoGCRegion();
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // A size the runtime will not give (or a region already started) only costs the time above.
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
