using System.Text.Json;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>schema.org JSON-LD on the pages: what each kind of page says about itself, and its claims' sources.</summary>
public abstract class StructuredDataTests<TFixture>(TFixture site) where TFixture : PublishedSampleFixture
{
    protected TFixture Site { get; } = site;

    protected JsonElement Graph(Entity entity) =>
        Assert.Single(SitePages.JsonLd(Site.Page(entity.Url))).GetProperty("@graph");

    protected JsonElement Node(Entity entity) => Graph(entity)[0];

    [Fact]
    public void EveryPageHasAtMostOneJsonLdBlockAndItParses()
    {
        var withData = 0;
        foreach (var file in Site.HtmlFiles())
        {
            var blocks = SitePages.JsonLd(Site.Page(file));
            Assert.True(blocks.Count <= 1, $"{file} has {blocks.Count} JSON-LD blocks");
            if (blocks.Count == 0) continue;
            withData++;
            var root = blocks[0];
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal("https://schema.org", root.GetProperty("@context").GetString());
        }
        // The front page, every entity page and every source page.
        Assert.Equal(1 + Site.Model.Entities.Count + Site.Model.Sources.Count, withData);
    }

    [Theory]
    [InlineData(EntityKind.Leader, "Person")]
    [InlineData(EntityKind.Person, "Person")]
    [InlineData(EntityKind.Island, "Place")]
    [InlineData(EntityKind.Meeting, "Event")]
    [InlineData(EntityKind.Treaty, "Legislation")]
    public void EachKindOfEntityHasItsSchemaType(EntityKind kind, string type)
    {
        var entities = Site.Model.Entities.Where(e => e.Kind == kind).ToList();
        Assert.NotEmpty(entities);
        foreach (var entity in entities)
        {
            var node = Node(entity);
            Assert.Equal(type, node.GetProperty("@type").GetString());
            Assert.Equal(entity.Name, node.GetProperty("name").GetString());
            Assert.Equal(entity.Url, Target(entity.Url, node.GetProperty("url").GetString()!));
        }
    }

    [Fact]
    public void ALeaderHasHisRoleAndCountry()
    {
        var node = Node(Site.Model.EntityById["abe"]);
        Assert.Equal("Prime Minister of Japan", node.GetProperty("jobTitle").GetString());
        Assert.Equal("Japan", node.GetProperty("nationality").GetProperty("name").GetString());
    }

