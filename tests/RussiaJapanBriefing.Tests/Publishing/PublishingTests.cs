using System.Globalization;
using System.Xml.Linq;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>Without a base URL the site is fully relative: it works from disk and from any address, and has no feeds.</summary>
public sealed class RelativeModeTests(RelativeSampleFixture site) : IClassFixture<RelativeSampleFixture>
{
    [Theory]
    [InlineData("sitemap.xml")]
    [InlineData("robots.txt")]
    [InlineData("atom.xml")]
    public void FilesThatNeedAbsoluteAddressesAreNotWritten(string file)
    {
        _ = site.Model;
        Assert.True(File.Exists(Path.Combine(site.Output, "index.html")));
        Assert.False(File.Exists(Path.Combine(site.Output, file)), $"{file} was written without a base URL");
    }

    [Fact]
    public void NoPageHasACanonicalOrFeedLink()
    {
        var files = site.HtmlFiles();
        Assert.Contains("404.html", files);
        foreach (var file in files)
        {
            var head = site.Page(file).Document.Head!;
            Assert.True(head.QuerySelectorAll("link[rel=canonical]").Length == 0, $"{file} has a canonical link without a base URL");
            Assert.True(head.QuerySelectorAll("link[rel=alternate]").Length == 0, $"{file} links a feed that is not written");
        }
    }

