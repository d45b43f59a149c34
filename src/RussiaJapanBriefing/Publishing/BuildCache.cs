using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

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
    /// </summary>
    private readonly ConcurrentDictionary<string, bool> _asWritten = new(StringComparer.Ordinal);

    private long? _watchedAt;

    private BuildCache(string file, string output, Dictionary<string, Entry> entries)
    {
        _file = file;
        _output = output;
        _entries = entries;
    }

    public IReadOnlyCollection<string> Paths => _entries.Keys;

    /// <param name="previous">
    /// For <c>serve</c>: the cache its last build published, used again (not read from the file, which is megabytes at
    /// 10,000 sources) while the file is still as that build left it; one deleted or changed since is read again.
    /// </param>
    /// <param name="watch">For <c>serve</c>: the engine's watch (its last root the output), drained at the start of this build.</param>
    public static BuildCache Load(string cacheDirectory, string outputDirectory, BuildCache? previous = null) => Load(cacheDirectory, outputDirectory, previous, watch: null);

    internal static BuildCache Load(string cacheDirectory, string outputDirectory, BuildCache? previous, InputWatch? watch)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var file = Path.Combine(cacheDirectory, $"build-{Hashing.Hash(output)[..16]}.json");
        var stamp = Stamp(file);
        if (previous is not null && previous._file == file && stamp is not null && previous._stamp == stamp)
        {
            // Files the watch saw change since are stated again; without a watch that vouches, all of them are.
            if (watch?.Since(previous._watchedAt) is { } changed)
                foreach (var path in changed[^1]) previous._asWritten.TryRemove(path, out _);
            else previous._asWritten.Clear();
            previous._watchedAt = watch?.Generation;
            return previous;
        }
        Dictionary<string, Entry>? entries = null;
        try
        {
            if (File.Exists(file)) entries = JsonSerializer.Deserialize(File.ReadAllText(file), CacheJson.Default.DictionaryStringEntry);
        }
        catch (JsonException)
        {
            // A damaged cache only costs a full build.
        }
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
        File.WriteAllText(staged, JsonSerializer.Serialize(new SortedDictionary<string, Entry>(entries, StringComparer.Ordinal), CacheJson.Default.SortedDictionaryStringEntry));
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
    internal void StageInMemory(IEnumerable<(string Path, string Fingerprint, string Hash)> files, string folder, IReadOnlySet<string> written) =>
        _staged = Entries(files, folder, written);

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
        if (staged is not null) File.Move(staged, _file, overwrite: true);
        if (_staged is null) return;
        // A file now recorded with other stat data is not known to be as written until it is stated again.
        foreach (var (path, entry) in _staged)
            if (!_entries.TryGetValue(path, out var before) || before.Length != entry.Length || before.LastWriteTicks != entry.LastWriteTicks)
                _asWritten.TryRemove(path, out _);
        _entries = _staged;
        _staged = null;
        if (staged is not null) _stamp = Stamp(_file);
    }

    public string? HashOf(string path) => _entries.TryGetValue(path, out var entry) && OnDiskAsWritten(path, entry) ? entry.Hash : null;

    private bool OnDiskAsWritten(string path, Entry entry)
    {
        if (_asWritten.ContainsKey(path)) return true;
        var info = new FileInfo(OutputPath(path));
        var asWritten = info.Exists && info.Length == entry.Length && info.LastWriteTimeUtc.Ticks == entry.LastWriteTicks;
        if (asWritten && _watchedAt is not null) _asWritten.TryAdd(path, true);
        return asWritten;
    }
}

/// <summary>Serialisation of the cache file, generated at compile time (no run-time code generation, so it works in a native build); not indented, as only builds read it.</summary>
[JsonSerializable(typeof(Dictionary<string, BuildCache.Entry>))]
[JsonSerializable(typeof(SortedDictionary<string, BuildCache.Entry>))]
internal sealed partial class CacheJson : JsonSerializerContext;
