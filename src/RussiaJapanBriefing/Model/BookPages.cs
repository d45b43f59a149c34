using System.Collections.Concurrent;
using System.Text;

namespace RussiaJapanBriefing.Model;

/// <summary>
/// Which page shows what, once the book is too big for one page per topic, one chronology and one list per kind:
/// decided here, once per book, because links point at a claim's page before that page is rendered (search, feeds
/// and book.json too). A small book keeps its single pages; only what outgrows its budget is split.
/// </summary>
/// <remarks>
/// The bound is on bytes, estimated from the text each item brings to a page (see <see cref="Size(Claim)"/>), not
/// on a count of items: forty claims with long quotes weigh more than four hundred short ones. A page's claims may
/// weigh <see cref="PageBudget"/> (256 KiB) by that estimate. The estimate is close to the rendered size (the real
/// book's pages come to 0.8–1.1 times it), so a full page stays a quarter of the 1 MB every page must stay under,
/// and the frame around the claims (layout, navigation, the year index) has room. The real book's biggest
/// topic (about 130 KB) and its chronology (about 110 KB) stay whole, so a small book builds as it always did.
/// It is made with the book, before any page records its reads, and each query records itself instead: a page then
/// depends on where its claims are placed, not on every claim the placing looked at (see <see cref="BookReads"/>).
/// </remarks>
public sealed partial class BookPages : IRecordedTable
{
    public const long PageBudget = 256 * 1024;

    /// <summary>The most recent dated claims a split topic page opens with.</summary>
    public const int LatestCount = 10;

    /// <summary>The most recent dated claims the front page lists (<see cref="BriefingBook.Latest"/>).</summary>
    public const int FrontPageLatest = 6;

    /// <summary>
    /// Entries per page of a list that grows with the book (a kind, the sources, a topic's meetings, related and
    /// "mentioned in" links). Each entry is a link with a line of detail, so a count bounds them well enough: a
    /// hundred make a page of tens of kilobytes. No list in the real book comes near it.
    /// </summary>
    public const int ListPageSize = 100;

    private readonly BriefingBook _book;
    private readonly PatchTable<string, TopicRecord> _topics;
    private readonly PatchTable<string, string> _claimPages;
    private readonly PatchTable<string, string> _chronologyPages;
    private readonly PatchTable<string, string> _disagreementPages;

