using RussiaJapanBriefing.Model;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>Entity pages, one per topic, and the print page that puts them all on one page.</summary>
public sealed partial class SiteRenderer
{
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
        // A topic too big for one page (BookPages) opens with its differences and latest claims; its claims are on year pages.
        var record = book.Pages.Topic(entity.Id);
        var claims = record is null ? book.ClaimsAbout[entity.Id].ToList() : [];
        var lists = LinkLists(entity);
        var (meetings, meetingsMore) = FirstPage(page, lists[0]);
        var (related, relatedMore) = FirstPage(page, lists[1]);
        var (mentioned, mentionedMore) = FirstPage(page, lists[2]);
        var model = new ScriptObject
        {
            ["entity"] = EntityFields(page, entity),
            ["differences"] = (record?.Differences ?? book.DisagreementsAbout[entity.Id]).Select(d => Difference(page, d)).ToList(),
            ["more_differences"] = record is { MoreDifferences: [var further, ..] }
                ? page.Link(further.Path, $"{record.MoreDifferences.Sum(p => p.Differences.Count)} more points where they differ") : null,
            ["claims"] = claims.Where(c => c.Date is null).Select(page.Claim).ToList(),
            ["timeline"] = claims.Where(c => c.Date is not null).OrderBy(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal).Select(page.Claim).ToList(),
            ["latest"] = (record?.Latest ?? []).Select(page.Claim).ToList(),
            ["record"] = record is null ? [] : RecordYears(page, record.Parts),
            ["meetings"] = meetings,
            ["meetings_more"] = meetingsMore,
            ["related"] = related,
            ["related_more"] = relatedMore,
            ["mentioned_in"] = mentioned,
            ["mentioned_more"] = mentionedMore,
            ["structured_data"] = StructuredData.Entity(book, entity, record?.Latest ?? claims, page.Identifier),
            ["previous"] = previous is null ? null : page.EntityLink(previous.Id),
            ["next"] = next is null ? null : page.EntityLink(next.Id),
        };
        // A theme may give a kind its own layout ("island.html"); otherwise every kind uses "entity.html".
        var kindTemplate = entity.Kind.Singular().ToLowerInvariant() + ".html";
        Render(page, theme.Has(kindTemplate) ? kindTemplate : "entity.html", entity.Name, model,
            [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.KindIndex(entity.Kind), entity.Kind.Title())], diagnostics);
    }

    private ScriptObject EntityFields(PageContext page, Entity entity)
    {
        var model = new ScriptObject
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
        };
        // Every field of every kind, even on a kind without it: template variables are strict, so "if entity.role"
        // must find a null on a meeting's page, not fail.
        foreach (var field in EntityKinds.Fields)
            switch (field.Type)
            {
                case FieldType.Text:
                    model[field.Key] = entity.Values.Text(field);
                    break;
                case FieldType.Date:
                    model[field.Key] = entity.Values.Date(field)?.Display();
                    model[field.Key + "_iso"] = entity.Values.Date(field)?.ToString();
                    break;
                case FieldType.References:
                    model[field.Key] = (entity.Values.References(field) ?? []).Select(id => page.EntityLink(id)).ToList();
                    break;
                default:
                    throw new InvalidOperationException($"no template values for {field.Type} fields");
            }
        return model;
    }
}
