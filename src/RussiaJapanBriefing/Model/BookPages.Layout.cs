using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace RussiaJapanBriefing.Model;

public sealed partial class BookPages
{
    /// <summary>
    /// For pages taken back from the command line's cache (<see cref="TakenBack"/>), and those patched from them: the
    /// layout they came from, what each topic record and part taken back was in it, and the claims replaced (by place).
    /// The next layout is this one with only what a patch cut again made anew: at 10,000 sources, laying out every
    /// part again looked up 50,000 claims' places.
    /// </summary>
    private sealed record Kept(PagesMemo.Layout Layout, Dictionary<TopicRecord, PagesMemo.Topic> Topics, Dictionary<RecordPart, PagesMemo.Part> Parts,
        List<(int At, Claim Claim)> Replaced);

    private readonly Kept? _kept;

    /// <summary>Taken back from the command line's cache (<see cref="TakenBack"/>), or patched from pages that were.</summary>
    internal bool FromCache => _kept is not null;

    /// <summary>
    /// Tells a book's records apart by their ids, in order: a layout is taken back only into a book of the very records
    /// it was cut from, but for the claims an edit replaced in place.
    /// </summary>
    internal static UInt128 Digest(IReadOnlyList<Entity> entities, IReadOnlyList<Claim> claims, IReadOnlyList<Disagreement> disagreements)
    {
        // A hash of each id, then one of those hashes and the counts: hashing each id into one running hash cost a
        // call and its bookkeeping per id, tens of milliseconds at 50,000 claims.
        var hashes = new ulong[3 + entities.Count + claims.Count + disagreements.Count];
        var next = 0;
        void Ids<T>(IReadOnlyList<T> items, Func<T, string> id)
        {
            hashes[next++] = (ulong)items.Count;
            foreach (var item in items) hashes[next++] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id(item).AsSpan()));
        }
        Ids(entities, e => e.Id);
        Ids(claims, c => c.Id);
        Ids(disagreements, d => d.Id);
        return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(hashes.AsSpan()));
    }

    /// <summary>These pages as the cache keeps them.</summary>
    internal PagesMemo.Layout LaidOut()
    {
        var (_, entities, claims, disagreements) = _book.Records;
        Dictionary<Claim, int>? claimAt = null;
        Dictionary<Disagreement, int>? disagreementAt = null;
        int ClaimAt(Claim claim) => (claimAt ??= Places(claims))[claim];
        int DisagreementAt(Disagreement disagreement) => (disagreementAt ??= Places(disagreements))[disagreement];
        var entityAt = new Dictionary<string, int>(entities.Count, StringComparer.Ordinal);
        for (var i = 0; i < entities.Count; i++) entityAt[entities[i].Id] = i;

        long[] sizes;
        if (_kept is { } kept)
        {
            // The claims not replaced are those the layout weighed.
            sizes = (long[])kept.Layout.Sizes.Clone();
            foreach (var (at, claim) in kept.Replaced) sizes[at] = Weighed(claim);
        }
        else
        {
            sizes = new long[claims.Count];
            for (var i = 0; i < sizes.Length; i++) sizes[i] = Weighed(claims[i]);
        }
        PagesMemo.Part PartOf(RecordPart part) => _kept?.Parts.GetValueOrDefault(part) ?? new(part.Year, part.Number, [.. part.Claims.Select(ClaimAt)]);
        PagesMemo.Topic TopicOf(int at, TopicRecord record) => _kept?.Topics.GetValueOrDefault(record)
            ?? new(at, [.. record.Parts.Select(PartOf)], [.. record.Differences.Select(DisagreementAt)],
                [.. record.MoreDifferences.Select(part => part.Differences.Select(DisagreementAt).ToArray())], [.. record.Latest.Select(ClaimAt)]);
        var topics = _topics.Select(t => (At: entityAt[t.Key], Record: t.Value))
            .OrderBy(t => t.At)
            .Select(t => TopicOf(t.At, t.Record))
            .ToArray();
        return new PagesMemo.Layout(_kept?.Layout.Book ?? Digest(entities, claims, disagreements), entities.Count, disagreements.Count, sizes,
            _chronologyWeight, _chronologyParts?.Select(PartOf).ToArray(), topics);

        static Dictionary<T, int> Places<T>(IReadOnlyList<T> items) where T : class
        {
            var places = new Dictionary<T, int>(items.Count, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < items.Count; i++) places[items[i]] = i;
            return places;
        }

        // Cutting pages whole weighs every claim, and a patch every claim replaced: weighing one here is a safeguard,
        // and reads the book as no page does.
        long Weighed(Claim claim) => _sizes.TryGetValue(claim, out var size) ? size : BookReads.Unrecorded(() => Size(claim));
    }

    /// <summary>
    /// The last published book's pages taken back from <paramref name="layout"/> into <paramref name="book"/>, made of
    /// the same records but for the claims <paramref name="edited"/> replaced in place, each with the same topics and
    /// date (so in the same places): a patch for the new pages (see the constructor), as <c>serve</c> has from its last
    /// book. The parts hold the replaced claims already, so each is its own replacement. Null when the layout is not
    /// of these records, or an edit may move its claim.
    /// </summary>
    internal static (BookPages Before, List<(Claim Now, Claim Was)> InPlace)? TakenBack(BriefingBook book, PagesMemo.Layout layout, IReadOnlyList<ClaimEdit> edited)
    {
        var (_, entities, claims, disagreements) = book.Records;
        if (layout.Entities != entities.Count || layout.Disagreements != disagreements.Count || layout.Sizes.Length != claims.Count
            || edited.Any(e => !e.Was.About.SequenceEqual(e.Now.About, StringComparer.Ordinal) || !Equals(e.Was.Date, e.Now.Date)))
            return null;
        // Hashing every id (reading 60,000 records from memory) and making the pages each took a core some 20 and 50 ms
        // at 10,000 sources, while the book is otherwise made on one: side by side, the pages dropped when the ids
        // are not the layout's. The layout's places are within these counts (PagesMemo), so the pages can be made of any records.
        var same = Task.Run(() => layout.Book == Digest(entities, claims, disagreements));
        // Found by instance: comparing every claim's id with the edited ones read 50,000 claims from memory.
        var replacing = edited.Select(e => book.ClaimById[e.Now.Id]).OfType<Claim>().ToHashSet(ReferenceEqualityComparer.Instance);
        var replaced = new List<(int At, Claim Claim)>();
        for (var i = 0; i < claims.Count && replaced.Count < replacing.Count; i++)
            if (replacing.Contains(claims[i])) replaced.Add((i, claims[i]));
        var pages = new BookPages(book, layout, replaced);
        return same.GetAwaiter().GetResult() ? (pages, [.. replaced.Select(r => (r.Claim, r.Claim))]) : null;
    }

    /// <summary>The pages <paramref name="layout"/> keeps, of a book that differs from its own only by the <paramref name="replaced"/> claims.</summary>
    private BookPages(BriefingBook book, PagesMemo.Layout layout, List<(int At, Claim Claim)> replaced)
    {
        _book = book;
        var (_, entities, claims, disagreements) = book.Records;
        _sizes = new(ReferenceEqualityComparer.Instance);
        _kept = new Kept(layout, new(ReferenceEqualityComparer.Instance), new(ReferenceEqualityComparer.Instance), replaced);
        _topics = new(StringComparer.Ordinal, layout.Topics.Length);
        // Made at the size they will have (at most every claim, each under its first topic): a rebuild fills tens of thousands.
        _claimPages = new(StringComparer.Ordinal, Math.Min(claims.Count, layout.Topics.Sum(t => t.Parts.Sum(p => p.Claims.Length))));
        _disagreementPages = new(StringComparer.Ordinal);
        List<Claim> ClaimsAt(int[] places)
        {
            var at = new List<Claim>(places.Length);
            foreach (var place in places) at.Add(claims[place]);
            return at;
        }
        List<Disagreement> DisagreementsAt(int[] places) => [.. places.Select(i => disagreements[i])];
        RecordPart PartAt(PagesMemo.Part kept, string path)
        {
            var part = new RecordPart(path, kept.Year, kept.Number, ClaimsAt(kept.Claims));
            _kept.Parts[part] = kept;
            return part;
        }
        foreach (var topic in layout.Topics)
        {
            var entity = entities[topic.Entity];
            var record = new TopicRecord(
                [.. topic.Parts.Select(p => PartAt(p, SiteLayout.EntityYear(entity, p.Year, p.Number)))],
                DisagreementsAt(topic.Differences),
                [.. topic.MoreDifferences.Select((part, i) => new DifferencesPart(SiteLayout.EntityDifferences(entity, i + 2), DisagreementsAt(part)))],
                ClaimsAt(topic.Latest));
            _kept.Topics[record] = topic;
            Place(entity, record, record.Parts, _topics, _claimPages, _disagreementPages);
        }
        _chronologyPages = new(StringComparer.Ordinal, layout.Chronology?.Sum(p => p.Claims.Length) ?? 0);
        if (layout.Chronology is { } parts)
        {
            _chronologyParts = [.. parts.Select(p => PartAt(p, SiteLayout.ChronologyYear(p.Year, p.Number)))];
            foreach (var part in _chronologyParts)
                foreach (var claim in part.Claims) _chronologyPages[claim.Id] = part.Path;
        }
        // The patch adds what each replaced claim weighs now less what it weighed then: here it is its own replacement,
        // so the chronology's weight is made its weight with them now.
        _chronologyWeight = layout.ChronologyWeight;
        foreach (var (at, claim) in replaced)
            if (claim.Date is not null) _chronologyWeight += Size(claim) - layout.Sizes[at];
        _sourcePages = ListPages(book.Sources, SiteLayout.SourcesIndexPage);
    }
}