    /// <param name="patch">
    /// For <c>serve</c>: the last book's pages, when this book differs from that one only by claims replaced in place
    /// (the same ids, about the same entities, with the same dates; see BriefingBook): only the topics and years those
    /// claims are in are cut again, and the rest is taken as it is, as this book would cut it the same way.
    /// </param>
    internal BookPages(BriefingBook book, (BookPages Before, List<(Claim Now, Claim Was)> InPlace)? patch)
    {
        _book = book;
        // Sizes are kept per claim instance, and hold while the sources and entities are the same; those of claims
        // replaced stay too, so the last book's are taken only while they do not outgrow the book.
        if (patch is var (before, inPlace) && before._sizes.Count <= 2 * book.Claims.Count + 64)
        {
            _sizes = before._sizes;
            _kept = before._kept;
            var recut = new Recut(before._stamp, new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            (_topics, _claimPages, _disagreementPages) = Patched(before, inPlace, recut);
            _chronologyWeight = before._chronologyWeight;
            foreach (var (now, was) in inPlace)
                if (now.Date is not null) _chronologyWeight += Size(now) - Size(was);
            (_chronologyParts, _chronologyPages) = _chronologyWeight <= PageBudget ? (null, new(StringComparer.Ordinal))
                : before._chronologyParts is { } parts ? Patched(parts, before._chronologyPages, inPlace, recut)
                : ChronologyPages(book.Chronology);
            _sourcePages = before._sourcePages;
            // A chronology split or joined again moves every dated claim: then the pages are compared whole.
            if (_chronologyParts is null == before._chronologyParts is null) _recut = recut;
            return;
        }

        _sizes = new(ReferenceEqualityComparer.Instance);
        _topics = new(StringComparer.Ordinal);
        _claimPages = new(StringComparer.Ordinal);
        _disagreementPages = new(StringComparer.Ordinal);
        // The chronology is cut beside the topics: it places every dated claim in a table of its own, and was otherwise
        // a tenth of a second on one core after them at 10,000 sources.
        var chronology = Task.Run(() =>
        {
            var weight = Weight(book.Chronology);
            return (weight, weight > PageBudget ? ChronologyPages(book.Chronology) : (null, new(StringComparer.Ordinal)));
        });
        // Each topic is weighed and cut on its own, and a big book has thousands: they are cut on every core, and kept in order.
        var entities = book.Entities;
        var splits = entities.AsParallel().AsOrdered().Select(Split).ToList();
        for (var i = 0; i < splits.Count; i++)
            if (splits[i] is { } record && entities[i] is var entity) Place(entity, record, record.Parts, _topics, _claimPages, _disagreementPages);
        (_chronologyWeight, (_chronologyParts, _chronologyPages)) = chronology.GetAwaiter().GetResult();
        _sourcePages = ListPages(book.Sources, SiteLayout.SourcesIndexPage);
    }

    /// <summary>
    /// A split topic, and the pages of the claims in <paramref name="parts"/> (all of its parts, or those a patch cut
    /// again) and of its differences, those whose first entity it is.
    /// </summary>
    /// <param name="recut">Where a patch notes what it placed again (see <see cref="Recut"/>).</param>
    private static void Place(Entity entity, TopicRecord record, IEnumerable<RecordPart> parts, PatchTable<string, TopicRecord> topics,
        PatchTable<string, string> claimPages, PatchTable<string, string> disagreementPages, Recut? recut = null)
    {
        topics[entity.Id] = record;
        foreach (var part in parts)
            foreach (var claim in part.Claims)
                if (claim.About[0] == entity.Id)
                {
                    claimPages[claim.Id] = part.Path;
                    recut?.Claims.Add(claim.Id);
                }
        foreach (var part in record.MoreDifferences)
            foreach (var disagreement in part.Differences)
                if (disagreement.About[0] == entity.Id)
                {
                    disagreementPages[disagreement.Id] = part.Path;
                    recut?.Disagreements.Add(disagreement.Id);
                }
    }

    /// <summary>
    /// What a patch from the last book's pages (<see cref="Before"/>, by its stamp: no reference is kept, so books do
    /// not hold each other in a chain) cut again: the topics, and the claims and disagreements whose pages were placed
    /// again. Nothing else can answer otherwise than in that book, so telling what changed looks at these alone,
    /// not at the pages of 50,000 claims and every split topic's layout.
    /// </summary>
    private sealed record Recut(long Before, HashSet<string> Topics, HashSet<string> Claims, HashSet<string> Disagreements)
    {
        /// <summary>A year of the chronology cut again was cut elsewhere than before: its layout is another, and is compared whole.</summary>
        public bool ChronologyLaidOut { get; set; }
    }

    private readonly Recut? _recut;

    private static long s_stamps;

    /// <summary>Tells this book's pages from any other's, for a later book patched from them (see <see cref="Recut"/>).</summary>
    private readonly long _stamp = Interlocked.Increment(ref s_stamps);

    /// <summary>
    /// The last book's topics with those the replaced claims are weighed in cut again: the topics they are about, and those
    /// of the disagreements that list them (a disagreement weighs its claims). Every other topic weighs what it weighed.
    /// </summary>
    private (PatchTable<string, TopicRecord>, PatchTable<string, string>, PatchTable<string, string>) Patched(BookPages before,
        List<(Claim Now, Claim Was)> inPlace, Recut recut)
    {
        var topics = before._topics.Patch();
        var claimPages = before._claimPages.Patch();
        var disagreementPages = before._disagreementPages.Patch();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var affected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (now, _) in inPlace)
        {
            ids.Add(now.Id);
            affected.UnionWith(now.About);
        }
        foreach (var disagreement in _book.Disagreements)
            if (disagreement.Claims.Any(ids.Contains)) affected.UnionWith(disagreement.About);
        recut.Topics.UnionWith(affected);
        var replacing = new Dictionary<Claim, Claim>(ReferenceEqualityComparer.Instance);
        foreach (var (now, was) in inPlace) replacing[was] = now;
        foreach (var id in affected)
        {
            var entity = _book.EntityById[id];
            var patched = topics.TryGetValue(id, out var split) ? CutAgain(entity, split, replacing) : null;
            if (topics.Remove(id, out var old))
            {
                // Cut whole, every claim it placed is placed again; cut by year, only those of the years cut again are.
                if (patched is null)
                    foreach (var part in old.Parts)
                        foreach (var claim in part.Claims)
                            if (claim.About[0] == id && claimPages.Remove(claim.Id, out _)) recut.Claims.Add(claim.Id);
                foreach (var part in old.MoreDifferences)
                    foreach (var disagreement in part.Differences)
                        if (disagreement.About[0] == id && disagreementPages.Remove(disagreement.Id, out _)) recut.Disagreements.Add(disagreement.Id);
            }
            if (patched is var (record, made)) Place(entity, record, made, topics, claimPages, disagreementPages, recut);
            else if (Split(entity) is { } whole) Place(entity, whole, whole.Parts, topics, claimPages, disagreementPages, recut);
        }
        return (topics, claimPages, disagreementPages);
    }