    [Fact]
    public void EveryInternalLinkIsRelativeIncludingOnThe404Page()
    {
        var originals = site.OriginalArticleUrls();
        Assert.NotEmpty(originals);
        var problems = new List<string>();
        var checkedLinks = 0;
        foreach (var file in site.HtmlFiles())
        {
            foreach (var (element, attribute, value) in SitePages.Urls(site.Page(file)))
            {
                if (originals.Any(o => value.StartsWith(o.Split('#')[0], StringComparison.Ordinal))) continue;
                checkedLinks++;
                var where = $"{file}: <{element.LocalName} {attribute}=\"{value}\">";
                if (value.StartsWith('/')) problems.Add($"{where} is root-relative");
                else if (Links.Scheme(value) is { } scheme) problems.Add($"{where} has scheme '{scheme}'");
            }
        }
        Assert.True(checkedLinks > 100, $"only {checkedLinks} links checked");
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void The404PageLinksRelativelyToTheFrontPageAndStylesheet()
    {
        var page = site.Page("404.html");
        Assert.Equal("Page not found", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("assets/style.css", page.Document.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
        Assert.Contains(page.Document.QuerySelectorAll("main a"), a => a.GetAttribute("href") == "index.html");
        Assert.Contains(page.Document.QuerySelectorAll("main a"), a => a.GetAttribute("href") == "chronology.html");
    }
}

/// <summary>
/// With a base URL under a sub-path: canonical links, a sitemap, robots.txt and an Atom feed of the chronology, all
/// absolute under the base; the 404 page links absolutely; every other internal link stays relative.
/// Run for the base given with and without its trailing slash.
/// </summary>
public abstract class BaseUrlModeTests<TFixture>(TFixture site) where TFixture : PublishedSampleFixture
{
    private const string Base = PublishedSampleFixture.ExpectedBase;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public void TheBaseUrlEndsInASlash() => Assert.Equal(Base, site.BaseUrl!.AbsoluteUri);

    [Fact]
    public void EveryPageButThe404HasOneCanonicalLinkToItsOwnAddress()
    {
        var files = site.HtmlFiles();
        Assert.Contains("404.html", files);
        Assert.Contains("sources/index.html", files);
        foreach (var file in files)
        {
            var canonical = site.Page(file).Document.QuerySelectorAll("link[rel=canonical]").Select(l => l.GetAttribute("href")).ToList();
            if (file == "404.html") Assert.True(canonical.Count == 0, "the 404 page has a canonical link: " + string.Join(", ", canonical));
            else Assert.True(canonical.SequenceEqual([Base + file]), $"{file}: canonical {string.Join(", ", canonical)}, expected {Base + file}");
        }
    }

    [Fact]
    public void EveryPageLinksTheFeed()
    {
        foreach (var file in site.HtmlFiles())
        {
            var feeds = site.Page(file).Document.QuerySelectorAll("link[rel=alternate][type='application/atom+xml']").Select(l => l.GetAttribute("href")).ToList();
            Assert.True(feeds.SequenceEqual([Base + "atom.xml"]), $"{file}: feed links {string.Join(", ", feeds)}");
        }
    }

    [Fact]
    public void TheSitemapListsEveryPageButThe404OnceWithAbsoluteAddresses()
    {
        var sitemap = XDocument.Parse(File.ReadAllText(Path.Combine(site.Output, "sitemap.xml")));
        Assert.Equal(Sitemaps + "urlset", sitemap.Root!.Name);
        var urls = sitemap.Root.Elements(Sitemaps + "url").ToList();
        Assert.All(urls, u => Assert.Single(u.Elements(Sitemaps + "loc")));
        var locs = urls.Select(u => u.Element(Sitemaps + "loc")!.Value.Trim()).ToList();

        var duplicates = locs.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "listed more than once: " + string.Join(", ", duplicates));
        Assert.All(locs, l => Assert.StartsWith(Base, l));
        Assert.All(locs, l => Assert.True(Uri.TryCreate(l, UriKind.Absolute, out var u) && u.Scheme == "https", $"'{l}' is not an absolute address"));
        var expected = site.HtmlFiles().Where(f => f != "404.html").Select(f => Base + f).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 20, $"only {expected.Count} pages");
        Assert.Equal(expected, locs.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void RobotsTxtNamesTheSitemap()
    {
        var lines = File.ReadAllLines(Path.Combine(site.Output, "robots.txt"));
        Assert.Contains("User-agent: *", lines);
        Assert.Contains($"Sitemap: {Base}sitemap.xml", lines);
    }

    [Fact]
    public void TheAtomFeedIsValidAtomWithAnAbsoluteIdTitleUpdatedAndSelfLink()
    {
        var feed = XDocument.Parse(File.ReadAllText(Path.Combine(site.Output, "atom.xml"))).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + "title")?.Value), "the feed has no title");
        Assert.StartsWith(Base, feed.Element(Atom + "id")!.Value);
        Assert.True(Uri.IsWellFormedUriString(feed.Element(Atom + "id")!.Value, UriKind.Absolute));
        Assert.True(IsRfc3339(feed.Element(Atom + "updated")?.Value), $"feed updated '{feed.Element(Atom + "updated")?.Value}' is not an RFC 3339 date-time");
        var self = feed.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "self").ToList();
        Assert.Equal(Base + "atom.xml", Assert.Single(self).Attribute("href")!.Value);
        // Atom requires an author on the feed or on every entry.
        Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + "author")?.Element(Atom + "name")?.Value), "the feed has no author name");
    }

    [Fact]
    public void TheFeedHasOneEntryPerDatedClaimNewestFirstWithAbsoluteIdsAndLinks()
    {
        var feed = XDocument.Parse(File.ReadAllText(Path.Combine(site.Output, "atom.xml"))).Root!;
        var entries = feed.Elements(Atom + "entry").ToList();
        var chronology = site.Model.Chronology;
        Assert.Equal(6, chronology.Count);
        Assert.Equal(chronology.Count, entries.Count);

        var updated = new List<DateTimeOffset>();
        foreach (var entry in entries)
        {
            var id = entry.Element(Atom + "id")?.Value;
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "title")?.Value), "an entry has no title");
            Assert.NotNull(id);
            Assert.StartsWith(Base, id);
            Assert.True(Uri.IsWellFormedUriString(id, UriKind.Absolute), $"entry id '{id}' is not absolute");
            var link = Assert.Single(entry.Elements(Atom + "link")).Attribute("href")!.Value;
            Assert.StartsWith(Base, link);
            var value = entry.Element(Atom + "updated")?.Value;
            Assert.True(IsRfc3339(value), $"entry updated '{value}' is not an RFC 3339 date-time");
            updated.Add(DateTimeOffset.Parse(value!, CultureInfo.InvariantCulture));

            // The entry's link leads to the claim on the chronology page.
            var (path, fragment) = (new Uri(link).AbsolutePath, new Uri(link).Fragment.TrimStart('#'));
            Assert.Equal("/briefing/chronology.html", path);
            Assert.NotNull(site.Page("chronology.html").Document.GetElementById(fragment));
        }
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
        for (var i = 1; i < updated.Count; i++)
            Assert.True(updated[i - 1] >= updated[i], $"entry {i} ({updated[i]:u}) is newer than entry {i - 1} ({updated[i - 1]:u}): not newest first");
        var newest = chronology.Max(c => Model.PartialDate.FirstDay(c.Date!.Start));
        Assert.Equal(newest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), updated[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(chronology.Select(c => $"{Base}chronology.html#claim-{c.Id}").Reverse(), entries.Select(e => e.Element(Atom + "id")!.Value));
    }

    [Fact]
    public void The404PageLinksAbsolutelySoItWorksAtAnyDepth()
    {
        var page = site.Page("404.html");
        var urls = SitePages.Urls(page).Where(u => !u.Value.StartsWith('#')).ToList();
        Assert.True(urls.Count >= 10, $"only {urls.Count} links on the 404 page");
        foreach (var (element, attribute, value) in urls)
            Assert.True(value.StartsWith(Base, StringComparison.Ordinal), $"404.html: <{element.LocalName} {attribute}=\"{value}\"> is not under {Base}");
        Assert.Contains(urls, u => u.Value == Base + "index.html");
        Assert.Contains(urls, u => u.Value == Base + "assets/style.css");
    }

    [Fact]
    public void InternalLinksOfTheOtherPagesStayRelative()
    {
        var originals = site.OriginalArticleUrls();
        var problems = new List<string>();
        var relative = 0;
        foreach (var file in site.HtmlFiles().Where(f => f != "404.html"))
        {
            foreach (var (element, attribute, value) in SitePages.Urls(site.Page(file)))
            {
                var rel = element.GetAttribute("rel");
                if (element.LocalName == "link" && rel is "canonical" or "alternate") continue;
                if (originals.Any(o => value.StartsWith(o.Split('#')[0], StringComparison.Ordinal))) continue;
                var where = $"{file}: <{element.LocalName} {attribute}=\"{value}\">";
                if (value.StartsWith('/')) problems.Add($"{where} is root-relative");
                else if (Links.Scheme(value) is { } scheme) problems.Add($"{where} is absolute ({scheme}:)");
                else relative++;
            }
        }
        Assert.True(relative > 100, $"only {relative} relative links");
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    private static bool IsRfc3339(string? value) =>
        value is not null && DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

public sealed class SubPathBaseUrlTests(SubPathSampleFixture site)
    : BaseUrlModeTests<SubPathSampleFixture>(site), IClassFixture<SubPathSampleFixture>;

public sealed class SubPathWithoutSlashBaseUrlTests(SubPathWithoutSlashSampleFixture site)
    : BaseUrlModeTests<SubPathWithoutSlashSampleFixture>(site), IClassFixture<SubPathWithoutSlashSampleFixture>;

/// <summary>Parsing and passing the base URL, from the library and from the command line.</summary>
public class BaseUrlTests
{
    [Theory]
    [InlineData("https://example.org/briefing/", "https://example.org/briefing/")]
    [InlineData("https://example.org/briefing", "https://example.org/briefing/")]
    [InlineData("http://example.org", "http://example.org/")]
    [InlineData("https://user.github.io/russia-japan/", "https://user.github.io/russia-japan/")]
    public void AbsoluteWebAddressesAreAcceptedAndEndInASlash(string text, string expected)
    {
        Assert.True(BriefingBuilder.TryParseBaseUrl(text, out var url), $"'{text}' was refused");
        Assert.Equal(expected, url!.AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://example.org/briefing/")]
    [InlineData("file:///var/www/briefing/")]
    [InlineData("mailto:editor@example.org")]
    [InlineData("briefing/")]
    [InlineData("/briefing/")]
    [InlineData("example.org/briefing")]
    [InlineData("https://example.org/briefing/?v=2")]
    [InlineData("https://example.org/briefing/#top")]
    [InlineData("https://example.org/briefing?v=2#top")]
    [InlineData("notaurl")]
    [InlineData("")]
    public void OtherAddressesAreRefused(string text)
    {
        Assert.False(BriefingBuilder.TryParseBaseUrl(text, out var url), $"'{text}' was accepted as {url}");
        Assert.Null(url);
    }

    [Theory]
    [InlineData("notaurl")]
    [InlineData("ftp://example.org/briefing/")]
    [InlineData("https://example.org/briefing/?v=2")]
    public void TheCommandLineExitsTwoForABadBaseUrlAndWritesNothing(string text)
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, "build", "--seeds", "seeds", "--content", "content", "--theme", book.Theme,
            "--output", "site", "--no-cache", "--base-url", text);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("--base-url", run.Stderr);
        Assert.False(Directory.Exists(book.Combine("site")), "a build with a bad --base-url wrote a site");
    }

    [Fact]
    public void TheCommandLinePublishesUnderASubPathGivenWithoutItsSlash()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, "build", "--seeds", "seeds", "--content", "content", "--theme", book.Theme,
            "--output", "site", "--no-cache", "--base-url", "https://example.org/briefing");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locs = XDocument.Load(book.Combine("site", "sitemap.xml")).Descendants(ns + "loc").Select(l => l.Value).ToList();
        Assert.Contains("https://example.org/briefing/index.html", locs);
        Assert.All(locs, l => Assert.StartsWith("https://example.org/briefing/", l));
        var canonical = HtmlPage.Load(book.Combine("site", "leaders", "abe.html")).Document.QuerySelector("link[rel=canonical]")?.GetAttribute("href");
        Assert.Equal("https://example.org/briefing/leaders/abe.html", canonical);
    }

    /// <summary>
    /// BuildOptions.BaseUrl is public API: a sub-path given there without its trailing slash must not silently
    /// publish every address one level up (https://example.org/index.html instead of …/briefing/index.html).
    /// </summary>
    [Fact]
    public void ABaseUrlWithoutSlashPassedToBuildOptionsStillPublishesUnderTheSubPath()
    {
        using var book = SampleBook.Create();
        var result = BriefingBuilder.Run(book.Options with { BaseUrl = new Uri("https://example.org/briefing") }, BuildMode.Build);
        PublishingBook.Require(result);
        var canonical = HtmlPage.Load(Path.Combine(book.Output, "index.html")).Document.QuerySelector("link[rel=canonical]")?.GetAttribute("href");
        Assert.Equal("https://example.org/briefing/index.html", canonical);
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        Assert.All(XDocument.Load(Path.Combine(book.Output, "sitemap.xml")).Descendants(ns + "loc").Select(l => l.Value),
            l => Assert.StartsWith("https://example.org/briefing/", l));
    }
}

