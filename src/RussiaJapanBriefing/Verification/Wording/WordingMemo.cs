using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// What the wording checks found in each claim and entity summary, kept between builds by a hash of everything the
/// checks read of it (its id, text and attribution, its quotes, dates and cited sources' dates, and the book's
/// contested terms): <c>serve</c> keeps one in memory, and the command line one in its cache folder, so a build
/// after a one-claim edit checks that claim again, and an edit of the contested terms checks every one.
/// Findings are kept without their place, which an edit elsewhere in the file moves: every finding of an item stands
/// at its text, so it is put back there. Allowances are not kept: they are applied to the findings on every build.
/// Only what the last build used is kept, so it follows the book. The file is framed like the quote memo's
/// (<see cref="CheckedFile"/>) and holds the engine it was made by: any other file is ignored, which costs only the
/// checks. Both keep what each annotation file's items reported as a whole, so that a file whose items read what they
/// read before reports the same again without its items being keyed: serve by the very instances, the command line by
/// the file's hash (<see cref="FileHashes"/>). Not for use from two builds at once.
/// </summary>
internal sealed class WordingMemo
{
    private const string Magic = "rjb wording memo";
    private const int Version = 4;

    /// <summary>The memo's file in a cache folder (one for every output folder: findings do not depend on where the site goes).</summary>
    public const string FileName = "wording.bin";

    private static readonly DiagnosticDescriptor[] Codes =
        [RussiaJapanBriefing.Codes.ContestedTerm, RussiaJapanBriefing.Codes.UnsupportedFigure, RussiaJapanBriefing.Codes.UnattributedSpeech];

    /// <summary>A finding without its place.</summary>
    private sealed record Kept(DiagnosticDescriptor Code, string Message, string Hint, string? Term);

    private Dictionary<UInt128, IReadOnlyList<Kept>> _known = [];
    private Dictionary<UInt128, IReadOnlyList<Kept>> _used = [];
    private int _checking;
    private int _reusing, _keying;
    private string? _file;
    private string _engine = "";

    /// <summary>Items the last build checked, and items whose findings it took from the memo.</summary>
    public int Checked { get; private set; }

    public int Reused { get; private set; }

    /// <summary>Items whose key the last build hashed (in serve, those whose parts changed or that are new instances).</summary>
    public int Keyed { get; private set; }

    /// <summary>Files whose key the command line's last build made, not taking it as stored (see <see cref="Building"/>).</summary>
    public int FilesKeyed { get; private set; }

    /// <summary>The last build checked something, or no longer used something: the memo's file is out of date.</summary>
    public bool Changed { get; private set; }

    /// <summary>The memo kept in <paramref name="cacheDirectory"/> by this <paramref name="engine"/>, or an empty one when none is there intact.</summary>
    public static WordingMemo Load(string cacheDirectory, string engine)
    {
        var memo = new WordingMemo { _file = Path.Combine(cacheDirectory, FileName), _engine = engine };
        if (CheckedFile.Load(memo._file, bytes => Read(bytes, engine)) is not ({ } known, { } files, var build)) return memo;
        (memo._known, memo._stored, memo.Build) = (known, files, build);
        // A build mostly uses again what the last one kept: the tables it fills are made that large at once, not grown
        // entry by entry (53,000 items and 20,000 files at 10,000 sources).
        (memo._used, memo._nextStored) = (new(known.Count), new(files.Count, StringComparer.Ordinal));
        memo._fileKeys.EnsureCapacity(files.Count);
        return memo;
    }

    /// <summary>The key of a list of parts: a hash of each part, in order (null and "" differ); for the table of terms.</summary>
    public static string Key(IEnumerable<string?> parts)
    {
        var key = KeyOf(writer =>
        {
            foreach (var part in parts) writer.Text(part);
        });
        return $"{(ulong)(key >> 64):x16}{(ulong)key:x16}";
    }

    // One writer per thread: the checks key their items in parallel.
    [ThreadStatic] private static KeyWriter? t_key;

