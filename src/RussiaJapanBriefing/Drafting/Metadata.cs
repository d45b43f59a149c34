using System.Globalization;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Drafting;

/// <summary>A drafted value and how it was found; a null value means it is left to the editor (the note says what to do).</summary>
public sealed record Noted<T>(T? Value, string Note, int Line = 0);

/// <summary>
/// The source's fields read from its text: headline, dateline, outlet and publication date, each with a note
/// saying how it was found. Nothing here knows any particular article: the rules are those of news pages.
/// </summary>
public static partial class Metadata
{
    /// <summary>The headline: the first line that reads as a title (five words or more, no closing stop), skipping breadcrumbs that end with the next title.</summary>
    public static Noted<string> Headline(IReadOnlyList<DraftLine> lines)
    {
        var candidates = lines.Where(l => !l.Blank).Take(40).ToList();
        for (var i = 0; i < candidates.Count; i++)
        {
            var text = candidates[i].Text.Trim();
            if (text.Length > 300 || Words(text) < 5 || text[^1] is '.' or '!' or ':' || Boilerplate.DateStamp().IsMatch(text)) continue;
            if (text.EndsWith('?') && text.Contains(". ", StringComparison.Ordinal)) continue;
            if (Boilerplate.TailMarker(text) is not null) continue;
            var later = candidates.Skip(i + 1).Take(4).Select(l => l.Text.Trim()).FirstOrDefault(l => l.Length > 0 && l.Length < text.Length && text.EndsWith(l, StringComparison.Ordinal));
            if (later is not null) continue; // a breadcrumb ("Home News <headline>") names the headline that follows
            return new Noted<string>(text, $"the first line that reads as a title (line {candidates[i].Number})", candidates[i].Number);
        }
        return new Noted<string>(null, "TODO: no line reads as a headline; copy it from the article");
    }

    /// <summary>A dateline such as "MOSCOW, August 31. /TASS/." at the start of an article line.</summary>
    public sealed record DatelineMatch(int Line, string Text, string Place, int Month, int Day, int? Year, string? Agency);

    public static DatelineMatch? Dateline(IReadOnlyList<DraftLine> article)
    {
        foreach (var line in article.Where(l => !l.Blank).Take(12))
        {
            var head = line.Text.Length > 300 ? line.Text[..300] : line.Text;
            var m = DatelinePattern().Match(head);
            if (!m.Success) continue;
            var month = Array.FindIndex(DateExpressions.Months, n => n.StartsWith(m.Groups["m"].Value[..3], StringComparison.OrdinalIgnoreCase)) + 1;
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            if (month == 0 || day > 31) continue;
            var place = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(m.Groups["place"].Value.Trim().ToLowerInvariant());
            return new DatelineMatch(line.Number, m.Value.Trim(), place, month, day, year, m.Groups["agency"].Success ? m.Groups["agency"].Value.Trim() : null);
        }
        return null;
    }

    /// <summary>A printed date stamp ("Published on 23/04/2013", "Updated: May 26, 2018") with a full date.</summary>
    public static (int Line, PartialDate Date, string Text)? DateStamp(IReadOnlyList<DraftLine> lines)
    {
        foreach (var line in lines.Where(l => !l.Blank && l.Text.Length < 120))
        {
            var text = line.Text.Trim();
            if (!Boilerplate.DateStamp().IsMatch(text)) continue;
            if (StampDate(text) is { } date) return (line.Number, date, text);
        }
        return null;
    }

