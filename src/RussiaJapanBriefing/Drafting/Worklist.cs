using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Drafting;

/// <summary>
/// One article sentence to annotate: where it is, and what an editor needs to write its claims — the entities it
/// mentions, its dates resolved against the publication date, who it reports, and the figures it gives.
/// <see cref="Quote"/> is the verbatim text used for its <c>uncited</c> entry; null when the sentence occurs more
/// than once in the article (an uncited quote must be unique), so it stays a comment only.
/// </summary>
public sealed record WorkItem(
    int Line,
    int Start,
    string Sentence,
    string? Quote,
    IReadOnlyList<EntityMention> Entities,
    IReadOnlyList<DateFinding> Dates,
    string? AccordingTo,
    IReadOnlyList<string> Figures);

/// <summary>Attribution ("X said", "according to Y", "Kyodo reported") and figures of a sentence.</summary>
public static partial class Worklist
{
    /// <summary>Who the sentence reports, as an <c>according_to</c> suggestion; a pronoun is replaced by <paramref name="previous"/>, the last named speaker.</summary>
    public static string? Attribution(string sentence, string? previous)
    {
        var according = AccordingTo().Match(sentence);
        if (according.Success) return Tidy(according.Groups["who"].Value);
        foreach (Match m in ReportingVerb().Matches(sentence))
        {
            var before = sentence[..m.Index];
            // The subject is the stretch since the last clause boundary: a comma, a closing quote, a colon or "and"/"but".
            var cut = Math.Max(before.LastIndexOfAny([',', '"', '”', '“', ':', ';', '(']), Math.Max(before.LastIndexOf(" and ", StringComparison.Ordinal), before.LastIndexOf(" but ", StringComparison.Ordinal)));
            var subject = Tidy(before[(cut + 1)..]);
            if (subject.Length == 0) continue;
            if (Pronoun().IsMatch(subject)) return previous;
            if (Metadata.Words(subject) > 8 || !subject.Any(char.IsUpper)) continue;
            return subject;
        }
        var inverted = InvertedSaid().Match(sentence);
        return inverted.Success ? Tidy(inverted.Groups["who"].Value) : null;
    }

    /// <summary>Numbers and number words with the word after them ("26 personal", "around 20,000", "11 bilateral"), not the dates.</summary>
    public static IReadOnlyList<string> Figures(string sentence, IReadOnlyList<DateFinding> dates)
    {
        var figures = new List<string>();
        foreach (Match m in Figure().Matches(sentence))
        {
            if (dates.Any(d => m.Index < d.Offset + d.Expression.Length && m.Index + m.Length > d.Offset)) continue;
            if (m.Groups["n"].Value.Length == 0) continue;
            figures.Add(m.Value.Trim());
            if (figures.Count == 12) break;
        }
        return figures;
    }

    private static string Tidy(string who)
    {
        var text = who.Trim().TrimEnd('.', ',', ';', ':');
        text = TrailingAdverbs().Replace(text, "");
        return text.Length > 120 ? text[..120] : text;
    }

    [GeneratedRegex(@"\baccording to (?<who>[^,.;:""“”]{2,80})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccordingTo();

    [GeneratedRegex(@"\b(?:said|says|told|tells|reported|reports|added|adds|stated|announced|noted|stressed|highlighted|wrote|writes|quoted|insisted|warned|claimed|confirmed|denied)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ReportingVerb();

    [GeneratedRegex(@"^(?:he|she|they|it|we|i|the report|the statement|the document)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"[,""”]\s*(?:said|says|told)\s+(?<who>[A-Z][^,.;:]{1,60})", RegexOptions.CultureInvariant)]
    private static partial Regex InvertedSaid();

    [GeneratedRegex(@"(?:\s+(?:earlier|also|later|has|have|had|repeatedly|once|again|then|previously|would|will|on \w+day))+\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingAdverbs();

    [GeneratedRegex(@"(?:\b(?:around|about|some|nearly|almost|over|more than|at least|up to)\s+)?(?<n>\b[0-9][0-9,.]*(?:\s*(?:%|percent|per cent))?|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|hundred|hundreds|thousand|thousands|million|millions|billion|twice|half)\b)(?:\s+[a-z][a-z-]+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Figure();
}
