using System.Collections.Concurrent;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Publishing;

/// <summary>What a publish did: the files it wrote anew, how many it kept as they were, and the files it dropped.</summary>
public sealed record PublishReport(IReadOnlyList<string> Written, int Unchanged, IReadOnlyList<string> Removed)
{
    public bool NothingChanged => Written.Count == 0 && Removed.Count == 0;

    /// <summary>
    /// The commit changed the existing output folder only at <see cref="Written"/>, <see cref="Removed"/>, the
    /// manifest and their folders (moved in place, or nothing to publish), rather than swapping in a new folder, in
    /// which every file is another link: what is known of the rest of the folder still holds.
    /// </summary>
    internal bool InPlace { get; init; }
}

/// <summary>
/// The steps of publishing, in order: a test seam (<see cref="BuildOptions"/>) may fail or stop a build at any of them.
/// <see cref="Render"/> is reached once, when the book is resolved and before its first page is made.
/// </summary>
internal enum PublishStep { Render, Stage, Link, WriteCache, Retire, Swap, Move, SaveCache, RemoveOld }

/// <summary>
/// Test seam: <paramref name="Hook"/> runs before each step and may throw, an IOException to make the step fail as the
/// file system would, or <see cref="SimulatedKill"/>; <paramref name="RenameTwice"/> takes the swap that systems
/// without renameat2 use; <paramref name="InPlace"/>, when set, chooses between moving the changed files into the
/// output and swapping in a whole folder, which the writer otherwise chooses by the size of the change.
/// Tests run as root, which no permission stops, so failures are made this way.
/// </summary>
internal sealed record PublishFaults(Action<PublishStep> Hook, bool RenameTwice = false, bool? InPlace = null);

/// <summary>Thrown by a test's fault hook to stop a build where it is, as a kill would: nothing after it runs, not even clean-up.</summary>
internal sealed class SimulatedKill : Exception;

/// <summary>
/// Write phase. Files stream into a staging folder next to the output folder as they are rendered, so no page is
/// ever held whole in memory, and nothing reaches the output before <see cref="Commit"/>: a build that fails (or is
/// disposed uncommitted) leaves output/ as it was. Without a <see cref="BuildCache"/> the staging folder is swapped
/// in whole, so readers never see half a site. With one, files that are unchanged are not written again: an edit
/// that changes few files moves just those into the output under a journal that undoes a commit cut short (a reader
/// may see some of them new and some still old while they move, never half a file); a bigger change links the
/// unchanged files into the staging folder, which is swapped in whole; a build that changes nothing leaves the output
/// folder untouched.
/// The staging folder is marked as rjb's from the start and the output gets a manifest (<see cref="OutputFolder"/>),
/// so leftovers of a killed build are recognised and removed (or, when the kill came between the two renames of a
/// swap, restored) by <see cref="Recover"/>, and nothing that is not rjb's is ever deleted.
/// Safe to use from several threads at once: pages render in parallel.
/// </summary>
public sealed partial class SiteWriter : IOutputSink, IDisposable
{
    /// <param name="Staged">The file is already in the staging folder (otherwise it is linked from the output at commit).</param>
    private sealed record OutputFile(string Fingerprint, string Hash, bool Unchanged, bool Staged);

