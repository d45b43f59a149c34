using RussiaJapanBriefing.Model;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>Entity pages, one per topic.</summary>
public sealed partial class SiteRenderer
{
    private void EntityPage(Entity entity, Entity? previous, Entity? next, DiagnosticBag diagnostics)
    {
        var page = NewPage(entity.Url);
        // A topic too big for one page (BookPages) opens with its differences and latest claims; its claims are on year pages.
        var record = book.Pages.Topic(entity.Id);
        var claims = record is null ? book.ClaimsAbout[entity.Id].ToList() : [];
        var brief = _briefs.Of(book, entity);
        var lists = LinkLists(entity);
        var (meetings, meetingsMore) = FirstPage(page, lists[0]);
        var (related, relatedMore) = FirstPage(page, lists[1]);
        var (mentioned, mentionedMore) = FirstPage(page, lists[2]);
        var fields = EntityFields(page, entity);
        var differences = (record?.Differences ?? book.DisagreementsAbout[entity.Id]).Select(d => Difference(page, d)).ToList();
        var undated = claims.Where(c => c.Date is null).Select(page.Claim).ToList();
        // The page's timeline, with the brief's selection marked; a split topic's timeline is on its year pages.
        var timeline = record is null
            ? brief.Dated.Select(c => page.Claim(c) with { FullOnly = !brief.Timeline.Contains(c) }).ToList()
            : [];
        var model = new ScriptObject
        {
            ["entity"] = fields,
            ["differences"] = differences,
            ["more_differences"] = record is { MoreDifferences: [var further, ..] }
                ? page.Link(further.Path, $"{record.MoreDifferences.Sum(p => p.Differences.Count)} more points where they differ") : null,
            ["claims"] = undated,
            ["timeline"] = timeline,
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
        // Built last, so that the key points (printed only) reuse the numbers the screen already gave their citations.
        model["brief"] = BriefFields(page, entity, brief, differences, timeline);
        // A theme may give a kind its own layout ("island.html"); otherwise every kind uses "entity.html".
        var kindTemplate = entity.Kind.Singular().ToLowerInvariant() + ".html";
        Render(page, theme.Has(kindTemplate) ? kindTemplate : "entity.html", entity.Name, model,
            [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.KindIndex(entity.Kind), entity.Kind.Title())], diagnostics);
    }

    /// <summary>A disagreement as a page shows it; without <paramref name="claims"/>, its note alone (the claims' citations are then not the page's notes).</summary>
    private DisagreementView Difference(PageContext page, Disagreement d, bool claims = true) =>
        new(d.Id, d.Topic, d.Kind.ToString().ToLowerInvariant(), d.Note is null ? null : MarkdownRenderer.Block(d.Note),
            claims ? d.Claims.Select(id => page.Claim(book.ClaimById[id])).ToList() : [], d.Note is null ? [] : page.Terms(d.Note));

    /// <summary>
    /// What the page's printed brief adds to or keeps of the page: the key points box, which differences and timeline
    /// entries it keeps, and the date line. Every note the brief cites is registered, so the endnotes print exactly those.
    /// </summary>
    private ScriptObject BriefFields(PageContext page, Entity entity, Brief brief, IReadOnlyList<DisagreementView> differences, IReadOnlyList<ClaimView> timeline)
    {
        var keyPoints = brief.KeyPoints.Select(page.Claim).ToList();
        var kept = differences.Where(d => brief.Differences.Any(b => b.Id == d.Id)).ToList();
        page.PrintBrief((entity.SummaryCitations ?? []).Select(page.Note)
            .Concat(keyPoints.SelectMany(c => c.Notes))
            .Concat(kept.Where(d => d.NoteHtml is null).SelectMany(d => d.Claims).SelectMany(c => c.Notes))
            .Concat(timeline.Where(c => !c.FullOnly).SelectMany(c => c.Notes)));
        return new ScriptObject
        {
            ["key_points"] = keyPoints,
            ["differences"] = kept.Select(d => d.Id).ToList(),
            ["timeline_shown"] = brief.Timeline.Count,
            ["timeline_total"] = brief.DatedClaims,
            ["edition"] = book.Edition?.Display(),
            ["full_record"] = SiteLayout.FullRecord,
        };
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
