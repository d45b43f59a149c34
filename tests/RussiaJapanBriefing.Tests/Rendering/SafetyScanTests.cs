using System.Text;
using AngleSharp.Dom;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// A book in which every text field an editor can write, and the source article itself, is hostile: raw HTML,
/// script, event handlers, javascript:/data:/vbscript: links in every spelling. Built once with the repository's
/// theme; every generated page is then scanned for executable content that did not come from the theme.
/// </summary>
public sealed class HostileBookFixture : IDisposable
{
    /// <summary>Plain-text fields: each carries <see cref="Html"/> with its own label, so each can be traced to a page.</summary>
    public static readonly string[] PlainFields =
    [
        "book-title", "island-name", "alias-plain", "alias-name", "alias-used-by", "alias-note",
        "leader-name", "leader-role", "leader-country", "person-name", "person-role", "person-country",
        "treaty-name", "treaty-status", "meeting-name", "meeting-place", "meeting-format",
        "outlet", "headline", "published-note", "dateline", "boilerplate-reason", "uncited-reason",
        "claim-date-note", "claim-according-to", "topic",
    ];

    /// <summary>Markdown fields: each carries <see cref="Markdown"/> with its own label.</summary>
    public static readonly string[] MarkdownFields =
        ["book-summary", "island-summary", "leader-summary", "person-summary", "treaty-summary", "meeting-summary", "claim-text", "difference-note"];

    public const string SeedId = "hostile-gazette";

    // Line numbers matter: boilerplate is line 1 and lines 7-.
    public const string SeedText =
        "Hostile Gazette <script>alert('nav')</script> navigation\n" +                                                        // 1
        "Officials wrote <script>alert('seed')</script> in the communique.\n" +                                               // 2
        "The note said <a href=\"javascript:alert('seed')\" onclick=\"alert('seed')\">click</a> and [x](javascript:alert('seed')) twice.\n" + // 3
        "A delegate typed <iframe src=javascript:alert('seed')></iframe> and &#106;avascript:alert('seed') too.\n" +          // 4
        "Nothing else happened <svg onload=alert('seed')>.\n" +                                                               // 5
        "A caption read <img src=x onerror=alert('seed')>.\n" +                                                              // 6
        "Footer <base href=javascript:alert('seed')//> <meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">\n";    // 7

    public const string HostileUrl = "https://example.com/?q=\"><script>alert('url')</script><a href=\"javascript:alert('url')\">";

    /// <summary>Raw HTML that would execute if it reached a page unescaped; <paramref name="label"/> makes it traceable.</summary>
    public static string Html(string label) =>
        $"<script>alert('{label}')</script><img src=x onerror=alert('{label}')><svg onload=alert('{label}')>" +
        $"<iframe src=\"javascript:alert('{label}')\"></iframe><object data=\"data:text/html,{label}\"></object>" +
        $"<embed src=\"javascript:alert('{label}')\"><form action=\"javascript:alert('{label}')\"><button formaction=\"javascript:alert('{label}')\">go</button></form>" +
        $"<base href=\"javascript:alert('{label}')//\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('{label}')\">" +
        $"<a href=\"javascript:alert('{label}')\" onclick=\"alert('{label}')\">a</a><div onmouseover=\"alert('{label}')\">d</div>";

