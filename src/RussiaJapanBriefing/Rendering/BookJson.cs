using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// <c>data/book.json</c> and its claims files (<c>data/claims/*.json</c>): the whole resolved book for other tools. The
/// shape is documented in docs/book-json.md; properties are written in a fixed order so the files are byte-identical
/// across builds. The claims, most of the book, are cut into files by their ids, so an edit of one claim rewrites one
/// file of a few hundred claims, not the whole book (41.7 MB at 10,000 sources).
/// </summary>
public sealed partial class BookJson : IOutput
{
    public bool WholeBook => true;

    /// <summary>
    /// How many claims a claims file holds on average. A file ends after a claim whose id hashes to a multiple of this,
    /// so an edit moves no end but at a claim added or removed; or once it holds <see cref="MaxClaimsPerFile"/>, which
    /// bounds a file (about one in fifty would pass it). About 165 KB a file at the benchmark's claims.
    /// </summary>
    internal const int ClaimsPerFile = 256;

    internal const int MaxClaimsPerFile = 4 * ClaimsPerFile;

    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics)
    {
        if (site.BookData is not { } memo)
            Write(site.Book, (path, write) => sink.Write(path, write));
        else if (memo.Image is { } image)
            image.Write(site.Book, sink);
        else
            memo.Last = Write(site.Book, sink, memo.Last, site.Edited);
    }

    /// <summary>
    /// Every file, as an indented <see cref="Utf8JsonWriter"/> writes it, put together from each record's entry, every
    /// one made. <c>serve</c> keeps the files in memory and makes only the entries of records a save made anew
    /// (<see cref="Image"/>); the command line copies the others from the files it published (<see cref="BookJsonMemo"/>).
    /// </summary>
    public static void Write(BriefingBook book, Action<string, Action<Stream>> write)
    {
        foreach (var file in Files(book, Tables.Of(book)))
            write(file.Path, stream => WriteFile(stream, file, [.. file.Sections.Select(s => s.Records.Select(r => (ReadOnlyMemory<byte>)Value(w => s.Fields(r, new JsonFields(w)))))]));
    }

    /// <summary>
    /// The command line's way: each entry is keyed by a hash of everything it is made from (<see cref="KeyFields"/>); a
    /// file whose keys are those the last build wrote is kept as published without being read, and in another the
    /// entries whose keys the last build wrote are copied from the file it published, at the places <paramref name="last"/>
    /// recorded; only the others are made. A one-claim edit at 10,000 sources makes one claim's entry and writes one
    /// claims file.
    /// </summary>
    /// <param name="last">What the last build wrote of each file, by its path.</param>
    /// <param name="edited">
    /// The claims an edit replaced in place since the build that wrote <paramref name="last"/>, when that is all it
    /// changed (<see cref="SiteContext.Edited"/>): every other record stands where it stood then, so its entry's key is
    /// the one it had, and it is copied from its place then. Keying every entry was 0.2 s of CPU at 10,000 sources.
    /// </param>
    /// <returns>What was written of each file, for the next build.</returns>
    internal static Dictionary<string, BookJsonMemo.Built> Write(BriefingBook book, IOutputSink sink, IReadOnlyDictionary<string, BookJsonMemo.Built>? last,
        IReadOnlyList<ClaimEdit>? edited = null)
    {
        var stands = last is null || edited is null ? null : Stands(book, edited);
        var keyer = new KeyFields();
        var built = new Dictionary<string, BookJsonMemo.Built>(StringComparer.Ordinal);
        foreach (var file in Files(book, Tables.Of(book)))
            built[file.Path] = WriteFile(file, sink, last?.GetValueOrDefault(file.Path), stands, keyer);
        return built;
    }

    private static BookJsonMemo.Built WriteFile(DataFile file, IOutputSink sink, BookJsonMemo.Built? was, Func<Section, object, bool>? stands, KeyFields keyer)
    {
        // A file with as many entries as it had, after an edit that replaced claims alone: every other record stands where it stood.
        if (was is null || was.Keys.Length != file.Count) stands = null;
        var keys = new UInt128[file.Count];
        var standing = new bool[file.Count];
        var at = 0;
        for (var n = 0; n < file.Sections.Length; n++)
            foreach (var record in file.Sections[n].Records)
            {
                if (stands is not null && stands(file.Sections[n], record))
                    (keys[at], standing[at]) = (was!.Keys[at], true);
                else
                {
                    keyer.Start(n);
                    file.Sections[n].Fields(record, keyer);
                    keys[at] = keyer.Finish();
                }
                at++;
            }
        // What the file holds besides its entries: book.json's title.
        keyer.Start(byte.MaxValue);
        keyer.String("title", file.Title);
        var head = keyer.Finish();
        if (was is not null && head == was.Head && keys.AsSpan().SequenceEqual(was.Keys) && sink.TryKeepPublished(file.Path, null, was.Hash)) return was;

        // The published file, read only when it is the one the memo describes and still as written (checked against its hash).
        var published = was is not null && sink.PublishedHash(file.Path) == was.Hash ? sink.Published(file.Path) : null;
        var places = published is null ? null : was!.Places(published.Length);
        at = 0;
        var sections = file.Sections.Select(section => section.Records.Select(record =>
        {
            var k = at++;
            var (start, length) = places is null ? (-1, 0) : standing[k] ? was!.Spans[k] : places.GetValueOrDefault(keys[k], (-1, 0));
            return start >= 0 ? new ReadOnlyMemory<byte>(published, (int)start, length) : new ReadOnlyMemory<byte>(Value(w => section.Fields(record, new JsonFields(w))));
        })).ToArray();
        // Where each entry starts, and the hash the next build checks the published file by.
        var spans = new List<(long Start, int Length)>(file.Count);
        string hash = "";
        sink.WriteHashed(file.Path, null, stream => hash = Hashing.Hash(stream, hashing => WriteFile(hashing, file, sections, length => spans.Add((hashing.Position, length)))));
        return new BookJsonMemo.Built(hash, head, keys, [.. spans]);
    }

    /// <summary>
    /// Whether a record's entry stands as it stood in the files the last build wrote, after an edit that replaced
    /// <paramref name="edited"/> alone: every record but those claims, and in date order only while none of them
    /// changed its date.
    /// </summary>
    private static Func<Section, object, bool> Stands(BriefingBook book, IReadOnlyList<ClaimEdit> edited)
    {
        // By instance: asked of every claim's two entries, a set of ids hashed 77,000 of them at 10,000 sources. (The files
        // read every claim, recorded as the list of claims: looking these up adds nothing to what they depend on.)
        var replaced = BookReads.Unrecorded(() => edited.Select(e => book.ClaimById.GetValueOrDefault(e.Now.Id)).OfType<Claim>()
            .ToHashSet(ReferenceEqualityComparer.Instance));
        var datesKept = edited.All(e => Equals(e.Was.Date, e.Now.Date));
        return (section, record) => record is not Claim claim || (!section.ByDate || datesKept) && !replaced.Contains(claim);
    }

    /// <summary>One array of a file: its name, its records, and how each one's fields are told; <paramref name="ByDate"/> for records in date order.</summary>
    /// <param name="Alike">
    /// For <c>serve</c>, which tells a record unchanged by its instance: whether two instances make the same entry, where
    /// an entry reads only part of its record (the chronology's, a claim's date and id) or its record is made per build
    /// (a claims file's listing). Null: only the same instance does.
    /// </param>
    private sealed record Section(string Name, IReadOnlyList<object> Records, Action<object, IFields> Fields, bool ByDate = false,
        Func<object, object, bool>? Alike = null);

    /// <summary>One file: book.json, which has the <paramref name="Title"/>, or a claims file; each entry is made from its record's fields alone (<see cref="IFields"/>).</summary>
    private sealed record DataFile(string Path, string? Title, Section[] Sections)
    {
        public int Count { get; } = Sections.Sum(s => s.Records.Count);
    }

    /// <summary>A claims file as book.json lists it: where it is (site-relative), its first and last claim, and how many it holds.</summary>
    private sealed record ClaimFile(string File, string First, string Last, int Count);

    /// <summary>
    /// The book's tables, each read once into an array (every read of a table's item is noted for the page tracker);
    /// the claims in id order.
    /// </summary>
    private readonly record struct Tables(Source[] Sources, Entity[] Entities, Claim[] ClaimsById, Disagreement[] Disagreements, Claim[] Chronology)
    {
        public static Tables Of(BriefingBook book) =>
            new(Read(book.Sources), Read(book.Entities), ById(Read(book.Claims)), Read(book.Disagreements), Read(book.Chronology));

        /// <summary>
        /// The claims (a copy of the table) sorted by id: often already so (a big book's files and claims are named in
        /// order), which a pass tells, where sorting 50,000 claims took 30 ms. The ids are unique, so any sort gives one order.
        /// </summary>
        private static Claim[] ById(Claim[] claims)
        {
            for (var i = 1; i < claims.Length; i++)
                if (string.CompareOrdinal(claims[i - 1].Id, claims[i].Id) > 0)
                {
                    Array.Sort(claims, (a, b) => string.CompareOrdinal(a.Id, b.Id));
                    break;
                }
            return claims;
        }

        private static T[] Read<T>(IReadOnlyList<T> table)
        {
            T[] items = [];
            return All(table, ref items);
        }
    }

    /// <summary>
    /// The items of a table, read at once (the table's indexer notes each read; see RecordedList.CopyTo), into
    /// <paramref name="items"/> when it has the size: <c>serve</c> keeps the arrays between saves, as new arrays of every
    /// table's records per save were 0.7 MB at 10,000 sources, most of it on the large object heap.
    /// </summary>
    private static T[] All<T>(IReadOnlyList<T> table, ref T[] items)
    {
        if (items.Length != table.Count) items = new T[table.Count];
        if (table is RecordedList<T> recorded) recorded.CopyTo(items);
        else
        {
            var i = 0;
            foreach (var item in table) items[i++] = item;
        }
        return items;
    }

    /// <summary>Where each claims file ends among the claims in id order (see <see cref="ClaimsPerFile"/>): they depend on the ids alone.</summary>
    private static int[] ClaimFileEnds(Claim[] byId)
    {
        var ends = new List<int>();
        for (int start = 0, i = 0; i < byId.Length; i++)
        {
            if (i + 1 < byId.Length && i + 1 - start < MaxClaimsPerFile && Hashing.Stable(byId[i].Id) % ClaimsPerFile != 0) continue;
            ends.Add(i + 1);
            start = i + 1;
        }
        return [.. ends];
    }

    /// <summary>The files, book.json first and then the claims files in id order.</summary>
    /// <param name="ends">Where the claims files end (<see cref="ClaimFileEnds"/>), when known for these ids.</param>
    private static DataFile[] Files(BriefingBook book, Tables tables, int[]? ends = null)
    {
        var byId = tables.ClaimsById;
        ends ??= ClaimFileEnds(byId);
        var claimFiles = new List<DataFile>(ends.Length);
        var listed = new List<ClaimFile>(ends.Length);
        for (int n = 0, start = 0; n < ends.Length; start = ends[n++])
        {
            var path = SiteLayout.ClaimData(byId[start].Id);
            listed.Add(new ClaimFile(path, byId[start].Id, byId[ends[n] - 1].Id, ends[n] - start));
            claimFiles.Add(new DataFile(path, null, [new Section("claims", new ArraySegment<Claim>(byId, start, ends[n] - start), (r, w) => Claim((Claim)r, w))]));
        }
        var main = new DataFile(SiteLayout.BookData, book.Title,
        [
            new("sources", tables.Sources, (r, w) => Source((Source)r, w)),
            new("entities", tables.Entities, (r, w) => Entity((Entity)r, w)),
            new("claim_files", listed, (r, w) => Listed((ClaimFile)r, w), Alike: Equals),
            new("disagreements", tables.Disagreements, (r, w) => Disagreement((Disagreement)r, w)),
            new("chronology", tables.Chronology, (r, w) => Dated((Claim)r, w), ByDate: true,
                Alike: (a, b) => ((Claim)a).Id == ((Claim)b).Id && Equals(((Claim)a).Date, ((Claim)b).Date)),
        ]);
        return [main, .. claimFiles];
    }

    /// <summary>A file: an object with the title (book.json's) and the arrays of entries, each given whole.</summary>
    /// <param name="placed">Told each entry's length just before it is written.</param>
    private static void WriteFile(Stream stream, DataFile file, IEnumerable<ReadOnlyMemory<byte>>[] sections, Action<int>? placed = null)
    {
        stream.Write("{"u8);
        stream.Write(NewLine);
        if (file.Title is not null)
        {
            stream.Write("  \"title\": "u8);
            stream.Write(Value(w => w.WriteStringValue(file.Title)));
            stream.Write(","u8);
            stream.Write(NewLine);
        }
        for (var n = 0; n < sections.Length; n++)
        {
            stream.Write(ArrayStart(file.Sections[n].Name));
            var any = false;
            foreach (var entry in sections[n])
            {
                stream.Write(any ? Separator : FirstSeparator);
                placed?.Invoke(entry.Length);
                stream.Write(entry.Span);
                any = true;
            }
            stream.Write(ArrayEnd(any, last: n == sections.Length - 1));
        }
        stream.Write("}"u8);
        // The file ends with a line break of its own, the same on every system.
        stream.WriteByte((byte)'\n');
    }

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The writer's line break (the system's), for the lines put together here.</summary>
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(Options.NewLine);

    /// <summary>What comes before an entry of an array: after the array's opening, and after another entry.</summary>
    private static readonly byte[] FirstSeparator = [.. NewLine, .. "    "u8], Separator = [.. ","u8, .. FirstSeparator];

    /// <summary>A property of the top object holding an array of entries, opened as the writer lays out an array at that depth.</summary>
    private static byte[] ArrayStart(string name) => Encoding.UTF8.GetBytes($"  \"{name}\": [");

    /// <summary>The end of such an array: on a line of its own when it holds entries, and followed by a comma unless it is the <paramref name="last"/>.</summary>
    private static byte[] ArrayEnd(bool any, bool last) => [.. any ? [.. NewLine, .. "  "u8] : Array.Empty<byte>(), .. last ? "]"u8 : "],"u8, .. NewLine];

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

    private static void Listed(ClaimFile f, IFields w)
    {
        w.StartObject();
        w.String("file", f.File);
        w.String("first", f.First);
        w.String("last", f.Last);
        w.Number("count", f.Count);
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
