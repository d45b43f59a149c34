using Microsoft.Playwright;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// Every browser test class belongs to this collection, so one Playwright driver and one Chromium are shared by
/// the whole run (and the browser tests run one after another, not against each other).
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// The real book (the repository's seeds, content and default theme) built once into a temp folder, served by a
/// static server under a sub-path (http://127.0.0.1:PORT/briefing/), and Debian's Chromium driven by Playwright.
/// When Chromium is missing or will not start, the fixture throws and every browser test fails with that message:
/// these tests never skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's package `chromium`. Overridable with RJB_CHROMIUM for a machine that has it elsewhere.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("RJB_CHROMIUM") is { Length: > 0 } custom ? custom : "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private RealBookFixture? _site;
    private StaticSiteServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SiteFixture Site => _site ?? throw new InvalidOperationException("the browser fixture is not initialised");
    public StaticSiteServer Server => _server ?? throw new InvalidOperationException("the browser fixture is not initialised");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser fixture is not initialised");

    /// <summary>Every page of the built site, '/'-separated and relative to its root, sorted.</summary>
    public IReadOnlyList<string> Pages { get; private set; } = [];

    public string Output => Site.Output;

    /// <summary>The axe-core script copied next to this assembly from tests/RussiaJapanBriefing.Tests/vendor/axe-core.</summary>
    public static string AxeScriptPath => Path.Combine(AppContext.BaseDirectory, "vendor", "axe-core", "axe.min.js");

    public async Task InitializeAsync()
    {
        _site = new RealBookFixture();
        _site.RequireSuccess();
        Pages = _site.HtmlFiles();
        _server = new StaticSiteServer(_site.Output, "briefing");

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}. The browser tests need Debian's `chromium` package: " +
                "run `bash tests/run` (it installs it with apt-get when run as root) or `apt-get install -y chromium`. " +
                "Never run `playwright install`: these tests drive the system Chromium.");
        try
        {
            _playwright = await Playwright.CreateAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                "the Playwright driver did not start (it ships in the Microsoft.Playwright NuGet package, under .playwright/ " +
                $"next to the test assembly): {e.Message}", e);
        }
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            });
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"Chromium at {ChromiumPath} did not launch: {e.Message}. Reinstall Debian's `chromium` package " +
                "(`apt-get install -y chromium`); do not run `playwright install`.", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        _server?.Dispose();
        _site?.Dispose();
    }

    /// <summary>file:///…/output/PAGE</summary>
    public string FileUrl(string page) => new Uri(Path.Combine(Output, page)).AbsoluteUri;

    /// <summary>http://127.0.0.1:PORT/briefing/PAGE</summary>
    public string HttpUrl(string page) =>
        Server.BaseUrl + string.Join('/', page.Split('/').Select(Uri.EscapeDataString));

    public string Url(string page, Origin origin) => origin == Origin.File ? FileUrl(page) : HttpUrl(page);

    /// <summary>The page (site-relative path) an address of this site points at, or null when it is elsewhere.</summary>
    public string? PageOf(string url)
    {
        var withoutFragment = url.Split('#')[0].Split('?')[0];
        foreach (var root in new[] { new Uri(Output + Path.DirectorySeparatorChar).AbsoluteUri, Server.BaseUrl })
            if (withoutFragment.StartsWith(root, StringComparison.Ordinal))
                return Uri.UnescapeDataString(withoutFragment[root.Length..]);
        return null;
    }

    /// <summary>
    /// Waits until the page is at <paramref name="path"/>, by its address alone; wait for its content after. Not
    /// WaitForURL: when the address already matches, that waits for the load event as well, and on a busy machine a
    /// file:// navigation's load event has been missed (a fresh-clone CI run timed out after 30 s with the page there).
    /// </summary>
    public async Task AtAsync(IPage page, string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (PageOf(page.Url) != path)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"still at {page.Url}, not at {path}");
            await Task.Delay(50);
        }
    }

    /// <summary>A fresh browser context and page, watched for console errors, page errors and failed requests.</summary>
    public async Task<WatchedPage> OpenAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        return new WatchedPage(context, page);
    }

    /// <summary>Pages of a kind that exists in the built site: the first that matches, in the given order of preference.</summary>
    public string PickPage(params string[] preferred)
    {
        foreach (var candidate in preferred)
        {
            if (candidate.EndsWith('/'))
            {
                var inFolder = Pages.FirstOrDefault(p => p.StartsWith(candidate, StringComparison.Ordinal) && !p.EndsWith("/index.html", StringComparison.Ordinal));
                if (inFolder is not null) return inFolder;
            }
            else if (Pages.Contains(candidate))
            {
                return candidate;
            }
        }
        throw new Xunit.Sdk.XunitException($"the built site has none of {string.Join(", ", preferred)}; it has: {string.Join(", ", Pages)}");
    }

    /// <summary>An entity page (a page per island, leader, treaty, meeting or person).</summary>
    public string EntityPage => PickPage("leaders/abe.html", "leaders/", "islands/", "treaties/", "meetings/", "people/");

    /// <summary>A source article's page.</summary>
    public string SourcePage => PickPage("sources/");
}

public enum Origin
{
    /// <summary>Opened straight from disk, file:///…/output/PAGE.</summary>
    File,

    /// <summary>Served under a sub-path, http://127.0.0.1:PORT/briefing/PAGE.</summary>
    SubPath,
}

/// <summary>A page in its own browser context, recording what went wrong while it loaded and ran.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly List<string> _problems = [];

    public WatchedPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "assert" && !IsFaviconProbe(message.Location))
                Add($"console {message.Type}: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => Add($"uncaught error: {error}");
        page.RequestFailed += (_, request) =>
        {
            if (!IsFaviconProbe(request.Url)) Add($"request failed: {request.Method} {request.Url}: {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !IsFaviconProbe(response.Url))
                Add($"HTTP {response.Status} for {response.Request.Method} {response.Url}");
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Console errors, uncaught errors, failed requests and HTTP errors since the last <see cref="TakeProblems"/>.</summary>
    public List<string> TakeProblems()
    {
        lock (_problems)
        {
            var taken = _problems.ToList();
            _problems.Clear();
            return taken;
        }
    }

    /// <summary>
    /// Chromium's own request for /favicon.ico at the root of the host, made when a page names no icon: the book does
    /// not ask for it and, published under a sub-path, cannot answer it.
    /// </summary>
    private static bool IsFaviconProbe(string url) =>
        Uri.TryCreate(LineAndColumn.Replace(url, ""), UriKind.Absolute, out var uri)
        && uri.Scheme == "http" && uri.AbsolutePath == "/favicon.ico";

    /// <summary>The ":line:column" a console message's location ends with.</summary>
    private static readonly System.Text.RegularExpressions.Regex LineAndColumn = new(@":\d+:\d+$");

    private void Add(string problem)
    {
        lock (_problems) _problems.Add(problem);
    }

    /// <summary>
    /// Opens a URL and waits for its load event; with <paramref name="untilIdle"/>, also until the network has been
    /// quiet for half a second, so requests a script makes after loading are seen too.
    /// </summary>
    public async Task<IResponse?> GotoAsync(string url, bool untilIdle = false)
    {
        var response = await Page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        if (untilIdle)
        {
            try
            {
                await Page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 10_000 });
            }
            catch (TimeoutException)
            {
                Add($"the network never went quiet for 500 ms within 10 s of loading {url}");
            }
        }
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
    }
}
