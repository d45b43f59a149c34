using System.Security.Cryptography;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Annotations;

/// <summary>
/// The command line's copy of the parses in its cache folder, <c>annotations.bin</c>: a <see cref="CheckedFile"/>
/// holding the build of rjb that parsed (parsing is its code as much as the bytes), then for every file its display
/// path, the SHA-256 of its bytes, what it parsed to and what it reported. Every count is checked against the bytes
/// left, so even a well-framed hand-made file cannot make a reader allocate more than the file's own size.
/// </summary>
internal sealed partial class ParsedFiles
{
    internal const string Magic = "rjb parsed annotations";
    internal const int Version = 1;

    /// <summary>Larger than the parses of any book of 16 MiB annotation files would need, well under what one array holds.</summary>
    private const long MaxFileBytes = 1L << 30;

    private static void Write(string file, string engine, IReadOnlyDictionary<string, Entry> entries) => CheckedFile.Write(file, Magic, Version, writer =>
    {
        writer.Write(engine);
        writer.Write7BitEncodedInt(entries.Count);
        foreach (var (path, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // After an edit most files are as the last build read them: copying their bytes saves encoding them again.
            if (!entry.Encoded.IsEmpty)
            {
                writer.Write(entry.Encoded.Span);
                continue;
            }
            var w = new PartWriter(writer, path);
            writer.Write(path);
            writer.Write(Convert.FromHexString(entry.Hash));
            w.Part(entry.Part);
            writer.Write7BitEncodedInt(entry.Diagnostics.Count);
            foreach (var d in entry.Diagnostics)
            {
                writer.Write(d.Descriptor.Id);
                writer.Write((byte)d.Descriptor.Severity);
                writer.Write(d.Descriptor.Title);
                w.Location(d.Location);
                writer.Write(d.Message);
                w.Optional(d.Hint);
            }
        }
    });

    /// <summary>The parses in a file, or null when it is not an intact file of this version; empty when another build of rjb made them.</summary>
    private static Dictionary<string, Entry>? Read(byte[] bytes, string engine)
    {
        using var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null) return null;
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (reader.ReadString() != engine) return entries;
        for (var count = Count(reader); count > 0; count--)
        {
            var start = (int)reader.BaseStream.Position;
            var path = reader.ReadString();
            var r = new PartReader(reader, path);
            var hash = Convert.ToHexStringLower(reader.ReadBytes(SHA256.HashSizeInBytes));
            var part = r.Part();
            var diagnostics = r.List(() => new Diagnostic(
                new DiagnosticDescriptor(reader.ReadString(), r.Enum<Severity>(), reader.ReadString()), r.Location(), reader.ReadString(), r.Optional()));
            var encoded = bytes.AsMemory(start, (int)reader.BaseStream.Position - start);
            if (!entries.TryAdd(path, new Entry(hash, part, diagnostics, encoded))) throw new FormatException("a file is listed twice");
        }
        return entries;
    }

