using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification;

/// <summary>Where a quote stands in its source, and when it is not there, the wording of the hint that says why.</summary>
public static partial class BookResolver
{
    private static Citation? Locate(Located<string> quote, Located<string>? context, ResolvedSource source, Searches searches, DiagnosticBag diagnostics,
        ResolvedRecords? records)
    {
        if (records?.Citation(source, quote.Value, context?.Value) is { } kept) return kept;
        var path = source.Source.Path;
        var search = searches.Of(source).Find(quote.Value, context?.Value);
        if (search.Context is { } contextSpans && contextSpans.Count != 1)
        {
            diagnostics.Report(contextSpans.Count == 0 ? Codes.QuoteNotFound : Codes.QuoteAmbiguous, context!.Location,
                contextSpans.Count == 0
                    ? $"the context is not in {path}"
                    : $"the context occurs {contextSpans.Count} times in {path} (lines {Lines(source.Source.Text, contextSpans)})",
                contextSpans.Count == 0 ? search.Hint : "make the context longer");
            return null;
        }

        // Only article text counts: a headline repeated in the site's breadcrumb is still one passage.
        var found = search.Found;
        // The boilerplate lines are in text order, so their ends ascend: the first that ends after the span starts is
        // the only one that can overlap it. A binary search keeps a quote found a million times linear.
        SourceLine? BoilerplateUnder((int Start, int End) span)
        {
            int lo = 0, hi = source.Boilerplate.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (source.Boilerplate[mid].End > span.Start) hi = mid;
                else lo = mid + 1;
            }
            return lo < source.Boilerplate.Count && source.Boilerplate[lo].Start < span.End ? source.Boilerplate[lo] : null;
        }
        // Most quotes are found once, in article text: a list of the spans outside boilerplate is made only when one is
        // under it (a list per citation was 60 ms of a one-claim rebuild at 10,000 sources, whose sources have boilerplate).
        var spans = found;
        if (source.Boilerplate.Count > 0)
            for (var i = 0; i < found.Count; i++)
                if (BoilerplateUnder(found[i]) is not null)
                {
                    spans = [.. found.Where(span => BoilerplateUnder(span) is null)];
                    break;
                }
        if (found.Count > 0 && spans.Count == 0)
        {
            var lines = BoilerplateUnder(found[0])!.Boilerplate!;
            diagnostics.Report(Codes.QuoteInBoilerplate, quote.Location,
                $"the quote is in boilerplate of {path} (lines {lines.First}-{lines.Last}{(lines.Reason is null ? "" : ": " + lines.Reason)})",
                "cite article text, not the site's navigation or appeals");
            return null;
        }
        if (spans.Count == 0)
        {
            if (context is not null)
                diagnostics.Report(Codes.ContextMismatch, quote.Location, "the quote is not inside its context", "the context must contain the quote verbatim");
            else
                diagnostics.Report(Codes.QuoteNotFound, quote.Location, $"the quote is not in {path}: \"{Shorten(quote.Value)}\"", search.Hint);
            return null;
        }
        if (spans.Count > 1)
        {
            diagnostics.Report(Codes.QuoteAmbiguous, quote.Location,
                $"the quote occurs {spans.Count} times in the article text of {path} (lines {Lines(source.Source.Text, spans)})",
                "add a longer 'context' around the occurrence you mean, or quote more");
            return null;
        }
        var (start, end) = spans[0];
        // The quote as the source has it, most often the very text the editor quoted: that string is kept, not another copy
        // (100,000 citations at 10,000 sources, 30 MB of text), and a text not read is not read for it.
        var cited = quote.Value;
        if (search.Verbatim is { } verbatim)
            for (var i = 0; i < found.Count; i++)
                if (found[i] == (start, end)) cited = verbatim[i];
        var citation = new Citation(new Passage(source.Source.Id, start, end), cited);
        records?.Keep(source, quote.Value, context?.Value, citation);
        return citation;
    }

    internal static string? NotFoundHint(QuoteMatcher matcher, string quote, string text)
    {
        if (InvisibleDifference.Explain(quote, text) is { } invisible) return invisible;
        var prefix = matcher.LongestMatchingPrefix(quote);
        var suffix = matcher.LongestMatchingSuffix(quote);
        if (suffix is { } end && end.MatchedSuffix.Length > (prefix?.MatchedPrefix.Length ?? 0))
        {
            // Show the source over the stretch where the quote's start should be, and a little of the match after it.
            var quoteBefore = QuoteMatcher.Normalize(quote)[..^end.MatchedSuffix.Length];
            var from = Math.Max(0, end.SourceOffset - quoteBefore.Length - 8);
            var to = Math.Min(text.Length, end.SourceOffset + 12);
            var sourceThere = text[from..to].ReplaceLineEndings(" ");
            return $"its end \"{Shorten(end.MatchedSuffix, 30)}\" matches at line {LineOf(text, end.SourceOffset)}, where the source reads \"…{sourceThere}…\" but the quote begins \"{Shorten(quoteBefore, 40)}\"";
        }
        if (prefix is not { } start) return "copy the passage verbatim from the source";
        var line = LineOf(text, start.SourceOffset);
        var sourceNext = text.Substring(start.SourceOffset, Math.Min(20, text.Length - start.SourceOffset)).ReplaceLineEndings(" ");
        var quoteNext = QuoteMatcher.Normalize(quote)[start.MatchedPrefix.Length..];
        return $"it matches up to \"…{Tail(start.MatchedPrefix)}\" at line {line}, where the source goes on \"{sourceNext}\" and the quote \"{Shorten(quoteNext, 20)}\"";
    }

    public static int LineOf(string text, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
            if (text[i] == '\n') line++;
        return line;
    }

    private const int ListedLines = 10;

    /// <summary>
    /// The lines the spans (in text order) start on, counted in one pass over the text: a one-letter quote occurs
    /// hundreds of thousands of times in a long article, and a message lists only the first few lines.
    /// </summary>
    private static string Lines(string text, IReadOnlyList<(int Start, int End)> spans)
    {
        var lines = new List<int>();
        int line = 1, counted = 0;
        foreach (var (start, _) in spans)
        {
            for (; counted < start && counted < text.Length; counted++)
                if (text[counted] == '\n') line++;
            if (lines.Count == 0 || lines[^1] != line) lines.Add(line);
        }
        return lines.Count <= ListedLines
            ? string.Join(", ", lines)
            : $"{string.Join(", ", lines.Take(ListedLines))} … and {lines.Count - ListedLines} more";
    }

    private static string Shorten(string s, int max = 60) => s.Length <= max ? s : s[..max] + "…";

    private static string Tail(string s, int max = 30) => s.Length <= max ? s : s[^max..];
}
