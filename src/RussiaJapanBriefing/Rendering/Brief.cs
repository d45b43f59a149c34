using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// What a topic's printed brief shows besides its summary, each part bounded so that a brief stays a briefing paper
/// (two A4 pages) however much the book says about the topic. The entity page prints it (its other parts are marked
/// for the full record only) and the print volumes are made of it.
/// </summary>
/// <param name="KeyPoints">The editor's <c>key_facts</c>; without them, the best-corroborated claims (see <see cref="Of"/>).</param>
/// <param name="Differences">The first disagreements about the topic, in the page's order; the brief gives each one's note
/// (the editor's account of the difference), and the claims set side by side only where there is no note.</param>
/// <param name="Timeline">Dated claims other than the key points, in the page's order: the earliest (where the story starts)
/// and the most recent.</param>
/// <param name="Dated">The topic's dated claims in the order its page lists them (see <see cref="DatedOf"/>):
/// the page's timeline is made from the same list, so the topic's claims are sorted once.</param>
internal sealed record Brief(IReadOnlyList<Claim> KeyPoints, IReadOnlyList<Disagreement> Differences, IReadOnlyList<Claim> Timeline, IReadOnlyList<Claim> Dated)
{
    /// <summary>How many dated claims the full record has, so the brief can say it shows a selection.</summary>
    public int DatedClaims => Dated.Count;

    public const int FallbackKeyPoints = 3;
    public const int MaxDifferences = 2;
    public const int MaxTimeline = 5;

    /// <summary>The entity's dated claims in the order its page and brief list them.</summary>
    private static IReadOnlyList<Claim> DatedOf(BriefingBook book, Entity entity) =>
        book.ClaimsAbout[entity.Id].Where(c => c.Date is not null).OrderBy(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();

    public static Brief Of(BriefingBook book, Entity entity)
    {
        var keyPoints = KeyPointsOf(book, entity);
        var dated = DatedOf(book, entity);
        // A key point is already in the brief; the timeline gives the others.
        var rest = dated.Where(c => !keyPoints.Contains(c)).ToList();
        var timeline = rest.Count <= MaxTimeline ? rest : [rest[0], .. rest.Skip(rest.Count - (MaxTimeline - 1))];
        return new Brief(keyPoints, book.DisagreementsAbout[entity.Id].Take(MaxDifferences).ToList(), timeline, dated);
    }

    /// <summary>
    /// Without an editor's choice, the claims most sources agree on are the safest summary of a topic: those cited by the
    /// most distinct sources, the more recent first among equals, undated last.
    /// </summary>
    private static IReadOnlyList<Claim> KeyPointsOf(BriefingBook book, Entity entity) =>
        entity.KeyFacts.Count > 0
            ? entity.KeyFacts.Select(id => book.ClaimById[id]).ToList()
            : book.ClaimsAbout[entity.Id]
                .OrderByDescending(DistinctSources)
                .ThenBy(c => c.Date is null ? 1 : 0)
                .ThenByDescending(c => c.Date)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .Take(FallbackKeyPoints)
                .ToList();

    /// <summary>How many sources a claim cites: a claim has a few citations, so they are compared in place rather than collected into a set.</summary>
    private static int DistinctSources(Claim claim)
    {
        var count = 0;
        for (var i = 0; i < claim.Citations.Count; i++)
        {
            var seen = false;
            for (var j = 0; j < i && !seen; j++)
                seen = string.Equals(claim.Citations[j].Passage.SourceId, claim.Citations[i].Passage.SourceId, StringComparison.Ordinal);
            if (!seen) count++;
        }
        return count;
    }
}
