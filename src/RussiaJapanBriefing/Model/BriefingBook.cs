namespace RussiaJapanBriefing.Model;

/// <summary>
/// The resolved, verified book: every reference points at something that exists and every quote has its passage.
/// The lookups the pages need are built once here so rendering never scans the whole book per page.
/// </summary>
public sealed partial class BriefingBook
{
    public BriefingBook(string title, string summary, IReadOnlyList<string> keyFacts,
        IReadOnlyList<Source> sources, IReadOnlyList<Entity> entities, IReadOnlyList<Claim> claims,
        IReadOnlyList<Disagreement> disagreements, IReadOnlyList<ContestedTerm> contestedTerms)
        : this(title, summary, keyFacts, sources, entities, claims, disagreements, contestedTerms, before: null)
    {
    }

    /// <param name="before">
    /// For <c>serve</c>: the last book, made from the last build's records. Each index made from records that are the
    /// very same instances here is taken from it as it is, and one made from claims replaced in place (the same ids under
    /// the same keys) is copied with them replaced: the same index this book would make, made in proportion to the edit.
    /// </param>
    /// <param name="laidOut">
    /// For the command line: the pages of the last published book, as its cache keeps them, and the claims an edit
    /// replaced in place since, when that is all it changed. The pages are patched from them, as from the last book's.
    /// </param>
    /// <param name="claimsById">
    /// The claims by id, in their order, as the resolver made them, when nothing changes that table after: the book
    /// takes it as its own rather than making another of every claim (50,000 at 10,000 sources).
    /// </param>
    internal BriefingBook(string title, string summary, IReadOnlyList<string> keyFacts,
        IReadOnlyList<Source> sources, IReadOnlyList<Entity> entities, IReadOnlyList<Claim> claims,
        IReadOnlyList<Disagreement> disagreements, IReadOnlyList<ContestedTerm> contestedTerms, BriefingBook? before,
        (PagesMemo.Layout Layout, IReadOnlyList<ClaimEdit> Edited)? laidOut = null, Dictionary<string, Claim>? claimsById = null)
    {
        _input = (sources, entities, claims, disagreements, contestedTerms, keyFacts);
        var last = before?._indexes;
        List<(Claim Now, Claim Was)>? replaced = null;
        var same = before is null ? Input.None : SameInputs(before, out replaced);
        // Claims replaced in place keep their ids: a claim given another id is one removed and one added.
        var inPlace = last is not null && replaced is not null && replaced.All(p => string.Equals(p.Now.Id, p.Was.Id, StringComparison.Ordinal))
            ? replaced : null;
        bool Kept(Input input) => last is not null && (same & input) == input;

        // The biggest lookups are independent of each other, and a big book has tens of thousands of claims: they are
        // made on other cores while this one makes the rest (serve makes a book per save, and patches them instead when it can).
        var datesKept = inPlace is not null && inPlace.All(p => Equals(p.Now.Date, p.Was.Date));
        var chronology = datesKept
            ? Task.FromResult(Replacing(last!.Chronology, inPlace!))
            : Task.Run(() => (laidOut?.Layout.Chronology is { } parts ? AsLaidOut(parts, claims) : null)
                ?? claims.Where(c => c.Date is not null).Order(ChronologyOrder).ToList());
        var aboutPatched = Patched(last?.ClaimsAbout, inPlace, AboutKeys);
        var claimsAbout = aboutPatched
            ?? Task.Run(() => Groups<string, Claim>.Of(Pairs<Claim>(claims, AboutKeys), StringComparer.Ordinal));
        var claimsCiting = Patched(last?.ClaimsCiting, inPlace, SourceKeys)
            ?? Task.Run(() => Groups<string, Claim>.Of(Pairs<Claim>(claims, SourceKeys), StringComparer.Ordinal));
        var disagreementsAbout = Kept(Input.Disagreements) ? last!.DisagreementsAbout : disagreements
            .SelectMany(d => d.About.Select(id => (id, d)))
            .ToLookup(x => x.id, x => x.d, StringComparer.Ordinal);
        ContestedTerms = Recorded(nameof(ContestedTerms), contestedTerms);
        Disagreements = Recorded(nameof(Disagreements), disagreements);
        DisagreementsAbout = Recorded(nameof(DisagreementsAbout), disagreementsAbout);
        Title = title;
        Summary = summary;
        Sources = Recorded(nameof(Sources), sources);
        Entities = Recorded(nameof(Entities), entities);
        Claims = Recorded(nameof(Claims), claims);
        var sourceById = Kept(Input.Sources) ? last!.SourceById : sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var entityById = Kept(Input.Entities) ? last!.EntityById : entities.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var claimById = last is not null && inPlace is not null ? Replacing(last.ClaimById, inPlace)
            : claimsById is not null && claimsById.Count == claims.Count ? PatchTable<string, Claim>.Whole(claimsById) : ById(claims);
        SourceById = Recorded(nameof(SourceById), sourceById);
        EntityById = Recorded(nameof(EntityById), entityById);
        ClaimById = Recorded(nameof(ClaimById), claimById);
        // The command line's last pages are taken back while the rest of the book is made: that reads only its records
        // and the lookups above, and was 0.1 s on one core at the end of making a book of 10,000 sources.
        var takenBack = before is null && laidOut is var (layout, edited) ? Task.Run(() => BookPages.TakenBack(this, layout, edited)) : null;
        KeyFacts = Recorded(nameof(KeyFacts), keyFacts.Select(id => claimById[id] ?? throw new KeyNotFoundException($"no claim {id}")).ToList());
        Edition = Kept(Input.Sources) ? last!.Edition : sources.Select(s => s.Info?.Published).OfType<PartialDate>().Max();

        var summariesCiting = Kept(Input.Entities) ? last!.SummariesCiting : Pairs<Entity>(entities, (e, keys) =>
        {
            foreach (var citation in e.SummaryCitations ?? []) keys.Add(citation.Passage.SourceId);
        }).ToLookup(x => x.Key, x => x.Item, StringComparer.Ordinal);
        SummariesCiting = Recorded(nameof(SummariesCiting), summariesCiting);

        // Made from the passages themselves, instances and all: the same when each claim replaced cites the very same ones.
        var passagesBySource = Kept(Input.Entities) && inPlace is not null && inPlace.All(p => SamePassages(p.Now, p.Was)) ? last!.PassagesBySource : null;
        passagesBySource ??= new CitedPassages(claimsCiting, summariesCiting, claims, entities);
        PassagesBySource = Recorded(nameof(PassagesBySource), passagesBySource);

        var meetingsWith = Kept(Input.Entities) ? last!.MeetingsWith : entities
            .Where(e => e.Participants is not null)
            .OrderBy(e => e.Date ?? new PartialDate(new DatePoint(9999))).ThenBy(e => e.Id, StringComparer.Ordinal)
            .SelectMany(e => e.Participants!.Select(p => (p, e)))
            .ToLookup(x => x.p, x => x.e, StringComparer.Ordinal);
        MeetingsWith = Recorded(nameof(MeetingsWith), meetingsWith);

        var mentionedBy = Kept(Input.Entities) ? last!.MentionedBy : entities
            .SelectMany(e => e.Related.Distinct().Select(target => (target, e)))
            .ToLookup(x => x.target, x => x.e, StringComparer.Ordinal);
        MentionedBy = Recorded(nameof(MentionedBy), mentionedBy);

        _indexes = new Indexes(sourceById, Edition, entityById, summariesCiting, meetingsWith, mentionedBy, disagreementsAbout,
            claimById, chronology.Result, claimsAbout.Result, claimsCiting.Result, passagesBySource);
        Chronology = Recorded(nameof(Chronology), _indexes.Chronology);
        Latest = Recorded(nameof(Latest), _indexes.Chronology.TakeLast(BookPages.FrontPageLatest).Reverse().ToList());
        ClaimsAbout = Recorded(nameof(ClaimsAbout), _indexes.ClaimsAbout);
        ClaimsCiting = Recorded(nameof(ClaimsCiting), _indexes.ClaimsCiting);

        // Made here, before anything is recorded: its own queries record what a page asks of it (see BookPages). Its
        // layout reads every record's size, so it is patched only when the claims replaced are all that changed, and
        // placed by date and topic as before.
        var patch = inPlace is not null && (same | Input.Claims | Input.KeyFacts) == Input.All && datesKept && aboutPatched is not null
            ? (before!.Pages, inPlace) : takenBack?.GetAwaiter().GetResult();
        Pages = Table(nameof(Pages), new BookPages(this, patch));
    }

