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

    public static void Write(BriefingBook book, Stream stream)
    {
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("title", book.Title);
            w.WriteStartArray("sources");
            foreach (var s in book.Sources)
            {
                w.FlushWhenFull();
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("title", s.Title);
                w.WriteString("outlet", s.Info?.Outlet);
                w.WriteString("published", s.Info?.Published.ToString());
                w.WriteString("url", s.Info?.Url);
                w.WriteString("page", s.Url);
                w.WriteBoolean("annotated", s.Info is not null);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("entities");
            foreach (var e in book.Entities)
            {
                w.FlushWhenFull();
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
            }
            w.WriteEndArray();

            w.WriteStartArray("claims");
            foreach (var c in book.Claims.OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                w.FlushWhenFull();
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
            }
            w.WriteEndArray();

            w.WriteStartArray("disagreements");
            foreach (var d in book.Disagreements)
            {
                w.WriteStartObject();
                w.WriteString("id", d.Id);
                w.WriteString("topic", d.Topic);
                w.WriteString("kind", d.Kind.ToString().ToLowerInvariant());
                if (d.Note is not null) w.WriteString("note", MarkdownRenderer.Plain(d.Note));
                WriteStrings(w, "about", d.About);
                WriteStrings(w, "claims", d.Claims);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("chronology");
            foreach (var c in book.Chronology)
            {
                w.WriteStartObject();
                w.WriteString("date", c.Date!.ToString());
                w.WriteString("claim", c.Id);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
