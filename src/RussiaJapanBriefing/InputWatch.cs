using System.Runtime.InteropServices;

namespace RussiaJapanBriefing;

/// <summary>
/// <c>serve</c>'s engine's own inotify handle (Linux) over its folders (the inputs and the preview output): it tells
/// which paths changed since a given update without stat'ing every file. It is drained synchronously at the start of
/// each update, and a change saved before that began is already queued in the kernel, so none can be missed; one made
/// during the update is queued for the next. .NET's FileSystemWatcher cannot serve here: it delivers events on its own
/// thread, so it can never say "nothing else is queued"; no package offers a synchronous drain, hence this small
/// P/Invoke of inotify_init1, inotify_add_watch, read and close (LibraryImport, so it works under Native AOT).
/// Only a file's own events are taken as a change of that path (written, its stat data changed, created, deleted,
/// renamed from or over: an editor's rename-over save is a change of the file it replaced). Anything else makes the
/// watch unable to vouch for what came before (<see cref="Since"/> answers null, and the caller scans in full): a
/// folder created, deleted or renamed (its files are not watched), queue overflow, a watched folder gone or moved, an
/// event of an unknown watch, more than <see cref="MaxDrainBytes"/> queued, or any error. Folders are walked without
/// following links (as <see cref="InputFiles"/> reads them), at most <see cref="MaxWatches"/> of them. A file written
/// through a hard link in another folder raises its events there, not here: an input file with more than one link
/// when the watch opens means no watch (the output, rjb's own, is not asked).
/// Generations count drains over all watches of a process, so a baseline taken from one watch never vouches under another.
/// </summary>
internal sealed partial class InputWatch : IDisposable
{
    /// <summary>Folders watched at most: far above any book's (a 10,000-source book and its preview have a few dozen).</summary>
    internal const int MaxWatches = 4096;

    /// <summary>Bytes read from the queue in one drain at most: thousands of events; past that a full scan is as cheap.</summary>
    internal const int MaxDrainBytes = 1 << 20;

    /// <summary>Paths remembered as changed at most: past that the watch stops vouching, and callers scan in full.</summary>
    internal const int MaxChanged = 65_536;

    private static long s_generations;

    private readonly Handle _handle;
    private readonly IReadOnlyList<string> _roots;
    private readonly Dictionary<int, (int Root, string Folder)> _folders = [];

    /// <summary>Each changed path ("root number/relative path") with the generation of the drain that found it.</summary>
    private readonly Dictionary<string, long> _changed = new(StringComparer.Ordinal);

    /// <summary>The generation of the last drain after which nothing before can be vouched for (the first, or the last that found a break).</summary>
    private long _brokenAt;

    private InputWatch(Handle handle, IReadOnlyList<string> roots)
    {
        _handle = handle;
        _roots = roots;
    }

    /// <summary>The generation of the last drain: a scan made after it may be taken as a baseline for <see cref="Since"/>.</summary>
    public long Generation { get; private set; }