    /// <summary>The records the book is made of, in its order, read without recording (for what the cache keeps of its pages and citations).</summary>
    internal (IReadOnlyList<Source> Sources, IReadOnlyList<Entity> Entities, IReadOnlyList<Claim> Claims, IReadOnlyList<Disagreement> Disagreements) Records =>
        (_input.Sources, _input.Entities, _input.Claims, _input.Disagreements);

    /// <summary>The indexes as made (not recorded), for the next book to take what its records leave unchanged.</summary>
    private sealed record Indexes(
        Dictionary<string, Source> SourceById, PartialDate? Edition,
        Dictionary<string, Entity> EntityById, ILookup<string, Entity> SummariesCiting, ILookup<string, Entity> MeetingsWith, ILookup<string, Entity> MentionedBy,
        ILookup<string, Disagreement> DisagreementsAbout,
        PatchTable<string, Claim> ClaimById, List<Claim> Chronology, Groups<string, Claim> ClaimsAbout, Groups<string, Claim> ClaimsCiting,
        ILookup<string, Passage> PassagesBySource);

    private readonly Indexes _indexes;

    /// <summary>
    /// The chronology as the command line's last published pages cut it (<paramref name="parts"/>, in order), when that
    /// is every dated claim of <paramref name="claims"/> in date and id order, as sorting them would make it: a check in
    /// one pass, where sorting 50,000 claims took several. Null when it is not.
    /// </summary>
    internal static List<Claim>? AsLaidOut(PagesMemo.Part[] parts, IReadOnlyList<Claim> claims)
    {
        var dated = 0;
        foreach (var claim in claims)
            if (claim.Date is not null) dated++;
        var chronology = new List<Claim>(dated);
        foreach (var part in parts)
            foreach (var at in part.Claims)
            {
                if (at >= claims.Count || claims[at] is not { Date: not null } claim) return null;
                // Strictly after the one before: the ids are unique, so this is the one order sorting gives.
                if (chronology.Count > 0 && Comparer<PartialDate>.Default.Compare(chronology[^1].Date, claim.Date) is var byDate
                    && (byDate > 0 || byDate == 0 && string.CompareOrdinal(chronology[^1].Id, claim.Id) >= 0))
                    return null;
                chronology.Add(claim);
            }
        return chronology.Count == dated ? chronology : null;
    }

