using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Verification.Wording;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// A page of a <see cref="SiteRenderer.Plan"/>: its address, and how a renderer makes it from the renderer's book.
/// </summary>
public readonly record struct PlannedPage(string Path, Action<SiteRenderer, DiagnosticBag> Render);

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
    public void RenderAll(DiagnosticBag diagnostics) => Render(Plan(diagnostics), diagnostics);

    /// <summary>
    /// Every page of the site, by address, each with how to render it. A page names the records it shows by id, never
    /// by instance, so that <c>serve</c> may keep a plan for the next book (see <see cref="PlannedPage"/>). Its
    /// diagnostics are errors (a missing template), so a plan that reported any is never published, nor kept.
    /// </summary>
    public List<PlannedPage> Plan(DiagnosticBag diagnostics)
    {
        var pages = new List<PlannedPage>
        {
            Page(SiteLayout.Home, static (r, d) => r.Index(d)),
            Page(SiteLayout.Chronology, static (r, d) => r.Chronology(d)),
            Page(SiteLayout.SourcesIndex, static (r, d) => r.SourcesIndex(d)),
        };
        if (theme.Has("404.html")) pages.Add(Page(SiteLayout.NotFound, static (r, d) => r.NotFound(d)));
        if (theme.Has("search.html")) pages.Add(Page(SiteLayout.Search, static (r, d) => r.Search(d)));
        if (theme.Has("print.html")) pages.AddRange(PrintPages());
        foreach (var source in book.Sources)
        {
            var id = source.Id;
            pages.Add(Page(source.Url, (r, d) => r.SourcePage(r.PlannedSource(id), d)));
        }
        // A big book's further pages (year pages, further pages of lists) need a template that older themes lack.
        var parts = PartPages().ToList();
        if (parts.Count > 0 && !theme.Has("part.html"))
            diagnostics.Report(Codes.MissingTemplate, new Location(PathDisplay.Relative(theme.TemplatesDirectory)),
                "the book is too big for one page per topic, list and chronology, and the theme has no template 'part.html' for the further pages",
                "copy part.html and partials/pager.html from themes/default/templates");
        else
            pages.AddRange(parts);
        foreach (var kind in EntityKinds.All)
        {
            var entities = book.Entities.Where(e => e.Kind == kind).ToList();
            pages.Add(Page(SiteLayout.KindIndex(kind), (r, d) => r.KindIndex(kind, d)));
            for (var i = 0; i < entities.Count; i++)
            {
                var (id, previous, next) = (entities[i].Id, i > 0 ? entities[i - 1].Id : null, i < entities.Count - 1 ? entities[i + 1].Id : null);
                pages.Add(Page(entities[i].Url, (r, d) => r.EntityPage(r.PlannedEntity(id)!, r.PlannedEntity(previous), r.PlannedEntity(next), d)));
            }
        }
        return pages;
    }

    /// <summary>Renders <paramref name="pages"/> (of a <see cref="Plan"/> of this book, or of one whose planning read the same) into the writer.</summary>
    public void Render(IList<PlannedPage> pages, DiagnosticBag diagnostics) =>
        // Every page is independent (its own PageContext and template context; the book is read-only, and each
        // page goes to its own file), so pages render in parallel, in any order, without changing a byte.
        // Handed out a few at a time, not split in fixed halves: pages differ a hundredfold in cost (a year of the
        // chronology, a source), and a core that finished its half early sat idle.
        System.Collections.Concurrent.Partitioner.Create(pages, loadBalance: true).AsParallel()
            .ForAll(page => site.Page(page.Path, () => page.Render(this, diagnostics)));

    private static PlannedPage Page(string path, Action<SiteRenderer, DiagnosticBag> render) => new(path, render);

    /// <summary>
    /// A record a page of the plan names, in this renderer's book. Not recorded as the page's read: the plan read the
    /// whole table it named it from (every page's read), so a book in which it is another record is planned afresh.
    /// </summary>
    private Entity? PlannedEntity(string? id) => id is null ? null : BookReads.Unrecorded(() => book.EntityById[id]);

    private Source PlannedSource(string id) => BookReads.Unrecorded(() => book.SourceById[id]);

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
