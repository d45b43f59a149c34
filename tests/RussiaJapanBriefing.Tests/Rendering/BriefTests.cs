using AngleSharp.Dom;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// What an entity page prints as its brief, read from the markup the print stylesheet works on: parts marked
/// <c>full-only</c> are left out unless the full record is asked for, and <c>print-only</c> parts are added.
/// </summary>
public sealed class BriefTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    private IEnumerable<(string Id, IDocument Page)> EntityPages()
    {
        site.RequireSuccess();
        return site.Result.Book!.Entities.Select(e => (e.Id, (IDocument)site.Page(e.Url).Document));
    }

    private static bool InBrief(IElement element) => element.Closest(".full-only, .screen-only") is null;

    private static IReadOnlyList<int> Numbers(IEnumerable<IElement> cites) =>
        cites.Select(a => int.Parse(a.TextContent.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();

    [Fact]
    public void EveryCitationInABriefHasItsEndnoteAndTheBriefPrintsNoOtherNote()
    {
        var problems = new List<string>();
        var cited = 0;
        foreach (var (id, page) in EntityPages())
        {
            var article = page.QuerySelector("article.entity")!;
            var inBrief = Numbers(article.QuerySelectorAll(".cite a").Where(InBrief));
            var printed = page.QuerySelectorAll(".endnotes li").Where(InBrief)
                .Select(li => int.Parse(li.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            cited += inBrief.Count;
            if (!inBrief.SequenceEqual(printed))
                problems.Add($"{id}: the brief cites [{string.Join(", ", inBrief)}] but prints notes [{string.Join(", ", printed)}]");
            // The full record prints every note, each cited somewhere on the page.
            var all = Numbers(article.QuerySelectorAll(".cite a"));
            var notes = page.QuerySelectorAll(".endnotes li").Select(li => int.Parse(li.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (!all.SequenceEqual(notes)) problems.Add($"{id}: the full record cites [{string.Join(", ", all)}] but has notes [{string.Join(", ", notes)}]");
        }
        Assert.True(cited > 100, $"only {cited} citations in all briefs: the check proves little");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryBriefIsBoundedWhateverTheTopic()
    {
        foreach (var (id, page) in EntityPages())
        {
            Assert.True(page.QuerySelectorAll(".key-points li").Length <= 5, $"{id}: more than 5 key points");
            Assert.True(page.QuerySelectorAll(".timeline > .claim").Count(InBrief) <= 5, $"{id}: more than 5 timeline entries in the brief");
            Assert.True(page.QuerySelectorAll(".difference").Count(InBrief) <= 2, $"{id}: more than 2 differences in the brief");
            Assert.DoesNotContain(page.QuerySelectorAll("section[aria-labelledby='claims-heading']"), InBrief);
        }
        // A big topic really is cut down: Abe has far more dated claims than the brief keeps.
        var abe = site.Page(site.Result.Book!.EntityById["abe"].Url).Document;
        Assert.True(abe.QuerySelectorAll(".timeline > .claim").Length > 10);
        Assert.Contains("selected: 5 of", abe.QuerySelector("#timeline-heading")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEditorsKeyFactsFillTheKeyPointsBoxInTheirOrder()
    {
        var book = site.Result.Book!;
        var abe = book.EntityById["abe"];
        Assert.NotEmpty(abe.KeyFacts);
        var page = site.Page(abe.Url).Document;
        var points = page.QuerySelectorAll(".key-points li").Select(li => li.TextContent).ToList();
        Assert.Equal(abe.KeyFacts.Count, points.Count);
        for (var i = 0; i < points.Count; i++)
            Assert.Contains(string.Join(' ', MarkdownRenderer.Plain(book.ClaimById[abe.KeyFacts[i]].Text).Split(' ').Take(4)), points[i], StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutKeyFactsTheBoxHoldsTheBestCorroboratedClaims()
    {
        var book = site.Result.Book!;
        var topic = book.Entities.First(e => e.KeyFacts.Count == 0 && book.ClaimsAbout[e.Id].Count() > 3);
        var best = book.ClaimsAbout[topic.Id].Max(c => c.Citations.Select(ci => ci.Passage.SourceId).Distinct().Count());
        var points = site.Page(topic.Url).Document.QuerySelectorAll(".key-points li");
        Assert.Equal(3, points.Length);
        var first = book.ClaimsAbout[topic.Id].First(c => points[0].TextContent.Contains(string.Join(' ', MarkdownRenderer.Plain(c.Text).Split(' ').Take(5)), StringComparison.Ordinal));
        Assert.Equal(best, first.Citations.Select(ci => ci.Passage.SourceId).Distinct().Count());
    }

    [Fact]
    public void TheFullRecordIsOneLinkAwayAndTheBriefIsNamedAsSuch()
    {
        foreach (var (id, page) in EntityPages())
        {
            var article = page.QuerySelector("article.entity")!;
            Assert.Equal(RussiaJapanBriefing.Model.SiteLayout.FullRecord, article.Id);
            Assert.NotNull(page.QuerySelector($".print-choice a[href='#{RussiaJapanBriefing.Model.SiteLayout.FullRecord}']"));
            Assert.True(page.QuerySelector(".print-dateline")!.TextContent.StartsWith("BriefingFull record · sources to ", StringComparison.Ordinal), id);
        }
    }
}
