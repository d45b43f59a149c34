using System.Buffers;
using System.Collections;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

public sealed partial class SearchIndex
{
    /// <summary>What each record's documents were made from, hashed, kept with the search memo for the next process (see <see cref="Keyed"/>).</summary>
    /// <param name="Entities">How many of <paramref name="Keys"/> are entities'.</param>
    /// <param name="Keys">Each record's hash, in the index's order: entities, sources, claims (each with the page it stands on).</param>
    /// <param name="Passages">How many passage documents each source has.</param>
    internal sealed record RecordKeys(int Entities, UInt128[] Keys, int[] Passages);

    /// <summary>
    /// The documents of a book for a new process (the command line, whose memo is kept in its cache folder). Such a
    /// process has no documents of the last build to compare records with by instance (<see cref="Kept"/>), and making
    /// every one of them to hash it (each claim's Markdown turned into text, each source cut into lines) was most of the
    /// index's 0.75 s of work and 200 MB of garbage after a one-claim edit at 10,000 sources. Instead each record is
    /// hashed by what its documents are made from (<see cref="RecordKeys"/>), and a record hashed as in the last build
    /// has the document keys that build wrote: only the documents of the records that changed are made to be keyed.
    /// The others are made when a shard that holds them is written again, or not at all. It reads what
    /// <see cref="Kept"/> reads, so the page tracker records the same.
    /// </summary>
    internal sealed class Keyed : IReadOnlyList<SearchDocument>
    {
        private readonly Entity[] _entities;
        private readonly Source[] _sources;
        private readonly Claim[] _claims;
        private readonly BriefingBook _book;

        /// <summary>Each claim's page, asked when first needed after an edit known to have replaced claims alone.</summary>
        private readonly string?[] _pages;
        private readonly SourceEntry?[] _sourceEntries;

        /// <summary>Where each source's passages start among the documents.</summary>
        private readonly int[] _passagesAt;

        private readonly SearchDocument?[] _documents;

        /// <summary>The last build's record hashes, when its records were as many of each kind as this book's.</summary>
        private readonly RecordKeys? _last;

        /// <summary>This book's record hashes, for the next process.</summary>
        public RecordKeys Records { get; }

        /// <summary>How many documents have been made so far (for tests).</summary>
        public int Made { get; private set; }

        /// <param name="edited">
        /// The claims an edit replaced in place since the build <paramref name="last"/> describes, when that is all it
        /// changed (<see cref="SiteContext.Edited"/>): every entity and source is as it was, and every claim but those
        /// and the ones they may have moved to another page (<see cref="BriefingBook.MovedAfterEdit"/>) keeps its page,
        /// so its record keeps its key then, unhashed. Hashing every source's text and asking every claim's page was
        /// 0.2 s of CPU at 10,000 sources.
        /// </param>
        public Keyed(BriefingBook book, RecordKeys? last, IReadOnlyList<ClaimEdit>? edited = null)
        {
            (_book, _entities, _sources, _claims) = (book, [.. book.Entities], [.. book.Sources], [.. book.Claims]);
            var topics = new HashSet<string>(StringComparer.Ordinal);
            foreach (var claim in _claims)
                if (topics.Add(claim.About[0])) _ = (book.Pages.Topic(claim.About[0]), book.EntityById[claim.About[0]]);

            var keys = new UInt128[_entities.Length + _sources.Length + _claims.Length];
            _last = last is not null && last.Entities == _entities.Length && last.Passages.Length == _sources.Length && last.Keys.Length == keys.Length ? last : null;
            // Which keys to take unhashed decides no document's content, so what it looks up is not the index's to record.
            var moved = _last is not null && edited is not null ? BookReads.Unrecorded(() => book.MovedAfterEdit(edited)) : null;
            _pages = moved is null ? BookReads.Unrecorded(() => Array.ConvertAll(_claims, book.Pages.ClaimPage)) : new string?[_claims.Length];
            var key = new KeyWriter();
            var at = 0;
            if (moved is not null)
            {
                at = _entities.Length + _sources.Length;
                Array.Copy(_last!.Keys, keys, at);
            }
            else
            {
                foreach (var entity in _entities) keys[at++] = EntityKey(entity, key);
                foreach (var source in _sources) keys[at++] = SourceKey(source, key);
            }
            if (moved is not null)
            {
                Array.Copy(_last!.Keys, at, keys, at, _claims.Length);
                foreach (var i in Places(moved)) keys[at + i] = ClaimKey(_claims[i], Page(i), key);
            }
            else
                for (var i = 0; i < _claims.Length; i++, at++) keys[at] = ClaimKey(_claims[i], Page(i), key);

            _sourceEntries = new SourceEntry?[_sources.Length];
            var passages = new int[_sources.Length];
            _passagesAt = new int[_sources.Length];
            var count = keys.Length;
            for (var i = 0; i < _sources.Length; i++)
            {
                _passagesAt[i] = count;
                passages[i] = _last is not null && _last.Keys[_entities.Length + i] == keys[_entities.Length + i] ? _last.Passages[i] : Entry(i).Passages.Length;
                count += passages[i];
            }
            _documents = new SearchDocument?[count];
            Records = new RecordKeys(_entities.Length, keys, passages);
        }

