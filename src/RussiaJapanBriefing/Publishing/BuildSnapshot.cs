using System.Collections.Immutable;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Verification;
using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// The command line's fast path for a build that has nothing to do. After a successful build it keeps, beside the
/// build cache, what the build was made from (every entry under the seeds, content and theme folders with its stat
/// data and content hash, the settings, this build of rjb), what it left in the output folder and the cache (stat
/// data of each entry), and what it reported. The next build first compares: when all of it is the same, it
/// replays that report and touches nothing, without loading the book.
/// Stat data are trusted as git trusts its index: inode, size, modification and change time all equal, and only
/// for a file whose times are safely older than the scan that hashed it; any other file is hashed again, so a
/// <c>touch</c> still matches while an edit made within the same clock tick does not. The change time cannot be set
/// back by tools that preserve modification times (tar, rsync), so a replaced file is always hashed.
/// Only folders of regular files are snapshotted: a link, a special file, a file too large for any loader or a
/// folder of more than <see cref="MaxEntries"/> entries turns the fast path off (nothing is read that a loader would
/// refuse, and the scan stays bounded). The file is versioned and ends with a check of the rest, like the page
/// records: a truncated, other-version or altered file is ignored. It is deleted as soon as a build finds a
/// difference, so a build that then fails leaves nothing to replay. Linux only (it needs statx); elsewhere every
/// build is a full one.
/// </summary>
internal sealed partial class BuildSnapshot
{
    private const string Magic = "rjb build snapshot";
    private const int Version = 1;
    private const int MaxEntries = 1_000_000;

    /// <summary>How much older than the scan a file's times must be for its stat data to vouch for its content: covers coarse file-system clocks.</summary>
    private const long RacyNanoseconds = 2_000_000_000;

    private enum Kind : byte { Missing, File, Folder, Link, Other }

    /// <param name="Hash">SHA-256 of a file's content (inputs only), else empty.</param>
    private sealed record Entry(string Path, Kind Kind, ulong Inode, long Size, long Modified, long Changed, byte[] Hash)
    {
        public bool SameStat(Entry other) =>
            Path == other.Path && Kind == other.Kind && Inode == other.Inode && Size == other.Size && Modified == other.Modified && Changed == other.Changed;

        public bool SameContent(Entry other) => Path == other.Path && Kind == other.Kind && Size == other.Size && Hash.AsSpan().SequenceEqual(other.Hash);
    }

    /// <param name="WatchedAt">
    /// For <c>serve</c> (in memory only): the generation of the <see cref="InputWatch"/> drain after which
    /// <paramref name="Inputs"/> and <paramref name="Output"/> were scanned, so that the next save need only state again
    /// the paths the watch saw change since; null when the watch cannot vouch for them.
    /// </param>
    private sealed record Saved(string Settings, long Scanned, IReadOnlyList<Entry> Inputs, IReadOnlyList<Entry> Output, IReadOnlyList<Entry> Caches,
        BookSummary Summary, int Files, IReadOnlyList<Diagnostic> Diagnostics, long? WatchedAt = null);

    /// <summary>What a build is asked to do, as far as the snapshot cares: the folders it reads, where it writes and keeps its cache, and the settings pages show.</summary>
    public sealed record Target(IReadOnlyList<string> Inputs, string Output, string Cache, Uri? BaseUrl, bool LiveReload);

    /// <summary>What the last build reported, to be said again.</summary>
    public sealed record Report(BookSummary Summary, int Files, IReadOnlyList<Diagnostic> Diagnostics);

    private readonly Target _target;
    private readonly string _file;
    private readonly string _settings;
    private readonly long _scanned;
    private readonly IReadOnlyList<Entry>? _inputs;

    /// <summary>For <c>serve</c>: the snapshot lives in memory between saves (<see cref="_saved"/>), and no file is read or written.</summary>
    private readonly bool _inMemory;

    private Saved? _saved;

    /// <summary>The watch generation this snapshot's scans are as of (see <see cref="Saved.WatchedAt"/>), or null.</summary>
    private long? _watchedAt;

    /// <summary>
    /// The output folder's entries as last known: this scan's when it finished, else the last build's record. After a
    /// commit in place only the paths it touched are stated again (<see cref="Save"/>). An entry carried from it that
    /// no longer matches the folder can only make the next comparison find a difference, never hide one.
    /// </summary>
    private IReadOnlyList<Entry>? _outputBefore;

