using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// What each search document turns into, kept between builds by a hash of the document's five fields (all it is
/// made from): its entry in a document shard, and its terms, each with whether it is in the ranked title. A build
/// after a one-claim edit tokenizes and encodes that claim's document only. Terms are numbered, so posting lists are
/// built by counting into arrays, not by a dictionary of strings. <c>serve</c> keeps one in memory. The command line
/// keeps none: a file of it (59 MB at 10,000 sources) cost as much to read and write as tokenizing saved. Only the
/// documents of the last build are kept, so it follows the book; term numbers of terms no longer used stay for the
/// session. Not for use from two builds at once.
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

    /// <summary>The item of every document, in order: kept ones, and the others made now.</summary>
    internal Item[] Items(IReadOnlyList<SearchDocument> documents)
    {
        var items = new Item[documents.Count];
        var buffer = new ArrayBufferWriter<byte>();
        var tokenized = 0;
        // Sized once and filled once per document: growing it, and a second table of the ones made, cost as much as
        // the hashing when nothing is known (every command-line build).
        var used = new Dictionary<UInt128, Item>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var key = Key(documents[i], buffer);
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
    private static UInt128 Key(SearchDocument document, ArrayBufferWriter<byte> buffer)
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
