using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Verification;
using RussiaJapanBriefing.Verification.Wording;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Render phase: turns the verified book into pages. C# prepares plain view models with relative hrefs;
/// the theme's templates decide all markup.
/// </summary>
public sealed class SiteRenderer(BriefingBook book, Theme theme, IOutputSink site, Uri? baseUrl = null, bool liveReload = false)
{
    private const int LatestCount = 6;

    private readonly ContestedVocabulary _vocabulary = new(book.ContestedTerms);

    /// <summary>Renders every page into the writer; problems go to <paramref name="diagnostics"/>.</summary>
    public void RenderAll(DiagnosticBag diagnostics)
    {
        // Every page is independent (its own PageBuilder and template context; the book is read-only, and each
        // page goes to its own file), so pages render in parallel, in any order, without changing a byte.
        var pages = new List<Action>
        {
            () => Index(diagnostics),
            () => Chronology(diagnostics),
            () => SourcesIndex(diagnostics),
        };
        if (theme.Has("404.html")) pages.Add(() => NotFound(diagnostics));
        if (theme.Has("search.html")) pages.Add(() => Search(diagnostics));
        if (theme.Has("print.html")) pages.Add(() => PrintBook(diagnostics));
        pages.AddRange(book.Sources.Select(s => (Action)(() => SourcePage(s, diagnostics))));
        foreach (var kind in EntityKinds.All)
        {
            var entities = book.Entities.Where(e => e.Kind == kind).ToList();
            pages.Add(() => KindIndex(kind, entities, diagnostics));
            pages.AddRange(entities.Select((e, i) => (Action)(() =>
                EntityPage(e, i > 0 ? entities[i - 1] : null, i < entities.Count - 1 ? entities[i + 1] : null, diagnostics))));
        }
        pages.AsParallel().ForAll(render => render());
    }

    private void NotFound(DiagnosticBag diagnostics)
    {
        // A host serves 404.html for a missing address at any depth, so its links are absolute when they can be.
        var page = new PageBuilder(book, _vocabulary, SiteLayout.NotFound, baseUrl, absoluteLinks: true);
        Render(page, "404.html", "Page not found", new ScriptObject { ["kinds"] = Kinds(page) }, [], diagnostics);
    }