    private static PartialDate? StampDate(string text)
    {
        var numeric = NumericDate().Match(text);
        if (numeric.Success)
        {
            int a = int.Parse(numeric.Groups["a"].Value, CultureInfo.InvariantCulture), b = int.Parse(numeric.Groups["b"].Value, CultureInfo.InvariantCulture), c = int.Parse(numeric.Groups["c"].Value, CultureInfo.InvariantCulture);
            // yyyy-mm-dd, else dd/mm/yyyy unless the first number cannot be a day of a month's second field (mm/dd/yyyy)
            var (y, mo, d) = a > 31 ? (a, b, c) : b > 12 ? (c, a, b) : (c, b, a);
            return y is >= 1000 and <= 2999 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new PartialDate(new DatePoint(y, mo, d)) : null;
        }
        var worded = WordedDate().Match(text);
        if (!worded.Success) return null;
        var month = Array.IndexOf(DateExpressions.Months, worded.Groups["m"].Value) + 1;
        var year = int.Parse(worded.Groups["y"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(worded.Groups["d"].Success ? worded.Groups["d"].Value : worded.Groups["d2"].Value, CultureInfo.InvariantCulture);
        return month > 0 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new PartialDate(new DatePoint(year, month, day)) : null;
    }

    /// <summary>
    /// The outlet: an agency tag in the dateline ("/TASS/"), else an outlet of another annotated source named in
    /// the text, else a self-reference of the page ("Support X!", "a donation to X", "X journalists report").
    /// </summary>
    public static Noted<string> Outlet(IReadOnlyList<DraftLine> lines, DatelineMatch? dateline, BookKnowledge book)
    {
        var known = book.Examples.Select(e => e.Outlet).Distinct(StringComparer.Ordinal).ToList();
        string Known(string found) =>
            known.FirstOrDefault(k => k.Equals(found, StringComparison.OrdinalIgnoreCase) || k.Contains($"({found})", StringComparison.Ordinal)) ?? found;
        if (dateline?.Agency is { } agency)
            return new Noted<string>(Known(agency), $"the agency tag \"/{agency}/\" in the dateline at line {dateline.Line}", dateline.Line);
        foreach (var line in lines.Where(l => !l.Blank && l.Text.Length < 2000))
        {
            foreach (Match m in SelfReference().Matches(line.Text))
            {
                var name = m.Groups["n"].Value.Trim().TrimEnd('’', '\'');
                if (name.Length is < 3 or > 60) continue;
                return new Noted<string>(Known(name), $"the page names itself at line {line.Number}: \"{Shorten(m.Value.Trim())}\"", line.Number);
            }
        }
        foreach (var outlet in known)
        {
            var shortName = ParenthesisedName().Match(outlet) is { Success: true } p ? p.Groups[1].Value : outlet;
            var line = lines.FirstOrDefault(l => l.Text.Contains(shortName, StringComparison.Ordinal));
            if (line is not null)
                return new Noted<string>(outlet, $"\"{shortName}\", the outlet of another annotated source, is named at line {line.Number}", line.Number);
        }
        return new Noted<string>(null, "TODO: the text does not name its outlet; write the site or agency");
    }

    internal static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    internal static string Shorten(string s, int max = 80) => s.Length <= max ? s : s[..max] + "…";

    [GeneratedRegex(@"^\s*(?<place>[A-Z][A-Z .'-]{1,40}[A-Z]),\s+(?<m>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\.?\s+(?<d>[0-9]{1,2})(?:,\s*(?<y>(?:1[0-9]|20)[0-9]{2}))?\s*[.,:—–-]*\s*(?:/(?<agency>[A-Za-z][A-Za-z .&-]{0,30})/\.?|\((?<agency>[A-Za-z][A-Za-z .&-]{0,30})\)\s*[—–-]?)?", RegexOptions.CultureInvariant)]
    private static partial Regex DatelinePattern();

    [GeneratedRegex(@"\b(?<a>[0-9]{1,4})[./-](?<b>[0-9]{1,2})[./-](?<c>[0-9]{1,4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?:(?<m>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?<d>[0-9]{1,2}),?\s+(?<y>[0-9]{4})|(?<d2>[0-9]{1,2})\s+(?<m>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?<y>[0-9]{4}))", RegexOptions.CultureInvariant)]
    private static partial Regex WordedDate();

    [GeneratedRegex(@"(?:\bSupport (?<n>(?:The )?[A-Z][\w’'/.-]*(?: [A-Z][\w’'/.-]*){0,3})!|\bdonation to (?<n>(?:The |the )?[A-Z][\w’'/.-]*(?: [A-Z][\w’'/.-]*){0,3})\b|^\s*(?<n>[A-Z][\w’'/.-]*(?: [A-Z][\w’'/.-]*){0,3}) journalists\b|\bon (?<n>[A-Z][a-z]+[A-Z][A-Za-z]+)\.|©\s*(?:[0-9]{4}\s+)?(?<n>[A-Z][\w’'/.-]*(?: [A-Z][\w’'/.-]*){0,3}))", RegexOptions.CultureInvariant)]
    private static partial Regex SelfReference();

    [GeneratedRegex(@"\(([^()]{2,30})\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ParenthesisedName();
}