    /// <summary>The raw HTML, plus Markdown links and images with every spelling of a script or data address.</summary>
    public static string Markdown(string label) =>
        Html(label) + "\n\n" +
        "[js](javascript:alert(1)) [mixed](JaVaScRiPt:alert(1)) [tab](java\tscript:alert(1)) [ent](&#106;avascript:alert(1)) " +
        "[hex](&#x6A;avascript&#x3A;alert(1)) [named](javascript&colon;alert(1)) [padded](&#0000106;avascript:alert(1)) " +
        "[cr](jav&#x0D;ascript:alert(1)) [nul](jav&#0;ascript:alert(1)) [lead]( \tjavascript:alert(1)) " +
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1)) [angle](<javascript:alert(1)>) " +
        "[titled](javascript:alert(1) \"t\") ![img](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) " +
        "<javascript:alert(1)> <data:text/html,x> <vbscript:msgbox(1)> [ref][evil] [ref2]\n\n" +
        "<div onclick=\"alert(1)\">block html</div>\n\n" +
        "[evil]: javascript:alert(1)\n[ref2]: JAVASCRIPT:alert(1)\n";

    /// <summary>
    /// The same for a claim, whose text is one inline statement: no blank lines, so no reference definitions
    /// (a multi-paragraph claim is its own test, <see cref="SafetyScanTests"/>).
    /// </summary>
    public static string MarkdownInline(string label)
    {
        var block = Markdown(label);
        return block[..block.IndexOf("\n\n<div", StringComparison.Ordinal)].Replace("\n\n", " ", StringComparison.Ordinal);
    }

    /// <summary>A YAML double-quoted scalar holding exactly <paramref name="s"/>.</summary>
    public static string Q(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
            b.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        return b.Append('"').ToString();
    }

    public HostileBookFixture() : this(null) { }

    internal HostileBookFixture(string? theme)
    {
        Book = new TempBook(theme);
        Write(Book);
        Result = Book.Build();
    }

    public static void Write(TempBook book)
    {
        book.Seed(SeedId, SeedText);
        book.Yaml("book.yaml", $"""
            book:
              title: {Q(Html("book-title"))}
              summary: {Q(Markdown("book-summary"))}
              key_facts: [hostile-claim-1, hostile-claim-2]
            """);
        book.Yaml("entities.yaml", $"""
            islands:
              - id: hostile-island
                name: {Q(Html("island-name"))}
                aliases:
                  - {Q(Html("alias-plain"))}
                  - name: {Q(Html("alias-name"))}
                    used_by: {Q(Html("alias-used-by"))}
                    note: {Q(Html("alias-note"))}
                summary: {Q(Markdown("island-summary"))}
                related: [hostile-leader, hostile-treaty]
                cite:
                  - source: {SeedId}
                    quote: {Q("Nothing else happened <svg onload=alert('seed')>.")}
            leaders:
              - id: hostile-leader
                name: {Q(Html("leader-name"))}
                role: {Q(Html("leader-role"))}
                country: {Q(Html("leader-country"))}
                summary: {Q(Markdown("leader-summary"))}
            people:
              - id: hostile-person
                name: {Q(Html("person-name"))}
                role: {Q(Html("person-role"))}
                country: {Q(Html("person-country"))}
                summary: {Q(Markdown("person-summary"))}
            treaties:
              - id: hostile-treaty
                name: {Q(Html("treaty-name"))}
                date: 1956-10-19
                status: {Q(Html("treaty-status"))}
                summary: {Q(Markdown("treaty-summary"))}
            meetings:
              - id: hostile-meeting
                name: {Q(Html("meeting-name"))}
                date: 2018-05-26
                place: {Q(Html("meeting-place"))}
                format: {Q(Html("meeting-format"))}
                participants: [hostile-leader, hostile-person]
                summary: {Q(Markdown("meeting-summary"))}
                related: [hostile-island]
            """);
        book.Yaml($"sources/{SeedId}.yaml", $"""
            sources:
              - id: {SeedId}
                outlet: {Q(Html("outlet"))}
                headline: {Q(Html("headline"))}
                url: {Q(HostileUrl)}
                published: 2018-06-01
                published_note: {Q(Html("published-note"))}
                dateline: {Q(Html("dateline"))}
                boilerplate:
                  - lines: 1
                    reason: {Q(Html("boilerplate-reason"))}
                  - lines: 7-
                    reason: {Q(Html("boilerplate-reason"))}
                uncited:
                  - quote: {Q("A caption read <img src=x onerror=alert('seed')>.")}
                    reason: {Q(Html("uncited-reason"))}
            claims:
              - id: hostile-claim-1
                text: {Q(MarkdownInline("claim-text"))}
                about: [hostile-island, hostile-leader, hostile-meeting]
                date: 2018-05-26
                date_note: {Q(Html("claim-date-note"))}
                according_to: {Q(Html("claim-according-to"))}
                cite:
                  - source: {SeedId}
                    quote: {Q("Officials wrote <script>alert('seed')</script> in the communique.")}
              - id: hostile-claim-2
                text: {Q(MarkdownInline("claim-text"))}
                about: [hostile-meeting, hostile-person, hostile-treaty]
                date: 2018-05
                cite:
                  - source: {SeedId}
                    quote: {Q("The note said <a href=\"javascript:alert('seed')\" onclick=\"alert('seed')\">click</a> and [x](javascript:alert('seed')) twice.")}
                  - source: {SeedId}
                    quote: {Q("A delegate typed <iframe src=javascript:alert('seed')></iframe> and &#106;avascript:alert('seed') too.")}
              - id: hostile-claim-3
                text: {Q(MarkdownInline("claim-text"))}
                about: [hostile-treaty]
                cite:
                  - source: {SeedId}
                    quote: {Q("<svg onload=alert('seed')>")}
            """);
        book.Yaml("disagreements.yaml", $"""
            disagreements:
              - id: hostile-difference
                topic: {Q(Html("topic"))}
                about: [hostile-island, hostile-meeting]
                claims: [hostile-claim-1, hostile-claim-2]
                note: {Q(Markdown("difference-note"))}
                kind: sources
            """);
    }

    public TempBook Book { get; }
    public BuildResult Result { get; }

    /// <summary>Every generated HTML page, parsed.</summary>
    public IReadOnlyList<(string File, IDocument Document)> Pages()
    {
        Assert.True(Result.Succeeded, "the hostile book does not build:" + Environment.NewLine + Result.Diagnostics.Dump());
        return Directory.EnumerateFiles(Book.Output, "*.html", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Book.Output, f).Replace('\\', '/'), (IDocument)HtmlPage.Load(f).Document))
            .ToList();
    }

    /// <summary>What the theme may write: its own tags, and data scripts the build generated (checked to be pure data).</summary>
    public ExecutableContent.Allowance Allowance() =>
        ExecutableContent.Allowance.FromTheme(Book.Theme, (page, src) =>
            ExecutableContent.SitePath(page, src) is { } path && path.StartsWith("data/", StringComparison.Ordinal)
            && File.Exists(Path.Combine(Book.Output, path))
            && ExecutableContent.IsDataAssignment(File.ReadAllText(Path.Combine(Book.Output, path)), out _));

    /// <summary>Every problem the scanner finds on every page.</summary>
    public List<string> Scan() => Pages().SelectMany(p => ExecutableContent.Find(p.File, p.Document, Allowance())).ToList();

    public void Dispose() => Book.Dispose();
}

