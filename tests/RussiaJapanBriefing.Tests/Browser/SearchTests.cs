using System.Text.Json;
using Microsoft.Playwright;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// The search box in every page's header finds a page of the book and takes the reader there, from disk and under a
/// sub-path; the page of results passes axe-core too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(Origin.File)]
    [InlineData(Origin.SubPath)]
    public async Task TheHeaderSearchBoxFindsAnIslandAndLeadsToIt(Origin origin)
    {
        Assert.Contains("search.html", browser.Pages);
        var start = browser.EntityPage;
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(browser.Url(start, origin));

        var box = page.Locator("header [role=search] input[type=search], header form input[type=search]").First;
        Assert.True(await box.CountAsync() > 0, $"{start} has no search box in its header");
        await box.FillAsync("Kunashir");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync(url => browser.PageOf(url) == "search.html", new() { WaitUntil = WaitUntilState.Load });
        Assert.Contains("q=Kunashir", page.Url);

        var hit = page.Locator("main a[href$='islands/kunashir.html']").First;
        await hit.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        await hit.ClickAsync();
        await page.WaitForURLAsync(url => browser.PageOf(url) == "islands/kunashir.html", new() { WaitUntil = WaitUntilState.Load });
        var problems = watched.TakeProblems();
        Assert.True(problems.Count == 0, $"searching from {start}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public async Task AListOfSearchResultsHasNoWcagViolations()
    {
        Assert.Contains("search.html", browser.Pages);
        await using var watched = await browser.OpenAsync(new() { BypassCSP = true });
        var page = watched.Page;
        await watched.GotoAsync(browser.HttpUrl("search.html") + "?q=Putin");
        await page.Locator("main a[href$='leaders/putin.html']").First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        await page.AddScriptTagAsync(new() { Path = BrowserFixture.AxeScriptPath });
        var json = await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await axe.run(document, {
              runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
            })).violations.map(v => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 6).join(', ')}`))
            """);
        var violations = JsonSerializer.Deserialize<List<string>>(json)!;
        Assert.True(violations.Count == 0,
            $"search.html?q=Putin, with its results, has {violations.Count} axe violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }
}
