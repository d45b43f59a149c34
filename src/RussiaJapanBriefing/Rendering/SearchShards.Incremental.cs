using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

// A build after a small edit rewrites the shards around the edited documents only, and keeps the others as published.
public static partial class SearchShards
{
    /// <summary>
    /// What a build wrote, enough for the next to rewrite only what an edit changed: each document's key (a hash of its
    /// fields) and the term shards holding its postings, each shard's hash, each document shard's document count and
    /// each term shard's first and last term.
    /// </summary>
    /// <param name="TermShardsOf">
    /// Null when not kept: a memo kept in memory (<c>serve</c>) still holds each document's terms as the last build
    /// indexed them, and where a posting stands follows from <paramref name="From"/> and <paramref name="FirstPostings"/>,
    /// so only the command line, whose next process knows no terms, pays for keeping it up to date. Each document's
    /// shards, in increasing order, are kept encoded as the memo's file holds them (<see cref="EncodeShards"/>), most
    /// of them slices of the bytes read: a big book has 200,000 documents and 5 million such numbers, which a new
    /// process reads and writes whole but decodes only to see which documents an edit moved (<see cref="ShardsOf"/>).
    /// Decoded, they were 20 MB of arrays touched for the first time, the biggest of a one-claim rebuild's reads.
    /// Made when first asked for, which is when the memo is saved: after a one-claim edit at 10,000 sources, updating
    /// them was 20 ms at the end of the index's work, on which the render phase waited.
    /// </param>
    /// <param name="FirstPostings">The document of each term shard's first posting: with its first term, where it begins.</param>
    internal sealed record Built(Limits Limits, UInt128[] Keys, Lazy<ReadOnlyMemory<byte>[]>? TermShardsOf, int[] DocumentCounts, string[] DocumentHashes,
        string[] From, string[] To, int[] FirstPostings, string[] TermHashes);

    /// <summary>
    /// Writes the shards of <paramref name="documents"/> into <paramref name="sink"/>. When <paramref name="memo"/> knows
    /// what the build published in it wrote, and every shard is still on disk as written, only the shards from the one
    /// holding the first change until the shards line up again are made; the others are kept, and a term shard's
    /// postings are read back from its published file. Else, and when documents were added or removed (which renumbers
    /// every later one), every shard is made. Either way the bytes are those of a clean build.
    /// </summary>
    /// <param name="keys">Each document's key, when the caller knows them without making every document; else each is hashed.</param>
    public static void Write(IReadOnlyList<SearchDocument> documents, Limits limits, SearchMemo memo, IOutputSink sink, UInt128[]? keys = null)
    {
        if (memo.Last is { } last && last.Limits == limits && last.Keys.Length == documents.Count && Updated(documents, last, memo, sink, keys)) return;
        Write(documents, limits, memo, (path, bytes) => sink.Write(path, null, bytes));
    }

    private static string DocumentShard(int number) => ShardPath(ref s_documentShards, 'd', number);

    private static string TermShard(int number) => ShardPath(ref s_termShards, 't', number);

    /// <summary>
    /// Each shard's path, made once per process: a save asks the path of every shard twice (whether it is as published,
    /// and to keep it), 8,000 strings at 10,000 sources. Grown by copying, so a reader on another thread (another
    /// build in the same process) sees an array whole; two that grow it at once make the same paths.
    /// </summary>
    private static string ShardPath(ref string[] paths, char kind, int number)
    {
        var known = Volatile.Read(ref paths);
        if (number < known.Length) return known[number];
        var grown = new string[Math.Max(number + 1, known.Length * 2)];
        known.CopyTo(grown, 0);
        for (var n = known.Length; n < grown.Length; n++) grown[n] = SiteLayout.SearchShard($"{kind}{n}");
        Volatile.Write(ref paths, grown);
        return grown[number];
    }

    private static string[] s_documentShards = [], s_termShards = [];