        /// <summary>
        /// Where the claims of <paramref name="ids"/> stand among this book's, found by instance: asking each of 50,000
        /// claims' ids in the set read every id from memory, 9 ms of CPU after a one-claim edit at 10,000 sources.
        /// </summary>
        private List<int> Places(IReadOnlySet<string> ids)
        {
            var claims = BookReads.Unrecorded(() => ids.Select(id => _book.ClaimById[id]).OfType<Claim>().ToHashSet(ReferenceEqualityComparer.Instance));
            var places = new List<int>(claims.Count);
            for (var i = 0; i < _claims.Length && places.Count < claims.Count; i++)
                if (claims.Contains(_claims[i])) places.Add(i);
            return places;
        }

        public int Count => _documents.Length;

        public SearchDocument this[int index] => _documents[index] ??= Make(index);

        public IEnumerator<SearchDocument> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>
        /// Each document's key: the key <paramref name="lastKeys"/> gives it (the last build's) when its record is hashed
        /// as then, else the hash of the document, made now; null when the documents do not stand where they stood (a
        /// record added or removed, or a source with another number of passages), which renumbers every one after it.
        /// </summary>
        public UInt128[]? Keys(UInt128[] lastKeys)
        {
            if (_last is null || lastKeys.Length != Count) return null;
            var records = Records.Keys;
            for (var i = 0; i < _sources.Length; i++)
                if (Records.Passages[i] != _last.Passages[i]) return null;
            var keys = new UInt128[Count];
            var buffer = new ArrayBufferWriter<byte>();
            UInt128 KeyOf(int document, int record) => records[record] == _last.Keys[record] ? lastKeys[document] : SearchMemo.Hash(this[document], buffer);
            for (var i = 0; i < records.Length; i++) keys[i] = KeyOf(i, i);
            for (var i = 0; i < _sources.Length; i++)
                for (var p = 0; p < Records.Passages[i]; p++) keys[_passagesAt[i] + p] = KeyOf(_passagesAt[i] + p, _entities.Length + i);
            return keys;
        }

        private SearchDocument Make(int index)
        {
            if (index < _entities.Length)
            {
                Made++;
                return EntityDocument(_entities[index]);
            }
            if (index - _entities.Length < _sources.Length) return Entry(index - _entities.Length).Source;
            var claim = index - _entities.Length - _sources.Length;
            if (claim < _claims.Length)
            {
                Made++;
                return ClaimDocument(_claims[claim], SiteLayout.ClaimOn(Page(claim), _claims[claim].Id));
            }
            // The last source whose passages start at or before the index: those before it with none start there too.
            int low = 0, high = _sources.Length - 1;
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (_passagesAt[middle] <= index) low = middle;
                else high = middle - 1;
            }
            return Entry(low).Passages[index - _passagesAt[low]];
        }

        private string Page(int claim) => _pages[claim] ??= BookReads.Unrecorded(() => _book.Pages.ClaimPage(_claims[claim]));

        private SourceEntry Entry(int source)
        {
            if (_sourceEntries[source] is { } made) return made;
            var entry = _sourceEntries[source] = SourceDocuments(_sources[source]);
            Made += 1 + entry.Passages.Length;
            return entry;
        }
    }
}
