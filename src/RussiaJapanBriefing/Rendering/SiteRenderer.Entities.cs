using RussiaJapanBriefing.Model;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>Entity pages, one per topic.</summary>
public sealed partial class SiteRenderer
{
    private void EntityPage(Entity entity, Entity? previous, Entity? next, DiagnosticBag diagnostics)
    {
        var page = NewPage(entity.Url);
        var claims = book.ClaimsAbout[entity.Id].ToList();
        var brief = Brief.Of(book, entity);
        var fields = EntityFields(page, entity);
        var differences = book.DisagreementsAbout[entity.Id].Select(d => Difference(page, d)).ToList();
        var undated = claims.Where(c => c.Date is null).Select(page.Claim).ToList();
        var timeline = Brief.Dated(book, entity).Select(c => page.Claim(c) with { FullOnly = !brief.Timeline.Contains(c) }).ToList();
        var model = new ScriptObject
        {
            ["entity"] = fields,
            ["differences"] = differences,
            ["claims"] = undated,
            ["timeline"] = timeline,
            ["meetings"] = book.MeetingsWith[entity.Id].Select(m => page.EntityLink(m.Id) with { Detail = m.Date?.Display() }).ToList(),
            ["related"] = entity.Related.Select(id => page.EntityLink(id)).ToList(),
            ["mentioned_in"] = book.MentionedBy[entity.Id].Select(e => page.EntityLink(e.Id)).ToList(),
            ["structured_data"] = StructuredData.Entity(book, entity, claims, page.Identifier),
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

    private ScriptObject EntityFields(PageContext page, Entity entity) => new()
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
}