    [Fact]
    public void AMeetingIsAnEventWithDatesLocationAndAttendees()
    {
        var nagato = Node(Site.Model.EntityById["nagato-summit-2016"]);
        Assert.Equal("2016-12-15", nagato.GetProperty("startDate").GetString());
        Assert.Equal("2016-12-16", nagato.GetProperty("endDate").GetString());
        Assert.Equal("Nagato", nagato.GetProperty("location").GetProperty("name").GetString());
        Assert.Equal(["Vladimir Putin", "Shinzo Abe"], nagato.GetProperty("attendee").EnumerateArray().Select(a => a.GetProperty("name").GetString()));

        var moscow = Node(Site.Model.EntityById["moscow-talks-2018"]);
        Assert.Equal("2018-05-26", moscow.GetProperty("startDate").GetString());
        Assert.Equal("Moscow", moscow.GetProperty("location").GetProperty("name").GetString());
        var attendees = moscow.GetProperty("attendee").EnumerateArray().ToList();
        Assert.Equal(["Shinzo Abe", "Vladimir Putin", "Kremlin press service"], attendees.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(["leaders/abe.html", "leaders/putin.html", "people/kremlin-press-service.html"],
            attendees.Select(a => Target("meetings/moscow-talks-2018.html", a.GetProperty("url").GetString()!)));
    }

    [Fact]
    public void ATreatyIsLegislationWithItsDate()
    {
        var node = Node(Site.Model.EntityById["joint-declaration-1956"]);
        Assert.Equal("Legislation", node.GetProperty("@type").GetString());
        Assert.Equal("1956-10-19", node.GetProperty("legislationDate").GetString());
    }

    [Fact]
    public void ClaimsAreClaimsWhoseAppearancesAreTheCitedSourcePages()
    {
        var checkedClaims = 0;
        foreach (var entity in Site.Model.Entities)
        {
            var claims = Graph(entity).EnumerateArray().Skip(1).ToList();
            var expected = Site.Model.ClaimsAbout[entity.Id].ToList();
            Assert.Equal(expected.Count, claims.Count);
            foreach (var (node, claim) in claims.Zip(expected))
            {
                Assert.Equal("Claim", node.GetProperty("@type").GetString());
                Assert.Equal(MarkdownRenderer.Plain(claim.Text), node.GetProperty("text").GetString());
                var appearances = node.GetProperty("appearance").EnumerateArray()
                    .Select(a => Target(entity.Url, a.GetProperty("url").GetString()!)).ToList();
                var cited = claim.Citations.Select(c => Site.Model.SourceById[c.Passage.SourceId].Url).Distinct().ToList();
                Assert.Equal(cited, appearances);
                Assert.All(appearances, a => Assert.True(File.Exists(Path.Combine(Site.Output, a)), $"{a} does not exist"));
                Assert.Equal(claim.About.Select(id => Site.Model.EntityById[id].Url),
                    node.GetProperty("about").EnumerateArray().Select(a => Target(entity.Url, a.GetProperty("@id").GetString()!)));
                checkedClaims++;
            }
        }
        Assert.True(checkedClaims >= SampleBook.ClaimCount, $"only {checkedClaims} claims checked");
        // leaders-have-met cites two sources: both are appearances.
        var twoSources = Graph(Site.Model.EntityById["abe"]).EnumerateArray()
            .Single(n => n.GetProperty("@type").GetString() == "Claim" && n.GetProperty("text").GetString() == "Putin and Abe have held talks in both countries.");
        Assert.Equal(2, twoSources.GetProperty("appearance").GetArrayLength());
    }

    [Fact]
    public void SourcePagesAreNewsArticlesAndTheFrontPageIsTheWebSite()
    {
        var tass = Assert.Single(SitePages.JsonLd(Site.Page("sources/tass-2018.html")));
        Assert.Equal("NewsArticle", tass.GetProperty("@type").GetString());
        Assert.Equal("TASS", tass.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("2018-05-26", tass.GetProperty("datePublished").GetString());
        Assert.Equal("https://tass.com/example", tass.GetProperty("sameAs").GetString());
        var index = Assert.Single(SitePages.JsonLd(Site.Page("index.html")));
        Assert.Equal("WebSite", index.GetProperty("@type").GetString());
        Assert.Equal(SampleBook.BookYaml.Split('"')[1], index.GetProperty("name").GetString());
    }

    /// <summary>The site path an id or url of the JSON-LD on a page points at; checks it has the form this mode requires.</summary>
    protected abstract string Target(string pagePath, string url);

    /// <summary>Every "@id" and "url" anywhere in a JSON-LD document.</summary>
    protected static IEnumerable<string> Addresses(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            (p.Name is "@id" or "url") && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Addresses(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Addresses),
        _ => [],
    };
}

public sealed class RelativeStructuredDataTests(RelativeSampleFixture site)
    : StructuredDataTests<RelativeSampleFixture>(site), IClassFixture<RelativeSampleFixture>
{
    protected override string Target(string pagePath, string url)
    {
        Assert.True(Links.Scheme(url) is null && !url.StartsWith('/'), $"{pagePath}: JSON-LD address '{url}' is not page-relative");
        return SitePages.Resolve(pagePath, url).Path;
    }

    [Fact]
    public void EveryAddressIsRelativeAndLeadsToAPage()
    {
        var count = 0;
        foreach (var file in Site.HtmlFiles())
            foreach (var block in SitePages.JsonLd(Site.Page(file)))
                foreach (var address in Addresses(block))
                {
                    var target = Target(file, address);
                    Assert.True(File.Exists(Path.Combine(Site.Output, target)), $"{file}: '{address}' leads to missing {target}");
                    count++;
                }
        Assert.True(count > 50, $"only {count} addresses");
    }
}

public sealed class AbsoluteStructuredDataTests(SubPathSampleFixture site)
    : StructuredDataTests<SubPathSampleFixture>(site), IClassFixture<SubPathSampleFixture>
{
    private const string Base = PublishedSampleFixture.ExpectedBase;

    protected override string Target(string pagePath, string url)
    {
        Assert.True(url.StartsWith(Base, StringComparison.Ordinal), $"{pagePath}: JSON-LD address '{url}' is not absolute under {Base}");
        return Uri.UnescapeDataString(url[Base.Length..].Split('#')[0]);
    }

    [Fact]
    public void EveryIdAndUrlIsAbsoluteUnderTheBase()
    {
        var count = 0;
        foreach (var file in Site.HtmlFiles())
            foreach (var block in SitePages.JsonLd(Site.Page(file)))
                foreach (var address in Addresses(block))
                {
                    var target = Target(file, address);
                    Assert.True(File.Exists(Path.Combine(Site.Output, target)), $"{file}: '{address}' leads to missing {target}");
                    count++;
                }
        Assert.True(count > 50, $"only {count} addresses");
        var abe = Node(Site.Model.EntityById["abe"]);
        Assert.Equal(Base + "leaders/abe.html", abe.GetProperty("@id").GetString());
        Assert.Equal(Base + "leaders/abe.html", abe.GetProperty("url").GetString());
        Assert.Equal(Base + "index.html", Assert.Single(SitePages.JsonLd(Site.Page("index.html"))).GetProperty("url").GetString());
    }
}

/// <summary>An entity name written to close the script element cannot: it stays a string inside the JSON.</summary>
public class StructuredDataInjectionTests
{
    private const string Hostile = "</script><script>alert(1)</script>";

    [Fact]
    public void AHostileNameStaysInsideTheJsonLdScript()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz-hostile.yaml", $"""
            leaders:
              - id: hostile
                name: "{Hostile}"
                role: "{Hostile}"
                summary: "A name that tries to close the script element."
            meetings:
              - id: hostile-meeting
                name: "Meeting {Hostile}"
                date: 2019-01-22
                place: "{Hostile}"
                participants: [hostile, abe]
                summary: A meeting.
            """);
        var result = PublishingBook.Require(book.Build());

        foreach (var (path, selfName) in new[] { ("leaders/hostile.html", Hostile), ("meetings/hostile-meeting.html", "Meeting " + Hostile) })
        {
            var html = File.ReadAllText(Path.Combine(book.Output, path));
            Assert.DoesNotContain("<script>alert(1)", html);
            var page = HtmlPage.Parse(path, html);
            var scripts = page.Document.QuerySelectorAll("script").ToList();
            var data = scripts.Where(s => s.GetAttribute("type") == "application/ld+json").ToList();
            Assert.True(data.Count == 1, $"{path} has {data.Count} JSON-LD script elements");
            // Any other script is the theme's own, loaded by address: no inline script came out of the name.
            Assert.All(scripts.Except(data), s => Assert.True(s.HasAttribute("src") && string.IsNullOrWhiteSpace(s.TextContent),
                $"{path} has an inline script: {s.OuterHtml}"));
            var node = Assert.Single(SitePages.JsonLd(page)).GetProperty("@graph")[0];
            Assert.Equal(selfName, node.GetProperty("name").GetString());
            Assert.Equal(selfName, page.Document.QuerySelector("h1")!.TextContent);
        }
        var meeting = Assert.Single(SitePages.JsonLd(HtmlPage.Load(Path.Combine(book.Output, "meetings", "hostile-meeting.html")))).GetProperty("@graph")[0];
        Assert.Equal([Hostile, "Shinzo Abe"], meeting.GetProperty("attendee").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(Hostile, meeting.GetProperty("location").GetProperty("name").GetString());
        Assert.Equal(Hostile, Assert.Single(SitePages.JsonLd(HtmlPage.Load(Path.Combine(book.Output, "leaders", "hostile.html")))).GetProperty("@graph")[0].GetProperty("jobTitle").GetString());
        Assert.NotNull(result.Book);
    }
}
