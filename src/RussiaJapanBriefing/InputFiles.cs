using System.Buffers;
using System.IO.Enumeration;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RussiaJapanBriefing;

/// <summary>
/// An input file found in an input folder: its '/'-separated path relative to the folder, the path diagnostics
/// show, and the real file to read (the same file, or where a link inside the folder leads).
/// </summary>
/// <param name="Listed">The real file's stat data when the folder was listed (null when they could not be had): a memo
/// that compares them with its last read's need not stat the file again.</param>
/// <param name="IsLink">The name is a link (inside the folder) to the real file: its own stat data say nothing of that file's bytes.</param>
internal sealed record InputFile(string Name, string Display, string RealPath, InputFiles.Listed? Listed = null, bool IsLink = false);

/// <summary>The wanted files of an input folder, and the names of wanted entries that were refused (each with its error).</summary>
internal sealed record InputListing(IReadOnlyList<InputFile> Files, IReadOnlyList<string> Refused);

/// <summary>
/// The one place that decides what the generator may read from an input folder (seeds, content, theme). A pull
/// request can add a symbolic link, so only regular files inside the folder are read: a link is followed only when
/// its real path stays inside the real path of the folder and ends at a regular file; links to folders are never
/// followed (so there are no loops); FIFOs, sockets and devices are never opened; sizes are capped. Anything else is
/// an error at its own path, reported once, and never read.
/// </summary>
internal static partial class InputFiles
{
    /// <summary>Seeds, annotation files and templates: far above any real article or annotation file.</summary>
    public const long MaxTextBytes = 16L << 20;

    /// <summary>Theme assets (fonts, images) may be bigger than text, but are still read whole into memory.</summary>
    public const long MaxAssetBytes = 64L << 20;

    private const int MaxLinkHops = 40; // as Linux's own limit on links followed while resolving one path

    /// <summary>
    /// The files under <paramref name="folder"/> (in its subfolders too when <paramref name="recursive"/>) whose
    /// '/'-separated relative name <paramref name="wanted"/> accepts, in ordinal order of that name.
    /// </summary>
    public static InputListing List(string folder, bool recursive, Func<string, bool> wanted, DiagnosticBag diagnostics) =>
        List(folder, recursive, wanted, diagnostics, memo: null);

    /// <param name="memo">
    /// For <c>serve</c>: the last listing of this folder, used again while its watch vouches that nothing in the folder
    /// changed but files it listed (each stated again) and files it does not want; otherwise the folder is listed anew.
    /// </param>
    /// <param name="stated">For the command line: what the build snapshot found of the folder's entries moments before.</param>
    internal static InputListing List(string folder, bool recursive, Func<string, bool> wanted, DiagnosticBag diagnostics, ListingMemo? memo,
        Stated? stated = null)
    {
        if (memo?.Reuse(folder, recursive, wanted) is { } reused)
        {
            diagnostics.Add(memo.Diagnostics);
            return reused;
        }
        var generation = memo?.Watch?.Generation;
        var own = memo?.Watch is null ? diagnostics : new DiagnosticBag();
        var listing = List(folder, recursive, wanted, own, stated, out var plain);
        if (own == diagnostics) return listing;
        var found = own.Snapshot();
        diagnostics.Add(found);
        memo!.Keep(folder, recursive, plain ? listing : null, found, generation);
        return listing;
    }

