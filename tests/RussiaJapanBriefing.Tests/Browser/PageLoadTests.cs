namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// Every page of the built book, opened in Chromium straight from disk and from a host that publishes the book under
/// a sub-path: it loads without a console error, an uncaught script error or a failed request, and its stylesheet
/// is applied.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageLoadTests(BrowserFixture browser)
{
    /// <summary>A few computed properties of &lt;body&gt; and &lt;main&gt;, to compare with the browser's defaults.</summary>
    private const string StyleFingerprint = """
        () => {
          const pick = (el) => {
            if (!el) return null;
            const s = getComputedStyle(el);
            return [s.fontFamily, s.margin, s.padding, s.lineHeight, s.backgroundColor, s.color, s.maxWidth].join(' | ');
          };
          return JSON.stringify({ body: pick(document.body), main: pick(document.querySelector('main')) });
        }
        """;

    [Fact]
    public Task EveryPageLoadsCleanlyFromDisk() => EveryPageLoadsCleanly(Origin.File);

    [Fact]
    public Task EveryPageLoadsCleanlyUnderASubPath() => EveryPageLoadsCleanly(Origin.SubPath);

    private async Task EveryPageLoadsCleanly(Origin origin)
    {
        Assert.NotEmpty(browser.Pages);
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;

        // what an unstyled page looks like in this browser
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><main>x</main></body></html>");
        var unstyled = await page.EvaluateAsync<string>(StyleFingerprint);
        watched.TakeProblems();

        var problems = new List<string>();
        foreach (var path in browser.Pages)
        {
            var url = browser.Url(path, origin);
            var response = await watched.GotoAsync(url, untilIdle: true);
            if (origin == Origin.SubPath && response?.Status != 200)
                problems.Add($"{path}: {url} answered {response?.Status.ToString() ?? "nothing"}");
            foreach (var problem in watched.TakeProblems())
                problems.Add($"{path}: {problem}");

            var stylesheets = await page.EvaluateAsync<int>("() => document.querySelectorAll('link[rel~=stylesheet]').length");
            if (stylesheets == 0) problems.Add($"{path}: no <link rel=\"stylesheet\">");
            var styled = await page.EvaluateAsync<string>(StyleFingerprint);
            if (styled == unstyled)
                problems.Add($"{path}: the stylesheet is not applied (body and main have the browser's default style: {unstyled})");
        }
        Assert.True(problems.Count == 0,
            $"{problems.Count} problem(s) opening the pages from {(origin == Origin.File ? "file://" : browser.Server.BaseUrl)}:" +
            Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task TheSubPathServerServesOnlyTheBook()
    {
        await using var watched = await browser.OpenAsync();
        var index = await watched.Page.APIRequest.GetAsync(browser.Server.BaseUrl);
        Assert.Equal(200, index.Status);
        Assert.Contains("<html", await index.TextAsync(), StringComparison.OrdinalIgnoreCase);
        var root = await watched.Page.APIRequest.GetAsync(browser.Server.BaseUrl.Replace("/briefing/", "/index.html"));
        Assert.Equal(404, root.Status);
        var outside = await watched.Page.APIRequest.GetAsync(browser.Server.BaseUrl + "../../etc/passwd");
        Assert.Equal(404, outside.Status);
    }

    [Fact]
    public void TheBookHasTheMainKindsOfPage()
    {
        // the other tests pick their pages from these; a site without them would test too little
        Assert.Contains("index.html", browser.Pages);
        Assert.Contains("chronology.html", browser.Pages);
        Assert.StartsWith("leaders/", browser.EntityPage);
        Assert.StartsWith("sources/", browser.SourcePage);
        Assert.True(browser.Pages.Count >= 40, $"the built book has only {browser.Pages.Count} pages");
    }
}
