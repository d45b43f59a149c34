using System.Globalization;
using System.Text;

namespace SyntheticBook;

public enum Kind { Island, Leader, Treaty, Meeting, Person }

public static class Kinds
{
    public static readonly Kind[] All = [Kind.Island, Kind.Leader, Kind.Treaty, Kind.Meeting, Kind.Person];

    public static string Section(this Kind kind) => kind switch
    {
        Kind.Island => "islands",
        Kind.Leader => "leaders",
        Kind.Treaty => "treaties",
        Kind.Meeting => "meetings",
        _ => "people",
    };

    public static string Title(this Kind kind) => kind switch
    {
        Kind.Island => "Islands",
        Kind.Leader => "Leaders",
        Kind.Treaty => "Treaties and declarations",
        Kind.Meeting => "Meetings",
        _ => "People",
    };

    public static string Singular(this Kind kind) => kind switch
    {
        Kind.Island => "Island",
        Kind.Leader => "Leader",
        Kind.Treaty => "Treaty",
        Kind.Meeting => "Meeting",
        _ => "Person",
    };
}

/// <summary>
/// A partial date as the generator needs it: its EDTF text, and the first and last day it may mean
/// (so "is this claim dated after its source?" can be answered the way the engine answers it).
/// </summary>
public sealed record PDate(string Edtf, DateOnly First, DateOnly Last, string Display)
{
    public static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static PDate Day(DateOnly d) =>
        new(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d, d, $"{d.Day} {Months[d.Month - 1]} {d.Year}");

    public static PDate Month(int year, int month) =>
        new($"{year:D4}-{month:D2}", new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)), $"{Months[month - 1]} {year}");

    public static PDate Year(int year, string qualifier = "") =>
        new($"{year:D4}{qualifier}", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31),
            qualifier switch { "~" => $"c. {year}", "?" => $"{year}?", "%" => $"c. {year}?", _ => $"{year}" });

    public static PDate Range(DateOnly a, DateOnly b)
    {
        var display = a.Month == b.Month && a.Year == b.Year
            ? $"{a.Day}–{b.Day} {Months[a.Month - 1]} {a.Year}"
            : $"{a.Day} {Months[a.Month - 1]} – {b.Day} {Months[b.Month - 1]} {b.Year}";
        return new($"{a:yyyy-MM-dd}/{b:yyyy-MM-dd}", a, b, display);
    }

    public bool IsDay => Edtf.Length == 10;
}

public sealed record AliasInfo(string Name, string? UsedBy, string? Note);

public sealed class Entity
{
    public required Kind Kind { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>How an article names it after the first mention: a surname, an island's name, a treaty's short name.</summary>
    public required string Short { get; init; }
    public string Summary { get; set; } = "";
    public List<AliasInfo> Aliases { get; } = [];
    public List<string> Related { get; } = [];
    public string? Role { get; init; }
    public string? Country { get; init; }
    public PDate? Date { get; init; }
    public string? Status { get; init; }
    public string? Place { get; init; }
    public string? Format { get; init; }
    public List<Entity> Participants { get; } = [];
    public List<Cite> SummaryCites { get; } = [];
    public string Url => $"{Kind.Section()}/{Id}.html";
}

/// <summary>A citation: a verbatim quote of a source's article text and the span it covers.</summary>
public sealed record Cite(Article Source, string Quote, int Start, int End)
{
    public string Anchor => $"q{Start}-{End}";
}

/// <summary>One generated sentence of an article, and the claim an editor could draw from it.</summary>
public sealed class Sentence
{
    public required int Start { get; init; }
    public required int End { get; init; }
    public required string Text { get; init; }
    public required List<Entity> Mentions { get; init; }
    public required string ClaimText { get; init; }
    public PDate? Date { get; init; }
    public string? DateNote { get; init; }
    public string? AccordingTo { get; init; }
    public bool Planned { get; init; }
    /// <summary>The word that makes the sentence unique in its article (a figure), so short quotes stay unambiguous.</summary>
    public required string Marker { get; init; }
}

public sealed record LineRange(int First, int? Last, string Reason)
{
    public string Text => Last is null ? $"{First}-" : Last == First ? $"{First}" : $"{First}-{Last}";
}

public sealed class Article
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Outlet { get; init; }
    public required string Headline { get; init; }
    public required PDate Published { get; init; }
    public string? PublishedNote { get; init; }
    public string? Dateline { get; init; }
    public string? Url { get; init; }
    public string Text { get; set; } = "";
    public List<LineRange> Boilerplate { get; } = [];
    public List<Sentence> Sentences { get; } = [];
    public List<(string Quote, string Reason)> Uncited { get; } = [];
    /// <summary>Lines of the file with whether each is boilerplate, for the Hugo page.</summary>
    public List<(string Text, bool Boilerplate)> Lines { get; } = [];
    public string Page => $"sources/{Id}.html";
}

public sealed class Claim
{
    public required string Id { get; init; }
    public required Article Home { get; init; }
    public required string Text { get; set; }
    public required List<Entity> About { get; init; }
    public PDate? Date { get; init; }
    public string? DateNote { get; init; }
    public string? AccordingTo { get; init; }
    public bool Planned { get; init; }
    public required List<Cite> Cites { get; init; }
}

public sealed record Disagreement(string Id, string Topic, string? Note, List<Entity> About, List<Claim> Claims);

public static class Text
{
    public static string Slug(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s.Normalize(NormalizationForm.FormD))
        {
            var c = char.ToLowerInvariant(ch);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        return sb.ToString().Trim('-');
    }

    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    public static string Thousands(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>What the engine's quote matcher treats as equal: quote marks, dashes and white space folded.</summary>
    public static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var f = c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u201B' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u201F' => '"',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                '\n' or '\r' or '\t' => ' ',
                _ => c,
            };
            if ((f == ' ' || f == '-') && sb.Length > 0 && sb[^1] == f) continue;
            sb.Append(f);
        }
        return sb.ToString();
    }

    public static int Count(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + 1, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Markdown emphasis removed: the plain text of a claim, for link texts.</summary>
    public static string Plain(string markdown) => markdown.Replace("**", "").Replace("*", "");
}
