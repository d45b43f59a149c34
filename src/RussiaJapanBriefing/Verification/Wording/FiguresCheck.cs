namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// RJB0802: a number in the editor's text that none of its quotes, its date, its date note or the date of a cited
/// source gives.
/// </summary>
public static class FiguresCheck
{
    public static IEnumerable<Finding> Find(WordedText text)
    {
        if (text.Evidence is null) return [];
        // Most texts give no figure: then the evidence is not read at all (a long-cited entity's quotes give thousands).
        var figures = Figures.In(text.Text.Value);
        if (figures.Count == 0) return [];
        var backed = text.Evidence.SelectMany(Figures.In).Select(f => f.Value).ToHashSet();
        return figures.Where(f => !backed.Contains(f.Value)).DistinctBy(f => f.Value)
            .Select(f => new Finding(Codes.UnsupportedFigure, text.Text.Location,
                $"{text.What} gives the figure \"{f.Written}\", which is in none of its quotes, its date or date note, or a cited source's date",
                $"the quotes: {string.Join("; ", text.Quotes.Select(q => $"\"{Shorten(q)}\""))}",
                f.Written));
    }

    private static string Shorten(string s)
    {
        var flat = string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 80 ? flat : flat[..80] + "…";
    }
}
