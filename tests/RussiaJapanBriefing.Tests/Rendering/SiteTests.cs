using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Checks that hold for any built site. Run against the real book (<see cref="RealBookSiteTests"/>) and against
/// the small sample book (<see cref="SampleBookSiteTests"/>), so the checks themselves are known to work even
/// while the real content is being written.
/// </summary>
public abstract class SiteTests<TFixture>(TFixture site) where TFixture : SiteFixture
{
    protected TFixture Site { get; } = site;

    [Fact]
    public void TheBuildSucceedsWithoutErrors()
    {
        Site.RequireSuccess();
        Assert.Empty(Site.Result.Errors());
        Assert.True(Site.Result.FilesWritten > Site.Result.PagesRendered, "pages and theme assets are written");
        Assert.True(File.Exists(Path.Combine(Site.Output, "data", "book.json")));
        Assert.True(File.Exists(Path.Combine(Site.Output, "assets", "style.css")));
    }

    [Fact]
    public void EveryPageAndEveryEntityAndSourceHasAFile()
    {
        var files = Site.HtmlFiles();
        var book = Site.Result.Book!;
        string[] fixedPages = ["404.html", "index.html", "chronology.html", "print/index.html", "search.html", "sources/index.html", "islands/index.html", "leaders/index.html",
            "treaties/index.html", "meetings/index.html", "people/index.html"];
        var expected = fixedPages.Concat(RussiaJapanBriefing.Model.PrintVolumes.Of(book).Select(v => v.Url)).Concat(book.Entities.Select(e => e.Url)).Concat(book.Sources.Select(s => s.Url)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, files);
    }

    [Fact]
    public void EveryPageParsesWithoutErrors()
    {
        var problems = Site.HtmlFiles()
            .SelectMany(f => Site.Page(f).ParseErrors.Select(e => $"{f}: {e}"))
            .ToList();
        Assert.True(problems.Count == 0, Links.Report(problems));
        foreach (var f in Site.HtmlFiles())
        {
            var doc = Site.Page(f).Document;
            Assert.NotNull(doc.Body);
            Assert.NotNull(doc.QuerySelector("main#main"));
            Assert.False(string.IsNullOrWhiteSpace(doc.Title), $"{f} has no title");
        }
    }

