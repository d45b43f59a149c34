using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace RussiaJapanBriefing.Model;

/// <summary>
/// Each passage cited (the first instance of each, claims before summaries) under its source, in text order, and the
/// sources in the order of their first passages. A source's passages are made when they are first asked for, from the
/// claims and summaries that cite it: a page asks for its own source's, and a rebuild after a one-claim edit renders a
/// few of 10,000 source pages, where making every source's first (100,000 passages, sorted a source at a time) took
/// 55 ms of the book's making on its one core. The whole table is made only for a read of all of it.
/// </summary>
internal sealed class CitedPassages : ILookup<string, Passage>
{
    private readonly Task<Groups<string, Claim>> _claimsCiting;
    private readonly ILookup<string, Entity> _summariesCiting;
    private readonly IReadOnlyList<Claim> _claims;
    private readonly IReadOnlyList<Entity> _entities;
    private readonly ConcurrentDictionary<string, List<Passage>> _bySource = new(StringComparer.Ordinal);
    private readonly Func<string, List<Passage>> _of;
    private Groups<string, Passage>? _whole;

    /// <param name="claimsCiting">The claims citing each source, in the book's order (being made on another core).</param>
    /// <param name="summariesCiting">The entities whose summaries cite each source, in the book's order.</param>
    public CitedPassages(Task<Groups<string, Claim>> claimsCiting, ILookup<string, Entity> summariesCiting,
        IReadOnlyList<Claim> claims, IReadOnlyList<Entity> entities)
    {
        (_claimsCiting, _summariesCiting, _claims, _entities) = (claimsCiting, summariesCiting, claims, entities);
        _of = Of;
    }

    public IEnumerable<Passage> this[string key] => _bySource.GetOrAdd(key, _of);

    public int Count => Whole.Count;

    public bool Contains(string key) => _claimsCiting.Result.Contains(key) || _summariesCiting.Contains(key);

    public IEnumerator<IGrouping<string, Passage>> GetEnumerator() => Whole.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Groups<string, Passage> Whole => LazyInitializer.EnsureInitialized(ref _whole, () => WholeOf(_claims, _entities));

    /// <summary>The passages of one source, cited in the same order as <see cref="WholeOf"/> meets them.</summary>
    private List<Passage> Of(string source)
    {
        var cited = new List<(Passage Passage, int Order)>();
        void Cite(IReadOnlyList<Citation> citations)
        {
            foreach (var citation in citations)
                if (string.Equals(citation.Passage.SourceId, source, StringComparison.Ordinal)) cited.Add((citation.Passage, cited.Count));
        }
        foreach (var claim in _claimsCiting.Result[source]) Cite(claim.Citations);
        foreach (var entity in _summariesCiting[source]) Cite(entity.SummaryCitations ?? []);
        return InTextOrderOnce(cited).ConvertAll(p => p.Passage);
    }

    private static Groups<string, Passage> WholeOf(IReadOnlyList<Claim> claims, IReadOnlyList<Entity> entities)
    {
        // Each passage found by its source's id, looked up once for each run of citations of one source (a source's
        // claims mostly come together), then by its place in the source: hashing each passage whole (its source's id
        // again) was most of this at 100,000 citations, and a set of places for each source most of what was left.
        var bySource = new Dictionary<string, List<(Passage Passage, int Order)>>(StringComparer.Ordinal);
        string? sourceId = null;
        List<(Passage Passage, int Order)>? cited = null;
        var order = 0;
        void Cite(Passage passage)
        {
            if (!ReferenceEquals(passage.SourceId, sourceId))
            {
                sourceId = passage.SourceId;
                cited = CollectionsMarshal.GetValueRefOrAddDefault(bySource, sourceId, out _) ??= [];
            }
            cited!.Add((passage, ++order));
        }
        foreach (var claim in claims)
            foreach (var citation in claim.Citations) Cite(citation.Passage);
        foreach (var entity in entities)
            foreach (var citation in entity.SummaryCitations ?? []) Cite(citation.Passage);
        var groups = bySource.Values.Select(InTextOrderOnce).ToList();
        groups.Sort((a, b) => InTextOrder(a[0], b[0]));
        return Groups<string, Passage>.Of(groups.Select(g => (g[0].Passage.SourceId, g.ConvertAll(p => p.Passage))), StringComparer.Ordinal);
    }

    /// <summary>
    /// One source's passages sorted in text order, each place once. Two passages of one source at the same place are the
    /// same passage: at one place, in the order cited, only the first is kept. So the order in which they were cited
    /// tells apart only passages of different sources.
    /// </summary>
    private static List<(Passage Passage, int Order)> InTextOrderOnce(List<(Passage Passage, int Order)> group)
    {
        group.Sort(InTextOrder);
        var kept = Math.Min(group.Count, 1);
        for (var i = 1; i < group.Count; i++)
            if (group[i].Passage.Start != group[kept - 1].Passage.Start || group[i].Passage.End != group[kept - 1].Passage.End) group[kept++] = group[i];
        group.RemoveRange(kept, group.Count - kept);
        return group;
    }

    private static int InTextOrder((Passage Passage, int Order) a, (Passage Passage, int Order) b) =>
        a.Passage.Start != b.Passage.Start ? a.Passage.Start.CompareTo(b.Passage.Start)
        : a.Passage.End != b.Passage.End ? a.Passage.End.CompareTo(b.Passage.End) : a.Order.CompareTo(b.Order);
}