    private static UInt128 KeyOf(Action<KeyWriter> write)
    {
        var writer = KeyWriter.Take(ref t_key);
        try
        {
            write(writer);
            return writer.Finish();
        }
        finally
        {
            t_key = writer;
        }
    }

    /// <summary>
    /// The key of an item whose checks read the parts <paramref name="write"/> writes, each as a text (see
    /// <see cref="KeyWriter.Text"/>): no array of the parts, their UTF-8 bytes or a hex string per item, which were a
    /// book's worth of garbage on every build. Safe from many threads.
    /// </summary>
    public UInt128 ItemKey(Action<KeyWriter> write)
    {
        Interlocked.Increment(ref _keying);
        return KeyOf(write);
    }

    /// <summary>Whether <see cref="Findings"/> would find this key's findings kept; safe from many threads while nothing is checked.</summary>
    public bool Knows(UInt128 key) => _used.ContainsKey(key) || _known.ContainsKey(key);

    // serve's memo (one not loaded from a cache folder) lives across builds, in which an unchanged file's part and items
    // are the same instances. It keeps, per file, what its items' checks and allowances reported, with what they read
    // of other records: the table of terms, which of its claims are verified, and its cited sources' dates (the first
    // source annotation of each id). An unchanged file's items read nothing else, so when those are unchanged too the
    // file reports the same again, and its items are not even gathered: a save costs in proportion to the files it changed.
    private sealed record FileReported(string Path, AnnotationSet Part, string Table, bool[] Verified, (string Source, PartialDate? Date)[] Dates, UInt128[] Keys,
        IReadOnlyList<Diagnostic> Diagnostics, int Items);

    /// <summary>
    /// What each file reported, by its number in the build (the files in path order): found by number while no file is
    /// added or removed, rather than by path. Looking up and keeping 10,000 files by path was half of the checks'
    /// time in a one-claim save.
    /// </summary>
    private FileReported?[] _files = [], _nextFiles = [];

    /// <summary>The last build's reports by path, made when a file is not found by its number (files were added or removed).</summary>
    private Dictionary<string, FileReported>? _byPath;

    /// <summary>What the last build's file at <paramref name="path"/> reported, this build's file number <paramref name="file"/>.</summary>
    private FileReported? Last(int file, string path)
    {
        if (file < _files.Length && _files[file] is { } same && string.Equals(same.Path, path, StringComparison.Ordinal)) return same;
        _byPath ??= _files.OfType<FileReported>().ToDictionary(f => f.Path, StringComparer.Ordinal);
        return _byPath.GetValueOrDefault(path);
    }

    /// <summary>The keys of the items of the files kept: findings by key stay while some kept file has that key.</summary>
    private long _liveKeys;

    /// <summary>Whether this memo keeps what files reported by their instances (serve's, not one loaded from a cache folder).</summary>
    public bool ByFile => _file is null;

    /// <summary>Whether this memo keeps what files reported: serve's, or the command line's once it knows their hashes.</summary>
    public bool KeepsFiles => ByFile || FileHashes is not null;

    /// <summary>
    /// For the command line's memo: the SHA-256 of each annotation file's bytes as parsed (ParsedFiles.HashOf), by
    /// which the cache folder keeps what the file's items reported. At 10,000 sources, keying each of 53,000 items
    /// anew was most of what the checks cost a one-claim rebuild.
    /// </summary>
    internal Func<string, string?>? FileHashes { get; set; }

    /// <summary>
    /// What the command line kept of a file: the key of all its items read (<see cref="KeyFiles"/>), the keys of its
    /// items (so that their findings stay in the memo), and what its items reported, in place.
    /// </summary>
    private sealed record StoredFile(UInt128 Key, string FileHash, UInt128[] Items, IReadOnlyList<Diagnostic> Diagnostics);

    private Dictionary<string, StoredFile> _stored = new(StringComparer.Ordinal), _nextStored = new(StringComparer.Ordinal);

