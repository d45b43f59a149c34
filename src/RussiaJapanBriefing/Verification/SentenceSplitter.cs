namespace RussiaJapanBriefing.Verification;

/// <summary>
/// Splits article text into sentences for coverage: a sentence ends at '.', '!' or '?' (and any closing
/// quote or bracket) followed by white space and the start of a new sentence, unless the word before the stop
/// is a known abbreviation or an initial ("U.S.", "Mr.", "J."). Each line is split on its own, so headlines
/// stand alone.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Prof", "Rep", "Sen", "Gov",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "No", "vs", "etc", "approx", "Inc", "Ltd", "Co", "Corp",
    };

    /// <summary>Sentences of <paramref name="text"/> within <c>[start, end)</c>, trimmed of surrounding white space.</summary>
    public static IEnumerable<(int Start, int End)> Split(string text, int start, int end)
    {
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            if (text[i] is not ('.' or '!' or '?')) continue;
            var stop = i + 1;
            while (stop < end && text[stop] is '"' or '\'' or '”' or '’' or ')' or ']') stop++;
            if (stop < end && !char.IsWhiteSpace(text[stop])) continue;
            if (!StartsSentence(text, stop, end)) continue;
            if (text[i] == '.' && IsAbbreviation(text, sentenceStart, i)) continue;
            if (Trim(text, sentenceStart, stop) is { } sentence) yield return sentence;
            sentenceStart = stop;
            i = stop - 1;
        }
        if (Trim(text, sentenceStart, end) is { } last) yield return last;
    }

    /// <summary>A new sentence begins with a capital, a digit or an opening quote: "/TASS/." after a dateline does not.</summary>
    private static bool StartsSentence(string text, int from, int end)
    {
        while (from < end && char.IsWhiteSpace(text[from])) from++;
        return from >= end || char.IsUpper(text[from]) || char.IsDigit(text[from]) || text[from] is '"' or '\'' or '“' or '‘' or '(' or '[';
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && char.IsLetter(text[wordStart - 1])) wordStart--;
        var word = text[wordStart..dot];
        if (word.Length == 1 && char.IsUpper(word[0])) return true;                          // an initial, or "U.S."
        if (wordStart > sentenceStart && text[wordStart - 1] == '.') return true;              // the middle of "U.S."
        return Abbreviations.Contains(word);
    }

    private static (int, int)? Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return end > start ? (start, end) : null;
    }
}
