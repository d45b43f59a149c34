using System.Globalization;
using RussiaJapanBriefing.Model;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The pages a big book adds so that no page grows with it (<see cref="BookPages"/> decides which): a topic's and
/// the chronology's year pages, a topic's further differences and further pages of its long lists.
/// </summary>
public sealed partial class SiteRenderer
{
    /// <summary>A list of links on a topic page that grows with the book, and how one of its entries is shown.</summary>
    private sealed record LinkList(string Name, string Title, IReadOnlyList<ListPage<Entity>> Pages, Func<PageContext, Entity, LinkView> Link);

    private static readonly string[] LinkListNames = ["meetings", "related", "mentioned"];

    private IReadOnlyList<LinkList> LinkLists(Entity entity) =>
    [
        new(LinkListNames[0], "Meetings and talks", BookPages.LinkPages(entity, LinkListNames[0], book.MeetingsWith[entity.Id]),
            (page, meeting) => page.EntityLink(meeting.Id) with { Detail = meeting.Date?.Display() }),
        new(LinkListNames[1], "Related", BookPages.LinkPages(entity, LinkListNames[1], entity.Related.Select(id => book.EntityById[id])),
            (page, related) => page.EntityLink(related.Id)),
        new(LinkListNames[2], "Mentioned in", BookPages.LinkPages(entity, LinkListNames[2], book.MentionedBy[entity.Id]),
            (page, mention) => page.EntityLink(mention.Id)),
    ];

    /// <summary>How many entries each of <see cref="LinkLists"/> holds, in the same order.</summary>
    private int[] LinkListLengths(Entity entity) =>
        [book.MeetingsWith[entity.Id].Count(), entity.Related.Count, book.MentionedBy[entity.Id].Count()];

    /// <summary>The entries a topic page shows of a list, and (when there are more) a link to where they continue.</summary>
    private static (IReadOnlyList<LinkView> Shown, LinkView? More) FirstPage(PageContext page, LinkList list) =>
        (list.Pages[0].Items.Select(e => list.Link(page, e)).ToList(),
         list.Pages.Count > 1 ? page.Link(list.Pages[1].Path, $"{list.Pages.Sum(p => p.Items.Count)} in all: continued on {list.Pages.Count - 1} more page(s)") : null);

    private IEnumerable<PlannedPage> PartPages()
    {
        // Planned from addresses only; each page looks up its part itself, so that the page, not the plan, depends on
        // which claims the part holds (see BookPages.ChronologyPaths).
        if (book.Pages.ChronologyPaths is { } chronologyPaths)
            foreach (var path in chronologyPaths)
                yield return Page(path, (r, d) => r.ChronologyPart(path, d));
        foreach (var entity in book.Entities)
        {
            var id = entity.Id;
            if (book.Pages.TopicPaths(id) is { } topicPaths)
                foreach (var path in topicPaths)
                    yield return Page(path, (r, d) => r.TopicPart(id, path, d));
            // From the lists' lengths alone: building every topic's lists to find the few that continue was about a
            // tenth of a one-claim save at 10,000 sources. What a further page lists is read by that page.
            var lengths = LinkListLengths(entity);
            for (var list = 0; list < lengths.Length; list++)
                for (var number = 2; number <= (lengths[list] + BookPages.ListPageSize - 1) / BookPages.ListPageSize; number++)
                {
                    var (index, shown) = (list, number);
                    yield return Page(SiteLayout.EntityList(entity, LinkListNames[list], number), (r, d) =>
                    {
                        var topic = r.PlannedEntity(id)!;
                        r.LinkListPart(topic, r.LinkLists(topic)[index], shown, d);
                    });
                }
        }
    }

    /// <summary>A record's years for its index: each with its claim count and its pages.</summary>
    private static IReadOnlyList<RecordYearView> RecordYears(PageContext page, IReadOnlyList<RecordPart> parts) =>
        parts.GroupBy(p => p.Year).Select(year => new RecordYearView(YearLabel(year.Key), year.Sum(p => p.Claims.Count),
            year.Select(p => page.Link(p.Path, p.Number.ToString(CultureInfo.InvariantCulture))).ToList())).ToList();

    private static string YearLabel(int? year) => year?.ToString(CultureInfo.InvariantCulture) ?? "Undated";

