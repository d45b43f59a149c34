using System.Runtime.CompilerServices;
using System.Text;

namespace RussiaJapanBriefing.Verification;

/// <summary>
/// For a quote that is not found: whether it would be, but for a difference nobody can see on screen — an invisible
/// character (a soft hyphen, a zero-width space) on one side only, or the same accented letter written as one code
/// point on one side and as a letter plus a combining accent (NFC against NFD) on the other. Such a quote looks
/// verbatim, so the usual "where it departs" hint points at two identical-looking texts; this names the difference.
/// </summary>
internal static class InvisibleDifference
{
    /// <summary>What is worked out once per source text, and only for a source that has a quote not found.</summary>
    private sealed class Variants(string text)
    {
        public readonly bool Plain = !text.Any(TextFiles.IsInvisible) && text.IsNormalized(NormalizationForm.FormC);

        public readonly Lazy<(QuoteMatcher Matcher, int[] Origin)> Visible = new(() =>
        {
            var (visible, origin) = Strip(text);
            return (new QuoteMatcher(visible), origin);
        });

        public readonly Lazy<QuoteMatcher> Composed = new(() => new QuoteMatcher(Strip(text).Text.Normalize(NormalizationForm.FormC)));
    }

    private static readonly ConditionalWeakTable<string, Variants> Cache = [];

    /// <summary>The hint naming the invisible difference, or null when the quote differs in what can be seen.</summary>
    public static string? Explain(string quote, string text)
    {
        var source = Cache.GetValue(text, t => new Variants(t));
        var quoteInvisible = quote.Select((c, i) => (c, i)).FirstOrDefault(x => TextFiles.IsInvisible(x.c));
        var quoteHasInvisible = quoteInvisible.c != default;
        if (source.Plain && !quoteHasInvisible && quote.IsNormalized(NormalizationForm.FormC)) return null;

        var (visibleQuote, _) = Strip(quote);
        var (matcher, origin) = source.Visible.Value;
        if (matcher.FindAll(visibleQuote) is [var (start, end), ..])
        {
            var parts = new List<string>();
            var (from, to) = (origin[start], origin[end - 1] + 1);
            if (Enumerable.Range(from, to - from).FirstOrDefault(i => TextFiles.IsInvisible(text[i]), -1) is var at and >= 0)
            {
                var (line, column) = LineAndColumn(text, at);
                parts.Add($"the source has an invisible {TextFiles.Describe(new Rune(text[at]))} at line {line}, column {column}, inside the passage");
            }
            if (quoteHasInvisible)
                parts.Add($"the quote has an invisible {TextFiles.Describe(new Rune(quoteInvisible.c))} as its character {quoteInvisible.i + 1}");
            if (parts.Count > 0)
                return string.Join(", and ", parts) + ": the quote matches only when invisible characters are ignored; copy the passage from the source as it is";
        }
        if (source.Composed.Value.FindAll(visibleQuote.Normalize(NormalizationForm.FormC)).Count > 0)
            return $"the quote matches only when accented letters are compared by how they look: the source writes them {Form(text)} and the quote {Form(quote)}; copy the passage from the source as it is";
        return null;
    }

    private static string Form(string s) => s.IsNormalized(NormalizationForm.FormC)
        ? "composed (NFC: one code point per letter)"
        : "decomposed (NFD: a letter followed by a combining accent)";

    /// <summary>The text without its invisible characters, and for each character left, where it was.</summary>
    private static (string Text, int[] Origin) Strip(string text)
    {
        var kept = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (TextFiles.IsInvisible(text[i])) continue;
            kept.Append(text[i]);
            origin.Add(i);
        }
        return (kept.ToString(), origin.ToArray());
    }

    private static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        return (text.AsSpan(0, offset).Count('\n') + 1, offset - lineStart + 1);
    }
}
