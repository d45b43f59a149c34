using AngleSharp.Dom;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Every text an editor writes ends up in HTML. Script, event handlers and javascript: links in any of them must
/// come out inert: shown as text or dropped, never executable.
/// </summary>
public sealed class InjectionFixture : IDisposable
{
    public const string Script = "<script>alert(1)</script>";
    public const string Img = "<img src=x onerror=alert(1)>";
    public const string Link = "[x](javascript:alert(1))";

    public InjectionFixture()
    {
        Book = SampleBook.Create();
        // Every field that reaches a page carries the payloads; double-quoted YAML keeps them verbatim.
        const string all = Script + " " + Img + " " + Link;
        Book.Yaml("book.yaml", $"""
            book:
              title: "Briefing {Script}"
              summary: "{all} [y](JAVASCRIPT:alert(1)) <javascript:alert(1)> ![i](javascript:alert(1)) [z](data:text/html;base64,PHNjcmlwdD4=) <iframe src=javascript:alert(1)></iframe>"
              key_facts: [evil-claim]
            """);
        Book.Yaml("zz-evil.yaml", $"""
            islands:
              - id: evil
                name: "Evil {Script} {Img}"
                aliases:
                  - name: "{Script}"
                    used_by: "{Img}"
                    note: "{Link}"
                  - "{Img}"
                summary: |
                  {all}

                  <div onclick="alert(1)">block html</div>

                  [ref link][r] and [v](vbscript:msgbox(1)) and [t](java&#x09;script:alert(1))

                  [r]: javascript:alert(1)
                related: [kunashir]
            leaders:
              - id: evil-leader
                name: "{Img}"
                role: "{Script}"
                country: "{Img}"
                summary: "{Link}"
            meetings:
              - id: evil-meeting
                name: "{Link}"
                summary: "{Img}"
                place: "{Script}"
                format: "{Img}"
                participants: [evil-leader]
            treaties:
              - id: evil-treaty
                name: "{Script}"
                summary: "{Script}"
                status: "{Img}"
            claims:
              - id: evil-claim
                text: "{all}"
                about: [evil, evil-leader, evil-meeting, evil-treaty]
                date: 2018-05-26
                date_note: "{Script} {Img}"
                according_to: "{Img} {Script}"
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
            """);
        Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml
            .Replace("outlet: TASS", $"outlet: \"TASS {Script}\"")
            .Replace("headline: Abe and Putin meet in Moscow", $"headline: \"Abe and Putin {Img}\"")
            .Replace("dateline: Moscow", $"dateline: \"{Script}\"")
            .Replace("published: 2018-05-26", $"published: 2018-05-26\n    published_note: \"{Img} {Link}\"")
            .Replace("        reason: Subscription appeal\n", $"        reason: \"{Script}\"\n    uncited:\n      - quote: Abe and Putin meet in Moscow\n        reason: \"{Img} {Script}\"\n"));
        Book.Yaml("disagreements.yaml", $"""
            disagreements:
              - id: evil-difference
                topic: "{Script} {Img}"
                about: [evil, putin]
                claims: [evil-claim, talks-useful]
                note: "{all}"
                kind: sources
            """);
        Result = Book.Build();
    }

    public TempBook Book { get; }
    public BuildResult Result { get; }

    public IEnumerable<(string File, IDocument Document)> Pages()
    {
        Assert.True(Result.Succeeded, Result.Diagnostics.Dump());
        return Directory.EnumerateFiles(Book.Output, "*.html", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(Book.Output, f), (IDocument)HtmlPage.Load(f).Document));
    }

    public IDocument Page(string relative)
    {
        Assert.True(Result.Succeeded, Result.Diagnostics.Dump());
        return HtmlPage.Load(Path.Combine(Book.Output, relative)).Document;
    }

    public void Dispose() => Book.Dispose();
}

public class InjectionTests(InjectionFixture fixture) : IClassFixture<InjectionFixture>
{
    private static readonly string[] ActiveElements = ["script", "iframe", "object", "embed", "frame", "frameset", "form", "base", "svg", "math"];

    [Fact]
    public void TheHostileBookBuilds()
    {
        Assert.True(fixture.Result.Succeeded, fixture.Result.Diagnostics.Dump());
        Assert.True(fixture.Pages().Count() > 10);
    }

    [Fact]
    public void NoPageHasAScriptOrOtherActiveElement()
    {
        var found = fixture.Pages()
            .SelectMany(p => p.Document.All.Where(e => ActiveElements.Contains(e.LocalName) && !IsStructuredData(e) && !IsThemeScript(e) && !IsThemeSearchForm(e)).Select(e => $"{p.File}: <{e.LocalName}>"))
            .ToList();
        Assert.True(found.Count == 0, Links.Report(found));
    }

    /// <summary>The theme's search box: a GET form to the book's own search page.</summary>
    private static bool IsThemeSearchForm(AngleSharp.Dom.IElement e) =>
        e.LocalName == "form" && e.GetAttribute("role") == "search" && e.GetAttribute("method") == "get"
        && e.GetAttribute("action") is { } action && System.Text.RegularExpressions.Regex.IsMatch(action, @"^(\.\./)*search\.html$");

