using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The search index: every entity, source, claim and line of article text as a <see cref="SearchDocument"/>, each
/// with the site-relative URL of the exact place it stands, written as shards (<see cref="SearchShards"/>) so a
/// query loads only the few it needs. Documents are numbered in the order they rank when nothing else tells
/// them apart (entities, sources, claims, passages), and a source's lines stay together, so the results of a rare
/// term tend to share document shards. A document's number is its place: an edited text keeps every number, so
/// only the shards around the edit change, but a document added or removed renumbers all after it, and so changes
/// the term shards holding their postings.
/// </summary>
public sealed partial class SearchIndex : IOutput
{
    public bool WholeBook => true;

    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics)
    {
        var memo = site.Search ?? new SearchMemo();
        if (!memo.Persisted)
        {
            SearchShards.Write(memo.Documents.Of(site.Book), SearchShards.Limits.Default, memo, sink);
            return;
        }
        // A new process has no records kept in memory to compare by instance: it compares what each record is made from.
        var documents = new Keyed(site.Book, memo.Records, site.Edited);
        var keys = memo.Last is { } last ? documents.Keys(last.Keys) : null;
        memo.Records = documents.Records;
        SearchShards.Write(documents, SearchShards.Limits.Default, memo, sink, keys);
    }

    /// <summary>Every document of <paramref name="book"/>, made afresh.</summary>
    public static IReadOnlyList<SearchDocument> Documents(BriefingBook book) => new Kept().Of(book);

    /// <summary>
    /// The documents of the last book, kept with the records they were made from (<see cref="SearchMemo.Documents"/>):
    /// <c>serve</c> reuses every record a save left alone as the same instance (see ResolvedRecords), so a one-claim
    /// edit makes one claim's document, and the kept documents keep their keys (<see cref="SearchMemo"/>) too. Making
    /// every document (each claim's Markdown turned into text, each source cut into lines) took a second at 10,000
    /// sources; finding the kept ones in weak tables, one lookup per record, and a new list of 150,000 documents per
    /// save, some 25 ms and 4 MB. Now a save compares each record with the one kept at its place, and patches the
    /// documents in place: no lookup and nothing allocated for what it left alone. Records added or removed (which
    /// renumber every document after them) make the list again, each record that is the same instance keeping its
    /// document. Not for use from two builds at once.
    /// </summary>
    /// <remarks>
    /// Where a claim stands is decided by the first topic it is about: its own page, or the year page of that topic's
    /// layout that holds the claim (see <see cref="BookPages.ClaimPage"/>). So the index records, for each such topic,
    /// the topic's layout and its entity, and asks each claim's page without recording it: a few thousand reads at
    /// 10,000 sources instead of one per claim, each of which the page tracker numbered, listed and compared on every
    /// save. A claim moved to another page moves with its topic's layout, which the tracker sees changed. The page is
    /// asked again only for a claim whose topic's layout or entity is another instance than when it was last asked
    /// (BookPages keeps the layout of every topic a save left alone): asking all 50,000 took some 30 ms a save.
    /// </remarks>
    internal sealed class Kept
    {
        private Entity[] _entities = [];
        private Source[] _sources = [];
        private Claim[] _claims = [];

        /// <summary>Each source's documents, and where its passages start in <see cref="_documents"/>.</summary>
        private SourceEntry[] _sourceEntries = [];

        private int[] _passagesAt = [];

        /// <summary>Each claim's page and document, and the topic (in <see cref="_topics"/>) its page was asked under.</summary>
        private ClaimEntry[] _claimEntries = [];

        private int[] _topicOf = [];

        /// <summary>The first topics of the claims, each once, with the layout and entity the claims' pages were asked with.</summary>
        private Topic[] _topics = [];

        private SearchDocument[] _documents = [];

        /// <summary>Topics whose layout or entity changed in this call, by number; kept to be cleared, not made again.</summary>
        private bool[] _moved = [];

        /// <summary>
        /// The documents of <paramref name="book"/>, in order (entities, sources, claims, passages): the array kept
        /// here, patched in place, so it is the caller's only until the next call.
        /// </summary>
        public IReadOnlyList<SearchDocument> Of(BriefingBook book)
        {
            // Each table read whole, once, as a page would: the tracker keeps the index while none of them changed.
            var (entities, sources, claims) = (book.Entities, book.Sources, book.Claims);
            if (entities.Count != _entities.Length || sources.Count != _sources.Length || claims.Count != _claims.Length || !Patched(book, entities, sources, claims))
                Make(book, entities, sources, claims);
            return _documents;
        }

        /// <summary>
        /// Patches the kept documents for records replaced at their places; false, having changed nothing the next
        /// <see cref="Make"/> relies on, when one changed what the list holds (a source's number of passages, a claim's first topic).
        /// </summary>
        private bool Patched(BriefingBook book, IReadOnlyList<Entity> entities, IReadOnlyList<Source> sources, IReadOnlyList<Claim> claims)
        {
            // Sources first: a source with another number of passages renumbers every document after them.
            var i = 0;
            foreach (var source in sources)
            {
                if (!ReferenceEquals(source, _sources[i]))
                {
                    var entry = SourceDocuments(source);
                    if (entry.Passages.Length != _sourceEntries[i].Passages.Length) return false;
                    (_sources[i], _sourceEntries[i]) = (source, entry);
                    _documents[_entities.Length + i] = entry.Source;
                    entry.Passages.CopyTo(_documents, _passagesAt[i]);
                }
                i++;
            }
            // A claim whose first topic is another is placed under another topic: the topics are listed again.
            i = 0;
            foreach (var claim in claims)
            {
                if (!ReferenceEquals(claim, _claims[i]) && !string.Equals(claim.About[0], _topics[_topicOf[i]].Id, StringComparison.Ordinal)) return false;
                i++;
            }
            i = 0;
            foreach (var entity in entities)
            {
                if (!ReferenceEquals(entity, _entities[i])) (_entities[i], _documents[i]) = (entity, EntityDocument(entity));
                i++;
            }
            var moved = Topics(book);
            var claimsAt = _entities.Length + _sources.Length;
            List<int>? asked = null;
            i = 0;
            foreach (var claim in claims)
            {
                if (!ReferenceEquals(claim, _claims[i]) || moved && _moved[_topicOf[i]]) (asked ??= []).Add(i);
                _claims[i++] = claim;
            }
            if (asked is not null) Ask(book, asked, claimsAt, previous: true);
            return true;
        }

        /// <summary>Reads each topic's layout and entity (recording them); true when some topic's is another instance than its claims' pages were asked with, each marked in <see cref="_moved"/>.</summary>
        private bool Topics(BriefingBook book)
        {
            var any = false;
            for (var t = 0; t < _topics.Length; t++)
            {
                var topic = _topics[t];
                var (record, entity) = (book.Pages.Topic(topic.Id), book.EntityById[topic.Id]);
                _moved[t] = !ReferenceEquals(record, topic.Record) || !ReferenceEquals(entity, topic.Entity);
                if (_moved[t]) (_topics[t], any) = (topic with { Record = record, Entity = entity }, true);
            }
            return any;
        }

        /// <summary>
        /// Asks the page of each claim at <paramref name="asked"/> (in <see cref="_claims"/>) without recording it, and
        /// sets its document: the kept one when <paramref name="previous"/> and the claim and its page are as before.
        /// </summary>
        private void Ask(BriefingBook book, List<int> asked, int claimsAt, bool previous)
        {
            var pages = BookReads.Unrecorded(() => asked.ConvertAll(i => book.Pages.ClaimPage(_claims[i])));
            for (var n = 0; n < asked.Count; n++)
            {
                var (i, page) = (asked[n], pages[n]);
                var kept = previous ? _claimEntries[i] : null;
                var document = kept is not null && ReferenceEquals(kept.Claim, _claims[i]) && kept.Page == page
                    ? kept.Document
                    : ClaimDocument(_claims[i], SiteLayout.ClaimOn(page, _claims[i].Id));
                _claimEntries[i] = new ClaimEntry(_claims[i], page, document);
                _documents[claimsAt + i] = document;
            }
        }

        /// <summary>Makes the list again, reusing the document of each record kept here as the same instance.</summary>
        private void Make(BriefingBook book, IReadOnlyList<Entity> entities, IReadOnlyList<Source> sources, IReadOnlyList<Claim> claims)
        {
            var entityDocuments = new Dictionary<Entity, SearchDocument>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < _entities.Length; i++) entityDocuments.TryAdd(_entities[i], _documents[i]);
            var sourceEntries = new Dictionary<Source, SourceEntry>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < _sources.Length; i++) sourceEntries.TryAdd(_sources[i], _sourceEntries[i]);
            var claimEntries = new Dictionary<Claim, ClaimEntry>(ReferenceEqualityComparer.Instance);
            foreach (var entry in _claimEntries) claimEntries.TryAdd(entry.Claim, entry);
            var lastTopics = _topics.ToDictionary(t => t.Id, StringComparer.Ordinal);

            _entities = [.. entities];
            _sources = [.. sources];
            _claims = [.. claims];
            _sourceEntries = Array.ConvertAll(_sources, s => sourceEntries.GetValueOrDefault(s) ?? SourceDocuments(s));
            // Sized once: grown, a list of 150,000 documents is copied a dozen times, the last copies on the large object heap.
            var count = _entities.Length + _sources.Length + _claims.Length;
            foreach (var entry in _sourceEntries) count += entry.Passages.Length;
            _documents = new SearchDocument[count];
            for (var i = 0; i < _entities.Length; i++) _documents[i] = entityDocuments.GetValueOrDefault(_entities[i]) ?? EntityDocument(_entities[i]);
            var at = _entities.Length;
            foreach (var entry in _sourceEntries) _documents[at++] = entry.Source;
            var claimsAt = at;
            at += _claims.Length;
            _passagesAt = new int[_sources.Length];
            for (var i = 0; i < _sources.Length; i++)
            {
                _passagesAt[i] = at;
                _sourceEntries[i].Passages.CopyTo(_documents, at);
                at += _sourceEntries[i].Passages.Length;
            }

            // Each claim's first topic, read once per topic; a claim's page is asked again only when its topic's layout or entity is not the one it was asked with.
            var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            var topics = new List<Topic>();
            _topicOf = new int[_claims.Length];
            _claimEntries = new ClaimEntry[_claims.Length];
            var asked = new List<int>();
            for (var i = 0; i < _claims.Length; i++)
            {
                var about = _claims[i].About[0];
                if (!numbers.TryGetValue(about, out var t))
                {
                    numbers[about] = t = topics.Count;
                    topics.Add(new Topic(about, book.Pages.Topic(about), book.EntityById[about]));
                }
                _topicOf[i] = t;
                var topic = topics[t];
                var was = lastTopics.GetValueOrDefault(about);
                if (claimEntries.TryGetValue(_claims[i], out var kept) && was is not null
                    && ReferenceEquals(was.Record, topic.Record) && ReferenceEquals(was.Entity, topic.Entity))
                {
                    _claimEntries[i] = kept;
                    _documents[claimsAt + i] = kept.Document;
                }
                else
                {
                    if (kept is not null) _claimEntries[i] = kept;
                    asked.Add(i);
                }
            }
            _topics = [.. topics];
            _moved = new bool[_topics.Length];
            // A kept entry is that of the same claim instance; Ask keeps its document when the page is the same.
            Ask(book, asked, claimsAt, previous: true);
        }
    }

    private sealed record SourceEntry(SearchDocument Source, SearchDocument[] Passages);

    /// <summary>A claim's document, made for the claim on <paramref name="Page"/>.</summary>
    private sealed record ClaimEntry(Claim Claim, string Page, SearchDocument Document);

    /// <summary>A topic that is the first of some claims, with the layout and entity their pages were last asked with.</summary>
    private sealed record Topic(string Id, TopicRecord? Record, Entity Entity);

    private static SearchDocument EntityDocument(Entity entity) =>
        new(SearchDocumentType.Entity, entity.Kind.Singular(), entity.Name,
            string.Join(" · ", entity.Aliases.Select(a => a.Name).Append(MarkdownRenderer.Plain(entity.Summary))), entity.Url);

    // Each record's key is written from what its document maker reads (see Keyed): a field read by one and not the other
    // would let an edit of it keep a stale document in a new process.
    private static UInt128 EntityKey(Entity entity, KeyWriter key)
    {
        key.Byte((byte)SearchDocumentType.Entity);
        key.Int((int)entity.Kind);
        key.Text(entity.Name);
        key.Int(entity.Aliases.Count);
        foreach (var alias in entity.Aliases) key.Text(alias.Name);
        key.Text(entity.Summary);
        key.Text(entity.Url);
        return key.Finish();
    }

    private static UInt128 ClaimKey(Claim claim, string page, KeyWriter key)
    {
        key.Byte((byte)SearchDocumentType.Claim);
        key.Text(claim.Id);
        key.Text(page);
        key.Text(claim.Date?.Display());
        key.Text(claim.Text);
        key.Text(claim.AccordingTo);
        return key.Finish();
    }

    /// <summary>What <see cref="SourceDocuments"/> reads: which lines are boilerplate only by their ranges, not their reasons.</summary>
    private static UInt128 SourceKey(Source source, KeyWriter key)
    {
        key.Byte((byte)SearchDocumentType.Source);
        key.Text(source.Id);
        key.Text(source.Url);
        key.Text(source.Title);
        key.Text(source.Info?.Outlet);
        key.Text(source.Info?.Dateline);
        key.Text(source.Info?.Published.Display());
        key.Int(source.Info?.Boilerplate.Count ?? -1);
        foreach (var range in source.Info?.Boilerplate ?? [])
        {
            key.Int(range.First);
            key.Int(range.Last);
        }
        key.Text(source.Content.Hash); // the seed's bytes name its text, so a seed not read is not read for its key
        return key.Finish();
    }

    private static SearchDocument ClaimDocument(Claim claim, string href) =>
        new(SearchDocumentType.Claim, claim.Date is null ? "Claim" : $"Claim, {claim.Date.Display()}",
            MarkdownRenderer.Plain(claim.Text), claim.AccordingTo is null ? "" : $"According to {claim.AccordingTo}", href);

    private static SourceEntry SourceDocuments(Source source)
    {
        var document = new SearchDocument(SearchDocumentType.Source, SourceLabel("Source", source), source.Title,
            string.Join(" · ", new[] { source.Info?.Outlet, source.Info?.Dateline }.OfType<string>()), source.Url);
        var label = SourceLabel("Source passage", source);
        var passages = new List<SearchDocument>();
        foreach (var line in source.Lines().Where(l => l.Boilerplate is null && l.End > l.Start))
        {
            var text = source.Text[line.Start..line.End].Trim();
            if (text.Length > 0) passages.Add(new SearchDocument(SearchDocumentType.Passage, label, source.Title, text, SiteLayout.SourceLine(source, line.Number)));
        }
        return new SourceEntry(document, [.. passages]);
    }

    private static string SourceLabel(string what, Source source) =>
        source.Info is null ? what : $"{what}, {source.Info.Outlet}, {source.Info.Published.Display()}";
}
