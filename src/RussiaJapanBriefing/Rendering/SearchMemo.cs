using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// What each search document turns into, kept between builds by a hash of the document's five fields (all it is
/// made from): its entry in a document shard, and its terms, each with whether it is in the ranked title. A build
/// after a one-claim edit tokenizes and encodes that claim's document only. Terms are numbered, so posting lists are
/// built by counting into arrays, not by a dictionary of strings. <c>serve</c> keeps one in memory. Only the
/// documents of the last full build are kept (and those made since), so it follows the book; term numbers of terms
/// no longer used stay for the session.
/// It also holds what the last build wrote (<see cref="Last"/>), with which the next rewrites only the shards an edit
/// changed. The command line keeps that in its cache folder (a few megabytes at 10,000 sources, where a file of the
/// items was 59 MB and cost as much to read and write as tokenizing saved): binary, starting with a format version
/// and ending with a check of the rest (<see cref="CheckedFile"/>), so one truncated, of another version or altered is not read, which costs
/// only a full build of the index. It records the build of rjb that wrote it. Not for use from two builds at once.
/// </summary>
public sealed class SearchMemo
{
    /// <summary>
    /// A document's entry (its JSON array, title written out) and where its title stands in it, so a shard can write
    /// 0 there instead ("as the entry before"); and its terms, each <c>number * 2 + 1</c> when in a ranked title, else
    /// <c>number * 2</c>, each term once.
    /// </summary>
    internal sealed record Item(byte[] Entry, int TitleStart, int TitleEnd, int[] Terms);

    private Dictionary<UInt128, Item> _known = [];
    private readonly List<string> _terms = [];
    private readonly Dictionary<string, int> _termNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _termLookup;

    // The terms of the document being made, without a set per document (100,000 of them at 10,000 sources): a term
    // seen in this document (its stamp, _document) has its place in _found.
    private readonly List<int> _found = [];
    private int[] _seenIn = [], _placeOf = [];
    private int _document;

    /// <summary>One writer for every entry, reset to the buffer each time.</summary>
    private Utf8JsonWriter? _json;

    public SearchMemo() => _termLookup = _termNumbers.GetAlternateLookup<ReadOnlySpan<char>>();

    internal const string Magic = "rjb search shards";
    internal const int Version = 4;

    /// <summary>What the last build wrote, checked against what is published before it is used; null before any.</summary>
    internal SearchShards.Built? Last { get; set; }

    /// <summary>What each record's documents were made from when <see cref="Last"/> was written, kept for a new process (see <see cref="SearchIndex.Keyed"/>); null when not known.</summary>
    internal SearchIndex.RecordKeys? Records { get; set; }

    private SearchShards.Built? _loaded;
    private string? _file, _engine;

    /// <summary>What the last build wrote is kept in a cache folder for a new process (the command line), not only in memory.</summary>
    internal bool Persisted => _file is not null;

    /// <summary>The item kept for a document's key, also one the last build indexed and this one no longer uses; null when none is.</summary>
    internal Item? Known(UInt128 key) => _known.GetValueOrDefault(key);

    /// <summary>The last build wrote the index: the file in the cache folder is out of date.</summary>
    public bool Changed => !ReferenceEquals(Last, _loaded);

    /// <summary>
    /// A memo for builds into <paramref name="output"/>, with what the last of them wrote when <paramref name="cacheDirectory"/>
    /// holds it intact and <paramref name="engine"/> (this build of rjb) wrote it.
    /// </summary>
    public static SearchMemo Load(string cacheDirectory, string output, string engine)
    {
        var memo = new SearchMemo { _file = CheckedFile.ForOutput(cacheDirectory, "search", output), _engine = engine };
        (memo.Last, memo.Records) = CheckedFile.Load(memo._file, bytes => Read(bytes, engine));
        memo._loaded = memo.Last;
        return memo;
    }

