using System.Collections.Concurrent;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// What the last successful build wrote into an output folder: for each file, the fingerprint of everything it was
/// made from, the hash of what was written, and the size and time the file had afterwards. A page whose fingerprint
/// is unchanged, and whose file is still exactly as written, need not be rendered or written again.
/// The cache lives in its own folder (".cache" for the command line), one file per output folder.
/// </summary>
public sealed class BuildCache
{
    public sealed record Entry(string Fingerprint, string Hash, long Length, long LastWriteTicks);

    // Framed as every cache file is (CheckedFile). It was JSON: writing its 20,000 entries at 10,000 sources took
    // 60 ms of the write phase, on one core, of a one-claim rebuild.
    private const string Magic = "rjb build cache";
    private const int Version = 1;

    /// <summary>The cache's file in a cache folder, for the output folder of this key (<see cref="CheckedFile.OutputKey"/>).</summary>
    internal static string FileName(string outputKey) => $"build-{outputKey}.bin";

    /// <summary>The entries in path order, so that the same entries make the same file.</summary>
    private static void Write(BinaryWriter writer, Dictionary<string, Entry> entries)
    {
        writer.Write(entries.Count);
        foreach (var (path, entry) in InPathOrder(entries))
        {
            writer.Write(path);
            writer.Write(entry.Fingerprint);
            writer.Write(entry.Hash);
            writer.Write(entry.Length);
            writer.Write(entry.LastWriteTicks);
        }
    }

    /// <summary>
    /// <paramref name="entries"/> in path order. A dictionary only added to lists its entries as they were added, and the
    /// entries are filled in that order (read from a file written so, or staged from a commit's sorted list): they are
    /// taken as they are, and sorted only when they are not, without a lookup of each.
    /// </summary>
    private static List<KeyValuePair<string, Entry>> InPathOrder(Dictionary<string, Entry> entries)
    {
        var ordered = new List<KeyValuePair<string, Entry>>(entries);
        for (var i = 1; i < ordered.Count; i++)
            if (string.CompareOrdinal(ordered[i - 1].Key, ordered[i].Key) >= 0)
            {
                ordered.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                break;
            }
        return ordered;
    }

