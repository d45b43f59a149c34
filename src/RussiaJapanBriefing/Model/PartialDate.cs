using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace RussiaJapanBriefing.Model;

/// <summary>One end of a <see cref="PartialDate"/>: a year, a month or a day, possibly approximate or uncertain.</summary>
public sealed record DatePoint(int Year, int? Month = null, int? Day = null, bool Approximate = false, bool Uncertain = false)
    : IComparable<DatePoint>
{
    /// <summary>Earlier precision sorts first within the same period: "2018" before "2018-05" before "2018-05-26".</summary>
    public int CompareTo(DatePoint? other)
    {
        if (other is null) return 1;
        var c = Year.CompareTo(other.Year);
        if (c == 0) c = (Month ?? 0).CompareTo(other.Month ?? 0);
        if (c == 0) c = (Day ?? 0).CompareTo(other.Day ?? 0);
        return c;
    }

    // Pages ask for it for every dated claim they show: written into one buffer, so only the result is allocated.
    public override string ToString()
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[16]);
        text.AppendFormatted(Year, "D4");
        if (Month is { } m)
        {
            text.AppendLiteral("-");
            text.AppendFormatted(m, "D2");
        }
        if (Day is { } d)
        {
            text.AppendLiteral("-");
            text.AppendFormatted(d, "D2");
        }
        text.AppendLiteral(Approximate && Uncertain ? "%" : Approximate ? "~" : Uncertain ? "?" : "");
        return text.ToStringAndClear();
    }
}

/// <summary>
/// A date as precise as the sources allow, written in EDTF level 1:
/// <c>1956</c>, <c>2018-05</c>, <c>2016-12-15</c>, <c>2016-12-15/2016-12-16</c>, <c>1945~</c>, <c>2019?</c>.
/// </summary>
public sealed partial record PartialDate(DatePoint Start, DatePoint? End = null) : IComparable<PartialDate>
{
    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public int Year => Start.Year;

    public int CompareTo(PartialDate? other)
    {
        if (other is null) return 1;
        var c = Start.CompareTo(other.Start);
        return c != 0 ? c : (End ?? Start).CompareTo(other.End ?? other.Start);
    }

    /// <summary>The canonical EDTF text, as written in annotations and in book.json.</summary>
    public override string ToString() => End is null ? Start.ToString() : $"{Start}/{End}";

    /// <summary>How a reader sees the date: "31 August 2020", "15–16 December 2016", "c. 1945".</summary>
    public string Display()
    {
        if (End is null) return Qualify(Start, Words(Start));
        var s = Start;
        var e = End;
        var plain = !s.Approximate && !s.Uncertain && !e.Approximate && !e.Uncertain;
        if (plain && s.Year == e.Year && s.Day is not null && e.Day is not null)
            return s.Month == e.Month
                ? $"{s.Day}–{e.Day} {MonthNames[s.Month!.Value - 1]} {s.Year}"
                : $"{s.Day} {MonthNames[s.Month!.Value - 1]} – {e.Day} {MonthNames[e.Month!.Value - 1]} {s.Year}";
        if (plain && s.Year == e.Year && s.Month is not null && e.Month is not null && s.Day is null && e.Day is null)
            return $"{MonthNames[s.Month.Value - 1]}–{MonthNames[e.Month.Value - 1]} {s.Year}";
        return $"{Qualify(s, Words(s))} – {Qualify(e, Words(e))}";
    }

    private static string Words(DatePoint p) => p switch
    {
        { Month: { } m, Day: { } d } => $"{d} {MonthNames[m - 1]} {p.Year}",
        { Month: { } m } => $"{MonthNames[m - 1]} {p.Year}",
        _ => p.Year.ToString(CultureInfo.InvariantCulture),
    };

    private static string Qualify(DatePoint p, string words) =>
        (p.Approximate ? "c. " : "") + words + (p.Uncertain ? " (uncertain)" : "");

    // [0-9], not \d: \d also matches other scripts' digits, which int.Parse would then reject.
    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:-(?<m>[0-9]{2})(?:-(?<d>[0-9]{2}))?)?(?<q>[~?%])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PointPattern();

    /// <summary>Parses EDTF level-1 text; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, out PartialDate? date, out string error)
    {
        date = null;
        var parts = text.Trim().Split('/');
        if (parts.Length > 2)
        {
            error = $"'{text}' has more than one '/'";
            return false;
        }
        if (!TryParsePoint(parts[0], out var start, out error)) return false;
        DatePoint? end = null;
        if (parts.Length == 2)
        {
            if (!TryParsePoint(parts[1], out end, out error)) return false;
            if (LastDay(end!) < FirstDay(start!))
            {
                error = $"the range '{text}' ends before it starts";
                return false;
            }
        }
        date = new PartialDate(start!, end);
        return true;
    }

    private static bool TryParsePoint(string text, out DatePoint? point, out string error)
    {
        point = null;
        var match = PointPattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate), ? (uncertain) or %, and join two with '/' for a range";
            return false;
        }
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        int? month = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : null;
        int? day = match.Groups["d"].Success ? int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : null;
        if (year == 0 || month is < 1 or > 12)
        {
            error = $"'{text}' names a month or year that does not exist";
            return false;
        }
        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(year, month!.Value)))
        {
            error = $"'{text}' is not a real day: {MonthNames[month!.Value - 1]} {year} has {DateTime.DaysInMonth(year, month.Value)} days";
            return false;
        }
        var q = match.Groups["q"].Value;
        point = new DatePoint(year, month, day, Approximate: q is "~" or "%", Uncertain: q is "?" or "%");
        error = "";
        return true;
    }

    /// <summary>The earliest day the date can mean: 2018-05 starts on 1 May 2018.</summary>
    public static DateOnly FirstDay(DatePoint p) => new(p.Year, p.Month ?? 1, p.Day ?? 1);

    /// <summary>The latest day the date can mean: 2018-05 ends on 31 May 2018.</summary>
    public static DateOnly LastDay(DatePoint p)
    {
        var month = p.Month ?? 12;
        return new DateOnly(p.Year, month, p.Day ?? DateTime.DaysInMonth(p.Year, month));
    }
}
