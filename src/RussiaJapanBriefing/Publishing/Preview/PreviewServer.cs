using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RussiaJapanBriefing.Publishing.Preview;

/// <summary>
/// <c>rjb serve</c>: builds the book into a preview folder, serves it on the loopback interface only, and rebuilds
/// whenever a seed, an annotation or the theme changes. Pages carry a small script that reloads them after a good
/// build and shows the errors of a bad one over the page; the terminal gets the same diagnostics.
/// Each connection is served on its own, within <see cref="ServerLimits"/>, and a rebuild runs beside the serving:
/// a client that stops reading or a rebuild that never ends holds up nothing but itself.
/// </summary>
public sealed class PreviewServer : IDisposable
{
    /// <summary>How long closing waits for a rebuild in progress (it writes into the preview folder); one that hangs is abandoned.</summary>
    private static readonly TimeSpan BuildPatience = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection is kept open after its response for the client's own close (see <see cref="ServeAsync"/>).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    private readonly BuildOptions _options;
    private readonly Func<BuildOptions, BuildResult> _build;
    private readonly TcpListener _listener;
    private readonly ServerLimits _limits;
    private readonly SemaphoreSlim _connections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Action<string> _log;
    private readonly Timer _debounce;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _idle = new(initialState: true);
    private bool _building, _pending, _stopped;
    private volatile BuildStatus _status = new(0, []);

    /// <summary>What the reload script polls; replaced whole after each build, so it is read without waiting for one.</summary>
    private sealed record BuildStatus(int Version, IReadOnlyList<string> Errors);

