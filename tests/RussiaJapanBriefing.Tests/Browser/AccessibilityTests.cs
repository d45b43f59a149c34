using System.Text.Json;
using Microsoft.Playwright;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// axe-core (vendored in tests/RussiaJapanBriefing.Tests/vendor/axe-core) checks every page of the book against
/// WCAG 2.0 and 2.1, levels A and AA, in the light and in the dark colour scheme.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private const string RunAxe = """
        async () => {
          const result = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
          });
          return JSON.stringify(result.violations.map(v => ({
            id: v.id,
            impact: v.impact ?? '',
            help: v.help,
            nodes: v.nodes.map(n => ({
              target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
              summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
            })),
          })));
        }
        """;

    private sealed record Node(string Target, string Summary);

    private sealed record Violation(string Id, string Impact, string Help, List<Node> Nodes);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task EveryPageHasNoWcagViolations(string scheme)
    {
        Assert.True(File.Exists(BrowserFixture.AxeScriptPath),
            $"axe-core is missing at {BrowserFixture.AxeScriptPath}: it is vendored in tests/RussiaJapanBriefing.Tests/vendor/axe-core and copied on build");
        var axe = await File.ReadAllTextAsync(BrowserFixture.AxeScriptPath);

        await using var watched = await browser.OpenAsync(new()
        {
            ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            ReducedMotion = ReducedMotion.Reduce,
            BypassCSP = true, // so the injected axe script runs whatever Content-Security-Policy a page declares
        });
        var page = watched.Page;
        var report = new List<string>();
        var violationCount = 0;
        foreach (var path in browser.Pages)
        {
            await watched.GotoAsync(browser.HttpUrl(path));
            await page.AddScriptTagAsync(new() { Content = axe });
            var json = await page.EvaluateAsync<string>(RunAxe);
            var violations = JsonSerializer.Deserialize<List<Violation>>(json, Json)!;
            foreach (var v in violations)
            {
                violationCount++;
                report.Add($"{path}: {v.Id} ({v.Impact}) {v.Help} — {v.Nodes.Count} element(s):");
                foreach (var node in v.Nodes.Take(6))
                    report.Add($"    {node.Target}{(node.Summary.Length > 0 ? "  ⟶ " + Shorten(node.Summary) : "")}");
                if (v.Nodes.Count > 6) report.Add($"    … and {v.Nodes.Count - 6} more");
            }
        }
        Assert.True(violationCount == 0,
            $"axe-core (WCAG 2.0/2.1 A and AA) found {violationCount} violation(s) in the {scheme} colour scheme:" +
            Environment.NewLine + string.Join(Environment.NewLine, report));
    }

    /// <summary>The injected axe really checks: a page with plain faults is reported.</summary>
    [Fact]
    public async Task AxeReportsTheFaultsOfABrokenPage()
    {
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await page.SetContentAsync("""
            <!DOCTYPE html><html><head><title>broken</title></head>
            <body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="#x"></a>
            <p style="color:#bbb;background:#fff">faint text</p></main></body></html>
            """);
        await page.AddScriptTagAsync(new() { Path = BrowserFixture.AxeScriptPath });
        var violations = JsonSerializer.Deserialize<List<Violation>>(await page.EvaluateAsync<string>(RunAxe), Json)!;
        var ids = violations.Select(v => v.Id).ToList();
        Assert.Contains("html-has-lang", ids);
        Assert.Contains("image-alt", ids);
        Assert.Contains("link-name", ids);
        Assert.Contains("color-contrast", ids);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