    private BuildSnapshot(Target target, string file, string settings, long scanned, IReadOnlyList<Entry>? inputs, bool inMemory)
    {
        _target = target;
        _file = file;
        _settings = settings;
        _scanned = scanned;
        _inputs = inputs;
        _inMemory = inMemory;
    }

    /// <summary>What the last build reported, when nothing it was made from nor anything it made has changed since.</summary>
    public Report? Unchanged { get; private init; }

    /// <summary>Taken by stating again only what the engine's watch saw change, not by a full scan.</summary>
    internal bool ByWatch { get; private init; }

    /// <summary>
    /// The output folder is as the last build left it, so it holds only files its manifest lists: seen so by serve's
    /// watch (a file added there since would have been seen), or by the command line's scan of the folder.
    /// </summary>
    internal bool OutputAsLeft { get; private init; }

    /// <summary>
    /// Scans the inputs (hashing only what stat data cannot vouch for) and compares them, the settings, the output
    /// folder and the cache with the last successful build's. On any difference the build that goes on deletes the
    /// stored snapshot (<see cref="Discard"/>); one refused for its folders changes nothing.
    /// </summary>
    public static BuildSnapshot Take(Target target) => Take(target, previous: null, inMemory: false);

    /// <summary>
    /// For <c>serve</c>, which keeps the book in memory between saves: compares with what <paramref name="previous"/>
    /// (the snapshot of the save before) recorded, so a save that changed no input's bytes does nothing. Nothing is
    /// read from or written to the cache folder.
    /// </summary>
    /// <param name="watch">
    /// The engine's watch over the inputs and the output (roots in that order), drained at the start of this save: when
    /// it vouches for everything since the last snapshot's scans, only the paths it saw change are stated again.
    /// </param>
    public static BuildSnapshot TakeInMemory(Target target, BuildSnapshot? previous, InputWatch? watch = null) => Take(target, previous, inMemory: true, watch);

