namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>On a 375 px phone screen nothing scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResponsiveTests(BrowserFixture browser)
{
    /// <summary>The width of the page and the elements that stick out past the right edge (the innermost ones).</summary>
    private const string Overflow = """
        () => {
          const root = document.documentElement;
          const width = root.clientWidth;
          const name = e => {
            let s = e.tagName.toLowerCase();
            if (e.id) s += '#' + e.id;
            if (typeof e.className === 'string' && e.className.trim()) s += '.' + e.className.trim().split(/\s+/).join('.');
            return s;
          };
          const path = e => { const parts = []; for (let n = e; n && n !== document.body && parts.length < 4; n = n.parentElement) parts.unshift(name(n)); return parts.join(' > '); };
          const wide = [...document.body.querySelectorAll('*')].filter(e => {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || r.right <= width + 1) return false;
            const s = getComputedStyle(e);
            return s.visibility !== 'hidden';
          });
          const innermost = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
          return JSON.stringify({
            scrollWidth: root.scrollWidth,
            clientWidth: width,
            culprits: innermost.slice(0, 8).map(e => `${path(e)} (right edge at ${Math.round(e.getBoundingClientRect().right)} px)`),
          });
        }
        """;

    private sealed record Measure(int ScrollWidth, int ClientWidth, List<string> Culprits);

    [Fact]
    public async Task TheMainPagesDoNotScrollSidewaysOnAPhone()
    {
        var pages = new[] { "index.html", browser.EntityPage, browser.SourcePage, "chronology.html" }
            .Where(browser.Pages.Contains).Distinct().ToList();
        Assert.Equal(4, pages.Count);
        await Check(pages);
    }

    [Fact]
    public async Task NoPageScrollsSidewaysOnAPhone() => await Check(browser.Pages);

    private async Task Check(IReadOnlyCollection<string> pages)
    {
        await using var watched = await browser.OpenAsync(new()
        {
            ViewportSize = new() { Width = 375, Height = 800 },
        });
        var problems = new List<string>();
        foreach (var path in pages)
        {
            await watched.GotoAsync(browser.HttpUrl(path));
            var json = await watched.Page.EvaluateAsync<string>(Overflow);
            var m = System.Text.Json.JsonSerializer.Deserialize<Measure>(json, new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
            if (m.ScrollWidth > m.ClientWidth + 1)
                problems.Add($"{path}: scrollWidth {m.ScrollWidth} > clientWidth {m.ClientWidth}; wider than the screen: " +
                             (m.Culprits.Count == 0 ? "(no element found)" : string.Join("; ", m.Culprits)));
        }
        Assert.True(problems.Count == 0,
            $"{problems.Count} page(s) scroll sideways at 375×800:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
