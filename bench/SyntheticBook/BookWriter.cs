using System.Text;

namespace SyntheticBook;

/// <summary>Writes the book in the repository's own format: <c>seeds/*.txt</c> and <c>content/**/*.yaml</c> (docs/annotations.md).</summary>
public static class BookWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(Book book, string root)
    {
        var seeds = Path.Combine(root, "seeds");
        var content = Path.Combine(root, "content");
        Fresh(seeds);
        Fresh(content);
        Directory.CreateDirectory(Path.Combine(content, "sources"));
        Directory.CreateDirectory(Path.Combine(content, "entities"));

        foreach (var a in book.Articles)
            File.WriteAllText(Path.Combine(seeds, a.Id + ".txt"), a.Text, Utf8);

        var claimsByHome = book.Claims.ToLookup(c => c.Home);
        foreach (var a in book.Articles)
            File.WriteAllText(Path.Combine(content, "sources", a.Id + ".yaml"), SourceFile(a, claimsByHome[a]), Utf8);

        foreach (var kind in Kinds.All)
        {
            var sb = new StringBuilder().Append(kind.Section()).Append(":\n");
            foreach (var e in book.Catalog.All.Where(e => e.Kind == kind)) Entity(sb, e);
            File.WriteAllText(Path.Combine(content, "entities", kind.Section() + ".yaml"), sb.ToString(), Utf8);
        }

        var d = new StringBuilder("# Points on which the generated reports differ.\ndisagreements:\n");
        foreach (var x in book.Disagreements)
        {
            d.Append("  - id: ").Append(x.Id).Append('\n');
            d.Append("    topic: ").Append(Yaml.Q(x.Topic)).Append('\n');
            d.Append("    kind: sources\n"); // each side is a different generated report
            d.Append("    about: [").Append(string.Join(", ", x.About.Select(e => e.Id))).Append("]\n");
            d.Append("    claims: [").Append(string.Join(", ", x.Claims.Select(c => c.Id))).Append("]\n");
            if (x.Note is not null) Yaml.Text(d, 4, "note", x.Note);
            d.Append('\n');
        }
        File.WriteAllText(Path.Combine(content, "disagreements.yaml"), d.ToString(), Utf8);

        var b = new StringBuilder("book:\n");
        b.Append("  title: ").Append(Yaml.Q(book.Title)).Append('\n');
        Yaml.Literal(b, 2, "summary", book.Summary);
        b.Append("  key_facts:\n");
        foreach (var c in book.KeyFacts) b.Append("    - ").Append(c.Id).Append('\n');
        File.WriteAllText(Path.Combine(content, "book.yaml"), b.ToString(), Utf8);
    }

    private static string SourceFile(Article a, IEnumerable<Claim> claims)
    {
        var sb = new StringBuilder("sources:\n");
        sb.Append("  - id: ").Append(a.Id).Append('\n');
        sb.Append("    outlet: ").Append(Yaml.Q(a.Outlet)).Append('\n');
        sb.Append("    headline: ").Append(Yaml.Q(a.Headline)).Append('\n');
        if (a.Url is not null) sb.Append("    url: ").Append(a.Url).Append('\n');
        sb.Append("    published: ").Append(Yaml.Q(a.Published.Edtf)).Append('\n');
        if (a.PublishedNote is not null) Yaml.Text(sb, 4, "published_note", a.PublishedNote);
        if (a.Dateline is not null) sb.Append("    dateline: ").Append(Yaml.Q(a.Dateline)).Append('\n');
        sb.Append("    boilerplate:\n");
        foreach (var r in a.Boilerplate)
            sb.Append("      - { lines: ").Append(r.Text).Append(", reason: ").Append(Yaml.Q(r.Reason)).Append(" }\n");
        if (a.Uncited.Count > 0)
        {
            sb.Append("    uncited:\n");
            foreach (var (quote, reason) in a.Uncited)
                sb.Append("      - quote: ").Append(Yaml.Q(quote)).Append("\n        reason: ").Append(Yaml.Q(reason)).Append('\n');
        }
        sb.Append("\nclaims:\n");
        foreach (var c in claims)
        {
            sb.Append("  - id: ").Append(c.Id).Append('\n');
            Yaml.Text(sb, 4, "text", c.Text);
            sb.Append("    about: [").Append(string.Join(", ", c.About.Select(e => e.Id))).Append("]\n");
            if (c.Date is not null) sb.Append("    date: ").Append(Yaml.Q(c.Date.Edtf)).Append('\n');
            if (c.DateNote is not null) Yaml.Text(sb, 4, "date_note", c.DateNote);
            if (c.AccordingTo is not null) sb.Append("    according_to: ").Append(Yaml.Q(c.AccordingTo)).Append('\n');
            if (c.Planned) sb.Append("    planned: true\n");
            Cites(sb, c.Cites);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static void Entity(StringBuilder sb, Entity e)
    {
        sb.Append("  - id: ").Append(e.Id).Append('\n');
        sb.Append("    name: ").Append(Yaml.Q(e.Name)).Append('\n');
        if (e.Role is not null) sb.Append("    role: ").Append(Yaml.Q(e.Role)).Append('\n');
        if (e.Country is not null) sb.Append("    country: ").Append(Yaml.Q(e.Country)).Append('\n');
        if (e.Date is not null) sb.Append("    date: ").Append(Yaml.Q(e.Date.Edtf)).Append('\n');
        if (e.Status is not null) sb.Append("    status: ").Append(Yaml.Q(e.Status)).Append('\n');
        if (e.Place is not null) sb.Append("    place: ").Append(Yaml.Q(e.Place)).Append('\n');
        if (e.Format is not null) sb.Append("    format: ").Append(Yaml.Q(e.Format)).Append('\n');
        if (e.Participants.Count > 0) sb.Append("    participants: [").Append(string.Join(", ", e.Participants.Select(p => p.Id))).Append("]\n");
        if (e.Aliases.Count > 0)
        {
            sb.Append("    aliases:\n");
            foreach (var a in e.Aliases)
            {
                if (a.UsedBy is null && a.Note is null) { sb.Append("      - ").Append(Yaml.Q(a.Name)).Append('\n'); continue; }
                sb.Append("      - { name: ").Append(Yaml.Q(a.Name));
                if (a.UsedBy is not null) sb.Append(", used_by: ").Append(Yaml.Q(a.UsedBy));
                if (a.Note is not null) sb.Append(", note: ").Append(Yaml.Q(a.Note));
                sb.Append(" }\n");
            }
        }
        Yaml.Text(sb, 4, "summary", e.Summary);
        if (e.SummaryCites.Count > 0) Cites(sb, e.SummaryCites);
        if (e.Related.Count > 0) sb.Append("    related: [").Append(string.Join(", ", e.Related)).Append("]\n");
        sb.Append('\n');
    }

    private static void Cites(StringBuilder sb, IEnumerable<Cite> cites)
    {
        sb.Append("    cite:\n");
        foreach (var c in cites)
            sb.Append("      - source: ").Append(c.Source.Id).Append("\n        quote: ").Append(Yaml.Q(c.Quote)).Append('\n');
    }

    /// <summary>Empties a folder the generator owns, so a re-run never leaves files of a larger book behind.</summary>
    public static void Fresh(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
    }
}
