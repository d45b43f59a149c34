using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// What a topic's printed brief shows besides its summary, each part bounded so that a brief stays a briefing paper
/// (two A4 pages) however much the book says about the topic. The entity page prints it (its other parts are marked
/// for the full record only) and the print volumes are made of it.
/// </summary>
/// <param name="KeyPoints">The editor's <c>key_facts</c>; without them, the best-corroborated claims (see <see cref="KeyPointsOf"/>).</param>
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

    /// <summary>
    /// What a topic's brief is made from, as the book's lookups answer for it: the claims about it, the disagreements
    /// about it, and the claims its key facts name (in their order). The lookups record what the page read.
    /// </summary>
    internal sealed record Inputs(IEnumerable<Claim> About, IEnumerable<Disagreement> Disagreements, Claim[] KeyFacts)
    {
        public static Inputs Of(BriefingBook book, Entity entity)
        {
            var keyFacts = new Claim[entity.KeyFacts.Count];
            for (var i = 0; i < keyFacts.Length; i++) keyFacts[i] = book.ClaimById[entity.KeyFacts[i]];
            return new Inputs(book.ClaimsAbout[entity.Id], book.DisagreementsAbout[entity.Id], keyFacts);
        }

        /// <summary>The very same instances as <paramref name="other"/>'s: the book's records and its index lists are immutable, so the brief is the same.</summary>
        public bool Same(Inputs other)
        {
            if (!ReferenceEquals(About, other.About) || !ReferenceEquals(Disagreements, other.Disagreements) || KeyFacts.Length != other.KeyFacts.Length)
                return false;
            for (var i = 0; i < KeyFacts.Length; i++)
                if (!ReferenceEquals(KeyFacts[i], other.KeyFacts[i])) return false;
            return true;
        }
    }

    /// <summary>The brief made afresh from its inputs (pages take it from a <see cref="BriefMemo"/>).</summary>
    public static Brief Of(Inputs inputs)
    {
        var keyPoints = inputs.KeyFacts.Length > 0 ? inputs.KeyFacts : KeyPointsOf(inputs.About);
        var dated = DatedOf(inputs.About);
        // A key point is already in the brief; the timeline gives the others.
        var rest = dated.Where(c => !keyPoints.Contains(c)).ToList();
        var timeline = rest.Count <= MaxTimeline ? rest : [rest[0], .. rest.Skip(rest.Count - (MaxTimeline - 1))];
        return new Brief(keyPoints, inputs.Disagreements.Take(MaxDifferences).ToList(), timeline, dated);
    }

    /// <summary>
    /// The topic's dated claims in the order its page and brief list them: by date, then id. Ids are unique in a book,
    /// so no two claims compare equal and an unstable sort gives the one order.
    /// </summary>
    private static List<Claim> DatedOf(IEnumerable<Claim> about)
    {
        var dated = new List<Claim>();
        foreach (var claim in about)
            if (claim.Date is not null) dated.Add(claim);
        dated.Sort(static (a, b) =>
        {
            var c = a.Date!.CompareTo(b.Date);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        return dated;
    }

    /// <summary>
    /// Without an editor's choice, the claims most sources agree on are the safest summary of a topic: those cited by the
    /// most distinct sources, the more recent first among equals, undated last (then by id, and in the topic's order
    /// where all of that is equal). Only the first few are wanted of thousands, so they are kept in one pass, not sorted.
    /// </summary>
    internal static Claim[] KeyPointsOf(IEnumerable<Claim> about)
    {
        var best = new (Claim Claim, int Sources)[FallbackKeyPoints];
        var count = 0;
        foreach (var claim in about)
        {
            var sources = DistinctSources(claim);
            // After every kept one that it does not come before: of equals, the earlier in the topic's order stays first.
            var at = count;
            while (at > 0 && Before(claim, sources, best[at - 1].Claim, best[at - 1].Sources)) at--;
            if (at == FallbackKeyPoints) continue;
            if (count < FallbackKeyPoints) count++;
            Array.Copy(best, at, best, at + 1, count - 1 - at);
            best[at] = (claim, sources);
        }
        var keyPoints = new Claim[count];
        for (var i = 0; i < count; i++) keyPoints[i] = best[i].Claim;
        return keyPoints;
    }

    /// <summary>Whether claim <paramref name="a"/> comes strictly before <paramref name="b"/> among the key points.</summary>
    private static bool Before(Claim a, int aSources, Claim b, int bSources)
    {
        if (aSources != bSources) return aSources > bSources;
        if (a.Date is null != b.Date is null) return b.Date is null;
        var date = a.Date is null ? 0 : a.Date.CompareTo(b.Date);
        return date != 0 ? date > 0 : string.CompareOrdinal(a.Id, b.Id) < 0;
    }

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
