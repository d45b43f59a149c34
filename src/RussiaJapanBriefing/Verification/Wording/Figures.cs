using System.Globalization;
using System.Text.RegularExpressions;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>A number as written ("twenty-six", "17,000", "20th") and its value, so "26" and "twenty-six" are the same figure.</summary>
public sealed record Figure(string Written, decimal Value);

/// <summary>Finds the numbers in a text: digits (with thousands separators, decimals, "20th", "1990s"), number words and ordinals.</summary>
public static partial class Figures
{
    private static readonly string[] Units =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    private static readonly string[] UnitOrdinals =
        ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
         "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"];
    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    private static readonly string[] TenOrdinals = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];

    private static readonly Dictionary<string, decimal> Words = BuildWords();

    private static Dictionary<string, decimal> BuildWords()
    {
        var words = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1_000_000, ["twice"] = 2 };
        // "one" is left out: in prose it is mostly a pronoun ("one of the islands"), not a figure.
        for (var i = 2; i < Units.Length; i++) words[Units[i]] = i;
        for (var i = 1; i < UnitOrdinals.Length; i++) words[UnitOrdinals[i]] = i;
        for (var t = 2; t < Tens.Length; t++)
        {
            words[Tens[t]] = t * 10;
            words[TenOrdinals[t]] = t * 10;
            for (var u = 1; u < 10; u++)
            {
                words[$"{Tens[t]}-{Units[u]}"] = t * 10 + u;
                words[$"{Tens[t]}-{UnitOrdinals[u]}"] = t * 10 + u;
            }
        }
        return words;
    }

    private static readonly Dictionary<string, decimal>.AlternateLookup<ReadOnlySpan<char>> WordsBySpan = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IReadOnlyList<Figure> In(string text)
    {
        var figures = new List<Figure>();
        // Every word is a token, and few are figures: only those get a string of their own.
        foreach (var m in Token().EnumerateMatches(text))
        {
            var token = text.AsSpan(m.Index, m.Length);
            // The digits alternative is the only one that starts with a digit; its suffix ("th", "s") is letters only.
            if (char.IsDigit(token[0]))
            {
                var digits = token.TrimEnd("stndrh");
                figures.Add(new Figure(token.ToString(), decimal.Parse(digits.ToString().Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture)));
            }
            // "two-day", "second-largest": the number is the first half.
            else if (WordsBySpan.TryGetValue(token, out var value) || (token.IndexOf('-') is var dash and > 0 && WordsBySpan.TryGetValue(token[..dash], out value)))
                figures.Add(new Figure(token.ToString(), value));
        }
        return figures;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}.,])(?<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:st|nd|rd|th|s)?(?![\p{L}\p{N}])|(?<![\p{L}-])\p{L}+(?:-\p{L}+)?(?!\p{L})",
        RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
