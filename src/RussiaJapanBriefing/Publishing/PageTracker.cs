using System.Collections.Concurrent;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// Remembers, between builds of one process (<c>serve</c>), what every page was made from: each value it read from
/// the book (<see cref="BookReads"/>) with its hash, and the files it wrote. A build renders only the pages for which
/// one of those values changed; the others are kept without their models even being built. Whatever is read outside
/// a page while pages are made (planning them, the contested vocabulary), the book's settings and the theme count as
/// read by every page. Whole-book outputs (book.json, the search index, the feed) are tracked as pages are.
/// </summary>
internal sealed partial class PageTracker
{
    /// <summary>What a page wrote and read; the hashes are of the values read, in the book the page was made from.</summary>
    private sealed record PageRecord(IReadOnlyList<string> Files, IReadOnlyDictionary<BookRead, string> Reads);

    /// <param name="Settings">The build's settings that pages show (base URL, live reload).</param>
    private sealed record Records(string Theme, string Settings, IReadOnlyDictionary<BookRead, string> Everywhere, IReadOnlyDictionary<string, PageRecord> Pages);

    /// <summary>The book's settings, read by every page (see <see cref="BriefingBook.Settings"/>).</summary>
    private static readonly BookRead Settings = new("", null);

    /// <summary>The name a whole-book output (<see cref="IOutput.WholeBook"/>) is tracked by, as if it were a page (no page's address has a colon).</summary>
    private const string WholeBook = "output:";

    private Records? _published, _pending;

    /// <summary>
    /// This build of the engine: pages are made by its code as well as from what they read, so records another build
    /// of rjb made (an upgrade, a local change) are not trusted. The module id changes with every compilation.
    /// </summary>
    internal static readonly string Engine = EngineIdentity();

    private static string EngineIdentity()
    {
        var assembly = typeof(PageTracker).Assembly;
        string module;
        try
        {
            module = assembly.ManifestModule.ModuleVersionId.ToString();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            module = ""; // a native build may lack module metadata: its executable's stamp below tells builds apart
        }
        return string.Join("|", module, Stamp(Environment.ProcessPath));
    }

    /// <summary>A file's size and time: enough to tell one build of rjb from another without reading it.</summary>
    private static string Stamp(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "";
        var info = new FileInfo(path);
        return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "";
    }

    /// <summary>Pages the last build kept without rendering them.</summary>
    public int Kept { get; private set; }

    /// <summary>Writes every output as <see cref="Outputs.WriteAll"/> does, rendering only the pages whose inputs changed since the last published build.</summary>
    public void WriteAll(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics)
    {
        _pending = null;
        var book = site.Book;
        var hashes = new ConcurrentDictionary<BookRead, string>();
        var records = new ConcurrentDictionary<object, string>(ReferenceEqualityComparer.Instance);
        string HashOf(BookRead read) => hashes.GetOrAdd(read, r => Fingerprint(r == Settings ? book.Settings : book.ValueOf(r), records));

        var settings = $"{site.BaseUrl}\n{site.LiveReload}\n{Engine}";
        var fresh = FreshPages(site.Theme, settings, HashOf);
        var reads = new BookReads();
        var tracking = new TrackingSink(sink, reads, fresh, path => _published!.Pages[path].Files);
        var everywhere = new HashSet<BookRead> { Settings };
        book.Record(reads);
        try
        {
            foreach (var output in Outputs.All)
            {
                // Reads outside pages count only for outputs that make pages: book.json reads everything, and no page reads book.json.
                reads.RecordOutside = true;
                var before = tracking.Made.Count;
                // A whole-book output is one page to the tracker: not made at all while nothing it read has changed.
                if (output.WholeBook) tracking.Page(WholeBook + output.GetType().Name, () => output.Write(site, tracking, diagnostics));
                else output.Write(site, tracking, diagnostics);
                var outside = reads.TakeOutside();
                if (tracking.Made.Count > before) everywhere.UnionWith(outside);
            }
        }
        finally
        {
            reads.RecordOutside = false;
            book.Record(null);
        }
        Kept = tracking.Made.Count(p => p.Value.Reads is null && !p.Key.StartsWith(WholeBook, StringComparison.Ordinal));
        // Hashing what every page read is a tenth of a clean build: it runs on every core, as rendering did. The hashing is
        // in Select: PLINQ's ToDictionary calls its selectors on the calling thread alone.
        var pages = tracking.Made.AsParallel().Select(p => (p.Key, Record: p.Value.Reads is null
            ? _published!.Pages[p.Key]
            : new PageRecord(p.Value.Files, p.Value.Reads.ToDictionary(r => r, HashOf)))).ToDictionary(p => p.Key, p => p.Record, StringComparer.Ordinal);
        _pending = new Records(site.Theme.Fingerprint, settings, everywhere.ToDictionary(r => r, HashOf), pages);
    }