public class SafetyScanTests(HostileBookFixture fixture) : IClassFixture<HostileBookFixture>
{
    [Fact]
    public void TheHostileBookBuildsEveryPage()
    {
        Assert.True(fixture.Result.Succeeded, fixture.Result.Diagnostics.Dump());
        Assert.Empty(fixture.Result.Errors());
        var files = fixture.Pages().Select(p => p.File).ToList();
        foreach (var expected in new[]
                 {
                     "index.html", "chronology.html", "sources/index.html", $"sources/{HostileBookFixture.SeedId}.html",
                     "islands/hostile-island.html", "leaders/hostile-leader.html", "people/hostile-person.html",
                     "treaties/hostile-treaty.html", "meetings/hostile-meeting.html",
                 })
            Assert.Contains(expected, files);
    }

    [Fact]
    public void NoPageHasExecutableContentThatDidNotComeFromTheTheme()
    {
        var problems = fixture.Scan();
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void EveryScriptIsAnAddressNeverInlineCode()
    {
        // The only inline script content allowed is JSON-LD data; everything else must be a src with nothing inside.
        var inline = fixture.Pages()
            .SelectMany(p => p.Document.QuerySelectorAll("script")
                .Where(s => !ExecutableContent.IsStructuredData(s) && (s.GetAttribute("src") is null || s.TextContent.Trim().Length > 0))
                .Select(s => $"{p.File}: {s.OuterHtml}"))
            .ToList();
        Assert.True(inline.Count == 0, Links.Report(inline));
    }

    [Fact]
    public void GeneratedScriptsArePureDataAndKeepTheTextIntact()
    {
        // A script the build writes from content (a search index, say) must be one JSON value assigned to a global:
        // hostile text inside it can neither end the JSON nor run.
        var generated = Directory.EnumerateFiles(fixture.Book.Output, "*.js", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(fixture.Book.Output, f).Replace('\\', '/').StartsWith("assets/", StringComparison.Ordinal))
            .ToList();
        var strings = new List<string>();
        foreach (var file in generated)
        {
            Assert.True(ExecutableContent.IsDataAssignment(File.ReadAllText(file), out var json),
                $"{Path.GetRelativePath(fixture.Book.Output, file)} is not a pure data assignment");
            using (json) strings.AddRange(EveryString(json!.RootElement));
        }
        if (generated.Count > 0)
            Assert.Contains(strings, s => s.Contains(HostileBookFixture.Html("island-name"), StringComparison.Ordinal));
    }

    [Fact]
    public void StructuredDataHoldsHostileTextIntactAsData()
    {
        // JSON-LD must neither break out of its element nor lose the text: the name round-trips exactly.
        var page = fixture.Pages().Single(p => p.File == "islands/hostile-island.html").Document;
        var block = Assert.Single(page.QuerySelectorAll("script[type='application/ld+json']"));
        Assert.True(ExecutableContent.IsStructuredData(block), block.OuterHtml);
        Assert.DoesNotContain("</script", block.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(HostileBookFixture.Html("island-name"), EveryString(System.Text.Json.JsonDocument.Parse(block.TextContent).RootElement));
    }

    private static List<string> EveryString(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [e.GetString()!],
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().SelectMany(p => EveryString(p.Value)).ToList(),
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().SelectMany(EveryString).ToList(),
        _ => [],
    };

    [Fact]
    public void EveryHostileFieldReachesAPageAsVisibleText()
    {
        // Proves the scan above saw every field: each one's markup is on some page, shown as text.
        var texts = fixture.Pages().Select(p => (p.File, Text: p.Document.DocumentElement.TextContent)).ToList();
        var missing = HostileBookFixture.PlainFields.Concat(HostileBookFixture.MarkdownFields)
            .Where(label => !texts.Any(t => t.Text.Contains($"<script>alert('{label}')</script>", StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0, "these fields' markup is not shown as text on any page: " + string.Join(", ", missing));
        Assert.Contains(texts, t => t.Text.Contains(HostileBookFixture.HostileUrl, StringComparison.Ordinal));
        var source = texts.Single(t => t.File == $"sources/{HostileBookFixture.SeedId}.html").Text;
        Assert.Contains("Officials wrote <script>alert('seed')</script> in the communique.", source);
        Assert.Contains("<base href=javascript:alert('seed')//>", source);
    }

    [Fact]
    public void ObfuscatedScriptLinksKeepTheirTextButLoseTheirAddress()
    {
        var page = fixture.Pages().Single(p => p.File == "islands/hostile-island.html").Document;
        var summary = page.QuerySelector(".summary")!;
        // ("[tab](java\tscript:…)" is no link at all: a destination cannot hold white space, so it stays text.)
        foreach (var text in new[] { "js", "mixed", "ent", "hex", "padded", "cr", "data", "vb", "titled", "ref", "ref2" })
        {
            var link = summary.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent == text);
            Assert.True(link is not null, $"the Markdown link [{text}] is not a link in the summary: {summary.InnerHtml}");
            var href = link!.GetAttribute("href") ?? "";
            Assert.True(ExecutableContent.DangerousScheme(href) is null, $"[{text}] kept a script address: {href}");
        }
    }

    [Fact]
    public void TheSourceUrlIsOneEscapedAttributeValue()
    {
        var page = fixture.Pages().Single(p => p.File == $"sources/{HostileBookFixture.SeedId}.html").Document;
        var original = page.QuerySelectorAll("a").Where(a => a.GetAttribute("href")?.StartsWith("https://example.com/", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(original);
        Assert.All(original, a => Assert.Equal(HostileBookFixture.HostileUrl, a.GetAttribute("href")));
    }

    [Fact]
    public void ThePagesParseWithoutErrors()
    {
        // Escaping done right leaves well-formed HTML: no stray tags or attributes from the content.
        var problems = Directory.EnumerateFiles(fixture.Book.Output, "*.html", SearchOption.AllDirectories)
            .SelectMany(f => HtmlPage.Load(f).ParseErrors.Select(e => $"{Path.GetRelativePath(fixture.Book.Output, f)}: {e}"))
            .ToList();
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void MarkdownRendererNeverEmitsADangerousAddress()
    {
        foreach (var label in new[] { "direct" })
        {
            foreach (var html in new[] { MarkdownRenderer.Block(HostileBookFixture.Markdown(label)), MarkdownRenderer.Inline(HostileBookFixture.Markdown(label)) })
            {
                var doc = HtmlPage.Parse("fragment", "<!DOCTYPE html><html><body>" + html + "</body></html>").Document;
                var problems = ExecutableContent.Find("fragment", doc);
                Assert.True(problems.Count == 0, Links.Report(problems));
            }
        }
    }
}

/// <summary>The scanner must catch what it claims to catch, and let the theme's own asset scripts through.</summary>
public class ExecutableContentScannerTests
{
    private static List<string> Scan(string body, string head = "") =>
        ExecutableContent.Find("t.html", HtmlPage.Parse("t.html", $"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>").Document);

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<script src=\"https://evil.example/x.js\"></script>")]
    [InlineData("<script src=\"../assets/app.js\">alert(1)</script>")]
    [InlineData("<script src=\"/assets/app.js\"></script>")]
    [InlineData("<script src=\"assets/../../x.js\"></script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<div ONMOUSEOVER=alert(1)>x</div>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>")]
    [InlineData("<a href=\"java&#9;script:alert(1)\">x</a>")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">x</a>")]
    [InlineData("<a href=\" vbscript:msgbox(1)\">x</a>")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">")]
    [InlineData("<img srcset=\"a.png 1x, javascript:alert(1) 2x\">")]
    [InlineData("<form><button formaction=\"javascript:alert(1)\">x</button></form>")]
    [InlineData("<iframe src=\"https://example.com\"></iframe>")]
    [InlineData("<object data=\"x.swf\"></object>")]
    [InlineData("<embed src=\"x.swf\">")]
    [InlineData("<form action=\"https://example.com\"></form>")]
    [InlineData("<script type=\"application/ld+json\">{\"name\":\"</script><p>x</p>")]
    [InlineData("<script type=\"application/ld+json\" onload=\"alert(1)\">{}</script>")]
    [InlineData("<script type=\"text/javascript\">{}</script>")]
    public void FlagsExecutableContentInTheBody(string html)
    {
        Assert.NotEmpty(Scan(html));
    }

    [Theory]
    [InlineData("<base href=\"https://evil.example/\">")]
    [InlineData("<meta http-equiv=\"Refresh\" content=\"0;url=https://evil.example/\">")]
    [InlineData("<script src=\"assets/app.js\">alert(1)</script>")]
    public void FlagsExecutableContentInTheHead(string html)
    {
        Assert.NotEmpty(Scan("", html));
    }

    [Fact]
    public void AllowsTheThemesOwnMarkup()
    {
        Assert.Empty(Scan(
            "<a href=\"https://tass.com/x\">t</a><a href=\"mailto:e@example.com\">m</a><a href=\"../islands/kunashir.html#claim-x\">k</a>" +
            "<script src=\"../assets/app.js\"></script><script src=\"assets/js/site.js\"></script><img src=\"../assets/logo.png\">" +
            "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"name\":\"\\u003Cscript\\u003E\"}</script>",
            "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><link rel=\"stylesheet\" href=\"../assets/style.css\">"));
    }
}

public class ExecutableContentAllowanceTests
{
    private static readonly ExecutableContent.Allowance ThemeForm =
        new(new HashSet<(string, string)> { ("form", "site-search") }, (page, src) => src == "data/index.js");

    private static List<string> Scan(string body) =>
        ExecutableContent.Find("t.html", HtmlPage.Parse("t.html", $"<!DOCTYPE html><html><head></head><body>{body}</body></html>").Document, ThemeForm);

    [Fact]
    public void TheThemesOwnFormAndDataScriptAreAllowed()
    {
        Assert.Empty(Scan("<form class=\"site-search\" action=\"../search.html\" method=\"get\"><input name=\"q\"></form><script src=\"data/index.js\"></script>"));
    }

    [Theory]
    [InlineData("<form action=\"search.html\"></form>")]
    [InlineData("<form class=\"other\" action=\"search.html\"></form>")]
    [InlineData("<form class=\"site-search\" action=\"javascript:alert(1)\"></form>")]
    [InlineData("<form class=\"site-search\" action=\"https://evil.example/\"></form>")]
    [InlineData("<form class=\"site-search\" action=\"search.html\" onsubmit=\"alert(1)\"></form>")]
    [InlineData("<script src=\"data/other.js\"></script>")]
    [InlineData("<script src=\"data/index.js\">alert(1)</script>")]
    public void AnythingElseIsStillFlagged(string html)
    {
        Assert.NotEmpty(Scan(html));
    }

    [Theory]
    [InlineData("window.RJB_SEARCH = {\"documents\":[{\"title\":\"\\u003Cscript\\u003E\"}]};\n", true)]
    [InlineData("window.X = [1, 2];", true)]
    [InlineData("window.X = {\"a\":\"\"}; alert(1); var y = {};", false)]
    [InlineData("window.X = {\"a\":\"</script>\"};alert(1)//\"};", false)]
    [InlineData("alert(1);", false)]
    [InlineData("window.X = function () { alert(1) };", false)]
    public void ADataScriptIsOneJsonValueAssignedToAGlobal(string script, bool data)
    {
        Assert.Equal(data, ExecutableContent.IsDataAssignment(script, out var json));
        json?.Dispose();
    }

    [Theory]
    [InlineData("index.html", "data/x.js", "data/x.js")]
    [InlineData("islands/kunashir.html", "../data/x.js", "data/x.js")]
    [InlineData("islands/kunashir.html", "../../x.js", null)]
    [InlineData("index.html", "/data/x.js", null)]
    [InlineData("index.html", "https://example.com/x.js", null)]
    public void SitePathResolvesPageRelativeAddresses(string page, string src, string? expected)
    {
        Assert.Equal(expected, ExecutableContent.SitePath(page, src));
    }
}

/// <summary>A theme that adds its own script under assets/: allowed, and still the only script on any page.</summary>
public sealed class HostileBookWithThemeScriptFixture : IDisposable
{
    private readonly TempDir _themeRoot = new("rjb-theme-script-");

    public HostileBookWithThemeScriptFixture()
    {
        var theme = _themeRoot.Combine("theme");
        TempDir.CopyDirectory(Repo.Theme, theme);
        File.WriteAllText(Path.Combine(theme, "assets", "app.js"), "document.documentElement.classList.add('js');\n");
        var layout = Path.Combine(theme, "templates", "layout.html");
        var html = File.ReadAllText(layout);
        Assert.Contains("</head>", html);
        File.WriteAllText(layout, html.Replace("</head>", "<script src=\"{{ page.root }}assets/app.js\" defer></script>\n</head>", StringComparison.Ordinal));
        Inner = new HostileBookFixture(theme);
    }

    public HostileBookFixture Inner { get; }

    public void Dispose()
    {
        Inner.Dispose();
        _themeRoot.Dispose();
    }
}

public class SafetyScanWithThemeScriptTests(HostileBookWithThemeScriptFixture fixture) : IClassFixture<HostileBookWithThemeScriptFixture>
{
    [Fact]
    public void TheThemesAssetScriptIsAllowedOnEveryPage()
    {
        var pages = fixture.Inner.Pages();
        Assert.NotEmpty(pages);
        var problems = fixture.Inner.Scan();
        Assert.True(problems.Count == 0, Links.Report(problems));
        foreach (var (file, document) in pages)
        {
            var scripts = document.QuerySelectorAll("script").Where(s => s.GetAttribute("src")?.EndsWith("assets/app.js", StringComparison.Ordinal) == true).ToList();
            Assert.True(scripts.Count == 1, $"{file}: the theme's script is not on the page exactly once");
        }
        Assert.True(File.Exists(Path.Combine(fixture.Inner.Book.Output, "assets", "app.js")));
    }
}

/// <summary>Markdown that is hostile to the renderer rather than to the reader: odd structure, extreme nesting.</summary>
public class HostileMarkdownTests
{
    private static string Q(string s) => HostileBookFixture.Q(s);

    /// <summary>The sample book with one Markdown field set to <paramref name="markdown"/>; returns the file that holds it.</summary>
    private static string WriteField(TempBook book, string field, string markdown)
    {
        switch (field)
        {
            case "book summary":
                book.Yaml("book.yaml", SampleBook.BookYaml.Replace("summary: |\n    A small book for tests, about **Kunashir** and the other islands.",
                    $"summary: {Q(markdown)}", StringComparison.Ordinal));
                Assert.Contains(Q(markdown), File.ReadAllText(book.ContentFile("book.yaml")));
                return "book.yaml";
            case "entity summary":
                book.Yaml("zz.yaml", $"islands:\n  - id: odd-island\n    name: Odd\n    summary: {Q(markdown)}\n");
                return "zz.yaml";
            case "claim text":
                book.Yaml("zz.yaml", $"claims:\n  - id: odd-claim\n    text: {Q(markdown)}\n    about: [abe]\n    date: 2018-05-26\n" +
                                     "    cite:\n      - source: tass-2018\n        quote: agreed to continue talks on a peace treaty\n");
                return "zz.yaml";
            case "disagreement note":
                book.Yaml("zz.yaml", $"disagreements:\n  - id: odd-difference\n    topic: Odd\n    about: [putin]\n" +
                                     $"    claims: [talks-useful, peace-treaty-talks]\n    note: {Q(markdown)}\n    kind: positions\n");
                return "zz.yaml";
            default:
                throw new ArgumentOutOfRangeException(nameof(field));
        }
    }

    public static TheoryData<string, string> DeepMarkdown()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in new[] { "book summary", "entity summary", "claim text", "disagreement note" })
        {
            data.Add(field, new string('[', 1000));
            data.Add(field, new string('>', 1000) + " quoted");
            data.Add(field, new string('*', 1000) + "x" + new string('*', 1000));
            data.Add(field, string.Concat(Enumerable.Repeat("![", 1000)) + "x");
        }
        return data;
    }

