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
    /// <summary>What a page wrote and read: the numbers of its reads in its records' <see cref="ReadTable"/>.</summary>
    private sealed record PageRecord(IReadOnlyList<string> Files, int[] Reads);

    /// <param name="Settings">The build's settings that pages show (base URL, live reload).</param>
    /// <param name="Hashes">The hash of each read a page or <paramref name="Everywhere"/> refers to, by number, in the book the build was made from.</param>
    /// <param name="Pages">
    /// Every page's record. <c>serve</c>'s published records are updated in place by the next build published with the
    /// same table (see <see cref="Delta"/>), and so are <paramref name="Hashes"/> and <see cref="Known"/>, which may be
    /// longer than the table: nothing else holds them.
    /// </param>
    private sealed record Records(string Theme, string Settings, ReadTable Reads, UInt128[] Hashes, int[] Everywhere, Dictionary<string, PageRecord> Pages)
    {
        /// <summary>The book these records were made from, in this process (<c>serve</c>): null for records loaded from the cache.</summary>
        public BriefingBook? Book { get; init; }

        /// <summary>Which of <see cref="Hashes"/> were taken (the others are unset), when <see cref="Book"/> is known.</summary>
        public bool[]? Known { get; init; }

        /// <summary>
        /// The pages as planned, when <see cref="Book"/> is known: the plan of the next book too while nothing the
        /// planning read (<see cref="Everywhere"/>) has changed, so that a save neither plans nor visits every page.
        /// </summary>
        public IReadOnlyDictionary<string, PlannedPage>? Plan { get; init; }

        /// <summary>
        /// For the command line, whose records are saved once: the records they were made from, and the pages made then,
        /// when every other page of those was kept. Saving appends the pages made as they are, rather than comparing
        /// every page with the records in the file (40,000 lookups at 10,000 sources).
        /// </summary>
        public (Records Before, Dictionary<string, PageRecord> Made)? Since { get; init; }
    }

    /// <summary>
    /// What a <c>serve</c> build changed in the records it was made against, <paramref name="Against"/>: the pages it
    /// made and those it no longer makes, the hashes it took, and the reads it was asked about (whose hashes in
    /// <paramref name="Against"/> no longer hold unless taken again). Applied to them in place only when the build is
    /// published, so a save costs in proportion to what it changed, and a build that fails leaves them as they were.
    /// </summary>
    private sealed record Delta(Records Against, IReadOnlyDictionary<string, PageRecord> Made, IReadOnlyList<string> Dropped,
        IReadOnlyDictionary<int, UInt128> Hashes, IReadOnlyCollection<int> Asked, int[] Everywhere, BriefingBook Book, IReadOnlyDictionary<string, PlannedPage>? Plan);

    /// <summary>
    /// Every read that records refer to, numbered, so that a page's reads are numbers and whether one changed is an
    /// array lookup. Builds with the same theme and settings share one table and only add to it, so the records of
    /// the last published build stay valid whatever a later build does; a build that renders every page starts a new
    /// one, which is when the reads no page makes any more are dropped.
    /// </summary>
    private sealed class ReadTable
    {
        private readonly List<BookRead> _reads = [];
        private Dictionary<BookRead, int>? _numbers;

        public int Count => _reads.Count;

        /// <summary>
        /// The pages that read each read, by number, as recorded when their records were made: a page made again is
        /// added again, and may stay listed for reads it no longer makes, so a list is checked against the page's record.
        /// Made from the records when first needed, and again once it has grown to twice their reads.
        /// </summary>
        private List<string>?[]? _readers;
        private long _listed, _recorded;

        /// <summary>Whether the table lists the readers of its reads (only serve's does).</summary>
        public bool Lists => _readers is not null;

        public IReadOnlyList<string> Readers(int number) => number < _readers!.Length ? _readers[number] ?? [] : [];

        /// <summary>Lists <paramref name="path"/> as a reader of each of <paramref name="numbers"/>.</summary>
        public void Listed(string path, int[] numbers)
        {
            if (_readers is null) return;
            if (_readers.Length < _reads.Count) Array.Resize(ref _readers, Math.Max(_reads.Count, _readers.Length * 2));
            foreach (var number in numbers) (_readers[number] ??= []).Add(path);
            _listed += numbers.Length;
        }

        /// <summary>
        /// Makes the readers afresh from <paramref name="pages"/> when there are none yet or too many listed;
        /// <paramref name="recorded"/> is how many reads the pages' records have changed by since the table last counted
        /// them, or null to count them all again (a build that made every page).
        /// </summary>
        public void List(IReadOnlyDictionary<string, PageRecord> pages, long? recorded)
        {
            _recorded = recorded is { } change ? _recorded + change : pages.Values.Sum(p => (long)p.Reads.Length);
            if (_readers is not null && _listed <= 2 * _recorded + 1024) return;
            _readers = new List<string>?[_reads.Count];
            _listed = 0;
            foreach (var (path, page) in pages) Listed(path, page.Reads);
        }

        public BookRead this[int number] => _reads[number];

        public void Add(BookRead read) => _reads.Add(read);

        public void EnsureCapacity(int count) => _reads.EnsureCapacity(count);

        /// <summary>The number of a read, added when new. Not thread-safe: pages are numbered after rendering.</summary>
        public int Number(BookRead read)
        {
            if (!Numbers.TryGetValue(read, out var number))
            {
                number = _reads.Count;
                _reads.Add(read);
                _numbers!.Add(read, number);
            }
            return number;
        }

        /// <summary>The number of a read in the table, if it is there.</summary>
        public bool TryNumber(BookRead read, out int number) => Numbers.TryGetValue(read, out number);

        // Made on first use: a loaded table is only looked up in when some page was rendered. Sized for the reads it
        // holds: grown from empty to the 180,000 reads of 10,000 sources, it took 17 MB of fresh memory rather than 5.
        private Dictionary<BookRead, int> Numbers => _numbers ??= NumbersOf(_reads);

        private static Dictionary<BookRead, int> NumbersOf(List<BookRead> reads)
        {
            var numbers = new Dictionary<BookRead, int>(reads.Count);
            for (var i = 0; i < reads.Count; i++) numbers.Add(reads[i], i);
            return numbers;
        }
    }

    /// <summary>The book's settings, read by every page (see <see cref="BriefingBook.Settings"/>).</summary>
    private static readonly BookRead Settings = new("", null);

    /// <summary>The name a whole-book output (<see cref="IOutput.WholeBook"/>) is tracked by, as if it were a page (no page's address has a colon).</summary>
    private const string WholeBook = "output:";

    private Records? _published, _pending;

    /// <summary>What the command line's build is still recording of the pages it made (see <see cref="WriteAll"/>): done before they are published.</summary>
    private Task? _recording;

    /// <summary>What the last build changed in <see cref="_published"/>, when it was made against them in place (<c>serve</c>).</summary>
    private Delta? _delta;

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

    /// <summary>Whether the writer of the last build kept every file of the one before but those of the pages made again (serve, see <see cref="SiteWriter.KeepAll"/>).</summary>
    public bool KeptAll { get; private set; }

    /// <summary>Whether the last build hashed only the reads an edit that replaced claims alone may have changed (<see cref="SiteContext.Edited"/>).</summary>
    public bool AskedByEdit { get; private set; }

    /// <summary>Whether the last build planned the pages afresh, rather than taking the plan of the build before (serve).</summary>
    public bool Planned { get; private set; }

    /// <summary>Writes every output as <see cref="Outputs.WriteAll"/> does, rendering only the pages whose inputs changed since the last published build.</summary>
    public void WriteAll(SiteContext site, SiteWriter sink, DiagnosticBag diagnostics)
    {
        // The last build's recording, should that build have failed before it was published, ends before this one
        // begins; it is dropped, failed or not, as is all that build made.
        if (_recording is { } recording) ((IAsyncResult)recording).AsyncWaitHandle.WaitOne();
        _pending = null;
        _delta = null;
        _recording = null;
        var book = site.Book;
        var settings = $"{site.BaseUrl}\n{site.LiveReload}\n{Engine}";
        var last = _published is { } published && published.Theme == site.Theme.Fingerprint && published.Settings == settings ? published : null;
        var table = last?.Reads ?? new ReadTable();
        var asked = Asked(book, table, last);
        var asBefore = AsBefore(book, table, last);
        // The command line's records have no book to compare with: an edit known to have replaced claims alone tells what to ask.
        var edited = asked is null && last is { Book: null } && site.Edited is { } claims ? EditedReads.Of(table, book.AfterEdit(claims)) : null;
        var hashes = edited is not null ? new BuildHashes(table, Hasher(book, table, null, null), last!.Hashes, KnownOf(last.Hashes), edited.Asked)
            : asked is null ? new BuildHashes(table, Hasher(book, table, last, asBefore))
            : new BuildHashes(table, Hasher(book, table, last, asBefore), last!.Hashes, last.Known!, asked);
        var fresh = edited is not null ? FreshAfterEdit(last!, hashes, edited) : FreshPages(last, hashes, asked, asBefore);
        AskedByEdit = edited is not null && fresh.Count > 0;
        if (fresh.Count == 0)
        {
            hashes = new BuildHashes(table = new ReadTable(), Hasher(book, table, null, null));
            asked = null;
            edited = null;
        }

        var reads = new BookReads();
        var tracking = new TrackingSink(sink, reads, fresh, path => last?.Pages.GetValueOrDefault(path)?.Files);
        var everywhere = new HashSet<BookRead> { Settings };
        // Nothing the planning read has changed (FreshPages found every page's reads the same, and serve asks only what
        // its edit may have changed), so the pages are those planned last time: only those not kept are visited again.
        var plan = asked is not null ? last!.Plan : null;
        Planned = plan is null;
        // And with every file of the last build on disk as written, the writer keeps them all: only the pages made again
        // are visited. So does the command line's after an edit that replaced claims alone, which plans the pages afresh
        // (its records hold no plan) but visits only those stale or new.
        var keptAll = KeptAll = (!Planned || edited is not null) && sink.KeepAll();
        book.Record(reads);
        try
        {
            Outputs.Run(output =>
            {
                if (output is Pages)
                {
                    var renderer = Pages.Renderer(site, tracking);
                    // Beside the whole-book outputs, which take longest: going through every page's files is not quick.
                    if (!Planned) renderer.Render(keptAll ? Stale(last!.Pages, plan!, fresh, tracking) : NotKept(last!.Pages, plan!, fresh, tracking), diagnostics);
                    else
                        everywhere.UnionWith(reads.Outside(() =>
                        {
                            var pages = renderer.Plan(diagnostics);
                            plan = pages.ToDictionary(p => p.Path, StringComparer.Ordinal);
                            renderer.Render(keptAll ? Anew(last!.Pages, pages, plan, fresh, tracking, sink) : pages, diagnostics);
                        }));
                    return;
                }
                if (output.WholeBook)
                {
                    // A whole-book output is one page to the tracker: not made at all while nothing it read has changed.
                    // What its work reads on other threads is its own too, not every page's: no page reads book.json.
                    var path = WholeBook + output.GetType().Name;
                    var outside = reads.Outside(() => tracking.Page(path, () => output.Write(site, tracking, diagnostics)));
                    if (tracking.Made.TryGetValue(path, out var made)) tracking.Made[path] = made with { Reads = outside.Union(made.Reads).ToHashSet() };
                }
                // What planning the pages reads counts for every page (the sitemap and the assets read nothing).
                else everywhere.UnionWith(reads.Outside(() => output.Write(site, tracking, diagnostics)));
            });
            everywhere.UnionWith(reads.Stray);
        }
        finally
        {
            book.Record(null);
        }
        Kept = tracking.KeptPages;
        // Pages of the last build neither kept nor made are no longer made: found by looking at every page only when some
        // are. Every page is visited when the writer keeps all, so only a whole-book output can be dropped: its files are
        // let go now, as the commit removes what is let go.
        IReadOnlyList<string> dropped = [];
        if (asked is not null)
        {
            var visited = tracking.KeptPaths.Count + tracking.KeptInBulk + tracking.Made.Keys.Count(last!.Pages.ContainsKey);
            if (visited != last.Pages.Count)
                dropped = [.. last.Pages.Keys.Where(path => !keptAll || path.StartsWith(WholeBook, StringComparison.Ordinal))
                    .Except(tracking.KeptPaths.Concat(tracking.Made.Keys), StringComparer.Ordinal)];
            if (keptAll)
                foreach (var path in dropped)
                    foreach (var file in last.Pages[path].Files) sink.Unkeep(file);
        }
        // What was made is recorded (numbered, hashed, listed) while the build commits: nothing of it is needed before it
        // is published (see Published). It was 30 ms on one core of a one-claim rebuild at 10,000 sources, and 4 ms of
        // serve's one-claim save.
        _recording = Task.Run(Record);

        void Record()
        {
            // Only the pages made are numbered and hashed: a kept page's reads were all hashed when its freshness was decided.
            var made = new Dictionary<string, PageRecord>(tracking.Made.Count, StringComparer.Ordinal);
            var before = last is not null && last.Reads == table ? last : null;
            foreach (var (path, (files, read)) in tracking.Made)
            {
                var record = made[path] = new PageRecord(files, Numbered(read, before?.Pages.GetValueOrDefault(path)?.Reads, table));
                table.Listed(path, record.Reads);
            }
            // Planned last time, the planning's reads are those it made then.
            var numbers = Planned ? Numbered(everywhere, before?.Everywhere, table) : Including(last!.Everywhere, everywhere.Select(table.Number));
            hashes.Take(numbers, made.Values.SelectMany(p => p.Reads));
            if (asked is not null)
            {
                _delta = new Delta(last!, made, dropped, hashes.Taken, asked, numbers, book, plan);
                return;
            }
            var pages = new Dictionary<string, PageRecord>(made, StringComparer.Ordinal);
            foreach (var path in tracking.KeptPaths) pages[path] = last!.Pages[path];
            // The command line's writer kept every page planned and not made with the rest of the last build's files (see Anew).
            if (keptAll)
                foreach (var (path, page) in last!.Pages)
                    if (!made.ContainsKey(path) && plan!.ContainsKey(path)) pages[path] = page;
            var all = edited is not null ? hashes.Merged() : hashes.All();
            _pending = new Records(site.Theme.Fingerprint, settings, table, all, numbers, pages)
            {
                Book = book,
                Known = edited is not null ? KnownOf(all) : hashes.Known,
                Plan = plan,
                // As many pages as before, each made one among them and the others kept from them: the same pages.
                Since = _file is not null && last is not null && pages.Count == last.Pages.Count && made.Keys.All(last.Pages.ContainsKey) ? (last, made) : null,
            };
        }
    }

    /// <summary>
    /// The numbers of <paramref name="reads"/> in <paramref name="table"/>, in increasing order: <paramref name="before"/>,
    /// the numbers the page or output had last time, when they are of the very same reads, as they are after most
    /// edits. Checked against the reads themselves, a set of a few thousand, rather than each looked up among the
    /// table's hundreds of thousands: the planning's 10,000 reads and the search index's 6,000 took 13 ms of a one-claim
    /// save at 10,000 sources. Increasing, so no number is there twice, even in records read from a damaged cache.
    /// </summary>
    private static int[] Numbered(IReadOnlySet<BookRead> reads, int[]? before, ReadTable table)
    {
        if (before is not null && before.Length == reads.Count && Same(before)) return before;
        int[] numbers = [.. reads.Select(table.Number)];
        Array.Sort(numbers);
        return numbers;

        bool Same(int[] last)
        {
            for (var i = 0; i < last.Length; i++)
                if (i > 0 && last[i] <= last[i - 1] || !reads.Contains(table[last[i]])) return false;
            return true;
        }
    }

    /// <summary>
    /// The pages of <paramref name="plan"/>, which made <paramref name="pages"/>, that are not kept: those stale, and
    /// those a file of which is no longer on disk as written. Found by going through the records, not the plan, so
    /// that a page kept is looked up nowhere but in the output's cache.
    /// </summary>
    private static List<PlannedPage> NotKept(Dictionary<string, PageRecord> pages, IReadOnlyDictionary<string, PlannedPage> plan, Fresh fresh, TrackingSink tracking)
    {
        var stale = new List<PlannedPage>();
        foreach (var (path, page) in pages)
            if (!path.StartsWith(WholeBook, StringComparison.Ordinal) && (fresh.IsStale(path) || !tracking.Keep(path, page.Files)))
                stale.Add(plan[path]);
        return stale;
    }

    /// <summary>
    /// The pages of <paramref name="plan"/>, which made <paramref name="pages"/>, that are not kept when the writer keeps
    /// every file of the last build (<see cref="SiteWriter.KeepAll"/>): the stale ones, found among the few stale,
    /// without a look at any other page. Each lets its last files go when it is made again (<see cref="TrackingSink.Page"/>).
    /// </summary>
    private static List<PlannedPage> Stale(Dictionary<string, PageRecord> pages, IReadOnlyDictionary<string, PlannedPage> plan, Fresh fresh, TrackingSink tracking)
    {
        var stale = new List<PlannedPage>();
        foreach (var path in fresh.Stale)
            if (!path.StartsWith(WholeBook, StringComparison.Ordinal)) stale.Add(plan[path]);
        stale.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var wholeBook = Outputs.All.Count(o => o.WholeBook && pages.ContainsKey(WholeBook + o.GetType().Name));
        tracking.KeptAllBut(pages.Count - wholeBook - stale.Count);
        return stale;
    }

    /// <summary>
    /// The pages of <paramref name="planned"/> (this build's plan, by address in <paramref name="plan"/>) to make when the
    /// command line's writer keeps every file of the last build, which made <paramref name="pages"/>: those stale. Every
    /// other page is kept with the rest of the files, without a look at any of them. Asking the writer to keep each of
    /// 20,000 pages' files was 23 ms of CPU after a one-claim edit at 10,000 sources.
    /// What planning read counts for every page, so a plan of other pages than the last finds none fresh, and no writer
    /// keeps all: the pages planned are those recorded. Should that not hold, a page new to the plan is made, and the
    /// files of one no longer planned are let go, as a clean build would have neither.
    /// </summary>
    private static List<PlannedPage> Anew(Dictionary<string, PageRecord> pages, List<PlannedPage> planned, IReadOnlyDictionary<string, PlannedPage> plan,
        Fresh fresh, TrackingSink tracking, SiteWriter sink)
    {
        var anew = new List<PlannedPage>();
        foreach (var page in planned)
            if (!fresh.Contains(page.Path)) anew.Add(page);
        var kept = planned.Count - anew.Count;
        // Every page recorded (but the whole-book outputs) is planned when as many planned pages were recorded.
        var wholeBook = Outputs.All.Count(o => o.WholeBook && pages.ContainsKey(WholeBook + o.GetType().Name));
        var stillPlanned = kept + anew.Count(page => pages.ContainsKey(page.Path));
        if (stillPlanned != pages.Count - wholeBook)
            foreach (var (path, page) in pages)
                if (!path.StartsWith(WholeBook, StringComparison.Ordinal) && !plan.ContainsKey(path))
                    foreach (var file in page.Files) sink.Unkeep(file);
        tracking.KeptAllBut(kept);
        return anew;
    }

    /// <summary><paramref name="numbers"/> (in increasing order) with <paramref name="more"/>, in increasing order: the very array when it holds them all.</summary>
    private static int[] Including(int[] numbers, IEnumerable<int> more)
    {
        var missing = more.Where(n => Array.BinarySearch(numbers, n) < 0).ToList();
        return missing.Count == 0 ? numbers : [.. numbers.Concat(missing).Distinct().Order()];
    }

    /// <summary>
    /// How a read, by its number in <paramref name="table"/>, is hashed in <paramref name="book"/>. <c>serve</c> makes
    /// each book from the last one's records, reusing every one a save left alone (see ResolvedRecords): a read that
    /// answers with the very instances it answered with in the last published book has that book's hash, and is not
    /// hashed again, so a save hashes in proportion to what it changed rather than the whole book.
    /// </summary>
    private Func<int, UInt128> Hasher(BriefingBook book, ReadTable table, Records? last, Func<int, bool>? asBefore) =>
        asBefore is not null
            ? number => asBefore(number) ? last!.Hashes[number] : HashOf(book, table[number])
            : number => HashOf(book, table[number]);

    /// <summary>
    /// Whether a read, by its number in <paramref name="table"/>, answers in <paramref name="book"/> as it did in the last
    /// published book, whose hash of it is known: told by the instances it answers with, or by comparing values, never
    /// by hashing. Null when there is no such book (records loaded from the cache, or made with another table).
    /// </summary>
    private Func<int, bool>? AsBefore(BriefingBook book, ReadTable table, Records? last) =>
        last is { Book: { } before, Known: { } known } && last.Reads == table
            ? number => number < known.Length && known[number] && (book.Same(before, table[number]) || SameValue(book, before, table[number]))
            : null;

    /// <summary>
    /// The reads that may answer otherwise in <paramref name="book"/> than in the last published book (see
    /// <see cref="BriefingBook.Changed"/>), by number: every other read answers with the very instances it did then,
    /// so its hash in <paramref name="last"/> still holds, and a save asks only what its edit may have changed.
    /// </summary>
    /// <returns>Null when every read must be asked (records loaded from the cache, or made with another table).</returns>
    private static HashSet<int>? Asked(BriefingBook book, ReadTable table, Records? last)
    {
        if (last is not { Book: { } before, Known: not null } || last.Reads != table || !table.Lists) return null;
        var asked = new HashSet<int>();
        foreach (var read in book.Changed(before).Append(Settings))
            if (table.TryNumber(read, out var number)) asked.Add(number);
        return asked;
    }

    /// <summary>A build found nothing changed since the last one it published, so it kept every page without rendering any.</summary>
    public void Replayed() => Kept = _published?.Pages.Keys.Count(path => !path.StartsWith(WholeBook, StringComparison.Ordinal)) ?? 0;

    /// <summary>The build was published: what it recorded describes the output now.</summary>
    public void Published()
    {
        _recording?.GetAwaiter().GetResult();
        _recording = null;
        if (_delta is { } delta) _published = Apply(delta);
        else if (_pending is { } pending)
        {
            _published = pending;
            // Only serve asks which pages read a read (see FreshPages); the command line's process ends with this build.
            if (_file is null) pending.Reads.List(pending.Pages, recorded: null);
        }
        if (_published?.Book is { } book) PruneRecordHashes(book);
        _pending = null;
        _delta = null;
    }

    /// <summary>
    /// <paramref name="delta"/> made to the records they were made against, in place: the pages made replace their
    /// records, the hashes taken are set, and those of reads asked but not taken again are no longer known.
    /// </summary>
    private Records? Apply(Delta delta)
    {
        var records = delta.Against;
        // Made against other records (a reset since): they cannot be applied, and the next build renders every page.
        if (!ReferenceEquals(records, _published) || records.Known is not { } known) return null;
        var hashes = records.Hashes;
        if (hashes.Length < records.Reads.Count)
        {
            // Grown to twice the size, so that a session of saves that each add a read copies the arrays rarely.
            var size = Math.Max(records.Reads.Count, 2 * hashes.Length);
            Array.Resize(ref hashes, size);
            Array.Resize(ref known, size);
        }
        foreach (var number in delta.Asked) known[number] = false;
        foreach (var (number, hash) in delta.Hashes)
        {
            hashes[number] = hash;
            known[number] = true;
        }
        var pages = records.Pages;
        long recorded = 0;
        foreach (var path in delta.Dropped)
            if (pages.Remove(path, out var page)) recorded -= page.Reads.Length;
        foreach (var (path, page) in delta.Made)
        {
            if (pages.TryGetValue(path, out var before)) recorded -= before.Reads.Length;
            pages[path] = page;
            recorded += page.Reads.Length;
        }
        records.Reads.List(pages, recorded);
        return records with { Hashes = hashes, Known = known, Everywhere = delta.Everywhere, Book = delta.Book, Plan = delta.Plan };
    }

    /// <summary>Forget everything: the next build renders every page.</summary>
    public void Reset()
    {
        _recording?.GetAwaiter().GetResult();
        _recording = null;
        _published = _pending = null;
        _delta = null;
    }

    /// <summary>
    /// The pages of the last build (when made with the same theme and settings) none of whose reads changed: nothing,
    /// when a read of every page did. When only the reads <paramref name="asked"/> may have changed, the pages that
    /// read those that did are found through the table's readers, not by looking at every page.
    /// </summary>
    private static Fresh FreshPages(Records? last, BuildHashes hashes, HashSet<int>? asked, Func<int, bool>? asBefore)
    {
        if (last is null) return Fresh.None;
        // A read whose hash the last build did not take (serve) counts as changed.
        bool Same(int number) => number < last.Hashes.Length && (last.Known is not { } known || known[number]) && hashes[number] == last.Hashes[number];
        // What every page read (the planning's reads, 10,000 at 10,000 sources): the command line hashes them all, on every core.
        if (!(asked is null ? last.Everywhere.AsParallel().All(Same) : last.Everywhere.All(Same))) return Fresh.None;
        if (asked is not null)
        {
            var stale = new HashSet<string>(StringComparer.Ordinal);
            var readers = new List<string>();
            // Reads of a whole table last: hashing one is a pass over the table (a tenth of a save for the claims at
            // 10,000 sources), and it need not be taken when every page that reads it is stale for another read.
            foreach (var number in asked.OrderBy(n => last.Reads[n].Key is null))
            {
                readers.Clear();
                var current = false;
                // A page stays listed for a read its record no longer makes (see ReadTable.Readers).
                foreach (var path in last.Reads.Readers(number))
                    if (last.Pages.TryGetValue(path, out var page) && Array.IndexOf(page.Reads, number) >= 0)
                    {
                        current = true;
                        if (!stale.Contains(path)) readers.Add(path);
                    }
                if (current && readers.Count == 0) hashes.Defer(number);
                else if (readers.Count == 0) continue;
                else if (asBefore!(number)) hashes.Kept(number);
                else
                {
                    // Changed, so every page that read it is made again: its new hash is not needed to tell that, and
                    // taking it is a pass over the table for a whole-table read (the claims, at every claim edit).
                    stale.UnionWith(readers);
                    hashes.Defer(number);
                }
            }
            return new Fresh(last.Pages, stale);
        }
        // Each read's hash is taken once, by whichever page asks first; the pages are checked on every core.
        var changed = last.Pages.AsParallel().Where(p => !p.Value.Reads.All(Same)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return new Fresh(last.Pages, changed);
    }

    /// <summary>
    /// The reads of <paramref name="table"/> an edit that replaced claims alone may have changed (see
    /// <see cref="BriefingBook.AfterEdit"/>): those to hash and compare, and among them those taken as changed unhashed.
    /// </summary>
    private sealed record EditedReads(HashSet<int> Asked, HashSet<int> Changed)
    {
        public static EditedReads Of(ReadTable table, Func<BookRead, EditedRead> afterEdit)
        {
            // Told on every core: the table holds 165,000 reads at 10,000 sources, and this is on the render phase's longest path.
            var answers = new EditedRead[table.Count];
            Parallel.ForEach(Partitioner.Create(0, answers.Length), range =>
            {
                for (var number = range.Item1; number < range.Item2; number++) answers[number] = afterEdit(table[number]);
            });
            var reads = new EditedReads([], []);
            for (var number = 0; number < answers.Length; number++)
            {
                if (answers[number] == EditedRead.Same) continue;
                reads.Asked.Add(number);
                if (answers[number] == EditedRead.Changed) reads.Changed.Add(number);
            }
            return reads;
        }
    }

    /// <summary>
    /// The pages of the command line's last build none of whose reads an edit that replaced claims alone changed:
    /// only the reads it may have changed are hashed (see <see cref="EditedReads"/>); any other answers as it did,
    /// and keeps its hash in <paramref name="last"/>. A read whose hash the last build did not take counts as changed.
    /// Nothing, when a read of every page changed.
    /// </summary>
    private static Fresh FreshAfterEdit(Records last, BuildHashes hashes, EditedReads edited)
    {
        var changed = new bool[last.Reads.Count];
        for (var number = 0; number < changed.Length; number++)
            changed[number] = number >= last.Hashes.Length || last.Hashes[number] == Untaken || edited.Changed.Contains(number);
        foreach (var number in edited.Changed) hashes.Defer(number);
        Parallel.ForEach(edited.Asked.Where(n => !changed[n]), number =>
        {
            if (hashes[number] != last.Hashes[number]) changed[number] = true;
        });
        if (last.Everywhere.Any(n => changed[n])) return Fresh.None;
        var stale = last.Pages.AsParallel().Where(p => p.Value.Reads.Any(n => changed[n])).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return new Fresh(last.Pages, stale);
    }

    /// <summary>
    /// The hash records hold for a read whose hash was not taken: records on disk keep no other mark of it, and no
    /// value hashes to it in practice, so such a read never compares the same.
    /// </summary>
    private static readonly UInt128 Untaken = UInt128.Zero;

    private static bool[] KnownOf(UInt128[] hashes) => [.. hashes.Select(h => h != Untaken)];

    /// <summary>The pages of the last build but those stale.</summary>
    private sealed class Fresh(IReadOnlyDictionary<string, PageRecord> pages, HashSet<string> stale)
    {
        public static readonly Fresh None = new(new Dictionary<string, PageRecord>(), []);

        public int Count => pages.Count - stale.Count;

        public bool Contains(string path) => pages.ContainsKey(path) && !IsStale(path);

        /// <summary>Whether a page of the last build is stale.</summary>
        public bool IsStale(string path) => stale.Contains(path);

        /// <summary>The stale pages of the last build.</summary>
        public IReadOnlyCollection<string> Stale => stale;
    }

    /// <summary>
    /// The hashes of reads in this build's book, by number, each taken at most once and only when asked for. Threads
    /// may ask at once: two that race both take the same hash, and a hash is published only after it is written.
    /// </summary>
    private sealed class BuildHashes
    {
        private readonly ReadTable _table;
        private readonly Func<int, UInt128> _hashOf;
        private UInt128[] _hashes;
        private bool[] _known;

        /// <summary>A build that hashes what it is asked for afresh.</summary>
        public BuildHashes(ReadTable table, Func<int, UInt128> hashOf)
        {
            _table = table;
            _hashOf = hashOf;
            _hashes = new UInt128[table.Count];
            _known = new bool[table.Count];
        }

        /// <summary>
        /// A build that takes the last build's <paramref name="hashes"/> (made with the same table) for every read but those
        /// <paramref name="asked"/>: only these and new reads are hashed, and kept apart (see <see cref="Taken"/>), so a
        /// save allocates and copies nothing the size of the table.
        /// </summary>
        public BuildHashes(ReadTable table, Func<int, UInt128> hashOf, UInt128[] hashes, bool[] known, HashSet<int> asked)
        {
            _table = table;
            _hashOf = hashOf;
            _hashes = hashes;
            _known = known;
            _asked = asked;
            _taken = new ConcurrentDictionary<int, UInt128>();
        }

        private readonly HashSet<int>? _asked;
        private readonly ConcurrentDictionary<int, UInt128>? _taken;
        private readonly HashSet<int> _deferred = [];

        /// <summary>
        /// Leaves the hash of an asked read untaken, every page that read it being made again (for this read, found
        /// changed, or for another): it is then no longer known, and should it be asked again its readers are taken as
        /// stale without hashing it.
        /// </summary>
        public void Defer(int number) => _deferred.Add(number);

        /// <summary>An asked read found to answer as in the last build: its hash there holds.</summary>
        public void Kept(int number) => _taken![number] = _hashes[number];

        public UInt128 this[int number]
        {
            get
            {
                if (_taken is not null)
                    return _taken.TryGetValue(number, out var taken) ? taken
                        : number < _known.Length && _known[number] && !_asked!.Contains(number) ? _hashes[number]
                        : _taken.GetOrAdd(number, _hashOf);
                if (!Volatile.Read(ref _known[number]))
                {
                    _hashes[number] = _hashOf(number);
                    Volatile.Write(ref _known[number], true);
                }
                return _hashes[number];
            }
        }

        /// <summary>
        /// For one made on the last build's hashes: every hash of the table, the last build's with those this build
        /// took, and those asked and not taken again (deferred) <see cref="Untaken"/>.
        /// </summary>
        public UInt128[] Merged()
        {
            var all = new UInt128[_table.Count];
            Array.Copy(_hashes, all, Math.Min(_hashes.Length, all.Length));
            foreach (var number in _asked!)
                if (number < all.Length) all[number] = Untaken;
            foreach (var (number, hash) in _taken!) all[number] = hash;
            return all;
        }

        /// <summary>The hashes this build took (only for one made on the last build's hashes).</summary>
        public IReadOnlyDictionary<int, UInt128> Taken => _taken!;

        /// <summary>Which hashes are taken, by number (for a build that hashes afresh).</summary>
        public bool[] Known => _known;

        /// <summary>Every hash of the table (reads added since this was made too), for a build that hashes afresh.</summary>
        public UInt128[] All() => _hashes;

        /// <summary>
        /// Takes at least the hashes of <paramref name="everywhere"/>, and of <paramref name="reads"/> but those deferred:
        /// a read every page counts as made is never deferred, or the next build would find every page stale.
        /// </summary>
        public void Take(int[] everywhere, IEnumerable<int> reads)
        {
            if (_taken is null)
            {
                Array.Resize(ref _hashes, _table.Count);
                Array.Resize(ref _known, _table.Count);
            }
            bool Missing(int n) => _taken is null ? !_known[n] : !_taken.ContainsKey(n) && (n >= _known.Length || !_known[n] || _asked!.Contains(n));
            var missing = everywhere.Where(Missing).Concat(reads.Where(n => !_deferred.Contains(n) && Missing(n))).Distinct().ToArray();
            // Hashing what the rendered pages read is a tenth of a clean build: it runs on every core, as rendering did.
            Parallel.ForEach(missing, n => _ = this[n]);
        }
    }

    /// <summary>Passes files through to the real sink, keeping fresh pages and recording what every other page reads and writes.</summary>
    private sealed class TrackingSink(SiteWriter inner, BookReads reads, Fresh fresh, Func<string, IReadOnlyList<string>?> lastFiles)
        : IOutputSink
    {
        /// <summary>Pages are written with this fingerprint, and kept by it: whether a page is fresh is decided by what it read, not by its model.</summary>
        private const string ByReads = "";

        [ThreadStatic] private static List<string>? t_files;

        /// <summary>Every page made, by address: its files, and what it read.</summary>
        public ConcurrentDictionary<string, (IReadOnlyList<string> Files, IReadOnlySet<BookRead> Reads)> Made { get; } = new(StringComparer.Ordinal);

        /// <summary>The pages of the last build kept as they were.</summary>
        public ConcurrentQueue<string> KeptPaths { get; } = new();

        private int _keptPages;

        /// <summary>How many of <see cref="KeptPaths"/> are pages, not whole-book outputs, and how many were kept with every other file (<see cref="KeptInBulk"/>).</summary>
        public int KeptPages => _keptPages + KeptInBulk;

        /// <summary>The pages kept by the writer keeping every file of the last build but those let go, not listed in <see cref="KeptPaths"/>.</summary>
        public int KeptInBulk { get; private set; }

        public void KeptAllBut(int pages) => KeptInBulk = pages;

        public bool Caches => false;
        public IReadOnlyList<string> Paths => inner.Paths;
        public string? PublishedHash(string path) => inner.PublishedHash(path);
        public byte[]? Published(string path) => inner.Published(path);
        public bool TryKeep(string path, string fingerprint) => false;

        /// <summary>A file of a tracked output kept as published (a search shard an edit did not change) is one of its files, kept later as a page's are.</summary>
        public bool TryKeepPublished(string path, string? fingerprint, string hash)
        {
            if (!inner.TryKeepPublished(path, t_files is null ? fingerprint : ByReads, hash)) return false;
            t_files?.Add(path);
            return true;
        }

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

        public bool WriteHashed(string path, string? fingerprint, Func<Stream, string> write)
        {
            t_files?.Add(path);
            return inner.WriteHashed(path, t_files is null ? fingerprint : ByReads, write);
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

        /// <summary>Each of a kept page's files kept as published: a loop, as a lambda and an enumerator for each of the thousands of pages a save keeps were garbage.</summary>
        private bool KeptAll(IReadOnlyList<string> files)
        {
            for (var i = 0; i < files.Count; i++)
                if (!inner.TryKeep(files[i], ByReads)) return false;
            return true;
        }

        /// <summary>
        /// Whether the page (or whole-book output) at <paramref name="path"/> is kept as the last build made it: when it
        /// is fresh, and every file it wrote is still on disk as written (the cache checks).
        /// </summary>
        private bool Kept(string path) => fresh.Contains(path) && Keep(path, lastFiles(path)!);

        /// <summary>Keeps a fresh page (or whole-book output) of the last build, which wrote <paramref name="files"/>, when every one is still on disk as written.</summary>
        public bool Keep(string path, IReadOnlyList<string> files)
        {
            if (!KeptAll(files)) return false;
            KeptPaths.Enqueue(path);
            if (!path.StartsWith(WholeBook, StringComparison.Ordinal)) Interlocked.Increment(ref _keptPages);
            return true;
        }

        public void Page(string path, Action render)
        {
            if (Kept(path)) return;
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
            // Made again, it may no longer make every file it made last time: those it did not are let go, should the
            // writer keep all. Once made, not before: the search index keeps most of its thousands of shards as published,
            // which a writer keeping all then keeps without a word (see SiteWriter.TryKeepPublished).
            if (lastFiles(path) is not { Count: > 0 } before) return;
            var made = new HashSet<string>(written, StringComparer.Ordinal);
            foreach (var file in before)
                if (!made.Contains(file)) inner.Unkeep(file);
        }
    }
}
