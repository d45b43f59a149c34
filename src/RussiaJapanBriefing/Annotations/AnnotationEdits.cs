using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Annotations;

/// <summary>
/// What an edit changed in annotation files, by the values a build reads from them. An edit elsewhere in a file gives
/// everything in it a new parse, with the same values and perhaps other places: places only matter to what is
/// reported, so annotations are compared by the values resolving them reads, never by where they stand.
/// </summary>
internal static class AnnotationEdits
{
    /// <summary>
    /// The claims replaced in place when the files' parts (before, now) differ in nothing else: the same
    /// sources with the same values, the same claim ids in the same order, and nothing that is not a source or a claim.
    /// Null when anything else differs: the book's order of claims, and every record but the claims, are then not
    /// known to be as they were.
    /// </summary>
    public static List<ClaimEdit>? ClaimsReplaced(IReadOnlyList<(AnnotationSet Was, AnnotationSet Now)> files)
    {
        var replaced = new List<ClaimEdit>();
        foreach (var (was, now) in files)
        {
            if (!SourcesAndClaimsOnly(was) || !SourcesAndClaimsOnly(now) || was.Sources.Count != now.Sources.Count || was.Claims.Count != now.Claims.Count)
                return null;
            for (var i = 0; i < now.Sources.Count; i++)
                if (!SameId(was.Sources[i].Id, now.Sources[i].Id) || !Same(was.Sources[i], now.Sources[i])) return null;
            for (var i = 0; i < now.Claims.Count; i++)
            {
                if (!SameId(was.Claims[i].Id, now.Claims[i].Id)) return null;
                if (!Same(was.Claims[i], now.Claims[i])) replaced.Add(new ClaimEdit(KeysOf(was.Claims[i]), KeysOf(now.Claims[i])));
            }
        }
        return replaced;
    }

    /// <summary>What a claim's place in the book's tables is found by (see <see cref="ClaimKeys"/>), as its annotation gives it.</summary>
    private static ClaimKeys KeysOf(ClaimAnnotation claim) =>
        new(claim.Id.Value, [.. claim.About.Select(a => a.Value).Distinct(StringComparer.Ordinal)],
            [.. claim.Citations.Select(c => c.Source.Value).Distinct(StringComparer.Ordinal)], claim.Date);

    private static bool SourcesAndClaimsOnly(AnnotationSet part) =>
        part is { Book: null, BookDeclared: false, FolderMissing: false, Entities.Count: 0, Disagreements.Count: 0, BrokenIds.Count: 0 };

    private static bool SameId(Located<string> a, Located<string> b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal);

    public static bool Same(SourceAnnotation? a, SourceAnnotation? b) =>
        ReferenceEquals(a, b) || a is not null && b is not null
        && a.Outlet == b.Outlet && a.Headline == b.Headline && a.Url == b.Url && Equals(a.Published, b.Published) && a.PublishedNote == b.PublishedNote
        && a.Dateline == b.Dateline && a.Draft == b.Draft
        && a.Boilerplate.Select(r => r.Value).SequenceEqual(b.Boilerplate.Select(r => r.Value))
        && a.Uncited.Select(u => (u.Quote.Value, u.Reason)).SequenceEqual(b.Uncited.Select(u => (u.Quote.Value, u.Reason)));

    public static bool Same(ClaimAnnotation a, ClaimAnnotation b) =>
        ReferenceEquals(a, b)
        || a.Text.Value == b.Text.Value && Equals(a.Date, b.Date) && a.DateNote == b.DateNote && a.AccordingTo == b.AccordingTo && a.Planned == b.Planned
        && a.About.Select(r => r.Value).SequenceEqual(b.About.Select(r => r.Value))
        && a.Citations.Select(Cited).SequenceEqual(b.Citations.Select(Cited));

    private static (string Source, string Quote, string? Context) Cited(CitationAnnotation c) => (c.Source.Value, c.Quote.Value, c.Context?.Value);
}