    /// <summary>False, having written nothing, when the shards must all be made.</summary>
    private static bool Updated(IReadOnlyList<SearchDocument> documents, Built last, SearchMemo memo, IOutputSink sink, UInt128[]? given)
    {
        // What memo recorded must be what is published: a build not published, or a shard edited by hand, makes all again.
        for (var n = 0; n < last.DocumentHashes.Length; n++)
            if (sink.PublishedHash(DocumentShard(n)) != last.DocumentHashes[n]) return false;
        for (var n = 0; n < last.TermHashes.Length; n++)
            if (sink.PublishedHash(TermShard(n)) != last.TermHashes[n]) return false;

        var keys = given ?? memo.Keys(documents);
        var changedList = new List<int>();
        for (var i = 0; i < keys.Length; i++)
            if (keys[i] != last.Keys[i]) changedList.Add(i);
        int[] changed = [.. changedList];
        memo.Begin();
        var written = new List<(string Path, byte[] Bytes)>();
        Action<string, byte[]> Held(List<string> hashes) => Hashed((path, bytes) => written.Add((path, bytes)), hashes);
        SearchMemo.Item ItemOf(int id) => memo.ItemOf(documents[id], keys[id]);
        if (ChangesOf(last, memo, changed, ItemOf) is not { } postingChanges) return false;

        // The document shards, from the one holding the first changed document.
        var documentCounts = last.DocumentCounts;
        var documentHashes = last.DocumentHashes;
        if (changed.Length > 0)
        {
            var starts = new int[documentCounts.Length + 1];
            for (var n = 0; n < documentCounts.Length; n++) starts[n + 1] = starts[n] + documentCounts[n];
            var first = 0;
            while (starts[first + 1] <= changed[0]) first++;
            var hashes = new List<string>();
            var (counts, stoppedAt) = WriteDocuments(documents, ItemOf, last.Limits.DocumentShardBytes, first, starts[first],
                (n, id) => id > changed[^1] && n < documentCounts.Length && starts[n] == id, Held(hashes));
            documentCounts = Spliced(documentCounts, first, stoppedAt, counts);
            documentHashes = Spliced(documentHashes, first, stoppedAt, hashes);
        }

        // The term shards, each stretch from the one holding the first part of a term whose postings changed.
        List<string> termHashes = [];
        var termShardsOf = last.TermShardsOf;
        string[] from = last.From, to = last.To, termHashList = last.TermHashes;
        var termFirsts = last.FirstPostings;
        try
        {
            if (TermStretches(last, memo, changed, postingChanges, sink, Held(termHashes), out var posted) is { Count: > 0 } stretches)
            {
                from = Spliced(last.From, stretches, s => s.Writer.From);
                to = Spliced(last.To, stretches, s => s.Writer.To);
                termFirsts = Spliced(last.FirstPostings, stretches, s => s.Writer.Firsts);
                var made = 0;
                termHashList = Spliced(last.TermHashes, stretches, s => termHashes.GetRange((made += s.Writer.From.Count) - s.Writer.From.Count, s.Writer.From.Count));
                // Made when the memo is saved, once the site is published: nothing else of this build reads them.
                var before = last.TermShardsOf;
                termShardsOf = posted is not null && before is not null
                    ? new(() => ShardsOf(before.Value, stretches, last.TermHashes.Length, posted, changed)) : null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return false; // a published shard that is not as written after all
        }

        var rewritten = written.Select(w => w.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, bytes) in written) sink.Write(path, null, bytes);
        for (var n = 0; n < documentHashes.Length; n++) Keep(DocumentShard(n), documentHashes[n]);
        for (var n = 0; n < termHashList.Length; n++) Keep(TermShard(n), termHashList[n]);
        var built = new Built(last.Limits, keys, termShardsOf, documentCounts, documentHashes, from, to, termFirsts, termHashList);
        memo.Last = built;
        memo.Counted(documents.Count);
        sink.Write(SiteLayout.SearchIndex, null, Manifest(built));
        return true;

        void Keep(string path, string hash)
        {
            if (rewritten.Contains(path) || sink.TryKeepPublished(path, null, hash)) return;
            // Kept by its bytes when the sink keeps files by something else (what a page read).
            sink.Write(path, null, sink.Published(path) ?? throw new IOException($"{path} changed while the search index was written"));
        }
    }

