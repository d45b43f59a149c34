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

    public static IEnumerable<Figure> In(string text)
    {
        foreach (Match m in Token().Matches(text))
        {
            if (m.Groups["digits"].Success)
                yield return new Figure(m.Value, decimal.Parse(m.Groups["digits"].Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture));
            // "two-day", "second-largest": the number is the first half.
            else if (Words.TryGetValue(m.Value, out var value) || Words.TryGetValue(m.Value.Split('-')[0], out value))
                yield return new Figure(m.Value, value);
        }
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}.,])(?<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:st|nd|rd|th|s)?(?![\p{L}\p{N}])|(?<![\p{L}-])\p{L}+(?:-\p{L}+)?(?!\p{L})",
        RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
