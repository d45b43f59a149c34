using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Drafting;

/// <summary>
/// Infers the publication date: from a printed date stamp; else from the dateline, taking a missing year from
/// events the book already dates (a day the text names, such as "December 15-16", that the book has dated), from
/// a weekday the text gives for the dateline's day, and from the latest year the text mentions; else from the
/// article's news peg (the first day its opening reports, or a weekday tied to an event the book dates).
/// What cannot be inferred is left to the editor with a TODO note.
/// </summary>
public static partial class PublicationDate
{
    public static Noted<PartialDate> Infer(IReadOnlyList<DraftLine> lines, IReadOnlyList<(int Line, string Text)> sentences,
        Metadata.DatelineMatch? dateline, BookKnowledge book, EntityFinder entities)
    {
        var stamp = Metadata.DateStamp(lines);
        var weekday = FirstWeekday(sentences.Take(6));
        if (stamp is { } s)
        {
            var agrees = weekday is { } w && PartialDate.FirstDay(s.Date.Start).DayOfWeek == w.Day
                ? $"; it agrees with \"{w.Expression}\" in the text ({s.Date.Display()} was a {w.Day})" : "";
            return new Noted<PartialDate>(s.Date, $"The page prints \"{Metadata.Shorten(s.Text)}\" (line {s.Line}){agrees}.", s.Line);
        }

        if (dateline is { } d)
        {
            if (d.Year is { } y && Day(y, d.Month, d.Day) is { } full)
                return new Noted<PartialDate>(full, $"The dateline reads \"{d.Text}\" (line {d.Line}).", d.Line);
            var anchors = Anchors(sentences, book, entities)
                .Select(a => (Year: YearOfDay(a.Event, d.Month, d.Day), a.Why, a.Score))
                .Where(a => Day(a.Year, d.Month, d.Day) is not null)
                .ToList();
            var weekdayFits = (int year) => weekday is not { } wd || new DateOnly(year, d.Month, Math.Min(d.Day, DateTime.DaysInMonth(year, d.Month))).DayOfWeek == wd.Day;
            var best = anchors.Where(a => weekdayFits(a.Year)).OrderByDescending(a => a.Score).ThenByDescending(a => a.Year).FirstOrDefault();
            var head = $"The dateline reads \"{d.Text}\" (line {d.Line}) with no year.";
            if (best.Why is not null)
            {
                var date = Day(best.Year, d.Month, d.Day)!;
                var check = weekday is { } w2 ? $" \"{w2.Expression}\" in the text agrees ({date.Display()} was a {w2.Day})." : "";
                return new Noted<PartialDate>(date, $"{head} The year is {best.Year}: {best.Why}.{check}", d.Line);
            }
            var latest = LatestYear(sentences);
            if (weekday is { } w3 && latest is { } from)
            {
                var year = Enumerable.Range(from, 15).FirstOrDefault(weekdayFits);
                if (year > 0)
                    return new Noted<PartialDate>(Day(year, d.Month, d.Day), $"{head} TODO check the year: {year} is the first year from {from} (the latest year the text mentions) in which that day was a {w3.Day}, as \"{w3.Expression}\" says.", d.Line);
            }
            return new Noted<PartialDate>(null, $"{head} TODO: nothing in the text or the book fixes the year; write it and say how you know.", d.Line);
        }

        // No stamp and no dateline: the article is taken to be of the day of the news its opening reports.
        foreach (var (line, text) in sentences.Take(8))
        {
            foreach (var found in DateExpressions.Find(text, null))
            {
                var md = MonthDay().Match(found.Expression);
                if (md.Success)
                {
                    var month = Array.IndexOf(DateExpressions.Months, md.Groups["m"].Value) + 1;
                    var day = int.Parse(md.Groups["d"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    var years = Anchors([(line, text)], book, entities).Select(a => (Year: YearOfDay(a.Event, month, day), a.Why, a.Score)).ToList();
                    var pick = years.OrderByDescending(a => a.Score).FirstOrDefault();
                    if (pick.Why is not null && Day(pick.Year, month, day) is { } date)
                        return new Noted<PartialDate>(date,
                            $"The copy prints no date. Its opening reports \"{found.Expression}\" (line {line}); the year is {pick.Year}: {pick.Why}. The article is taken to be of that day; TODO check.", line);
                }
                if (WeekdayName().Match(found.Expression) is { Success: true } wm)
                {
                    var target = Enum.Parse<DayOfWeek>(wm.Value, ignoreCase: true);
                    var anchor = Similar(text, book, entities).FirstOrDefault();
                    if (anchor.Event is not null)
                    {
                        var from = PartialDate.FirstDay(anchor.Event.Date.Start);
                        var date = from;
                        while (date.DayOfWeek != target) date = date.AddDays(1);
                        return new Noted<PartialDate>(new PartialDate(new DatePoint(date.Year, date.Month, date.Day)),
                            $"The copy prints no date. Its opening reports \"{found.Expression}\" (line {line}) about an event the book dates {anchor.Event.Date.Display()} ({anchor.Event.Origin}); the first {target} from then is {date.Day} {DateExpressions.Months[date.Month - 1]} {date.Year}, taken as the article's day. TODO check.", line);
                    }
                }
            }
        }
        return new Noted<PartialDate>(null, "TODO: the copy prints no date and nothing in its opening fixes one; find the publication date and say how.");
    }

    private static PartialDate? Day(int year, int month, int day) =>
        year is >= 1 and <= 9999 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new PartialDate(new DatePoint(year, month, day)) : null;

    /// <summary>The year of a dateline day, given an event of that book year the text reports: an event late in the year before a January dateline belongs to the previous year.</summary>
    private static int YearOfDay(PartialDate eventDate, int month, int day)
    {
        var e = eventDate.Start;
        return (e.Month ?? 1) * 100 + (e.Day ?? 1) > month * 100 + day ? e.Year + 1 : e.Year;
    }

    /// <summary>Book events on a day the text names without a year ("August 28", "December 15-16"), scored higher when they share an entity with the sentence.</summary>
    private static IEnumerable<(PartialDate Event, string Why, int Score)> Anchors(IEnumerable<(int Line, string Text)> sentences, BookKnowledge book, EntityFinder entities)
    {
        foreach (var (line, text) in sentences)
        {
            foreach (Match m in MonthDay().Matches(text))
            {
                if (m.Groups["y"].Success) continue;
                var month = Array.IndexOf(DateExpressions.Months, m.Groups["m"].Value) + 1;
                var day = int.Parse(m.Groups["d"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var mentioned = entities.Find(text, []).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var e in book.Events)
                {
                    var points = new[] { e.Date.Start, e.Date.End }.OfType<DatePoint>();
                    if (!points.Any(p => p.Month == month && p.Day == day && !p.Uncertain)) continue;
                    var shared = e.Entities.Any(mentioned.Contains);
                    yield return (e.Date, $"\"{m.Value.Trim()}\" (line {line}) is a day the book already dates {e.Date} ({e.Origin})", shared ? 2 : 1);
                }
            }
        }
    }

    /// <summary>Book events at day precision that share an entity and rare words with the sentence (the clause after "after", when there is one), best first.</summary>
    private static IEnumerable<(BookEvent Event, double Score)> Similar(string sentence, BookKnowledge book, EntityFinder entities)
    {
        var clause = sentence.IndexOf(" after ", StringComparison.Ordinal) is var at and >= 0 ? sentence[(at + 7)..] : sentence;
        var mentioned = entities.Find(sentence, []).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var dayEvents = book.Events.Where(e => e.Date.Start.Day is not null && !e.Date.Start.Uncertain && e.Entities.Any(mentioned.Contains)).ToList();
        if (dayEvents.Count == 0) return [];
        // Document frequencies once, so a big book costs one pass, not one per word.
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in book.Events.SelectMany(e => ContentWords(e.Text))) frequency[word] = frequency.GetValueOrDefault(word) + 1;
        double Idf(string w) => Math.Log((1.0 + book.Events.Count) / (1 + frequency.GetValueOrDefault(w)));
        var words = ContentWords(clause);
        return dayEvents.Select(e => (Event: e, Score: ContentWords(e.Text).Intersect(words).Sum(Idf)))
            .Where(x => x.Score > 0).OrderByDescending(x => x.Score).ThenBy(x => x.Event.Date).ToList();
    }

    internal static HashSet<string> ContentWords(string text) =>
        Word().Matches(text).Select(m => Stem(m.Value.ToLowerInvariant())).Where(w => w.Length > 3 && !Stopwords.Contains(w)).ToHashSet(StringComparer.Ordinal);

    private static string Stem(string w) => w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("’s", StringComparison.Ordinal) ? w[..^2] : w;

    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "that", "this", "with", "from", "have", "has", "had", "were", "been", "will", "would", "their", "they", "them", "which", "when",
        "after", "before", "said", "says", "also", "than", "then", "there", "about", "into", "over", "such", "both", "between", "other",
    };

    private static (string Expression, DayOfWeek Day)? FirstWeekday(IEnumerable<(int Line, string Text)> sentences)
    {
        foreach (var (_, text) in sentences)
        {
            var m = WeekdayPhrase().Match(text);
            if (m.Success) return (m.Value, Enum.Parse<DayOfWeek>(m.Groups["d"].Value, ignoreCase: true));
        }
        return null;
    }

    private static int? LatestYear(IEnumerable<(int Line, string Text)> sentences) =>
        sentences.SelectMany(s => YearPattern().Matches(s.Text)).Select(m => (int?)int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).Max();

    [GeneratedRegex(@"\b(?<m>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?<d>[0-9]{1,2})(?:\s*[-–]\s*[0-9]{1,2})?(?:,?\s+(?<y>[0-9]{4}))?\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?:said|reported|announced|told|stated)?\s*(?:earlier\s+)?(?:on\s+)?(?<d>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayPhrase();

    [GeneratedRegex(@"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WeekdayName();

    [GeneratedRegex(@"\b(?:1[89]|20)[0-9]{2}\b(?!s)", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"[\p{L}][\p{L}'’-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
