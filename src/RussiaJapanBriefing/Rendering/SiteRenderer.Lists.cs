using RussiaJapanBriefing.Model;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>The front page, the 404 page and the list pages: chronology, sources, each kind, search.</summary>
public sealed partial class SiteRenderer
{
    private const int LatestCount = 6;

    private void NotFound(DiagnosticBag diagnostics)
    {
        // A host serves 404.html for a missing address at any depth, so its links are absolute when they can be.
        var page = new PageContext(book, _vocabulary, SiteLayout.NotFound, baseUrl, absoluteLinks: true);
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
                with
            { SourcesDiffer = d.Kind == DisagreementKind.Sources, PositionsDiffer = d.Kind == DisagreementKind.Positions }).ToList(),
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
}
