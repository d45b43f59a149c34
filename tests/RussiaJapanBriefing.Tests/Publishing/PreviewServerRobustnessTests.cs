using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RussiaJapanBriefing.Publishing.Preview;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// `rjb serve` under clients that misbehave (issue 12): one slow client or a hung rebuild must not stop the others,
/// only GET and HEAD are answered, the Host header is checked, oversized requests are refused early, and the server
/// says it is serving only once it is. All traffic goes to 127.0.0.1; every wait is bounded.
/// </summary>
public sealed class PreviewServerRobustnessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly PublishingBook _book = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly PreviewServer _server;

    public PreviewServerRobustnessTests()
    {
        _server = PreviewServer.Start(_book.Options(Preview), 0, _log.Enqueue);
    }

    private string Preview => _book.Book.Combine("preview");
    private int Port => _server.Url.Port;
    private string Index => File.ReadAllText(Path.Combine(Preview, "index.html"));

    private async Task<string> GetWithin(TimeSpan bound, string path)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            using var response = await _http.GetAsync(new Uri(_server.Url, path), timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"GET /{path} was not answered within {bound.TotalSeconds} s; log:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}");
            throw;
        }
    }

    [Fact]
    public async Task AClientThatDoesNotReadABigPageDoesNotBlockOthers()
    {
        // Far more than the loopback socket buffers hold, so the server's write to this client cannot complete.
        File.WriteAllBytes(Path.Combine(Preview, "big.bin"), new byte[32 << 20]);
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        slow.Connect(IPAddress.Loopback, Port);
        slow.Send(Encoding.ASCII.GetBytes($"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\n\r\n"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (slow.Available == 0 && clock.Elapsed < Patience) await Task.Delay(20);
        Assert.True(slow.Available > 0, "the server never started sending the big file");

        Assert.Equal(Index, await GetWithin(Patience, ""));
        Assert.Contains("\"version\"", await GetWithin(Patience, "__rjb/status"));
    }

    [Fact]
    public void HeadHasTheHeadersOfGetButNoBody()
    {
        var get = RawHttp.Send(Port, $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nConnection: close\r\n\r\n");
        var head = RawHttp.Send(Port, $"HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal(new FileInfo(Path.Combine(Preview, "index.html")).Length.ToString(), head.Header("Content-Length"));
        Assert.Equal(get.Header("Content-Length"), head.Header("Content-Length"));
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.Equal(Index, get.Text);

        var missing = RawHttp.Send(Port, $"HEAD /no/such/page.html HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nConnection: close\r\n\r\n");
        Assert.Equal(404, missing.Status);
        Assert.Empty(missing.Body);
        Assert.NotEqual("0", missing.Header("Content-Length"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    public void OnlyGetAndHeadAreAllowed(string method)
    {
        var response = RawHttp.Send(Port, $"{method} / HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.Equal(405, response.Status);
        Assert.Equal("GET, HEAD", response.Header("Allow"));
        Assert.DoesNotContain("Sample briefing", response.Text);
    }

    [Theory]
    [InlineData("127.0.0.1:{0}")]
    [InlineData("localhost:{0}")]
    [InlineData("LocalHost:{0}")]
    [InlineData("[::1]:{0}")]
    [InlineData("localhost:9")] // a forwarded port (ssh -L, an editor's port forwarding) still names this machine
    public void TheLoopbackNamesAreAccepted(string host)
    {
        var response = RawHttp.Send(Port, $"GET / HTTP/1.1\r\nHost: {string.Format(host, Port)}\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal(Index, response.Text);
    }

    /// <summary>
    /// A page on another site can make the browser send it here by pointing its own name at 127.0.0.1 (DNS rebinding);
    /// the Host header still carries that name, so anything but a loopback name is refused.
    /// </summary>
    [Theory]
    [InlineData("Host: evil.example:{0}\r\n")]
    [InlineData("Host: localhost.evil.example:{0}\r\n")]
    [InlineData("Host: 127.0.0.1.nip.io:{0}\r\n")]
    [InlineData("Host: 192.168.1.10:{0}\r\n")]
    [InlineData("Host: \r\n")]
    [InlineData("")]
    [InlineData("Host: 127.0.0.1:{0}\r\nHost: evil.example\r\n")]
    public void OtherHostsAreRefused(string hostLines)
    {
        var response = RawHttp.Send(Port, $"GET / HTTP/1.1\r\n{string.Format(hostLines, Port)}Connection: close\r\n\r\n");
        Assert.Equal(400, response.Status);
        Assert.DoesNotContain("Sample briefing", response.Text);
    }

    [Theory]
    [InlineData(9_000)] // arrives whole in one read, headers and all
    [InlineData(100_000)] // refused after the first 8 KB, before the rest is read
    public void AHugeAddressIsRefused(int length)
    {
        var response = RawHttp.Send(Port, $"GET /{new string('a', length)} HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nConnection: close\r\n\r\n");
        Assert.Equal(414, response.Status);
        Assert.Equal(200, RawHttp.Send(Port, $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nConnection: close\r\n\r\n").Status);
    }

    [Fact]
    public void HugeHeadersAreRefused()
    {
        var cookies = string.Concat(Enumerable.Range(0, 100).Select(i => $"Cookie: c{i}={new string('x', 1000)}\r\n"));
        var response = RawHttp.Send(Port, $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\n{cookies}Connection: close\r\n\r\n");
        Assert.Equal(431, response.Status);
    }

    /// <summary>Clients that open connections and send their request a byte at a time (slowloris) are cut off.</summary>
    [Fact]
    public void SlowClientsCannotTakeEveryConnection()
    {
        var limits = ServerLimits.Default with { Connections = 3, RequestHead = TimeSpan.FromSeconds(1) };
        using var server = PreviewServer.Start(_book.Options(_book.Book.Combine("preview-2")), 0, _ => { }, limits);
        var slow = Enumerable.Range(0, limits.Connections).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            foreach (var socket in slow)
            {
                socket.Connect(IPAddress.Loopback, server.Url.Port);
                socket.Send(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.Url.Port}\r\n"));
                socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
            }
            var answer = RawHttp.Send(server.Url.Port, $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.Url.Port}\r\n\r\n");
            Assert.Equal(200, answer.Status);
            Assert.Contains("Sample briefing", answer.Text);
            // Each slow connection was closed by the server (a receive timeout here would throw instead).
            foreach (var socket in slow) Assert.Equal(0, socket.Receive(new byte[1024]));
        }
        finally
        {
            foreach (var socket in slow) socket.Dispose();
        }
    }

    [Fact]
    public void APortInUseFailsBeforeAnythingIsBuiltOrAnnounced()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var log = new ConcurrentQueue<string>();
            var preview = _book.Book.Combine("preview-2");
            var error = Assert.Throws<SocketException>(() => PreviewServer.Start(_book.Options(preview), port, log.Enqueue).Dispose());
            Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
            Assert.Empty(log);
            Assert.False(Directory.Exists(preview), "the book was built for a server that could not listen");
        }
        finally
        {
            taken.Stop();
        }
    }

    /// <summary>
    /// A rebuild that does not finish (here: the build is held until the test lets it go; the build's own limits keep a
    /// real one from hanging for good) must not stop the server: the status answers and the last good build is served
    /// until the rebuild is over, and an edit saved meanwhile is built after it.
    /// </summary>
    [Fact]
    public async Task TheServerAnswersWhileARebuildHangs()
    {
        using var hanging = new ManualResetEventSlim(false);
        using var release = new ManualResetEventSlim(false);
        var hang = 0;
        using var server = PreviewServer.Start(_book.Options(_book.Book.Combine("preview-hang")), 0, _log.Enqueue, ServerLimits.Default, options =>
        {
            if (Interlocked.Exchange(ref hang, 0) == 1)
            {
                hanging.Set();
                release.Wait(TimeSpan.FromSeconds(60));
            }
            return BriefingBuilder.Run(options, BuildMode.Build);
        });
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = Patience };
        var before = await http.GetStringAsync("__rjb/status");
        var index = await http.GetStringAsync("");
        try
        {
            Interlocked.Exchange(ref hang, 1);
            _book.Book.Yaml("zz-first.yaml", "claims: []\n");
            Assert.True(hanging.Wait(Patience), "no rebuild started after an edit");

            Assert.Equal(before, await http.GetStringAsync("__rjb/status"));
            Assert.Equal(index, await http.GetStringAsync(""));

            _book.Book.Yaml("zz-later.yaml", """
                claims:
                  - id: zz-later-claim
                    text: This claim was saved while a rebuild hung.
                    about: [abe]
                    cite:
                      - source: tass-2018
                        quote: agreed to continue talks on a peace treaty
                """);
            await Task.Delay(1000); // past the watcher's quiet period, so the edit arrives during the hung rebuild
            Assert.Equal(before, await http.GetStringAsync("__rjb/status"));
            Assert.Equal(index, await http.GetStringAsync(""));
        }
        finally
        {
            release.Set();
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string abe;
        do abe = await http.GetStringAsync("leaders/abe.html");
        while (!abe.Contains("This claim was saved while a rebuild hung.") && clock.Elapsed < Patience && await Pause());
        Assert.Contains("This claim was saved while a rebuild hung.", abe);
        // The page is on disk once the build publishes; the status is replaced just after the build returns.
        string status;
        do status = await http.GetStringAsync("__rjb/status");
        while (status == before && clock.Elapsed < Patience && await Pause());
        Assert.NotEqual(before, status);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(100);
        return true;
    }

    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
        _book.Dispose();
    }
}

/// <summary>HTTP/1.1 exactly as written, over a plain socket to 127.0.0.1, read to the end; every read is bounded.</summary>
internal static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public string? Header(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).SingleOrDefault();
    }

    public static Response Send(int port, string request)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        using var stream = client.GetStream();
        stream.ReadTimeout = 10_000;
        stream.WriteTimeout = 10_000;
        stream.Write(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        stream.CopyTo(received);
        var bytes = received.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end >= 0, $"no complete response head in {bytes.Length} byte(s)");
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var statusParts = lines[0].Split(' ');
        Assert.True(statusParts.Length >= 2 && int.TryParse(statusParts[1], out _), $"bad status line '{lines[0]}'");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => (p[0].Trim(), p[1].Trim())).ToList();
        return new Response(int.Parse(statusParts[1]), headers, bytes[(end + 4)..]);
    }
}