    /// <summary>The key of each file's items this build, made ahead by <see cref="KeyFiles"/>.</summary>
    private readonly Dictionary<string, (UInt128 Key, string FileHash)> _fileKeys = new(StringComparer.Ordinal);

    /// <summary>The build whose checks the memo's file holds, as the build snapshot names builds; null when not known.</summary>
    public UInt128? Build { get; private set; }

    /// <summary>This build's name, written with the memo (see <see cref="Building"/>).</summary>
    private UInt128? _building;

    /// <summary>The edit since <see cref="Build"/> replaced claims alone (see <see cref="Building"/>).</summary>
    private bool _claimsReplacedSince;

    /// <summary>
    /// For the command line's memo, before the checks: this build's name, written with the memo, and whether it
    /// differs from the build that wrote the memo (<see cref="Build"/>) by claims replaced in place alone. Then a file
    /// whose bytes are those it had reads what it read then: the same contested terms (the book's file is not one an
    /// edit of claims alone changes), the same verified claims (the seeds, the sources' annotations, the entities and
    /// the claim ids are as they were) and the same cited sources' dates; its key is taken as stored, not made again
    /// (keying every file of 10,000 sources was 60–80 ms of CPU).
    /// </summary>
    public void Building(UInt128? build, bool claimsReplacedSince) => (_building, _claimsReplacedSince) = (build, claimsReplacedSince && Build is not null);

    /// <summary>
    /// For the command line's memo, before <see cref="AgainFile"/> is asked of each file: keys the files, in parallel
    /// (a big book has tens of thousands), each from the hash of its bytes, the table of terms, which of its claims are
    /// <paramref name="verified"/> (only those are checked) and the date of the source of each citation checked.
    /// </summary>
    /// <remarks>serve's memo only makes room for what each of <paramref name="files"/> reports.</remarks>
    public void KeyFiles(IReadOnlyList<(string Path, AnnotationSet Part)> files, string table, Func<string, bool> verified,
        IReadOnlyDictionary<string, PartialDate> published)
    {
        if (ByFile) _nextFiles = new FileReported?[files.Count];
        if (ByFile || FileHashes is not { } hashes) return;
        // Each date as the checks read it, once per source rather than once per citation, and only a cited source's: after
        // an edit, the one file keyed again cites a few of them, and writing all 10,000 was 5 ms of the verify phase.
        var dates = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        string? DateOf(string source) => dates.GetOrAdd(source, id => published.GetValueOrDefault(id)?.ToString());
        var keys = new UInt128?[files.Count];
        var fileHashes = new string?[files.Count];
        var keyed = 0;
        Parallel.For(0, files.Count, i =>
        {
            var (path, part) = files[i];
            if ((fileHashes[i] = hashes(path)) is not { } hash) return;
            if (_claimsReplacedSince && _stored.TryGetValue(path, out var stored) && stored.FileHash == hash)
            {
                keys[i] = stored.Key;
                return;
            }
            Interlocked.Increment(ref keyed);
            keys[i] = KeyOf(key =>
            {
                void Dates(IReadOnlyList<CitationAnnotation> cites)
                {
                    foreach (var cite in cites) key.Text(DateOf(cite.Source.Value));
                }
                key.Text(hash);
                key.Text(table);
                foreach (var e in part.Entities) Dates(e.Citations);
                foreach (var c in part.Claims)
                {
                    var checkedHere = verified(c.Id.Value);
                    key.Byte(checkedHere ? (byte)1 : (byte)0);
                    if (checkedHere) Dates(c.Citations);
                }
            });
        });
        for (var i = 0; i < files.Count; i++)
            if (keys[i] is { } key) _fileKeys[files[i].Path] = (key, fileHashes[i]!);
        FilesKeyed = keyed;
    }

