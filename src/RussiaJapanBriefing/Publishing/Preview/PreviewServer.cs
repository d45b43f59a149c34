using System.Net;
using System.Text;
using System.Text.Json;

namespace RussiaJapanBriefing.Publishing.Preview;

/// <summary>
/// <c>rjb serve</c>: builds the book into a preview folder, serves it on the loopback interface only, and rebuilds
/// whenever a seed, an annotation or the theme changes. Pages carry a small script that reloads them after a good
/// build and shows the errors of a bad one over the page; the terminal gets the same diagnostics.
/// </summary>
public sealed class PreviewServer : IDisposable
{
    private readonly BuildOptions _options;
    private readonly HttpListener _listener = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Action<string> _log;
    private readonly Lock _gate = new();
    private readonly Timer _debounce;
    private IReadOnlyList<string> _errors = [];

    private PreviewServer(BuildOptions options, int port, Action<string> log)
    {
        _options = options;
        _log = log;
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _debounce = new Timer(_ => Rebuild(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public Uri Url { get; }

    /// <summary>Counts builds; the page script reloads when it changes.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<string> Errors { get { lock (_gate) return _errors; } }

    /// <param name="options">Output is where the preview is built (not the published output/).</param>
    public static PreviewServer Start(BuildOptions options, int port, Action<string> log)
    {
        var server = new PreviewServer(options with { LiveReload = true }, port, log);
        server.Rebuild();
        server._listener.Start();
        foreach (var folder in new[] { options.Seeds, options.Content, options.Theme }.Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            watcher.Changed += server.OnChange;
            watcher.Created += server.OnChange;
            watcher.Deleted += server.OnChange;
            watcher.Renamed += server.OnChange;
            server._watchers.Add(watcher);
        }
        _ = Task.Run(server.ServeAsync);
        return server;
    }

    // Editors save in bursts (temp file, rename, touch): wait for quiet before rebuilding.
    private void OnChange(object sender, FileSystemEventArgs e) => _debounce.Change(250, Timeout.Infinite);

    private void Rebuild()
    {
        lock (_gate)
        {
            var result = BriefingBuilder.Run(_options, write: true);
            foreach (var diagnostic in result.Diagnostics) _log(diagnostic.ToString());
            _errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList();
            Version++;
            _log(result.Succeeded
                ? $"rebuilt: {result.PagesRendered} page(s) rendered; serving {Url}"
                : $"build failed with {_errors.Count} error(s); still serving the last good build at {Url}");
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Respond(context);
            }
            catch (Exception e) when (e is IOException or HttpListenerException)
            {
                // The browser went away mid-response.
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or UriFormatException)
            {
                // A malformed address (a NUL byte, an invalid escape): refuse it and keep serving.
                TryRefuse(context.Response);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    /// <summary>What the reload script polls: the build's version and its errors.</summary>
    private byte[] Status()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteStartArray("errors");
            foreach (var error in _errors) json.WriteStringValue(error);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private void Respond(HttpListenerContext context)
    {
        var response = context.Response;
        response.Headers["Cache-Control"] = "no-store";
        var path = Uri.UnescapeDataString(context.Request.Url?.AbsolutePath ?? "/");
        if (path == "/__rjb/status")
        {
            lock (_gate) Send(response, "application/json", Status());
            return;
        }
        if (path == "/__rjb/live.js")
        {
            using var script = typeof(PreviewServer).Assembly.GetManifestResourceStream("RussiaJapanBriefing.live-reload.js")!;
            using var buffer = new MemoryStream();
            script.CopyTo(buffer);
            Send(response, "text/javascript; charset=utf-8", buffer.ToArray());
            return;
        }
        if (path.EndsWith('/')) path += "index.html";
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.Output));
        var file = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
        if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
        {
            var notFound = Path.Combine(root, "404.html");
            response.StatusCode = 404;
            Send(response, "text/html; charset=utf-8", File.Exists(notFound) ? File.ReadAllBytes(notFound) : Encoding.UTF8.GetBytes("not found"));
            return;
        }
        Send(response, ContentType(file), File.ReadAllBytes(file));
    }

    private static void TryRefuse(HttpListenerResponse response)
    {
        try
        {
            response.StatusCode = 400;
            Send(response, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("bad request"));
        }
        catch (InvalidOperationException)
        {
            // Headers already sent: the connection is closed below either way.
        }
    }

    private static void Send(HttpListenerResponse response, string contentType, byte[] body)
    {
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
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
        foreach (var watcher in _watchers) watcher.Dispose();
        _debounce.Dispose();
        _listener.Close();
        lock (_gate) { } // let a build in progress finish before the caller deletes anything
    }
}