/// <summary>The same inputs give byte-identical output, wherever they and the output live.</summary>
public class DeterminismTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("https://example.org/briefing/")]
    public void TwoCleanBuildsIntoDifferentFoldersAreByteIdentical(string? baseUrl)
    {
        using var book = SampleBook.Create();
        Uri? url = null;
        if (baseUrl is not null) Assert.True(BriefingBuilder.TryParseBaseUrl(baseUrl, out url));
        var first = book.Combine("one", "output");
        var second = book.Combine("two", "deeper", "site");
        PublishingBook.Require(BriefingBuilder.Run(book.Options with { Output = first, BaseUrl = url }, BuildMode.Build));
        PublishingBook.Require(BriefingBuilder.Run(book.Options with { Output = second, BaseUrl = url }, BuildMode.Build));
        Assert.Equal(baseUrl is not null, File.Exists(Path.Combine(first, "atom.xml")));
        FolderState.AssertSameBytes(first, second, "two clean builds of the same inputs");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://example.org/briefing/")]
    public void InputsCopiedElsewhereBuildTheSameSite(string? baseUrl)
    {
        using var book = SampleBook.Create();
        using var copy = new TempDir("rjb-copy-");
        TempDir.CopyDirectory(book.Seeds, copy.Combine("s"));
        TempDir.CopyDirectory(book.Content, copy.Combine("c"));
        Uri? url = null;
        if (baseUrl is not null) Assert.True(BriefingBuilder.TryParseBaseUrl(baseUrl, out url));
        PublishingBook.Require(BriefingBuilder.Run(book.Options with { BaseUrl = url }, BuildMode.Build));
        PublishingBook.Require(BriefingBuilder.Run(new BuildOptions(copy.Combine("s"), copy.Combine("c"), book.Theme, copy.Combine("o"), url), BuildMode.Build));
        FolderState.AssertSameBytes(book.Output, copy.Combine("o"), "the same inputs in another folder");
    }
}

