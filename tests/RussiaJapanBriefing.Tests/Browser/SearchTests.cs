using System.Text.Json;
using Microsoft.Playwright;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// The search box in every page's header finds a page of the book and takes the reader there, from disk and under a
/// sub-path; results say what they are and rank exact phrases and titles first; the page of results passes axe-core too.
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
        await browser.AtAsync(page, "search.html");
        Assert.Contains("q=Kunashir", page.Url);

        var hit = page.Locator("main a[href$='islands/kunashir.html']").First;
        await hit.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        await hit.ClickAsync();
        await browser.AtAsync(page, "islands/kunashir.html");
        await page.Locator("main h1").First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        Assert.Contains("Kunashir", await page.Locator("main h1").First.InnerTextAsync());
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

    [Fact]
    public async Task ResultsSayWhetherTheyAreAnEntityAClaimASourceOrAPassageWithTheirDates()
    {
        var results = await Results("invaluable");
        var labels = results.Select(r => r.Label).ToList();
        var kinds = EntityKinds.Table.Select(k => k.Singular).ToHashSet();
        Assert.Contains(labels, l => kinds.Contains(l));
        Assert.Contains(labels, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Claim, \d{1,2} \w+ \d{4}$"));
        Assert.Contains(labels, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Source passage, [^,]+, \d{1,2} \w+ \d{4}$"));
        Assert.Contains(labels, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Source, [^,]+, \d{1,2} \w+ \d{4}$"));
        Assert.All(results, r => Assert.True(File.Exists(Path.Combine(browser.Output, r.Href.Split('#')[0])), $"{r.Href} is no page"));
    }

    [Theory]
    [InlineData("four islands")]
    [InlineData("putin abe")]
    [InlineData("peace treaty")]
    public async Task ExactPhrasesRankFirstAndTitlesBeforeText(string query)
    {
        var words = SearchTerms.Of(query).ToList();
        var documents = Documents();
        var results = await Results(query);
        Assert.True(results.Count > 3, $"'{query}' found only {results.Count} result(s)");
        var ranks = results.Select(r =>
        {
            var (type, title, text) = documents[r.Href];
            var titled = type is "e" or "s";
            var inTitle = titled && Contains(SearchTerms.Of(title).ToList(), words);
            var inText = Contains(SearchTerms.Of(type == "c" ? $"{title} {text}" : text).ToList(), words);
            return (inTitle ? 2 : 0) + (inText ? 1 : 0) > 0 ? (inTitle ? 2 : 1) : 0;
        }).ToList();
        Assert.True(ranks.Zip(ranks.Skip(1)).All(p => p.First >= p.Second),
            $"'{query}': phrase in a title (2), in the text (1), neither (0), in the order shown: {string.Join(" ", ranks)}");
        Assert.True(ranks[0] > 0, $"'{query}': the first result lacks the phrase");
    }

    private static bool Contains(List<string> haystack, List<string> words) =>
        Enumerable.Range(0, Math.Max(0, haystack.Count - words.Count + 1)).Any(i => haystack.Skip(i).Take(words.Count).SequenceEqual(words));

    private sealed record Result(string Label, string Href);

    /// <summary>The results shown for a query, from the search page over HTTP: each result's label and its site-relative address.</summary>
    private async Task<List<Result>> Results(string query)
    {
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(browser.HttpUrl(SiteLayout.Search) + "?q=" + Uri.EscapeDataString(query));
        await page.Locator("#search-results li").First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        var json = await page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('#search-results li')].map((li) => ({
              label: li.querySelector('.search-kind').textContent, href: li.querySelector('a').getAttribute('href') })))
            """);
        var problems = watched.TakeProblems();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        return JsonSerializer.Deserialize<List<JsonElement>>(json)!
            .Select(e => new Result(e.GetProperty("label").GetString()!, e.GetProperty("href").GetString()!)).ToList();
    }

    /// <summary>Every document of the built index by its address, read from the shards: type, title and text.</summary>
    private Dictionary<string, (string Type, string Title, string Text)> Documents()
    {
        var files = Directory.EnumerateFiles(Path.Combine(browser.Output, Path.GetDirectoryName(SiteLayout.SearchIndex)!))
            .ToDictionary(f => Path.GetRelativePath(browser.Output, f).Replace('\\', '/'), File.ReadAllBytes);
        var reader = new ShardReader(files);
        var count = ShardReader.Manifest(files).GetProperty("docs").EnumerateArray().Sum(e => e.GetInt32());
        return Enumerable.Range(0, count).Select(reader.Document).ToDictionary(d => d.Href, d => (d.Type, d.Title, d.Text));
    }
}
