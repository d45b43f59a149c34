using System.Text.RegularExpressions;

namespace RussiaJapanBriefing.Drafting;

/// <summary>A name in the article that matches no entity, with the kind guessed from its title or its words.</summary>
public sealed record ProposedEntity(string Name, string Kind, string Why, int Line);

/// <summary>
/// Capitalised names of two or more words, and names after a title ("Foreign Minister Sergey Lavrov"), that no
/// entity of the book has as a name or alias. The kind is a guess the editor confirms: a title names a person
/// (a head of state or government is a leader); "Island", "Treaty", "Summit" and the like name the other kinds.
/// </summary>
public static partial class ProposedEntities
{
    public static IReadOnlyList<ProposedEntity> Find(IEnumerable<(int Line, string Text)> sentences, EntityFinder known)
    {
        var proposed = new Dictionary<string, ProposedEntity>(StringComparer.Ordinal);
        foreach (var (line, text) in sentences)
        {
            foreach (Match m in Name().Matches(text))
            {
                var name = Possessive().Replace(m.Groups["name"].Value.Trim(), "").TrimEnd('.', ',', '’', '\'', '-');
                var title = m.Groups["title"].Value.Trim();
                var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.All(w => NotAName.Contains(w) || TitleWords.Contains(w))) continue;
                while (words.Length > 0 && NotAName.Contains(words[0])) words = words[1..];
                if (title.Length == 0 && words.TakeWhile(TitleWords.Contains).ToArray() is { Length: > 0 } leading)
                {
                    title = string.Join(' ', leading);
                    words = words[leading.Length..];
                }
                if (words.Length < (title.Length > 0 ? 1 : 2)) continue;
                name = string.Join(' ', words);
                if (known.Knows(name) || proposed.ContainsKey(name)) continue;
                var (kind, why) = Guess(name, title);
                proposed[name] = new ProposedEntity(name, kind, why, line);
                if (proposed.Count >= 200) return proposed.Values.ToList();
            }
        }
        return proposed.Values.OrderBy(p => p.Line).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    private static (string Kind, string Why) Guess(string name, string title)
    {
        if (title.Length > 0)
            return LeaderTitle().IsMatch(title)
                ? ("leaders", $"the title \"{title}\"")
                : ("people", $"the title \"{title}\"");
        if (IslandWord().IsMatch(name)) return ("islands", "a word for islands in the name");
        if (TreatyWord().IsMatch(name)) return ("treaties", "a word for an agreement in the name");
        if (MeetingWord().IsMatch(name)) return ("meetings", "a word for a meeting in the name");
        if (PlaceWord().IsMatch(name)) return ("unknown", "a place? the book has no kind for places; mention it in a claim's text instead");
        if (name.Split(' ').Length is 2 or 3 && !OrganisationWord().IsMatch(name)) return ("people", "a name of two or three capitalised words (check: a person, a place or an organisation?)");
        return ("unknown", "an organisation or place? the book has no kind for those; mention it in a claim's text instead");
    }

    private static readonly HashSet<string> TitleWords = new(StringComparer.Ordinal)
    {
        "President", "Prime", "Minister", "Secretary", "Spokesman", "Ambassador", "Governor", "Chancellor", "Premier", "Director", "General",
        "Deputy", "First", "Vice", "Chief", "Defense", "Defence", "Foreign",
    };

    // Capitalised words that begin sentences or name months, days, nations and languages rather than entities.
    private static readonly HashSet<string> NotAName = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "In", "On", "At", "But", "And", "However", "After", "Before", "Since", "Earlier", "Later", "Speaking", "According",
        "If", "When", "While", "Because", "Both", "Neighbours", "Officials", "Talks", "Foreign", "His", "Her", "Their", "Its", "This", "That",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "Russia", "Russian", "Russians", "Japan", "Japanese", "Soviet", "Union", "US", "U.S.", "World", "War", "II", "WWII", "Asia-Pacific", "Region",
    };

    [GeneratedRegex(@"(?:(?<title>\b(?:(?:First\s+|Deputy\s+|Vice\s+|Chief\s+)?(?:Foreign|Prime|Defense|Defence|Economy|Trade)?\s*(?:President|Prime Minister|Minister|Secretary|Spokesman|spokesman|spokeswoman|Ambassador|ambassador|Governor|Chancellor|Premier|premier|Director General|Director|leader|Chairman|Mayor|Senator|King|Emperor|Queen)))\s+)?(?<name>\b[A-Z][\p{L}.’'-]+(?:\s+[A-Z][\p{L}.’'-]+){0,4})", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|New|Upper|Lower)\s|\b(?:Sea|Ocean|Peninsula|Strait|City|Region|Province|Prefecture|Oblast)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceWord();

    [GeneratedRegex(@"['’]s$", RegexOptions.CultureInvariant)]
    private static partial Regex Possessive();

    [GeneratedRegex(@"President|Prime Minister|Premier|premier|Chancellor|leader|King|Emperor|Queen", RegexOptions.CultureInvariant)]
    private static partial Regex LeaderTitle();

    [GeneratedRegex(@"\b(?:Island|Islands|Isles|Kurils?|Kuriles|Archipelago)\b", RegexOptions.CultureInvariant)]
    private static partial Regex IslandWord();

    [GeneratedRegex(@"\b(?:Treaty|Declaration|Agreement|Accord|Pact|Convention|Protocol|Communiqué)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TreatyWord();

    [GeneratedRegex(@"\b(?:Summit|Forum|Conference|Talks|Meeting|Visit|Session|Council)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MeetingWord();

    [GeneratedRegex(@"\b(?:Ministry|Agency|Service|Party|Council|Committee|Kremlin|Government|Parliament|Office|University|Institute|Times|News|Press|Bank|Company|Corporation|Forces|Army|Navy)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationWord();
}
