namespace RussiaJapanBriefing.Model;

/// <summary>
/// The text of a seed, as .NET reads it (every offset in the book points into it), and the SHA-256 of the file's bytes
/// (in lowercase hex), which names the text in the caches. A build that can vouch for a seed file unread (the command
/// line's, when its snapshot finds the bytes those of a seed the last successful build read) leaves the text on disk
/// until a quote, a page or a search asks for it: a rebuild after one claim's edit at 10,000 sources asks for about a
/// hundred, and reading all of them was its longest load.
/// </summary>
public sealed class SeedText : IEquatable<SeedText>
{
    private string? _text;
    private string? _hash;
    private IReadOnlyList<(int Start, int End)>? _lines;
    private readonly InputFile? _unread;
    private readonly Lock _gate = new();

    /// <summary>A text already in memory; its <see cref="Hash"/> is that of its UTF-8 bytes.</summary>
    public SeedText(string text) => _text = text;

    /// <summary>A text read from a file whose bytes have this SHA-256.</summary>
    internal SeedText(string text, string hash) => (_text, _hash) = (text, hash);

    /// <summary>The text of <paramref name="file"/>, read when first asked for; its bytes must then still have this SHA-256.</summary>
    internal SeedText(InputFile file, string hash) => (_unread, _hash) = (file, hash);

    public string Text => _text ?? Read();

    public string Hash => _hash ??= Hashing.Hash(Text);

    /// <summary>Whether the text is in memory: always, but for a seed file vouched for and not yet asked for.</summary>
    public bool IsRead => _text is not null;

    /// <summary>Each line's span, <c>[Start, End)</c>, without its line break (nor a carriage return before it).</summary>
    public IReadOnlyList<(int Start, int End)> Lines => _lines ??= LinesOf(Text);

    /// <summary>The lines when they are known without reading the file: from the text in memory, or from a memo.</summary>
    internal IReadOnlyList<(int Start, int End)>? KnownLines => _lines ?? (IsRead ? Lines : null);

    /// <summary>Lines a memo kept for a text with this <see cref="Hash"/>: they depend on the text alone.</summary>
    internal void Know(IReadOnlyList<(int Start, int End)> lines) => _lines ??= lines;

    private static List<(int Start, int End)> LinesOf(string text)
    {
        var lines = new List<(int, int)>();
        for (var start = 0; start < text.Length;)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            lines.Add((start, end > start && text[end - 1] == '\r' ? end - 1 : end));
            start = end + 1;
        }
        return lines;
    }

    private string Read()
    {
        lock (_gate)
        {
            if (_text is not null) return _text;
            var file = _unread!;
            // The bytes were checked by the build that read them last; these are those very bytes, or nothing is used.
            var text = InputFiles.Read(file, InputFiles.MaxTextBytes, new DiagnosticBag(), (buffer, length) =>
                Hashing.Hash(buffer.AsSpan(0, length)) == _hash ? TextFiles.Decode(buffer.AsSpan(0, length), out _) : null);
            return _text = text ?? throw new SeedChangedException(file.Display);
        }
    }

    public bool Equals(SeedText? other) => ReferenceEquals(this, other) || (other is not null && Hash == other.Hash);

    public override bool Equals(object? obj) => Equals(obj as SeedText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hash);
}

/// <summary>
/// A seed file vouched for at the start of a build no longer holds the bytes it held then: the build stops, and
/// publishes nothing, rather than cite a text it did not check (RJB0510).
/// </summary>
public sealed class SeedChangedException(string path) : Exception($"{path} changed while the book was being built")
{
    public string Path { get; } = path;

    /// <summary>The first such exception in <paramref name="e"/> or what it wraps (parallel loops and templates wrap what they meet).</summary>
    public static SeedChangedException? In(Exception? e) => e switch
    {
        null => null,
        SeedChangedException changed => changed,
        AggregateException all => all.InnerExceptions.Select(In).FirstOrDefault(x => x is not null),
        _ => In(e.InnerException),
    };
}