    /// <param name="plain">No link was met: every file's real path is its path in the folder, whose changes a watch sees.</param>
    private static InputListing List(string folder, bool recursive, Func<string, bool> wanted, DiagnosticBag diagnostics, Stated? stated, out bool plain)
    {
        plain = true;
        var files = new List<InputFile>();
        var refused = new List<string>();
        var listedAt = stated?.At ?? Now();
        var realRoot = RealPath(folder);
        if (realRoot is null)
        {
            diagnostics.Report(Codes.LinkRefused, new Location(PathDisplay.Relative(folder)), "the folder is a link that loops");
            return new InputListing(files, refused);
        }
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var directory))
        {
            List<Entry> entries;
            try
            {
                // Entries, not FileSystemInfos: making one of those lstat()s the entry, and each is stat'ed once below anyway.
                entries = new FileSystemEnumerable<Entry>(directory, (ref FileSystemEntry e) => new Entry(e.FileName.ToString(), e.ToFullPath(), e.IsDirectory),
                    Enumeration).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Report(Codes.UnreadableInput, new Location(PathDisplay.Relative(directory)), $"the folder cannot be read: {e.Message}");
                continue;
            }
            var realDirectory = System.IO.Path.GetFullPath(System.IO.Path.Join(realRoot, System.IO.Path.GetRelativePath(folder, directory)));
            // A big book has ten thousand files in one folder: an entry's names are its folder's, worked out once, and its own.
            var folderName = System.IO.Path.GetRelativePath(folder, directory).Replace('\\', '/');
            var folderDisplay = PathDisplay.Relative(directory);
            foreach (var entry in entries)
            {
                var own = entry.Name.Replace('\\', '/');
                var name = folderName == "." ? own : folderName + "/" + own;
                var display = folderDisplay == "." ? own : folderDisplay + "/" + own;
                // PathDisplay shows a path that starts with ".." in full, which a file's own name can make so.
                if (display.StartsWith("..", StringComparison.Ordinal)) display = PathDisplay.Relative(entry.FullName);
                void Refuse(DiagnosticDescriptor code, string message, string? hint = null)
                {
                    diagnostics.Report(code, new Location(display), message, hint);
                    refused.Add(name);
                }
                try
                {
                    // One statx (not following links) says what the entry is, and is the stamp of a regular file: only a link is asked where it leads.
                    var stat = stated is not null && stated.ByName.TryGetValue(name, out var known) ? known : Stat(entry.FullName, followLink: false, out _);
                    if ((stat is not { Type: not 0xA000 } ? new FileInfo(entry.FullName).LinkTarget : null) is { } target)
                    {
                        plain = false;
                        var real = RealPath(entry.FullName);
                        var isFolder = real is not null && Directory.Exists(real);
                        if (!(isFolder && recursive) && !wanted(name)) continue;
                        if (real is null) Refuse(Codes.LinkRefused, "the link loops, so it is not followed");
                        else if (!Inside(realRoot, real))
                            Refuse(Codes.LinkRefused, $"the link leads outside {PathDisplay.Relative(folder)} (to '{target}'), so it is not read",
                                "inputs must be files inside their folder; copy the file in instead of linking to it");
                        else if (isFolder && Inside(real, realDirectory)) Refuse(Codes.LinkRefused, $"the link leads back to a folder it is in ('{target}'), a loop, so it is not followed");
                        else if (isFolder) Refuse(Codes.LinkRefused, $"the link leads to a folder ('{target}'); links to folders are not followed", "move or copy the files in");
                        else if (!File.Exists(real)) Refuse(Codes.LinkRefused, $"the link leads nowhere ('{target}' does not exist)");
                        else if (NotRegular(real, out var stamp) is { } kind) Refuse(Codes.NotAFile, $"the link leads to {kind}, not a regular file, so it is not read");
                        else files.Add(new InputFile(name, display, real, stamp is null ? null : new Listed(stamp, listedAt), IsLink: true));
                    }
                    else if (entry.IsDirectory)
                    {
                        if (recursive) pending.Push(entry.FullName);
                        else if (wanted(name)) Refuse(Codes.NotAFile, "this is a folder, not a file");
                    }
                    else if (!wanted(name)) continue;
                    else if ((stat is null ? NotRegular(entry.FullName, out var stamp) : NotRegular(stat.Value, out stamp)) is { } kind)
                        Refuse(Codes.NotAFile, $"this is {kind}, not a regular file, so it is not read");
                    else files.Add(new InputFile(name, display, entry.FullName, stamp is null ? null : new Listed(stamp, listedAt)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    if (wanted(name)) Refuse(Codes.UnreadableInput, $"cannot be read: {e.Message}");
                }
            }
        }
        return new InputListing(files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(), refused);
    }

    /// <summary>
    /// The bytes of an input file, or null after reporting why not: larger than <paramref name="limit"/>, or not
    /// readable. A file whose size is 0 is never opened (its content is empty either way), which keeps anything that
    /// only pretends to be a file on platforms where its type cannot be asked for.
    /// </summary>
    public static byte[]? Read(InputFile file, long limit, DiagnosticBag diagnostics) =>
        Read(file, limit, diagnostics, length => new byte[length], out var read) is { } bytes ? read == bytes.Length ? bytes : bytes[..read] : null;

    /// <summary>
    /// As <see cref="Read(InputFile, long, DiagnosticBag)"/>, but the bytes (the first <c>length</c> of the array) are
    /// only lent to <paramref name="use"/>, from a pooled buffer: for a file whose bytes are decoded and dropped.
    /// </summary>
    internal static T? Read<T>(InputFile file, long limit, DiagnosticBag diagnostics, Func<byte[], int, T?> use) where T : class
    {
        byte[]? rented = null;
        try
        {
            return Read(file, limit, diagnostics, length => rented = ArrayPool<byte>.Shared.Rent(length), out var read) is { } bytes ? use(bytes, read) : null;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The buffer <paramref name="allocate"/> gave (at least the length asked), with <paramref name="read"/> bytes read into it.</summary>
    private static byte[]? Read(InputFile file, long limit, DiagnosticBag diagnostics, Func<int, byte[]> allocate, out int read)
    {
        read = 0;
        try
        {
            // The listing's stat, where it made one, says so without stating the file again (10,000 seeds: 10,000 calls).
            if ((file.Listed?.Stamp.Size ?? new FileInfo(file.RealPath).Length) == 0) return [];
            // A handle, not a stream: nothing is buffered twice, and a big book opens tens of thousands of files.
            using var handle = File.OpenHandle(file.RealPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            // Read at most one byte past the limit: the length stat gave may be stale, and a file may grow while read.
            // The buffer is asked for the length stat gave, so an unchanged file is read into an array of its size, with no copy.
            var expected = (int)Math.Min(RandomAccess.GetLength(handle), limit + 1);
            var buffer = allocate(expected);
            read = ReadFully(handle, buffer.AsSpan(0, expected));
            Span<byte> more = stackalloc byte[1];
            if (read == expected && read <= limit && RandomAccess.Read(handle, more, read) == 1)
            {
                if (buffer.Length == read) buffer = [.. buffer, more[0]];
                else buffer[read] = more[0];
                read++;
            }
            if (read > limit)
            {
                diagnostics.Report(Codes.InputTooLarge, new Location(file.Display),
                    $"the file is larger than {limit >> 20} MiB, the most an input file of this kind may be", "split it, or leave it out");
                return null;
            }
            return buffer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(Codes.UnreadableInput, new Location(file.Display), $"the file cannot be read: {e.Message}");
            return null;
        }
    }

    /// <summary>Reads the file from its start into <paramref name="buffer"/>, until it is full or the file ends; returns how many bytes were read.</summary>
    internal static int ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer)
    {
        var read = 0;
        for (int got; read < buffer.Length && (got = RandomAccess.Read(handle, buffer[read..], read)) > 0;) read += got;
        return read;
    }

    /// <summary>
    /// Where <paramref name="key"/> is in <paramref name="sorted"/> (in ordinal order of <paramref name="keyOf"/>), or
    /// the complement of where it would go: serve's listings and snapshot are patched by the paths a watch names.
    /// </summary>
    internal static int IndexOf<T>(IReadOnlyList<T> sorted, string key, Func<T, string> keyOf)
    {
        int low = 0, high = sorted.Count - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var order = string.CompareOrdinal(keyOf(sorted[middle]), key);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return ~low;
    }

    /// <summary>
    /// <c>serve</c>'s memory of one input folder's last listing (<paramref name="root"/> is the folder's number among
    /// the engine's watched roots). While <see cref="Watch"/> vouches for everything since that listing, it is used
    /// again with only the paths the watch saw change stated again: a file listed and still a regular file gets its new
    /// stat data; a path not listed that is gone, or is a regular file not wanted, changes nothing; anything else
    /// (a file gone, a new wanted file, a link, a folder in a flat folder, a refused entry) lists the folder anew.
    /// A listing that met a link is never used again: its real paths are not what the watch names.
    /// </summary>
    internal sealed class ListingMemo(int root)
    {
        private string? _folder;
        private bool _recursive;
        private InputListing? _listing;
        private long? _watchedAt;

        /// <summary>The engine's watch, drained at the start of this build; null when there is none.</summary>
        public InputWatch? Watch { get; set; }

        /// <summary>What the last full listing reported, reported again with its listing.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; private set; } = [];

        internal void Keep(string folder, bool recursive, InputListing? listing, IReadOnlyList<Diagnostic> diagnostics, long? generation)
        {
            (_folder, _recursive, _listing, Diagnostics, _watchedAt) = (folder, recursive, listing, diagnostics, generation);
        }

        internal InputListing? Reuse(string folder, bool recursive, Func<string, bool> wanted)
        {
            if (_listing is not { } listing || _folder != folder || _recursive != recursive || Watch?.Since(_watchedAt) is not { } changes || root >= changes.Count) return null;
            var listedAt = Now(); // before any stat, as a listing takes it
            List<InputFile>? files = null; // copied on the first change
            foreach (var path in changes[root])
            {
                var at = IndexOf(listing.Files, path, f => f.Name);
                var stat = Stat(System.IO.Path.Join(folder, path), followLink: false, out var error);
                if (at >= 0)
                {
                    if (stat is not { Type: 0x8000, Stamp: var stamp }) return null;
                    files ??= [.. listing.Files];
                    files[at] = files[at] with { Listed = new Listed(stamp, listedAt) };
                }
                else if (listing.Refused.Contains(path)) return null;
                else if (stat is { Type: 0x4000 } && recursive) continue; // a folder's own stat data: its files are watched on their own
                else if (stat is null ? error != NoSuchEntry : stat is not { Type: 0x8000 } || wanted(path)) return null;
            }
            _watchedAt = Watch.Generation;
            if (files is not null) _listing = listing with { Files = files };
            return _listing;
        }
    }

    private const int NoSuchEntry = 2; // ENOENT

    /// <summary>A folder's entry as listed: its name, its path, and whether it is a folder (a link counts as what it leads to).</summary>
    private sealed record Entry(string Name, string FullName, bool IsDirectory);

    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false, // folders are walked here, so that links to folders are never followed
        IgnoreInaccessible = false,    // an unreadable folder is an error, not an absence
        AttributesToSkip = 0,          // hidden files are inputs like any other
        ReturnSpecialDirectories = false,
    };

    /// <summary>Whether a path is the folder or below it (the folder itself counts: a link to it is a link to a folder).</summary>
    private static bool Inside(string realRoot, string real) =>
        real == realRoot || real.StartsWith(System.IO.Path.EndsInDirectorySeparator(realRoot) ? realRoot : realRoot + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The path with every link in it resolved, as realpath(3) does, or null when links loop. The real path of a
    /// link is the only safe thing to check containment on: its text may say "../../etc" or go through other links.
    /// </summary>
    public static string? RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var root = System.IO.Path.GetPathRoot(full)!;
        var rest = new Stack<string>(Components(full[root.Length..]).Reverse());
        var current = root;
        var hops = 0;
        while (rest.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = System.IO.Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }
            if (++hops > MaxLinkHops) return null;
            if (System.IO.Path.IsPathRooted(target))
            {
                current = System.IO.Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }
            foreach (var p in Components(target).Reverse()) rest.Push(p);
        }
        return current;
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split([System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// What a path is when it is not a regular file ("a FIFO (named pipe)", "a character device", …), without
    /// following a final link; null for a regular file. Opening a FIFO waits for a writer forever and a device such
    /// as /dev/zero never ends, so this is asked before anything is opened. .NET has no API for the file type, so on
    /// Linux it asks statx(2), whose layout is the same on every architecture; elsewhere (and if statx is missing)
    /// it answers null, and the rule in <see cref="Read"/> that a file of size 0 is never opened still holds.
    /// </summary>
    /// <param name="stamp">The path's stat data, for a regular file (not a link: the real file is asked for).</param>
    private static string? NotRegular(string path, out Stamp? stamp)
    {
        stamp = null;
        return Stat(path, followLink: false, out _) is { } stat ? NotRegular(stat, out stamp) : null;
    }

    /// <summary>As <see cref="NotRegular(string, out Stamp?)"/>, from the path's stat data.</summary>
    private static string? NotRegular((int Type, Stamp Stamp) stat, out Stamp? stamp)
    {
        stamp = stat.Type == 0x8000 ? stat.Stamp : null;
        return stat.Type switch
        {
            0x8000 => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a folder",
            0xA000 => "a link",
            _ => "a special file",
        };
    }

    /// <summary>
    /// The stat data that tell one version of a file from another without reading it (as git's index does): inode,
    /// size, and modification and change times in nanoseconds since 1970. Null when they cannot be had (not Linux,
    /// no statx, or the file is gone): then nothing can vouch for the file, and it is read.
    /// </summary>
    internal sealed record Stamp(ulong Inode, long Size, long Modified, long Changed)
    {
        /// <summary>True when the file was changed less than <paramref name="window"/> nanoseconds before <paramref name="readAt"/>: the same stamp may then hide a second edit within the file system's clock tick.</summary>
        public bool Racy(long readAt, long window) => Math.Max(Modified, Changed) >= readAt - window;
    }

    /// <summary>
    /// The stat data of a folder's files and folders (by their '/'-separated path in it) taken before it is listed, and
    /// a time taken before they were. The command line's build snapshot states every input to know what changed, and
    /// its loaders then take each entry's type and <see cref="Stamp"/> from there rather than stating it a second time
    /// (20,000 statx calls at 10,000 sources). It holds no links (the snapshot then has no inputs to give); an entry
    /// that is not here is stated as always. Its data are older, by the length of the snapshot's scan, than a listing's
    /// own: a file changed in between is read as the snapshot found it, or else found racy, and the next build, whose
    /// snapshot then differs, reads it again.
    /// </summary>
    internal sealed record Stated(IReadOnlyDictionary<string, (int Type, Stamp Stamp)> ByName, long At);

    /// <summary>
    /// A file's stat data taken while its folder was listed, with a time taken before the listing began: a memo
    /// counts the file as read at that time, so that a change in the same clock tick as the stat is never trusted
    /// away (see <see cref="Stamp.Racy"/>), however long the listing took.
    /// </summary>
    internal sealed record Listed(Stamp Stamp, long At);

    /// <summary>The current time in the units of <see cref="Stamp"/>.</summary>
    internal static long Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>The <see cref="Stamp"/> of a path, following links (the real file is what is read).</summary>
    internal static Stamp? StampOf(string path) => Stat(path, followLink: true, out _)?.Stamp;

    /// <summary>
    /// The file type bits (<c>mode &amp; S_IFMT</c>) and <see cref="Stamp"/> of a path, from statx(2), whose layout is the
    /// same on every architecture. Null when it cannot be had: <paramref name="error"/> is then the call's errno, or
    /// -1 when statx is not available (not Linux, or no such entry point).
    /// </summary>
    internal static (int Type, Stamp Stamp)? Stat(string path, bool followLink, out int error) => Stat(path, followLink, out error, out _);

    /// <param name="links">The number of hard links to the file (0 when it cannot be had).</param>
    internal static (int Type, Stamp Stamp)? Stat(string path, bool followLink, out int error, out uint links) =>
        StatAt(AtCurrentDirectory, path, followLink ? 0 : AtSymlinkNoFollow, out error, out links);

    /// <summary>As <see cref="Stat(string, bool, out int)"/>, not following a link, for an entry of a folder held open (<see cref="OpenFolder"/>).</summary>
    internal static (int Type, Stamp Stamp)? Stat(SafeFileHandle folder, string name, out int error) =>
        StatAt((int)folder.DangerousGetHandle(), name, AtSymlinkNoFollow, out error, out _);

    /// <summary>
    /// A folder held open to stat its entries by name (<see cref="Stat(SafeFileHandle, string, out int)"/>): the kernel
    /// then looks up one name per entry, not every folder of its path again, which was 15% of each of the 41,000 stats
    /// that start a rebuild at 10,000 sources. Null when it cannot be opened, or is not a folder, or not the one of
    /// <paramref name="inode"/> (the folder listed, replaced since): its entries are then stated by path.
    /// </summary>
    internal static SafeFileHandle? OpenFolder(string path, ulong? inode)
    {
        if (!OperatingSystem.IsLinux()) return null;
        int descriptor;
        try
        {
            descriptor = Open(path, OpenPathOnly | OpenCloseOnExec);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        if (descriptor < 0) return null;
        var folder = new SafeFileHandle(descriptor, ownsHandle: true);
        // What was opened is asked of the descriptor itself: the path may have been changed to a link since it was listed.
        if (StatAt(descriptor, "", AtEmptyPath, out _, out _) is (0x4000, var stamp) && (inode is null || stamp.Inode == inode)) return folder;
        folder.Dispose();
        return null;
    }

    private static (int Type, Stamp Stamp)? StatAt(int directory, string path, int flags, out int error, out uint links)
    {
        error = -1;
        links = 0;
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> status = stackalloc byte[256];
        try
        {
            if (Statx(directory, path, flags, StatxBasicStats, ref MemoryMarshal.GetReference(status)) != 0)
            {
                error = Marshal.GetLastPInvokeError();
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        error = 0;
        links = MemoryMarshal.Read<uint>(status[StatxLinksOffset..]);
        static long Time(ReadOnlySpan<byte> at) => MemoryMarshal.Read<long>(at) * 1_000_000_000 + MemoryMarshal.Read<uint>(at[8..]);
        return (MemoryMarshal.Read<ushort>(status[StatxModeOffset..]) & 0xF000,
            new Stamp(MemoryMarshal.Read<ulong>(status[32..]), MemoryMarshal.Read<long>(status[40..]), Time(status[112..]), Time(status[96..])));
    }

    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const int AtSymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const int AtEmptyPath = 0x1000;      // AT_EMPTY_PATH: the descriptor itself
    private const int OpenPathOnly = 0x200000;   // O_PATH: a descriptor to look names up from, reading nothing
    private const int OpenCloseOnExec = 0x80000; // O_CLOEXEC
    private const uint StatxBasicStats = 0x7ff;  // STATX_BASIC_STATS; struct statx: inode at 32, size at 40, change time at 96, modification time at 112
    private const int StatxModeOffset = 28;      // struct statx: mask, blksize, attributes (u64), nlink, uid, gid, then mode (u16)
    private const int StatxLinksOffset = 16;     // struct statx: nlink (u32)

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte status);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
