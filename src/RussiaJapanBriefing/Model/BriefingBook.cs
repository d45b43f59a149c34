namespace RussiaJapanBriefing.Model;

/// <summary>
/// The resolved, verified book: every reference points at something that exists and every quote has its passage.
/// The lookups the pages need are built once here so rendering never scans the whole book per page.
/// </summary>
public sealed class BriefingBook
{
    public BriefingBook(string title, string summary, IReadOnlyList<string> keyFacts,
        IReadOnlyList<Source> sources, IReadOnlyList<Entity> entities, IReadOnlyList<Claim> claims,
        IReadOnlyList<Disagreement> disagreements, IReadOnlyList<ContestedTerm> contestedTerms)
    {
        _input = (sources, entities, claims, disagreements, contestedTerms, keyFacts);
        // The biggest lookups are independent of each other, and a big book has tens of thousands of claims: they are
        // made on other cores while this one makes the rest (serve makes a book per save).
        var chronology = Task.Run(() => claims.Where(c => c.Date is not null)
            .OrderBy(c => c.Date)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList());
        var claimsAbout = Task.Run(() => Pairs<Claim, string>(claims, (c, keys) => keys.AddRange(c.About)).ToLookup(x => x.Key, x => x.Item, StringComparer.Ordinal));
        var claimsCiting = Task.Run(() => Pairs<Claim, string>(claims, (c, keys) =>
        {
            foreach (var citation in c.Citations) keys.Add(citation.Passage.SourceId);
        }).ToLookup(x => x.Key, x => x.Item, StringComparer.Ordinal));
        ContestedTerms = Recorded(nameof(ContestedTerms), contestedTerms);
        Disagreements = Recorded(nameof(Disagreements), disagreements);
        DisagreementsAbout = Recorded(nameof(DisagreementsAbout), disagreements
            .SelectMany(d => d.About.Select(id => (id, d)))
            .ToLookup(x => x.id, x => x.d, StringComparer.Ordinal));
        Title = title;
        Summary = summary;
        Sources = Recorded(nameof(Sources), sources);
        Entities = Recorded(nameof(Entities), entities);
        Claims = Recorded(nameof(Claims), claims);
        SourceById = Recorded(nameof(SourceById), sources.ToDictionary(s => s.Id, StringComparer.Ordinal));
        EntityById = Recorded(nameof(EntityById), entities.ToDictionary(e => e.Id, StringComparer.Ordinal));
        ClaimById = Recorded(nameof(ClaimById), claims.ToDictionary(c => c.Id, StringComparer.Ordinal));
        KeyFacts = Recorded(nameof(KeyFacts), keyFacts.Select(id => ClaimById[id]).ToList());
        Edition = sources.Select(s => s.Info?.Published).OfType<PartialDate>().Max();

        var claimPassages = Pairs<Claim, Passage>(claims, (c, keys) =>
        {
            foreach (var citation in c.Citations) keys.Add(citation.Passage);
        });
        ClaimsByPassage = Recorded(nameof(ClaimsByPassage), claimPassages.ToLookup(x => x.Key, x => x.Item));

        var summaryPassages = Pairs<Entity, Passage>(entities, (e, keys) =>
        {
            foreach (var citation in e.SummaryCitations ?? []) keys.Add(citation.Passage);
        });
        SummariesByPassage = Recorded(nameof(SummariesByPassage), summaryPassages.ToLookup(x => x.Key, x => x.Item));

        var passages = new HashSet<Passage>(claimPassages.Count + summaryPassages.Count);
        var cited = new List<Passage>(claimPassages.Count + summaryPassages.Count);
        foreach (var (passage, _) in claimPassages)
            if (passages.Add(passage)) cited.Add(passage);
        foreach (var (passage, _) in summaryPassages)
            if (passages.Add(passage)) cited.Add(passage);
        PassagesBySource = Recorded(nameof(PassagesBySource), cited
            .OrderBy(p => p.Start).ThenBy(p => p.End)
            .ToLookup(p => p.SourceId, StringComparer.Ordinal));

        MeetingsWith = Recorded(nameof(MeetingsWith), entities
            .Where(e => e.Participants is not null)
            .OrderBy(e => e.Date ?? new PartialDate(new DatePoint(9999))).ThenBy(e => e.Id, StringComparer.Ordinal)
            .SelectMany(e => e.Participants!.Select(p => (p, e)))
            .ToLookup(x => x.p, x => x.e, StringComparer.Ordinal));

        MentionedBy = Recorded(nameof(MentionedBy), entities
            .SelectMany(e => e.Related.Distinct().Select(target => (target, e)))
            .ToLookup(x => x.target, x => x.e, StringComparer.Ordinal));

        Chronology = Recorded(nameof(Chronology), chronology.Result);
        ClaimsAbout = Recorded(nameof(ClaimsAbout), claimsAbout.Result);
        ClaimsCiting = Recorded(nameof(ClaimsCiting), claimsCiting.Result);

        // Made here, before anything is recorded: its own queries record what a page asks of it (see BookPages).
        Pages = Table(nameof(Pages), new BookPages(this));
    }