    private static string PartTitle(RecordPart part) =>
        part.Number == 1 ? YearLabel(part.Year) : $"{YearLabel(part.Year)}, page {part.Number}";

    /// <summary>Every page of a split list or record, the one being read marked, for the page's own navigation.</summary>
    private static IReadOnlyList<PageLinkView> Pager(PageContext page, IEnumerable<(string Path, string Text)> pages) =>
        pages.Select(p => new PageLinkView(page.Href(p.Path), p.Text, p.Path == page.Path)).ToList();

    private static IReadOnlyList<PageLinkView> RecordPager(PageContext page, IReadOnlyList<RecordPart> parts) =>
        Pager(page, parts.Select(p => (p.Path, PartTitle(p))));

    private void ChronologyPart(string path, DiagnosticBag diagnostics)
    {
        var parts = book.Pages.ChronologyParts!;
        var part = parts.Single(p => p.Path == path);
        var page = NewPage(part.Path);
        Render(page, "part.html", $"Chronology, {PartTitle(part)}", PartModel(
                part.Year is null ? "Claims whose date is not known." : $"Every claim dated in {part.Year}, earliest first.",
                part.Claims.Select(page.Claim).ToList(), [], [], RecordPager(page, parts)),
            [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.Chronology, "Chronology")], diagnostics);
    }

    /// <summary>A further page of a topic too big for one: a year of its claims, or more of its differences.</summary>
    private void TopicPart(string id, string path, DiagnosticBag diagnostics)
    {
        var (entity, record) = (PlannedEntity(id)!, book.Pages.Topic(id)!);
        if (record.Parts.FirstOrDefault(p => p.Path == path) is { } part) EntityYearPart(entity, part, record.Parts, diagnostics);
        else DifferencesPart(entity, record.MoreDifferences.Single(p => p.Path == path), record, diagnostics);
    }

    private void EntityYearPart(Entity entity, RecordPart part, IReadOnlyList<RecordPart> parts, DiagnosticBag diagnostics)
    {
        var page = NewPage(part.Path);
        Render(page, "part.html", $"{entity.Name}, {PartTitle(part)}", PartModel(
                part.Year is null ? $"What the sources say about {entity.Name}, with no date." : $"What the sources say about {entity.Name} in {part.Year}, earliest first.",
                part.Claims.Select(page.Claim).ToList(), [], [], RecordPager(page, parts)),
            EntityCrumbs(page, entity), diagnostics);
    }

    private void DifferencesPart(Entity entity, DifferencesPart part, TopicRecord record, DiagnosticBag diagnostics)
    {
        var page = NewPage(part.Path);
        var pages = record.MoreDifferences.Select((p, i) => (p.Path, $"Page {i + 2}")).Prepend((entity.Url, "Page 1"));
        Render(page, "part.html", $"{entity.Name}: where sources or positions differ, page {record.MoreDifferences.ToList().IndexOf(part) + 2}",
            PartModel($"Further points on which the sources or the sides differ about {entity.Name}.", [],
                part.Differences.Select(d => Difference(page, d)).ToList(), [], Pager(page, pages)),
            EntityCrumbs(page, entity), diagnostics);
    }

    private void LinkListPart(Entity entity, LinkList list, int number, DiagnosticBag diagnostics)
    {
        var part = list.Pages[number - 1];
        var page = NewPage(part.Path);
        Render(page, "part.html", $"{entity.Name}: {list.Title.ToLowerInvariant()}, page {number}",
            PartModel(null, [], [], part.Items.Select(e => list.Link(page, e)).ToList(),
                Pager(page, list.Pages.Select((p, i) => (p.Path, $"Page {i + 1}")))),
            EntityCrumbs(page, entity), diagnostics);
    }

    private static IReadOnlyList<LinkView> EntityCrumbs(PageContext page, Entity entity) =>
        [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.KindIndex(entity.Kind), entity.Kind.Title()), page.Link(entity.Url, entity.Name)];

    private static ScriptObject PartModel(string? intro, IReadOnlyList<ClaimView> claims,
        IReadOnlyList<DisagreementView> differences, IReadOnlyList<LinkView> links, IReadOnlyList<PageLinkView> pager) => new()
        {
            ["intro"] = intro,
            ["claims"] = claims,
            ["differences"] = differences,
            ["links"] = links,
            ["pager"] = pager,
        };
}