    /// <summary>A count of items that each take at least one byte: more than the bytes left means a malformed file.</summary>
    private static int Count(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position) throw new FormatException("a count is larger than the file");
        return count;
    }

    /// <summary>
    /// Writes one file's parse. Almost every location is in the file itself, so its path is written once, and
    /// <see cref="Location"/>s say only whether they are elsewhere.
    /// </summary>
    private sealed class PartWriter(BinaryWriter writer, string path)
    {
        public void Part(AnnotationSet part)
        {
            writer.Write(part.BookDeclared);
            writer.Write(part.Book is not null);
            if (part.Book is { } book)
            {
                Location(book.Location);
                writer.Write(book.Title);
                Text(book.Summary);
                List(book.KeyFacts, Text);
                List(book.ContestedTerms, c =>
                {
                    Location(c.Location);
                    writer.Write(c.Side);
                    List(c.Names, writer.Write);
                    List(c.Terms, Text);
                });
                List(book.Wording, Allowance);
            }
            List(part.Sources, Source);
            List(part.Entities, Entity);
            List(part.Claims, Claim);
            List(part.Disagreements, Disagreement);
            List(part.BrokenIds.Order(StringComparer.Ordinal).ToList(), writer.Write);
        }

        private void Source(SourceAnnotation s)
        {
            Location(s.Location);
            Text(s.Id);
            writer.Write(s.Outlet);
            writer.Write(s.Headline);
            Optional(s.Url);
            Date(s.Published);
            Optional(s.PublishedNote);
            Optional(s.Dateline);
            List(s.Boilerplate, b =>
            {
                writer.Write7BitEncodedInt(b.Value.First);
                writer.Write(b.Value.Last);
                Optional(b.Value.Reason);
                Location(b.Location);
            });
            List(s.Uncited, u =>
            {
                Text(u.Quote);
                writer.Write(u.Reason);
            });
            writer.Write(s.Draft);
        }

        private void Entity(EntityAnnotation e)
        {
            Location(e.Location);
            writer.Write((byte)e.Kind);
            Text(e.Id);
            writer.Write(e.Name);
            Text(e.Summary);
            List(e.Aliases, a =>
            {
                writer.Write(a.Name);
                Optional(a.UsedBy);
                Optional(a.Note);
            });
            List(e.Related, Text);
            // Only the fields of the table of kinds can hold values, so each is written by its place in the table.
            var fields = EntityKinds.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                switch (field.Type)
                {
                    case FieldType.Text when e.Values.Text(field) is { } text:
                        writer.Write((byte)(i + 1));
                        writer.Write(text);
                        break;
                    case FieldType.Date when e.Values.Date(field) is { } date:
                        writer.Write((byte)(i + 1));
                        Date(date);
                        break;
                    case FieldType.References when e.Values.References(field) is { } references:
                        writer.Write((byte)(i + 1));
                        List(references, Text);
                        break;
                }
            }
            writer.Write((byte)0);
            List(e.Citations, Citation);
            List(e.Wording, Allowance);
            List(e.KeyFacts, Text);
        }

        private void Claim(ClaimAnnotation c)
        {
            Location(c.Location);
            Text(c.Id);
            Text(c.Text);
            List(c.About, Text);
            writer.Write(c.Date is not null);
            if (c.Date is not null) Date(c.Date);
            Optional(c.DateNote);
            Optional(c.AccordingTo);
            writer.Write(c.Planned);
            List(c.Citations, Citation);
            List(c.Wording, Allowance);
        }

        private void Disagreement(DisagreementAnnotation d)
        {
            Location(d.Location);
            Text(d.Id);
            writer.Write(d.Topic);
            writer.Write(d.Note is not null);
            if (d.Note is not null) Text(d.Note);
            List(d.About, Text);
            List(d.Claims, Text);
            writer.Write((byte)d.Kind);
            List(d.Wording, Allowance);
        }

        private void Citation(CitationAnnotation c)
        {
            Location(c.Location);
            Text(c.Source);
            Text(c.Quote);
            writer.Write(c.Context is not null);
            if (c.Context is not null) Text(c.Context);
        }

        private void Allowance(WordingAllowance w)
        {
            Text(w.Code);
            Optional(w.Term);
            writer.Write(w.Reason);
        }

        private void Date(PartialDate date)
        {
            Point(date.Start);
            writer.Write(date.End is not null);
            if (date.End is not null) Point(date.End);
        }

        private void Point(DatePoint p)
        {
            writer.Write(p.Year);
            writer.Write((byte)(p.Month ?? 0));
            writer.Write((byte)(p.Day ?? 0));
            writer.Write((byte)((p.Approximate ? 1 : 0) | (p.Uncertain ? 2 : 0)));
        }

        private void Text(Located<string> text)
        {
            writer.Write(text.Value);
            Location(text.Location);
        }

        public void Location(Location location)
        {
            var here = location.Path == path;
            writer.Write(here);
            if (!here) writer.Write(location.Path);
            writer.Write7BitEncodedInt(location.Line);
            writer.Write7BitEncodedInt(location.Column);
        }

        public void Optional(string? text)
        {
            writer.Write(text is not null);
            if (text is not null) writer.Write(text);
        }

        private void List<T>(IReadOnlyCollection<T> items, Action<T> write)
        {
            writer.Write7BitEncodedInt(items.Count);
            foreach (var item in items) write(item);
        }
    }

    /// <summary>Reads what <see cref="PartWriter"/> wrote, with the same records, so a reused parse is the parse.</summary>
    private sealed class PartReader(BinaryReader reader, string path)
    {
        public AnnotationSet Part()
        {
            var declared = reader.ReadBoolean();
            BookAnnotation? book = null;
            if (reader.ReadBoolean())
                book = new BookAnnotation(Location(), reader.ReadString(), Text(), List(Text),
                    List(() => new ContestedTermsAnnotation(Location(), reader.ReadString(), List(reader.ReadString), List(Text))),
                    List(Allowance));
            return new AnnotationSet(book, declared, List(Source), List(Entity), List(Claim), List(Disagreement),
                List(reader.ReadString).ToHashSet(StringComparer.Ordinal));
        }

        private SourceAnnotation Source() => new(Location(), Text(), reader.ReadString(), reader.ReadString(), Optional(), Date(), Optional(), Optional(),
            List(() =>
            {
                var range = new LineRange(reader.Read7BitEncodedInt(), reader.ReadInt32(), Optional());
                return new Located<LineRange>(range, Location());
            }),
            List(() => new UncitedAnnotation(Text(), reader.ReadString())),
            reader.ReadBoolean());

        private EntityAnnotation Entity()
        {
            var location = Location();
            var kind = Enum<EntityKind>();
            var id = Text();
            var name = reader.ReadString();
            var summary = Text();
            var aliases = List(() => new Alias(reader.ReadString(), Optional(), Optional()));
            var related = List(Text);
            var values = new FieldValues<Located<string>>();
            for (int place = reader.ReadByte(), last = 0; place != 0; last = place, place = reader.ReadByte())
            {
                if (place <= last || place > EntityKinds.Fields.Count) throw new FormatException("an entity field out of place");
                var field = EntityKinds.Fields[place - 1];
                values = field.Type switch
                {
                    FieldType.Text => values.With(field, reader.ReadString()),
                    FieldType.Date => values.With(field, Date()),
                    _ => values.With(field, List(Text)),
                };
            }
            return new EntityAnnotation(location, kind, id, name, summary, aliases, related, values, List(Citation), List(Allowance)) { KeyFacts = List(Text) };
        }

        private ClaimAnnotation Claim() => new(Location(), Text(), Text(), List(Text), reader.ReadBoolean() ? Date() : null, Optional(), Optional(),
            reader.ReadBoolean(), List(Citation), List(Allowance));

        private DisagreementAnnotation Disagreement() => new(Location(), Text(), reader.ReadString(), reader.ReadBoolean() ? Text() : null,
            List(Text), List(Text), Enum<DisagreementKind>(), List(Allowance));

        private CitationAnnotation Citation() => new(Location(), Text(), Text(), reader.ReadBoolean() ? Text() : null);

        private WordingAllowance Allowance() => new(Text(), Optional(), reader.ReadString());

        private PartialDate Date()
        {
            var start = Point();
            return new PartialDate(start, reader.ReadBoolean() ? Point() : null);
        }

        private DatePoint Point()
        {
            var year = reader.ReadInt32();
            var month = reader.ReadByte();
            var day = reader.ReadByte();
            var flags = reader.ReadByte();
            return new DatePoint(year, month == 0 ? null : month, day == 0 ? null : day, (flags & 1) != 0, (flags & 2) != 0);
        }

        private Located<string> Text() => new(reader.ReadString(), Location());

        public Location Location() => new(reader.ReadBoolean() ? path : reader.ReadString(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt());

        public string? Optional() => reader.ReadBoolean() ? reader.ReadString() : null;

        public T Enum<T>() where T : struct, Enum
        {
            var value = (T)(object)(int)reader.ReadByte();
            return System.Enum.IsDefined(value) ? value : throw new FormatException($"no {typeof(T).Name} {value}");
        }

        public List<T> List<T>(Func<T> read)
        {
            var count = Count(reader);
            var items = new List<T>(count);
            for (var i = 0; i < count; i++) items.Add(read());
            return items;
        }
    }
}