    /// <summary>Term shards made again: from which shard, where they stopped (-1 at the end), and what they wrote.</summary>
    private sealed record Stretch(int First, int StoppedAt, TermWriter Writer);

    /// <summary>
    /// How the changed documents' postings change: the term shards holding the postings that go, the postings that come
    /// (in the order of the index), and under each term the documents whose postings go; <paramref name="RemovedUnder"/>
    /// is null when every posting of every changed document goes, under every term.
    /// </summary>
    private sealed record PostingChanges(HashSet<int> Held, List<(string Term, int Posting)> Added, Dictionary<string, int[]>? RemovedUnder);

    /// <summary>
    /// <c>serve</c>'s memo holds the terms each document was indexed with, so only the postings that differ go and come:
    /// an edit that rewords a claim makes again the shards of the terms it added or dropped, not those of every term the
    /// claim has (some thirty, each shard made again until the shards line up: a third of a one-claim save's CPU at 10,000
    /// sources). The command line's memo knows where each document's postings stood, not its terms: every posting of a
    /// changed document goes and its postings now come, and the shards made again record where each document's postings
    /// stand. Null when neither is known (every shard is made again).
    /// </summary>
    private static PostingChanges? ChangesOf(Built last, SearchMemo memo, int[] changed, Func<int, SearchMemo.Item> itemOf)
    {
        var held = new HashSet<int>();
        var added = new List<(string Term, int Posting)>();
        (string, int) Posting(int id, int term) => (memo.Term(term >> 1), id * 2 + (term & 1));
        Dictionary<string, List<int>>? removed = null;
        var was = memo.Persisted ? null : Array.ConvertAll(changed, id => memo.Known(last.Keys[id]));
        if (was is not null && Array.TrueForAll(was, item => item is not null))
        {
            removed = new(StringComparer.Ordinal);
            for (var i = 0; i < changed.Length; i++)
            {
                // A term and its title bit, as a posting holds them: a term whose bit changed goes and comes.
                var gone = new HashSet<int>(was[i]!.Terms);
                foreach (var term in itemOf(changed[i]).Terms)
                    if (!gone.Remove(term)) added.Add(Posting(changed[i], term));
                foreach (var term in gone)
                {
                    var name = memo.Term(term >> 1);
                    held.Add(ShardOf(last, name, changed[i]));
                    // The documents are taken in increasing order, so each term's list is too.
                    (removed.TryGetValue(name, out var documents) ? documents : removed[name] = []).Add(changed[i]);
                }
            }
        }
        else if (last.TermShardsOf is { } shardsOf)
        {
            foreach (var id in changed)
            {
                for (var shards = new ShardReader(shardsOf.Value[id].Span); shards.Next(out var shard);) held.Add(shard);
                foreach (var term in itemOf(id).Terms) added.Add(Posting(id, term));
            }
        }
        else return null;
        added.Sort((a, b) => Compare(a.Term, a.Posting >> 1, b.Term, b.Posting >> 1));
        return new(held, added, removed?.ToDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>The last shard that starts at or before the posting of <paramref name="document"/> under <paramref name="term"/>: the one holding it, or where it goes.</summary>
    private static int ShardOf(Built last, string term, int document)
    {
        // Shards start in the order of their postings, each at its first: the last start not after the posting.
        int low = 1, high = last.From.Length - 1, shard = 0;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (Compare(last.From[middle], last.FirstPostings[middle], term, document) <= 0) (shard, low) = (middle, middle + 1);
            else high = middle - 1;
        }
        return shard;
    }

    /// <summary>
    /// The stretches of term shards made again, in order: each from a shard holding a change, until a shard holding
    /// none begins at the posting it began with, so the shards between two changes far apart (a document's terms are
    /// all over the alphabet, and a common term's postings over many shards) are kept.
    /// </summary>
    /// <param name="posted">Which shards made again hold each document's postings, when the memo keeps them (see <see cref="Built"/>).</param>
    private static List<Stretch> TermStretches(Built last, SearchMemo memo, int[] changed, PostingChanges changes, IOutputSink sink,
        Action<string, byte[]> emit, out ShardsPosted? posted)
    {
        var added = changes.Added;
        // A new posting goes to the last shard starting at or before its place, or to the one after it.
        var touched = changes.Held;
        foreach (var (term, posting) in added) touched.Add(ShardOf(last, term, posting >> 1));

        var stretches = new List<Stretch>();
        // Only a memo kept for a new process keeps which shards hold each document's postings (see Built).
        posted = memo.Persisted ? new ShardsPosted(last.Keys.Length) : null;
        var next = 0;
        var from = 0;
        while (touched.Where(t => t >= from).DefaultIfEmpty(-1).Min() is var first && first >= 0)
        {
            var writer = new TermWriter(last.Limits.TermShardBytes, first, emit, posted);
            // The terms no published shard holds, before the term given (all that are left, when none is).
            void AddNew(string? before)
            {
                while (next < added.Count && (before is null || string.CompareOrdinal(added[next].Term, before) < 0))
                {
                    var term = added[next].Term;
                    var list = new List<int>();
                    for (; next < added.Count && added[next].Term == term; next++) list.Add(added[next].Posting);
                    writer.Add(term, new PostingSlice([.. list], 0, list.Count));
                }
            }
            var stoppedAt = -1;
            var published = new PublishedTerms(last, first, sink);
            // One list for every term in turn: the writer is done with a term before the next is read.
            var remade = new Remade(published, changes.RemovedUnder, changed, added);
            while (published.Next() is { } piece)
            {
                var term = piece.Term;
                AddNew(term);
                var addedFrom = next;
                while (next < added.Count && added[next].Term == term) next++;
                remade.Start(piece, addedFrom, next);
                // A shard holding no change begins where a clean build began it: it and those after it up to the next change are as published.
                if (remade.Has(0) && writer.Add(term, remade, (n, posting) =>
                        n > first && n < last.From.Length && !touched.Contains(n) && last.From[n] == term && last.FirstPostings[n] == posting >> 1) >= 0)
                {
                    stoppedAt = writer.Number;
                    break;
                }
            }
            if (stoppedAt < 0)
            {
                AddNew(null);
                writer.End();
                stretches.Add(new Stretch(first, -1, writer));
                break;
            }
            stretches.Add(new Stretch(first, stoppedAt, writer));
            // The postings added past where it stopped belong to a later stretch.
            for (next = 0; next < added.Count && Compare(added[next].Term, added[next].Posting >> 1, last.From[stoppedAt], last.FirstPostings[stoppedAt]) < 0; next++) { }
            from = stoppedAt;
        }
        return stretches;
    }

    /// <summary>The order of postings in the index: by term, then by document.</summary>
    private static int Compare(string term, int document, string otherTerm, int otherDocument) =>
        string.CompareOrdinal(term, otherTerm) is var byTerm && byTerm != 0 ? byTerm : document.CompareTo(otherDocument);

    /// <summary>A term's postings in one published shard (<paramref name="Count"/> of <paramref name="Postings"/> from <paramref name="Start"/>), and whether the term goes on in the next.</summary>
    private readonly record struct Piece(string Term, int[] Postings, int Start, int Count, bool Continues);

    /// <summary>
    /// The terms of the published term shards from <paramref name="first"/> on, shard by shard, each shard read when
    /// the one before is done: a term continued over shards comes in pieces (see <see cref="Remade"/>).
    /// </summary>
    private sealed class PublishedTerms(Built last, int first, IOutputSink sink)
    {
        private int _shard = first - 1, _next;
        private ParsedTerms _terms = new([], []);

        /// <summary>The buffers the shards are parsed into, each shard into those of the one before: a piece is taken before the next shard is read.</summary>
        private readonly List<(string, int, int)> _parsed = [];

        private int[] _postings = [];

        /// <summary>The next piece, reading the next shard when this one is done; null after the last shard.</summary>
        public Piece? Next()
        {
            while (_next == _terms.Terms.Count)
            {
                if (++_shard >= last.TermHashes.Length) return null;
                _terms = ParseTerms(sink.Published(TermShard(_shard)) ?? throw new InvalidDataException($"{TermShard(_shard)} is not as published"), _parsed, ref _postings);
                _next = 0;
            }
            var (term, start, count) = _terms.Terms[_next++];
            // A term ends a shard and begins the next only when its list was cut there.
            return new Piece(term, _terms.Postings, start, count, _next == _terms.Terms.Count && _shard + 1 < last.From.Length && last.From[_shard + 1] == term);
        }

        /// <summary>The document of the next shard's first posting.</summary>
        public int NextFirst => last.FirstPostings[_shard + 1];
    }

    /// <summary>
    /// A term's postings as they are now: the published ones but those that go (<paramref name="removedUnder"/> the term,
    /// or every changed document's when it is null), and those that come (<paramref name="added"/> from
    /// <paramref name="addedFrom"/> to <paramref name="addedTo"/>, in document order),
    /// taken piece by piece from <paramref name="published"/> only as far as the writer asks.
    /// </summary>
    private sealed class Remade(PublishedTerms published, Dictionary<string, int[]>? removedUnder, int[] changed, List<(string Term, int Posting)> added)
        : IPostingList
    {
        private readonly PublishedTerms _published = published;
        private readonly List<(string Term, int Posting)> _added = added;
        private readonly List<int> _postings = [];
        private int _addedAt, _addedTo;
        private bool _continues;

        /// <summary>The documents whose published postings under the term go (see <see cref="ChangesOf"/>).</summary>
        private int[] _removed = [];

        /// <summary>Starts the next term, from its first piece; the list is the writer's until the next term starts.</summary>
        public void Start(Piece first, int addedFrom, int addedTo)
        {
            _postings.Clear();
            (_addedAt, _addedTo) = (addedFrom, addedTo);
            _removed = removedUnder is null ? changed : removedUnder.GetValueOrDefault(first.Term, []);
            Take(first);
        }

        public int this[int index] => _postings[index];

        public bool Has(int index)
        {
            while (index >= _postings.Count && _continues)
                Take(_published.Next() ?? throw new InvalidDataException("a term shard not as written"));
            return index < _postings.Count;
        }

        private void Take(Piece piece)
        {
            // A term's postings are in document order, one per document. The documents whose postings go are few and
            // sorted: the piece is copied in the runs between them ("the" has a posting in nearly every document).
            var postings = piece.Postings.AsSpan(piece.Start, piece.Count);
            var from = _postings.Count;
            var at = 0;
            foreach (var document in _removed)
            {
                var place = FirstAt(postings, at, document);
                _postings.AddRange(postings[at..place]);
                at = place < postings.Length && postings[place] >> 1 == document ? place + 1 : place;
            }
            _postings.AddRange(postings[at..]);
            // The changed documents' postings before the next piece's first (all that are left, at the term's end), each
            // put in its place.
            var before = piece.Continues ? _published.NextFirst : int.MaxValue;
            for (; _addedAt < _addedTo && _added[_addedAt].Posting >> 1 < before; _addedAt++)
            {
                var posting = _added[_addedAt].Posting;
                from = FirstAt(CollectionsMarshal.AsSpan(_postings), from, posting >> 1);
                _postings.Insert(from++, posting);
            }
            _continues = piece.Continues;
        }

        /// <summary>Where in <paramref name="postings"/> (in document order), from <paramref name="start"/> on, the first posting of <paramref name="document"/> or a later one is.</summary>
        private static int FirstAt(ReadOnlySpan<int> postings, int start, int document)
        {
            int low = start, high = postings.Length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (postings[middle] >> 1 < document) low = middle + 1;
                else high = middle;
            }
            return low;
        }
    }

