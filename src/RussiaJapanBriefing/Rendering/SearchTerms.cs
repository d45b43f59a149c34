using System.Globalization;
using System.Text;

namespace RussiaJapanBriefing.Rendering;

/// <summary>How the search index and search.js cut text into words: both must fold a word the same way, or a query misses.</summary>
public static class SearchTerms
{
    /// <summary>Longer words are indexed (and searched) by their first 64 characters.</summary>
    public const int MaxRunes = 64;

    /// <summary>
    /// The words of a text as the index holds them: compatibility-decomposed, without combining marks, lower-cased
    /// (final sigma as sigma), split into runs of letters and digits, each cut to <see cref="MaxRunes"/>.
    /// search.js folds a query the same way.
    /// </summary>
    public static IEnumerable<string> Of(string text)
    {
        var terms = new List<string>();
        Each(text, term => terms.Add(term.ToString()));
        return terms;
    }

    internal delegate void TermFound(ReadOnlySpan<char> term);

    /// <summary>
    /// The words of <see cref="Of"/>, each lent to <paramref name="found"/> for the call only: the index looks most up
    /// among the terms it has, so a string for each is mostly garbage (a word takes at most 128 UTF-16 units).
    /// </summary>
    internal static void Each(string text, TermFound found)
    {
        Span<char> word = stackalloc char[MaxRunes * 2];
        int length = 0, runes = 0;
        foreach (var rune in Decomposed(text).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark) continue;
            if (!Rune.IsLetterOrDigit(rune))
            {
                if (length > 0) found(word[..length]);
                length = runes = 0;
                continue;
            }
            if (runes++ >= MaxRunes) continue;
            var lower = Rune.ToLowerInvariant(rune);
            if (lower.Value == 'ς') lower = new Rune('σ');
            length += lower.EncodeToUtf16(word[length..]);
        }
        if (length > 0) found(word[..length]);
    }

    private static string Decomposed(string text)
    {
        if (Ascii.IsValid(text)) return text;
        try
        {
            return text.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            // A lone surrogate: read it as U+FFFD, as a browser does, and decompose the rest.
            return string.Concat(text.EnumerateRunes().Select(r => r.ToString())).Normalize(NormalizationForm.FormKD);
        }
    }
}
