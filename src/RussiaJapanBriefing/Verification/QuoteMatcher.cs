using System.Buffers;

namespace RussiaJapanBriefing.Verification;

/// <summary>
/// Finds quotes in a source text while tolerating typography and nothing else: quote marks, dashes,
/// the ellipsis character and white space are folded to one form on both sides before an ordinal search.
/// The folded text keeps a map back to the original offsets, so a match is always reported as a span of the
/// original text.
/// </summary>
public sealed class QuoteMatcher
{
    private readonly string _folded;
    private readonly int[] _starts; // original offset where each folded char begins
    private readonly int[] _ends;   // original offset just after it

    public QuoteMatcher(string text)
    {
        var capacity = Capacity(text);
        _starts = new int[capacity];
        _ends = new int[capacity];
        var folded = ArrayPool<char>.Shared.Rent(capacity);
        _folded = new string(folded, 0, Fold(text, folded, _starts, _ends));
        ArrayPool<char>.Shared.Return(folded);
    }

    /// <summary>The quote as it will be compared: folded and trimmed. Empty means there is nothing to look for.</summary>
    public static string Normalize(string quote)
    {
        // Every quote looked up is folded: only its characters are needed, in a buffer that is not kept.
        var capacity = Capacity(quote);
        char[]? rented = null;
        Span<char> folded = capacity > 256 ? rented = ArrayPool<char>.Shared.Rent(capacity) : stackalloc char[capacity];
        var result = new string(folded[..Fold(quote, folded, [], [])].Trim());
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return result;
    }

    /// <summary>Every place the quote occurs, as <c>[start, end)</c> spans of the original text, in order.</summary>
    public IReadOnlyList<(int Start, int End)> FindAll(string quote, int from = 0, int to = int.MaxValue)
    {
        var needle = Normalize(quote);
        var spans = new List<(int, int)>();
        if (needle.Length == 0) return spans;
        var index = _folded.IndexOf(needle, StringComparison.Ordinal);
        while (index >= 0)
        {
            var span = (_starts[index], _ends[index + needle.Length - 1]);
            if (span.Item1 >= from && span.Item2 <= to) spans.Add(span);
            index = _folded.IndexOf(needle, index + 1, StringComparison.Ordinal);
        }
        return spans;
    }

    /// <summary>
    /// For a quote that is not found: the longest leading part of it that is, and where that part ends
    /// in the original text, so the editor sees where the quote departs from the source.
    /// </summary>
    public (string MatchedPrefix, int SourceOffset)? LongestMatchingPrefix(string quote)
    {
        var needle = Normalize(quote);
        int lo = 0, hi = needle.Length, foundAt = -1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            var at = _folded.IndexOf(needle[..mid], StringComparison.Ordinal);
            if (at >= 0) { lo = mid; foundAt = at; }
            else hi = mid - 1;
        }
        if (lo < 8 || foundAt < 0) return null; // a few shared letters say nothing about where the quote came from
        return (needle[..lo], _ends[foundAt + lo - 1]);
    }

    /// <summary>
    /// For a quote whose start is wrong: the longest trailing part of it that is found, and where that part begins
    /// in the original text, so the editor sees what the source has just before it.
    /// </summary>
    public (string MatchedSuffix, int SourceOffset)? LongestMatchingSuffix(string quote)
    {
        var needle = Normalize(quote);
        int lo = 0, hi = needle.Length, foundAt = -1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            var at = _folded.IndexOf(needle[^mid..], StringComparison.Ordinal);
            if (at >= 0) { lo = mid; foundAt = at; }
            else hi = mid - 1;
        }
        if (lo < 8 || foundAt < 0) return null;
        return (needle[^lo..], _starts[foundAt]);
    }

    /// <summary>Sized for the longest folding (each '…' becomes three dots), so folding never grows a buffer.</summary>
    private static int Capacity(string text) => text.Length + 2 * text.AsSpan().Count('\u2026');

    /// <summary>
    /// Folds <paramref name="text"/> into <paramref name="folded"/> and returns its length; with room in
    /// <paramref name="starts"/> and <paramref name="ends"/>, also where each folded character came from.
    /// </summary>
    private static int Fold(string text, Span<char> folded, Span<int> starts, Span<int> ends)
    {
        var mapped = !starts.IsEmpty;
        var n = 0;
        void Emit(Span<char> folded, Span<int> starts, Span<int> ends, char c, int start, int end)
        {
            folded[n] = c;
            if (mapped)
            {
                starts[n] = start;
                ends[n] = end;
            }
            n++;
        }

        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || IsDash(c))
            {
                var whitespace = char.IsWhiteSpace(c);
                var j = i;
                while (j < text.Length && (whitespace ? char.IsWhiteSpace(text[j]) : IsDash(text[j]))) j++;
                Emit(folded, starts, ends, whitespace ? ' ' : '-', i, j);
                i = j;
                continue;
            }
            switch (c)
            {
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032':
                    Emit(folded, starts, ends, '\'', i, i + 1);
                    break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033':
                    Emit(folded, starts, ends, '"', i, i + 1);
                    break;
                case '\u2026':
                    Emit(folded, starts, ends, '.', i, i + 1);
                    Emit(folded, starts, ends, '.', i, i + 1);
                    Emit(folded, starts, ends, '.', i, i + 1);
                    break;
                default:
                    Emit(folded, starts, ends, c, i, i + 1);
                    break;
            }
            i++;
        }
        return n;
    }

    private static bool IsDash(char c) => c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212';
}