    private static void AboutKeys(Claim claim, List<string> keys) => keys.AddRange(claim.About);

    private static void SourceKeys(Claim claim, List<string> keys)
    {
        // By index: a foreach over the list's interface boxes an enumerator per claim (2.4 MB at 10,000 sources).
        var citations = claim.Citations;
        for (var i = 0; i < citations.Count; i++) keys.Add(citations[i].Passage.SourceId);
    }

    private static bool SamePassages(Claim now, Claim was) =>
        now.Citations.Count == was.Citations.Count && now.Citations.Select(c => c.Passage).Zip(was.Citations.Select(c => c.Passage)).All(p => ReferenceEquals(p.First, p.Second));

    /// <summary>A lookup of the last book patched with the claims replaced, when each is under the same keys as the one it replaces; else null.</summary>
    private static Task<Groups<TKey, Claim>>? Patched<TKey>(Groups<TKey, Claim>? last, List<(Claim Now, Claim Was)>? inPlace,
        Action<Claim, List<TKey>> keysOf) where TKey : notnull
    {
        if (last is null || inPlace is null) return null;
        var now = new List<TKey>();
        var was = new List<TKey>();
        foreach (var pair in inPlace)
        {
            now.Clear();
            was.Clear();
            keysOf(pair.Now, now);
            keysOf(pair.Was, was);
            if (!now.SequenceEqual(was)) return null;
        }
        return Task.FromResult(last.Replacing(inPlace, keysOf));
    }

