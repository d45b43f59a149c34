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
    private Dictionary<UInt128, Item> _used = [];
    private readonly List<string> _terms = [];
    private readonly Dictionary<string, int> _termNumbers = new(StringComparer.Ordinal);

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
        for (var i = 0; i < items.Length; i++)
        {
            var key = Key(documents[i], buffer);
            // A document that comes twice is made once.
            if (!_known.TryGetValue(key, out var item))
            {
                var terms = new Dictionary<int, int>();
                foreach (var (term, bit) in Terms(documents[i]))
                {
                    var number = Number(term);
                    terms[number] = terms.GetValueOrDefault(number) | bit;
                }
                var (entry, titleStart, titleEnd) = Entry(documents[i], buffer);
                _known[key] = item = new Item(entry, titleStart, titleEnd, [.. terms.Select(t => t.Key * 2 + t.Value)]);
                tokenized++;
            }
            _used[key] = items[i] = item;
        }
        Tokenized = tokenized;
        Reused = items.Length - tokenized;
        _known = _used;
        _used = [];
        return items;
    }

    private int Number(string term)
    {
        if (_termNumbers.TryGetValue(term, out var number)) return number;
        _termNumbers[term] = number = _terms.Count;
        _terms.Add(term);
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

    private static (byte[], int, int) Entry(SearchDocument document, ArrayBufferWriter<byte> buffer)
    {
        buffer.Clear();
        int titleStart, titleEnd;
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SearchShards.Encoder }))
        {
            json.WriteStartArray();
            json.WriteStringValue(SearchShards.TypeCode(document.Type));
            json.WriteStringValue(SearchShards.Capped(document.Label, SearchShards.MaxStoredLabel));
            json.Flush();
            titleStart = buffer.WrittenCount + 1; // after the comma
            json.WriteStringValue(SearchShards.Capped(document.Title, SearchShards.MaxStoredTitle));
            json.Flush();
            titleEnd = buffer.WrittenCount;
            json.WriteStringValue(SearchShards.Capped(document.Text, SearchShards.MaxStoredText));
            json.WriteStringValue(document.Href);
            json.WriteEndArray();
        }
        return (buffer.WrittenSpan.ToArray(), titleStart, titleEnd);
    }

    /// <summary>The document's terms, each with 1 when in a title that ranks.</summary>
    private static IEnumerable<(string, int)> Terms(SearchDocument document)
    {
        var title = document.TitleSearched ? SearchTerms.Of(document.Title).Select(t => (t, document.TitleRanks ? 1 : 0)) : [];
        return title.Concat(SearchTerms.Of(document.Text).Select(t => (t, 0)));
    }
}