    /// <summary>Writes what the last build wrote to the cache folder it was loaded from; false when it could not be written.</summary>
    public bool Save()
    {
        if (_file is null || Last is not { TermShardsOf: not null } last) return true;
        var records = Records;
        var saved = CheckedFile.Replace(_file, staged => CheckedFile.Write(staged, Magic, Version, writer => Write(writer, _engine!, last, records)));
        if (saved) _loaded = last;
        return saved;
    }

    private static void Write(BinaryWriter writer, string engine, SearchShards.Built built, SearchIndex.RecordKeys? records)
    {
        writer.Write(engine);
        writer.Write(built.Limits.TermShardBytes);
        writer.Write(built.Limits.DocumentShardBytes);
        writer.Write(built.Keys.Length);
        for (var i = 0; i < built.Keys.Length; i++)
        {
            writer.WriteKey(built.Keys[i]);
            // Kept encoded as written (each shard as its distance from the one before: mostly one byte), so written as they are.
            var shards = built.TermShardsOf!.Value[i].Span;
            writer.Write7BitEncodedInt(shards.Length);
            writer.Write(shards);
        }
        writer.Write(built.DocumentCounts.Length);
        for (var n = 0; n < built.DocumentCounts.Length; n++)
        {
            writer.Write(built.DocumentCounts[n]);
            writer.Write(built.DocumentHashes[n]);
        }
        writer.Write(built.TermHashes.Length);
        for (var n = 0; n < built.TermHashes.Length; n++)
        {
            writer.Write(built.From[n]);
            writer.Write(built.To[n]);
            writer.Write(built.FirstPostings[n]);
            writer.Write(built.TermHashes[n]);
        }
        writer.Write(records is not null);
        if (records is null) return;
        writer.Write(records.Entities);
        writer.Write(records.Keys.Length);
        foreach (var key in records.Keys) writer.WriteKey(key);
        writer.Write(records.Passages.Length);
        foreach (var count in records.Passages) writer.Write7BitEncodedInt(count);
    }

