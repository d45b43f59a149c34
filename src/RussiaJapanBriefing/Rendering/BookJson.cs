using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// <c>data/book.json</c>: the whole resolved book for other tools. The shape is documented in docs/book-json.md;
/// properties are written in a fixed order so the file is byte-identical across builds.
/// </summary>
public sealed class BookJson : IOutput
{
    public bool WholeBook => true;

    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics) => sink.Write(SiteLayout.BookData, stream => Write(site.Book, stream));

    /// <summary>
    /// The file, as an indented <see cref="Utf8JsonWriter"/> writes it, put together from each record's entry. An entry
    /// is made once per record instance and kept with it: <c>serve</c> reuses every record a save left alone (see
    /// ResolvedRecords), so a one-claim edit makes one claim's entry and copies the rest (tens of megabytes at 10,000
    /// sources, which took a second to write value by value, mostly turning claims' Markdown into plain text).
    /// </summary>
    public static void Write(BriefingBook book, Stream stream)
    {
        stream.Write("{"u8);
        stream.Write(NewLine);
        stream.Write("  \"title\": "u8);
        stream.Write(Value(w => w.WriteStringValue(book.Title)));
        stream.Write(","u8);
        stream.Write(NewLine);
        WriteArray(stream, "sources", book.Sources.Select(s => s_sources.GetValue(s, Source)), last: false);
        WriteArray(stream, "entities", book.Entities.Select(e => s_entities.GetValue(e, Entity)), last: false);
        WriteArray(stream, "claims", book.Claims.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => s_claims.GetValue(c, Claim)), last: false);
        WriteArray(stream, "disagreements", book.Disagreements.Select(d => s_disagreements.GetValue(d, Disagreement)), last: false);
        WriteArray(stream, "chronology", book.Chronology.Select(c => s_dates.GetValue(c, Dated)), last: true);
        stream.Write("}"u8);
        // The file ends with a line break of its own, the same on every system.
        stream.WriteByte((byte)'\n');
    }

    // Entries by record instance: records are immutable, so an entry holds for as long as its record lives.
    private static readonly ConditionalWeakTable<Source, byte[]> s_sources = new();
    private static readonly ConditionalWeakTable<Entity, byte[]> s_entities = new();
    private static readonly ConditionalWeakTable<Claim, byte[]> s_claims = new(), s_dates = new();
    private static readonly ConditionalWeakTable<Disagreement, byte[]> s_disagreements = new();

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The writer's line break (the system's), for the lines put together here.</summary>
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(Options.NewLine);

    /// <summary>A property of the top object holding an array of entries, laid out as the writer lays out an array at that depth.</summary>
    private static void WriteArray(Stream stream, string name, IEnumerable<byte[]> entries, bool last)
    {
        stream.Write("  "u8);
        stream.Write(Encoding.UTF8.GetBytes($"\"{name}\": ["));
        var any = false;
        foreach (var entry in entries)
        {
            if (any) stream.Write(","u8);
            stream.Write(NewLine);
            stream.Write("    "u8);
            stream.Write(entry);
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
    /// every line feed in the bytes ends a line the writer made.
    /// </summary>
    private static byte[] Value(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Options)) write(w);
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

    private static byte[] Source(Source s) => Value(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("title", s.Title);
        w.WriteString("outlet", s.Info?.Outlet);
        w.WriteString("published", s.Info?.Published.ToString());
        w.WriteString("url", s.Info?.Url);
        w.WriteString("page", s.Url);
        w.WriteBoolean("annotated", s.Info is not null);
        w.WriteEndObject();
    });

    private static byte[] Entity(Entity e) => Value(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", e.Kind.Singular().ToLowerInvariant());
        w.WriteString("id", e.Id);
        w.WriteString("name", e.Name);
        w.WriteString("url", e.Url);
        w.WriteStartArray("aliases");
        foreach (var a in e.Aliases)
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            if (a.UsedBy is not null) w.WriteString("used_by", a.UsedBy);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteStrings(w, "related", e.Related);
        // Of the fields of its own, a kind's dates and references are data; its text is prose, only shown.
        foreach (var field in e.Kind.Row().Fields)
        {
            if (field.Type == FieldType.Date && e.Values.Date(field) is { } date) w.WriteString(field.Key, date.ToString());
            if (field.Type == FieldType.References) WriteStrings(w, field.Key, e.Values.References(field) ?? []);
        }
        w.WriteEndObject();
    });

    private static byte[] Claim(Claim c) => Value(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("text", MarkdownRenderer.Plain(c.Text));
        WriteStrings(w, "about", c.About);
        if (c.Date is not null) w.WriteString("date", c.Date.ToString());
        if (c.DateNote is not null) w.WriteString("date_note", c.DateNote);
        if (c.AccordingTo is not null) w.WriteString("according_to", c.AccordingTo);
        w.WriteStartArray("citations");
        foreach (var ci in c.Citations)
        {
            w.WriteStartObject();
            w.WriteString("source", ci.Passage.SourceId);
            w.WriteString("quote", ci.Quote);
            w.WriteNumber("start", ci.Passage.Start);
            w.WriteNumber("end", ci.Passage.End);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] Disagreement(Disagreement d) => Value(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("topic", d.Topic);
        w.WriteString("kind", d.Kind.ToString().ToLowerInvariant());
        if (d.Note is not null) w.WriteString("note", MarkdownRenderer.Plain(d.Note));
        WriteStrings(w, "about", d.About);
        WriteStrings(w, "claims", d.Claims);
        w.WriteEndObject();
    });

    private static byte[] Dated(Claim c) => Value(w =>
    {
        w.WriteStartObject();
        w.WriteString("date", c.Date!.ToString());
        w.WriteString("claim", c.Id);
        w.WriteEndObject();
    });

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
