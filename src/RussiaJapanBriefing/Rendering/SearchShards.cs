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
/// version (a hash of every shard) that an HTTP page adds to shard addresses, so a cache never mixes builds.</item>
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
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static readonly byte[] DocumentsEnd = "]};\n"u8.ToArray(), TermsEnd = "}};\n"u8.ToArray();

    public static void Write(IEnumerable<SearchDocument> documents, Limits limits, Action<string, byte[]> emit)
    {
        using var version = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Emit(string name, byte[] bytes)
        {
            version.AppendData(bytes);
            emit(SiteLayout.SearchShard(name), bytes);
        }

        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var documentCounts = WriteDocuments(documents, limits.DocumentShardBytes, postings, Emit);
        var (from, to) = WriteTerms(postings, limits.TermShardBytes, Emit);

        var manifest = new ArrayBufferWriter<byte>();
        manifest.Write(Encoding.UTF8.GetBytes($"window.{ManifestGlobal} = "));
        using (var json = new Utf8JsonWriter(manifest, new JsonWriterOptions { Encoder = Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("version", Convert.ToHexStringLower(version.GetHashAndReset())[..16]);
            json.WriteString("shards", SiteLayout.SearchShard("*"));
            json.WriteNumber("maxTerm", SearchTerms.MaxRunes);
            WriteArray(json, "from", from);
            WriteArray(json, "to", to);
            json.WriteStartArray("docs");
            foreach (var count in documentCounts) json.WriteNumberValue(count);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        manifest.Write(";\n"u8);
        emit(SiteLayout.SearchIndex, manifest.WrittenSpan.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    /// <summary>Writes the document shards and fills <paramref name="postings"/>; returns how many documents each shard holds.</summary>
    private static List<int> WriteDocuments(IEnumerable<SearchDocument> documents, int limit, Dictionary<string, List<int>> postings, Action<string, byte[]> emit)
    {
        var counts = new List<int>();
        var shard = new ArrayBufferWriter<byte>(limit);
        var entry = new ArrayBufferWriter<byte>();
        var inShard = 0;
        string? previousTitle = null;
        var id = 0;

        void Begin()
        {
            shard.Clear();
            shard.Write(Encoding.UTF8.GetBytes($"window.{DocumentsGlobal} = {{\"shard\":\"d{counts.Count}\",\"docs\":["));
            inShard = 0;
            previousTitle = null;
        }
        void Flush()
        {
            shard.Write(DocumentsEnd);
            emit($"d{counts.Count}", shard.WrittenSpan.ToArray());
            counts.Add(inShard);
        }

        Begin();
        foreach (var document in documents)
        {
            Index(document, id++, postings);
            var title = Capped(document.Title, MaxStoredTitle);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                entry.Clear();
                using (var json = new Utf8JsonWriter(entry, new JsonWriterOptions { Encoder = Encoder }))
                {
                    json.WriteStartArray();
                    json.WriteStringValue(TypeCode(document.Type));
                    json.WriteStringValue(Capped(document.Label, MaxStoredLabel));
                    // The lines of one source share their headline: written once per shard, 0 means "as before".
                    if (title == previousTitle) json.WriteNumberValue(0); else json.WriteStringValue(title);
                    json.WriteStringValue(Capped(document.Text, MaxStoredText));
                    json.WriteStringValue(document.Href);
                    json.WriteEndArray();
                }
                var needed = shard.WrittenCount + (inShard > 0 ? 1 : 0) + entry.WrittenCount + DocumentsEnd.Length;
                if (needed <= limit || inShard == 0) break;
                Flush();
                Begin();
            }
            if (inShard > 0) shard.Write(","u8);
            shard.Write(entry.WrittenSpan);
            inShard++;
            previousTitle = title;
            if (EndsAfter(StableHash(document.Href), entry.WrittenCount, shard.WrittenCount, limit))
            {
                Flush();
                Begin();
            }
        }
        if (inShard > 0 || counts.Count == 0) Flush();
        return counts;
    }

    private static string TypeCode(SearchDocumentType type) => type switch
    {
        SearchDocumentType.Entity => "e",
        SearchDocumentType.Source => "s",
        SearchDocumentType.Claim => "c",
        _ => "p",
    };

    /// <summary>At most <paramref name="max"/> UTF-16 units, never cutting a surrogate pair.</summary>
    private static string Capped(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut] + "…";
    }

    private static void Index(SearchDocument document, int id, Dictionary<string, List<int>> postings)
    {
        void Add(string text, int titleBit)
        {
            foreach (var term in SearchTerms.Of(text))
            {
                if (!postings.TryGetValue(term, out var list)) postings[term] = list = [];
                var posting = id * 2 + titleBit;
                if (list.Count > 0 && list[^1] >> 1 == id) list[^1] |= titleBit;
                else list.Add(posting);
            }
        }
        if (document.TitleSearched) Add(document.Title, document.TitleRanks ? 1 : 0);
        Add(document.Text, 0);
    }

    /// <summary>Packs the sorted terms into shards; returns each shard's first and last term.</summary>
    private static (List<string> From, List<string> To) WriteTerms(Dictionary<string, List<int>> postings, int limit, Action<string, byte[]> emit)
    {
        var from = new List<string>();
        var to = new List<string>();
        var shard = new ArrayBufferWriter<byte>(limit);
        string? first = null, last = null;
        Span<byte> number = stackalloc byte[16];

        void Begin()
        {
            shard.Clear();
            shard.Write(Encoding.UTF8.GetBytes($"window.{TermsGlobal} = {{\"shard\":\"t{from.Count}\",\"terms\":{{"));
            first = last = null;
        }
        void Flush()
        {
            shard.Write(TermsEnd);
            emit($"t{from.Count}", shard.WrittenSpan.ToArray());
            from.Add(first ?? "");
            to.Add(last ?? "");
        }

        Begin();
        foreach (var term in postings.Keys.Order(StringComparer.Ordinal))
        {
            var key = JsonEncodedText.Encode(term, Encoder).EncodedUtf8Bytes;
            var list = postings[term];
            // A list that does not fit what is left of this shard starts the next one, so where a list too long for one
            // shard is cut depends on the list alone, not on the terms before it: they may change without moving it.
            if (first is not null && shard.WrittenCount + 1 + key.Length + 4 + ListBytes(list) + 1 + TermsEnd.Length > limit)
            {
                Flush();
                Begin();
            }
            for (var i = 0; i < list.Count;)
            {
                // Each part starts with an absolute value, so every shard decodes on its own.
                var length = Format(list[i], number);
                if (first is not null && shard.WrittenCount + 1 + key.Length + 4 + length + 1 + TermsEnd.Length > limit)
                {
                    Flush();
                    Begin();
                }
                if (first is not null) shard.Write(","u8);
                var start = shard.WrittenCount;
                first ??= term;
                last = term;
                shard.Write("\""u8);
                shard.Write(key);
                shard.Write("\":["u8);
                shard.Write(number[..length]);
                var previous = list[i] >> 1;
                for (i++; i < list.Count; i++)
                {
                    var id = list[i] >> 1;
                    length = Format((id - previous) * 2 + (list[i] & 1), number);
                    if (shard.WrittenCount + 1 + length + 1 + TermsEnd.Length > limit) break;
                    shard.Write(","u8);
                    shard.Write(number[..length]);
                    previous = id;
                    // A long list ends its parts where its own postings say too: one posting added moves only its part.
                    if (i + 1 < list.Count && EndsAfter(Mixed((uint)id), length + 1, shard.WrittenCount, limit))
                    {
                        i++;
                        break;
                    }
                }
                shard.Write("]"u8);
                if (i < list.Count || EndsAfter(StableHash(term), shard.WrittenCount - start, shard.WrittenCount, limit))
                {
                    Flush();
                    Begin();
                }
            }
        }
        if (first is not null || from.Count == 0) Flush();
        return (from, to);
    }

    /// <summary>The bytes of a term's postings written whole: delta-encoded numbers and the commas between them.</summary>
    private static int ListBytes(List<int> list)
    {
        var bytes = list.Count - 1;
        var previous = 0;
        foreach (var posting in list)
        {
            var id = posting >> 1;
            for (var value = (id - previous) * 2 + (posting & 1); value >= 10; value /= 10) bytes++;
            bytes++;
            previous = id;
        }
        return bytes;
    }

    private static int Format(int value, Span<byte> into) =>
        Utf8Formatter.TryFormat(value, into, out var written) ? written : throw new InvalidOperationException("a posting does not fit 16 bytes");
}
