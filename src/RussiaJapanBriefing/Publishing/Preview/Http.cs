using System.Globalization;
using System.Text;

namespace RussiaJapanBriefing.Publishing.Preview;

/// <summary>Bounds that keep a slow or hostile client from taking the preview server away from the browser.</summary>
/// <param name="Connections">Connections served at once; more wait in the listen queue until one ends.</param>
/// <param name="RequestHead">Time a client has to send its request line and headers (a slowloris client is cut off).</param>
/// <param name="Response">Time a client has to take the whole response (a client that stops reading is cut off).</param>
/// <param name="RequestLine">Longest request line in bytes; a longer one is refused with 414 as soon as it is seen.</param>
/// <param name="RequestHeadBytes">Longest request line and headers together; more is refused with 431.</param>
internal sealed record ServerLimits(int Connections, TimeSpan RequestHead, TimeSpan Response, int RequestLine, int RequestHeadBytes)
{
    public static readonly ServerLimits Default = new(64, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 8 * 1024, 32 * 1024);
}

internal sealed record HttpRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers)
{
    public IEnumerable<string> Values(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}

/// <summary>A response; the body is streamed, so a page on disk is never read whole into memory.</summary>
internal sealed record HttpReply(int Status, string ContentType, Stream Body, string? Allow = null) : IDisposable
{
    public static HttpReply Text(int status, string text, string? allow = null) =>
        new(status, "text/plain; charset=utf-8", new MemoryStream(Encoding.UTF8.GetBytes(text)), allow);

    public void Dispose() => Body.Dispose();
}

/// <summary>
/// Just enough HTTP/1.1 for a preview on 127.0.0.1: one request per connection (every response closes it), no
/// request bodies, only what a browser sends. Owning the parser is what lets a too-long address be refused after
/// 8 KB instead of being read whole, and lets every read and write carry a deadline.
/// </summary>
internal static class Http
{
    /// <summary>The request, or the status to refuse it with; neither when the client closed without asking.</summary>
    public static async Task<(HttpRequest? Request, int Refusal)> ReadRequestAsync(Stream stream, ServerLimits limits, CancellationToken token)
    {
        var buffer = new byte[limits.RequestHeadBytes];
        var length = 0;
        while (true)
        {
            var received = buffer.AsSpan(0, length);
            var firstLine = received.IndexOf((byte)'\n');
            if ((firstLine < 0 ? length : firstLine) > limits.RequestLine) return (null, 414);
            if (HeadLength(received) is { } head) return Parse(Encoding.Latin1.GetString(buffer, 0, head));
            if (length == buffer.Length) return (null, 431);
            var read = await stream.ReadAsync(buffer.AsMemory(length), token);
            if (read == 0) return (null, length == 0 ? 0 : 400);
            length += read;
        }
    }

    /// <summary>Where the blank line that ends the head ends (CRLF or a bare LF), if it has arrived.</summary>
    private static int? HeadLength(ReadOnlySpan<byte> received)
    {
        for (var i = received.IndexOf((byte)'\n'); i >= 0 && i < received.Length; i++)
        {
            if (received[i] != '\n') continue;
            if (i + 1 < received.Length && received[i + 1] == '\n') return i + 2;
            if (i + 2 < received.Length && received[i + 1] == '\r' && received[i + 2] == '\n') return i + 3;
        }
        return null;
    }

    private static (HttpRequest?, int) Parse(string head)
    {
        var lines = head.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper)
            || parts[1].Length == 0 || parts[1].Any(c => c <= ' ' || c >= '\x7f') || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
            return (null, 400);
        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':');
            // A line folded onto the one before, or a name with spaces, is how requests are smuggled past proxies.
            if (colon <= 0 || line[..colon].Any(c => c <= ' ' || c >= '\x7f')) return (null, 400);
            headers.Add((line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }
        return (new HttpRequest(parts[0], parts[1], headers), 0);
    }

    /// <param name="body">False for HEAD: the same head, with the length of the body that is not sent.</param>
    public static async Task SendAsync(Stream stream, HttpReply reply, bool body, CancellationToken token)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} {Reason(reply.Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {reply.ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {reply.Body.Length}\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("Connection: close\r\n");
        if (reply.Allow is { } allow) head.Append(CultureInfo.InvariantCulture, $"Allow: {allow}\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), token);
        if (body) await reply.Body.CopyToAsync(stream, token);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "",
    };
}
