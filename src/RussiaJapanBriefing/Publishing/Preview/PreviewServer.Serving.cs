using System.Net.Sockets;
using System.Text.Json;

namespace RussiaJapanBriefing.Publishing.Preview;

/// <summary>Serving: each connection on its own within the limits, answering only this machine, from the preview folder.</summary>
public sealed partial class PreviewServer
{
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
}