    /// <summary>The theme's own scripts: an empty script element whose only attribute loads a file the build ships.</summary>
    private static bool IsThemeScript(AngleSharp.Dom.IElement e) =>
        e.LocalName == "script" && e.TextContent.Length == 0
        && e.Attributes.All(a => a.Name is "src" or "defer")
        && e.GetAttribute("src") is { } src
        && System.Text.RegularExpressions.Regex.IsMatch(src, @"^(\.\./)*(assets/[a-z0-9/_.-]+\.js|data/search/manifest\.js)$");

    /// <summary>The theme's JSON-LD block is data, not code: allowed only when it is exactly that and parses as JSON.</summary>
    private static bool IsStructuredData(AngleSharp.Dom.IElement e)
    {
        if (e.LocalName != "script" || e.GetAttribute("type") != "application/ld+json" || e.Attributes.Length != 1) return false;
        using var json = System.Text.Json.JsonDocument.Parse(e.TextContent);
        return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
    }

    [Fact]
    public void NoElementHasAnEventHandlerAttribute()
    {
        var found = fixture.Pages()
            .SelectMany(p => p.Document.All.SelectMany(e => e.Attributes
                .Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                .Select(a => $"{p.File}: <{e.LocalName} {a.Name}=\"{a.Value}\">")))
            .ToList();
        Assert.True(found.Count == 0, Links.Report(found));
    }

    [Fact]
    public void NoLinkOrSourceUsesAScriptOrDataScheme()
    {
        var found = fixture.Pages()
            .SelectMany(p => p.Document.All.SelectMany(e => e.Attributes
                .Where(a => a.Name is "href" or "src" or "action" or "formaction" or "xlink:href" or "srcdoc" or "srcset")
                .Where(a => Links.Scheme(a.Value) is { } s && s is not ("http" or "https" or "mailto"))
                .Select(a => $"{p.File}: <{e.LocalName} {a.Name}=\"{a.Value}\">")))
            .ToList();
        Assert.True(found.Count == 0, Links.Report(found));
    }

    [Fact]
    public void RawHtmlIsShownAsText()
    {
        var entity = fixture.Page("islands/evil.html");
        Assert.Equal($"Evil {InjectionFixture.Script} {InjectionFixture.Img}", entity.QuerySelector("h1")!.TextContent);
        Assert.Contains(InjectionFixture.Script, entity.QuerySelector(".summary")!.TextContent);
        Assert.Contains(InjectionFixture.Img, entity.QuerySelector(".summary")!.TextContent);
        var claim = entity.GetElementById("claim-evil-claim")!;
        Assert.Contains(InjectionFixture.Script, claim.QuerySelector(".claim-text")!.TextContent);
        Assert.Contains(InjectionFixture.Img, claim.QuerySelector(".according-to")!.TextContent);
        Assert.Contains(InjectionFixture.Script, claim.QuerySelector(".date-note")!.TextContent);
        Assert.Contains($"Briefing {InjectionFixture.Script}", fixture.Page("index.html").Title);
        var difference = entity.GetElementById("differ-evil-difference")!;
        Assert.Equal($"{InjectionFixture.Script} {InjectionFixture.Img}", difference.QuerySelector("h3")!.TextContent);
        var source = fixture.Page("sources/tass-2018.html");
        Assert.Contains($"{InjectionFixture.Img} {InjectionFixture.Script}", source.QuerySelector("ul.uncited")!.TextContent);
        Assert.Contains(InjectionFixture.Script, source.QuerySelectorAll("div.boilerplate")[1].TextContent);
    }

    [Fact]
    public void AJavascriptMarkdownLinkKeepsItsTextButLosesItsAddress()
    {
        var claim = fixture.Page("islands/evil.html").GetElementById("claim-evil-claim")!;
        var link = claim.QuerySelectorAll(".claim-text a").Single(a => a.TextContent == "x");
        Assert.DoesNotContain("javascript", link.GetAttribute("href") ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData("java\nscript:alert(1)", false)]
    [InlineData("vbscript:msgbox(1)", false)]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("https://tass.com/politics/1195379", true)]
    [InlineData("http://example.com", true)]
    [InlineData("mailto:editor@example.com", true)]
    [InlineData("islands/kunashir.html", true)]
    [InlineData("../sources/x.html#q1-2", true)]
    [InlineData("#claim-x", true)]
    [InlineData("page?a=b:c", true)]
    [InlineData("", true)]
    public void SafeUrlsAreOnlyWebAndRelativeOnes(string url, bool safe)
    {
        Assert.Equal(safe, MarkdownRenderer.IsSafeUrl(url));
    }

    [Fact]
    public void MarkdownRendererEscapesRawHtmlDirectly()
    {
        var html = MarkdownRenderer.Inline(InjectionFixture.Script + " " + InjectionFixture.Img + " " + InjectionFixture.Link);
        var doc = HtmlPage.Parse("inline", "<p>" + html + "</p>").Document;
        Assert.Empty(doc.QuerySelectorAll("script, img"));
        Assert.All(doc.QuerySelectorAll("a"), a => Assert.Null(Links.Scheme(a.GetAttribute("href") ?? "")));
        Assert.Contains("&lt;script&gt;", html);
    }
}
