using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyntheticBook;

/// <summary>
/// The same book as a Hugo site with the same pages: home, chronology, a list per kind and of sources, a page
/// per entity and per source. Content is Markdown with YAML front matter. Hugo has no quote matching or
/// cross-referencing of its own, so the joins our engine computes (which claims are about an entity, each
/// citation's source and anchor, backlinks) are precomputed here, as a Hugo site of this book would need them:
/// every claim once in <c>data/claims.json</c> (keyed by id, with its citations), and pages list claim ids that
/// the templates look up (<c>index site.Data.claims $id</c>). The chronology is <c>data/chronology.json</c>.
/// Layouts and config come from bench/hugo/, embedded in this tool.
/// </summary>
public static class HugoWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class Fm : List<KeyValuePair<string, object?>>
    {
        public object? this[string key] { set => Add(new(key, value)); }
    }

    public static void Write(Book book, string root)
    {
        Directory.CreateDirectory(root);
        foreach (var owned in new[] { "content", "data", "layouts", "static", "public", "resources" })
            if (Directory.Exists(Path.Combine(root, owned))) Directory.Delete(Path.Combine(root, owned), recursive: true);
        WriteSkeleton(root, book.Title);

        var content = Path.Combine(root, "content");
        var claimViews = book.Claims.ToDictionary(c => c, c => (object)c.Id);
        var claimsAbout = book.Claims.SelectMany(c => c.About.Select(e => (e, c))).ToLookup(x => x.e, x => x.c);
        var differencesAbout = book.Disagreements.SelectMany(d => d.About.Select(e => (e, d))).ToLookup(x => x.e, x => x.d);
        var mentionedBy = book.Catalog.All.SelectMany(e => e.Related.Select(r => (r, e))).ToLookup(x => x.r, x => x.e);
        var meetingsWith = book.Catalog.Meetings.SelectMany(m => m.Participants.Select(p => (p, m))).ToLookup(x => x.p, x => x.m);
        var byId = book.Catalog.All.ToDictionary(e => e.Id);

        // Home.
        Page(Path.Combine(content, "_index.md"), new Fm
        {
            ["title"] = book.Title,
            ["book_summary"] = book.Summary,
            ["key_facts"] = book.KeyFacts.Select(c => claimViews[c]).ToList(),
            ["latest"] = Chronology(book).TakeLast(6).Reverse().Select(c => claimViews[c]).ToList(),
            ["disagreements"] = book.Disagreements.Select(d => Link($"/{d.About[0].Url}#differ-{d.Id}", d.Topic)).ToList(),
        }, "");

        // Chronology: one page over a data file of every dated claim, grouped by year.
        Page(Path.Combine(content, "chronology.md"), new Fm { ["title"] = "Chronology", ["layout"] = "chronology" }, "");
        var years = Chronology(book).GroupBy(c => c.Date!.First.Year)
            .Select(g => new Fm { ["year"] = g.Key, ["claims"] = g.Select(c => c.Id).ToList() }).ToList();
        Directory.CreateDirectory(Path.Combine(root, "data"));
        File.WriteAllText(Path.Combine(root, "data", "chronology.json"), ToJson(new Fm { ["years"] = years })!.ToJsonString(Json), Utf8);
        File.WriteAllText(Path.Combine(root, "data", "claims.json"),
            new JsonObject(book.Claims.Select(c => KeyValuePair.Create(c.Id, ToJson(ClaimView(c))))).ToJsonString(Json), Utf8);

        // The whole book on one page for printing, and the search page, as our default theme has them.
        Page(Path.Combine(content, "print.md"), new Fm { ["title"] = $"{book.Title}: the full briefing", ["layout"] = "print" }, "");
        Page(Path.Combine(content, "search.md"), new Fm { ["title"] = "Search", ["layout"] = "search" }, "");

        // Kind lists and entity pages.
        foreach (var kind in Kinds.All)
        {
            Page(Path.Combine(content, kind.Section(), "_index.md"), new Fm { ["title"] = kind.Title() }, "");
            foreach (var e in book.Catalog.All.Where(e => e.Kind == kind))
            {
                var claims = claimsAbout[e].Distinct().ToList();
                Page(Path.Combine(content, kind.Section(), e.Id + ".md"), new Fm
                {
                    ["title"] = e.Name,
                    ["entity_kind"] = kind.Singular(),
                    ["lede"] = e.Summary,
                    ["summary_notes"] = e.SummaryCites.Select((c, i) => Note(c, i + 1)).ToList(),
                    ["role"] = e.Role,
                    ["country"] = e.Country,
                    ["when"] = e.Date?.Display,
                    ["when_iso"] = e.Date?.Edtf,
                    ["status"] = e.Status,
                    ["place"] = e.Place,
                    ["format"] = e.Format,
                    ["participants"] = e.Participants.Select(p => Link("/" + p.Url, p.Name)).ToList(),
                    ["alt_names"] = e.Aliases.Select(a => new Fm { ["name"] = a.Name, ["used_by"] = a.UsedBy, ["note"] = a.Note }).ToList(),
                    ["differences"] = differencesAbout[e].Select(d => new Fm
                    {
                        ["id"] = d.Id,
                        ["topic"] = d.Topic,
                        ["note"] = d.Note,
                        ["claims"] = d.Claims.Select(c => claimViews[c]).ToList(),
                    }).ToList(),
                    ["claims"] = claims.Where(c => c.Date is null).Select(c => claimViews[c]).ToList(),
                    ["timeline"] = claims.Where(c => c.Date is not null).OrderBy(c => c.Date!.First).ThenBy(c => c.Date!.Last).ThenBy(c => c.Id, StringComparer.Ordinal)
                        .Select(c => claimViews[c]).ToList(),
                    ["meetings"] = meetingsWith[e].Select(m => Link("/" + m.Url, m.Name, m.Date?.Display)).ToList(),
                    ["related"] = e.Related.Select(id => byId[id]).Select(r => Link("/" + r.Url, r.Name, r.Kind.Singular())).ToList(),
                    ["mentioned_in"] = mentionedBy[e.Id].Select(r => Link("/" + r.Url, r.Name, r.Kind.Singular())).ToList(),
                }, "");
            }
        }

        // Sources: the article text as the page body, the cited passages and the claims citing each in front matter.
        var citing = book.Claims.SelectMany(c => c.Cites.Select(ci => (ci, Link($"/{c.About[0].Url}#claim-{c.Id}", Text.Plain(c.Text)))))
            .Concat(book.Catalog.All.SelectMany(e => e.SummaryCites.Select(ci => (ci, Link("/" + e.Url, $"Summary of {e.Name}")))))
            .ToLookup(x => x.ci.Source, x => x);
        Page(Path.Combine(content, "sources", "_index.md"), new Fm { ["title"] = "Sources" }, "");
        foreach (var a in book.Articles)
        {
            var passages = citing[a].GroupBy(x => (x.ci.Start, x.ci.End)).OrderBy(g => g.Key.Start).ThenBy(g => g.Key.End)
                .Select(g => new Fm
                {
                    ["anchor"] = g.First().ci.Anchor,
                    ["quote"] = a.Text[g.Key.Start..g.Key.End],
                    ["claims"] = g.Select(x => x.Item2).ToList(),
                }).ToList();
            var body = new StringBuilder();
            foreach (var (line, boilerplate) in a.Lines)
                if (!boilerplate && line.Length > 0) body.Append(line).Append("\n\n");
            Page(Path.Combine(content, "sources", a.Id + ".md"), new Fm
            {
                ["title"] = a.Headline,
                ["outlet"] = a.Outlet,
                ["published"] = a.Published.Display,
                ["published_iso"] = a.Published.Edtf,
                ["published_note"] = a.PublishedNote,
                ["dateline"] = a.Dateline,
                ["original"] = a.Url,
                ["file"] = a.Id + ".txt",
                ["boilerplate"] = a.Boilerplate.Select(r => new Fm
                {
                    ["lines"] = r.Text,
                    ["reason"] = r.Reason,
                    ["text"] = a.Lines.Skip(r.First - 1).Take((r.Last ?? a.Lines.Count) - r.First + 1).Where(l => l.Boilerplate).Select(l => l.Text).ToList(),
                }).ToList(),
                ["passages"] = passages,
            }, body.ToString());
        }
    }

    private static IEnumerable<Claim> Chronology(Book book) =>
        book.Claims.Where(c => c.Date is not null).OrderBy(c => c.Date!.First).ThenBy(c => c.Date!.Last).ThenBy(c => c.Id, StringComparer.Ordinal);

    private static Fm ClaimView(Claim c) => new()
    {
        ["id"] = c.Id,
        ["anchor"] = $"claim-{c.Id}",
        ["text"] = c.Text,
        ["date"] = c.Date?.Display,
        ["date_iso"] = c.Date?.Edtf,
        ["date_note"] = c.DateNote,
        ["according_to"] = c.AccordingTo,
        ["planned"] = c.Planned,
        ["notes"] = c.Cites.Select((ci, i) => Note(ci, i + 1)).ToList(),
        ["about"] = c.About.Select(e => Link("/" + e.Url, e.Name, e.Kind.Singular())).ToList(),
    };

    private static Fm Note(Cite c, int n) => new()
    {
        ["n"] = n,
        ["href"] = $"/{c.Source.Page}#{c.Anchor}",
        ["quote"] = c.Quote,
        ["outlet"] = c.Source.Outlet,
        ["source_title"] = c.Source.Headline,
        ["source_href"] = "/" + c.Source.Page,
        ["published"] = c.Source.Published.Display,
    };

    private static Fm Link(string href, string title, string? detail = null) => new() { ["href"] = href, ["title"] = title, ["detail"] = detail };

    // JSON nodes rather than the reflection serialiser, so that the tool compiles natively (see the project file).
    private static JsonNode? ToJson(object? v) => v switch
    {
        null => null,
        Fm m => new JsonObject(m.Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        System.Collections.IList l => new JsonArray([.. l.Cast<object?>().Select(ToJson)]),
        string t => JsonValue.Create(t),
        int n => JsonValue.Create(n),
        bool b => JsonValue.Create(b),
        _ => throw new NotSupportedException($"no JSON form for {v.GetType()}"),
    };

    private static void Page(string path, Fm frontMatter, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sb = new StringBuilder("---\n");
        Yaml.Map(sb, frontMatter, 0);
        sb.Append("---\n").Append(body);
        File.WriteAllText(path, sb.ToString(), Utf8);
    }

    private static void WriteSkeleton(string root, string title)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("hugo/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(root, name["hugo/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Utf8);
            var text = reader.ReadToEnd();
            if (name == "hugo/hugo.toml") text = text.Replace("__TITLE__", title.Replace("\"", "\\\""));
            File.WriteAllText(target, text, Utf8);
        }
    }
}
