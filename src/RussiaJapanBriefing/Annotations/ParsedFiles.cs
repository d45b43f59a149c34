namespace RussiaJapanBriefing.Annotations;

/// <summary>
/// What each annotation file parsed to, kept between builds: a file whose path and bytes are those of the last build
/// (compared by SHA-256, so a save within the same clock tick is still seen) is not parsed again, and reports again
/// exactly the diagnostics it reported then. A file whose stat data are those it had when last read is not even read,
/// under <see cref="Sources.SeedMemo"/>'s rule: only when its times are safely older than that read, so an edit within
/// the file system's clock tick is still seen. Parsing depends on nothing but the path, the bytes and the build of rjb.
/// <c>serve</c> keeps one in memory; the command line keeps one in its cache folder (<see cref="FileName"/>), where a
/// damaged file is reported (RJB0125) and ignored, which costs only the parsing. Only the files of the last build are
/// kept, so it follows the book. Not for use from two builds at once.
/// </summary>
internal sealed partial class ParsedFiles(long racyNanoseconds = ParsedFiles.RacyNanoseconds)
{
    /// <summary>As the seed memo's and the build snapshot's: covers coarse file-system clocks.</summary>
    private const long RacyNanoseconds = 2_000_000_000;

    /// <param name="Part">What the file parsed to; null for a parse read from the cache folder's file and not yet decoded (<paramref name="Body"/>).</param>
    /// <param name="Stamp">The file's stat data when it was read (null when they could not be had), and <paramref name="ReadAt"/> when that was.</param>
    /// <param name="Body">For a parse read from the cache folder's file, its bytes there: written back as they are.</param>
    private sealed record Entry(string Hash, AnnotationSet? Part, IReadOnlyList<Diagnostic> Diagnostics, InputFiles.Stamp? Stamp = null, long ReadAt = 0,
        ReadOnlyMemory<byte> Body = default);

    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Dictionary<string, Entry> _next = new(StringComparer.Ordinal);
    private readonly Lock _gate = new(); // files are parsed in parallel
    private string? _file, _engine;

    /// <summary>The table the cache folder's file holds, its length and the length of its first frame: what changes are appended against.</summary>
    private (IReadOnlyDictionary<string, Entry> Entries, long Length, long Whole)? _stored;
    private bool _damageReported, _restamped;

    /// <summary>The file in a cache folder (one for every output folder: a parse does not depend on where the site goes).</summary>
    public const string FileName = "annotations.bin";

    /// <summary>For <c>serve</c>: the content folder's last listing (root 1 of the engine's watch: seeds, content, theme, output).</summary>
    internal InputFiles.ListingMemo Listing { get; } = new(root: 1);

    /// <summary>For <c>serve</c>: the set the last load merged, whose lists the next takes as they are where no file changed them.</summary>
    internal AnnotationSet? Merged { get; set; }

    /// <summary>The last load parsed a file, or no longer read one: the cache folder's file is out of date.</summary>
    public bool Changed { get; private set; }

    /// <summary>Files the last load parsed, and files it took from what an earlier load parsed.</summary>
    public int Parsed { get; private set; }

    public int Reused { get; private set; }

    /// <summary>Of the files reused, those that were not read at all, their stat data vouching for them.</summary>
    public int Trusted { get; private set; }

    /// <summary>
    /// For <c>serve</c>: the files the last load went through, in its order, when every one of them kept a parse; and
    /// those whose parse a later load may not take without asking again (<see cref="Again"/>): read too soon after
    /// they changed for their stat data to vouch, or listed without any.
    /// </summary>
    private IReadOnlyList<InputFile>? _loaded;
    private HashSet<string> _unsettled = new(StringComparer.Ordinal), _nextUnsettled = new(StringComparer.Ordinal);

    /// <summary>The last load forgot the parse of a file it could not read again (see <see cref="Again"/>).</summary>
    private bool _forgot;

    /// <summary>Above this many files to get again, <see cref="Again"/> leaves the load to go through every file, on every core.</summary>
    private const int MostAgain = 64;

