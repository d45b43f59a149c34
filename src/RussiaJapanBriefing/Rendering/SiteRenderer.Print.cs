using RussiaJapanBriefing.Model;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The whole book for printing: a contents page (the book's summary and key facts, and the list of volumes) and the
/// print volumes, each the briefs of up to <see cref="PrintVolumes.TopicsPerVolume"/> topics of one kind. No print file
/// grows with the book, so the whole book stays printable at any size.
/// </summary>
public sealed partial class SiteRenderer
{
    private IEnumerable<PlannedPage> PrintPages()
    {
        _volumes = PrintVolumes.Of(book);
        yield return Page(SiteLayout.Print, static (r, d) => r.PrintContents(r.Volumes, d));
        if (!theme.Has("print-volume.html")) yield break;
        for (var i = 0; i < _volumes.Count; i++)
        {
            var index = i;
            yield return Page(_volumes[i].Url, (r, d) => r.PrintVolumePage(r.Volumes[index], r.Volumes.Count(v => v.Kind == r.Volumes[index].Kind), d));
        }
    }

    private IReadOnlyList<PrintVolume>? _volumes;

    /// <summary>
    /// The print volumes, as the plan made them, or made unrecorded for a plan kept from an earlier book: they are
    /// made from the list of entities, which the plan read.
    /// </summary>
    private IReadOnlyList<PrintVolume> Volumes =>
        LazyInitializer.EnsureInitialized(ref _volumes, () => BookReads.Unrecorded(() => PrintVolumes.Of(book)));

    private void PrintContents(IReadOnlyList<PrintVolume> volumes, DiagnosticBag diagnostics)
    {
        var page = NewPage(SiteLayout.Print);
        var model = new ScriptObject
        {
            ["summary_html"] = MarkdownRenderer.Block(book.Summary),
            ["summary_terms"] = page.Terms(book.Summary),
            ["key_facts"] = book.KeyFacts.Select(page.Claim).ToList(),
            ["kinds"] = volumes.GroupBy(v => v.Kind).Select(kind => new ScriptObject
            {
                ["title"] = kind.Key.Title(),
                ["section"] = kind.Key.Section(),
                // A volume is named by its first and last topic, like the guide words of a dictionary, so that the
                // contents page stays short however many topics the book has.
                ["volumes"] = kind.Select(v => new ScriptObject
                {
                    ["link"] = page.Link(v.Url, VolumeTitle(v, kind.Count())),
                    ["first"] = page.Link($"{v.Url}#{SiteLayout.PrintTopicAnchor(v.Entities[0].Id)}", v.Entities[0].Name),
                    ["last"] = page.Link($"{v.Url}#{SiteLayout.PrintTopicAnchor(v.Entities[^1].Id)}", v.Entities[^1].Name),
                    ["topics"] = v.Entities.Count,
                }).ToList(),
            }).ToList(),
            ["chronology"] = page.Link(SiteLayout.Chronology, "Chronology"),
        };
        Render(page, "print.html", "The full briefing", model, [page.Link(SiteLayout.Home, "Home")], diagnostics);
    }

    private void PrintVolumePage(PrintVolume volume, int volumesOfKind, DiagnosticBag diagnostics)
    {
        // Its topics' briefs are most of a volume's work, and a volume often the last page a claim edit makes: made
        // first on every core, unrecorded, then taken from the memo below, where the page reads what they are made from.
        Parallel.ForEach(volume.Entities, entity => BookReads.Unrecorded(() => _briefs.Of(book, entity)));
        var page = NewPage(volume.Url);
        var model = new ScriptObject
        {
            ["title"] = VolumeTitle(volume, volumesOfKind),
            ["edition"] = book.Edition?.Display(),
            ["briefs"] = volume.Entities.Select(e => TopicBrief(volume.Url, e)).ToList(),
        };
        Render(page, "print-volume.html", VolumeTitle(volume, volumesOfKind), model,
            [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.Print, "The full briefing")], diagnostics);
    }

    private static string VolumeTitle(PrintVolume volume, int volumesOfKind) =>
        volumesOfKind == 1 ? volume.Kind.Title() : $"{volume.Kind.Title()}, volume {volume.Number} of {volumesOfKind}";

    /// <summary>
    /// One topic's brief in a volume. Each brief numbers its own endnotes in reading order, like a paper printed on its own;
    /// claims get no anchors (they live on the topic's page) and keys unique on the volume's page.
    /// </summary>
    private ScriptObject TopicBrief(string path, Entity entity)
    {
        var page = NewPage(path);
        var brief = _briefs.Of(book, entity);
        ClaimView Unique(ClaimView claim) => claim with { Anchor = null, Key = $"{entity.Id}-{claim.Key}" };
        var keyPoints = brief.KeyPoints.Select(c => Unique(page.Claim(c))).ToList();
        var fields = EntityFields(page, entity);
        return new ScriptObject
        {
            ["anchor"] = SiteLayout.PrintTopicAnchor(entity.Id),
            ["entity"] = fields,
            ["href"] = page.Href(entity.Url),
            ["key_points"] = keyPoints,
            // As on the topic's page, a difference with the editor's note prints the note, not the claims it compares.
            ["differences"] = brief.Differences.Select(d => Difference(page, d, claims: d.Note is null))
                .Select(d => d with { Claims = d.Claims.Select(Unique).ToList() }).ToList(),
            ["timeline"] = brief.Timeline.Select(c => Unique(page.Claim(c))).ToList(),
            ["timeline_total"] = brief.DatedClaims,
            ["notes"] = page.Notes,
        };
    }
}