    /// <summary>The chronology with the claims replaced in place, which keep their ids and dates, so their places: each is found by halving.</summary>
    private static List<Claim> Replacing(List<Claim> last, List<(Claim Now, Claim Was)> inPlace)
    {
        if (inPlace.Count == 0) return last;
        var list = new List<Claim>(last);
        foreach (var (now, was) in inPlace)
        {
            if (was.Date is null) continue;
            // Looking every claim up among those replaced was a cache miss on each, 2 ms of a one-claim save at 10,000 sources.
            var at = list.BinarySearch(was, ChronologyOrder);
            if (at < 0 || !ReferenceEquals(list[at], was)) at = list.FindIndex(claim => ReferenceEquals(claim, was));
            if (at >= 0) list[at] = now;
        }
        return list;
    }

    /// <summary>The order of the chronology, and of a split topic's dated claims: by date, then by id.</summary>
    internal static readonly Comparer<Claim> ChronologyOrder = Comparer<Claim>.Create((a, b) =>
        Comparer<PartialDate?>.Default.Compare(a.Date, b.Date) is var byDate and not 0 ? byDate : string.CompareOrdinal(a.Id, b.Id));

    private static PatchTable<string, Claim> Replacing(PatchTable<string, Claim> last, List<(Claim Now, Claim Was)> inPlace)
    {
        if (inPlace.Count == 0) return last;
        var byId = last.Patch();
        foreach (var (now, _) in inPlace) byId[now.Id] = now;
        return byId;
    }

    private static PatchTable<string, Claim> ById(IReadOnlyList<Claim> claims)
    {
        var byId = new PatchTable<string, Claim>(StringComparer.Ordinal, claims.Count);
        foreach (var claim in claims) byId.Add(claim.Id, claim);
        return byId;
    }

    /// <summary>
    /// Each item with each of its keys, once per key, in order: the keys of one item are few, so each is compared with
    /// those before it rather than put in a set per item. Compared as strings, not searched for by a generic equality:
    /// that was 10 ms of CPU for the 50,000 claims of 10,000 sources.
    /// </summary>
    private static List<(string Key, T Item)> Pairs<T>(IReadOnlyList<T> items, Action<T, List<string>> keysOf)
    {
        var pairs = new List<(string, T)>(items.Count);
        var keys = new List<string>();
        foreach (var item in items)
        {
            keys.Clear();
            keysOf(item, keys);
            for (var i = 0; i < keys.Count; i++)
                if (!EarlierIn(keys, i)) pairs.Add((keys[i], item));
        }
        return pairs;

        static bool EarlierIn(List<string> keys, int at)
        {
            for (var i = 0; i < at; i++)
                if (string.Equals(keys[i], keys[at], StringComparison.Ordinal)) return true;
            return false;
        }
    }

    // Every lookup and list records its reads (see BookReads), so what a page was made from is known without the page saying so.
    private readonly Dictionary<string, IRecordedTable> _tables = new(StringComparer.Ordinal);
    private volatile BookReads? _reads;

    /// <summary>Starts recording what is read from the book into <paramref name="reads"/>; null stops it.</summary>
    public void Record(BookReads? reads) => _reads = reads;

    internal void Note(string table, object? key) => _reads?.Note(table, key);

    /// <summary>What a read returns, to be hashed: the same for two books exactly when a page reading it sees the same thing.</summary>
    public object? ValueOf(BookRead read) => _tables[read.Table].ValueOf(read.Key);

    /// <summary>
    /// True when <paramref name="read"/> answers with the very same instances in this book as in <paramref name="before"/>,
    /// so it hashes the same: <c>serve</c> builds each book from the last one's records, reusing every one a save left
    /// alone, and need not hash what is unchanged.
    /// </summary>
    internal bool Same(BriefingBook before, BookRead read) =>
        _tables.TryGetValue(read.Table, out var now) && before._tables.TryGetValue(read.Table, out var then) && now.Same(then, read.Key);

