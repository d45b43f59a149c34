using System.Globalization;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Drafting;

/// <summary>
/// A date expression found in a sentence ("on Tuesday", "last June", "April 28-30", "in November 2018") and, where
/// the publication date allows, what it resolves to, with the <c>date_note</c> an editor would write.
/// </summary>
/// <param name="Derived">A reading combined from other expressions (a span, "after … until publication"), not words of the text.</param>
public sealed record DateFinding(string Expression, int Offset, PartialDate? Date, bool Planned, string Note, bool Derived = false);

/// <summary>
/// Finds and resolves date expressions. Every rule is a general reading convention of news text, never a fact
/// about a particular article: a weekday is the latest such day on or before publication; a month or a day
/// without a year is the occurrence nearest to publication; "last"/"next" count from the publication date.
/// </summary>
public static partial class DateExpressions
{
    internal static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    internal static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private const string MonthAlternation = "January|February|March|April|May|June|July|August|September|October|November|December";

    // Ordered: the first pattern to claim a stretch of text wins, so "May 26, 2018" is one expression, not three.
    [GeneratedRegex(@"\b(?:(?:on|from|since|by|until|before|after)\s+)?(?<m>" + MonthAlternation + @")\s+(?<d>[0-9]{1,2})(?:\s*(?:-|–|—|to|and)\s*(?<d2>[0-9]{1,2}))?(?:,?\s+(?<y>(?:1[0-9]|20)[0-9]{2}))?\b(?!\s*(?:-|–)?\s*[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?<d>[0-9]{1,2})(?:\s*(?:-|–)\s*(?<d2>[0-9]{1,2}))?\s+(?<m>" + MonthAlternation + @")(?:,?\s+(?<y>(?:1[0-9]|20)[0-9]{2}))?\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:(?:in|since|by|until|before|after|from|of|early|late|mid-?)\s+)?(?<m>" + MonthAlternation + @")(?:\s+of)?\s+(?<y>(?:1[0-9]|20)[0-9]{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(?<w>in|last|next|this|since|before|after|by|until|early|late|mid-?)\s+(?<m>" + MonthAlternation + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex BareMonth();

    [GeneratedRegex(@"\b(?:(?<w>earlier|late|later|early)\s+)?(?:(?<p>on|last|next|this|by|until|before)\s+)?(?<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?:(?<q>early|earlier|late|later|the beginning of|the start of|the end of|the middle of|mid-?)\s+)?(?:the\s+)?(?<w>last|next|this|previous|coming|past|following)\s+(?<u>year|month|week)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?<w>yesterday|today|tomorrow|tonight)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Deictic();

    [GeneratedRegex(@"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last)\s+(?:few\s+)?(?<u>days|weeks|months)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Recent();

    [GeneratedRegex(@"\b(?:(?<p>in|since|by|until|before|after|from|of|the|early|late|mid-?)\s+)?(?<y>(?:1[6-9]|20)[0-9]{2})(?![0-9]|s\b|x[0-9])\b", RegexOptions.CultureInvariant)]
    private static partial Regex Year();

    /// <summary>Every date expression of <paramref name="sentence"/>, resolved against <paramref name="published"/> when it is known to the day (or month, for coarser expressions).</summary>
    public static IReadOnlyList<DateFinding> Find(string sentence, PartialDate? published)
    {
        var taken = new List<(int Start, int End)>();
        var found = new List<DateFinding>();
        void Add(Match m, Func<Match, (PartialDate? Date, string Resolution)> resolve)
        {
            if (taken.Any(t => m.Index < t.End && m.Index + m.Length > t.Start)) return;
            taken.Add((m.Index, m.Index + m.Length));
            var (date, resolution) = resolve(m);
            var expression = m.Value.Trim();
            var planned = date is not null && published is not null && PartialDate.FirstDay(date.Start) > PartialDate.LastDay(published.End ?? published.Start);
            var article = published is null ? "an article whose publication date is not yet known" : "an article of " + Describe(published);
            var note = date is null
                ? $"TODO: \"{Capitalise(expression)}\" in {article}{(resolution.Length > 0 ? ": " + resolution : "")}."
                : $"\"{Capitalise(expression)}\" in {article}{(resolution.Length > 0 ? ": " + resolution : "")}.";
            found.Add(new DateFinding(expression, m.Index, date, planned, note));
        }

        var day = published is { End: null, Start.Day: not null } ? PartialDate.FirstDay(published.Start) : (DateOnly?)null;
        var month = published?.Start is { Month: { } pm } p ? new DateOnly(p.Year, pm, 1) : (DateOnly?)null;

        foreach (Match m in MonthDay().Matches(sentence)) Add(m, x => MonthDayDate(x, day ?? month));
        foreach (Match m in DayMonth().Matches(sentence)) Add(m, x => MonthDayDate(x, day ?? month));
        foreach (Match m in MonthYear().Matches(sentence))
            Add(m, x => (Point(Year(x), MonthOf(x)), ""));
        foreach (Match m in BareMonth().Matches(sentence)) Add(m, x => BareMonthDate(x, day ?? month));
        foreach (Match m in Weekday().Matches(sentence)) Add(m, x => WeekdayDate(x, day));
        foreach (Match m in Relative().Matches(sentence)) Add(m, x => RelativeDate(x, day ?? month, published?.Year));
        foreach (Match m in Deictic().Matches(sentence)) Add(m, x => DeicticDate(x, day));
        foreach (Match m in Recent().Matches(sentence)) Add(m, x => RecentDate(x, day ?? month));
        foreach (Match m in Year().Matches(sentence))
            Add(m, x => (Point(int.Parse(x.Groups["y"].Value, CultureInfo.InvariantCulture)), x.Groups["p"].Value == "since" ? "the start of what it describes" : ""));
        found.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        Combined(sentence, published, found);
        return found;
    }

    /// <summary>
    /// Two readings an editor often wants beside the single expressions: the span of several dates of one precision
    /// in a sentence ("in July 2012 and November 2010" → 2010-11/2012-07), and, for a sentence opening "After …
    /// &lt;date&gt;", the time from that date to publication.
    /// </summary>
    private static void Combined(string sentence, PartialDate? published, List<DateFinding> found)
    {
        var dated = found.Where(f => f.Date is not null).ToList();
        var article = published is null ? "" : $" in an article of {Describe(published)}";
        foreach (var group in dated.GroupBy(f => Precision(f.Date!)).Where(g => g.Select(f => f.Date!.ToString()).Distinct().Count() >= 2))
        {
            var first = group.MinBy(f => PartialDate.FirstDay(f.Date!.Start))!;
            var last = group.MaxBy(f => PartialDate.LastDay(f.Date!.End ?? f.Date!.Start))!;
            var span = new PartialDate(first.Date!.Start, last.Date!.End ?? last.Date!.Start);
            found.Add(new DateFinding($"{first.Expression} … {last.Expression}", first.Offset, span, first.Planned,
                $"\"{Capitalise(first.Expression)}\" to \"{last.Expression}\"{article}: the span of the dates the sentence gives, for a claim about all of them.", Derived: true));
        }
        if (published is not null && dated.Count > 0 && AfterOpening().IsMatch(sentence) && dated[0].Date is { } since && !dated[0].Planned)
        {
            var until = published.Start.Month is { } m ? new DatePoint(published.Year, m) : new DatePoint(published.Year);
            if (PartialDate.FirstDay(since.Start) <= PartialDate.LastDay(until) && since.ToString() != until.ToString())
                found.Add(new DateFinding(dated[0].Expression, dated[0].Offset, new PartialDate(since.Start, until), false,
                    $"The article says only that it came after \"{dated[0].Expression}\" ({since.Display()}){article}: between then and publication.", Derived: true));
        }
    }

    private static int Precision(PartialDate d) => (d.Start.Day is not null ? 3 : d.Start.Month is not null ? 2 : 1) + (d.End is null ? 0 : 10);

    [GeneratedRegex(@"^\W*After\b", RegexOptions.CultureInvariant)]
    private static partial Regex AfterOpening();

    /// <summary>"Friday 28 August 2020", "August 2020", "2020": how the date notes name the article's date.</summary>
    public static string Describe(PartialDate published) =>
        published is { End: null, Start: { Day: not null } s }
            ? $"{PartialDate.FirstDay(s).DayOfWeek} {published.Display()}"
            : published.Display();

    private static (PartialDate?, string) MonthDayDate(Match m, DateOnly? anchor)
    {
        var monthNumber = MonthOf(m);
        var first = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        int? last = m.Groups["d2"].Success ? int.Parse(m.Groups["d2"].Value, CultureInfo.InvariantCulture) : null;
        int year;
        var resolution = "";
        if (m.Groups["y"].Success) year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        else if (anchor is { } a)
        {
            year = Nearest(a, y => ValidDay(y, monthNumber, first) ? new DateOnly(y, monthNumber, first) : null) ?? a.Year;
            resolution = year == a.Year ? "" : $"the nearest {Months[monthNumber - 1]} {first} is in {year}";
        }
        else return (null, "the year is not given");
        if (!ValidDay(year, monthNumber, first) || (last is { } l && (!ValidDay(year, monthNumber, l) || l < first))) return (null, "not a real day");
        var start = new DatePoint(year, monthNumber, first);
        return (last is { } end && end != first ? new PartialDate(start, new DatePoint(year, monthNumber, end)) : new PartialDate(start), resolution);
    }

    private static (PartialDate?, string) BareMonthDate(Match m, DateOnly? anchor)
    {
        var monthNumber = MonthOf(m);
        if (anchor is not { } a) return (null, "the year is not given");
        var which = m.Groups["w"].Value;
        var thisYear = new DateOnly(a.Year, monthNumber, 1);
        var anchorMonth = new DateOnly(a.Year, a.Month, 1);
        int year = which switch
        {
            "last" => thisYear < anchorMonth ? a.Year : a.Year - 1,
            "next" => thisYear > anchorMonth ? a.Year : a.Year + 1,
            "this" => a.Year,
            _ => Nearest(a, y => new DateOnly(y, monthNumber, 15)) ?? a.Year,
        };
        var date = Point(year, monthNumber);
        return (date, year == a.Year ? "" : $"{Months[monthNumber - 1]} {year}");
    }

    private static (PartialDate?, string) WeekdayDate(Match m, DateOnly? anchor)
    {
        if (anchor is not { } a) return (null, "the publication day is not known");
        var target = (DayOfWeek)(((Array.IndexOf(Weekdays, Capitalise(m.Groups["day"].Value.ToLowerInvariant())) + 1) % 7));
        var forward = m.Groups["p"].Value.Equals("next", StringComparison.OrdinalIgnoreCase);
        var date = a;
        if (forward)
            do date = date.AddDays(1); while (date.DayOfWeek != target);
        else
            while (date.DayOfWeek != target) date = date.AddDays(-1);
        return (Point(date.Year, date.Month, date.Day), date == a ? "" : $"{date.DayOfWeek} {date.Day} {Months[date.Month - 1]} {date.Year}");
    }

    private static (PartialDate?, string) RelativeDate(Match m, DateOnly? anchor, int? publishedYear)
    {
        var step = m.Groups["w"].Value.ToLowerInvariant() switch
        {
            "last" or "previous" or "past" => -1,
            "next" or "coming" or "following" => 1,
            _ => 0,
        };
        switch (m.Groups["u"].Value.ToLowerInvariant())
        {
            case "year" when publishedYear is { } y:
                return (Point(y + step), (y + step).ToString(CultureInfo.InvariantCulture));
            case "month" when anchor is { } a:
                var month = new DateOnly(a.Year, a.Month, 1).AddMonths(step);
                return (Point(month.Year, month.Month), $"{Months[month.Month - 1]} {month.Year}");
            case "week" when anchor is { } a:
                // Weeks run Monday to Sunday, as in the news calendars of the outlets quoted.
                var monday = a.AddDays(-(((int)a.DayOfWeek + 6) % 7)).AddDays(7 * step);
                var sunday = monday.AddDays(6);
                return (new PartialDate(new DatePoint(monday.Year, monday.Month, monday.Day), new DatePoint(sunday.Year, sunday.Month, sunday.Day)),
                    $"the week of {monday.Day} {Months[monday.Month - 1]} {monday.Year}; narrow it if the text gives the day");
            default:
                return (null, "the publication date is not known");
        }
    }

    private static (PartialDate?, string) DeicticDate(Match m, DateOnly? anchor)
    {
        if (anchor is not { } a) return (null, "the publication day is not known");
        var date = m.Groups["w"].Value.ToLowerInvariant() switch
        {
            "yesterday" => a.AddDays(-1),
            "tomorrow" => a.AddDays(1),
            _ => a,
        };
        return (Point(date.Year, date.Month, date.Day), "");
    }

    private static (PartialDate?, string) RecentDate(Match m, DateOnly? anchor)
    {
        if (anchor is not { } a) return (null, "the publication date is not known");
        var back = m.Groups["u"].Value.Equals("months", StringComparison.OrdinalIgnoreCase) ? 3 : 1;
        var from = new DateOnly(a.Year, a.Month, 1).AddMonths(-back);
        return (new PartialDate(new DatePoint(from.Year, from.Month), new DatePoint(a.Year, a.Month)), "roughly the month before publication to its month");
    }

    /// <summary>The year (publication year ±1) that puts the day nearest the anchor.</summary>
    private static int? Nearest(DateOnly anchor, Func<int, DateOnly?> day) =>
        new[] { anchor.Year - 1, anchor.Year, anchor.Year + 1 }
            .Select(y => (Year: y, Day: day(y)))
            .Where(c => c.Day is not null)
            .OrderBy(c => Math.Abs(c.Day!.Value.DayNumber - anchor.DayNumber))
            .Select(c => (int?)c.Year)
            .FirstOrDefault();

    private static bool ValidDay(int year, int month, int day) => day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int MonthOf(Match m) => Array.IndexOf(Months, m.Groups["m"].Value) + 1;

    private static int Year(Match m) => int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);

    private static PartialDate Point(int year, int? month = null, int? day = null) => new(new DatePoint(year, month, day));

    internal static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
