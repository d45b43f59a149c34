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
        var prefix = WordsBefore(text, from, start);
        var suffix = WordsAfter(text, end, to);
        var target = passage.Count <= MaxExactWords
            ? Encode(passage)
            : $"{Encode(passage.Take(RangeWords))},{Encode(passage.TakeLast(RangeWords))}";
        var directive = (prefix.Count > 0 ? Encode(prefix) + "-," : "") + target + (suffix.Count > 0 ? ",-" + Encode(suffix) : "");
        var withoutFragment = articleUrl.Split('#', 2)[0];
        return $"{withoutFragment}#:~:text={directive}";
    }

    private static List<string> Words(string s) =>
        s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>
    /// The last <see cref="ContextWords"/> words of <c>text[from..start]</c>, as splitting that window at white space
    /// would give them, found from its end: the whole window need not be split (a build makes one link per passage).
    /// </summary>
    private static List<string> WordsBefore(string text, int from, int start)
    {
        var words = new List<string>(ContextWords);
        for (var i = start; words.Count < ContextWords;)
        {
            while (i > from && char.IsWhiteSpace(text[i - 1])) i--;
            if (i == from) break;
            var wordEnd = i;
            while (i > from && !char.IsWhiteSpace(text[i - 1])) i--;
            words.Insert(0, text[i..wordEnd]);
        }
        return words;
    }

    /// <summary>The first <see cref="ContextWords"/> words of <c>text[end..to]</c>, as splitting that window at white space would give them.</summary>
    private static List<string> WordsAfter(string text, int end, int to)
    {
        var words = new List<string>(ContextWords);
        for (var i = end; words.Count < ContextWords;)
        {
            while (i < to && char.IsWhiteSpace(text[i])) i++;
            if (i == to) break;
            var wordStart = i;
            while (i < to && !char.IsWhiteSpace(text[i])) i++;
            words.Add(text[wordStart..i]);
        }
        return words;
    }

    /// <summary>Percent-encodes everything but unreserved characters, and '-' too: in a text directive it is syntax.</summary>
    private static string Encode(IEnumerable<string> words) =>
        Uri.EscapeDataString(string.Join(' ', words)).Replace("-", "%2D", StringComparison.Ordinal);
}
