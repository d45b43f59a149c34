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
            why = id.Length > 80 ? "it is longer than 80 characters" : "it may only hold a-z, 0-9, '-' and '_', and must start with a letter or digit";
        else if (Reserved.Contains(id))
            why = "it is a reserved name";
        return why.Length == 0;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,79}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