    /// <summary>
    /// A split topic's record with the claims replaced in place, cut as <see cref="Split"/> would cut it: a replaced
    /// claim keeps its id, topics and date, so it keeps its place, and only the years holding one (or the undated run)
    /// are cut again, with the differences, which weigh the claims they list. The other years' parts are the last
    /// record's own. Cutting a hot topic of thousands of claims whole, to move none of them, was most of making a
    /// one-claim save's pages. Null when the topic no longer needs splitting: then it is cut whole.
    /// </summary>
    /// <returns>The record, and its parts that were cut again.</returns>
    private (TopicRecord Record, List<RecordPart> Made)? CutAgain(Entity entity, TopicRecord split, Dictionary<Claim, Claim> replacing)
    {
        var differences = _book.DisagreementsAbout[entity.Id].ToList();
        // The topic's claims replaced, by their years; and whether it still needs splitting, weighed only as far as that
        // tells: weighing every claim of a hot topic was 1.5 ms of a one-claim save at 10,000 sources.
        var weight = differences.Sum(Size);
        var years = new HashSet<int?>();
        foreach (var (was, now) in replacing)
            if (now.About.Contains(entity.Id, StringComparer.Ordinal))
            {
                weight += Size(now) - Size(was);
                years.Add(was.Date?.Year);
            }
        foreach (var part in split.Parts)
            for (var i = 0; i < part.Claims.Count && weight <= PageBudget; i++) weight += Size(part.Claims[i]);
        if (weight <= PageBudget) return null;

        var parts = new List<RecordPart>(split.Parts.Count);
        var made = new List<RecordPart>();
        for (var i = 0; i < split.Parts.Count;)
        {
            var year = split.Parts[i].Year;
            if (!years.Contains(year))
            {
                parts.Add(split.Parts[i++]);
                continue;
            }
            var claims = new List<Claim>();
            for (; i < split.Parts.Count && split.Parts[i].Year == year; i++)
                foreach (var claim in split.Parts[i].Claims) claims.Add(replacing.GetValueOrDefault(claim) ?? claim);
            var cut = Chunks(claims, Size, PageBudget, PageBudget).Select((chunk, n) => new RecordPart(SiteLayout.EntityYear(entity, year, n + 1), year, n + 1, chunk)).ToList();
            parts.AddRange(cut);
            made.AddRange(cut);
        }
        var chunks = Chunks(differences, Size, PageBudget / 2, PageBudget);
        var more = chunks.Skip(1).Select((chunk, i) => new DifferencesPart(SiteLayout.EntityDifferences(entity, i + 2), chunk)).ToList();
        var latest = split.Latest.Select(claim => replacing.GetValueOrDefault(claim) ?? claim).ToList();
        return (new TopicRecord(parts, chunks.Count > 0 ? chunks[0] : [], more, latest), made);
    }

