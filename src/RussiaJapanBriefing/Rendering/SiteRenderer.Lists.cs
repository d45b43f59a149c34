using RussiaJapanBriefing.Model;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>The front page, the 404 page and the list pages: chronology, sources, each kind, search.</summary>
public sealed partial class SiteRenderer
{
    private void NotFound(DiagnosticBag diagnostics)
    {
        // A host serves 404.html for a missing address at any depth, so its links are absolute when they can be.
        var page = new PageContext(book, _vocabulary, _originals, SiteLayout.NotFound, baseUrl, absoluteLinks: true);
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
            ["latest"] = book.Latest.Select(page.Claim).ToList(),
            // The front page lists what a small book has in full, and in a big book the first page of it.
            ["sources"] = SourceLinks(page, book.Pages.SourcePages[0].Items),
            ["sources_more"] = book.Pages.SourcePages.Count > 1 ? page.Link(SiteLayout.SourcesIndex, $"All {book.Sources.Count} sources") : null,
            ["disagreements"] = book.Disagreements.Take(BookPages.ListPageSize).Select(d => page.Link(SiteLayout.Disagreement(book, d), d.Topic)
                with
            { SourcesDiffer = d.Kind == DisagreementKind.Sources, PositionsDiffer = d.Kind == DisagreementKind.Positions }).ToList(),
            ["disagreements_more"] = Math.Max(0, book.Disagreements.Count - BookPages.ListPageSize),
            ["structured_data"] = StructuredData.Website(book, page.Identifier),
        };
        Render(page, "index.html", book.Title, model, [], diagnostics);
    }

    private void Chronology(DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.Chronology);
        // Once too big for one page, the chronology is an index of its year pages.
        var parts = book.Pages.ChronologyParts;
        var years = parts is not null ? [] : book.Chronology.GroupBy(c => c.Date!.Year)
            .Select(g => new YearView(g.Key, g.Select(page.Claim).ToList())).ToList();
        Render(page, "chronology.html", "Chronology", new ScriptObject
        {
            ["years"] = years,
            ["record"] = parts is null ? [] : RecordYears(page, parts),
        }, [], diagnostics);
    }

    private void SourcesIndex(DiagnosticBag diagnostics)
    {
        var pages = book.Pages.SourcePages;
        foreach (var (list, i) in pages.Select((p, i) => (p, i)))
        {
            var page = NewPage(list.Path);
            Render(page, "sources.html", i == 0 ? "Sources" : $"Sources, page {i + 1}", new ScriptObject
            {
                ["sources"] = SourceLinks(page, list.Items),
                ["pager"] = ListPager(page, pages),
            }, i == 0 ? [page.Link(SiteLayout.Home, "Home")] : [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.SourcesIndex, "Sources")], diagnostics);
        }
    }

    private void KindIndex(EntityKind kind, DiagnosticBag diagnostics)
    {
        var pages = book.Pages.KindPages(kind);
        foreach (var (list, i) in pages.Select((p, i) => (p, i)))
        {
            var page = NewPage(list.Path);
            var model = new ScriptObject
            {
                ["kind"] = i == 0 ? kind.Title() : $"{kind.Title()}, page {i + 1}",
                ["entities"] = list.Items.Select(e => page.EntityLink(e.Id) with { Detail = Plain(e.Summary) }).ToList(),
                ["pager"] = ListPager(page, pages),
            };
            Render(page, "kind.html", i == 0 ? kind.Title() : $"{kind.Title()}, page {i + 1}", model,
                i == 0 ? [page.Link(SiteLayout.Home, "Home")] : [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.KindIndex(kind), kind.Title())], diagnostics);
        }
    }

    /// <summary>The numbered pages of a list, or null while it has one page.</summary>
    private static IReadOnlyList<PageLinkView>? ListPager<T>(PageContext page, IReadOnlyList<ListPage<T>> pages) =>
        pages.Count < 2 ? null : Pager(page, pages.Select((p, i) => (p.Path, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private void Search(DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.Search);
        Render(page, "search.html", "Search", new ScriptObject { ["index"] = page.Href(SiteLayout.SearchIndex) },
            [page.Link(SiteLayout.Home, "Home")], diagnostics);
    }
}
