using System.Text.Json;
using Microsoft.Playwright;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;
using Xunit.Abstractions;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// A synthetic book big enough to need many shards (bench/SyntheticBook), built once with the default theme and
/// served from disk and over HTTP.
/// </summary>
public sealed class SyntheticSearchBook : SiteFixture
{
    public const int Sources = 1_000;

    protected override void Prepare()
    {
        SyntheticBook.BookWriter.Write(SyntheticBook.Book.Generate(Sources, seed: 42), Path.GetDirectoryName(Seeds)!);
        TempDir.CopyDirectory(Repo.Theme, Theme);
    }
}

/// <summary>
/// What a search costs the reader on a big book: the bytes of search.js, the manifest and the shards a query loads
/// (at most 300 kB for a rare word and for the commonest word alike, from file:// and over HTTP alike) and the time from the last keystroke to the
/// first results with the CPU throttled 4× to stand for a phone (printed; asserted only as a generous hang guard).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchPayloadTests(BrowserFixture browser, SyntheticSearchBook book, ITestOutputHelper output) : IClassFixture<SyntheticSearchBook>
{
    private const int RareTermBudget = 300_000;
    private const int CommonTermBudget = 300_000;

    /// <summary>The site measured: the synthetic book, or a site built elsewhere (RJB_SEARCH_SITE), e.g. the 10,000-source book.</summary>
    private readonly string _site = Environment.GetEnvironmentVariable("RJB_SEARCH_SITE") is { Length: > 0 } other ? Path.GetFullPath(other) : book.Output;

    public sealed record Measure(int Results, double Milliseconds, long DiskBytes, long TransferBytes, int Scripts, int TermShards);

    [Fact]
    public async Task ARareWordLoadsAtMost300KilobytesFromDiskAndOverHttp()
    {
        book.RequireSuccess();
        var files = SearchFiles();
        var shards = files.Keys.Count(p => p != SiteLayout.SearchIndex);
        Assert.True(shards > 100, $"the synthetic book has only {shards} shards");
        var (rare, common) = RareAndCommonTerms(files);
        output.WriteLine($"{_site}: {files.Count} search files, {files.Values.Sum(f => (long)f.Length):N0} bytes; " +
            $"largest shard {files.Values.Max(f => f.Length):N0} bytes; manifest {files[SiteLayout.SearchIndex].Length:N0} bytes");

        using var server = new StaticSiteServer(_site, "briefing");
        foreach (var origin in new[] { Origin.File, Origin.SubPath })
        {
            var baseUrl = origin == Origin.File ? new Uri(_site + Path.DirectorySeparatorChar).AbsoluteUri : server.BaseUrl;
            var rareRun = await Search(baseUrl, rare);
            var commonRun = await Search(baseUrl, common);
            output.WriteLine($"{origin}: rare '{rare}': {rareRun}");
            output.WriteLine($"{origin}: common '{common}': {commonRun}");
            Assert.True(rareRun.Results > 0, $"no result for '{rare}' from {origin}");
            Assert.True(commonRun.Results > 0, $"no result for '{common}' from {origin}");
            Assert.True(rareRun.DiskBytes <= RareTermBudget, $"'{rare}' from {origin} loaded {rareRun.DiskBytes:N0} bytes of search scripts");
            Assert.True(commonRun.DiskBytes <= CommonTermBudget, $"'{common}' from {origin} loaded {commonRun.DiskBytes:N0} bytes of search scripts");
            // The commonest word's postings span many term shards; its first page must not need them all.
            var commonShards = TermShardsOf(files, common);
            Assert.True(commonShards > 1, $"'{common}' spans only {commonShards} term shards");
            Assert.True(commonRun.TermShards < commonShards, $"'{common}' from {origin} loaded {commonRun.TermShards} of its {commonShards} term shards");
            if (origin == Origin.SubPath) Assert.Equal(rareRun.DiskBytes, rareRun.TransferBytes);
            // A hang guard, not a benchmark: bench/run measures speed.
            Assert.True(rareRun.Milliseconds < 10_000, $"'{rare}' took {rareRun.Milliseconds:N0} ms");
        }
    }

    [Fact]
    public async Task TheCommonestWordShowsItsFirstMatchesSaysSoAndReadsOnForMore()
    {
        book.RequireSuccess();
        var files = SearchFiles();
        var (_, common) = RareAndCommonTerms(files);
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(new Uri(_site + Path.DirectorySeparatorChar).AbsoluteUri + SiteLayout.Search + "?q=" + common);
        var results = page.Locator("#search-results > li");
        await Assertions.Expect(results).ToHaveCountAsync(20);
        await Assertions.Expect(page.Locator("#search-status")).ToContainTextAsync("very common word");
        await page.Locator("#search-more").ClickAsync();
        await Assertions.Expect(results).ToHaveCountAsync(40);
        var loaded = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('script[src]')].map((s) => s.src.split('?')[0])");
        var termShards = loaded.Count(src => Path.GetFileName(src).StartsWith('t') && src.Contains("/data/search/", StringComparison.Ordinal));
        Assert.True(termShards < TermShardsOf(files, common), $"'{common}' loaded {termShards} term shards for 40 results");

        // Two very common words together: each is still read from its first shards, and their matches are intersected.
        var second = files.Where(f => Path.GetFileName(f.Key).StartsWith('t'))
            .SelectMany(f => ShardReader.Data(f.Value).GetProperty("terms").EnumerateObject())
            .Where(t => t.Name != common && t.Name.All(char.IsAsciiLetter))
            .MaxBy(t => t.Value.GetArrayLength()).Name;
        await page.Locator("#search-q").FillAsync($"{second} {common}");
        await Assertions.Expect(page.Locator("#search-status")).ToContainTextAsync($"“{second} {common}”");
        Assert.True(await results.CountAsync() > 0, $"no result for '{second} {common}'");
        var problems = watched.TakeProblems();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Opens the search page, throttles the CPU 4×, types the query and waits for the first results.</summary>
    private async Task<Measure> Search(string baseUrl, string query)
    {
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(baseUrl + SiteLayout.Search);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 4 });
        var json = await page.EvaluateAsync<string>("""
            async (q) => {
              const input = document.getElementById('search-q');
              const list = document.getElementById('search-results');
              const started = performance.now();
              const shown = new Promise((resolve) => {
                const watch = new MutationObserver(() => {
                  if (list.children.length > 0) { watch.disconnect(); resolve(performance.now() - started); }
                });
                watch.observe(list, { childList: true });
              });
              input.value = q;
              input.dispatchEvent(new Event('input'));
              const ms = await Promise.race([shown, new Promise((r) => setTimeout(() => r(-1), 20000))]);
              // Every script the page asked for (Resource Timing leaves file:// out), with its size where the network told it.
              const sizes = new Map(performance.getEntriesByType('resource').map((e) => [e.name, e.encodedBodySize]));
              const scripts = [...document.querySelectorAll('script[src]')].map((s) => s.src)
                .filter((src) => /\/assets\/search\.js$|\/data\/search\//.test(src.split('?')[0]));
              return JSON.stringify({ ms, results: list.children.length,
                scripts: scripts.map((src) => ({ name: src.split('?')[0], size: sizes.get(src) || 0 })) });
            }
            """, query);
        var problems = watched.TakeProblems();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var scripts = root.GetProperty("scripts").EnumerateArray()
            .Select(s => (Path: Uri.UnescapeDataString(s.GetProperty("name").GetString()![baseUrl.Length..]), Size: s.GetProperty("size").GetInt64()))
            .ToList();
        Assert.Contains(scripts, s => s.Path == SiteLayout.SearchIndex);
        var disk = scripts.Sum(s => new FileInfo(Path.Combine(_site, s.Path)).Length);
        var termShards = scripts.Count(s => Path.GetFileName(s.Path).StartsWith('t'));
        return new Measure(root.GetProperty("results").GetInt32(), root.GetProperty("ms").GetDouble(), disk, scripts.Sum(s => s.Size), scripts.Count, termShards);
    }

    private Dictionary<string, byte[]> SearchFiles() =>
        Directory.EnumerateFiles(Path.Combine(_site, Path.GetDirectoryName(SiteLayout.SearchIndex)!))
            .ToDictionary(f => Path.GetRelativePath(_site, f).Replace('\\', '/'), File.ReadAllBytes);

    /// <summary>How many term shards hold postings of the term.</summary>
    private static int TermShardsOf(Dictionary<string, byte[]> files, string term) =>
        files.Count(f => Path.GetFileName(f.Key).StartsWith('t') && ShardReader.Data(f.Value).GetProperty("terms").TryGetProperty(term, out _));

    /// <summary>A word in exactly one document (the first such word of six letters or more), and the commonest word.</summary>
    private static (string Rare, string Common) RareAndCommonTerms(Dictionary<string, byte[]> files)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, bytes) in files.Where(f => Path.GetFileName(f.Key).StartsWith('t')))
            foreach (var term in ShardReader.Data(bytes).GetProperty("terms").EnumerateObject())
                counts[term.Name] = counts.GetValueOrDefault(term.Name) + term.Value.GetArrayLength();
        var rare = counts.Where(c => c.Value == 1 && c.Key.Length >= 6 && c.Key.All(char.IsAsciiLetter)).Select(c => c.Key).Order(StringComparer.Ordinal).First();
        var common = counts.MaxBy(c => c.Value).Key;
        return (rare, common);
    }
}