    private readonly string? _output;
    private readonly string? _staging;
    private readonly BuildCache? _cache;
    private readonly CancellationToken _cancellation;
    private readonly PublishFaults? _faults;
    private readonly bool _inPlace;
    private readonly ConcurrentDictionary<string, OutputFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);
    private int _rendered;

    /// <summary>
    /// For <c>serve</c>'s writer, which publishes in place with a cache that knows its file: the generation by which it
    /// marks the cache's entries of files it keeps (<see cref="BuildCache.Patching"/>), which then stay out of
    /// <see cref="_files"/>; 0 for any other writer, which lists every file there.
    /// </summary>
    private readonly int _generation;

    private bool _committed;
    private volatile bool _killed;

    private SiteWriter(string? output, string? staging, BuildCache? cache, PublishFaults? faults, CancellationToken cancellation, bool inPlace = false)
    {
        _inPlace = inPlace;
        _output = output;
        _staging = staging;
        _cache = cache;
        _cancellation = cancellation;
        _faults = faults;
        // A save that keeps all but a few of tens of thousands of files lists only those few, and its commit patches the rest.
        if (inPlace && cache is { KnowsItsFile: true } && faults?.InPlace != false) _generation = cache.Patching();
    }

    /// <summary>Writes into a staging folder beside <paramref name="outputDirectory"/>; <see cref="Commit"/> publishes it.</summary>
    public static SiteWriter ToFolder(string outputDirectory, BuildCache? cache, CancellationToken cancellation = default) =>
        ToFolder(outputDirectory, cache, null, cancellation);

    /// <param name="inPlace">For <c>serve</c>: with a cache, commit moves the written files into the existing folder instead of swapping a whole new one in (<see cref="CommitInPlace"/>).</param>
    internal static SiteWriter ToFolder(string outputDirectory, BuildCache? cache, PublishFaults? faults, CancellationToken cancellation, bool inPlace = false)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var staging = StagingPath(output);
        RemoveOurs(staging);
        Directory.CreateDirectory(staging);
        // Marked before anything else is written, so even a build killed at once leaves a folder a later build may remove.
        File.WriteAllBytes(Path.Combine(staging, OutputFolder.ManifestPath), OutputFolder.Marker());
        return new SiteWriter(output, staging, cache, faults, cancellation, inPlace);
    }

    /// <summary>For <c>check</c>: every file is produced in full, and thrown away.</summary>
    public static SiteWriter Nowhere(CancellationToken cancellation = default) => new(null, null, null, null, cancellation);

    public bool Caches => _cache is not null;

    /// <summary>How many files were produced (rendered or serialised) rather than kept from the cache.</summary>
    public int Rendered => _rendered;

    public IReadOnlyList<string> Paths => _files.Keys.Concat(KeptPaths()).Order(StringComparer.Ordinal).ToList();

    /// <summary>The files a patching writer, or one keeping all, kept as published, which are not in <see cref="_files"/>.</summary>
    private IEnumerable<string> KeptPaths() =>
        _generation != 0 ? _cache!.Order.Where(s => Kept(s) && !_files.ContainsKey(s.Path)).Select(s => s.Path)
        : _keepingAll ? _cache!.Paths.Where(path => !_files.ContainsKey(path) && KeptInBulk(path))
        : [];

    /// <summary>Whether this build makes the file (written, or kept).</summary>
    private bool Holds(string path) =>
        _files.ContainsKey(path) || (_generation != 0 ? _cache!.SlotOf(path) is { } slot && Kept(slot) : KeptInBulk(path));

    /// <summary>Whether a writer that is not patching but keeps all (<see cref="KeepAll"/>) keeps a file of the last build without its being listed.</summary>
    private bool KeptInBulk(string path) =>
        _keepingAll && path != OutputFolder.ManifestPath && _cache!.Has(path) && !_letGoPaths.ContainsKey(path);

    /// <summary>A patching writer keeps every file of the last build but those let go (<see cref="KeepAll"/>).</summary>
    private volatile bool _keepingAll;

    /// <summary>Whether a patching writer keeps the file of <paramref name="slot"/> as published (the manifest is made anew).</summary>
    private bool Kept(BuildCache.Slot slot) =>
        slot.Seen == _generation || (_keepingAll && slot.Unkept != _generation && slot.Path != OutputFolder.ManifestPath);

    /// <summary>
    /// When the cache finds every file of the last build on disk as written (for <c>serve</c>'s patching writer, its
    /// watch saw nothing else change; for the command line's, the build snapshot's scan found each as written): from now
    /// on every one of them is kept, but those let go (<see cref="Unkeep"/>) and those written again, without a call for
    /// each. Keeping the files of 16,500 pages one by one was 25 ms of a one-claim save at 10,000 sources. False,
    /// keeping nothing, for any other writer.
    /// </summary>
    internal bool KeepAll()
    {
        if (_generation != 0 ? !_cache!.AllAsWritten() : _staging is null || _cache?.AllAsScanned() != true) return false;
        _keepingAll = true;
        return true;
    }

    /// <summary>Lets go a file of the last build that this one may not make again (a page made anew), should the writer keep all (<see cref="KeepAll"/>).</summary>
    internal void Unkeep(string path)
    {
        if (!_keepingAll) return;
        if (_generation == 0) _letGoPaths[path] = true;
        else if (_cache!.SlotOf(path) is { } slot) slot.Unkept = _generation;
        else return;
        _letGo.Enqueue(path);
    }

    /// <summary>The files let go while keeping all: the only ones of the last build this writer may not hold.</summary>
    private readonly ConcurrentQueue<string> _letGo = new();

    /// <summary>The same, by path, for a writer that keeps all without patching (a patching writer marks its slots instead).</summary>
    private readonly ConcurrentDictionary<string, bool> _letGoPaths = new(StringComparer.Ordinal);

    public bool TryKeep(string path, string fingerprint)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_generation != 0) return _cache!.Keep(path, fingerprint, _generation);
        if (_cache?.FreshHash(path, fingerprint) is not { } hash) return false;
        _files[path] = new OutputFile(fingerprint, hash, Unchanged: true, Staged: false);
        return true;
    }

    public string? PublishedHash(string path) => KeptSlot(path) is { } slot ? slot.Entry.Hash : _cache?.HashOf(path);

    public bool TryKeepPublished(string path, string? fingerprint, string hash)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_staging is null) return false;
        var slot = KeptSlot(path);
        if ((slot is not null ? slot.Entry.Hash : _cache?.HashOf(path)) != hash) return false;
        fingerprint ??= hash;
        // A file kept already, fingerprint and all, need not be recorded. Recording the 8,000 search shards a one-claim
        // save keeps, and patching the manifest past them, was 5 ms of its search index at 10,000 sources.
        var kept = slot is not null ? slot.Entry.Fingerprint == fingerprint
            : _generation == 0 && KeptInBulk(path) && _cache!.FingerprintOf(path) == fingerprint;
        if (!kept) _files[path] = new OutputFile(fingerprint, hash, Unchanged: true, Staged: false);
        return true;
    }

    /// <summary>
    /// The slot of a file a patching writer keeping all keeps as published: every entry was on disk as written when it
    /// began to (<see cref="KeepAll"/>), so its entry is the file, without asking the cache again.
    /// </summary>
    private BuildCache.Slot? KeptSlot(string path) =>
        _generation != 0 && _keepingAll && _cache!.SlotOf(path) is { } slot && Kept(slot) ? slot : null;

    public byte[]? Published(string path) => _cache?.Published(path);

    /// <summary>Streams the file to the staging folder.</summary>
    public bool Write(string path, string? fingerprint, Func<Stream, bool> write)
    {
        Interlocked.Increment(ref _rendered);
        return Stage(path, fingerprint, write);
    }

    /// <summary>Hashed in memory first (<see cref="AsPublished"/>).</summary>
    public bool Write(string path, string? fingerprint, byte[] bytes)
    {
        if (!AsPublished(path, fingerprint, bytes))
            return Write(path, fingerprint, stream =>
            {
                stream.Write(bytes);
                return true;
            });
        Interlocked.Increment(ref _rendered);
        return true;
    }

    /// <summary>Streams the file to the staging folder, taking its hash from the writer: not hashed again (40 MB of book.json at 10,000 sources).</summary>
    public bool WriteHashed(string path, string? fingerprint, Func<Stream, string> write)
    {
        Interlocked.Increment(ref _rendered);
        string? hash = null;
        return Stage(path, fingerprint, Always(stream => hash = write(stream)), () => hash!);
    }

    /// <summary>
    /// Bytes the same as the published file's are linked at commit and never touch the staging folder: recorded so,
    /// and true. Hashed in memory, so a build that keeps them creates and deletes no file (and no folder) for them.
    /// </summary>
    private bool AsPublished(string path, string? fingerprint, byte[] bytes)
    {
        if (_staging is null || _cache?.HashOf(path) is not { } published || Hashing.Hash(bytes) != published) return false;
        _cancellation.ThrowIfCancellationRequested();
        _files[path] = new OutputFile(fingerprint ?? published, published, Unchanged: true, Staged: false);
        return true;
    }

    /// <param name="hash">The hash of what <paramref name="write"/> wrote, when it knows it; else it is hashed as it is written.</param>
    private bool Stage(string path, string? fingerprint, Func<Stream, bool> write, Func<string>? hash = null)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_staging is null)
        {
            _files[path] = new OutputFile("", "", Unchanged: false, Staged: false);
            return write(Stream.Null);
        }
        Reached(PublishStep.Stage);
        var target = Contained(_staging, path);
        CreateFolder(Path.GetDirectoryName(target)!);
        var succeeded = false;
        string hex;
        using (var file = new PooledFileStream(target))
            if (hash is null) hex = Hashing.Hash(file, stream => succeeded = write(stream));
            else
            {
                succeeded = write(file);
                hex = hash();
            }
        if (!succeeded) return false;
        // Identical to the file already published: that one is linked at commit instead, so it keeps its inode and time.
        var unchanged = _cache?.HashOf(path) == hex;
        if (unchanged) File.Delete(target);
        _files[path] = new OutputFile(fingerprint ?? hex, hex, unchanged, Staged: !unchanged);
        return true;
    }

    /// <summary>Thousands of files share a few dozen folders: each is made once, not asked for again per file.</summary>
    private void CreateFolder(string folder)
    {
        if (_folders.ContainsKey(folder)) return;
        Directory.CreateDirectory(folder);
        _folders.TryAdd(folder, true); // only once it exists, so no other thread writes into it before then
    }

    public void Write(string path, Action<Stream> write) => Write(path, null, Always(write));

    /// <summary>The theme's assets: each save of serve copied them into the staging folder (a folder and three files made, then deleted) only to find them unchanged.</summary>
    public void Copy(string path, byte[] bytes)
    {
        if (!AsPublished(path, null, bytes)) Stage(path, null, Always(stream => stream.Write(bytes)));
    }

    /// <summary>A writer that cannot fail short of throwing.</summary>
    private static Func<Stream, bool> Always(Action<Stream> write) => stream =>
    {
        write(stream);
        return true;
    };

    /// <summary>An uncommitted build leaves no trace: its staging folder goes.</summary>
    public void Dispose()
    {
        if (!_committed && !_killed && _staging is not null) Quietly(() => RemoveOurs(_staging));
    }
}