    [Fact]
    public void EveryInternalLinkResolvesToAFileAndFragment()
    {
        var problems = Links.BrokenInternalLinks(Site);
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void NoLinkIsRootRelative()
    {
        var problems = Site.HtmlFiles()
            .SelectMany(f => Site.Page(f).Urls().Where(u => u.Value.StartsWith('/')).Select(u => $"{f}: {u.Attribute}=\"{u.Value}\""))
            .ToList();
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void LinksOnlyUseWebSchemes()
    {
        var problems = Site.HtmlFiles()
            .SelectMany(f => Site.Page(f).Urls()
                .Where(u => Links.Scheme(u.Value) is { } s && s is not ("http" or "https" or "mailto"))
                .Select(u => $"{f}: {u.Attribute}=\"{u.Value}\""))
            .ToList();
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void EveryPageHasExactlyOneH1AndIsInEnglish()
    {
        var problems = new List<string>();
        foreach (var f in Site.HtmlFiles())
        {
            var doc = Site.Page(f).Document;
            var h1 = doc.QuerySelectorAll("h1").Length;
            if (h1 != 1) problems.Add($"{f} has {h1} h1 elements");
            if (doc.DocumentElement.GetAttribute("lang") != "en") problems.Add($"{f} has lang=\"{doc.DocumentElement.GetAttribute("lang")}\"");
        }
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    private static readonly Regex PassageLink = new(@"^(\.\./)*sources/[^/#?]+\.html#q\d+-\d+$");

    [Fact]
    public void EveryClaimCitesAPassageOfASource()
    {
        var problems = new List<string>();
        var claims = 0;
        foreach (var f in Site.HtmlFiles())
        {
            foreach (var claim in Site.Page(f).Document.QuerySelectorAll("li.claim"))
            {
                claims++;
                if (!claim.QuerySelectorAll("a[href]").Any(a => PassageLink.IsMatch(a.GetAttribute("href")!)))
                    problems.Add($"{f}: claim {claim.Id} has no citation link into sources/…#q…");
            }
        }
        Assert.True(claims > 0, "no li.claim element anywhere: the check would pass vacuously");
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void EveryClaimAppearsOnThePagesItIsAbout()
    {
        var book = Site.Result.Book!;
        Site.RequireSuccess();
        var problems = new List<string>();
        foreach (var claim in book.Claims)
            foreach (var about in claim.About)
            {
                var url = book.EntityById[about].Url;
                if (Site.Page(url).Document.GetElementById($"claim-{claim.Id}") is null)
                    problems.Add($"{url} does not show claim {claim.Id}");
            }
        foreach (var claim in book.Chronology)
            if (Site.Page("chronology.html").Document.GetElementById($"claim-{claim.Id}") is null)
                problems.Add($"chronology.html does not show dated claim {claim.Id}");
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void EveryCitedPassageIsMarkedOnItsSourcePage()
    {
        var book = Site.Result.Book!;
        Site.RequireSuccess();
        var problems = new List<string>();
        foreach (var citation in book.Claims.SelectMany(c => c.Citations))
        {
            var page = Site.Page(book.SourceById[citation.Passage.SourceId].Url).Document;
            var anchor = page.GetElementById(citation.Passage.Anchor);
            if (anchor is null) { problems.Add($"no anchor {citation.Passage.Anchor} in {citation.Passage.SourceId}"); continue; }
            var mark = anchor.NextElementSibling;
            if (mark?.LocalName != "mark" && mark?.ClassName != "passage-anchor")
                problems.Add($"anchor {citation.Passage.Anchor} in {citation.Passage.SourceId} is not followed by the marked passage");
        }
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void EveryIdIsUniqueWithinItsPage()
    {
        var problems = new List<string>();
        foreach (var f in Site.HtmlFiles())
        {
            var duplicates = Site.Page(f).Document.All.Where(e => !string.IsNullOrEmpty(e.Id))
                .GroupBy(e => e.Id!).Where(g => g.Count() > 1).Select(g => $"{f}: id \"{g.Key}\" x{g.Count()}");
            problems.AddRange(duplicates);
        }
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void BuildingTheSameInputsTwiceGivesByteIdenticalFiles()
    {
        Site.RequireSuccess();
        var again = Site.NewFolder("again");
        var second = BriefingBuilder.Run(Site.Options(again), BuildMode.Build);
        Assert.True(second.Succeeded, second.Diagnostics.Dump());
        var first = TempDir.Snapshot(Site.Output);
        var other = TempDir.Snapshot(again);
        Assert.Equal(first.Keys, other.Keys);
        foreach (var (path, bytes) in first)
            Assert.True(bytes.AsSpan().SequenceEqual(other[path]), $"{path} differs between two builds of the same inputs");
    }

    [Fact]
    public void AFailedBuildLeavesThePreviousOutputUntouched()
    {
        Site.RequireSuccess();
        var book = Site.Result.Book!;
        var output = Site.NewFolder("kept");
        var good = BriefingBuilder.Run(Site.Options(output), BuildMode.Build);
        Assert.True(good.Succeeded, good.Diagnostics.Dump());
        var before = TempDir.Snapshot(output);
        var times = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var broken = Site.NewFolder("broken-content");
        TempDir.CopyDirectory(Site.Content, broken);
        var source = book.Sources.First(s => s.Info is not null).Id;
        File.WriteAllText(Path.Combine(broken, "zz-broken.yaml"), $"""
            claims:
              - id: zz-broken-quote
                text: A quote that is not in the source.
                about: [{book.Entities[0].Id}]
                cite:
                  - source: {source}
                    quote: This sentence was never written by anyone, anywhere
            """);
        var failed = BriefingBuilder.Run(Site.Options(output, broken), BuildMode.Build);

        Assert.False(failed.Succeeded);
        Assert.Equal(Codes.QuoteNotFound.Id, Assert.Single(failed.Errors()).Code);
        Assert.Equal(0, failed.FilesWritten);
        var after = TempDir.Snapshot(output);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (path, bytes) in before)
            Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{path} changed after a failed build");
        foreach (var (file, time) in times)
            Assert.Equal(time, File.GetLastWriteTimeUtc(file));
        var parent = Path.GetDirectoryName(output)!;
        Assert.Equal([output], Directory.GetDirectories(parent).Where(d => d.Contains(Path.GetFileName(output))));
    }

    [Fact]
    public void ASuccessfulRebuildReplacesTheWholeOutputFolder()
    {
        Site.RequireSuccess();
        var output = Site.NewFolder("replaced");
        // Only a folder rjb made (marked by its manifest) is replaced; OutputSafetyTests has the ones it refuses.
        Assert.True(BriefingBuilder.Run(Site.Options(output), BuildMode.Build).Succeeded);
        // As an earlier build of a book with one more island left it: the page, listed in the manifest as rjb's.
        File.WriteAllText(Path.Combine(output, "islands", "removed-island.html"), "stale");
        File.AppendAllText(Path.Combine(output, Publishing.OutputFolder.ManifestPath), $"{new string('0', 64)}  islands/removed-island.html\n");
        File.WriteAllText(Path.Combine(output, "index.html"), "stale");
        var result = BriefingBuilder.Run(Site.Options(output), BuildMode.Build);
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.False(File.Exists(Path.Combine(output, "islands", "removed-island.html")), "a page of an earlier build survived");
        Assert.NotEqual("stale", File.ReadAllText(Path.Combine(output, "index.html")));
        Assert.Equal(TempDir.Snapshot(Site.Output).Keys, TempDir.Snapshot(output).Keys);
    }
}

public sealed class RealBookSiteTests(RealBookFixture site) : SiteTests<RealBookFixture>(site), IClassFixture<RealBookFixture>
{
    [Fact]
    public void TheRealBookCoversEverySeed()
    {
        Site.RequireSuccess();
        var seeds = Directory.EnumerateFiles(Repo.Seeds, "*.txt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(seeds, Site.Result.Book!.Sources.Select(s => s.Id));
        Assert.NotEmpty(Site.Result.Book.Claims);
        Assert.NotEmpty(Site.Result.Book.Chronology);
    }
}

public sealed class SampleBookSiteTests(SampleBookFixture site) : SiteTests<SampleBookFixture>(site), IClassFixture<SampleBookFixture>
{
    [Fact]
    public void TheSampleBuildsEveryPage()
    {
        Site.RequireSuccess();
        // index, chronology, sources index, 404, search, print contents, 5 print volumes (one per kind), 3 sources,
        // 5 kind indexes, 9 entities, book.json and its one claims file, and the search index's manifest and shards
        var search = Directory.EnumerateFiles(Path.Combine(Site.Output, Path.GetDirectoryName(SiteLayout.SearchIndex)!)).Count();
        Assert.True(search >= 3, $"the search index has {search} file(s): a manifest, a term shard and a document shard at least");
        Assert.Single(Directory.EnumerateFiles(Path.Combine(Site.Output, "data", "claims")));
        Assert.Equal(30 + search, Site.Result.PagesRendered);
        // … plus the theme's assets and the manifest that marks the folder as rjb's
        Assert.Equal(30 + search + Directory.EnumerateFiles(Path.Combine(Repo.Theme, "assets"), "*", SearchOption.AllDirectories).Count() + 1, Site.Result.FilesWritten);
        Assert.Equal(Codes.NotYetAnnotated.Id, Assert.Single(Site.Result.Diagnostics).Code);
    }

    [Fact]
    public void ClaimsLinkToTheExactPassage()
    {
        var page = Site.Page("islands/kunashir.html").Document;
        var claim = page.GetElementById("claim-inherent-territory");
        Assert.NotNull(claim);
        var start = SampleBook.TassText.IndexOf("Japan calls", StringComparison.Ordinal);
        var end = SampleBook.TassText.IndexOf(" rejects", StringComparison.Ordinal) + " rejects".Length;
        var link = claim!.QuerySelector("span.cite a");
        Assert.Equal($"../sources/tass-2018.html#q{start}-{end}", link!.GetAttribute("href"));
        Assert.Contains("\u201Cinherent territory\u201D \u2014 a position", claim.QuerySelector(".cite-preview")!.TextContent);

        var source = Site.Page("sources/tass-2018.html").Document;
        var mark = source.GetElementById($"q{start}-{end}")!.NextElementSibling!;
        Assert.Equal("mark", mark.LocalName);
        Assert.Equal(SampleBook.TassText[start..end], mark.TextContent);
    }

    [Fact]
    public void BoilerplateIsShownApartOnTheSourcePage()
    {
        var source = Site.Page("sources/tass-2018.html").Document;
        var asides = source.QuerySelectorAll("div.boilerplate");
        Assert.Equal(2, asides.Length);
        Assert.Contains("All news", asides[0].TextContent);
        Assert.Contains("Site navigation", asides[0].TextContent);
        Assert.Contains("Subscribe to TASS on Telegram", asides[1].TextContent);
        Assert.Empty(source.QuerySelectorAll("div.boilerplate mark"));
    }

    [Fact]
    public void TheUnannotatedSourceIsListedAsSuch()
    {
        var page = Site.Page("sources/unannotated-2019.html").Document;
        Assert.NotNull(page.QuerySelector("p.notice"));
        Assert.Contains("not yet annotated", Site.Page("sources/index.html").Document.Body!.TextContent);
    }

    [Fact]
    public void DisagreementsAreShownSideBySideAndLinkedFromTheFrontPage()
    {
        var meeting = Site.Page("meetings/moscow-talks-2018.html").Document;
        var section = meeting.GetElementById("differ-talks-outcome");
        Assert.NotNull(section);
        Assert.Equal(2, section!.QuerySelectorAll("li.claim").Length);
        Assert.NotNull(meeting.QuerySelector("a.differ[href='#differences-heading']"));
        var index = Site.Page("index.html").Document;
        Assert.Contains(index.QuerySelectorAll("section.disagreements a"), a => a.GetAttribute("href") == "meetings/moscow-talks-2018.html#differ-talks-outcome");
        // a claim compared there is still in the meeting's timeline, but its id stays with its first appearance
        var again = Assert.Single(meeting.QuerySelectorAll("ol.timeline li.claim"), li => li.TextContent.Contains("called the talks useful"));
        Assert.True(string.IsNullOrEmpty(again.Id), $"second appearance has id {again.Id}");
        Assert.Same(section, meeting.GetElementById("claim-talks-useful")!.Closest("section.difference"));
    }

    [Fact]
    public void SummaryCitationsAreNumberedNotes()
    {
        var page = Site.Page("islands/shikotan.html").Document;
        var link = page.QuerySelector(".summary-sources span.cite a");
        Assert.NotNull(link);
        var start = SampleBook.KyodoText.IndexOf("Shikotan and the Habomai islets", StringComparison.Ordinal);
        Assert.Equal($"../sources/kyodo-2016.html#q{start}-{start + "Shikotan and the Habomai islets".Length}", link!.GetAttribute("href"));
        Assert.NotNull(page.GetElementById("note-1"));
    }

    [Fact]
    public void ChronologyListsDatedClaimsEarliestFirst()
    {
        var ids = Site.Page("chronology.html").Document.QuerySelectorAll("li.claim").Select(e => e.Id).ToList();
        Assert.Equal(["claim-step-by-step", "claim-nagato-arrival", "claim-officials-continue", "claim-talks-useful", "claim-moscow-meeting", "claim-peace-treaty-talks"], ids);
    }
}

/// <summary>Content that is valid but used to break the page structure.</summary>
public class PageStructureTests
{
    [Fact]
    public void ADatedKeyFactThatIsAlsoALatestDevelopmentDoesNotDuplicateIds()
    {
        using var book = SampleBook.Create();
        book.Yaml("book.yaml", SampleBook.BookYaml.Replace("key_facts: [inherent-territory, declaration-handover]", "key_facts: [moscow-meeting]"));
        var result = book.Build();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var index = HtmlPage.Load(Path.Combine(book.Output, "index.html")).Document;
        Assert.Single(index.QuerySelectorAll("section.key-facts li.claim"));
        Assert.Contains(index.QuerySelectorAll("section.latest li.claim"), e => e.TextContent.Contains("met in the Kremlin"));
        var duplicates = index.All.Where(e => !string.IsNullOrEmpty(e.Id)).GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate ids on index.html: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void AMarkdownHeadingInASummaryDoesNotAddASecondH1()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", """
            islands:
              - id: habomai
                name: Habomai
                summary: |
                  # Habomai islets

                  A group of islets off Hokkaido.
            """);
        var result = book.Build();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var page = HtmlPage.Load(Path.Combine(book.Output, "islands", "habomai.html")).Document;
        Assert.Contains("A group of islets", page.QuerySelector(".summary")!.TextContent);
        Assert.Equal(1, page.QuerySelectorAll("h1").Length);
    }
}

/// <summary>The site checks themselves must be able to fail: a tampered copy of a good site is caught.</summary>
public class SiteCheckerTests
{
    [Fact]
    public void TheLinkCheckerReportsMissingFilesFragmentsRootRelativeAndScriptLinks()
    {
        using var site = new SampleBookFixture();
        site.RequireSuccess();
        var index = Path.Combine(site.Output, "index.html");
        File.WriteAllText(index, File.ReadAllText(index).Replace("</main>",
            "<a href=\"islands/atlantis.html\">1</a><a href=\"islands/kunashir.html#nowhere\">2</a>" +
            "<a href=\"/islands/kunashir.html\">3</a><img src=\"assets/missing.png\" alt=\"\"><a href=\"javascript:alert(1)\">5</a>" +
            "<a href=\"../outside.html\">6</a><a href=\"#main\">ok</a><a href=\"islands/kunashir.html#claim-inherent-territory\">ok</a></main>"));
        var problems = Links.BrokenInternalLinks(site);
        Assert.Equal(6, problems.Count);
        Assert.Contains(problems, p => p.Contains("atlantis.html") && p.Contains("missing file"));
        Assert.Contains(problems, p => p.Contains("#nowhere") && p.Contains("no element with id 'nowhere'"));
        Assert.Contains(problems, p => p.Contains("\"/islands/kunashir.html\"") && p.Contains("root-relative"));
        Assert.Contains(problems, p => p.Contains("missing.png"));
        Assert.Contains(problems, p => p.Contains("scheme 'javascript'"));
        Assert.Contains(problems, p => p.Contains("outside.html") && p.Contains("leaves the site"));
    }
}