    /// <summary>
    /// Every read that may answer otherwise in this book than in <paramref name="before"/>: all others answer with the
    /// very same instances, so <see cref="Same"/> holds for them and their hashes are unchanged. Found table by table,
    /// in a pass over each, so that <c>serve</c> after a small edit hashes what the edit touched instead of asking each
    /// read a page ever made. The book's settings are not a table and are not included.
    /// </summary>
    internal IReadOnlySet<BookRead> Changed(BriefingBook before)
    {
        // A table made from the very same records is the same table (each is made from them alone, the same way
        // every time); a save usually changes one claim, so most tables need not be looked at.
        var same = SameInputs(before, out var replaced);

        var changed = new HashSet<BookRead>();
        // The tables are independent, and the biggest have tens of thousands of keys: they are compared on every core.
        var found = _tables.Where(t => (MadeFrom[t.Key] & ~same) != Input.None).AsParallel().Select(table =>
        {
            var keys = new List<object?>();
            var then = before._tables[table.Key];
            // Only claims replaced in place: the keys of the tables made from claims alone are those of the claims replaced.
            if (replaced is { Count: > 0 } && (MadeFrom[table.Key] & ~same) == Input.Claims && ClaimKeys(table.Key) is { } keysOf)
            {
                foreach (var (now, was) in replaced)
                {
                    keysOf(now, keys);
                    keysOf(was, keys);
                }
                keys.Add(null);
            }
            else table.Value.Changed(then, keys);
            return (table.Key, keys);
        }).ToList();
        foreach (var (table, keys) in found)
            foreach (var key in keys) changed.Add(new BookRead(table, key));
        return changed;
    }

    /// <summary>Which of the records this book was made from are the very same as <paramref name="before"/>'s, and the claims replaced in place (see <see cref="Replaced"/>).</summary>
    private Input SameInputs(BriefingBook before, out List<(Claim Now, Claim Was)>? replaced)
    {
        var same = Input.None;
        if (Identical.Items(_input.Sources, before._input.Sources)) same |= Input.Sources;
        if (Identical.Items(_input.Entities, before._input.Entities)) same |= Input.Entities;
        if (Identical.Items(_input.Disagreements, before._input.Disagreements)) same |= Input.Disagreements;
        if (Identical.Items(_input.ContestedTerms, before._input.ContestedTerms)) same |= Input.ContestedTerms;
        if (_input.KeyFacts.SequenceEqual(before._input.KeyFacts, StringComparer.Ordinal)) same |= Input.KeyFacts;
        replaced = Replaced(_input.Claims, before._input.Claims);
        if (replaced is []) same |= Input.Claims;
        return same;
    }

    /// <summary>The records the book was made from, as given.</summary>
    private readonly (IReadOnlyList<Source> Sources, IReadOnlyList<Entity> Entities, IReadOnlyList<Claim> Claims,
        IReadOnlyList<Disagreement> Disagreements, IReadOnlyList<ContestedTerm> ContestedTerms, IReadOnlyList<string> KeyFacts) _input;

    [Flags]
    private enum Input { None = 0, Sources = 1, Entities = 2, Claims = 4, Disagreements = 8, ContestedTerms = 16, KeyFacts = 32, All = 63 }

    /// <summary>What each table is made from (see the constructor): a table whose records are all the same instances is unchanged.</summary>
    private static readonly Dictionary<string, Input> MadeFrom = new(StringComparer.Ordinal)
    {
        [nameof(ContestedTerms)] = Input.ContestedTerms,
        [nameof(Disagreements)] = Input.Disagreements,
        [nameof(DisagreementsAbout)] = Input.Disagreements,
        [nameof(Sources)] = Input.Sources,
        [nameof(Entities)] = Input.Entities,
        [nameof(Claims)] = Input.Claims,
        [nameof(SourceById)] = Input.Sources,
        [nameof(EntityById)] = Input.Entities,
        [nameof(ClaimById)] = Input.Claims,
        [nameof(KeyFacts)] = Input.KeyFacts | Input.Claims,
        [nameof(SummariesCiting)] = Input.Entities,
        [nameof(PassagesBySource)] = Input.Claims | Input.Entities,
        [nameof(MeetingsWith)] = Input.Entities,
        [nameof(MentionedBy)] = Input.Entities,
        [nameof(Chronology)] = Input.Claims,
        [nameof(Latest)] = Input.Claims,
        [nameof(ClaimsAbout)] = Input.Claims,
        [nameof(ClaimsCiting)] = Input.Claims,
        // Where each page's claims go depends on their sizes, which read sources, entities and disagreements too.
        [nameof(Pages)] = Input.All,
    };

