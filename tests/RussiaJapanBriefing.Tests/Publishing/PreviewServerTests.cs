using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RussiaJapanBriefing.Publishing.Preview;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// `rjb serve`: the preview server builds the book into a private folder, serves it on 127.0.0.1 with a live-reload
/// script, reports build status as JSON, rebuilds when an annotation changes, and serves nothing outside its folder.
/// </summary>
public sealed class PreviewServerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private const string Secret = "NOT-FOR-THE-BROWSER-7f3a";

    private readonly PublishingBook _book = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly PreviewServer _server;

    public PreviewServerTests()
    {
        File.WriteAllText(_book.Book.Combine("secret.txt"), Secret);
        _server = PreviewServer.Start(_book.Options(Preview), FreePort(), _log.Enqueue);
    }

    private string Preview => _book.Book.Combine("preview");

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed record Status(int Version, IReadOnlyList<string> Errors);

    private async Task<Status> GetStatus()
    {
        using var response = await _http.GetAsync(new Uri(_server.Url, "__rjb/status"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return new Status(root.GetProperty("version").GetInt32(), root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    /// <summary>Polls the status until it satisfies the condition, for at most <see cref="Patience"/>; returns the last status seen.</summary>
    private async Task<Status> WaitForStatus(Func<Status, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        var status = await GetStatus();
        while (!condition(status) && clock.Elapsed < Patience)
        {
            await Task.Delay(100);
            status = await GetStatus();
        }
        Assert.True(condition(status), $"waited {Patience.TotalSeconds} s for {what}; last status: version {status.Version}, errors [{string.Join("; ", status.Errors)}]; log:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}");
        return status;
    }

    /// <summary>Sends a request line exactly as given (no client-side normalisation of "..") and returns the status code and body.</summary>
    private (int Status, string Body) Raw(string target)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, _server.Url.Port);
        using var stream = client.GetStream();
        stream.ReadTimeout = 10_000;
        stream.Write(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{_server.Url.Port}\r\nConnection: close\r\n\r\n"));
        string response;
        try
        {
            response = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
        }
        catch (IOException e)
        {
            Assert.Fail($"GET {target}: no response ({e.Message})");
            throw;
        }
        var statusLine = response.Split("\r\n", 2)[0];
        var parts = statusLine.Split(' ');
        Assert.True(parts.Length >= 2 && int.TryParse(parts[1], out _), $"GET {target}: bad status line '{statusLine}'");
        var body = response.Contains("\r\n\r\n") ? response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..] : "";
        return (int.Parse(parts[1]), body);
    }

    [Fact]
    public async Task ItServesTheBuiltSiteWithTheLiveReloadScript()
    {
        using var index = await _http.GetAsync(_server.Url);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        var html = await index.Content.ReadAsStringAsync();
        Assert.Equal(File.ReadAllText(Path.Combine(Preview, "index.html")), html);
        Assert.Contains("Sample briefing: the Kuril Islands", html);

        foreach (var page in new[] { "index.html", "leaders/abe.html", "sources/tass-2018.html", "404.html" })
        {
            var document = HtmlPage.Load(Path.Combine(Preview, page)).Document;
            Assert.True(document.QuerySelectorAll("script[src='/__rjb/live.js']").Length == 1, $"{page} does not load the live-reload script");
        }
        using var abe = await _http.GetAsync(new Uri(_server.Url, "leaders/abe.html"));
        Assert.Equal(HttpStatusCode.OK, abe.StatusCode);
        Assert.Contains("<h1>Shinzo Abe</h1>", await abe.Content.ReadAsStringAsync());

        using var script = await _http.GetAsync(new Uri(_server.Url, "__rjb/live.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/__rjb/status", await script.Content.ReadAsStringAsync());

        using var css = await _http.GetAsync(new Uri(_server.Url, "assets/style.css"));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheStatusReportsABrokenAnnotationAndClearsWhenItIsFixed()
    {
        var first = await GetStatus();
        Assert.True(first.Version >= 1, $"version {first.Version} before any build was reported");
        Assert.Empty(first.Errors);

        _book.Book.Yaml("zz-broken.yaml", """
            claims:
              - id: zz-broken-quote
                text: A quote that is not in the source.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: This sentence was never written by anyone, anywhere
            """);
        var broken = await WaitForStatus(s => s.Version > first.Version && s.Errors.Any(e => e.Contains("RJB0303") && e.Contains("zz-broken.yaml")),
            "the broken annotation to be reported");
        Assert.Contains(_log, line => line.Contains("RJB0303") && line.Contains("zz-broken.yaml"));
        // The last good build is still served.
        using (var index = await _http.GetAsync(_server.Url))
        {
            Assert.Equal(HttpStatusCode.OK, index.StatusCode);
            Assert.Contains("Sample briefing: the Kuril Islands", await index.Content.ReadAsStringAsync());
        }

        _book.Book.Yaml("zz-broken.yaml", """
            claims:
              - id: zz-fixed-quote
                text: The fixed claim is now in the book.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
            """);
        var fixedStatus = await WaitForStatus(s => s.Version > broken.Version && s.Errors.Count == 0, "the errors to clear");
        Assert.True(fixedStatus.Version > broken.Version);

        var clock = Stopwatch.StartNew();
        string abe;
        do abe = await _http.GetStringAsync(new Uri(_server.Url, "leaders/abe.html"));
        while (!abe.Contains("The fixed claim is now in the book.") && clock.Elapsed < Patience && await Delay());
        Assert.Contains("The fixed claim is now in the book.", abe);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/../../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E/secret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/%2e%2e%2fsecret.txt")]
    [InlineData("/leaders/..%2f..%2fsecret.txt")]
    [InlineData("/../content/book.yaml")]
    [InlineData("/%2e%2e/content/book.yaml")]
    public void PathTraversalIsNotFound(string target)
    {
        var (status, body) = Raw(target);
        Assert.Equal(404, status);
        Assert.DoesNotContain(Secret, body);
        Assert.DoesNotContain("key_facts", body);
    }

    [Fact]
    public async Task AnUnknownPathIsNotFoundWithThe404Page()
    {
        using var response = await _http.GetAsync(new Uri(_server.Url, "islands/atlantis.html"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(File.ReadAllText(Path.Combine(Preview, "404.html")), body);
        Assert.Equal("Page not found", HtmlPage.Parse("404", body).Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(404, Raw("/no/such/folder/").Status);
    }

    [Fact]
    public async Task TheServerListensOnTheLoopbackAddressOnly()
    {
        Assert.Equal("127.0.0.1", _server.Url.Host);
        Assert.Equal("http", _server.Url.Scheme);
        Assert.Equal(200, Raw("/").Status);
        var others = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        foreach (var address in others)
        {
            using var client = new TcpClient();
            var connect = client.ConnectAsync(address, _server.Url.Port);
            // Refused (or dropped) is what we want; only a completed connection is a failure.
            var finished = await Task.WhenAny(connect, Task.Delay(TimeSpan.FromSeconds(5))) == connect;
            Assert.False(finished && connect.IsCompletedSuccessfully, $"the preview server accepted a connection on {address}");
        }
    }

    /// <summary>A request the file system cannot take (a NUL in the path) is refused; the server keeps serving.</summary>
    [Fact]
    public void AMalformedPathDoesNotStopTheServer()
    {
        var (status, _) = Raw("/%00");
        Assert.Equal(200, Raw("/").Status);
        Assert.Equal(200, Raw("/leaders/abe.html").Status);
        Assert.True(status is >= 400 and < 500, $"GET /%00 answered {status}");
    }

    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
        _book.Dispose();
    }
}

/// <summary>`rjb serve --output .cache/preview/`: a trailing separator on the preview folder must not change what is served.</summary>
public sealed class PreviewServerOutputPathTests
{
    [Fact]
    public async Task APreviewFolderGivenWithATrailingSeparatorIsServed()
    {
        using var book = new PublishingBook();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var preview = book.Book.Combine("preview") + Path.DirectorySeparatorChar;
        using var server = PreviewServer.Start(book.Options(preview), port, _ => { });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        Assert.Empty(server.Errors);
        Assert.True(File.Exists(Path.Combine(preview, "index.html")), "the preview was not built");
        using var index = await http.GetAsync(server.Url);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("Sample briefing: the Kuril Islands", await index.Content.ReadAsStringAsync());
        using var abe = await http.GetAsync(new Uri(server.Url, "leaders/abe.html"));
        Assert.Equal(HttpStatusCode.OK, abe.StatusCode);
    }
}