    private void Index(DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.Home);
        var model = new ScriptObject
        {
            ["summary_html"] = MarkdownRenderer.Block(book.Summary),
            ["summary_terms"] = page.Terms(book.Summary),
            ["key_facts"] = book.KeyFacts.Select(page.Claim).ToList(),
            ["kinds"] = Kinds(page),
            ["latest"] = book.Chronology.Reverse().Take(LatestCount).Select(page.Claim).ToList(),
            ["sources"] = SourceLinks(page),
            ["disagreements"] = book.Disagreements.Select(d => page.Link(SiteLayout.Disagreement(book, d), d.Topic)
                with { SourcesDiffer = d.Kind == DisagreementKind.Sources, PositionsDiffer = d.Kind == DisagreementKind.Positions }).ToList(),
            ["structured_data"] = StructuredData.Website(book, page.Identifier),
        };
        Render(page, "index.html", book.Title, model, [], diagnostics);
    }

    private void Chronology(DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.Chronology);
        var years = book.Chronology.GroupBy(c => c.Date!.Year)
            .Select(g => new YearView(g.Key, g.Select(page.Claim).ToList())).ToList();
        Render(page, "chronology.html", "Chronology", new ScriptObject { ["years"] = years }, [], diagnostics);
    }

    private void SourcesIndex(DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.SourcesIndex);
        Render(page, "sources.html", "Sources", new ScriptObject { ["sources"] = SourceLinks(page) },
            [page.Link(SiteLayout.Home, "Home")], diagnostics);
    }

    private void KindIndex(EntityKind kind, IReadOnlyList<Entity> entities, DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.KindIndex(kind));
        var model = new ScriptObject
        {
            ["kind"] = kind.Title(),
            ["entities"] = entities.Select(e => page.EntityLink(e.Id) with { Detail = Plain(e.Summary) }).ToList(),
        };
        Render(page, "kind.html", kind.Title(), model, [page.Link(SiteLayout.Home, "Home")], diagnostics);
    }

    private void Search(DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.Search);
        Render(page, "search.html", "Search", new ScriptObject { ["index"] = page.Href(SiteLayout.SearchIndex) },
            [page.Link(SiteLayout.Home, "Home")], diagnostics);
    }

    /// <summary>The whole book on one page, for printing as a single briefing paper with one set of endnotes.</summary>
    private void PrintBook(DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.Print);
        var model = new ScriptObject
        {
            ["summary_html"] = MarkdownRenderer.Block(book.Summary),
            ["summary_terms"] = page.Terms(book.Summary),
            ["key_facts"] = book.KeyFacts.Select(page.Claim).ToList(),
            ["kinds"] = EntityKinds.All
                .Select(kind => (kind, entities: book.Entities.Where(e => e.Kind == kind).ToList()))
                .Where(k => k.entities.Count > 0)
                .Select(k => new ScriptObject
                {
                    ["title"] = k.kind.Title(),
                    ["section"] = k.kind.Section(),
                    ["entities"] = k.entities.Select(e => new ScriptObject
                    {
                        ["entity"] = EntityFields(page, e),
                        ["claims"] = ByDate(book.ClaimsAbout[e.Id]).Select(page.Claim).ToList(),
                    }).ToList(),
                }).ToList(),
            ["chronology"] = book.Chronology.Select(page.Claim).ToList(),
        };
        Render(page, "print.html", "The full briefing", model, [page.Link(SiteLayout.Home, "Home")], diagnostics);
    }

    private static IEnumerable<Claim> ByDate(IEnumerable<Claim> claims) =>
        claims.OrderBy(c => c.Date is null ? 0 : 1).ThenBy(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal);

    private void EntityPage(Entity entity, Entity? previous, Entity? next, DiagnosticBag diagnostics)
    {
        var page = NewPage(entity.Url);
        var claims = book.ClaimsAbout[entity.Id].ToList();
        var model = new ScriptObject
        {
            ["entity"] = EntityFields(page, entity),
            ["differences"] = book.DisagreementsAbout[entity.Id].Select(d => new DisagreementView(d.Id, d.Topic, d.Kind.ToString().ToLowerInvariant(),
                d.Note is null ? null : MarkdownRenderer.Block(d.Note), d.Claims.Select(id => page.Claim(book.ClaimById[id])).ToList(),
                d.Note is null ? [] : page.Terms(d.Note))).ToList(),
            ["claims"] = claims.Where(c => c.Date is null).Select(page.Claim).ToList(),
            ["timeline"] = claims.Where(c => c.Date is not null).OrderBy(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal).Select(page.Claim).ToList(),
            ["meetings"] = book.MeetingsWith[entity.Id].Select(m => page.EntityLink(m.Id) with { Detail = m.Date?.Display() }).ToList(),
            ["related"] = entity.Related.Select(id => page.EntityLink(id)).ToList(),
            ["mentioned_in"] = book.MentionedBy[entity.Id].Select(e => page.EntityLink(e.Id)).ToList(),
            ["structured_data"] = StructuredData.Entity(book, entity, claims, page.Identifier),
            ["previous"] = previous is null ? null : page.EntityLink(previous.Id),
            ["next"] = next is null ? null : page.EntityLink(next.Id),
        };
        // A theme may give a kind its own layout ("island.html"); otherwise every kind uses "entity.html".
        var kindTemplate = entity.Kind.Singular().ToLowerInvariant() + ".html";
        Render(page, theme.Has(kindTemplate) ? kindTemplate : "entity.html", entity.Name, model,
            [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.KindIndex(entity.Kind), entity.Kind.Title())], diagnostics);
    }

    private ScriptObject EntityFields(PageBuilder page, Entity entity) => new()
    {
        ["id"] = entity.Id,
        ["name"] = entity.Name,
        ["kind"] = entity.Kind.Singular(),
        ["sources_differ"] = book.DisagreementsAbout[entity.Id].Any(d => d.Kind == DisagreementKind.Sources),
        ["positions_differ"] = book.DisagreementsAbout[entity.Id].Any(d => d.Kind == DisagreementKind.Positions),
        ["summary_html"] = MarkdownRenderer.Block(entity.Summary),
        ["summary_terms"] = page.Terms(entity.Summary),
        ["summary_notes"] = (entity.SummaryCitations ?? []).Select(page.Note).ToList(),
        ["aliases"] = entity.Aliases,
        ["role"] = entity.Role,
        ["country"] = entity.Country,
        ["date"] = entity.Date?.Display(),
        ["date_iso"] = entity.Date?.ToString(),
        ["status"] = entity.Status,
        ["place"] = entity.Place,
        ["format"] = entity.Format,
        ["participants"] = (entity.Participants ?? []).Select(id => page.EntityLink(id)).ToList(),
    };

    private void SourcePage(Source source, DiagnosticBag diagnostics)
    {
        var page = NewPage(source.Url);
        var info = source.Info;
        var model = new ScriptObject
        {
            ["source"] = new ScriptObject
            {
                ["id"] = source.Id,
                ["file"] = Path.GetFileName(source.Path),
                ["title"] = source.Title,
                ["annotated"] = info is not null,
                ["outlet"] = info?.Outlet,
                ["url"] = info?.Url,
                ["published"] = info?.Published.Display(),
                ["published_iso"] = info?.Published.ToString(),
                ["published_note"] = info?.PublishedNote,
                ["dateline"] = info?.Dateline,
            },
            ["blocks"] = SourceBlocks(source, page),
            ["coverage"] = info is null ? null : Coverage.Measure(book, source),
            ["structured_data"] = StructuredData.Source(source, page.Identifier),
        };
        Render(page, "source.html", source.Title, model,
            [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.SourcesIndex, "Sources")], diagnostics);
    }

    private IReadOnlyList<SourceBlockView> SourceBlocks(Source source, PageBuilder page)
    {
        var passages = book.PassagesBySource[source.Id].ToList();
        var blocks = new List<SourceBlockView>();
        var current = new List<SourceLineView>();
        LineRange? currentRange = null;
        foreach (var line in source.Lines())
        {
            if (current.Count > 0 && line.Boilerplate != currentRange)
            {
                blocks.Add(new SourceBlockView(currentRange is not null, currentRange?.Reason, current));
                current = [];
            }
            currentRange = line.Boilerplate;
            if (source.Text.AsSpan(line.Start, line.End - line.Start).Trim().Length > 0)
                current.Add(Line(line.Number, line.Start, line.End, source.Text, passages, page));
        }
        if (current.Count > 0) blocks.Add(new SourceBlockView(currentRange is not null, currentRange?.Reason, current));
        return blocks;
    }

    private SourceLineView Line(int number, int start, int end, string text, IReadOnlyList<Passage> passages, PageBuilder page)
    {
        var touching = passages.Where(p => p.Start < end && p.End > start).ToList();
        var cuts = touching.SelectMany(p => new[] { p.Start, p.End }).Where(o => o > start && o < end)
            .Append(start).Append(end).Distinct().Order().ToList();
        var segments = new List<SegmentView>();
        for (var i = 0; i < cuts.Count - 1; i++)
        {
            var (a, b) = (cuts[i], cuts[i + 1]);
            segments.Add(new SegmentView(text[a..b],
                touching.Any(p => p.Start <= a && p.End >= b),
                touching.Where(p => p.Start == a).Select(p => p.Anchor).ToList()));
        }
        var starting = touching.Where(p => p.Start >= start && p.Start < end)
            .Select(p => new PassageView(p.Anchor, text[p.Start..p.End],
                book.ClaimsByPassage[p].Select(page.ClaimLink)
                    .Concat(book.SummariesByPassage[p].Select(e => page.Link(e.Url, $"Summary of {e.Name}"))).ToList()))
            .ToList();
        return new SourceLineView(number, segments, starting);
    }

    private IReadOnlyList<KindView> Kinds(PageBuilder page) =>
        EntityKinds.All.Select(kind => new KindView(kind.Title(), kind.Section(),
                page.Link(SiteLayout.KindIndex(kind), kind.Title()),
                book.Entities.Where(e => e.Kind == kind).Select(e => page.EntityLink(e.Id)).ToList()))
            .Where(k => k.Entities.Count > 0).ToList();

    private IReadOnlyList<LinkView> SourceLinks(PageBuilder page) =>
        book.Sources.Select(s => page.Link(s.Url, s.Title,
            s.Info is null ? "not yet annotated" : $"{s.Info.Outlet}, {s.Info.Published.Display()}")).ToList();

    private void Render(PageBuilder page, string template, string title, ScriptObject model,
        IReadOnlyList<LinkView> breadcrumbs, DiagnosticBag diagnostics)
    {
        model["page"] = new ScriptObject
        {
            ["title"] = title,
            ["path"] = page.Path,
            ["root"] = page.Root,
            ["breadcrumbs"] = breadcrumbs,
            ["canonical"] = page.Path == SiteLayout.NotFound ? null : page.Absolute(page.Path),
            ["print_title"] = CssString(title),
        };
        if (!model.ContainsKey("structured_data")) model["structured_data"] = null;
        model["site"] = new ScriptObject
        {
            ["title"] = book.Title,
            ["home"] = page.Link(SiteLayout.Home, "Home"),
            ["chronology"] = page.Link(SiteLayout.Chronology, "Chronology"),
            ["sources"] = page.Link(SiteLayout.SourcesIndex, "Sources"),
            ["kinds"] = EntityKinds.All.Select(k => page.Link(SiteLayout.KindIndex(k), k.Title())).ToList(),
            ["feed"] = page.Absolute(SiteLayout.Feed),
            ["stylesheet"] = page.Href(SiteLayout.Stylesheet),
            ["script"] = page.Href(SiteLayout.Script),
            ["data"] = page.Href(SiteLayout.BookData),
            ["live_reload"] = liveReload,
            ["search"] = page.Href(SiteLayout.Search),
            ["print"] = page.Href(SiteLayout.Print),
            ["edition"] = book.Edition is null ? null : $"Sources to {book.Edition.Display()}",
            ["print_edition"] = CssString(book.Edition is null ? book.Title : $"{book.Title} · sources to {book.Edition.Display()}"),
        };
        model["notes"] = page.Notes;
        // The model is complete here (rendering adds nothing but markup), so it and the theme decide the page:
        // when both are as they were for the file already written, that file is reused without rendering.
        // Only a cached build needs it, and serialising the model is not free.
        var fingerprint = site.Caches ? ModelFingerprint.Of(theme.Fingerprint, template, model) : "";
        if (site.TryKeep(page.Path, fingerprint)) return;
        site.Write(page.Path, fingerprint, output => theme.RenderPage(template, model, output, diagnostics));
    }

    private PageBuilder NewPage(string path) => new(book, _vocabulary, path, baseUrl);

    /// <summary>A quoted CSS string for the print header; angle brackets are escaped so it can never close its style element.</summary>
    private static string CssString(string text)
    {
        var escaped = new System.Text.StringBuilder("\"");
        foreach (var c in text)
            escaped.Append(c switch
            {
                '"' or '\\' => "\\" + c,
                '<' or '>' or '&' => $"\\{(int)c:X} ",
                _ when char.IsControl(c) => "\\A ",
                _ => c.ToString(),
            });
        return escaped.Append('"').ToString();
    }

    private static string Plain(string markdown)
    {
        var text = MarkdownRenderer.Plain(markdown).ReplaceLineEndings(" ");
        return text.Length <= 160 ? text : text[..157] + "…";
    }
}