    /// <summary>
    /// What the items of the file at <paramref name="path"/> reported in the last build, when <paramref name="part"/> is
    /// that build's, and <paramref name="table"/>, which of its claims are <paramref name="verified"/> and the dates of
    /// the sources its items cite (looked up in <paramref name="published"/>) are as they were then; else null.
    /// </summary>
    /// <param name="verified">Null when the caller knows an unchanged part's claims are verified as before, and its cited sources' dates unchanged.</param>
    /// <param name="file">The file's number in this build (see <see cref="KeyFiles"/>).</param>
    public IReadOnlyList<Diagnostic>? AgainFile(int file, string path, AnnotationSet part, string table, Func<string, bool>? verified,
        IReadOnlyDictionary<string, PartialDate> published)
    {
        if (!ByFile) return AgainStored(path);
        if (Last(file, path) is not { } last || !ReferenceEquals(last.Part, part) || !string.Equals(last.Table, table, StringComparison.Ordinal))
            return null;
        if (verified is not null)
        {
            for (var i = 0; i < last.Verified.Length; i++)
                if (verified(part.Claims[i].Id.Value) != last.Verified[i]) return null;
            foreach (var (source, date) in last.Dates)
                if (!Equals(date, published.GetValueOrDefault(source))) return null;
        }
        Keep(file, last);
        _reusing += last.Items;
        return last.Diagnostics;
    }

    /// <summary>The command line's <see cref="AgainFile"/>: what the file's items reported, kept in the cache folder under the key <see cref="KeyFiles"/> made.</summary>
    private IReadOnlyList<Diagnostic>? AgainStored(string path)
    {
        if (!_fileKeys.TryGetValue(path, out var key) || !_stored.TryGetValue(path, out var kept) || kept.Key != key.Key) return null;
        _nextStored[path] = kept;
        foreach (var item in kept.Items)
            if (_known.TryGetValue(item, out var findings)) _used[item] = findings;
        _reusing += kept.Items.Length;
        return kept.Diagnostics;
    }

    /// <summary>serve's table of the sources' dates, made again only when the list of source annotations is another.</summary>
    private (IReadOnlyList<SourceAnnotation> Sources, Dictionary<string, PartialDate> Dates)? _published;

    /// <summary>
    /// Each source's date by id, for <see cref="WordingChecks"/>. serve's memo keeps the table while the list of sources
    /// is the same instance, or <paramref name="asBefore"/> says its sources have the values they had (a file of claims
    /// under their source was edited, parsing its source again).
    /// </summary>
    public IReadOnlyDictionary<string, PartialDate> Published(IReadOnlyList<SourceAnnotation> sources, bool asBefore)
    {
        if (_published is { } kept && (asBefore || ReferenceEquals(kept.Sources, sources))) return kept.Dates;
        var dates = WordingChecks.Published(sources);
        if (ByFile) _published = (sources, dates);
        return dates;
    }

    /// <summary>serve's claims named by the disagreements, by id, and the ids named (see WordingChecks.Run).</summary>
    private (HashSet<string> Ids, Dictionary<string, ClaimAnnotation> Claims)? _named;

    /// <summary>The last build's claims named, to be patched, while the same ids are named; else null.</summary>
    public Dictionary<string, ClaimAnnotation>? Named(HashSet<string> ids) => _named is { } kept && kept.Ids.SetEquals(ids) ? kept.Claims : null;

    public void KeepNamed(HashSet<string> ids, Dictionary<string, ClaimAnnotation> claims)
    {
        if (ByFile) _named = (ids, claims);
    }

    /// <summary>The part of the file at <paramref name="path"/> that the last build checked, if it did.</summary>
    public AnnotationSet? LastPart(int file, string path) => Last(file, path)?.Part;

