using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// <c>data/book.json</c>: the whole resolved book for other tools. The shape is documented in docs/book-json.md;
/// properties are written in a fixed order so the file is byte-identical across builds.
/// </summary>
public sealed partial class BookJson : IOutput
{
    public bool WholeBook => true;

    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics)
    {
        if (site.BookData is not { } memo)
        {
            sink.Write(SiteLayout.BookData, stream => Write(site.Book, stream));
            return;
        }
        if (memo.Image is { } image)
        {
            sink.WriteHashed(SiteLayout.BookData, null, stream => image.Write(site.Book, stream));
            return;
        }
        // The published file, read only when it is the one the memo describes and still as written (checked against its hash).
        var published = memo.Last is { } last && sink.PublishedHash(SiteLayout.BookData) == last.Hash ? memo.Published ?? sink.Published(SiteLayout.BookData) : null;
        memo.Published = null;
        sink.Write(SiteLayout.BookData, stream => memo.Last = Write(site.Book, stream, published is null ? null : memo.Last, published, site.Edited));
    }

    /// <summary>
    /// The file, as an indented <see cref="Utf8JsonWriter"/> writes it, put together from each record's entry, every
    /// one made. <c>serve</c> keeps the file in memory and makes only the entries of records a save made anew
    /// (<see cref="Image"/>); the command line copies the others from the file it published (<see cref="BookJsonMemo"/>).
    /// </summary>
    public static void Write(BriefingBook book, Stream stream)
    {
        var sections = Entries(book).Select(section => section.Records.Select(r => (ReadOnlyMemory<byte>)Value(w => section.Fields(r, new JsonFields(w)))));
        WriteFile(stream, book.Title, [.. sections]);
    }

    /// <summary>
    /// The command line's way: each entry is keyed by a hash of everything it is made from (<see cref="KeyFields"/>),
    /// and an entry whose key the last build wrote is copied from <paramref name="published"/>, the file it wrote, at
    /// the place <paramref name="last"/> recorded; only the others are made. A one-claim edit at 10,000 sources makes
    /// one claim's entry instead of 60,000.
    /// </summary>
    /// <param name="published">The file <paramref name="last"/> describes, its bytes checked against their hash; null makes every entry.</param>
    /// <param name="edited">
    /// The claims an edit replaced in place since the build that wrote <paramref name="published"/>, when that is all it
    /// changed (<see cref="SiteContext.Edited"/>): every other record stands where it stood then, so its entry is
    /// copied from its place then without keying it. Keying every entry was 0.2 s of CPU at 10,000 sources, at the end
    /// of the render phase's longest path.
    /// </param>
    /// <returns>What was written, for the next build.</returns>
    internal static BookJsonMemo.Built Write(BriefingBook book, Stream stream, BookJsonMemo.Built? last, byte[]? published,
        IReadOnlyList<ClaimEdit>? edited = null)
    {
        var entries = Entries(book);
        var stands = last is null || published is null || edited is null ? null : Unmoved(book, edited, last, entries, published.Length);
        var places = last is null || published is null || stands is not null ? null : last.Places(published.Length);
        var keys = new List<UInt128>();
        var spans = new List<(long Start, int Length)>();
        var keyer = new KeyFields();
        var sections = entries.Select((section, n) => section.Records.Select(record =>
        {
            var at = keys.Count;
            if (stands is not null && stands(section, record))
            {
                keys.Add(last!.Keys[at]);
                return new ReadOnlyMemory<byte>(published, (int)last.Spans[at].Start, last.Spans[at].Length);
            }
            keyer.Start(n);
            section.Fields(record, keyer);
            var key = keyer.Finish();
            keys.Add(key);
            return places is not null && places.TryGetValue(key, out var place)
                ? new ReadOnlyMemory<byte>(published, (int)place.Start, place.Length)
                : new ReadOnlyMemory<byte>(Value(w => section.Fields(record, new JsonFields(w))));
        }));
        // Where each entry starts, and the hash the next build checks the published file by.
        var hash = Hashing.Hash(stream, hashing => WriteFile(hashing, book.Title, [.. sections], length => spans.Add((hashing.Position, length))));
        return new BookJsonMemo.Built(hash, [.. keys], [.. spans]);
    }

    /// <summary>One array of the file: its records, how many, and how each one's fields are told; <paramref name="ByDate"/> for records in date order.</summary>
    private sealed record Section(IEnumerable<object> Records, int Count, Action<object, IFields> Fields, bool ByDate = false);

    /// <summary>The file's arrays, in order; each record's entry is made from its fields alone (<see cref="IFields"/>).</summary>
    private static Section[] Entries(BriefingBook book) =>
    [
        new(book.Sources, book.Sources.Count, (r, w) => Source((Source)r, w)),
        new(book.Entities, book.Entities.Count, (r, w) => Entity((Entity)r, w)),
        new(book.Claims.OrderBy(c => c.Id, StringComparer.Ordinal), book.Claims.Count, (r, w) => Claim((Claim)r, w)),
        new(book.Disagreements, book.Disagreements.Count, (r, w) => Disagreement((Disagreement)r, w)),
        new(book.Chronology, book.Chronology.Count, (r, w) => Dated((Claim)r, w), ByDate: true),
    ];

    /// <summary>
    /// Whether a record's entry stands as it stood in the file <paramref name="last"/> describes, at the same place among
    /// the same number of entries, after an edit that replaced <paramref name="edited"/> alone: every record but those
    /// claims, and in date order only while none of them changed its date. Null when the file does not hold as many
    /// entries, or a place lies outside its <paramref name="length"/> bytes: then every entry is keyed.
    /// </summary>
    private static Func<Section, object, bool>? Unmoved(BriefingBook book, IReadOnlyList<ClaimEdit> edited, BookJsonMemo.Built last, Section[] sections, long length)
    {
        if (last.Keys.Length != sections.Sum(s => s.Count) || !last.Within(length)) return null;
        // By instance: asked of every claim's two entries, a set of ids hashed 77,000 of them at 10,000 sources. (The file
        // reads every claim, recorded as the list of claims: looking these up adds nothing to what it depends on.)
        var replaced = BookReads.Unrecorded(() => edited.Select(e => book.ClaimById.GetValueOrDefault(e.Now.Id)).OfType<Claim>()
            .ToHashSet(ReferenceEqualityComparer.Instance));
        var datesKept = edited.All(e => Equals(e.Was.Date, e.Now.Date));
        return (section, record) => record is not Claim claim || (!section.ByDate || datesKept) && !replaced.Contains(claim);
    }

    private static void WriteFile(Stream stream, string title, IEnumerable<ReadOnlyMemory<byte>>[] sections, Action<int>? placed = null)
    {
        stream.Write("{"u8);
        stream.Write(NewLine);
        stream.Write("  \"title\": "u8);
        stream.Write(Value(w => w.WriteStringValue(title)));
        stream.Write(","u8);
        stream.Write(NewLine);
        for (var n = 0; n < sections.Length; n++) WriteArray(stream, Names[n], sections[n], last: n == sections.Length - 1, placed);
        stream.Write("}"u8);
        // The file ends with a line break of its own, the same on every system.
        stream.WriteByte((byte)'\n');
    }

    private static readonly string[] Names = ["sources", "entities", "claims", "disagreements", "chronology"];

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The writer's line break (the system's), for the lines put together here.</summary>
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(Options.NewLine);

    /// <summary>What comes before an entry of an array: after the array's opening, and after another entry (see <see cref="WriteArray"/>).</summary>
    private static readonly byte[] FirstSeparator = [.. NewLine, .. "    "u8], Separator = [.. ","u8, .. FirstSeparator];

    /// <summary>A property of the top object holding an array of entries, laid out as the writer lays out an array at that depth.</summary>
    /// <param name="placed">Told each entry's length just before it is written.</param>
    private static void WriteArray(Stream stream, string name, IEnumerable<ReadOnlyMemory<byte>> entries, bool last, Action<int>? placed)
    {
        stream.Write("  "u8);
        stream.Write(Encoding.UTF8.GetBytes($"\"{name}\": ["));
        var any = false;
        foreach (var entry in entries)
        {
            if (any) stream.Write(","u8);
            stream.Write(NewLine);
            stream.Write("    "u8);
            placed?.Invoke(entry.Length);
            stream.Write(entry.Span);
            any = true;
        }
        if (any)
        {
            stream.Write(NewLine);
            stream.Write("  "u8);
        }
        stream.Write(last ? "]"u8 : "],"u8);
        stream.Write(NewLine);
    }

    /// <summary>
    /// A value as the writer writes it two levels down (an entry of an array in the top object): written alone, then
    /// each line after the first indented by those two levels. Strings hold no raw line break (JSON escapes them), so
    /// every line feed in the bytes ends a line the writer made. The buffer and writer are this thread's, used again:
    /// a new buffer per entry grew from 256 bytes in steps, megabytes of garbage per build.
    /// </summary>
    private static byte[] Value(Action<Utf8JsonWriter> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1 << 14);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer, Options);
        w.Reset(buffer);
        write(w);
        w.Flush();
        var written = buffer.WrittenSpan;
        var lines = written.Count((byte)'\n');
        if (lines == 0) return written.ToArray();
        var indented = new byte[written.Length + 4 * lines];
        var at = 0;
        foreach (var b in written)
        {
            indented[at++] = b;
            if (b == (byte)'\n')
                for (var i = 0; i < 4; i++) indented[at++] = (byte)' ';
        }
        return indented;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The fields of an entry, told once for both its uses: written as JSON (<see cref="JsonFields"/>), and hashed into
    /// the entry's key (<see cref="KeyFields"/>), so that no field can be written and left out of the key.
    /// </summary>
    private interface IFields
    {
        void StartObject();
        void EndObject();
        void StartArray(string name);
        void EndArray();
        void String(string name, string? value);
        /// <summary>Markdown, written as its plain text (made only when written: the key hashes the Markdown).</summary>
        void Prose(string name, string markdown);
        void Boolean(string name, bool value);
        void Number(string name, int value);
        void Item(string value);
    }

    private sealed class JsonFields(Utf8JsonWriter w) : IFields
    {
        public void StartObject() => w.WriteStartObject();
        public void EndObject() => w.WriteEndObject();
        public void StartArray(string name) => w.WriteStartArray(name);
        public void EndArray() => w.WriteEndArray();
        public void String(string name, string? value) => w.WriteString(name, value);
        public void Prose(string name, string markdown) => w.WriteString(name, MarkdownRenderer.Plain(markdown));
        public void Boolean(string name, bool value) => w.WriteBoolean(name, value);
        public void Number(string name, int value) => w.WriteNumber(name, value);
        public void Item(string value) => w.WriteStringValue(value);
    }

    /// <summary>
    /// An entry's key: each field's kind, name and value, written tagged (null and "" differ, as do two fields that
    /// swap names) and hashed in one call: the first half of a SHA-256.
    /// </summary>
    private sealed class KeyFields : IFields
    {
        private enum Tag : byte { Object, End, Array, EndArray, String, Null, Prose, Boolean, Number, Item }

        private readonly KeyWriter _key = new();

        public void Start(int section)
        {
            _key.Clear();
            _key.Byte((byte)section);
        }

        public UInt128 Finish() => _key.Finish();

        private void Mark(Tag tag) => _key.Byte((byte)tag);

        private void Text(string text) => _key.Text(text);

        private void Named(Tag tag, string name)
        {
            Mark(tag);
            Text(name);
        }

        public void StartObject() => Mark(Tag.Object);
        public void EndObject() => Mark(Tag.End);
        public void StartArray(string name) => Named(Tag.Array, name);
        public void EndArray() => Mark(Tag.EndArray);

        public void String(string name, string? value)
        {
            Named(value is null ? Tag.Null : Tag.String, name);
            if (value is not null) Text(value);
        }

        public void Prose(string name, string markdown)
        {
            Named(Tag.Prose, name);
            Text(markdown);
        }

        public void Boolean(string name, bool value)
        {
            Named(Tag.Boolean, name);
            _key.Byte(value ? (byte)1 : (byte)0);
        }

        public void Number(string name, int value)
        {
            Named(Tag.Number, name);
            _key.Int(value);
        }

        public void Item(string value)
        {
            Mark(Tag.Item);
            Text(value);
        }
    }

    private static void Source(Source s, IFields w)
    {
        w.StartObject();
        w.String("id", s.Id);
        w.String("title", s.Title);
        w.String("outlet", s.Info?.Outlet);
        w.String("published", s.Info?.Published.ToString());
        w.String("url", s.Info?.Url);
        w.String("page", s.Url);
        w.Boolean("annotated", s.Info is not null);
        w.EndObject();
    }

    private static void Entity(Entity e, IFields w)
    {
        w.StartObject();
        w.String("kind", e.Kind.Singular().ToLowerInvariant());
        w.String("id", e.Id);
        w.String("name", e.Name);
        w.String("url", e.Url);
        w.StartArray("aliases");
        foreach (var a in e.Aliases)
        {
            w.StartObject();
            w.String("name", a.Name);
            if (a.UsedBy is not null) w.String("used_by", a.UsedBy);
            w.EndObject();
        }
        w.EndArray();
        Strings(w, "related", e.Related);
        // Of the fields of its own, a kind's dates and references are data; its text is prose, only shown.
        foreach (var field in e.Kind.Row().Fields)
        {
            if (field.Type == FieldType.Date && e.Values.Date(field) is { } date) w.String(field.Key, date.ToString());
            if (field.Type == FieldType.References) Strings(w, field.Key, e.Values.References(field) ?? []);
        }
        w.EndObject();
    }

    private static void Claim(Claim c, IFields w)
    {
        w.StartObject();
        w.String("id", c.Id);
        w.Prose("text", c.Text);
        Strings(w, "about", c.About);
        if (c.Date is not null) w.String("date", c.Date.ToString());
        if (c.DateNote is not null) w.String("date_note", c.DateNote);
        if (c.AccordingTo is not null) w.String("according_to", c.AccordingTo);
        w.StartArray("citations");
        foreach (var ci in c.Citations)
        {
            w.StartObject();
            w.String("source", ci.Passage.SourceId);
            w.String("quote", ci.Quote);
            w.Number("start", ci.Passage.Start);
            w.Number("end", ci.Passage.End);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }

    private static void Disagreement(Disagreement d, IFields w)
    {
        w.StartObject();
        w.String("id", d.Id);
        w.String("topic", d.Topic);
        w.String("kind", d.Kind.ToString().ToLowerInvariant());
        if (d.Note is not null) w.Prose("note", d.Note);
        Strings(w, "about", d.About);
        Strings(w, "claims", d.Claims);
        w.EndObject();
    }

    private static void Dated(Claim c, IFields w)
    {
        w.StartObject();
        w.String("date", c.Date!.ToString());
        w.String("claim", c.Id);
        w.EndObject();
    }

    private static void Strings(IFields w, string name, IEnumerable<string> values)
    {
        w.StartArray(name);
        foreach (var v in values) w.Item(v);
        w.EndArray();
    }
}
