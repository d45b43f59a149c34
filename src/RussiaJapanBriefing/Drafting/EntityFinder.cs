using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Drafting;

/// <summary>An entity a sentence mentions, and the words that show it.</summary>
public sealed record EntityMention(string Id, string Name, string How);

/// <summary>
/// Finds the book's entities in a sentence: by name and every alias (each side's names for the islands), by
/// surname for people once named in full, by the common-noun words of a name ("peace treaty"), and, for dated
/// entities (meetings, treaties), by a date in the sentence that matches theirs together with a participant or a
/// word of their name.
/// </summary>
public sealed partial class EntityFinder
{
    private readonly IReadOnlyList<(Entity Entity, string Name, Regex Pattern, string How)> _names;
    private readonly IReadOnlyList<Entity> _dated;

    // A surname two people share ("Abe") means the one the article named in full first: news style introduces its
    // subject first, and names anyone else of the same surname in full ("Abe's late father Shintaro Abe").
    private readonly Dictionary<string, string> _firstNamedInFull = new(StringComparer.Ordinal);

    private static readonly HashSet<string> Stop = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "of", "on", "in", "to", "and", "or", "for", "at", "by", "with", "from", "as", "its", "their", "his", "her",
    };

    public EntityFinder(IReadOnlyList<Entity> entities)
    {
        var names = new List<(Entity, string, Regex, string)>();
        var surnames = entities.Where(e => e.Kind is EntityKind.Leader or EntityKind.Person)
            .Select(e => Clean(e.Name).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length == 2).GroupBy(w => w[1], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            foreach (var name in entity.Aliases.Select(a => a.Name).Prepend(entity.Name).Distinct(StringComparer.Ordinal))
            {
                var clean = Clean(name);
                if (clean.Length >= 3) names.Add((entity, clean, Exact(clean), name == entity.Name ? "name" : "alias"));
            }
            var words = Clean(entity.Name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (entity.Kind is EntityKind.Leader or EntityKind.Person && words.Length == 2)
                names.Add((entity, words[1], Exact(words[1]), surnames[words[1]] == 1 ? "surname" : "shared surname"));
            // Common-noun phrases of a name ("peace treaty", "bilateral agreements"): two or more words, at least one lower-case.
            for (var n = words.Length - 1; n >= 2; n--)
                for (var i = 0; i + n <= words.Length; i++)
                {
                    var gram = words[i..(i + n)];
                    // Only common-noun phrases: "Putin–Abe meeting" would also name every other meeting of the two.
                    if (Stop.Contains(gram[0]) || Stop.Contains(gram[^1]) || !gram.All(w => char.IsLower(w[0]))) continue;
                    if (gram.All(w => Stop.Contains(w) || DateExpressions.Months.Contains(w) || w.All(char.IsDigit))) continue;
                    var phrase = string.Join(' ', gram);
                    names.Add((entity, phrase, new Regex(@"(?<![\w-])" + Flexible(phrase) + @"(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "words of its name"));
                }
        }
        _names = names;
        _dated = entities.Where(e => e.Date is not null && e.Kind is EntityKind.Meeting or EntityKind.Treaty).ToList();
    }

    /// <summary>The entities of <paramref name="sentence"/>; <paramref name="dates"/> are the dates the sentence gives, resolved. Call it for the sentences in article order.</summary>
    public IReadOnlyList<EntityMention> Find(string sentence, IReadOnlyList<PartialDate> dates)
    {
        var found = new Dictionary<string, EntityMention>(StringComparer.Ordinal);
        var fullNames = new List<(int Start, int End, string Surname, string Id)>();
        foreach (var (entity, name, pattern, how) in _names.OrderByDescending(n => n.Name.Length))
        {
            foreach (Match m in pattern.Matches(sentence))
            {
                // "Abe" inside "Shintaro Abe" is not Shinzo Abe.
                if (how.EndsWith("surname", StringComparison.Ordinal) && fullNames.Any(f => m.Index >= f.Start && m.Index < f.End)) continue;
                if (how == "shared surname")
                {
                    var earlier = fullNames.Where(f => f.Surname == name && f.End <= m.Index).OrderBy(f => f.Start).Select(f => f.Id).FirstOrDefault();
                    if ((_firstNamedInFull.GetValueOrDefault(name) ?? earlier) != entity.Id) continue;
                }
                if (how is "name" or "alias")
                    fullNames.Add((m.Index, m.Index + m.Length, Clean(entity.Name).Split(' ')[^1], entity.Id));
                found.TryAdd(entity.Id, new EntityMention(entity.Id, entity.Name, $"{how} \"{m.Value}\""));
                break;
            }
        }
        foreach (var f in fullNames.OrderBy(f => f.Start)) _firstNamedInFull.TryAdd(f.Surname, f.Id);
        foreach (var entity in _dated)
        {
            if (found.ContainsKey(entity.Id)) continue;
            var date = dates.FirstOrDefault(d => Overlaps(d, entity.Date!));
            if (date is null) continue;
            var linked = (entity.Participants ?? []).Concat(entity.Related).FirstOrDefault(found.ContainsKey);
            var word = Clean(entity.Name).Split(' ').FirstOrDefault(w => w.Length > 4 && !Stop.Contains(w)
                && Regex.IsMatch(sentence, @"\b" + Regex.Escape(w[..^1]), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
            if (linked is null && word is null) continue;
            found.TryAdd(entity.Id, new EntityMention(entity.Id, entity.Name,
                $"its date {entity.Date} matches {date} in the sentence, with {(linked is not null ? $"'{linked}'" : $"\"{word}\"")}"));
        }
        return found.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>All the names the finder knows, so a proposed new entity is not one of them.</summary>
    public bool Knows(string name) =>
        _names.Any(n => n.Pattern.IsMatch(name) || n.Name.Contains(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The sentence's date <paramref name="a"/> can name the entity dated <paramref name="b"/>: they overlap, and the
    /// sentence is as precise, or one step coarser when it gives at least a month ("December 2016" for a visit of 15–16
    /// December 2016). A finer date in the sentence (June 2017 for an event of 2017) or a bare year for a dated month says too little.
    /// </summary>
    private static bool Overlaps(PartialDate a, PartialDate b) =>
        PartialDate.FirstDay(a.Start) <= PartialDate.LastDay((b.End ?? b.Start)) && PartialDate.FirstDay(b.Start) <= PartialDate.LastDay(a.End ?? a.Start)
        && (Precision(a) == Precision(b) || (Precision(a) >= 2 && Precision(b) - Precision(a) == 1));

    private static int Precision(PartialDate d) => d.Start.Day is not null ? 3 : d.Start.Month is not null ? 2 : 1;

    /// <summary>A name without its parenthesised note or possessive: "Abe's planned visit to Moscow (April 2013)" → "Abe planned visit to Moscow".</summary>
    private static string Clean(string name)
    {
        var text = Parenthesis().Replace(name, " ");
        text = Possessive().Replace(text, "");
        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static Regex Exact(string name) =>
        new(@"(?<![\w-])" + Flexible(name) + @"(?:['’]s)?(?![\w])", RegexOptions.CultureInvariant | (name.Any(char.IsLower) && name.Contains(' ') ? RegexOptions.IgnoreCase : RegexOptions.None));

    /// <summary>A name as a pattern that tolerates the typography quotes do: any dash, any quote mark, any spacing.</summary>
    private static string Flexible(string name) =>
        string.Concat(name.Select(c => c switch
        {
            ' ' => @"\s+",
            '-' or '–' or '—' => "[-–—]",
            '\'' or '’' => "['’]",
            _ => Regex.Escape(c.ToString()),
        }));

    [GeneratedRegex(@"\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Parenthesis();

    [GeneratedRegex(@"['’]s\b", RegexOptions.CultureInvariant)]
    private static partial Regex Possessive();
}