/// <summary>The site is assembled beside the output folder and swapped in whole, or not at all.</summary>
public class AtomicPublishTests
{
    private const string BrokenClaim = """
        claims:
          - id: zz-broken-quote
            text: A quote that is not in the source.
            about: [abe]
            cite:
              - source: tass-2018
                quote: This sentence was never written by anyone, anywhere
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFailingBuildLeavesThePreviousOutputByteIdenticalAndNoStagingFolder(bool cache)
    {
        using var book = new PublishingBook();
        var output = book.Book.Combine("site", "output");
        PublishingBook.Require(BriefingBuilder.Run(book.Options(output, cache: cache), BuildMode.Build));
        var before = FolderState.Of(output);

        book.Book.Yaml("zz-broken.yaml", BrokenClaim);
        var failed = BriefingBuilder.Run(book.Options(output, cache: cache), BuildMode.Build);

        Assert.False(failed.Succeeded);
        Assert.Equal(Codes.QuoteNotFound.Id, Assert.Single(failed.Errors()).Code);
        Assert.Null(failed.Publish);
        FolderState.AssertUntouched(before, FolderState.Of(output));
        Assert.Equal(["output"], Directory.GetFileSystemEntries(book.Book.Combine("site")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARebuildSwapsInTheWholeSiteAndDropsFilesThatNoLongerBelong(bool cache)
    {
        using var book = new PublishingBook();
        var output = book.Book.Combine("site", "output");
        PublishingBook.Require(BriefingBuilder.Run(book.Options(output, cache: cache), BuildMode.Build));
        // As an earlier build of a bigger book left them: files listed in the manifest as rjb's own.
        File.WriteAllText(Path.Combine(output, "stale.html"), "an earlier page");
        File.WriteAllText(Path.Combine(output, "islands", "removed-island.html"), "an earlier page");
        Directory.CreateDirectory(Path.Combine(output, "old-section"));
        File.WriteAllText(Path.Combine(output, "old-section", "index.html"), "an earlier section");
        File.AppendAllLines(Path.Combine(output, OutputFolder.ManifestPath),
            new[] { "stale.html", "islands/removed-island.html", "old-section/index.html" }.Select(path => $"{new string('0', 64)}  {path}"));
        // A real change, so the cached build has something to publish too.
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks useful and constructive."));

        var result = PublishingBook.Require(BriefingBuilder.Run(book.Options(output, cache: cache), BuildMode.Build));

        Assert.False(File.Exists(Path.Combine(output, "stale.html")), "a file of an earlier build survived the swap");
        Assert.False(File.Exists(Path.Combine(output, "islands", "removed-island.html")), "a file of an earlier build survived the swap");
        Assert.False(Directory.Exists(Path.Combine(output, "old-section")), "a folder of an earlier build survived the swap");
        FolderState.AssertSameBytes(book.BuildClean(), output, "the swapped-in site");
        Assert.Equal(["output"], Directory.GetFileSystemEntries(book.Book.Combine("site")).Select(Path.GetFileName));
        Assert.NotNull(result.Publish);
    }

    [Fact]
    public void AFirstBuildIntoAFolderThatDoesNotExistYetLeavesOnlyTheOutput()
    {
        using var book = new PublishingBook();
        var output = book.Book.Combine("a", "b", "output");
        PublishingBook.Require(BriefingBuilder.Run(book.Options(output), BuildMode.Build));
        Assert.True(File.Exists(Path.Combine(output, "index.html")));
        Assert.Equal(["output"], Directory.GetFileSystemEntries(book.Book.Combine("a", "b")).Select(Path.GetFileName));
    }

    /// <summary>"--output output/" is what shell completion types; the trailing separator must not change anything.</summary>
    [Fact]
    public void AnOutputFolderGivenWithATrailingSeparatorIsPublishedLikeAnyOther()
    {
        using var book = new PublishingBook();
        var output = book.Book.Combine("site", "output");
        var result = BriefingBuilder.Run(book.Options(output + Path.DirectorySeparatorChar), BuildMode.Build);
        Assert.True(result.Succeeded, "the build failed:" + Environment.NewLine + result.Diagnostics.Dump());
        Assert.True(File.Exists(Path.Combine(output, "index.html")));
        Assert.Equal(["output"], Directory.GetFileSystemEntries(book.Book.Combine("site")).Select(Path.GetFileName));
        FolderState.AssertSameBytes(book.BuildClean(), output, "a build into 'output/'");
    }
}

/// <summary>A seed nobody has annotated yet is published as such, and only warned about.</summary>
public class UnannotatedSeedTests
{
    private const string FreshText = "A fresh article about the Habomai islets, added this morning.\nIt has two lines.\n";

    [Fact]
    public void ANewSeedWithoutAnnotationsBuildsAndItsPageSaysItIsNotYetAnnotated()
    {
        using var book = SampleBook.Create();
        book.Seed("fresh-2021", FreshText);
        var result = PublishingBook.Require(book.Build());

        Assert.Contains(result.Diagnostics, d => d.Code == Codes.NotYetAnnotated.Id && d.Severity == Severity.Warning && d.Location.Path.EndsWith("fresh-2021.txt", StringComparison.Ordinal));
        var page = HtmlPage.Load(Path.Combine(book.Output, "sources", "fresh-2021.html")).Document;
        Assert.Contains("not yet annotated", page.QuerySelector("main")!.TextContent);
        Assert.Contains("A fresh article about the Habomai islets", page.QuerySelector("main")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("mark"));

        var sources = HtmlPage.Load(Path.Combine(book.Output, "sources", "index.html")).Document;
        var item = sources.QuerySelectorAll("main li").SingleOrDefault(li =>
            li.QuerySelector("a")?.GetAttribute("href") is { } href && SitePages.Resolve("sources/index.html", href).Path == "sources/fresh-2021.html");
        Assert.NotNull(item);
        Assert.Equal("not yet annotated", item.QuerySelector(".detail")?.TextContent.Trim());
    }

    [Fact]
    public void CheckWarnsRjb0502ForTheNewSeedAndExitsZero()
    {
        using var book = SampleBook.Create();
        book.Seed("fresh-2021", FreshText);
        var run = Cli.Execute(book.Path, "check", "--seeds", "seeds", "--content", "content", "--theme", book.Theme);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("seeds/fresh-2021.txt: warning RJB0502:", run.Stderr);
        Assert.DoesNotContain("error", run.Stderr);
        Assert.StartsWith("check passed: 4 sources,", run.Stdout);
    }
}