    /// <summary>
    /// Markdig refuses deeply nested input by throwing. A field of a thousand '[' is an editor's mistake (or an
    /// attack), not a bug in the generator: the run must end with a diagnostic at the file (or render the text
    /// inertly), never with an exception.
    /// </summary>
    [Theory]
    [MemberData(nameof(DeepMarkdown))]
    public void DeeplyNestedMarkdownIsADiagnosticNotACrash(string field, string markdown)
    {
        using var book = SampleBook.Create();
        var file = WriteField(book, field, markdown);
        var result = Bounded.Check(book, $"the check of a book whose {field} holds {markdown[..12]}…");
        if (!result.Succeeded)
        {
            var errors = result.Errors();
            Assert.True(errors.Any(e => e.Location.Path == book.Shown(file) && e.Location.Line > 0),
                $"expected an error at a line of {book.Shown(file)}:{Environment.NewLine}{errors.Dump()}");
        }
    }

    /// <summary>
    /// A claim's text is one inline statement, set inside the theme's &lt;p class="claim-text"&gt;. Text with a
    /// blank line (two paragraphs), a list or a heading must not put block elements inside that paragraph, which
    /// browsers repair by closing it early and dropping the citation markers out of it: the run either rejects the
    /// text at its line or renders it inline.
    /// </summary>
    [Theory]
    [InlineData("First paragraph.\n\nSecond paragraph.")]
    [InlineData("A statement.\n\n- a list item")]
    [InlineData("# A heading\n\nA statement.")]
    [InlineData("> quoted statement")]
    public void ABlockLevelClaimTextDoesNotBreakThePage(string text)
    {
        using var book = SampleBook.Create();
        WriteField(book, "claim text", text);
        var result = book.Build();
        if (!result.Succeeded)
        {
            var error = Assert.Single(result.Errors());
            Assert.Equal(book.Shown("zz.yaml"), error.Location.Path);
            Assert.Equal(3, error.Location.Line);
            return;
        }
        var page = HtmlPage.Load(Path.Combine(book.Output, "leaders", "abe.html"));
        Assert.True(page.ParseErrors.Count == 0, string.Join(Environment.NewLine, page.ParseErrors));
        var claim = page.Document.GetElementById("claim-odd-claim");
        Assert.NotNull(claim);
        var blocks = claim!.QuerySelectorAll(".claim-text p, .claim-text ul, .claim-text ol, .claim-text blockquote, .claim-text h1, .claim-text h2, .claim-text h3, .claim-text h4, .claim-text h5, .claim-text h6");
        Assert.True(blocks.Length == 0, claim.OuterHtml);
        Assert.NotNull(claim.QuerySelector(".claim-text .cite"));
    }
}
