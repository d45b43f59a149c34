namespace RussiaJapanBriefing.Annotations;

/// <summary>
/// <c>serve</c> keeps what each annotation file parsed to between saves: a file whose path and bytes are those of
/// the last build (compared by SHA-256, so a save within the same clock tick is still seen) is not parsed again, and
/// reports again exactly the diagnostics it reported then. Parsing depends on nothing but the path and the bytes.
/// Not for use from two builds at once.
/// </summary>
internal sealed class ParsedFiles
{
    private sealed record Entry(string Hash, AnnotationSet Part, IReadOnlyList<Diagnostic> Diagnostics);

    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Dictionary<string, Entry> _next = new(StringComparer.Ordinal);
    private readonly Lock _gate = new(); // files are parsed in parallel

    /// <summary>Files the last load parsed, and files it took from what an earlier load parsed.</summary>
    public int Parsed { get; private set; }

    public int Reused { get; private set; }

    internal void Begin()
    {
        _next = new Dictionary<string, Entry>(StringComparer.Ordinal);
        Parsed = Reused = 0;
    }

    /// <summary>The part of the book <paramref name="bytes"/> parse to, parsed by <paramref name="parse"/> only when they changed.</summary>
    internal AnnotationSet Get(string path, byte[] bytes, DiagnosticBag diagnostics, Func<DiagnosticBag, AnnotationSet> parse)
    {
        var hash = Hashing.Hash(bytes);
        Entry? entry;
        lock (_gate) _entries.TryGetValue(path, out entry);
        var reused = entry is not null && entry.Hash == hash;
        if (!reused)
        {
            var own = new DiagnosticBag();
            entry = new Entry(hash, parse(own), own.Snapshot());
        }
        diagnostics.Add(entry!.Diagnostics);
        lock (_gate)
        {
            _next[path] = entry;
            if (reused) Reused++;
            else Parsed++;
        }
        return entry.Part;
    }

    /// <summary>Files that are gone are forgotten, so the memory held follows the book.</summary>
    internal void End() => _entries = _next;
}