    private static Dictionary<string, Entry>? Read(ReadOnlyMemory<byte> bytes)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null) return null;
        // Each entry takes at least 19 bytes: a count the file cannot hold is not believed.
        var count = CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 19);
        var entries = new Dictionary<string, Entry>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
            entries[reader.ReadString()] = new Entry(reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt64());
        return entries;
    }

    private readonly string _file;
    private readonly string _output;
    private Dictionary<string, Entry> _entries;

    /// <summary>What <see cref="Stage(IEnumerable{ValueTuple{string, string, string}}, string, IReadOnlySet{string}?)"/> wrote, which <see cref="Publish"/> makes this cache's entries.</summary>
    private Dictionary<string, Entry>? _staged;

    /// <summary>The size and time of the file as this instance last read or wrote it: while it is still so, the entries are the file's.</summary>
    private (long Length, long Ticks)? _stamp;

    /// <summary>
    /// For <c>serve</c>: output files found as written since the drain of watch generation <see cref="_watchedAt"/>
    /// and not changed since (the engine's <see cref="InputWatch"/> says so), which a kept page need not stat again.
    /// Known by entry, not by path: a save asks of each of thousands of kept files, and an entry's hash is its
    /// identity's, where a path's is a pass over its characters.
    /// </summary>
    private readonly ConcurrentDictionary<Entry, bool> _asWritten = new(ReferenceEqualityComparer.Instance);

    private long? _watchedAt;

    /// <summary>
    /// For the command line: the output files' stat data as the build snapshot's scan found them at the start of this
    /// build, with the folder as the last build left it (<see cref="BuildSnapshot.OutputAsScanned"/>): a file is known
    /// as written from them, not stated again. Dropped once this build publishes, which changes the folder.
    /// </summary>
    internal Func<string, (long Length, long Ticks)?>? Scanned { get; set; }

    /// <summary>The output files the watch saw change before this build, which <see cref="AllAsWritten"/> states again.</summary>
    private IEnumerable<string> _seenChanged = [];

    /// <summary>
    /// For <c>serve</c>'s writer, which patches the output rather than listing it (<see cref="Patching"/>): an entry
    /// with the generation of the last writer that found its file unchanged, and where its hash stands in
    /// <see cref="_manifest"/>. A slot's entry is the same as <see cref="_entries"/>' for its path.
    /// </summary>
    internal sealed class Slot(string path, Entry entry)
    {
        public string Path { get; } = path;
        public Entry Entry { get; set; } = entry;

        /// <summary>The generation of the last writer that kept the file as published (written from many threads: each writes its own).</summary>
        public int Seen { get; set; }

        /// <summary>Where the file's hash starts in the manifest (not the manifest's own slot).</summary>
        public int Offset { get; set; }

        /// <summary>The generation of the last writer that let the file go while keeping every other (see <see cref="SiteWriter.KeepAll"/>).</summary>
        public int Unkept { get; set; }
    }

    /// <summary>The slots by path, and in path order (the manifest's among them); made when a writer first patches, dropped when the entries are replaced whole.</summary>
    private Dictionary<string, Slot>? _slots;
    private Slot[]? _order;

    /// <summary>The manifest the entries make (every entry but the manifest's own, in path order), and a buffer of its size for the next one.</summary>
    private byte[]? _manifest, _nextManifest;

    private int _generation;

    /// <summary>What <see cref="StageChanges"/> staged patches the entries (and <see cref="_nextManifest"/> the manifest), rather than replacing them.</summary>
    private bool _stagedChanges;

    /// <summary>The manifest the staged changes were patched into, when they were.</summary>
    private byte[]? _stagedManifest;

    private BuildCache(string file, string output, Dictionary<string, Entry> entries)
    {
        _file = file;
        _output = output;
        _entries = entries;
    }

    public IReadOnlyCollection<string> Paths => _entries.Keys;

    /// <summary>Every entry, in path order.</summary>
    internal List<KeyValuePair<string, Entry>> EntriesInPathOrder() => InPathOrder(_entries);

    internal bool Has(string path) => _entries.ContainsKey(path);

    /// <summary>
    /// For the command line's writer: whether the build snapshot's scan (<see cref="Scanned"/>) found every file of the
    /// entries as written, so that the writer may keep them all without asking of each (<see cref="SiteWriter.KeepAll"/>).
    /// </summary>
    internal bool AllAsScanned()
    {
        if (Scanned is not { } scanned || _entries.Count == 0) return false;
        foreach (var (path, entry) in _entries)
            if (scanned(path) is not var (length, ticks) || length != entry.Length || ticks != entry.LastWriteTicks) return false;
        return true;
    }

    /// <param name="previous">
    /// For <c>serve</c>: the cache its last build published, used again (not read from the file, which is megabytes at
    /// 10,000 sources) while the file is still as that build left it; one deleted or changed since is read again.
    /// </param>
    /// <param name="watch">For <c>serve</c>: the engine's watch (its last root the output), drained at the start of this build.</param>
    public static BuildCache Load(string cacheDirectory, string outputDirectory, BuildCache? previous = null) => Load(cacheDirectory, outputDirectory, previous, watch: null);

    internal static BuildCache Load(string cacheDirectory, string outputDirectory, BuildCache? previous, InputWatch? watch)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var file = Path.Combine(cacheDirectory, FileName(CheckedFile.OutputKey(output)));
        var stamp = Stamp(file);
        if (previous is not null && previous._file == file && stamp is not null && previous._stamp == stamp)
        {
            // Files the watch saw change since are stated again; without a watch that vouches, all of them are.
            if (watch?.Since(previous._watchedAt) is { } changed)
            {
                foreach (var path in changed[^1])
                    if (previous._entries.TryGetValue(path, out var entry)) previous._asWritten.TryRemove(entry, out _);
                previous._seenChanged = changed[^1];
            }
            else
            {
                previous._asWritten.Clear();
                previous._seenChanged = [];
            }
            previous._watchedAt = watch?.Generation;
            return previous;
        }
        // A damaged cache only costs a full build.
        var entries = CheckedFile.Load(file, Read);
        return new BuildCache(file, output, entries ?? new Dictionary<string, Entry>(StringComparer.Ordinal))
        {
            _stamp = entries is null ? null : stamp,
            _watchedAt = watch?.Generation,
        };
    }

    private static (long, long)? Stamp(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : null;
    }

    /// <summary>
    /// The file's hash when it was made from the same inputs and has not been touched since, else null: one stat of
    /// the file, which a build makes for each of the thousands of pages it keeps.
    /// </summary>
    public string? FreshHash(string path, string fingerprint) =>
        _entries.TryGetValue(path, out var entry) && entry.Fingerprint == fingerprint && OnDiskAsWritten(path, entry) ? entry.Hash : null;

    public string OutputPath(string path) => Path.Combine(_output, path);

    /// <summary>
    /// Writes what <paramref name="folder"/> holds (the staging folder about to become the output: renaming it keeps
    /// each file's size and time) to a file beside the cache, and returns it for <see cref="Publish"/>. This is the
    /// part that can fail, so a build does it before the swap.
    /// </summary>
    public string Stage(IEnumerable<(string Path, string Fingerprint, string Hash)> files, string folder) => Stage(files, folder, written: null);

    /// <summary>
    /// As <see cref="Stage(IEnumerable{ValueTuple{string, string, string}}, string)"/>, for a folder updated in place:
    /// a file not in <paramref name="written"/> was left as it was, so the size and time recorded for it still hold.
    /// </summary>
    public string Stage(IEnumerable<(string Path, string Fingerprint, string Hash)> files, string folder, IReadOnlySet<string>? written)
    {
        var entries = Entries(files, folder, written);
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        var staged = _file + ".new";
        CheckedFile.Write(staged, Magic, Version, writer => Write(writer, entries));
        _staged = entries;
        return staged;
    }

    /// <summary>
    /// True while the cache file is as this instance last read or wrote it, so that <see cref="Load"/> hands this
    /// instance back: only then may an update be kept in memory alone (<see cref="StageInMemory"/>).
    /// </summary>
    internal bool KnowsItsFile => _stamp is not null;

    /// <summary>
    /// For <c>serve</c>, whose engine keeps this instance between saves: the entries after a commit in place are kept
    /// in memory only, for <see cref="Publish"/> with no file. Rewriting the file (megabytes at 10,000 sources) for
    /// every save cost more than the save's pages; the file keeps what the last build that wrote it left, which a new
    /// process may still use, as every entry is checked against the file on disk before it is trusted: a page written
    /// since has another time, and is made again.
    /// </summary>
    internal void StageInMemory(IEnumerable<(string Path, string Fingerprint, string Hash)> files, string folder, IReadOnlySet<string> written)
    {
        _staged = Entries(files, folder, written);
        _stagedChanges = false;
    }

    /// <summary>
    /// For a patching writer (<see cref="Patching"/>): as <see cref="StageInMemory"/>, but <paramref name="changes"/>
    /// are only the files that differ from their entries (every path already has one), and <see cref="Publish"/>
    /// patches the entries with them, and makes <paramref name="manifest"/> (from <see cref="PatchedManifest"/>, or
    /// null when the manifest is unchanged) the one the entries give.
    /// </summary>
    internal void StageChanges(IEnumerable<(string Path, string Fingerprint, string Hash)> changes, string folder, IReadOnlySet<string> written, byte[]? manifest)
    {
        _staged = Entries(changes, folder, written);
        _stagedChanges = true;
        _stagedManifest = manifest;
    }

    /// <summary>
    /// For <c>serve</c>'s writer, which publishes in place while this instance knows its file: makes the slots when
    /// there are none (once a session, and after the entries were replaced whole), and returns the writer's
    /// generation, by which it marks the files it keeps (<see cref="Keep"/>) instead of listing all of them.
    /// </summary>
    internal int Patching()
    {
        if (_slots is null)
        {
            var order = new Slot[_entries.Count];
            var i = 0;
            foreach (var (path, entry) in _entries) order[i++] = new Slot(path, entry);
            Array.Sort(order, (a, b) => string.CompareOrdinal(a.Path, b.Path));
            _slots = new Dictionary<string, Slot>(order.Length, StringComparer.Ordinal);
            foreach (var slot in order) _slots.Add(slot.Path, slot);
            _order = order;
            _manifest = _nextManifest = null;
        }
        return ++_generation;
    }

    /// <summary>The slots in path order (after <see cref="Patching"/>).</summary>
    internal IReadOnlyList<Slot> Order => _order!;

    internal Slot? SlotOf(string path) => _slots!.GetValueOrDefault(path);

    /// <summary>As <see cref="FreshHash"/>, for a patching writer: a fresh file's slot is marked with <paramref name="generation"/>.</summary>
    internal bool Keep(string path, string fingerprint, int generation)
    {
        if (!_slots!.TryGetValue(path, out var slot) || slot.Entry.Fingerprint != fingerprint || !OnDiskAsWritten(path, slot.Entry)) return false;
        slot.Seen = generation;
        return true;
    }

    /// <summary>
    /// For a patching writer: whether every file of the entries is on disk as written, so that the writer may keep them
    /// all without asking of each (<see cref="SiteWriter.KeepAll"/>). The files the watch saw change are stated again;
    /// every other entry must be known as written since the watch vouches for it: those known are never more than the
    /// entries (an entry replaced leaves them at once, see <see cref="Replaced"/>), so counting them tells.
    /// </summary>
    internal bool AllAsWritten()
    {
        if (_watchedAt is null || _entries.Count == 0) return false;
        foreach (var path in _seenChanged)
            if (_entries.TryGetValue(path, out var entry) && !OnDiskAsWritten(path, entry)) return false;
        return _asWritten.Count == _entries.Count;
    }

    /// <summary>
    /// The manifest the entries give with each of <paramref name="changes"/>' hashes in place of its entry's: the last
    /// one's bytes with the hashes overwritten, so a save makes no list of every file and encodes no path. Null when a
    /// hash is not of its entry's length (its line would move): the caller then makes the manifest whole.
    /// </summary>
    internal byte[]? PatchedManifest(IEnumerable<(string Path, string Hash)> changes)
    {
        var manifest = _manifest ??= Manifest(_order!);
        var next = _nextManifest is { Length: var length } && length == manifest.Length ? _nextManifest : new byte[manifest.Length];
        manifest.CopyTo(next, 0);
        foreach (var (path, hash) in changes)
        {
            var slot = _slots![path];
            if (hash.Length != slot.Entry.Hash.Length || !System.Text.Ascii.IsValid(hash) || !System.Text.Ascii.IsValid(slot.Entry.Hash)) return null;
            System.Text.Encoding.ASCII.GetBytes(hash, next.AsSpan(slot.Offset, hash.Length));
        }
        return _nextManifest = next;
    }

    /// <summary>The manifest of every slot but the manifest's own, noting where each hash stands.</summary>
    private static byte[] Manifest(Slot[] order)
    {
        var files = new List<(string Path, string Hash)>(order.Length);
        foreach (var slot in order)
            if (slot.Path != OutputFolder.ManifestPath) files.Add((slot.Path, slot.Entry.Hash));
        var offsets = new int[files.Count];
        var bytes = OutputFolder.SortedManifest(files, offsets);
        var i = 0;
        foreach (var slot in order)
            if (slot.Path != OutputFolder.ManifestPath) slot.Offset = offsets[i++];
        return bytes;
    }

    private Dictionary<string, Entry> Entries(IEnumerable<(string Path, string Fingerprint, string Hash)> files, string folder, IReadOnlySet<string>? written)
    {
        var entries = new Dictionary<string, Entry>(_entries.Count, StringComparer.Ordinal);
        foreach (var (path, fingerprint, hash) in files)
        {
            if (written is not null && !written.Contains(path) && _entries.TryGetValue(path, out var kept))
            {
                entries[path] = kept.Fingerprint == fingerprint && kept.Hash == hash ? kept : kept with { Fingerprint = fingerprint, Hash = hash };
                continue;
            }
            var info = new FileInfo(Path.Combine(folder, path));
            entries[path] = new Entry(fingerprint, hash, info.Length, info.LastWriteTimeUtc.Ticks);
        }
        return entries;
    }

    /// <summary>
    /// Makes a staged cache file the cache (or, with none, the entries <see cref="StageInMemory"/> kept). Should this
    /// fail, the old cache stays, which is harmless: every entry is checked against the file on disk before it is trusted.
    /// </summary>
    public void Publish(string? staged)
    {
        Scanned = null;
        if (staged is not null) File.Move(staged, _file, overwrite: true);
        if (_staged is null) return;
        // Only serve's watch vouches for files (see _asWritten): the command line's cache has none to carry over, and
        // looking up each of 20,000 entries to find that was 3 ms of a one-claim rebuild's commit at 10,000 sources.
        if (!_asWritten.IsEmpty)
        {
            if (_stagedChanges)
            {
                foreach (var (path, entry) in _staged)
                    if (_entries.TryGetValue(path, out var before)) Replaced(before, entry);
            }
            else
                foreach (var (path, before) in _entries)
                    Replaced(before, _staged.GetValueOrDefault(path));
        }
        if (_stagedChanges)
        {
            // A patching writer's changes: each path has its entry and slot already, and no entry went.
            foreach (var (path, entry) in _staged)
            {
                _entries[path] = entry;
                _slots![path].Entry = entry;
            }
            if (_stagedManifest is not null) (_manifest, _nextManifest) = (_stagedManifest, _manifest);
        }
        else
        {
            _entries = _staged;
            _slots = null;
            _order = null;
            _manifest = _nextManifest = null;
        }
        _staged = null;
        _stagedManifest = null;
        _stagedChanges = false;
        if (staged is not null) _stamp = Stamp(_file);
    }

    /// <summary>A file known to be as written under <paramref name="before"/> is so under <paramref name="now"/>, its new entry, when that has the same stat data.</summary>
    private void Replaced(Entry before, Entry? now)
    {
        if (ReferenceEquals(before, now) || !_asWritten.TryRemove(before, out _)) return;
        if (now is not null && now.Length == before.Length && now.LastWriteTicks == before.LastWriteTicks) _asWritten.TryAdd(now, true);
    }

    internal string? FingerprintOf(string path) => _entries.GetValueOrDefault(path)?.Fingerprint;

    public string? HashOf(string path) => _entries.TryGetValue(path, out var entry) && OnDiskAsWritten(path, entry) ? entry.Hash : null;

    /// <summary>The bytes of a file the last build wrote, when it is on disk as written and they still have the hash written; else null.</summary>
    public byte[]? Published(string path)
    {
        if (HashOf(path) is not { } hash) return null;
        try
        {
            var bytes = File.ReadAllBytes(OutputPath(path));
            return Hashing.Hash(bytes) == hash ? bytes : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private bool OnDiskAsWritten(string path, Entry entry)
    {
        if (_asWritten.ContainsKey(entry)) return true;
        if (Scanned is { } scanned) return scanned(path) is var (length, ticks) && length == entry.Length && ticks == entry.LastWriteTicks;
        var info = new FileInfo(OutputPath(path));
        var asWritten = info.Exists && info.Length == entry.Length && info.LastWriteTimeUtc.Ticks == entry.LastWriteTicks;
        if (asWritten && _watchedAt is not null) _asWritten.TryAdd(entry, true);
        return asWritten;
    }
}
