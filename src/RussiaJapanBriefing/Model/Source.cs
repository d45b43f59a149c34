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
public sealed record Source(string Id, string Path, string Text, SourceInfo? Info)
{
    public string Title => Info?.Headline ?? Id;

    /// <summary>The source's page. Kept, not made on each ask: a save plans every page, and 10,000 sources' addresses made anew took 5 ms of it.</summary>
    public string Url { get; } = SiteLayout.Source(Id);

    /// <summary>How many lines <see cref="Lines"/> gives for <paramref name="text"/>, counted without making them.</summary>
    public static int CountLines(string text) =>
        text.AsSpan().Count('\n') + (text.Length > 0 && text[^1] != '\n' ? 1 : 0);

    public IEnumerable<SourceLine> Lines()
    {
        var number = 0;
        for (var start = 0; start < Text.Length;)
        {
            number++;
            var newline = Text.IndexOf('\n', start);
            var end = newline < 0 ? Text.Length : newline;
            var lineEnd = end > start && Text[end - 1] == '\r' ? end - 1 : end;
            yield return new SourceLine(number, start, lineEnd, Info?.Boilerplate.FirstOrDefault(r => r.Contains(number)));
            start = end + 1;
        }
    }
}

/// <summary>An exact span of a source's text, <c>[Start, End)</c> in UTF-16 code units.</summary>
public sealed record Passage(string SourceId, int Start, int End)
{
    public string Anchor => SiteLayout.PassageAnchor(this);
}

/// <summary>A claim's evidence: a passage and the quote as it stands in the source.</summary>
public sealed record Citation(Passage Passage, string Quote);