    private static BuildSnapshot Take(Target target, BuildSnapshot? previous, bool inMemory, InputWatch? watch = null)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.Output));
        var file = FileOf(target, output);
        var settings = Settings(target);
        var scanned = Now();
        // The output folder is as big as the inputs: it is scanned on another core while they are, and the scan is
        // stopped as soon as an input is found changed (nothing then compares it). A new process starts both scans
        // before it reads the last snapshot, which takes one core about 0.1 s at 10,000 sources: the output's scan is
        // wasted only when the settings changed, and a whole build follows then.
        using var stop = new CancellationTokenSource();
        var stopped = stop.Token;
        var inputsStated = inMemory ? null : Task.Run(() => StateInputs(target.Inputs));
        var outputStated = inMemory ? null : Task.Run(() => Scan(output, hash: false, stop: stopped));
        var last = inMemory ? previous?._saved : Load(file);
        var comparable = last is not null && last.Settings == settings;
        if (watch is not null && comparable && Watched(target, output, last!, watch) is { } watched) return watched;
        if (!comparable) stop.Cancel();
        var outputScan = comparable ? outputStated ?? Task.Run(() => Scan(output, hash: false, stop: stopped)) : null;
        var inputs = Hashed(inputsStated is null ? StateInputs(target.Inputs) : inputsStated.GetAwaiter().GetResult(), last);
        var unchanged = last is not null && inputs is not null && outputScan is not null
            && inputs.Count == last.Inputs.Count && inputs.Zip(last.Inputs).All(p => p.First.SameContent(p.Second))
            && Same(outputScan.Result, last.Output) && Same(Caches(target), last.Caches);
        // The command line's scan of the output, finished on its own core while the inputs were stated, tells whether the
        // folder is as the last build left it, holding only files it wrote: then the build that goes on need not list it
        // for files rjb did not write (at 10,000 sources, 0.05 s on one core before loading begins).
        var outputAsLeft = !unchanged && watch is null && comparable && !inMemory
            && outputScan is { Result: { } scannedOutput } && Same(scannedOutput, last!.Output);
        // With a watch, the output scan is finished, so that this snapshot is a baseline the next save can patch.
        if (watch is null) stop.Cancel();
        else outputScan?.Wait();
        var snapshot = new BuildSnapshot(target, file, settings, scanned, inputs, inMemory)
        {
            Unchanged = unchanged ? new Report(last!.Summary, last.Files, last.Diagnostics) : null,
            OutputAsLeft = outputAsLeft,
            _since = comparable ? last!.Inputs : null,
            _outputBefore = outputScan is { IsCompletedSuccessfully: true, Result: { } now } ? now : last?.Settings == settings ? last.Output : null,
            _outputScanned = outputAsLeft ? outputScan!.Result : null,
            // Save states the output anew when there was no scan; one that failed leaves it unknown.
            _watchedAt = inputs is not null && outputScan is null or { IsCompletedSuccessfully: true, Result: not null } ? watch?.Generation : null,
        };
        // Files that had to be hashed (touched, or too new to trust) are recorded anew when that lets the next build only stat them.
        if (unchanged && inputs!.Zip(last!.Inputs).Any(p => !p.First.SameStat(p.Second) || (Racy(p.Second, last.Scanned) && !snapshot.Racy(p.First))))
        {
            if (inMemory) snapshot._saved = last with { Scanned = scanned, Inputs = inputs!, Output = snapshot._outputBefore!, WatchedAt = snapshot._watchedAt };
            else Write(file, last with { Scanned = scanned, Inputs = inputs! });
        }
        else if (inMemory) snapshot._saved = unchanged ? last! with { Output = snapshot._outputBefore!, WatchedAt = snapshot._watchedAt } : last;
        return snapshot;
    }

    /// <summary>Where the snapshot of a build into <paramref name="output"/> is kept: one file per output folder.</summary>
    private static string FileOf(Target target, string output) => CheckedFile.ForOutput(target.Cache, "snapshot", output);

    /// <summary>
    /// The snapshot of a save whose watch vouches for everything since the last one's scans: the last one's entries
    /// with only the paths the watch saw change (and their folders) stated again, and changed files hashed; null when
    /// the watch cannot vouch, or a changed path is not what a full scan would take (then the caller scans in full).
    /// </summary>
    private static BuildSnapshot? Watched(Target target, string output, Saved last, InputWatch watch)
    {
        if (watch.Since(last.WatchedAt) is not { } changes || changes.Count != target.Inputs.Count + 1) return null;
        // Most saves change one file: the lists are patched where it sorts, not rebuilt, and only what changed is compared.
        var differs = false;
        IReadOnlyList<Entry>? inputsNow = last.Inputs;
        for (var i = 0; i < target.Inputs.Count && inputsNow is not null; i++)
            inputsNow = Patch(inputsNow, target.Inputs[i], $"{i}/", WithFolders(changes[i]), hash: true, ref differs);
        var outputChanged = false;
        if (inputsNow is null || Patch(last.Output, output, "", WithFolders(changes[^1]), hash: false, ref outputChanged) is not { } outputNow) return null;
        var unchanged = !differs && !outputChanged && Same(Caches(target), last.Caches);
        var file = FileOf(target, output);
        // The entries keep the time of the oldest scan that hashed them: a full scan after the watch breaks trusts no hash more than it did.
        return new BuildSnapshot(target, file, last.Settings, last.Scanned, inputsNow, inMemory: true)
        {
            Unchanged = unchanged ? new Report(last.Summary, last.Files, last.Diagnostics) : null,
            ByWatch = true,
            OutputAsLeft = !outputChanged,
            _outputBefore = outputNow,
            _watchedAt = watch.Generation,
            _saved = unchanged ? last with { Inputs = inputsNow, Output = outputNow, WatchedAt = watch.Generation } : last,
        };
    }

    /// <summary>
    /// <paramref name="before"/> (in path order) with each of <paramref name="touched"/> (below <paramref name="root"/>)
    /// stated again: dropped when gone, an input file hashed. Null when one cannot be stated, or is an input a full scan
    /// refuses. <paramref name="differs"/> is set when one is not as before: by content for inputs (as a full scan
    /// compares them), by stat data for the output.
    /// </summary>
    private static IReadOnlyList<Entry>? Patch(IReadOnlyList<Entry> before, string root, string prefix, IEnumerable<string> touched, bool hash, ref bool differs)
    {
        // A tree, made from the list on the first change and patched in place of it: a save changes a few of tens of
        // thousands of entries, and copying the list (twice a save, each copy big enough for the large object heap)
        // cost more than the change.
        ImmutableList<Entry>? patched = null;
        foreach (var path in touched)
        {
            var name = prefix + path;
            var full = Path.Combine(root, path);
            if (Stat(full, name) is not { } entry) return null;
            if (hash && entry.Kind == Kind.File) entry = HashOf(full, entry) is { } bytes ? entry with { Hash = bytes } : null;
            if (entry is null || (hash && entry.Kind is not (Kind.File or Kind.Folder or Kind.Missing))) return null;
            var list = (IReadOnlyList<Entry>?)patched ?? before;
            var at = InputFiles.IndexOf(list, name, e => e.Path);
            var old = at >= 0 ? list[at] : null;
            // Changed paths are compared by content too: the same stat data may hide a second write within the file system's clock tick.
            if (entry.Kind == Kind.Missing ? old is null : old is not null && entry.SameStat(old) && (!hash || entry.SameContent(old))) continue;
            differs |= entry.Kind == Kind.Missing || old is null || !(hash ? entry.SameContent(old) : entry.SameStat(old));
            patched ??= before as ImmutableList<Entry> ?? ImmutableList.CreateRange(before);
            patched = entry.Kind == Kind.Missing ? patched.RemoveAt(at) : at >= 0 ? patched.SetItem(at, entry) : patched.Insert(~at, entry);
        }
        return patched is { Count: > MaxEntries } ? null : patched ?? before;
    }

    /// <summary>The command line's scan of the output folder, when it found the folder as the last build left it (<see cref="OutputAsLeft"/>).</summary>
    private IReadOnlyList<Entry>? _outputScanned;

    /// <summary>
    /// The size and modification time (in <see cref="DateTime.Ticks"/>, as <see cref="FileInfo.LastWriteTimeUtc"/> gives
    /// them) of the regular file at <paramref name="path"/> in the output folder, as this build's scan found it; null
    /// when the scan found no such file. Only for a scan that found the folder as the last build left it
    /// (<see cref="OutputAsLeft"/>, else null): nothing has changed the folder since, so a page kept need not be
    /// stated again (the build cache asks of every one it keeps, 20,000 at 10,000 sources).
    /// </summary>
    public Func<string, (long Length, long Ticks)?>? OutputAsScanned => _outputScanned is { } scanned ? path => AsScanned(scanned, path) : null;

    private static (long Length, long Ticks)? AsScanned(IReadOnlyList<Entry> scanned, string path) =>
        InputFiles.IndexOf(scanned, path, e => e.Path) is var at and >= 0 && scanned[at] is { Kind: Kind.File } file
            ? (file.Size, DateTime.UnixEpoch.Ticks + file.Modified / TimeSpan.NanosecondsPerTick)
            : null;

    /// <summary>The inputs of the last successful build, as it recorded them, when it was made with the same settings.</summary>
    private IReadOnlyList<Entry>? _since;

    /// <summary>
    /// Names the last successful build by its settings and the content of its inputs, when it was made with the same
    /// settings: what a cache file written after that build (<see cref="ThisBuild"/> then) may be checked against.
    /// </summary>
    public UInt128? LastBuild => _since is { } then ? Identity(_settings, then) : null;

    /// <summary>Names this build, as the next one's <see cref="LastBuild"/> will; null when its inputs could not be stated.</summary>
    public UInt128? ThisBuild => _inputs is { } now ? Identity(_settings, now) : null;

    private static UInt128 Identity(string settings, IReadOnlyList<Entry> inputs)
    {
        var hash = new System.IO.Hashing.XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(settings));
        // Each entry's bytes gathered in one buffer and appended at once: an array per path and three appends per entry
        // were most of naming a build of 20,000 inputs.
        var bytes = new byte[256];
        foreach (var entry in inputs)
        {
            var most = Encoding.UTF8.GetMaxByteCount(entry.Path.Length) + 3 + entry.Hash.Length;
            if (most > bytes.Length) bytes = new byte[most];
            // Paths hold no NUL: each ends with one, then its kind and content hash (of fixed length, or empty).
            var at = Encoding.UTF8.GetBytes(entry.Path, bytes);
            bytes[at++] = 0;
            bytes[at++] = (byte)entry.Kind;
            bytes[at++] = (byte)entry.Hash.Length;
            entry.Hash.CopyTo(bytes, at);
            hash.Append(bytes.AsSpan(0, at + entry.Hash.Length));
        }
        return hash.GetCurrentHashAsUInt128();
    }

    /// <summary>
    /// The files under the input folder <paramref name="root"/> (by its place in <see cref="Target.Inputs"/>) whose bytes
    /// differ from those the last successful build was made from, each as the SHA-256 of its bytes then and now (in
    /// lowercase hex): when that is all that differs among the inputs (the same paths in every folder, the other
    /// folders' files the same) and the settings are the same. Null otherwise, or when there was no such build.
    /// </summary>
    public IReadOnlyList<(string Was, string Now)>? Edited(int root)
    {
        if (_since is not { } then || _inputs is not { } now || now.Count != then.Count) return null;
        var folder = $"{root}/";
        var edited = new List<(string, string)>();
        for (var i = 0; i < now.Count; i++)
        {
            if (now[i].Path != then[i].Path || now[i].Kind != then[i].Kind) return null;
            if (now[i].Kind != Kind.File || now[i].SameContent(then[i])) continue;
            if (!now[i].Path.StartsWith(folder, StringComparison.Ordinal)) return null;
            edited.Add((Convert.ToHexStringLower(then[i].Hash), Convert.ToHexStringLower(now[i].Hash)));
        }
        return edited;
    }

    /// <summary>
    /// The files directly in the input folder <paramref name="root"/> (by name) whose bytes are those the last
    /// successful build was made from, with their SHA-256 (in lowercase hex) and size: that build read each one it
    /// could use, and passed it. Null when there was no such build with the same settings (rjb's build among them).
    /// </summary>
    public IReadOnlyDictionary<string, (string Hash, long Size)>? Vouched(int root)
    {
        if (_since is not { } then || _inputs is not { } now) return null;
        var folder = $"{root}/";
        var vouched = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        foreach (var (i, j) in Paired(now, then))
            if (now[i] is { Kind: Kind.File } entry && entry.SameContent(then[j]) && entry.Path.StartsWith(folder, StringComparison.Ordinal)
                && entry.Path.IndexOf('/', folder.Length) < 0)
                vouched[entry.Path[folder.Length..]] = (Convert.ToHexStringLower(entry.Hash), entry.Size);
        return vouched;
    }

    /// <summary>The stat data this snapshot took of the files and folders in the input folder <paramref name="root"/>, for its loader's listing; null when it took none.</summary>
    public InputFiles.Stated? Stated(int root)
    {
        if (_inputs is not { } now) return null;
        var folder = $"{root}/";
        var byName = new Dictionary<string, (int, InputFiles.Stamp)>(StringComparer.Ordinal);
        foreach (var entry in now)
            if (entry.Kind is Kind.File or Kind.Folder && entry.Path.StartsWith(folder, StringComparison.Ordinal))
                byName[entry.Path[folder.Length..]] = (entry.Kind == Kind.File ? 0x8000 : 0x4000, new InputFiles.Stamp(entry.Inode, entry.Size, entry.Modified, entry.Changed));
        return new InputFiles.Stated(byName, _scanned);
    }

    /// <summary>Before a build that found a difference goes on: deletes the stored snapshot, so a build that then fails leaves nothing to replay.</summary>
    public void Discard()
    {
        if (!_inMemory) Quietly(() => File.Delete(_file));
    }

    /// <summary>
    /// After a successful publish: records this build. False when it could not be written. A build that reported
    /// a problem with its output or cache is not recorded: replaying that report would be out of date.
    /// </summary>
    /// <param name="settled">
    /// Everything the build reported, once the rest of its cache files are saved; null when it is not to be recorded.
    /// Asked only when the output folder's entries are written: the cache files are stated after it answers, so the
    /// command line saves them while this one writes (at 10,000 sources 40 ms that were one core's, at the end of every rebuild).
    /// </param>
    /// <param name="report">What the commit did: one made in place is recorded by stating only what it touched.</param>
    public bool Save(BookSummary summary, int files, Func<IReadOnlyList<Diagnostic>?> settled, PublishReport? report = null)
    {
        if (_inputs is null) return true;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_target.Output));
        var output = report is { InPlace: true } && _outputBefore is not null ? Patched(root, _outputBefore, Touched(report)) : Scan(root, hash: false);
        if (output is null) return true;
        var head = new Saved(_settings, _scanned, _inputs, output, [], summary, files, [], _watchedAt);
        Saved? Settled() => settled() is { } diagnostics && !diagnostics.Any(Unrecorded)
            ? head with { Caches = Caches(_target), Diagnostics = diagnostics } : null;
        if (_inMemory)
        {
            if (Settled() is { } saved) _saved = saved;
            return true;
        }
        try
        {
            return Write(_file, head, Settled);
        }
        catch (NotRecordedException)
        {
            return true;
        }
    }

    private static bool Unrecorded(Diagnostic d) => d.Code.StartsWith("RJB07", StringComparison.Ordinal) || CacheProblems.Contains(d.Descriptor);

    /// <summary>Stops writing a snapshot that is not to be recorded after all (<see cref="CheckedFile.Replace"/> drops what it staged).</summary>
    private sealed class NotRecordedException : Exception;

    /// <summary>What a commit in place may have changed in the output folder: its files, the manifest, and every folder above them.</summary>
    private static HashSet<string> Touched(PublishReport report) => WithFolders(report.Written.Concat(report.Removed).Append(OutputFolder.ManifestPath));

    /// <summary>The paths, and every folder above them (whose stat data an entry added or removed changes).</summary>
    private static HashSet<string> WithFolders(IEnumerable<string> paths)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            // A folder already added has had its own folders added too.
            var at = path;
            while (touched.Add(at) && at.LastIndexOf('/') is var slash and > 0) at = at[..slash];
        }
        return touched;
    }

    /// <summary>
    /// <paramref name="before"/> with each of <paramref name="touched"/> stated again (dropped when it is gone), in
    /// path order; null when a path cannot be stated, as a scan would answer.
    /// </summary>
    private static IReadOnlyList<Entry>? Patched(string root, IReadOnlyList<Entry> before, HashSet<string> touched)
    {
        var differs = false;
        return Patch(before, root, "", touched, hash: false, ref differs);
    }

    /// <summary>Problems with the load and verify phases' files in the cache, which the build that reported them has already put right.</summary>
    private static readonly DiagnosticDescriptor[] CacheProblems = [Codes.QuotesNotSaved, Codes.ParsesDamaged, Codes.ParsesNotSaved, Codes.WordingNotSaved];

    /// <summary>Everything besides the input files that a build's output and report depend on.</summary>
    private static string Settings(Target target)
    {
        var text = new StringBuilder().Append(PageTracker.Engine).Append('\n').Append(Directory.GetCurrentDirectory()).Append('\n');
        foreach (var path in target.Inputs) text.Append(path).Append('\n').Append(OutputFolder.Real(path)).Append('\n');
        return text.Append(target.Output).Append('\n').Append(Path.GetFullPath(target.Output)).Append('\n')
            .Append(target.BaseUrl?.AbsoluteUri).Append('\n').Append(target.LiveReload).ToString();
    }

    /// <summary>The entries of the three input folders with their stat data, each path prefixed by its folder's number, and each with its folder; null when the fast path cannot be used.</summary>
    private static List<(Entry Entry, string Root)>? StateInputs(IReadOnlyList<string> inputs)
    {
        var all = new List<(Entry Entry, string Root)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var entries = Scan(inputs[i], hash: true, prefix: $"{i}/");
            if (entries is null) return null;
            all.AddRange(entries.Select(e => (e, inputs[i])));
        }
        return all;
    }

    /// <summary>The entries <see cref="StateInputs"/> found, each file with its content hash; null when the fast path cannot be used.</summary>
    private static List<Entry>? Hashed(List<(Entry Entry, string Root)>? all, Saved? last)
    {
        if (all is null) return null;
        var known = new Entry?[all.Count];
        if (last is not null)
            foreach (var (i, j) in Paired(all.ConvertAll(a => a.Entry), last.Inputs)) known[i] = last.Inputs[j];
        var hashed = new Entry?[all.Count];
        Parallel.For(0, all.Count, i =>
        {
            var (entry, root) = all[i];
            // Stat data vouch for the hash the last scan made, unless that scan saw the file too soon after a change.
            hashed[i] = entry.Kind != Kind.File ? entry
                : known[i] is { } before && before.SameStat(entry) && !Racy(before, last!.Scanned) ? entry with { Hash = before.Hash }
                : HashOf(Path.Combine(root, entry.Path[(entry.Path.IndexOf('/') + 1)..]), entry) is { } hash ? entry with { Hash = hash }
                : null;
        });
        return hashed.Any(e => e is null) ? null : [.. hashed.Select(e => e!)];
    }

    /// <summary>
    /// The places of the paths both lists hold, each list in path order (as scans and snapshots keep them): walked side
    /// by side, where a table of 20,000 paths was made and looked up on the core every loader waits for.
    /// </summary>
    private static IEnumerable<(int Now, int Then)> Paired(IReadOnlyList<Entry> now, IReadOnlyList<Entry> then)
    {
        for (int i = 0, j = 0; i < now.Count && j < then.Count;)
        {
            var order = string.CompareOrdinal(now[i].Path, then[j].Path);
            if (order == 0) yield return (i++, j++);
            else if (order < 0) i++;
            else j++;
        }
    }

    private bool Racy(Entry entry) => Racy(entry, _scanned);

    private static bool Racy(Entry entry, long scanned) => Math.Max(entry.Modified, entry.Changed) >= scanned - RacyNanoseconds;

    /// <summary>The content hash of a regular file no larger than any loader reads, or null; the file must still have the size its stat gave.</summary>
    private static byte[]? HashOf(string path, Entry entry)
    {
        if (entry.Size > InputFiles.MaxAssetBytes) return null;
        // Read through no stream buffer into a pooled one: a build with no snapshot hashes every input, and at 10,000
        // sources a 64 KB stream buffer and a new array for each of its 20,000 files were 1.3 GB of garbage.
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent((int)entry.Size + 1);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            // One byte more than stat gave is asked for, so that a file that grew is seen to have.
            var read = InputFiles.ReadFully(handle, bytes.AsSpan(0, (int)entry.Size + 1));
            return read == entry.Size ? SHA256.HashData(bytes.AsSpan(0, read)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Every entry below <paramref name="root"/> in path order, with its stat data, walked without following links.
    /// For inputs (<paramref name="hash"/>) only folders and regular files are allowed; null when something else is
    /// found, the folder is missing or unreadable, or it holds too many entries.
    /// </summary>
    /// <param name="stop">Stops the scan, which then answers null.</param>
    private static List<Entry>? Scan(string root, bool hash, string prefix = "", CancellationToken stop = default)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(root)) return null;
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)); // once: a relative path would ask for the current folder per entry
        var start = Path.EndsInDirectorySeparator(root) ? root.Length : root.Length + 1;
        var entries = new List<Entry>();
        var pending = new Stack<(string Path, ulong? Inode)>([(root, null)]);
        try
        {
            while (pending.TryPop(out var folder))
            {
                using var open = InputFiles.OpenFolder(folder.Path, folder.Inode);
                var named = prefix + (folder.Path.Length <= start ? "" : folder.Path[start..] + "/");
                foreach (var file in new FileSystemEnumerable<string>(folder.Path, (ref FileSystemEntry e) => e.FileName.ToString(), Listing))
                {
                    if (stop.IsCancellationRequested) return null;
                    var name = named + file;
                    if ((open is not null ? Stat(open, file, name) : Stat(Path.Join(folder.Path, file), name)) is not { } entry || entries.Count >= MaxEntries) return null;
                    if (hash && entry.Kind is not (Kind.File or Kind.Folder)) return null;
                    if (entry.Kind == Kind.Folder) pending.Push((Path.Join(folder.Path, file), entry.Inode));
                    entries.Add(entry);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <summary>The build cache's files for this output: a build must not be replayed over records someone changed or removed.</summary>
    private static List<Entry> Caches(Target target)
    {
        var output = CheckedFile.OutputKey(target.Output);
        return [.. new[] { BuildCache.FileName(output), $"pages-{output}.bin", QuoteMemo.FileName, WordingMemo.FileName }
            .Select(name => Stat(Path.Combine(target.Cache, name), name) ?? new Entry(name, Kind.Missing, 0, 0, 0, 0, []))];
    }

    private static bool Same(IReadOnlyList<Entry>? now, IReadOnlyList<Entry> then) =>
        now is not null && now.Count == then.Count && now.Zip(then).All(p => p.First.SameStat(p.Second));

    private static readonly EnumerationOptions Listing = new()
    {
        RecurseSubdirectories = false, // walked here, so that a link to a folder is never followed
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    private static long Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static bool Quietly(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