    /// <summary>
    /// A watch over every folder below <paramref name="roots"/> (each must exist), drained once (its first generation
    /// is the baseline of what is scanned next); null when one cannot be had (not Linux, a folder missing, too many
    /// folders, the kernel's limit on watches, any error).
    /// </summary>
    public static InputWatch? Open(IReadOnlyList<string> roots)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Handle? handle = null;
        try
        {
            handle = new Handle(InotifyInit1(NonBlocking | CloseOnExec));
            if (handle.IsInvalid) return Fail(handle);
            var watch = new InputWatch(handle, [.. roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)))]);
            for (var root = 0; root < watch._roots.Count; root++)
            {
                // A root must be a folder itself, not a link to one: its real path is what a link-free walk below it sees.
                if (InputFiles.Stat(watch._roots[root], followLink: false, out _) is not { Type: 0x4000 }) return Fail(handle);
                var pending = new Stack<string>([""]);
                while (pending.TryPop(out var folder))
                {
                    if (watch._folders.Count >= MaxWatches || !watch.Add(root, folder)) return Fail(handle);
                    var full = folder.Length == 0 ? watch._roots[root] : Path.Join(watch._roots[root], folder);
                    var input = root < watch._roots.Count - 1;
                    foreach (var (sub, isFolder) in new System.IO.Enumeration.FileSystemEnumerable<(string, bool)>(full,
                        (ref System.IO.Enumeration.FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0),
                        new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false }))
                    {
                        // Folders are walked, never through a link (its attributes say so without a stat).
                        var path = folder.Length == 0 ? sub : folder + "/" + sub;
                        if (isFolder) pending.Push(path);
                        else if (input && (InputFiles.Stat(Path.Join(watch._roots[root], path), followLink: false, out _, out var links) is null || links > 1)) return Fail(handle);
                    }
                }
            }
            // Whatever happened while the folders were walked is not known: only what is scanned after the first drain is a baseline.
            if (!watch.Drain()) return Fail(handle);
            watch._brokenAt = watch.Generation;
            return watch;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or EntryPointNotFoundException or DllNotFoundException)
        {
            return handle is null ? null : Fail(handle);
        }

        static InputWatch? Fail(Handle handle)
        {
            handle.Dispose();
            return null;
        }
    }

    private bool Add(int root, string folder)
    {
        var full = folder.Length == 0 ? _roots[root] : Path.Join(_roots[root], folder);
        var wd = InotifyAddWatch(_handle, full, Events | DontFollow | OnlyFolder);
        if (wd < 0 || _folders.ContainsKey(wd)) return false; // the same folder twice (a hard link cannot make one, a bind mount can)
        _folders[wd] = (root, folder);
        return true;
    }

    /// <summary>
    /// Reads everything queued, and starts a new generation. False when the watch can no longer vouch for anything:
    /// it should then be disposed and another opened.
    /// </summary>
    public bool Drain()
    {
        Generation = Interlocked.Increment(ref s_generations);
        if (_brokenAt < 0) return false;
        var buffer = new byte[64 * 1024];
        var total = 0;
        while (true)
        {
            var read = (int)Read(_handle, ref MemoryMarshal.GetArrayDataReference(buffer), buffer.Length);
            if (read < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == WouldBlock) return true;
                if (error == Interrupted) continue;
                return Break();
            }
            if (read == 0 || (total += read) > MaxDrainBytes) return Break();
            for (var at = 0; at < read;)
            {
                var wd = BitConverter.ToInt32(buffer, at);
                var mask = BitConverter.ToUInt32(buffer, at + 4);
                var length = (int)BitConverter.ToUInt32(buffer, at + 12);
                var name = length == 0 ? "" : System.Text.Encoding.UTF8.GetString(buffer, at + 16, length).TrimEnd('\0');
                at += 16 + length;
                if (!Note(wd, mask, name)) return Break();
            }
        }
    }

    /// <summary>Records one event; false when it is a break.</summary>
    private bool Note(int wd, uint mask, string name)
    {
        if ((mask & (Overflow | Ignored | Unmounted | SelfDeleted | SelfMoved)) != 0 || !_folders.TryGetValue(wd, out var folder)) return false;
        // A folder created, deleted or renamed: its files are not (or no longer) watched.
        if ((mask & IsFolder) != 0 && (mask & (Created | Deleted | MovedFrom | MovedTo)) != 0) return false;
        // An event of the folder itself (its stat data changed) is a change of the folder's own entry; a root's has none.
        var path = name.Length == 0 ? folder.Folder : folder.Folder.Length == 0 ? name : folder.Folder + "/" + name;
        if (path.Length == 0) return true;
        if (_changed.Count >= MaxChanged) return false;
        _changed[$"{folder.Root}/{path}"] = Generation;
        return true;
    }

    private bool Break()
    {
        _brokenAt = -1;
        _changed.Clear();
        return false;
    }

    /// <summary>
    /// The paths changed since the drain of generation <paramref name="baseline"/>, per root ('/'-separated, relative
    /// to it), as of the last drain; null when the watch cannot vouch for that (a break since, or another watch's baseline).
    /// </summary>
    public IReadOnlyList<IReadOnlySet<string>>? Since(long? baseline)
    {
        if (baseline is not { } b || _brokenAt < 0 || b < _brokenAt) return null;
        var changed = _roots.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var (path, generation) in _changed)
        {
            if (generation <= b) continue;
            var slash = path.IndexOf('/');
            changed[int.Parse(path.AsSpan(0, slash), System.Globalization.CultureInfo.InvariantCulture)].Add(path[(slash + 1)..]);
        }
        return changed;
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>The inotify file descriptor, closed with the watch (or by the finalizer of an engine never disposed).</summary>
    private sealed class Handle : SafeHandle
    {
        public Handle(int fd) : base(-1, ownsHandle: true) => SetHandle(fd);

        public override bool IsInvalid => handle == -1;

        protected override bool ReleaseHandle() => CloseDescriptor((int)handle) == 0;
    }

    private const int NonBlocking = 0x800;   // IN_NONBLOCK (O_NONBLOCK)
    private const int CloseOnExec = 0x80000; // IN_CLOEXEC (O_CLOEXEC)
    private const int WouldBlock = 11;       // EAGAIN: the queue is empty
    private const int Interrupted = 4;       // EINTR

    private const uint Modified = 0x2, Attributes = 0x4, ClosedWritten = 0x8, MovedFrom = 0x40, MovedTo = 0x80, Created = 0x100, Deleted = 0x200;
    private const uint SelfDeleted = 0x400, SelfMoved = 0x800, Unmounted = 0x2000, Overflow = 0x4000, Ignored = 0x8000, IsFolder = 0x40000000;
    private const uint OnlyFolder = 0x1000000, DontFollow = 0x2000000;
    private const uint Events = Modified | Attributes | ClosedWritten | MovedFrom | MovedTo | Created | Deleted | SelfDeleted | SelfMoved;

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int InotifyAddWatch(Handle fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(Handle fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseDescriptor(int fd);
}