    /// <summary>
    /// Each item with each of its keys, once per key, in order: the keys of one item are few, so they are told apart by a
    /// scan rather than a set per item.
    /// </summary>
    private static List<(TKey Key, T Item)> Pairs<T, TKey>(IReadOnlyList<T> items, Action<T, List<TKey>> keysOf)
    {
        var pairs = new List<(TKey, T)>(items.Count);
        var keys = new List<TKey>();
        foreach (var item in items)
        {
            keys.Clear();
            keysOf(item, keys);
            for (var i = 0; i < keys.Count; i++)
                if (keys.IndexOf(keys[i], 0, i) < 0) pairs.Add((keys[i], item));
        }
        return pairs;
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
        var same = Input.None;
        if (Identical.Items(_input.Sources, before._input.Sources)) same |= Input.Sources;
        if (Identical.Items(_input.Entities, before._input.Entities)) same |= Input.Entities;
        if (Identical.Items(_input.Disagreements, before._input.Disagreements)) same |= Input.Disagreements;
        if (Identical.Items(_input.ContestedTerms, before._input.ContestedTerms)) same |= Input.ContestedTerms;
        if (_input.KeyFacts.SequenceEqual(before._input.KeyFacts, StringComparer.Ordinal)) same |= Input.KeyFacts;
        var replaced = Replaced(_input.Claims, before._input.Claims);
        if (replaced is []) same |= Input.Claims;

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
        [nameof(ClaimsByPassage)] = Input.Claims,
        [nameof(SummariesByPassage)] = Input.Entities,
        [nameof(PassagesBySource)] = Input.Claims | Input.Entities,
        [nameof(MeetingsWith)] = Input.Entities,
        [nameof(MentionedBy)] = Input.Entities,
        [nameof(Chronology)] = Input.Claims,
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
        nameof(ClaimsByPassage) => (claim, keys) => keys.AddRange(claim.Citations.Select(c => c.Passage)),
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

    public ILookup<string, Claim> ClaimsAbout { get; }
    public ILookup<string, Disagreement> DisagreementsAbout { get; }
    public ILookup<string, Claim> ClaimsCiting { get; }
    public ILookup<Passage, Claim> ClaimsByPassage { get; }

    /// <summary>Entities whose summary cites the passage.</summary>
    public ILookup<Passage, Entity> SummariesByPassage { get; }

    /// <summary>Every cited passage of each source, by claims or by summaries, in text order.</summary>
    public ILookup<string, Passage> PassagesBySource { get; }

    /// <summary>The meetings each leader or person took part in, earliest first (undated last).</summary>
    public ILookup<string, Entity> MeetingsWith { get; }

    /// <summary>Backlinks: the entities that name this one as related (participation is in <see cref="MeetingsWith"/>).</summary>
    public ILookup<string, Entity> MentionedBy { get; }
}
