using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Drafting;

/// <summary>A proposed boilerplate range and why it was proposed.</summary>
public sealed record DraftBoilerplate(int First, int Last, string Reason);

/// <summary>One line of the seed, with its text (without the line break).</summary>
public sealed record DraftLine(int Number, int Start, int End, string Text)
{
    public bool Blank => string.IsNullOrWhiteSpace(Text);
}

/// <summary>
/// Finds the parts of a seed that are not article text: what editors marked as boilerplate in other sources
/// (an identical line, learned per outlet and from every annotated source), and general patterns of news pages
/// (everything before the headline, breadcrumbs, date stamps, captions and credits, and the tail that starts at a
/// "Read more" list, an agency credit, a donation appeal or a copyright line).
/// </summary>
public static partial class Boilerplate
{
    /// <summary>Lines of a seed; a very long line is kept whole (the draft only reads it, never copies it unbounded).</summary>
    public static IReadOnlyList<DraftLine> Lines(string text) =>
        new Source("draft", "", text, null).Lines().Select(l => new DraftLine(l.Number, l.Start, l.End, text[l.Start..l.End])).ToList();

    /// <summary>Folded for comparison: typography and spacing never make two lines differ.</summary>
    public static string Key(string line) => QuoteMatcher.Normalize(line);

    /// <summary>The boilerplate ranges of a seed whose headline is at <paramref name="headline"/> (0 when unknown), merged where adjacent with the same reason.</summary>
    public static IReadOnlyList<DraftBoilerplate> Find(IReadOnlyList<DraftLine> lines, int headline, BookKnowledge book)
    {
        var learned = Learned(book);
        var reasons = new string?[lines.Count + 1];
        foreach (var line in lines)
        {
            if (line.Blank) continue;
            if (line.Number < headline) reasons[line.Number] = "Site navigation and notices before the headline";
            else if (learned.TryGetValue(Key(line.Text), out var reason)) reasons[line.Number] = reason;
            else if (line.Number > headline && General(line.Text) is { } general) reasons[line.Number] = general;
        }

        // A caption printed twice: the same line again after only blank lines.
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Blank || lines[i].Number <= headline) continue;
            var next = lines.Skip(i + 1).FirstOrDefault(l => !l.Blank);
            if (next is not null && Key(next.Text) == Key(lines[i].Text))
                reasons[lines[i].Number] = reasons[next.Number] = "Image caption (printed twice)";
        }

        // The tail: from the first end-of-article marker after the headline, everything is page furniture.
        var tail = lines.FirstOrDefault(l => l.Number > headline && !l.Blank && TailMarker(l.Text) is not null);
        if (tail is not null)
        {
            var reason = TailMarker(tail.Text)!;
            foreach (var line in lines.Where(l => l.Number >= tail.Number))
            {
                if (line.Blank) continue;
                if (line.Number > tail.Number && TailMarker(line.Text) is { } other) reason = other;
                reasons[line.Number] = reason;
            }
        }

        var ranges = new List<DraftBoilerplate>();
        var lastLine = lines.Count;
        for (var n = 1; n <= lastLine; n++)
        {
            if (reasons[n] is not { } reason) continue;
            var end = n;
            // Blank lines between two lines of the same reason join them into one range.
            for (var k = n + 1; k <= lastLine; k++)
            {
                if (reasons[k] == reason) end = k;
                else if (!lines[k - 1].Blank) break;
            }
            ranges.Add(new DraftBoilerplate(n, end, reason));
            n = end;
        }
        return ranges;
    }

    /// <summary>Lines editors marked as boilerplate in other annotated sources, with their reasons.</summary>
    private static Dictionary<string, string> Learned(BookKnowledge book)
    {
        var learned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var example in book.Examples)
            foreach (var line in Lines(example.Text))
            {
                if (line.Blank || example.Boilerplate.FirstOrDefault(r => r.Contains(line.Number)) is not { } range) continue;
                var key = Key(line.Text);
                if (key.Length <= 200) learned.TryAdd(key, $"{range.Reason ?? "Boilerplate"} (as marked in {example.SourceId}, {example.Outlet})");
            }
        return learned;
    }

    /// <summary>A line that is furniture wherever it stands after the headline.</summary>
    private static string? General(string line)
    {
        var text = line.Trim();
        if (text.Length > 400) return null; // page furniture is short; a long line is article text
        if (DateStamp().IsMatch(text)) return "Date stamp";
        if (Credit().IsMatch(text)) return "Image caption and credit";
        if (ImagePlaceholder().IsMatch(text)) return "Image placeholder";
        return null;
    }

    /// <summary>A line after which the article is over, and what kind of furniture it starts.</summary>
    internal static string? TailMarker(string line)
    {
        var text = line.Trim();
        if (text.Length > 400) return null;
        if (ReadMore().IsMatch(text)) return "\"Read more\" and related-article lists";
        if (AgencyCredit().IsMatch(text)) return "Agency credit and the page furniture after the article";
        if (Donation().IsMatch(text)) return "Donation appeal";
        if (Copyright().IsMatch(text)) return "Copyright line";
        return null;
    }

    [GeneratedRegex(@"^(?:(?:last\s+)?updated|published|posted|date)(?:\s+on)?\s*:?\s*(?:[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}|[A-Za-z]+\s+[0-9]{1,2},?\s+[0-9]{4}|[0-9]{1,2}\s+[A-Za-z]+\s+[0-9]{4})?(?:\s*[,|]?\s*[0-9]{1,2}:[0-9]{2}.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex DateStamp();

    [GeneratedRegex(@"(?:\.\s+[A-Za-z0-9-]+\.(?:ru|com|org|net|jp|gov|int|io|info|co\.uk)|^(?:photo|image|credit)s?\s*:|\b(?:photo|image)\s*(?:by|:)\s*\S+|/\s*(?:AP|AFP|Reuters|TASS|EPA|Getty Images|Kyodo)\s*(?:photo)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credit();

    [GeneratedRegex(@"^\W*[0-9]+\s*x\s*[0-9]+\s+(?:image|photo|video)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImagePlaceholder();

    [GeneratedRegex(@"^(?:read more|related(?: articles| stories| news)?|more on this|see also|trending|most read|popular|recommended)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadMore();

    [GeneratedRegex(@"^(?:with (?:additional )?reporting by|reporting by|additional reporting by|compiled by)\b|\bcontributed (?:to this )?report(?:ing)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgencyCredit();

    [GeneratedRegex(@"\b(?:make a donation|making a donation|donate now|support (?:us|our journalism)|become a (?:member|supporter)|contribute today)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Donation();

    [GeneratedRegex(@"^(?:©|\(c\)|copyright\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Copyright();
}
