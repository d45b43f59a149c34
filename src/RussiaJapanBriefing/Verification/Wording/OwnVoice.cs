using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// What of an editor's Markdown is the book speaking: the text outside quotation marks, in clauses. Quoted words
/// are the source's, not the book's, so they are blanked (keeping offsets) before any wording check reads the text.
/// </summary>
public static partial class OwnVoice
{
    /// <summary>The text with Markdown markup and every quoted passage (quotes included) replaced by spaces.</summary>
    public static string Unquoted(string markdown)
    {
        var text = new StringBuilder(LinkTarget().Replace(markdown, m => new string(' ', m.Length)));
        for (var i = 0; i < text.Length; i++)
            if (text[i] is '*' or '`' or '[' or ']') text[i] = ' ';
        var open = -1;
        char close = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (open < 0)
            {
                close = c switch { '"' => '"', '\u201C' => '\u201D', '\u00AB' => '\u00BB', '\u2018' => '\u2019', _ => '\0' };
                if (close != '\0') open = i;
            }
            // A closing ’ followed by a letter is an apostrophe inside the quotation ("Japan’s"), not its end.
            else if (c == close && !(c == '\u2019' && i + 1 < text.Length && char.IsLetter(text[i + 1])))
            {
                for (var j = open; j <= i; j++) text[j] = ' ';
                open = -1;
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Clauses of the unquoted text: a sentence, one side of a semicolon, or of a comma before a conjunction
    /// (", and", ", while"), so an attribution covers only the clause it stands in.
    /// </summary>
    public static IEnumerable<string> Clauses(string markdown) =>
        ClauseEnd().Split(Unquoted(markdown)).Where(c => !string.IsNullOrWhiteSpace(c));

    /// <summary>Does the text name a word or phrase of <paramref name="words"/>, as whole words, in any case?</summary>
    public static bool Names(string text, IReadOnlyList<string> words) => Phrase(words).IsMatch(text);

    // Every claim and page asks about the same few dozen words, so each list becomes one pattern, once.
    private static readonly ConcurrentDictionary<string, Regex> Phrases = new(StringComparer.Ordinal);

    /// <summary>A word or phrase as whole words, any case, any white space between words; a final '*' matches any ending.</summary>
    public static Regex Phrase(string phrase) => Phrase([phrase]);

    /// <summary>One pattern that matches any of the phrases, as <see cref="Phrase(string)"/> matches one.</summary>
    public static Regex Phrase(IReadOnlyList<string> phrases) => Phrases.GetOrAdd(string.Join('\n', phrases), _ =>
        new Regex(@"(?<![\p{L}\p{N}])(?:" + string.Join('|', phrases.Select(Pattern)) + ")",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    private static string Pattern(string phrase)
    {
        var stem = phrase.Trim().EndsWith('*');
        var words = phrase.Trim().TrimEnd('*').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
        return string.Join(@"\s+", words) + (stem ? @"[\p{L}-]*" : @"(?![\p{L}\p{N}])");
    }

    [GeneratedRegex(@"\]\([^)\s]*\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"(?<=[.;!?])\s+|\n\s*\n|,\s+(?=(?:and|but|while|whereas|although|though)\s)", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseEnd();
}