    /// <summary>
    /// The hash of a value read, in one pass, with each of the book's records in it (a claim, a source) hashed once per
    /// build however many values hold it: pages read the same claims through several tables, and the whole-book outputs
    /// read every claim through a dozen. A record stands in its value by its hash; a value's type is fixed by its table,
    /// so a hash never stands where the same read once held text.
    /// </summary>
    private static string Fingerprint(object? value, ConcurrentDictionary<object, string> records) =>
        ModelFingerprint.Of(Shared(value, records));

    private static object? Shared(object? value, ConcurrentDictionary<object, string> records) => value switch
    {
        Claim or Source or Entity or Disagreement => records.GetOrAdd(value, record => ModelFingerprint.Of(record)),
        System.Collections.IEnumerable list and not string and not IDictionary<string, object?> =>
            list.Cast<object?>().Select(item => Shared(item, records)).ToList(),
        _ => value,
    };

    /// <summary>The build was published: what it recorded describes the output now.</summary>
    public void Published() => _published = _pending ?? _published;

    /// <summary>Forget everything: the next build renders every page.</summary>
    public void Reset() => _published = _pending = null;

    private IReadOnlySet<string> FreshPages(Theme theme, string settings, Func<BookRead, string> hashOf)
    {
        var last = _published;
        if (last is null || last.Theme != theme.Fingerprint || last.Settings != settings || !Unchanged(last.Everywhere, hashOf)) return new HashSet<string>();
        return last.Pages.AsParallel().Where(p => Unchanged(p.Value.Reads, hashOf)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    private static bool Unchanged(IReadOnlyDictionary<BookRead, string> reads, Func<BookRead, string> hashOf) =>
        reads.All(r => hashOf(r.Key) == r.Value);

    /// <summary>Passes files through to the real sink, keeping fresh pages and recording what every other page reads and writes.</summary>
    private sealed class TrackingSink(IOutputSink inner, BookReads reads, IReadOnlySet<string> fresh, Func<string, IReadOnlyList<string>> lastFiles)
        : IOutputSink
    {
        /// <summary>Pages are written with this fingerprint, and kept by it: whether a page is fresh is decided by what it read, not by its model.</summary>
        private const string ByReads = "";

        [ThreadStatic] private static List<string>? t_files;

        /// <summary>Every page made, by address: its files, and what it read (null when it was kept).</summary>
        public ConcurrentDictionary<string, (IReadOnlyList<string> Files, IReadOnlySet<BookRead>? Reads)> Made { get; } = new(StringComparer.Ordinal);

        public bool Caches => false;
        public IReadOnlyList<string> Paths => inner.Paths;
        public bool TryKeep(string path, string fingerprint) => false;

        public bool Write(string path, string? fingerprint, Func<Stream, bool> write)
        {
            t_files?.Add(path);
            return inner.Write(path, t_files is null ? fingerprint : ByReads, write);
        }

        public bool Write(string path, string? fingerprint, byte[] bytes)
        {
            t_files?.Add(path);
            return inner.Write(path, t_files is null ? fingerprint : ByReads, bytes);
        }

        public void Write(string path, Action<Stream> write)
        {
            if (t_files is null)
            {
                inner.Write(path, write);
                return;
            }
            // A data file of a tracked output, kept like a page's files by what was read.
            t_files.Add(path);
            inner.Write(path, ByReads, stream =>
            {
                write(stream);
                return true;
            });
        }

        public void Copy(string path, byte[] bytes) => inner.Copy(path, bytes);

        public void Page(string path, Action render)
        {
            // Kept only when every file it wrote is still on disk as written (the cache checks); else it is made again.
            if (fresh.Contains(path) && lastFiles(path) is var files && files.All(f => inner.TryKeep(f, ByReads)))
            {
                Made[path] = (files, null);
                return;
            }
            var outer = t_files;
            var written = new List<string>();
            t_files = written;
            try
            {
                var read = reads.During(render);
                Made[path] = (written, read);
            }
            finally
            {
                t_files = outer;
            }
        }
    }
}