    /// <summary>A term shard's terms, each with where its postings stand in <paramref name="Postings"/>.</summary>
    private sealed record ParsedTerms(List<(string Term, int Start, int Count)> Terms, int[] Postings);

    /// <summary>
    /// A term shard's terms and their postings (document number times two, plus one for a title), as <see cref="TermWriter"/>
    /// wrote them: all postings in one array, not a list per term (a shard holds hundreds of rare terms, and a save read
    /// some 40 shards, 5 MB of lists at 10,000 sources).
    /// </summary>
    private static ParsedTerms ParseTerms(byte[] bytes, List<(string, int, int)> terms, ref int[] postings)
    {
        var prefix = Encoding.UTF8.GetByteCount($"window.{TermsGlobal} = ");
        if (bytes.Length < prefix + 2) throw new InvalidDataException("a term shard too short");
        var reader = new Utf8JsonReader(bytes.AsSpan(prefix, bytes.Length - prefix - 2));
        terms.Clear();
        // A posting takes at least two bytes of the shard (a digit and a comma or bracket).
        if (postings.Length < bytes.Length / 2) postings = new int[bytes.Length / 2];
        var count = 0;
        Next(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName && reader.GetString() != "terms") reader.Skip();
        Next(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var term = reader.GetString()!;
            Next(ref reader, JsonTokenType.StartArray);
            var (start, id) = (count, 0);
            while (Next(ref reader) == JsonTokenType.Number)
            {
                var value = reader.GetInt32();
                id = count == start ? value >> 1 : id + (value >> 1);
                postings[count++] = id * 2 + (value & 1);
            }
            terms.Add((term, start, count - start));
        }
        return new ParsedTerms(terms, postings);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader, JsonTokenType? expected = null)
    {
        if (!reader.Read() || (expected is { } type && reader.TokenType != type)) throw new InvalidDataException("a term shard not as written");
        return reader.TokenType;
    }

