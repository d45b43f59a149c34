using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Writes the search index as shards small enough that a query downloads only a few kilobytes of it, however big
/// the book (the design follows Pagefind's: sorted term ranges, and results' text fetched only for the results
/// shown). Every shard is a script that assigns one JSON value to a global, so the search page loads it with a
/// <c>&lt;script&gt;</c> element, which works from file:// where fetch() does not.
/// <list type="bullet">
/// <item>Term shards (<c>t0</c>, <c>t1</c>, …) hold the sorted terms in contiguous ranges. A term's postings are
/// its documents' numbers, delta-encoded, each doubled plus one when the term is in the document's title. A term
/// too common for one shard continues in the next, so no shard passes its byte limit.</item>
/// <item>Document shards (<c>d0</c>, …) hold consecutive documents (type, label, title, text, address), cut at a
/// byte limit; stored title and text are capped so one document always fits.</item>
/// <item>Where a shard ends is decided by its content, as rsync and content-defined chunking cut files: a shard
/// past three quarters of its limit ends after an item (a term, a document) whose stable hash falls under a bar
/// that grows with the item's size, and always at the limit. So a local change (a claim's text edited, a term
/// added) moves the ends of the shards around it only, the next natural end is met again, and every later shard
/// keeps its bytes and its number: an edit rewrites a few shards, not all that follow it.</item>
/// <item>The manifest names each term shard's first and last term, each document shard's document count and a
/// version (a hash of every shard's hash) that an HTTP page adds to shard addresses, so a cache never mixes builds.</item>
/// </list>
/// Shard names are numbers, never terms, so any Unicode term is safe; the same documents give the same bytes.
/// </summary>
public static partial class SearchShards
{
    /// <summary>The byte limits of one shard; every shard file is at most its limit.</summary>
    public sealed record Limits(int TermShardBytes, int DocumentShardBytes)
    {
        public static readonly Limits Default = new(24_000, 16_000);
    }

    /// <summary>
    /// What a document shard stores of a label, a title and a text: enough to show and to rank the result, and small
    /// enough that a document fits a shard even when every character is escaped (6 bytes); a document that still does
    /// not (an address of kilobytes) gets a shard of its own.
    /// </summary>
    public const int MaxStoredLabel = 200, MaxStoredTitle = 1_000, MaxStoredText = 1_000;

    public const string TermsGlobal = "RJB_SEARCH_TERMS", DocumentsGlobal = "RJB_SEARCH_DOCS", ManifestGlobal = "RJB_SEARCH_MANIFEST";

    // Escapes what HTML and JSON need escaped but leaves letters of every script as they are: the text stays small.
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static readonly byte[] DocumentsEnd = "]};\n"u8.ToArray(), TermsEnd = "}};\n"u8.ToArray();

    public static void Write(IEnumerable<SearchDocument> documents, Limits limits, Action<string, byte[]> emit) =>
        Write([.. documents], limits, new SearchMemo(), emit);

    /// <summary>
    /// Writes the shards of <paramref name="documents"/>, taking what <paramref name="memo"/> kept of each from an earlier
    /// build, and records in it what was written (<see cref="SearchMemo.Last"/>) for <see cref="Write(IReadOnlyList{SearchDocument}, Limits, SearchMemo, IOutputSink)"/>.
    /// </summary>
    public static void Write(IReadOnlyList<SearchDocument> documents, Limits limits, SearchMemo memo, Action<string, byte[]> emit)
    {
        var items = memo.Items(documents, out var keys);
        var documentHashes = new List<string>();
        var (counts, _) = WriteDocuments(documents, i => items[i], limits.DocumentShardBytes, 0, 0, (_, _) => false, Hashed(emit, documentHashes));

        var termHashes = new List<string>();
        var posted = new ShardsPosted(items.Length);
        var terms = new TermWriter(limits.TermShardBytes, 0, Hashed(emit, termHashes), posted);
        var postings = Postings.Of(items, memo);
        foreach (var term in postings.Terms) terms.Add(postings.Term(term), postings.Of(term));
        terms.End();

        var built = new Built(limits, keys, new(posted.Encoded), [.. counts], [.. documentHashes],
            [.. terms.From], [.. terms.To], [.. terms.Firsts], [.. termHashes]);
        memo.Last = built;
        emit(SiteLayout.SearchIndex, Manifest(built));
    }