    /// <summary>What a file says the last build wrote, or null when it is not an intact file of this version written by <paramref name="engine"/>.</summary>
    private static (SearchShards.Built?, SearchIndex.RecordKeys?) Read(ReadOnlyMemory<byte> bytes, string engine)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null || reader.ReadString() != engine) return (null, null);
        var limits = new SearchShards.Limits(reader.ReadInt32(), reader.ReadInt32());
        // Each document's key takes 16 bytes: a count the file cannot hold is not believed.
        var count = CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 16);
        var keys = new UInt128[count];
        // Every document's shards kept encoded, in place in the file's bytes (see SearchShards.Built), checked once the
        // number of term shards is known.
        var termShardsOf = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = reader.ReadKey();
            var length = CachedKeys.Bounded(reader.Read7BitEncodedInt(), reader.Length - reader.Position);
            termShardsOf[i] = bytes.Slice((int)reader.Position, length);
            reader.Position += length;
        }
        var documentShards = reader.ReadInt32();
        var documentCounts = new int[documentShards];
        var documentHashes = new string[documentShards];
        for (var n = 0; n < documentShards; n++) (documentCounts[n], documentHashes[n]) = (reader.ReadInt32(), reader.ReadString());
        var termShards = reader.ReadInt32();
        var (from, to, firsts, termHashes) = (new string[termShards], new string[termShards], new int[termShards], new string[termShards]);
        for (var n = 0; n < termShards; n++) (from[n], to[n], firsts[n], termHashes[n]) = (reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadString());
        foreach (var shards in termShardsOf)
            if (!SearchShards.ValidShards(shards.Span, termShards)) throw new FormatException("a document's term shards are not a list of shards in increasing order");
        var built = new SearchShards.Built(limits, keys, new(() => termShardsOf), documentCounts, documentHashes, from, to, firsts, termHashes);
        if (!reader.ReadBoolean()) return (built, null);
        var entities = reader.ReadInt32();
        var recordKeys = new UInt128[reader.ReadInt32()];
        for (var i = 0; i < recordKeys.Length; i++) recordKeys[i] = reader.ReadKey();
        var passages = new int[reader.ReadInt32()];
        for (var i = 0; i < passages.Length; i++) passages[i] = reader.Read7BitEncodedInt();
        return (built, new SearchIndex.RecordKeys(entities, recordKeys, passages));
    }

    /// <summary>Every term number in the ordinal order of its term; null once a term is added, until sorted again.</summary>
    private int[]? _sorted = [];

    /// <summary>Documents the last build tokenized, and documents it took from the memo.</summary>
    public int Tokenized { get; private set; }

    public int Reused { get; private set; }

    internal string Term(int number) => _terms[number];

    internal int TermCount => _terms.Count;

    /// <summary>Every term number, in the ordinal order of the terms.</summary>
    internal int[] SortedTerms()
    {
        if (_sorted is null)
        {
            var sorted = Enumerable.Range(0, _terms.Count).ToArray();
            var keys = _terms.ToArray();
            Array.Sort(keys, sorted, StringComparer.Ordinal);
            _sorted = sorted;
        }
        return _sorted;
    }

    /// <summary>The item of every document, in order: kept ones, and the others made now; and each document's key.</summary>
    internal Item[] Items(IReadOnlyList<SearchDocument> documents, out UInt128[] keys)
    {
        var items = new Item[documents.Count];
        keys = Keys(documents);
        var buffer = new ArrayBufferWriter<byte>();
        var tokenized = 0;
        // Sized once and filled once per document: growing it, and a second table of the ones made, cost as much as
        // the hashing when nothing is known (every command-line build).
        var used = new Dictionary<UInt128, Item>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var key = keys[i];
            // A document that comes twice is made once.
            if (!used.TryGetValue(key, out var item))
            {
                if (!_known.TryGetValue(key, out item))
                {
                    item = Make(documents[i], buffer);
                    tokenized++;
                }
                used[key] = item;
            }
            items[i] = item;
        }
        Tokenized = tokenized;
        Reused = items.Length - tokenized;
        _known = used;
        return items;
    }

    /// <summary>
    /// Every document's key: a hash of its fields. A document that is the same instance as one of the last call's (found
    /// by <see cref="LastPlaces"/>) has that one's key: a save of <c>serve</c> keeps nearly every document. Keys are not kept with their documents in a weak table: its 150,000 handles were scanned by the collector
    /// in every collection. The keys go into the array of the call before last when it fits and no build still holds it
    /// (<see cref="Last"/>): a new one per save was 2.5 MB at 10,000 sources, most of a save's garbage in the index.
    /// </summary>
    internal UInt128[] Keys(IReadOnlyList<SearchDocument> documents)
    {
        var count = documents.Count;
        var keys = _keysSpare.Length == count && !ReferenceEquals(_keysSpare, Last?.Keys) && !ReferenceEquals(_keysSpare, _loaded?.Keys)
            ? _keysSpare : new UInt128[count];
        var buffer = new ArrayBufferWriter<byte>();
        var (last, lastKeys) = (_keyed, _keys);
        // The documents are copied (a caller may change its list): into the array of the call before last, when it fits.
        var keyed = _keyedSpare.Length == count ? _keyedSpare : new SearchDocument[count];
        var places = new LastPlaces(last.Length, k => last[k]);
        for (var i = 0; i < count; i++)
        {
            var document = keyed[i] = documents[i];
            keys[i] = places.Find(document) is var j and >= 0 ? lastKeys[j] : Hash(document, buffer);
        }
        (_keyedSpare, _keyed, _keysSpare, _keys) = (_keyed, keyed, _keys, keys);
        return keys;
    }

    /// <summary>The documents the last call keyed, and their keys; and the arrays of the call before, to be filled next.</summary>
    private SearchDocument[] _keyed = [], _keyedSpare = [];

    private UInt128[] _keys = [], _keysSpare = [];

    /// <summary>The documents of the last book indexed with this memo, kept to be patched by the next (<c>serve</c>).</summary>
    internal SearchIndex.Kept Documents { get; } = new();

    /// <summary>The item of one document, kept (with those of the last build) for a build after this one.</summary>
    internal Item ItemOf(SearchDocument document, UInt128 key)
    {
        if (_known.TryGetValue(key, out var item)) return item;
        Tokenized++;
        return _known[key] = Make(document, new ArrayBufferWriter<byte>());
    }

    /// <summary>A build starts counting the documents it tokenizes (see <see cref="ItemOf"/>)...</summary>
    internal void Begin() => Tokenized = 0;

    /// <summary>... and ends it, having used <paramref name="documents"/>.</summary>
    internal void Counted(int documents) => Reused = documents - Tokenized;

    private Item Make(SearchDocument document, ArrayBufferWriter<byte> buffer)
    {
        _found.Clear();
        _document++;
        if (document.TitleSearched) Add(document.Title, document.TitleRanks ? 1 : 0);
        Add(document.Text, 0);
        var (entry, titleStart, titleEnd) = Entry(document, buffer);
        return new Item(entry, titleStart, titleEnd, [.. _found]);
    }

    /// <summary>Adds each term of <paramref name="text"/> to the document's, once: its bit is or-ed into the place it took first.</summary>
    private void Add(string text, int bit) => SearchTerms.Each(text, term =>
    {
        var number = Number(term);
        if (number >= _seenIn.Length)
        {
            Array.Resize(ref _seenIn, Math.Max(1024, _seenIn.Length * 2));
            Array.Resize(ref _placeOf, _seenIn.Length);
        }
        if (_seenIn[number] == _document) _found[_placeOf[number]] |= bit;
        else
        {
            _seenIn[number] = _document;
            _placeOf[number] = _found.Count;
            _found.Add(number * 2 + bit);
        }
    });

    private int Number(ReadOnlySpan<char> term)
    {
        if (_termLookup.TryGetValue(term, out var number)) return number;
        var text = term.ToString();
        _termNumbers[text] = number = _terms.Count;
        _terms.Add(text);
        _sorted = null;
        return number;
    }

    /// <summary>The first 128 bits of a SHA-256 of the document's fields: enough that two documents never share one by chance.</summary>
    internal static UInt128 Hash(SearchDocument document, ArrayBufferWriter<byte> buffer)
    {
        buffer.Clear();
        buffer.Write([(byte)document.Type]);
        foreach (var field in (ReadOnlySpan<string>)[document.Label, document.Title, document.Text, document.Href])
        {
            var length = Encoding.UTF8.GetByteCount(field);
            BitConverter.TryWriteBytes(buffer.GetSpan(4), length);
            buffer.Advance(4);
            Encoding.UTF8.GetBytes(field, buffer.GetSpan(length));
            buffer.Advance(length);
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }

    private (byte[], int, int) Entry(SearchDocument document, ArrayBufferWriter<byte> buffer)
    {
        buffer.Clear();
        var json = _json ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SearchShards.Encoder });
        json.Reset(buffer);
        json.WriteStartArray();
        json.WriteStringValue(SearchShards.TypeCode(document.Type));
        json.WriteStringValue(SearchShards.Capped(document.Label, SearchShards.MaxStoredLabel));
        json.Flush();
        var titleStart = buffer.WrittenCount + 1; // after the comma
        json.WriteStringValue(SearchShards.Capped(document.Title, SearchShards.MaxStoredTitle));
        json.Flush();
        var titleEnd = buffer.WrittenCount;
        json.WriteStringValue(SearchShards.Capped(document.Text, SearchShards.MaxStoredText));
        json.WriteStringValue(document.Href);
        json.WriteEndArray();
        json.Flush();
        return (buffer.WrittenSpan.ToArray(), titleStart, titleEnd);
    }
}