    /// <summary>Keeps what the items of a file reported, for <see cref="AgainFile"/> in later builds.</summary>
    public void RememberFile(int file, string path, AnnotationSet part, string table, Func<string, bool> verified, IReadOnlyDictionary<string, PartialDate> published,
        UInt128[] keys, IReadOnlyList<Diagnostic> reported)
    {
        if (!ByFile)
        {
            if (_fileKeys.TryGetValue(path, out var key)) _nextStored[path] = new StoredFile(key.Key, key.FileHash, keys, reported);
            return;
        }
        var dates = new Dictionary<string, PartialDate?>(StringComparer.Ordinal);
        void Cited(IReadOnlyList<CitationAnnotation> cites)
        {
            foreach (var cite in cites) dates.TryAdd(cite.Source.Value, published.GetValueOrDefault(cite.Source.Value));
        }
        foreach (var e in part.Entities) Cited(e.Citations);
        var flags = new bool[part.Claims.Count];
        for (var i = 0; i < flags.Length; i++)
            if (flags[i] = verified(part.Claims[i].Id.Value)) Cited(part.Claims[i].Citations);
        Keep(file, new FileReported(path, part, table, flags, [.. dates.Select(d => (d.Key, d.Value))], keys, reported, keys.Length));
    }

    private void Keep(int file, FileReported reported)
    {
        _nextFiles[file] = reported;
        _liveKeys += reported.Keys.Length;
    }

    /// <summary>The findings of the item with this <paramref name="key"/>, whose text stands <paramref name="at"/>: kept ones, or those <paramref name="check"/> finds.</summary>
    public IReadOnlyList<Finding> Findings(UInt128 key, Location at, Func<IEnumerable<Finding>> check)
    {
        if (_used.TryGetValue(key, out var kept) || _known.TryGetValue(key, out kept))
        {
            _used[key] = kept;
            _reusing++;
            return kept.Count == 0 ? [] : [.. kept.Select(k => new Finding(k.Code, at, k.Message, k.Hint, k.Term))];
        }
        var found = check().ToList();
        _checking++;
        // Only what can be put back exactly is kept.
        if (found.All(f => f.Location == at && Codes.Contains(f.Code)))
            _used[key] = [.. found.Select(f => new Kept(f.Code, f.Message, f.Hint, f.Term))];
        return found;
    }

    /// <summary>After the checks: keeps what this build used, and forgets the rest.</summary>
    public void End()
    {
        // A memo ended again writes again: never two writings of its file at once.
        _saving?.Wait();
        Checked = _checking;
        Reused = _reusing;
        Keyed = _keying;
        _keying = 0;
        Changed = _checking > 0 || _used.Count != _known.Count;
        _checking = _reusing = 0;
        if (_file is not null)
        {
            // A file whose report held is kept as the very entry: any other, or one gone, changes the file.
            Changed |= _nextStored.Count != _stored.Count || _nextStored.Any(f => !_stored.TryGetValue(f.Key, out var was) || !ReferenceEquals(was, f.Value));
            (_stored, _nextStored) = (_nextStored, _stored);
            _nextStored.Clear();
            _fileKeys.Clear();
            _known = _used;
            _used = [];
            // What the memo holds now is this build's checks.
            (Build, _claimsReplacedSince) = (_building, false);
            _saving = Changed && SavesWhenEnded ? Task.Run(Write, CancellationToken.None) : null;
            return;
        }
        // serve's findings by key stay while a kept file's item has that key, so that an item of an edited file (a new
        // instance) whose parts are unchanged is not checked again; what the items of this build looked up is added.
        foreach (var (key, kept) in _used) _known[key] = kept;
        _used.Clear();
        (_files, _nextFiles, _byPath) = (_nextFiles, [], null);
        if (_known.Count > 2 * _liveKeys + 64)
        {
            var known = new Dictionary<UInt128, IReadOnlyList<Kept>>((int)_liveKeys);
            foreach (var file in _files.OfType<FileReported>())
                foreach (var key in file.Keys)
                    if (_known.TryGetValue(key, out var kept)) known[key] = kept;
            _known = known;
        }
        _liveKeys = 0;
    }

    /// <summary>
    /// Writes the memo to the cache folder it was loaded from, or waits for the writing its checks' end began; false
    /// when it could not be written.
    /// </summary>
    public bool Save() => _saving is { } saving ? saving.GetAwaiter().GetResult() : Write();

    private Task<bool>? _saving;

