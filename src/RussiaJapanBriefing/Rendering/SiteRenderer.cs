using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Verification.Wording;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Render phase: turns the verified book into pages. C# prepares plain view models with relative hrefs;
/// the theme's templates decide all markup.
/// </summary>
/// <param name="briefs">The topics' briefs kept from earlier builds (<c>serve</c>'s); without it, a memo for this build alone.</param>
public sealed partial class SiteRenderer(BriefingBook book, Theme theme, IOutputSink site, Uri? baseUrl = null, bool liveReload = false, BriefMemo? briefs = null)
{
    private readonly BriefMemo _briefs = briefs ?? new();
    private readonly ContestedVocabulary _vocabulary = ContestedVocabulary.Of(book.ContestedTerms);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Passage, string?> _originals = new();

    /// <summary>Renders every page into the writer; problems go to <paramref name="diagnostics"/>.</summary>
    public void RenderAll(DiagnosticBag diagnostics)
    {
        // Every page is independent (its own PageContext and template context; the book is read-only, and each
        // page goes to its own file), so pages render in parallel, in any order, without changing a byte.
        // Each page is named by its address (Page), so an incremental build can keep it without building its model.
        var pages = new List<(string Path, Action Render)>
        {
            Page(SiteLayout.Home, () => Index(diagnostics)),
            Page(SiteLayout.Chronology, () => Chronology(diagnostics)),
            Page(SiteLayout.SourcesIndex, () => SourcesIndex(diagnostics)),
        };
        if (theme.Has("404.html")) pages.Add(Page(SiteLayout.NotFound, () => NotFound(diagnostics)));
        if (theme.Has("search.html")) pages.Add(Page(SiteLayout.Search, () => Search(diagnostics)));
        if (theme.Has("print.html")) pages.AddRange(PrintPages(diagnostics));
        pages.AddRange(book.Sources.Select(s => Page(s.Url, () => SourcePage(s, diagnostics))));
        // A big book's further pages (year pages, further pages of lists) need a template that older themes lack.
        var parts = PartPages(diagnostics).ToList();
        if (parts.Count > 0 && !theme.Has("part.html"))
            diagnostics.Report(Codes.MissingTemplate, new Location(PathDisplay.Relative(theme.TemplatesDirectory)),
                "the book is too big for one page per topic, list and chronology, and the theme has no template 'part.html' for the further pages",
                "copy part.html and partials/pager.html from themes/default/templates");
        else
            pages.AddRange(parts);
        foreach (var kind in EntityKinds.All)
        {
            var entities = book.Entities.Where(e => e.Kind == kind).ToList();
            pages.Add(Page(SiteLayout.KindIndex(kind), () => KindIndex(kind, diagnostics)));
            pages.AddRange(entities.Select((e, i) => Page(e.Url, () =>
                EntityPage(e, i > 0 ? entities[i - 1] : null, i < entities.Count - 1 ? entities[i + 1] : null, diagnostics))));
        }
        // Handed out a few at a time, not split in fixed halves: pages differ a hundredfold in cost (a year of the
        // chronology, a source), and a core that finished its half early sat idle.
        System.Collections.Concurrent.Partitioner.Create(pages, loadBalance: true).AsParallel().ForAll(page => site.Page(page.Path, page.Render));
    }

    /// <summary>
    /// A page to render, by its address; handed to the sink only when its turn comes. Not wrapped in a delegate of its
    /// own: a save plans every page (17,000 at 10,000 sources) and renders a few, and a wrapper per page was 1.7 MB of garbage.
    /// </summary>
    private static (string Path, Action Render) Page(string path, Action render) => (path, render);

    /// <summary>Each kind with the first page of its entities (all of them in a small book), for the front page.</summary>
    private IReadOnlyList<KindView> Kinds(PageContext page) =>
        EntityKinds.All.Select(kind => (kind, pages: book.Pages.KindPages(kind)))
            .Select(k => new KindView(k.kind.Title(), k.kind.Section(),
                page.Link(SiteLayout.KindIndex(k.kind), k.kind.Title()),
                k.pages[0].Items.Select(e => page.EntityLink(e.Id)).ToList(),
                k.pages.Count > 1 ? page.Link(SiteLayout.KindIndex(k.kind), $"All {k.pages.Sum(p => p.Items.Count)} {k.kind.Title().ToLowerInvariant()}") : null))
            .Where(k => k.Entities.Count > 0).ToList();

    private static IReadOnlyList<LinkView> SourceLinks(PageContext page, IEnumerable<Source> sources) =>
        sources.Select(s => page.Link(s.Url, s.Title,
            s.Info is null ? "not yet annotated" : $"{s.Info.Outlet}, {s.Info.Published.Display()}")).ToList();

    private void Render(PageContext page, string template, string title, ScriptObject model,
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

    private PageContext NewPage(string path) => new(book, _vocabulary, _originals, path, baseUrl);

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
