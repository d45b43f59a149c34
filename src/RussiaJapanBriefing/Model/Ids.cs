using System.Text.RegularExpressions;

namespace RussiaJapanBriefing.Model;

/// <summary>
/// Ids name output files, so they are checked before any path is built from them: lower-case ASCII letters, digits,
/// '-' and '_', starting with a letter or digit, at most 80 characters, and no reserved name. Lower case only means
/// two ids can never collide on a case-insensitive file system.
/// </summary>
public static partial class Ids
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "index", "con", "prn", "aux", "nul",
        "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    };

    public const string Advice = "use lower-case letters, digits, '-' and '_', e.g. 'putin-abe-2018'";

    public static bool IsSafe(string id, out string why)
    {
        why = "";
        if (!SafeId().IsMatch(id))
            why = id.Length > 80 ? "it is longer than 80 characters"
                : "it may only hold a-z, 0-9, '-' and '_', and must start with a letter or digit" + FirstBadCharacter(id);
        else if (Reserved.Contains(id))
            why = "it is a reserved name";
        return why.Length == 0;
    }

    /// <summary>
    /// Names the first character that is not allowed: a Cyrillic 'а' or a zero-width space looks like nothing wrong,
    /// so only its name tells the editor what to delete.
    /// </summary>
    private static string FirstBadCharacter(string id)
    {
        var position = 1;
        foreach (var rune in id.EnumerateRunes())
        {
            var allowed = rune.Value is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (position > 1 && rune.Value is '-' or '_');
            if (!allowed)
                return $"; character {position} is {TextFiles.Describe(rune)}" + (rune.IsBmp && TextFiles.IsInvisible((char)rune.Value) ? ", which is invisible" : "");
            position++;
        }
        return "";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,79}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