    /// <summary>The chronology's year pages and each claim's page on them.</summary>
    private (IReadOnlyList<RecordPart>, PatchTable<string, string>) ChronologyPages(IReadOnlyList<Claim> chronology)
    {
        var parts = YearParts(chronology, (year, number) => SiteLayout.ChronologyYear(year, number));
        var pages = new PatchTable<string, string>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var claim in part.Claims) pages[claim.Id] = part.Path;
        return (parts, pages);
    }

    /// <summary>
    /// The last book's year pages of the chronology with the years of the replaced claims cut again: each year is cut
    /// on its own, and the replaced claims keep their dates, so they stay in their years, in their places.
    /// </summary>
    private (IReadOnlyList<RecordPart>, PatchTable<string, string>) Patched(IReadOnlyList<RecordPart> parts, PatchTable<string, string> pages,
        List<(Claim Now, Claim Was)> inPlace, Recut recut)
    {
        var years = new HashSet<int>();
        var replacing = new Dictionary<Claim, Claim>(ReferenceEqualityComparer.Instance);
        foreach (var (now, was) in inPlace)
            if (now.Date is not null)
            {
                years.Add(now.Date.Year);
                replacing.Add(was, now);
            }
        if (years.Count == 0) return (parts, pages);
        var result = new List<RecordPart>(parts.Count);
        var paths = pages.Patch();
        for (var i = 0; i < parts.Count;)
        {
            if (parts[i].Year is not { } year || !years.Contains(year))
            {
                result.Add(parts[i++]);
                continue;
            }
            var claims = new List<Claim>();
            var first = i;
            for (; i < parts.Count && parts[i].Year == year; i++)
                foreach (var claim in parts[i].Claims) claims.Add(replacing.GetValueOrDefault(claim) ?? claim);
            var chunks = Chunks(claims, Size, PageBudget, PageBudget);
            // The same claims in the same order: cut into pages of the same lengths, the year is laid out as it was.
            if (chunks.Count != i - first || chunks.Where((chunk, n) => chunk.Count != parts[first + n].Claims.Count).Any()) recut.ChronologyLaidOut = true;
            foreach (var (chunk, number) in chunks.Select((chunk, n) => (chunk, n + 1)))
            {
                var part = new RecordPart(SiteLayout.ChronologyYear(year, number), year, number, chunk);
                result.Add(part);
                foreach (var claim in chunk)
                {
                    paths[claim.Id] = part.Path;
                    recut.Claims.Add(claim.Id);
                }
            }
        }
        return (result, paths);
    }

    /// <summary>The weight of the chronology's claims, kept so that a patched book weighs only the claims replaced.</summary>
    private readonly long _chronologyWeight;

    private readonly IReadOnlyList<RecordPart>? _chronologyParts;
    private readonly IReadOnlyList<ListPage<Source>> _sourcePages;

    /// <summary>The chronology's year pages, or null while it fits on one page.</summary>
    public IReadOnlyList<RecordPart>? ChronologyParts => Read(Query.Chronology, "", _chronologyParts);

    /// <summary>
    /// The addresses of the chronology's year pages, or null while it fits on one page: all that planning them reads, so
    /// that a claim added to a year re-renders the chronology's pages, not every page.
    /// </summary>
    public IReadOnlyList<string>? ChronologyPaths => Read(Query.ChronologyPaths, "", Paths(_chronologyParts));

    /// <summary>The addresses of a split topic's year pages and further pages of differences, or null when it fits on its own page.</summary>
    public IReadOnlyList<string>? TopicPaths(string entityId) => Read(Query.TopicPaths, entityId, TopicPathsOf(entityId));

    private List<string>? TopicPathsOf(string entityId) => _topics[entityId] is { } topic
        ? [.. Paths(topic.Parts)!, .. topic.MoreDifferences.Select(p => p.Path)]
        : null;

    private static List<string>? Paths(IReadOnlyList<RecordPart>? parts) => parts?.Select(p => p.Path).ToList();

    /// <summary>The list of sources, page by page: one page until it passes <see cref="ListPageSize"/>.</summary>
    public IReadOnlyList<ListPage<Source>> SourcePages => Read(Query.Sources, "", _sourcePages);

    /// <summary>The list of a kind, page by page.</summary>
    public IReadOnlyList<ListPage<Entity>> KindPages(EntityKind kind) =>
        ListPages(_book.Entities.Where(e => e.Kind == kind), number => SiteLayout.KindIndexPage(kind, number));

    /// <summary>A topic's record on year pages, or null when the topic fits on its own page.</summary>
    public TopicRecord? Topic(string entityId) => Read(Query.Topic, entityId, _topics[entityId]);

    /// <summary>The page where a claim lives: the page of the first entity it is about, or that entity's year page.</summary>
    public string ClaimPage(Claim claim) => Read(Query.Claim, claim.Id, _claimPages[claim.Id]) ?? _book.EntityById[claim.About[0]].Url;

    /// <summary>The chronology page that shows a dated claim.</summary>
    public string ChronologyPage(Claim claim) => Read(Query.ChronologyClaim, claim.Id, _chronologyPages[claim.Id]) ?? SiteLayout.Chronology;

    /// <summary>The page where a disagreement is shown: its first entity's page, or a page of that entity's further differences.</summary>
    public string DisagreementPage(Disagreement disagreement) =>
        Read(Query.Disagreement, disagreement.Id, _disagreementPages[disagreement.Id]) ?? _book.EntityById[disagreement.About[0]].Url;

    private enum Query { Chronology, Sources, Topic, Claim, ChronologyClaim, Disagreement, ChronologyPaths, TopicPaths }

    private T Read<T>(Query query, string key, T answer)
    {
        // The search index asks thousands of claims' pages unrecorded after an edit: their keys are not made.
        if (!BookReads.Unrecording) _book.Note(nameof(BriefingBook.Pages), Key(query, key));
        return answer;
    }

    // A plain string key, so the command line's cache can keep it (ids hold no ':').
    private static string Key(Query query, string id) => string.Concat(QueryNames[(int)query], ":", id);

    private static readonly string[] QueryNames = Enum.GetNames<Query>();

    /// <summary>What a query answered, for the incremental build to hash (see <see cref="BriefingBook.ValueOf"/>).</summary>
    object? IRecordedTable.ValueOf(object? key) =>
        key is string text && text.Split(':', 2) is [var name, var id] && Enum.TryParse<Query>(name, out var query)
        ? query switch
        {
            Query.Chronology => Layout(_chronologyParts),
            Query.Sources => _sourcePages,
            Query.Topic => _topics[id] is { } topic
                ? new object?[] { Layout(topic.Parts), topic.Differences, topic.MoreDifferences, topic.Latest.Select(c => c.Id) }
                : null,
            Query.Claim => _claimPages[id],
            Query.ChronologyClaim => _chronologyPages[id],
            Query.ChronologyPaths => Paths(_chronologyParts),
            Query.TopicPaths => TopicPathsOf(id),
            _ => _disagreementPages[id],
        }
        : throw new ArgumentException($"not a query of the book's pages: {key}", nameof(key));

    /// <summary>A query that answers with an address (or nothing) is the same when the address is; the others are hashed.</summary>
    bool IRecordedTable.Same(IRecordedTable before, object? key) =>
        before is BookPages then && ((IRecordedTable)this).ValueOf(key) is var now and (string or null)
        && ((IRecordedTable)then).ValueOf(key) is var was and (string or null) && now as string == was as string;

    /// <summary>
    /// The queries that may answer otherwise than in <paramref name="before"/>: an address that moved, any query of a
    /// topic split in either book (answered with a layout, which is hashed), and the few whole-book queries.
    /// </summary>
    void IRecordedTable.Changed(IRecordedTable before, ICollection<object?> keys)
    {
        if (before is not BookPages then) throw new ArgumentException("not the pages of a book", nameof(before));
        if (_recut is { } recut && recut.Before == then._stamp)
        {
            Moved(Query.Claim, _claimPages, then._claimPages, recut.Claims, keys);
            Moved(Query.ChronologyClaim, _chronologyPages, then._chronologyPages, recut.Claims, keys);
            Moved(Query.Disagreement, _disagreementPages, then._disagreementPages, recut.Disagreements, keys);
            Topics(recut.Topics, keys);
            // Comparing the chronology's layout whole, every dated claim's id, was 6 ms of a one-claim save at 10,000 sources.
            if (!ReferenceEquals(_chronologyParts, then._chronologyParts) && recut.ChronologyLaidOut)
                foreach (var query in (ReadOnlySpan<Query>)[Query.Chronology, Query.ChronologyPaths]) keys.Add(Key(query, ""));
            if (!ReferenceEquals(_sourcePages, then._sourcePages)) keys.Add(Key(Query.Sources, ""));
            return;
        }
        Moved(Query.Claim, _claimPages, then._claimPages, Ids(_claimPages, then._claimPages), keys);
        Moved(Query.ChronologyClaim, _chronologyPages, then._chronologyPages, Ids(_chronologyPages, then._chronologyPages), keys);
        Moved(Query.Disagreement, _disagreementPages, then._disagreementPages, Ids(_disagreementPages, then._disagreementPages), keys);
        Topics(_topics.Keys.Concat(then._topics.Keys).Distinct(StringComparer.Ordinal), keys);
        foreach (var query in (ReadOnlySpan<Query>)[Query.Chronology, Query.ChronologyPaths, Query.Sources]) keys.Add(Key(query, ""));
    }

    /// <summary>
    /// How a query of an earlier book's pages answers in this book, when the only difference between the books is
    /// claims replaced in place (see <see cref="BriefingBook.AfterEdit"/>): <paramref name="claims"/>, about
    /// <paramref name="about"/> before or now. A topic is weighed and cut from its own claims and differences alone, so
    /// only the topics a replaced claim is weighed in (those it is about, and those of the differences that list it)
    /// may be laid out otherwise, and with them only the pages of their claims and differences. The chronology is cut
    /// year by year from its claims' weights, and is asked whole when a replaced claim is dated before or now.
    /// </summary>
    internal Func<string, EditedRead> AfterEdit(IReadOnlySet<string> claims, IReadOnlySet<string> about, bool dated)
    {
        var (topics, placed, differences) = Affected(claims, about);
        // Asked of each of the pages' reads, some 60,000 at 10,000 sources: the key is looked at in place, not split.
        var (topicIds, placedIds, differenceIds) = (topics.GetAlternateLookup<ReadOnlySpan<char>>(), placed.GetAlternateLookup<ReadOnlySpan<char>>(),
            differences.GetAlternateLookup<ReadOnlySpan<char>>());
        return key =>
        {
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !Enum.TryParse<Query>(key.AsSpan(0, colon), out var query)) return EditedRead.Hash;
            var id = key.AsSpan(colon + 1);
            var asked = query switch
            {
                Query.Topic or Query.TopicPaths => topicIds.Contains(id),
                Query.Claim => placedIds.Contains(id),
                Query.Disagreement => differenceIds.Contains(id),
                Query.Chronology or Query.ChronologyPaths or Query.ChronologyClaim => dated,
                Query.Sources => false,
                _ => true,
            };
            return asked ? EditedRead.Hash : EditedRead.Same;
        };
    }

    /// <summary>
    /// The topics an edit that replaced <paramref name="claims"/> alone (about <paramref name="about"/>, before or now)
    /// may lay out otherwise, and the claims (those among them) and differences whose pages may move with them.
    /// </summary>
    internal (HashSet<string> Topics, HashSet<string> Claims, HashSet<string> Differences) Affected(IReadOnlySet<string> claims, IReadOnlySet<string> about)
    {
        var topics = new HashSet<string>(about, StringComparer.Ordinal);
        foreach (var disagreement in _book.Disagreements)
            if (disagreement.Claims.Any(claims.Contains)) topics.UnionWith(disagreement.About);
        var placed = new HashSet<string>(claims, StringComparer.Ordinal);
        var differences = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            placed.UnionWith(_book.ClaimsAbout[topic].Select(c => c.Id));
            differences.UnionWith(_book.DisagreementsAbout[topic].Select(d => d.Id));
        }
        return (topics, placed, differences);
    }

    private static void Topics(IEnumerable<string> ids, ICollection<object?> keys)
    {
        foreach (var id in ids)
        {
            keys.Add(Key(Query.Topic, id));
            keys.Add(Key(Query.TopicPaths, id));
        }
    }

    /// <summary>The ids placed in either book.</summary>
    private static IEnumerable<string> Ids(PatchTable<string, string> now, PatchTable<string, string> then) =>
        now.Keys.Concat(then.Keys.Where(id => !now.ContainsKey(id)));

    /// <summary>The queries of <paramref name="ids"/> whose page is not the same in both books (or placed in one only).</summary>
    private static void Moved(Query query, PatchTable<string, string> now, PatchTable<string, string> then, IEnumerable<string> ids, ICollection<object?> keys)
    {
        foreach (var id in ids)
            if (now[id] != then[id]) keys.Add(Key(query, id));
    }

    /// <summary>
    /// Where a record's claims are placed, by id: what the pages planned from it depend on. A page that shows a claim
    /// records that claim itself (see PageContext.Claim), so editing a claim's text re-renders the pages that show it,
    /// not every page planned from the layout, unless the edit moves a claim to another page.
    /// </summary>
    private static object? Layout(IReadOnlyList<RecordPart>? parts) =>
        parts?.Select(p => new object?[] { p.Path, p.Year, p.Number, p.Claims.Select(c => c.Id) });

    /// <summary>
    /// A list of links on a topic page (meetings, related, mentioned in): the topic page shows the first
    /// <see cref="ListPageSize"/>, and the rest continue on numbered pages beside the year pages.
    /// </summary>
    public static IReadOnlyList<ListPage<T>> LinkPages<T>(Entity entity, string list, IEnumerable<T> items) =>
        ListPages(items, number => number == 1 ? entity.Url : SiteLayout.EntityList(entity, list, number));

    /// <summary>Pages of <see cref="ListPageSize"/> entries; an empty list still has its first page.</summary>
    private static List<ListPage<T>> ListPages<T>(IEnumerable<T> items, Func<int, string> path)
    {
        var pages = items.Chunk(ListPageSize).Select((chunk, i) => new ListPage<T>(path(i + 1), chunk)).ToList();
        return pages.Count > 0 ? pages : [new ListPage<T>(path(1), [])];
    }

    private TopicRecord? Split(Entity entity)
    {
        var claims = _book.ClaimsAbout[entity.Id].ToList();
        var differences = _book.DisagreementsAbout[entity.Id].ToList();
        if (Weight(claims) + differences.Sum(Size) <= PageBudget) return null;

        // The topic page keeps what fits in half a page of differences; the rest continue on pages of their own.
        var chunks = Chunks(differences, Size, PageBudget / 2, PageBudget);
        var first = chunks.Count > 0 ? chunks[0] : [];
        var more = chunks.Skip(1).Select((chunk, i) => new DifferencesPart(SiteLayout.EntityDifferences(entity, i + 2), chunk)).ToList();
        var dated = claims.Where(c => c.Date is not null).Order(BriefingBook.ChronologyOrder).ToList();
        var undated = claims.Where(c => c.Date is null).ToList();
        var parts = YearParts(dated, (year, number) => SiteLayout.EntityYear(entity, year, number))
            .Concat(Chunks(undated, Size, PageBudget, PageBudget).Select((chunk, i) =>
                new RecordPart(SiteLayout.EntityYear(entity, null, i + 1), null, i + 1, chunk)))
            .ToList();
        return new TopicRecord(parts, first, more, dated.AsEnumerable().Reverse().Take(LatestCount).ToList());
    }

    private List<RecordPart> YearParts(IEnumerable<Claim> dated, Func<int?, int, string> path) =>
        dated.GroupBy(c => c.Date!.Year)
            .SelectMany(year => Chunks(year.ToList(), Size, PageBudget, PageBudget)
                .Select((chunk, i) => new RecordPart(path(year.Key, i + 1), year.Key, i + 1, chunk)))
            .ToList();

    /// <summary>Consecutive runs of items, each within its budget (the first may have a smaller one) and none empty; an item too big for any page gets a page of its own.</summary>
    private static List<IReadOnlyList<T>> Chunks<T>(IReadOnlyList<T> items, Func<T, long> size, long firstBudget, long budget)
    {
        var chunks = new List<IReadOnlyList<T>>();
        var current = new List<T>();
        long weight = 0;
        foreach (var item in items)
        {
            var itemSize = size(item);
            if (weight + itemSize > (chunks.Count == 0 ? firstBudget : budget) && current.Count > 0)
            {
                chunks.Add(current);
                current = [];
                weight = 0;
            }
            current.Add(item);
            weight += itemSize;
        }
        if (current.Count > 0) chunks.Add(current);
        return chunks;
    }

    private long Weight(IEnumerable<Claim> claims) => claims.Sum(Size);

    /// <summary>
    /// The bytes a claim adds to a page, estimated: its markup and text; per citation a preview that repeats the
    /// quote, an endnote that repeats it again with the source's title and outlet, and a link to the original
    /// that carries words of it; per entity it is about, a link.
    /// </summary>
    private long Size(Claim claim) => _sizes.TryGetValue(claim, out var known) ? known : _sizes.GetOrAdd(claim, Estimate(claim));

    // A claim is weighed for each topic it is about, for the chronology, and again when its pages are cut: once is enough.
    private readonly ConcurrentDictionary<Claim, long> _sizes;

    private long Estimate(Claim claim)
    {
        long size = 700 + 2 * Bytes(claim.Text) + Bytes(claim.DateNote) + Bytes(claim.AccordingTo);
        foreach (var citation in claim.Citations)
        {
            var source = _book.SourceById[citation.Passage.SourceId];
            size += 600 + 3 * Bytes(citation.Quote) + Bytes(source.Title) + 2 * Bytes(source.Info?.Outlet);
        }
        foreach (var id in claim.About) size += 120 + 2 * Bytes(_book.EntityById[id].Name);
        return size;
    }

    private long Size(Disagreement disagreement) =>
        500 + 2 * Bytes(disagreement.Topic) + 2 * Bytes(disagreement.Note) + disagreement.Claims.Sum(id => Size(_book.ClaimById[id]));

    private static long Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}

/// <summary>
/// One page of a topic's (or the chronology's) full record: the claims of one year, or the undated ones
/// (<see cref="Year"/> null); <see cref="Number"/> counts the pages a year needs, from 1.
/// </summary>
public sealed record RecordPart(string Path, int? Year, int Number, IReadOnlyList<Claim> Claims);

public sealed record DifferencesPart(string Path, IReadOnlyList<Disagreement> Differences);

/// <summary>
/// A topic too big for one page: its record in <see cref="Parts"/>, the differences its own page shows and those
/// that continue on further pages, and the latest dated claims, newest first.
/// </summary>
public sealed record TopicRecord(IReadOnlyList<RecordPart> Parts, IReadOnlyList<Disagreement> Differences,
    IReadOnlyList<DifferencesPart> MoreDifferences, IReadOnlyList<Claim> Latest);

public sealed record ListPage<T>(string Path, IReadOnlyList<T> Items);
