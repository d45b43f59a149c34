using System.Security.Cryptography;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Annotations;

// How annotations.bin writes one file's parse; PartReader (ParsedFiles.File.cs) reads it back in the same order.
internal sealed partial class ParsedFiles
{
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
}
