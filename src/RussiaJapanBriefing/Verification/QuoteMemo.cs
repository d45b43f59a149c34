using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification;

/// <summary>
/// What searching a source text for a quote found: where the context occurs (null without one), where the quote
/// occurs inside the one context (or anywhere without one), and the hint for whichever of them is not there.
/// It depends on nothing but the text, the quote and the context, so it can be kept between builds; so does what the
/// text reads at each place found (<see cref="Verbatim"/>, null where that is the quote itself), which tells a
/// citation's quote without reading a text the build has not read.
/// </summary>
internal sealed record QuoteSearch(IReadOnlyList<(int Start, int End)>? Context, IReadOnlyList<(int Start, int End)> Found, string? Hint,
    IReadOnlyList<string>? Verbatim);

/// <summary>
/// The searches made in one source text: each (quote, context) is searched once, and the text is folded for
/// matching only when a search is not already known. A search is known by its <see cref="Key"/>, not by its strings.
/// Not for use from two threads at once, but for <see cref="Find"/>.
/// </summary>
internal sealed class SourceSearches(SeedText text, IReadOnlyDictionary<UInt128, QuoteSearch>? known = null)
{
    /// <summary>
    /// What a search is kept under: the first half of the SHA-256 of its quote and context (each's length, then its
    /// UTF-16 code units). A hash, so that a new process decodes no quote text from the memo (100,000 quotes at 10,000
    /// sources), and each citation's lookups compare two numbers rather than two strings twice; a cryptographic one,
    /// since two searches under one key would pass a quote its source does not hold, and quotes come from pull requests.
    /// </summary>
    public static UInt128 Key(string quote, string? context)
    {
        var length = 4 + 2 * quote.Length + 4 + 2 * (context?.Length ?? 0);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = rented.AsSpan(0, length);
            BinaryPrimitives.WriteInt32LittleEndian(bytes, quote.Length);
            MemoryMarshal.AsBytes(quote.AsSpan()).CopyTo(bytes[4..]);
            var rest = bytes[(4 + 2 * quote.Length)..];
            // A context of its own length -1 when there is none: no context and an empty one are two searches.
            BinaryPrimitives.WriteInt32LittleEndian(rest, context?.Length ?? -1);
            MemoryMarshal.AsBytes(context.AsSpan()).CopyTo(rest[4..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes, hash);
            return BinaryPrimitives.ReadUInt128BigEndian(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The searches known for the text when this build began.</summary>
    internal IReadOnlyDictionary<UInt128, QuoteSearch>? Known => known;

    /// <summary>The text searched: read only when a search is not known.</summary>
    internal SeedText Text => text;

    private QuoteMatcher? _matcher;

    /// <summary>
    /// The searches this build used, which are all a memo keeps. Made as large as the searches kept: a build mostly asks
    /// again what the last one asked, and a table grown entry by entry is copied again at each doubling (10,000 of them).
    /// </summary>
    internal Dictionary<UInt128, QuoteSearch> Used { get; } = new(known?.Count ?? 0);

    internal int Searched { get; private set; }

    /// <summary>
    /// Nothing is known about this text yet: it will be folded, so it may as well be folded ahead, in parallel. A text
    /// the memo kept with no searches (no citation asked of it) is known.
    /// </summary>
    public bool New => known is null;

    private void Fold() => _matcher ??= new QuoteMatcher(text.Text);

    /// <summary>Claims citing one source may be resolved on several threads at once: one of them searches at a time.</summary>
    private readonly Lock _gate = new();

    public QuoteSearch Find(string quote, string? context)
    {
        lock (_gate)
        {
            // One lookup finds a search this build used or makes its place: every citation of a new process comes here.
            var key = Key(quote, context);
            ref var used = ref CollectionsMarshal.GetValueRefOrAddDefault(Used, key, out var exists);
            if (exists) return used!;
            if (known is null || !known.TryGetValue(key, out var search))
            {
                if (_ahead is null || !_ahead.Remove(key, out search)) search = Search(quote, context);
                Searched++;
            }
            return used = search;
        }
    }

    /// <summary>Searches made ahead (<see cref="SearchAhead"/>) and not yet asked for: <see cref="Find"/> takes them from here.</summary>
    private Dictionary<UInt128, QuoteSearch>? _ahead;

    /// <summary>
    /// Folds the text and searches it for these quotes ahead, of which nothing is known: a new book's sources are
    /// searched in parallel, each on one thread, before the resolver asks for each citation in turn. What a build uses,
    /// and so what a memo keeps, is still only what <see cref="Find"/> is asked. The folded text (several times the
    /// text's size) is let go at once, so it dies young instead of being copied by the collector until verifying ends;
    /// a quote not searched here folds the text again.
    /// </summary>
    public void SearchAhead(IEnumerable<(string Quote, string? Context)> wanted)
    {
        foreach (var (quote, context) in wanted)
            if (Key(quote, context) is var key && (known is null || !known.ContainsKey(key)) && !Used.ContainsKey(key) && !(_ahead ??= []).ContainsKey(key))
                _ahead[key] = Search(quote, context);
        _matcher = null;
    }

    private QuoteSearch Search(string quote, string? context)
    {
        Fold();
        var source = text.Text;
        int from = 0, to = source.Length;
        IReadOnlyList<(int Start, int End)>? contextSpans = null;
        if (context is not null)
        {
            contextSpans = _matcher!.FindAll(context);
            if (contextSpans.Count != 1)
                return new QuoteSearch(contextSpans, [], contextSpans.Count == 0 ? BookResolver.NotFoundHint(_matcher, context, source) : null, Verbatim: null);
            (from, to) = contextSpans[0];
        }
        var found = _matcher!.FindAll(quote, from, to);
        // A quote is matched loosely (quotation marks, dashes, spaces): a fifth of the big benchmark book's sources have a
        // citation that does not read exactly as its source, and only those keep what the source reads.
        var verbatim = found.All(span => source.AsSpan(span.Start, span.End - span.Start).SequenceEqual(quote))
            ? null : found.Select(span => source[span.Start..span.End]).ToList();
        return new QuoteSearch(contextSpans, found, found.Count == 0 && context is null ? BookResolver.NotFoundHint(_matcher, quote, source) : null, verbatim);
    }
}

/// <summary>
/// Quote searches kept between builds, by the SHA-256 of the seed file (<see cref="SeedText.Hash"/>): <c>serve</c> keeps
/// one in memory, and the command line keeps one in its cache folder, so an unchanged quote in an unchanged source is
/// not searched again. With them, each text's lines, which depend on the text alone: a build that has not read a
/// seed (see <see cref="SeedText"/>) knows where its boilerplate lines are without reading it.
/// Only the texts the last build asked of and the searches it used are kept, so it follows the book (a build that took its claims from
/// where their citations stood keeps what it did not ask as well: see <see cref="KeepsUnasked"/>). The file is binary, starts with a format
/// version and ends with a check of the rest (<see cref="CheckedFile"/>): one that is truncated, of another version or altered is ignored,
/// which costs only the searches. It records the build of rjb that searched (searching is its code as much as the
/// texts), and searches another build made are not used. Each source's searches in the file are a block of known
/// length, decoded only when its text is asked for (<see cref="Prepare"/>, in parallel). Not for use from two builds at once.
/// </summary>
internal sealed class QuoteMemo
{
    internal const string Magic = "rjb quote memo";
    internal const int Version = 5;

    /// <summary>
    /// The searches of one source text: decoded, or still the block of the file they are in (with how many it holds);
    /// and its lines, when they were known.
    /// </summary>
    private sealed record Known(Dictionary<UInt128, QuoteSearch>? Searches, IReadOnlyList<(int Start, int End)>? Lines,
        ReadOnlyMemory<byte> Block = default, int Count = 0)
    {
        public int Size => Searches?.Count ?? Count;
    }

    private Dictionary<string, Known> _known = new(StringComparer.Ordinal);
    private readonly List<(string Hash, SourceSearches Searches)> _current = [];
    private string? _file, _engine;

    /// <summary>Searches the last build made, and searches it took from the memo.</summary>
    public int Searched { get; private set; }

    public int Reused { get; private set; }

    /// <summary>The last build searched something, or no longer used something: the memo's file is out of date.</summary>
    public bool Changed { get; private set; }

    /// <summary>The memo's file in a cache folder (one for every output folder: a search does not depend on where the site goes).</summary>
    public const string FileName = "quotes.bin";

    /// <summary>The memo kept in <paramref name="cacheDirectory"/> by <paramref name="engine"/> (this build of rjb), or an empty one when none is there intact.</summary>
    public static QuoteMemo Load(string cacheDirectory, string engine)
    {
        var memo = new QuoteMemo { _file = Path.Combine(cacheDirectory, FileName), _engine = engine };
        if (CheckedFile.Load(memo._file, bytes => Read(bytes, engine)) is { } known) memo._known = known;
        return memo;
    }

    /// <summary>The searches of one source text in this build.</summary>
    public SourceSearches For(SeedText text) => Adopt(Prepare(text));

    /// <summary>The memo holds the searches of this text, some or none.</summary>
    public bool Knows(SeedText text) => _known.ContainsKey(text.Hash);

    /// <summary>Tells a text not read its lines, when the memo kept them.</summary>
    public void KnowLines(SeedText text)
    {
        if (!text.IsRead && _known.GetValueOrDefault(text.Hash)?.Lines is { } lines) text.Know(lines);
    }

    /// <summary>
    /// What <see cref="For"/> needs of a text, worked out on any thread: its hash and the searches known for it,
    /// decoded. A block that does not decode (a well-framed file made by hand) only costs its searches.
    /// </summary>
    public (string Hash, SeedText Text, IReadOnlyDictionary<UInt128, QuoteSearch>? Known) Prepare(SeedText text)
    {
        var hash = text.Hash;
        if (_known.GetValueOrDefault(hash) is not { } known) return (hash, text, null);
        if (known.Searches is not null) return (hash, text, known.Searches);
        try
        {
            var reader = new ByteReader(known.Block);
            return (hash, text, ReadSearches(reader, known.Count));
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            return (hash, text, null);
        }
    }

    /// <summary>The searches of one source text in this build, from what <see cref="Prepare"/> found; called in the order of the build.</summary>
    public SourceSearches Adopt((string Hash, SeedText Text, IReadOnlyDictionary<UInt128, QuoteSearch>? Known) prepared)
    {
        var searches = new SourceSearches(prepared.Text, prepared.Known);
        _current.Add((prepared.Hash, searches));
        return searches;
    }

    /// <summary>
    /// This build took claims from where their citations stood (see <see cref="CitationsMemo"/>), without asking their
    /// searches: what it did not ask is still the book's, and <see cref="End"/> keeps it.
    /// </summary>
    public bool KeepsUnasked { get; set; }

    /// <summary>After verifying: keeps what this build used, and forgets the rest (but see <see cref="KeepsUnasked"/>).</summary>
    public void End()
    {
        var unasked = KeepsUnasked;
        KeepsUnasked = false;
        var used = new Dictionary<string, Known>(StringComparer.Ordinal);
        int searched = 0, all = 0;
        var linesLearnt = false;
        foreach (var (hash, searches) in _current)
        {
            searched += searches.Searched;
            all += searches.Used.Count;
            if (unasked && searches.Known is { } known)
                foreach (var (key, search) in known) searches.Used.TryAdd(key, search);
            // A text's searches in this build become the memo's as they are, no longer the build's once it ends (copied
            // one by one, 100,000 at 10,000 sources were 40 ms of every rebuild); a text two sources share is merged.
            var lines = searches.Text.KnownLines;
            if (!used.TryGetValue(hash, out var kept)) used[hash] = new Known(searches.Used, lines);
            else foreach (var (key, search) in searches.Used) kept.Searches![key] = search;
            // Lines learnt from a text read this time are worth a write of their own: the next build need not read it for them.
            linesLearnt |= lines is not null && _known.GetValueOrDefault(hash) is { Lines: null };
        }
        _current.Clear();
        Searched = searched;
        Reused = all - searched;
        if (unasked)
        {
            // The texts not asked of are kept as the file holds them; a build that learnt nothing leaves the file as it is.
            Changed = searched > 0 || linesLearnt;
            if (!Changed) return;
            foreach (var (hash, known) in _known) used.TryAdd(hash, known);
        }
        else Changed = searched > 0 || linesLearnt || used.Count != _known.Count || used.Sum(u => u.Value.Size) != _known.Sum(k => k.Value.Size);
        _known = used;
    }

    /// <summary>Writes the memo to the cache folder it was loaded from; false when it could not be written.</summary>
    public bool Save() => _file is null || CheckedFile.Replace(_file, staged => CheckedFile.Write(staged, Magic, Version, writer => Write(writer, _engine!, _known)));

    private static void Write(BinaryWriter writer, string engine, Dictionary<string, Known> known)
    {
        writer.Write(engine);
        writer.Write(known.Count);
        using var searchesWriter = new BinaryWriter(new MemoryStream(), System.Text.Encoding.UTF8);
        var bytes = (MemoryStream)searchesWriter.BaseStream;
        // In order, so the file is the same whichever threads searched first (claims resolve on every core).
        foreach (var (hash, (searches, lines, block, count)) in known.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            writer.Write(Convert.FromHexString(hash));
            writer.Write(lines is not null);
            if (lines is not null) WriteSpans(writer, lines);
            if (searches is null)
            {
                // A text no build since asked of (see KeepsUnasked): its block, as the file held it.
                writer.Write(count);
                writer.Write(block.Length);
                writer.Write(block.Span);
                continue;
            }
            writer.Write(searches.Count);
            bytes.SetLength(0);
            foreach (var (key, search) in searches.OrderBy(s => s.Key))
            {
                searchesWriter.WriteKey(key);
                searchesWriter.Write(search.Context is not null);
                if (search.Context is not null) WriteSpans(searchesWriter, search.Context);
                WriteSpans(searchesWriter, search.Found);
                WriteOptional(searchesWriter, search.Hint);
                searchesWriter.Write(search.Verbatim is not null);
                foreach (var text in search.Verbatim ?? []) searchesWriter.Write(text);
            }
            searchesWriter.Flush();
            writer.Write((int)bytes.Length);
            writer.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
        }
    }

    /// <summary>The searches in a file, or null when it is not an intact file of this version; empty when another build of rjb made them.</summary>
    /// <remarks>Each source's block is only found here, not decoded: a build decodes the blocks of the texts it asks for.</remarks>
    private static Dictionary<string, Known>? Read(ReadOnlyMemory<byte> bytes, string engine)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null) return null;

        var known = new Dictionary<string, Known>(StringComparer.Ordinal);
        if (reader.ReadString() != engine) return known;
        var seeds = reader.ReadInt32();
        if (seeds < 0) throw new FormatException("a negative count");
        for (; seeds > 0; seeds--)
        {
            var hash = Convert.ToHexStringLower(reader.ReadBytes(SHA256.HashSizeInBytes));
            var lines = reader.ReadBoolean() ? ReadSpans(reader) : null;
            var count = reader.ReadInt32();
            var length = reader.ReadInt32();
            var start = (int)reader.Position;
            if (count < 0 || length < 0 || length > bytes.Length - start) throw new FormatException("a block past the end");
            known[hash] = new Known(null, lines, bytes.Slice(start, length), count);
            reader.Position = start + length;
        }
        return known;
    }

    private static Dictionary<UInt128, QuoteSearch> ReadSearches(ByteReader reader, int count)
    {
        var searches = new Dictionary<UInt128, QuoteSearch>(count);
        for (; count > 0; count--)
        {
            var key = reader.ReadKey();
            var contextSpans = reader.ReadBoolean() ? ReadSpans(reader) : null;
            var found = ReadSpans(reader);
            var hint = ReadOptional(reader);
            searches[key] = new QuoteSearch(contextSpans, found, hint, reader.ReadBoolean() ? [.. found.Select(_ => reader.ReadString())] : null);
        }
        return searches;
    }

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null) writer.Write(text);
    }

    private static string? ReadOptional(ByteReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteSpans(BinaryWriter writer, IReadOnlyList<(int Start, int End)> spans)
    {
        writer.Write7BitEncodedInt(spans.Count);
        foreach (var (start, end) in spans)
        {
            writer.Write7BitEncodedInt(start);
            writer.Write7BitEncodedInt(end - start);
        }
    }

    /// <summary>Read into an array of their number (each span takes at least two bytes), not a list grown span by span around a copied array.</summary>
    private static (int Start, int End)[] ReadSpans(ByteReader reader)
    {
        var count = CachedKeys.Bounded(reader.Read7BitEncodedInt(), (reader.Length - reader.Position) / 2);
        var spans = new (int Start, int End)[count];
        for (var i = 0; i < spans.Length; i++)
        {
            var start = reader.Read7BitEncodedInt();
            spans[i] = (start, start + reader.Read7BitEncodedInt());
        }
        return spans;
    }
}
