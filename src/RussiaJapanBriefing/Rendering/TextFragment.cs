namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Builds a URL text fragment (<c>#:~:text=prefix-,start,end,-suffix</c>) that makes a browser scroll to and
/// highlight a passage in the original article. Long passages use a start and an end so the link survives small
/// differences in the middle; a few words of context before and after pin down which occurrence is meant.
/// </summary>
public static class TextFragment
{
    private const int ContextWords = 3;
    private const int MaxExactWords = 8;
    private const int RangeWords = 4;

    public static string For(string articleUrl, string text, int start, int end)
    {
        var passage = Words(text[start..end]);
        // A few words either side are all that is needed: look at a short window, not the whole article.
        // The window never cuts a surrogate pair: half of one would be encoded as U+FFFD, which the article lacks.
        var from = Math.Max(0, start - 200);
        if (from > 0 && char.IsLowSurrogate(text[from])) from++;
        var to = Math.Min(text.Length, end + 200);
        if (to < text.Length && char.IsLowSurrogate(text[to])) to--;
        var prefix = Words(text[from..start]).TakeLast(ContextWords).ToList();
        var suffix = Words(text[end..to]).Take(ContextWords).ToList();
        var target = passage.Count <= MaxExactWords
            ? Encode(passage)
            : $"{Encode(passage.Take(RangeWords))},{Encode(passage.TakeLast(RangeWords))}";
        var directive = (prefix.Count > 0 ? Encode(prefix) + "-," : "") + target + (suffix.Count > 0 ? ",-" + Encode(suffix) : "");
        var withoutFragment = articleUrl.Split('#', 2)[0];
        return $"{withoutFragment}#:~:text={directive}";
    }

    private static List<string> Words(string s) =>
        s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Percent-encodes everything but unreserved characters, and '-' too: in a text directive it is syntax.</summary>
    private static string Encode(IEnumerable<string> words) =>
        Uri.EscapeDataString(string.Join(' ', words)).Replace("-", "%2D", StringComparison.Ordinal);
}