    /// <summary>Emits a shard by its name, adding the hash of its bytes to <paramref name="hashes"/>.</summary>
    private static Action<string, byte[]> Hashed(Action<string, byte[]> emit, List<string> hashes) => (name, bytes) =>
    {
        hashes.Add(Hashing.Hash(bytes));
        emit(SiteLayout.SearchShard(name), bytes);
    };

    /// <summary>
    /// The manifest. Its version is a hash of every shard's hash, not of every shard's bytes, so a build that keeps most
    /// shards as they are need not read them.
    /// </summary>
    private static byte[] Manifest(Built built)
    {
        var manifest = new ArrayBufferWriter<byte>();
        manifest.Write(Encoding.UTF8.GetBytes($"window.{ManifestGlobal} = "));
        using (var json = new Utf8JsonWriter(manifest, new JsonWriterOptions { Encoder = Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("version", Version(built));
            json.WriteString("shards", SiteLayout.SearchShard("*"));
            json.WriteNumber("maxTerm", SearchTerms.MaxRunes);
            WriteArray(json, "from", built.From);
            WriteArray(json, "to", built.To);
            json.WriteStartArray("docs");
            foreach (var count in built.DocumentCounts) json.WriteNumberValue(count);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        manifest.Write(";\n"u8);
        return manifest.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The first 16 hex digits of the hash of every shard's hash, one a line: hashed as they are joined, not joined
    /// first (4,000 hashes at 10,000 sources made a string and its bytes of 0.8 MB per save).
    /// </summary>
    private static string Version(Built built)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> line = stackalloc byte[256];
        var first = true;
        foreach (var shard in built.DocumentHashes.Concat(built.TermHashes))
        {
            var length = 0;
            if (!first) line[length++] = (byte)'\n';
            first = false;
            // A shard's hash is 64 hex digits; anything longer (never written) is hashed as its UTF-8 bytes all the same.
            var bytes = Encoding.UTF8.GetByteCount(shard);
            if (bytes + 1 > line.Length)
            {
                hash.AppendData(line[..length]);
                hash.AppendData(Encoding.UTF8.GetBytes(shard));
                continue;
            }
            length += Encoding.UTF8.GetBytes(shard, line[length..]);
            hash.AppendData(line[..length]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>Every term's postings, in one array: built by counting, as every term is a number.</summary>
    private sealed class Postings
    {
        private readonly int[] _start, _count, _postings;
        private readonly SearchMemo _memo;

        private Postings(SearchMemo memo, int[] start, int[] count, int[] postings) => (_memo, _start, _count, _postings) = (memo, start, count, postings);

        public static Postings Of(SearchMemo.Item[] items, SearchMemo memo)
        {
            var count = new int[memo.TermCount];
            foreach (var item in items)
                foreach (var term in item.Terms) count[term >> 1]++;
            var start = new int[count.Length];
            for (int t = 0, at = 0; t < count.Length; at += count[t], t++) start[t] = at;
            var postings = new int[count.Sum()];
            var next = (int[])start.Clone();
            for (var id = 0; id < items.Length; id++)
                foreach (var term in items[id].Terms) postings[next[term >> 1]++] = id * 2 + (term & 1);
            return new Postings(memo, start, count, postings);
        }

        /// <summary>The terms in use, in ordinal order.</summary>
        public IEnumerable<int> Terms => _memo.SortedTerms().Where(t => t < _count.Length && _count[t] > 0);

        public string Term(int number) => _memo.Term(number);

        public PostingSlice Of(int term) => new(_postings, _start[term], _count[term]);
    }

    /// <summary>
    /// A term's postings as <see cref="TermWriter"/> reads them, one by one: those read back from published shards are
    /// read only as far as the writer goes (a common term's list runs over many shards, and a stretch made again
    /// usually stops in the next one).
    /// </summary>
    private interface IPostingList
    {
        /// <summary>Whether the list has a posting at <paramref name="index"/>.</summary>
        bool Has(int index);

        int this[int index] { get; }
    }

    /// <summary>Postings held whole, in an array.</summary>
    private readonly struct PostingSlice(int[] postings, int start, int count) : IPostingList
    {
        public bool Has(int index) => index < count;

        public int this[int index] => postings[start + index];
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    /// <summary>
    /// Writes the document shards from shard <paramref name="firstShard"/>, which starts at document
    /// <paramref name="firstDocument"/>, until <paramref name="stopAt"/> says a shard of that number starting at that
    /// document is as it was; returns how many documents each shard written holds, and the shard stopped at (or -1).
    /// </summary>
    private static (List<int> Counts, int StoppedAt) WriteDocuments(IReadOnlyList<SearchDocument> documents, Func<int, SearchMemo.Item> itemOf, int limit,
        int firstShard, int firstDocument, Func<int, int, bool> stopAt, Action<string, byte[]> emit)
    {
        var counts = new List<int>();
        var shard = new ArrayBufferWriter<byte>(limit);
        var inShard = 0;
        string? previousTitle = null;

        void Begin()
        {
            shard.Clear();
            shard.Write(Encoding.UTF8.GetBytes($"window.{DocumentsGlobal} = {{\"shard\":\"d{firstShard + counts.Count}\",\"docs\":["));
            inShard = 0;
            previousTitle = null;
        }
        void Flush()
        {
            shard.Write(DocumentsEnd);
            emit($"d{firstShard + counts.Count}", shard.WrittenSpan.ToArray());
            counts.Add(inShard);
        }
        // The lines of one source share their headline: written once per shard, 0 means "as before".
        static int Bytes(SearchMemo.Item item, bool asBefore) => asBefore ? item.Entry.Length - (item.TitleEnd - item.TitleStart) + 1 : item.Entry.Length;

        Begin();
        for (var id = firstDocument; id < documents.Count; id++)
        {
            var item = itemOf(id);
            var title = Capped(documents[id].Title, MaxStoredTitle);
            var asBefore = title == previousTitle;
            var needed = shard.WrittenCount + (inShard > 0 ? 1 : 0) + Bytes(item, asBefore) + DocumentsEnd.Length;
            if (needed > limit && inShard > 0)
            {
                Flush();
                Begin();
                asBefore = false;
            }
            // A shard begins here as it did before: so do all after it.
            if (inShard == 0 && stopAt(firstShard + counts.Count, id)) return (counts, firstShard + counts.Count);
            if (inShard > 0) shard.Write(","u8);
            if (asBefore)
            {
                shard.Write(item.Entry.AsSpan(0, item.TitleStart));
                shard.Write("0"u8);
                shard.Write(item.Entry.AsSpan(item.TitleEnd));
            }
            else shard.Write(item.Entry);
            inShard++;
            previousTitle = title;
            if (EndsAfter(Hashing.Stable(documents[id].Href), Bytes(item, asBefore), shard.WrittenCount, limit))
            {
                Flush();
                Begin();
            }
        }
        if (inShard > 0 || firstShard + counts.Count == 0) Flush();
        return (counts, -1);
    }

    internal static string TypeCode(SearchDocumentType type) => type switch
    {
        SearchDocumentType.Entity => "e",
        SearchDocumentType.Source => "s",
        SearchDocumentType.Claim => "c",
        _ => "p",
    };

    /// <summary>At most <paramref name="max"/> UTF-16 units, never cutting a surrogate pair.</summary>
    internal static string Capped(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut] + "…";
    }

    /// <summary>
    /// Packs sorted terms into shards, from shard <paramref name="firstShard"/> on, telling <paramref name="posted"/>
    /// (when given) which shard holds each posting written. What it writes depends only on the shard it starts at and the terms
    /// from there on, so a build may start it at any shard a clean build began, and stop it at any such shard.
    /// </summary>
    private sealed class TermWriter
    {
        private readonly int _limit, _firstShard;
        private readonly Action<string, byte[]> _emit;
        private readonly ShardsPosted? _posted;
        private readonly ArrayBufferWriter<byte> _shard;
        private string? _first, _last;
        private int _firstPosting;

        public TermWriter(int limit, int firstShard, Action<string, byte[]> emit, ShardsPosted? posted)
        {
            (_limit, _firstShard, _emit, _posted) = (limit, firstShard, emit, posted);
            _shard = new ArrayBufferWriter<byte>(limit);
            Begin();
        }

        /// <summary>Each shard's first and last term.</summary>
        public List<string> From { get; } = [];

        public List<string> To { get; } = [];

        /// <summary>The document of each shard's first posting.</summary>
        public List<int> Firsts { get; } = [];

        /// <summary>The number of the shard being filled.</summary>
        public int Number => _firstShard + From.Count;

        private void Begin()
        {
            _shard.Clear();
            _shard.Write(Encoding.UTF8.GetBytes($"window.{TermsGlobal} = {{\"shard\":\"t{Number}\",\"terms\":{{"));
            _first = _last = null;
            _firstPosting = -1;
        }

        private void Flush()
        {
            _shard.Write(TermsEnd);
            _emit($"t{Number}", _shard.WrittenSpan.ToArray());
            From.Add(_first ?? "");
            To.Add(_last ?? "");
            Firsts.Add(_firstPosting);
        }

        /// <summary>Ends the last shard (writing one for an index of no terms at all).</summary>
        public void End()
        {
            if (_first is not null || Number == 0) Flush();
        }

        /// <summary>
        /// Adds a term's postings; stops, returning the index of the posting it stopped at, where
        /// <paramref name="stopAt"/> says a shard of that number beginning at that posting is one to keep; else -1.
        /// </summary>
        public int Add<TList>(string term, TList list, Func<int, int, bool>? stopAt = null) where TList : IPostingList
        {
            var (shard, limit) = (_shard, _limit);
            Span<byte> number = stackalloc byte[16];
            var key = JsonEncodedText.Encode(term, Encoder).EncodedUtf8Bytes;
            // A list that does not fit what is left of this shard starts the next one, so where a list too long for one
            // shard is cut depends on the list alone, not on the terms before it: they may change without moving it.
            if (_first is not null && !Fits(list, limit - (shard.WrittenCount + 1 + key.Length + 4 + 1 + TermsEnd.Length)))
            {
                Flush();
                Begin();
            }
            for (var i = 0; list.Has(i);)
            {
                // Each part starts with an absolute value, so every shard decodes on its own.
                var length = Format(list[i], number);
                if (_first is not null && shard.WrittenCount + 1 + key.Length + 4 + length + 1 + TermsEnd.Length > limit)
                {
                    Flush();
                    Begin();
                }
                if (_first is null && stopAt is not null && stopAt(Number, list[i])) return i;
                if (_first is not null) shard.Write(","u8);
                else _firstPosting = list[i] >> 1;
                var start = shard.WrittenCount;
                _first ??= term;
                _last = term;
                shard.Write("\""u8);
                shard.Write(key);
                shard.Write("\":["u8);
                shard.Write(number[..length]);
                _posted?.Add(list[i] >> 1, Number);
                var previous = list[i] >> 1;
                for (i++; list.Has(i); i++)
                {
                    var id = list[i] >> 1;
                    length = Format((id - previous) * 2 + (list[i] & 1), number);
                    if (shard.WrittenCount + 1 + length + 1 + TermsEnd.Length > limit) break;
                    shard.Write(","u8);
                    shard.Write(number[..length]);
                    _posted?.Add(id, Number);
                    previous = id;
                    // A long list ends its parts where its own postings say too: one posting added moves only its part.
                    if (list.Has(i + 1) && EndsAfter(Hashing.Mixed((uint)id), length + 1, shard.WrittenCount, limit))
                    {
                        i++;
                        break;
                    }
                }
                shard.Write("]"u8);
                if (list.Has(i) || EndsAfter(Hashing.Stable(term), shard.WrittenCount - start, shard.WrittenCount, limit))
                {
                    Flush();
                    Begin();
                }
            }
            return -1;
        }
    }

    /// <summary>
    /// Which term shards hold each document's postings, as a <see cref="TermWriter"/> writes them: each (document, shard)
    /// once, in the order written. Shards are written in increasing order, so each document's come in increasing order,
    /// and its last is all there is to compare with. Two flat lists rather than a list for each document: nearly every
    /// document posts a term in the shards a one-claim edit makes again (60,000 at 10,000 sources).
    /// </summary>
    private sealed class ShardsPosted(int documents)
    {
        private readonly int[] _lastShard = Enumerable.Repeat(-1, documents).ToArray();
        private readonly List<int> _documents = [], _shards = [];

        public void Add(int document, int shard)
        {
            if (_lastShard[document] == shard) return;
            _lastShard[document] = shard;
            _documents.Add(document);
            _shards.Add(shard);
        }

        /// <summary>Each document's shards encoded (<see cref="EncodeShards"/>), all in one array.</summary>
        public ReadOnlyMemory<byte>[] Encoded()
        {
            var (starts, shards) = ByDocument();
            var bytes = new ArrayBufferWriter<byte>(shards.Length + 16);
            var ends = new int[_lastShard.Length];
            for (var d = 0; d < ends.Length; d++)
            {
                EncodeShards(shards.AsSpan(starts[d], starts[d + 1] - starts[d]), bytes);
                ends[d] = bytes.WrittenCount;
            }
            var all = bytes.WrittenMemory;
            var lists = new ReadOnlyMemory<byte>[ends.Length];
            for (var d = 0; d < ends.Length; d++) lists[d] = all[(d == 0 ? 0 : ends[d - 1])..ends[d]];
            return lists;
        }

        /// <summary>Each document's shards, in increasing order: those of document <c>d</c> from <c>Starts[d]</c> to <c>Starts[d + 1]</c>.</summary>
        public (int[] Starts, int[] Shards) ByDocument()
        {
            var starts = new int[_lastShard.Length + 1];
            foreach (var document in _documents) starts[document + 1]++;
            for (var d = 0; d < _lastShard.Length; d++) starts[d + 1] += starts[d];
            var shards = new int[_shards.Count];
            var filled = starts[..^1];
            for (var i = 0; i < _shards.Count; i++) shards[filled[_documents[i]]++] = _shards[i];
            return (starts, shards);
        }
    }

    /// <summary>
    /// Whether a term's postings written whole (delta-encoded numbers and the commas between them) take at most
    /// <paramref name="room"/> bytes: counted only until they pass it.
    /// </summary>
    private static bool Fits<TList>(TList list, int room) where TList : IPostingList
    {
        var bytes = -1;
        var previous = 0;
        for (var i = 0; list.Has(i); i++)
        {
            var posting = list[i];
            var id = posting >> 1;
            for (var value = (id - previous) * 2 + (posting & 1); value >= 10; value /= 10) bytes++;
            bytes += 2;
            previous = id;
            if (bytes > room) return false;
        }
        return true;
    }

    private static int Format(int value, Span<byte> into) =>
        Utf8Formatter.TryFormat(value, into, out var written) ? written : throw new InvalidOperationException("a posting does not fit 16 bytes");
}