    /// <summary>
    /// The command line's: the memo is written as soon as the checks end (its state is then final for the build), on
    /// whichever core the book, made next, leaves idle; <see cref="Save"/> waits for it. A one-claim rebuild at 10,000
    /// sources wrote its 6.8 MB for 70 ms on its longest path.
    /// </summary>
    public bool SavesWhenEnded { get; set; }

    // Streamed to the file, not framed in memory first: the frame grown in memory, copied out and written was 20 MB of
    // memory the process had not touched for a 7 MB file at 10,000 sources.
    private bool Write() => _file is null
        || CheckedFile.Replace(_file, staged => CheckedFile.Write(staged, Magic, Version, writer => Write(writer, _known, _stored, _engine, _building)));

    private static void Write(BinaryWriter writer, Dictionary<UInt128, IReadOnlyList<Kept>> known, Dictionary<string, StoredFile> files, string engine, UInt128? build)
    {
        writer.Write(engine);
        writer.Write(build is not null);
        writer.WriteKey(build ?? 0);
        writer.Write(known.Count);
        foreach (var (key, findings) in known)
        {
            writer.WriteKey(key);
            writer.Write7BitEncodedInt(findings.Count);
            foreach (var f in findings)
            {
                writer.Write(f.Code.Id);
                writer.Write(f.Message);
                writer.Write(f.Hint);
                writer.Write(f.Term is not null);
                if (f.Term is not null) writer.Write(f.Term);
            }
        }
        // In path order, so that the same book makes the same file.
        writer.Write(files.Count);
        foreach (var (path, file) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            writer.Write(path);
            writer.WriteKey(file.Key);
            writer.Write(file.FileHash);
            writer.Write(file.Items.Length);
            foreach (var item in file.Items) writer.WriteKey(item);
            writer.Write(file.Diagnostics.Count);
            foreach (var d in file.Diagnostics) DiagnosticFormat.Write(writer, d);
        }
    }

    /// <summary>The findings and files' reports in a file, or null when it is not an intact file of this version made by this engine.</summary>
    private static (Dictionary<UInt128, IReadOnlyList<Kept>> Known, Dictionary<string, StoredFile> Files, UInt128? Build)? Read(ReadOnlyMemory<byte> bytes, string engine)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null || reader.ReadString() != engine) return null;
        var named = reader.ReadBoolean();
        var build = reader.ReadKey();
        // Each item takes at least 17 bytes: a count the payload cannot hold is not believed.
        var items = CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 17);
        var known = new Dictionary<UInt128, IReadOnlyList<Kept>>(items);
        for (; items > 0; items--)
        {
            var key = reader.ReadKey();
            var count = reader.Read7BitEncodedInt();
            if (count == 0)
            {
                // Most items report nothing: they share one empty list.
                known[key] = [];
                continue;
            }
            var findings = new List<Kept>(CachedKeys.Bounded(count, bytes.Length / 4));
            for (; count > 0; count--)
            {
                var id = reader.ReadString();
                if (Codes.FirstOrDefault(c => c.Id == id) is not { } code) return null;
                findings.Add(new Kept(code, reader.ReadString(), reader.ReadString(), reader.ReadBoolean() ? reader.ReadString() : null));
            }
            known[key] = findings;
        }
        // Each file takes at least 25 bytes, each of its items 16 and each diagnostic 14: counts the payload cannot hold are not believed.
        var stored = CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 25);
        var files = new Dictionary<string, StoredFile>(stored, StringComparer.Ordinal);
        for (; stored > 0; stored--)
        {
            var path = reader.ReadString();
            var key = reader.ReadKey();
            var fileHash = reader.ReadString();
            var keys = new UInt128[CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 16)];
            for (var i = 0; i < keys.Length; i++) keys[i] = reader.ReadKey();
            var diagnostics = new Diagnostic[CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 14)];
            for (var i = 0; i < diagnostics.Length; i++) diagnostics[i] = DiagnosticFormat.Read(reader);
            if (!files.TryAdd(path, new StoredFile(key, fileHash, keys, diagnostics))) return null;
        }
        return (known, files, named ? build : null);
    }
}
