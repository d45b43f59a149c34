using System.Net;
using System.Net.Sockets;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// A tiny static file server on 127.0.0.1 (a free port) that serves one folder under a sub-path, e.g.
/// http://127.0.0.1:PORT/briefing/, the way a host publishing the book under a sub-path would, and answers
/// 404 everywhere else (so a root-relative link or asset breaks, as it would there).
/// </summary>
public sealed class StaticSiteServer : IDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".xml"] = "application/xml; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".ico"] = "image/x-icon",
        [".woff2"] = "font/woff2",
        [".woff"] = "font/woff",
        [".pdf"] = "application/pdf",
    };

    private readonly HttpListener _listener;
    private readonly string _root;
    private readonly string _prefix;
    private readonly Task _loop;

    /// <param name="root">the folder to serve</param>
    /// <param name="subPath">the sub-path it is served under, without slashes, e.g. "briefing"</param>
    public StaticSiteServer(string root, string subPath = "briefing")
    {
        _root = Path.GetFullPath(root);
        _prefix = "/" + subPath.Trim('/') + "/";
        (_listener, Port) = Listen();
        BaseUrl = $"http://127.0.0.1:{Port}{_prefix}";
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    /// <summary>The address of the served folder, ending in '/': http://127.0.0.1:PORT/briefing/.</summary>
    public string BaseUrl { get; }

    /// <summary>Requests answered so far, as "STATUS /path", for diagnosing a failure.</summary>
    public List<string> Log { get; } = [];

    private static (HttpListener, int) Listen()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException e)
            {
                last = e; // the port was taken between the probe and the listener: try another
                listener.Close();
            }
        }
        throw new InvalidOperationException("could not start the test HTTP server on 127.0.0.1", last);
    }

    private async Task AcceptLoop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        var status = 500;
        var path = context.Request.Url?.AbsolutePath ?? "/";
        try
        {
            status = Serve(context.Request, response, path);
        }
        catch (Exception)
        {
            try { response.StatusCode = 500; } catch (InvalidOperationException) { }
        }
        finally
        {
            lock (Log) Log.Add($"{status} {context.Request.HttpMethod} {path}");
            try { response.Close(); } catch (Exception) { /* the client went away */ }
        }
    }

    private int Serve(HttpListenerRequest request, HttpListenerResponse response, string path)
    {
        if (request.HttpMethod is not ("GET" or "HEAD")) return Status(response, 405);
        if (path + "/" == _prefix)
        {
            response.RedirectLocation = _prefix;
            return Status(response, 301);
        }
        if (!path.StartsWith(_prefix, StringComparison.Ordinal)) return Status(response, 404);

        var relative = Uri.UnescapeDataString(path[_prefix.Length..]);
        if (relative.Contains('\0') || relative.Contains('\\')) return Status(response, 400);
        var file = Path.GetFullPath(Path.Combine(_root, relative));
        if (!file.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && file != _root)
            return Status(response, 404);
        if (Directory.Exists(file))
        {
            if (!path.EndsWith('/'))
            {
                response.RedirectLocation = path + "/";
                return Status(response, 301);
            }
            file = Path.Combine(file, "index.html");
        }
        if (!File.Exists(file)) return Status(response, 404);

        var bytes = File.ReadAllBytes(file);
        response.StatusCode = 200;
        response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
        response.ContentLength64 = bytes.Length;
        response.Headers["Cache-Control"] = "no-store";
        if (request.HttpMethod == "GET") response.OutputStream.Write(bytes);
        return 200;
    }

    private static int Status(HttpListenerResponse response, int status)
    {
        response.StatusCode = status;
        var body = System.Text.Encoding.UTF8.GetBytes(status + Environment.NewLine);
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        return status;
    }

    public void Dispose()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (HttpListenerException)
        {
            // On Linux, closing looks the port up again and can fail when another test's listener took it meanwhile;
            // the listener is stopped by then, and a test must not fail for how the server it used went away.
        }
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
