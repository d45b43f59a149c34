namespace RussiaJapanBriefing.Model;

/// <summary>A 1-based, inclusive range of lines in a seed file.</summary>
public sealed record LineRange(int First, int Last, string? Reason)
{
    public bool Contains(int line) => line >= First && line <= Last;
}

/// <summary>Article text that the editors chose not to cite, and why (a caption, a repeated headline, …).</summary>
public sealed record UncitedPassage(Passage Passage, string Reason);

/// <summary>What the editors say about a seed: where it comes from, when it appeared, which parts are not article text.</summary>
public sealed record SourceInfo(
    string Outlet,
    string Headline,
    string? Url,
    PartialDate Published,
    string? PublishedNote,
    string? Dateline,
    IReadOnlyList<LineRange> Boilerplate,
    IReadOnlyList<UncitedPassage> Uncited,
    bool Draft = false);

/// <summary>One line of a source file: <c>[Start, End)</c> excludes the line break; <see cref="Boilerplate"/> is the range it falls in, if any.</summary>
public sealed record SourceLine(int Number, int Start, int End, LineRange? Boilerplate);

/// <summary>A seed article. <see cref="Text"/> is the file as .NET reads it; every offset in the book points into it.</summary>
public sealed record Source(string Id, string Path, SeedText Content, SourceInfo? Info)
{
    public Source(string id, string path, string text, SourceInfo? info) : this(id, path, new SeedText(text), info)
    {
    }

    /// <summary>Read from the seed file when first asked for, where the build vouched for the file unread (see <see cref="SeedText"/>).</summary>
    public string Text => Content.Text;

    public string Title => Info?.Headline ?? Id;

    /// <summary>The source's page. Kept, not made on each ask: a save plans every page, and 10,000 sources' addresses made anew took 5 ms of it.</summary>
    public string Url { get; } = SiteLayout.Source(Id);

    public IEnumerable<SourceLine> Lines()
    {
        var lines = Content.Lines;
        for (var i = 0; i < lines.Count; i++)
            yield return new SourceLine(i + 1, lines[i].Start, lines[i].End, FirstHolding(Info?.Boilerplate ?? [], i + 1));
    }

    /// <summary>
    /// The lines <see cref="Lines"/> gives with a boilerplate range, made from the ranges alone: resolving the sources
    /// asks for them of every source, and a line made for each line of 10,000 texts was 20 ms of a one-claim rebuild.
    /// </summary>
    public List<SourceLine> BoilerplateLines()
    {
        if (Info is not { Boilerplate.Count: > 0 } info) return [];
        var ranges = info.Boilerplate;
        // The resolver sorts a source's ranges by their first line; a copy is sorted only for a caller that did not.
        for (var i = 1; i < ranges.Count; i++)
            if (ranges[i].First < ranges[i - 1].First)
            {
                ranges = [.. ranges.OrderBy(r => r.First)];
                break;
            }
        var lines = Content.Lines;
        var found = new List<SourceLine>(ranges.Count);
        var next = 1;
        foreach (var span in ranges)
            for (var n = Math.Max(span.First, next); n <= Math.Min(span.Last, lines.Count); n++)
            {
                found.Add(new SourceLine(n, lines[n - 1].Start, lines[n - 1].End, FirstHolding(info.Boilerplate, n)
                    ?? throw new InvalidOperationException("a boilerplate line in no range")));
                next = n + 1;
            }
        return found;
    }

    /// <summary>A line's boilerplate range: the first range listed that holds it, or null.</summary>
    private static LineRange? FirstHolding(IReadOnlyList<LineRange> ranges, int line)
    {
        foreach (var range in ranges)
            if (range.Contains(line)) return range;
        return null;
    }
}

/// <summary>An exact span of a source's text, <c>[Start, End)</c> in UTF-16 code units.</summary>
public sealed record Passage(string SourceId, int Start, int End)
{
    public string Anchor => SiteLayout.PassageAnchor(this);
}

/// <summary>A claim's evidence: a passage and the quote as it stands in the source.</summary>
public sealed record Citation(Passage Passage, string Quote);