    /// <summary><paramref name="old"/> with its items from <paramref name="first"/> to <paramref name="stoppedAt"/> (the end when -1) replaced.</summary>
    private static T[] Spliced<T>(T[] old, int first, int stoppedAt, IEnumerable<T> made) =>
        [.. old.Take(first), .. made, .. stoppedAt < 0 ? [] : old.Skip(stoppedAt)];

    /// <summary><paramref name="old"/> with the items of each stretch replaced by what <paramref name="made"/> says.</summary>
    private static T[] Spliced<T>(T[] old, List<Stretch> stretches, Func<Stretch, IEnumerable<T>> made)
    {
        var spliced = new List<T>();
        var at = 0;
        foreach (var stretch in stretches)
        {
            spliced.AddRange(old[at..stretch.First]);
            spliced.AddRange(made(stretch));
            at = stretch.StoppedAt < 0 ? old.Length : stretch.StoppedAt;
        }
        spliced.AddRange(old[at..]);
        return [.. spliced];
    }

    /// <summary>Each document's term shards, those in the stretches now as <paramref name="posted"/> says.</summary>
    /// <param name="changed">The documents changed, in increasing order.</param>
    private static ReadOnlyMemory<byte>[] ShardsOf(ReadOnlyMemory<byte>[] old, List<Stretch> stretches, int shards, ShardsPosted posted, int[] changed)
    {
        var remade = new bool[shards];
        foreach (var stretch in stretches)
            for (var n = stretch.First; n < (stretch.StoppedAt < 0 ? shards : stretch.StoppedAt); n++) remade[n] = true;
        var (starts, made) = posted.ByDocument();
        // Changed in place: the last build's, which nothing reads once this one's are made (copying 200,000 was 7 ms).
        var shardsOf = old;
        var merged = new List<int>();
        var encoded = new ArrayBufferWriter<byte>();
        var nextChanged = 0;
        for (var id = 0; id < old.Length; id++)
        {
            var now = made.AsSpan(starts[id], starts[id + 1] - starts[id]);
            var isChanged = nextChanged < changed.Length && changed[nextChanged] == id;
            if (isChanged) nextChanged++;
            // A shard made again holds every posting it held before but the changed documents' (the stretch wrote the
            // published ones again, see TermWriter): a document unchanged that no stretch posted held none there, and is as
            // it was. Reading every document's shards to see that was 24 ms of CPU after a one-claim edit at 10,000 sources.
            if (now.IsEmpty && !isChanged) continue;
            // Most documents a stretch posted post in the very shards they did: kept so, without a list or an encoding made.
            if (!isChanged && SameWhereRemade(old[id].Span, now)) continue;
            // Both in increasing order, and no shard in both (those made are all made again): merged, not sorted.
            merged.Clear();
            var was = new ShardReader(old[id].Span);
            var more = was.Next(out var next);
            for (var b = 0; more || b < now.Length;)
            {
                if (more && remade[next]) more = was.Next(out next);
                else if (b == now.Length || more && next < now[b])
                {
                    merged.Add(next);
                    more = was.Next(out next);
                }
                else merged.Add(now[b++]);
            }
            // Most documents post in the same shards as before: their encodings are kept, not made again.
            encoded.ResetWrittenCount();
            EncodeShards(CollectionsMarshal.AsSpan(merged), encoded);
            if (!encoded.WrittenSpan.SequenceEqual(old[id].Span)) shardsOf[id] = encoded.WrittenSpan.ToArray();
        }
        return shardsOf;

        // Whether the shards made again among those a document held are those it is posted in now.
        bool SameWhereRemade(ReadOnlySpan<byte> was, ReadOnlySpan<int> now)
        {
            var b = 0;
            for (var reader = new ShardReader(was); reader.Next(out var shard);)
                if (remade[shard] && (b == now.Length || now[b++] != shard)) return false;
            return b == now.Length;
        }
    }