    /// <summary>The files the load parsed, each with the parse it had kept of the file before, if any: what an edit changed.</summary>
    private readonly List<(string Path, Entry? Was, Entry Now)> _replaced = [];

    /// <summary>
    /// The parts, before and now, of the files the last load parsed because their bytes changed, when they are just
    /// the files <paramref name="edited"/> names, by the SHA-256 of their bytes before and now (see
    /// BuildSnapshot.Edited): then the parses kept before were those of that build's files. Null when any file parsed
    /// had no parse kept, or a kept one is not of the bytes named, or cannot be decoded.
    /// </summary>
    internal List<(AnnotationSet Was, AnnotationSet Now)>? Replaced(IReadOnlyList<(string Was, string Now)> edited)
    {
        if (_replaced.Count != edited.Count) return null;
        // Counted, not searched: an edit may change every file (two may change alike).
        var named = new Dictionary<(string, string), int>();
        foreach (var pair in edited) named[pair] = named.GetValueOrDefault(pair) + 1;
        var parts = new List<(AnnotationSet, AnnotationSet)>(_replaced.Count);
        foreach (var (path, was, now) in _replaced)
        {
            if (was is null || now.Part is null || !named.TryGetValue((was.Hash, now.Hash), out var left) || left == 0) return null;
            named[(was.Hash, now.Hash)] = left - 1;
            AnnotationSet? before;
            try
            {
                before = was.Part ?? ReadBody(was, path).Part;
            }
            catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or OverflowException)
            {
                return null;
            }
            if (before is null) return null;
            parts.Add((before, now.Part));
        }
        return parts;
    }

    /// <summary>The SHA-256 (lowercase hex) of the bytes of the file at <paramref name="path"/> as the last load parsed or took them; null for a file it kept no parse of.</summary>
    internal string? HashOf(string path) => _entries.GetValueOrDefault(path)?.Hash;

    internal void Begin()
    {
        _replaced.Clear();
        _next = new Dictionary<string, Entry>(StringComparer.Ordinal);
        _nextUnsettled = new HashSet<string>(StringComparer.Ordinal);
        Parsed = Reused = Trusted = 0;
        _restamped = _forgot = false;
    }

    /// <summary>
    /// For <c>serve</c>: the parts of <paramref name="files"/> in order, made from <paramref name="last"/>, the last
    /// load's, when the listing is that load's but for a few files. The listing memo makes a new file only for one its
    /// watch saw change, so every other file is the very same and its part and diagnostics are taken as they are,
    /// without a lookup or a stat: a one-claim save went through all 10,000 files of a big book, 20 ms of it. Only the
    /// files that changed, and those whose stat data could not vouch for their parse, are got again by
    /// <paramref name="get"/>, as a full load gets every file. Null when the listing is another (files added or
    /// removed, or listed afresh) or too much changed: the load then goes through every file.
    /// </summary>
    internal List<AnnotationSet>? Again(IReadOnlyList<InputFile> files, IReadOnlyList<(string Path, AnnotationSet Part)>? last, DiagnosticBag diagnostics,
        Func<InputFile, AnnotationSet> get)
    {
        if (_loaded is not { } loaded || last is null || loaded.Count != files.Count || last.Count != files.Count) return null;
        var again = new List<int>();
        // As spans: through their interface, the two lists' 20,000 items at 10,000 files took 1 ms of every save.
        ReadOnlySpan<InputFile> now = Items(files), then = Items(loaded);
        for (var i = 0; i < now.Length && again.Count <= MostAgain; i++)
            if (!ReferenceEquals(now[i], then[i])) again.Add(i);
        foreach (var path in _unsettled)
        {
            if (again.Count > MostAgain) break;
            var at = IndexOf(files, path);
            if (at < 0) return null;
            if (!again.Contains(at)) again.Add(at);
        }
        if (again.Count > MostAgain || again.Any(i => files[i].Display != last[i].Path)) return null;

        var changed = again.Select(i => files[i].Display).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, entry) in _entries)
            if (entry.Diagnostics.Count > 0 && !changed.Contains(path)) diagnostics.Add(entry.Diagnostics);
        // The table is patched in place: a full load makes a new one, of every file.
        _next = _entries;
        _nextUnsettled = _unsettled;
        _nextUnsettled.ExceptWith(changed);
        Reused = Trusted = files.Count - again.Count;
        var parts = new List<AnnotationSet>(last.Count);
        foreach (var (_, part) in last) parts.Add(part);
        foreach (var i in again)
        {
            var kept = Parsed + Reused;
            parts[i] = get(files[i]);
            // Not read (gone, or unreadable): a full load would keep no parse of it, so none is kept.
            if (Parsed + Reused == kept) _forgot |= _next.Remove(files[i].Display);
        }
        return parts;
    }

    private static ReadOnlySpan<InputFile> Items(IReadOnlyList<InputFile> files) =>
        files is List<InputFile> list ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list) : files.ToArray();

    /// <summary>Where each file stood in a listing, by path: a path edited again is found where it was, as long as no file was added or removed.</summary>
    private Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);

    /// <summary>
    /// Where the file at <paramref name="display"/> stands in <paramref name="files"/>, or -1. Looked up where it stood
    /// before: going through the files for the one just edited was a cache miss on each, 1 ms of a one-claim save at 10,000.
    /// </summary>
    private int IndexOf(IReadOnlyList<InputFile> files, string display)
    {
        if (_indexOf.TryGetValue(display, out var at) && at < files.Count && files[at].Display == display) return at;
        _indexOf = new Dictionary<string, int>(files.Count, StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++) _indexOf.TryAdd(files[i].Display, i);
        return _indexOf.GetValueOrDefault(display, -1);
    }

    /// <summary>
    /// The part of the book in <paramref name="file"/>, read by <paramref name="read"/> only when its stat data cannot
    /// vouch for the last read, and parsed by <paramref name="parse"/> only when its bytes changed; null when it cannot be read.
    /// </summary>
    internal AnnotationSet? Get(InputFile file, DiagnosticBag diagnostics, Func<byte[]?> read, Func<byte[], DiagnosticBag, AnnotationSet> parse)
    {
        var path = file.Display;
        Entry? entry;
        lock (_gate) _entries.TryGetValue(path, out entry);
        // The time is taken before the stat (the listing's, or here), and the stat before the read: a change after either shows in the next stat.
        var now = file.Listed?.At ?? InputFiles.Now();
        var stamp = file.Listed?.Stamp ?? InputFiles.StampOf(file.RealPath);
        if (entry is not null && stamp is not null && entry.Stamp == stamp && !stamp.Racy(entry.ReadAt, racyNanoseconds)
            && (entry.Part is not null ? entry : Decode(path, entry, diagnostics)) is { } trusted)
        {
            Keep(path, trusted, diagnostics, reused: true, trusted: true, settled: file.Listed is not null);
            return trusted.Part;
        }
        if (read() is not { } bytes) return null;
        var hash = Hashing.Hash(bytes);
        var reused = entry is not null && entry.Hash == hash;
        // A kept parse is decoded only when its file is read and unchanged, so parses are decoded in parallel, and only those used.
        if (reused && entry!.Part is null) entry = Decode(path, entry, diagnostics);
        reused = reused && entry is { Part: not null };
        if (!reused)
        {
            var own = new DiagnosticBag();
            var was = entry;
            entry = new Entry(hash, parse(bytes, own), own.Snapshot());
            lock (_gate) _replaced.Add((path, was, entry));
        }
        // A file read again with its bytes unchanged is kept with the stat data it has now, which may vouch for it next time.
        var restamped = stamp != entry!.Stamp || (stamp is not null && stamp.Racy(entry.ReadAt, racyNanoseconds) && !stamp.Racy(now, racyNanoseconds));
        if (!reused || restamped) entry = entry with { Stamp = stamp, ReadAt = stamp is null ? 0 : now };
        Keep(path, entry, diagnostics, reused, trusted: false, restamped && reused,
            settled: file.Listed is not null && stamp is not null && !stamp.Racy(entry.ReadAt, racyNanoseconds));
        return entry.Part;
    }

    /// <param name="settled">The parse was taken or made from a file whose listed stat data vouch for it: <see cref="Again"/> may take it unasked while the file is listed as it is.</param>
    private void Keep(string path, Entry entry, DiagnosticBag diagnostics, bool reused, bool trusted, bool restamped = false, bool settled = true)
    {
        diagnostics.Add(entry.Diagnostics);
        lock (_gate)
        {
            _next[path] = entry;
            if (!settled) _nextUnsettled.Add(path);
            if (reused) Reused++;
            else Parsed++;
            if (trusted) Trusted++;
            _restamped |= restamped;
        }
    }

    /// <summary>A kept parse decoded, or null when its bytes do not decode (a well-framed file made by hand): that is reported once, and the file parsed again.</summary>
    private Entry? Decode(string path, Entry entry, DiagnosticBag diagnostics)
    {
        lock (_gate)
            if (_damageReported) return null;
        try
        {
            return ReadBody(entry, path);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            lock (_gate)
            {
                if (_damageReported) return null;
                _damageReported = true;
            }
            Damaged(diagnostics, "its content is malformed");
            return null;
        }
    }

    private void Damaged(DiagnosticBag diagnostics, string problem) =>
        diagnostics.Report(Codes.ParsesDamaged, new Location(PathDisplay.Relative(_file!)), $"the kept annotation parses are not used: {problem}",
            "every annotation file is parsed again, and the file is written anew");

    /// <summary>Files that are gone are forgotten, so the memory held follows the book; <paramref name="files"/> are those this load went through.</summary>
    internal void End(IReadOnlyList<InputFile> files)
    {
        Changed = Parsed > 0 || _restamped || _forgot || _next.Count != _entries.Count;
        _entries = _next;
        _unsettled = _nextUnsettled;
        _loaded = _entries.Count == files.Count ? files : null;
    }

    /// <summary>
    /// The parses kept in <paramref name="cacheDirectory"/> by <paramref name="engine"/> (this build of rjb), or none
    /// when there are none intact: a file there that is damaged, of another version or unreadable is reported as a warning.
    /// </summary>
    public static ParsedFiles Load(string cacheDirectory, string engine, DiagnosticBag diagnostics, long racyNanoseconds = RacyNanoseconds)
    {
        var parsed = new ParsedFiles(racyNanoseconds) { _file = Path.Combine(cacheDirectory, FileName), _engine = engine };
        string? problem;
        try
        {
            var info = new FileInfo(parsed._file);
            if (!info.Exists) return parsed;
            var table = info.Length > MaxFileBytes ? null : Read(CheckedFile.Bytes(parsed._file), engine);
            problem = table is null ? "it is truncated, of another version, too large or altered" : null;
            if (table is ({ } entries, var whole))
            {
                parsed._entries = entries;
                if (whole > 0) parsed._stored = (entries, info.Length, whole);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            problem = e is IOException or UnauthorizedAccessException ? $"it cannot be read: {e.Message}" : "its content is malformed";
        }
        if (problem is not null) parsed.Damaged(diagnostics, problem);
        return parsed;
    }

    /// <summary>
    /// Writes the parses to the cache folder they were loaded from, appending what changed when the file is intact,
    /// the change is small beside the whole table, and the file would not grow past twice its first frame; false when
    /// they could not be written.
    /// </summary>
    public bool Save()
    {
        if (_file is null) return true;
        if (_stored is { } stored && !_damageReported)
        {
            if (Changes(stored.Entries, _entries) is not { } changes) return true;
            // A frame holding half the table (every file stamped anew once its first read is safely old) is not worth
            // keeping beside it: written whole, the file is left ready for small frames.
            if (changes.Length <= stored.Whole / 2 && stored.Length + changes.Length <= 2 * stored.Whole
                && CheckedFile.Append(_file, stored.Length, changes) is { } length)
            {
                _stored = (_entries, length, stored.Whole);
                return true;
            }
        }
        _stored = null; // the next save in this process writes the file whole again: it no longer knows what the file holds
        return CheckedFile.Replace(_file, staged => Write(staged, _engine!, _entries));
    }
}