    private PreviewServer(BuildOptions options, TcpListener listener, Action<string> log, ServerLimits limits, Func<BuildOptions, BuildResult> build)
    {
        _options = options;
        _build = build;
        _listener = listener;
        _log = log;
        _limits = limits;
        _connections = new SemaphoreSlim(limits.Connections);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _debounce = new Timer(_ => Rebuild(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public Uri Url { get; }

    /// <summary>Counts builds; the page script reloads when it changes.</summary>
    public int Version => _status.Version;

    public IReadOnlyList<string> Errors => _status.Errors;

    /// <param name="options">Output is where the preview is built (not the published output/).</param>
    /// <param name="port">On 127.0.0.1; 0 takes any free port (see <see cref="Url"/>).</param>
    /// <exception cref="SocketException">The port cannot be listened on (in use, or not allowed); nothing was built.</exception>
    public static PreviewServer Start(BuildOptions options, int port, Action<string> log) => Start(options, port, log, ServerLimits.Default);

    /// <param name="build">The build itself; tests pass one that can be made to hang, which no input file can do.</param>
    internal static PreviewServer Start(BuildOptions options, int port, Action<string> log, ServerLimits limits,
        Func<BuildOptions, BuildResult>? build = null)
    {
        // Bound before anything is built or said: a port in use fails at once, and "serving" is only ever said of a listener.
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var server = new PreviewServer(options with { LiveReload = true }, listener, log, limits,
            build ?? (o => BriefingBuilder.Run(o, write: true)));
        try
        {
            foreach (var folder in new[] { options.Seeds, options.Content, options.Theme }.Where(Directory.Exists))
            {
                var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
                watcher.Changed += server.OnChange;
                watcher.Created += server.OnChange;
                watcher.Deleted += server.OnChange;
                watcher.Renamed += server.OnChange;
                server._watchers.Add(watcher);
            }
            server.Rebuild();
            _ = Task.Run(server.AcceptAsync);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    // Editors save in bursts (temp file, rename, touch): wait for quiet before rebuilding.
    private void OnChange(object sender, FileSystemEventArgs e) => _debounce.Change(250, Timeout.Infinite);

    /// <summary>
    /// Builds until no change is left unbuilt. Builds never overlap: a change during a build asks for one more after
    /// it, so a build that hangs holds only its own thread, and the server keeps serving the last good build.
    /// </summary>
    private void Rebuild()
    {
        lock (_gate)
        {
            _pending = true;
            if (_building || _stopped) return;
            _building = true;
            _idle.Reset();
        }
        try
        {
            while (TakePending()) BuildOnce();
        }
        catch
        {
            lock (_gate) StopBuilding();
            throw;
        }
    }

    private bool TakePending()
    {
        lock (_gate)
        {
            if (_pending && !_stopped)
            {
                _pending = false;
                return true;
            }
            StopBuilding();
            return false;
        }
    }

    private void StopBuilding()
    {
        _building = false;
        _idle.Set();
    }

    private void BuildOnce()
    {
        var result = _build(_options);
        foreach (var diagnostic in result.Diagnostics) _log(diagnostic.ToString());
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList();
        _status = new BuildStatus(_status.Version + 1, errors);
        _log(result.Succeeded
            ? $"rebuilt: {result.PagesRendered} page(s) rendered; serving {Url}"
            : $"build failed with {errors.Count} error(s); still serving the last good build at {Url}");
    }

    private async Task AcceptAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                // Beyond the bound, connections wait in the listen queue rather than each taking memory and a task.
                await _connections.WaitAsync(stopping);
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(stopping);
                }
                catch (SocketException) when (!stopping.IsCancellationRequested)
                {
                    // A connection lost before it was taken, or no descriptor left for it: drop it, pause, go on listening.
                    _connections.Release();
                    await Task.Delay(50, stopping);
                    continue;
                }
                catch
                {
                    _connections.Release();
                    throw;
                }
                _ = Task.Run(() => ServeAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            deadline.CancelAfter(_limits.RequestHead);
            var (request, refusal) = await Http.ReadRequestAsync(stream, _limits, deadline.Token);
            if (request is null && refusal == 0) return;
            deadline.CancelAfter(_limits.Response);
            using (var reply = request is null ? Refuse(refusal) : Answer(request))
                await Http.SendAsync(stream, reply, body: request?.Method != "HEAD", deadline.Token);

            // Closing with unread input makes the system reset the connection, and a reset can overtake the response
            // (a refused 100 KB address is still arriving): say we are done, then read until the client closes too.
            socket.Shutdown(SocketShutdown.Send);
            deadline.CancelAfter(Linger);
            var rest = new byte[4096];
            while (await stream.ReadAsync(rest, deadline.Token) > 0) { }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, was too slow, or the server is stopping: the connection just ends.
        }
        catch (Exception e)
        {
            // A bug in the server, never the client's fault: say so, and keep serving the other connections.
            _log($"rjb: internal error in the preview server (please report it): {e}");
        }
        finally
        {
            _connections.Release();
        }
    }

    private static HttpReply Refuse(int status) => HttpReply.Text(status, status switch
    {
        414 => "the address is too long",
        431 => "the request headers are too large",
        _ => "bad request",
    });

    private HttpReply Answer(HttpRequest request)
    {
        // A page elsewhere can point its own name at 127.0.0.1 (DNS rebinding) and read the preview through the browser;
        // its requests still carry that name, so only requests naming this machine are answered.
        if (request.Values("Host").ToList() is not [var host] || !NamesThisMachine(host))
            return HttpReply.Text(400, "this preview answers only to 127.0.0.1, localhost and [::1]");
        if (request.Method is not ("GET" or "HEAD")) return HttpReply.Text(405, "only GET and HEAD are served", allow: "GET, HEAD");
        if (!request.Target.StartsWith('/')) return Refuse(400);
        var path = Uri.UnescapeDataString(request.Target.Split('?')[0]);
        if (path.Any(char.IsControl)) return Refuse(400); // a NUL and its kind are no file name

        if (path == "/__rjb/status") return new HttpReply(200, "application/json", Status(_status));
        if (path == "/__rjb/live.js")
            return new HttpReply(200, "text/javascript; charset=utf-8", typeof(PreviewServer).Assembly.GetManifestResourceStream("RussiaJapanBriefing.live-reload.js")!);
        if (path.EndsWith('/')) path += "index.html";
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.Output));
        var file = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
        if (file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && OpenFile(file) is { } page)
            return new HttpReply(200, ContentType(file), page);
        return OpenFile(Path.Combine(root, "404.html")) is { } notFound
            ? new HttpReply(404, "text/html; charset=utf-8", notFound)
            : HttpReply.Text(404, "not found");
    }

    /// <summary>Null when there is no such file (or it went between the check and the open: a rebuild swaps the folder).</summary>
    private static FileStream? OpenFile(string file)
    {
        try
        {
            return File.Exists(file) ? new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous) : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static MemoryStream Status(BuildStatus status)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", status.Version);
            json.WriteStartArray("errors");
            foreach (var error in status.Errors) json.WriteStringValue(error);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>127.0.0.1, localhost or [::1], with any port: a forwarded port (ssh -L, an editor's forwarding) still names this machine.</summary>
    private static bool NamesThisMachine(string host)
    {
        var nameEnd = host.StartsWith('[') ? host.IndexOf(']') + 1 : host.IndexOf(':') is var colon and >= 0 ? colon : host.Length;
        var port = host[nameEnd..];
        return host[..nameEnd].ToLowerInvariant() is "127.0.0.1" or "localhost" or "[::1]"
            && (port.Length == 0 || port[0] == ':' && port.Length is > 1 and <= 6 && port[1..].All(char.IsAsciiDigit));
    }

    private static string ContentType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".json" => "application/json",
        ".xml" => "application/xml",
        ".txt" => "text/plain; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    public void Dispose()
    {
        lock (_gate) _stopped = true;
        foreach (var watcher in _watchers) watcher.Dispose();
        _debounce.Dispose();
        _stopping.Cancel();
        _listener.Stop();
        _idle.Wait(BuildPatience);
    }
}