    /// <summary>
    /// For a lookup made from claims alone, the keys a claim is found under: when claims are only replaced in place,
    /// every other group holds the same claims in the same order. Null for the lists, which are compared whole.
    /// </summary>
    private static Action<Claim, List<object?>>? ClaimKeys(string table) => table switch
    {
        nameof(ClaimById) => (claim, keys) => keys.Add(claim.Id),
        nameof(ClaimsAbout) => (claim, keys) => keys.AddRange(claim.About),
        nameof(ClaimsCiting) or nameof(PassagesBySource) => (claim, keys) => keys.AddRange(claim.Citations.Select(c => c.Passage.SourceId)),
        _ => null,
    };

    /// <summary>The claims replaced in place (now, before), by position; null when claims were added, removed or moved.</summary>
    private static List<(Claim Now, Claim Was)>? Replaced(IReadOnlyList<Claim> now, IReadOnlyList<Claim> then)
    {
        if (now.Count != then.Count) return null;
        var replaced = new List<(Claim, Claim)>();
        for (var i = 0; i < now.Count; i++)
            if (!ReferenceEquals(now[i], then[i])) replaced.Add((now[i], then[i]));
        // Many replaced may be claims moved: telling moves from edits costs more than looking at each table.
        return replaced.Count <= 64 ? replaced : null;
    }

    /// <summary>The book's own settings, which every page shows (title, edition) or may show (summary).</summary>
    public object Settings => new object?[] { Title, Summary, Edition };

    private IReadOnlyList<T> Recorded<T>(string table, IReadOnlyList<T> items) => Table(table, new RecordedList<T>(this, table, items));

    private IReadOnlyDictionary<string, T> Recorded<T>(string table, IReadOnlyDictionary<string, T> items) =>
        Table(table, new RecordedDictionary<T>(this, table, items));

    private ILookup<TKey, T> Recorded<TKey, T>(string table, ILookup<TKey, T> items) where TKey : notnull =>
        Table(table, new RecordedLookup<TKey, T>(this, table, items));

    private TTable Table<TTable>(string name, TTable table) where TTable : IRecordedTable
    {
        _tables[name] = table;
        return table;
    }

    /// <summary>Which page shows what once topics, the chronology or lists outgrow one page.</summary>
    public BookPages Pages { get; }

    public string Title { get; }
    public string Summary { get; }
    public IReadOnlyList<Claim> KeyFacts { get; }

    /// <summary>The book's own date: its newest source. Printed pages carry it instead of a build time, so output stays deterministic.</summary>
    public PartialDate? Edition { get; }
    public IReadOnlyList<Source> Sources { get; }
    public IReadOnlyList<Entity> Entities { get; }
    public IReadOnlyList<Claim> Claims { get; }
    public IReadOnlyList<Disagreement> Disagreements { get; }

    /// <summary>The words each side uses for the dispute (book.yaml's contested_terms), so pages can say whose word is whose.</summary>
    public IReadOnlyList<ContestedTerm> ContestedTerms { get; }

    public IReadOnlyDictionary<string, Source> SourceById { get; }
    public IReadOnlyDictionary<string, Entity> EntityById { get; }
    public IReadOnlyDictionary<string, Claim> ClaimById { get; }

    /// <summary>Every dated claim, earliest first; ties broken by id so the order never depends on file order.</summary>
    public IReadOnlyList<Claim> Chronology { get; }

    /// <summary>
    /// The front page's most recent dated claims, latest first: the end of <see cref="Chronology"/>, as a table of its
    /// own so that the page reads these few rather than every dated claim, and a claim edited elsewhere leaves it kept.
    /// </summary>
    public IReadOnlyList<Claim> Latest { get; }

    public ILookup<string, Claim> ClaimsAbout { get; }
    public ILookup<string, Disagreement> DisagreementsAbout { get; }

    /// <summary>The claims that cite each source, each once, in the book's order.</summary>
    public ILookup<string, Claim> ClaimsCiting { get; }

    /// <summary>The entities whose summary cites each source, each once, in the book's order.</summary>
    public ILookup<string, Entity> SummariesCiting { get; }

    /// <summary>Every cited passage of each source, by claims or by summaries, in text order.</summary>
    public ILookup<string, Passage> PassagesBySource { get; }

    /// <summary>The meetings each leader or person took part in, earliest first (undated last).</summary>
    public ILookup<string, Entity> MeetingsWith { get; }

    /// <summary>Backlinks: the entities that name this one as related (participation is in <see cref="MeetingsWith"/>).</summary>
    public ILookup<string, Entity> MentionedBy { get; }
}