    /// <summary>
    /// Writes a document's term shards, in increasing order, as <see cref="Built.TermShardsOf"/> keeps them: each as its
    /// distance from the one before (the first from 0), seven bits a byte, low bits first, as BinaryWriter writes a count.
    /// </summary>
    internal static void EncodeShards(ReadOnlySpan<int> shards, IBufferWriter<byte> into)
    {
        var previous = 0;
        foreach (var shard in shards)
        {
            var span = into.GetSpan(5);
            var length = 0;
            for (var delta = (uint)(shard - previous); ; delta >>= 7)
            {
                if (delta < 0x80)
                {
                    span[length++] = (byte)delta;
                    break;
                }
                span[length++] = (byte)(delta | 0x80);
            }
            into.Advance(length);
            previous = shard;
        }
    }

    /// <summary>
    /// Whether <paramref name="encoded"/> is a list <see cref="EncodeShards"/> writes of shards below <paramref name="shards"/>,
    /// in increasing order: what a memo's file holds is checked once, so that reading it (<see cref="ShardReader"/>) cannot fail.
    /// </summary>
    internal static bool ValidShards(ReadOnlySpan<byte> encoded, int shards)
    {
        long shard = 0;
        for (var at = 0; at < encoded.Length;)
        {
            var first = at == 0;
            long delta = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (at == encoded.Length || shift > 28) return false;
                var next = encoded[at++];
                delta |= (long)(next & 0x7F) << shift;
                if (next < 0x80) break;
            }
            // Increasing: only the first may be at distance 0, from shard 0.
            if (delta == 0 && !first || (shard += delta) >= shards) return false;
        }
        return true;
    }

    /// <summary>A document's term shards, read one at a time from what <see cref="EncodeShards"/> wrote.</summary>
    private ref struct ShardReader(ReadOnlySpan<byte> encoded)
    {
        private readonly ReadOnlySpan<byte> _encoded = encoded;
        private int _at, _shard;

        public bool Next(out int shard)
        {
            if (_at >= _encoded.Length)
            {
                shard = 0;
                return false;
            }
            var delta = 0;
            for (var shift = 0; ; shift += 7)
            {
                var next = _encoded[_at++];
                delta |= (next & 0x7F) << shift;
                if (next < 0x80) break;
            }
            shard = _shard += delta;
            return true;
        }
    }
}
