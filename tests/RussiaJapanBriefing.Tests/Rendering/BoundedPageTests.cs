using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// No page grows with the book (issue 15): every page stays under 1 MB however big the book or a topic gets, what
/// was split off is reachable, and every claim and disagreement is where its address says.
/// </summary>
public abstract class BoundedPageTests<TFixture>(TFixture site) where TFixture : SiteFixture
{
    private const long OneMegabyte = 1_000_000;

    protected TFixture Site { get; } = site;

    protected BriefingBook Book => Site.Result.Book!;

    [Fact]
    public void EveryPageIsAtMostOneMegabyte()
    {
        // Print volumes included: the whole book prints as bounded volumes of briefs, never as one file.
        var tooBig = Site.HtmlFiles()
            .Select(f => (File: f, Bytes: new FileInfo(Path.Combine(Site.Output, f)).Length))
            .Where(f => f.Bytes > OneMegabyte).Select(f => $"{f.File}: {f.Bytes:N0} bytes").ToList();
        Assert.True(tooBig.Count == 0, Links.Report(tooBig));
    }

    [Fact]
    public void EveryInternalLinkResolvesToAFileAndFragment()
    {
        var problems = Links.BrokenInternalLinks(Site);
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    /// <summary>Search, feeds and book.json link by these addresses, not from a page: each must lead to the page that shows the thing.</summary>
    [Fact]
    public void TheAddressOfEveryClaimAndDisagreementLeadsToIt()
    {
        Site.RequireSuccess();
        var problems = new List<string>();
        foreach (var claim in Book.Claims) Expect(SiteLayout.Claim(Book, claim), problems);
        foreach (var claim in Book.Chronology) Expect(SiteLayout.ChronologyClaim(Book, claim), problems);
        foreach (var disagreement in Book.Disagreements) Expect(SiteLayout.Disagreement(Book, disagreement), problems);
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void ASplitTopicShowsEachOfItsClaimsOnExactlyOneYearPage()
    {
        Site.RequireSuccess();
        var problems = new List<string>();
        foreach (var entity in Book.Entities)
            if (Book.Pages.Topic(entity.Id) is { } record)
                ExpectEachOnce(record.Parts.Select(p => p.Path), Book.ClaimsAbout[entity.Id], entity.Id, problems);
        if (Book.Pages.ChronologyParts is { } chronology)
            ExpectEachOnce(chronology.Select(p => p.Path), Book.Chronology, "the chronology", problems);
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void EverySourceIsListedOnExactlyOnePageOfTheSources()
    {
        Site.RequireSuccess();
        var listed = Book.Pages.SourcePages
            .SelectMany(p => Site.Page(p.Path).Document.QuerySelectorAll("main .entity-list > li > a").Select(a => Resolve(p.Path, a.GetAttribute("href")!)))
            .ToList();
        Assert.Equal(Book.Sources.Select(s => s.Url).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryEntityIsListedOnExactlyOnePageOfItsKind()
    {
        Site.RequireSuccess();
        foreach (var kind in EntityKinds.All)
        {
            var listed = Book.Pages.KindPages(kind)
                .SelectMany(p => Site.Page(p.Path).Document.QuerySelectorAll("main .entity-list > li > a").Select(a => Resolve(p.Path, a.GetAttribute("href")!)))
                .ToList();
            Assert.Equal(Book.Entities.Where(e => e.Kind == kind).Select(e => e.Url).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        }
    }

    private void ExpectEachOnce(IEnumerable<string> pages, IEnumerable<Claim> claims, string what, List<string> problems)
    {
        var shown = pages.SelectMany(p => Site.Page(p).Document.QuerySelectorAll("main li.claim[id]").Select(li => li.Id!)).ToList();
        var expected = claims.Select(c => SiteLayout.ClaimAnchor(c.Id)).ToList();
        foreach (var missing in expected.Except(shown)) problems.Add($"{what}: {missing} is on none of its year pages");
        foreach (var twice in shown.GroupBy(id => id).Where(g => g.Count() > 1)) problems.Add($"{what}: {twice.Key} is on {twice.Count()} year pages");
        foreach (var stray in shown.Except(expected)) problems.Add($"{what}: {stray} is not one of its claims");
    }

    private void Expect(string address, List<string> problems)
    {
        var hash = address.IndexOf('#');
        var (path, id) = (address[..hash], address[(hash + 1)..]);
        if (!File.Exists(Path.Combine(Site.Output, path))) problems.Add($"{address}: no such page");
        else if (Site.Page(path).Document.GetElementById(id) is null) problems.Add($"{address}: the page has no element with that id");
    }

    /// <summary>A page-relative href as a site-relative path.</summary>
    private static string Resolve(string page, string href)
    {
        var root = new Uri("http://site/");
        return root.MakeRelativeUri(new Uri(new Uri(root, page), href)).ToString();
    }
}

/// <summary>The real book is small: every topic, list and the chronology stays one page, as before year pages existed.</summary>
public sealed class RealBookBoundedPageTests(RealBookFixture site) : BoundedPageTests<RealBookFixture>(site), IClassFixture<RealBookFixture>
{
    [Fact]
    public void NothingIsSplit()
    {
        Site.RequireSuccess();
        Assert.All(Book.Entities, e => Assert.Null(Book.Pages.Topic(e.Id)));
        Assert.Null(Book.Pages.ChronologyParts);
        Assert.Single(Book.Pages.SourcePages);
        Assert.All(EntityKinds.All, k => Assert.Single(Book.Pages.KindPages(k)));
        Assert.DoesNotContain(Site.HtmlFiles(), f => f.Count(c => c == '/') > 1 || f.StartsWith("chronology/", StringComparison.Ordinal));
    }
}

/// <summary>The real book thirty times over: its busiest topics split into year pages.</summary>
public sealed class HotTopicBoundedPageTests(HotTopicBookFixture site) : BoundedPageTests<HotTopicBookFixture>(site), IClassFixture<HotTopicBookFixture>
{
    [Fact]
    public void TheBusiestTopicsOpenWithTheLatestAndAYearIndex()
    {
        Site.RequireSuccess();
        foreach (var id in new[] { "putin", "abe", "disputed-islands" })
        {
            var entity = Book.EntityById[id];
            var record = Book.Pages.Topic(id);
            Assert.NotNull(record);
            var page = Site.Page(entity.Url).Document;
            Assert.Equal(BookPages.LatestCount, page.QuerySelectorAll("#latest-heading + ol > li.claim").Length);
            var yearLinks = page.QuerySelectorAll(".record-years > li > a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal(record.Parts.Where(p => p.Number == 1).Select(p => "../" + p.Path), yearLinks);
        }
    }

    [Fact]
    public void AYearTooBigForOnePageContinuesOnANumberedPage()
    {
        Site.RequireSuccess();
        var second = Book.Entities.Select(e => Book.Pages.Topic(e.Id)).OfType<TopicRecord>()
            .SelectMany(r => r.Parts).First(p => p.Number == 2);
        Assert.EndsWith($"/{second.Year}-2.html", second.Path, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Site.Output, second.Path)));
    }

    [Fact]
    public void TheChronologyAndTheSourcesSplit()
    {
        Site.RequireSuccess();
        Assert.NotNull(Book.Pages.ChronologyParts);
        Assert.Empty(Site.Page(SiteLayout.Chronology).Document.QuerySelectorAll("li.claim"));
        Assert.True(Book.Pages.SourcePages.Count > 1);
    }

    [Fact]
    public void AThemeWithoutThePartTemplateCannotBuildASplitBookAndSaysWhy()
    {
        var theme = Site.NewFolder("theme");
        TempDir.CopyDirectory(Site.Theme, theme);
        File.Delete(Path.Combine(theme, "templates", "part.html"));
        var result = BriefingBuilder.Run(new BuildOptions(Site.Seeds, Site.Content, theme, Site.NewFolder("out")), BuildMode.Check);
        Assert.Contains("'part.html'", result.Errors().One(Codes.MissingTemplate.Id).Message);
    }
}

/// <summary>A generated book of 600 sources: kind lists and the list of sources split into numbered pages.</summary>
public sealed class LargeBookBoundedPageTests(LargeSyntheticBookFixture site) : BoundedPageTests<LargeSyntheticBookFixture>(site), IClassFixture<LargeSyntheticBookFixture>
{
    [Fact]
    public void LongListsSplitIntoNumberedPagesWithAPager()
    {
        Site.RequireSuccess();
        var meetings = Book.Pages.KindPages(EntityKind.Meeting);
        Assert.True(meetings.Count > 1);
        Assert.Equal("meetings/index/2.html", meetings[1].Path);
        Assert.Equal(meetings.Count, Site.Page(meetings[1].Path).Document.QuerySelectorAll("nav[aria-label=Pages] a").Length);
        Assert.Equal("page", Site.Page(meetings[1].Path).Document.QuerySelector("nav[aria-label=Pages] a[aria-current]")?.GetAttribute("aria-current"));
        Assert.Equal("sources/index/2.html", Book.Pages.SourcePages[1].Path);
    }
}

/// <summary>A source's page is its whole article: the one page a book's size does not bound, so an over-long article is flagged.</summary>
public sealed class LongSourceTests
{
    [Theory]
    [InlineData(SeedLoader.MaxArticleBytes, 0)]
    [InlineData(SeedLoader.MaxArticleBytes + 1, 1)]
    public void ASeedLongerThanAnyArticleIsRjb0611(int length, int warnings)
    {
        using var temp = new TempDir();
        var seeds = temp.Combine("seeds");
        Directory.CreateDirectory(seeds);
        var line = new string('x', 99) + "\n";
        File.WriteAllText(Path.Combine(seeds, "long.txt"), string.Concat(Enumerable.Repeat(line, length / line.Length)) + new string('y', length % line.Length));
        var diagnostics = new DiagnosticBag();
        Assert.Single(SeedLoader.Load(seeds, diagnostics).Seeds);
        Assert.Equal(warnings, diagnostics.Sorted().Count(d => d.Code == Codes.LongSource.Id && d.Severity == Severity.Warning));
    }
}
