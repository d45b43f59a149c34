using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// A topic's brief is made once per topic and kept while what it is made from is the very same instances (BriefMemo):
/// a kept brief is the one a fresh one would be, a page that takes it records what making it would have read, and the
/// key points taken in one pass are those the full sort took.
/// </summary>
public class BriefMemoTests
{
    /// <summary>The book serve makes from <paramref name="before"/> with these records (it reuses the untouched index lists).</summary>
    private static BriefingBook Step(BriefingBook before, List<Claim>? claims = null, List<Entity>? entities = null, List<Disagreement>? disagreements = null) =>
        new(before.Title, before.Summary, [.. before.KeyFacts.Select(c => c.Id)], [.. before.Sources], entities ?? [.. before.Entities],
            claims ?? [.. before.Claims], disagreements ?? [.. before.Disagreements], [.. before.ContestedTerms], before);

    private static List<Claim> Replace(BriefingBook book, Claim was, Claim now) => [.. book.Claims.Select(c => ReferenceEquals(c, was) ? now : c)];

    private static void AssertSameBrief(Brief expected, Brief actual)
    {
        AssertSameItems(expected.KeyPoints, actual.KeyPoints);
        AssertSameItems(expected.Differences, actual.Differences);
        AssertSameItems(expected.Timeline, actual.Timeline);
        AssertSameItems(expected.Dated, actual.Dated);
    }

    /// <summary>The very same records, in the same order.</summary>
    private static void AssertSameItems(IEnumerable<object> expected, IEnumerable<object> actual) =>
        Assert.Equal<object>(expected, actual, ReferenceEqualityComparer.Instance);

    [Fact]
    public void ABriefIsKeptWhileItsInputsAreTheSameInstancesAndMadeAgainWhenTheyChange()
    {
        var book = RecordedReads.RealBook();
        var memo = new BriefMemo();
        // A topic without key facts (its key points are chosen from its claims) and another one, both with dated claims.
        var topic = book.Entities.Where(e => e.KeyFacts.Count == 0).MaxBy(e => book.ClaimsAbout[e.Id].Count(c => c.Date is not null))!;
        var other = book.Entities.First(e => e.Id != topic.Id && book.ClaimsAbout[e.Id].Any() && !book.ClaimsAbout[e.Id].Any(c => c.About.Contains(topic.Id)));
        var first = memo.Of(book, topic);
        var otherFirst = memo.Of(book, other);
        AssertSameBrief(Brief.Of(Brief.Inputs.Of(book, topic)), first);
        Assert.Same(first, memo.Of(book, topic));

        // serve's next book with one of the topic's claims edited in place: the topic's list is a new one, the other's is kept.
        var claim = book.ClaimsAbout[topic.Id].First(c => c.Date is not null && !c.About.Contains(other.Id));
        var edited = Step(book, claims: Replace(book, claim, claim with { Text = claim.Text + " Edited." }));
        Assert.NotSame(book.ClaimsAbout[topic.Id], edited.ClaimsAbout[topic.Id]);
        Assert.Same(book.ClaimsAbout[other.Id], edited.ClaimsAbout[other.Id]);
        var second = memo.Of(edited, topic);
        Assert.NotSame(first, second);
        Assert.Contains(second.Dated, c => c.Text.EndsWith(" Edited.", StringComparison.Ordinal));
        AssertSameBrief(Brief.Of(Brief.Inputs.Of(edited, topic)), second);
        Assert.Same(otherFirst, memo.Of(edited, other));

        // A disagreement about the topic added: its disagreements are a new list.
        var disagreement = new Disagreement("brief-memo-test", "A test difference", null, [topic.Id], [claim.Id, book.ClaimsAbout[topic.Id].First(c => c.Id != claim.Id).Id], DisagreementKind.Sources);
        var disagreeing = Step(edited, disagreements: [disagreement, .. edited.Disagreements]);
        var third = memo.Of(disagreeing, topic);
        Assert.NotSame(second, third);
        Assert.Same(disagreement, third.Differences[0]);
        AssertSameBrief(Brief.Of(Brief.Inputs.Of(disagreeing, topic)), third);
    }

    [Fact]
    public void AKeyFactEditedElsewhereMakesTheBriefAgain()
    {
        var book = RecordedReads.RealBook();
        var topic = book.Entities.First(e => e.KeyFacts.Count == 0 && book.ClaimsAbout[e.Id].Any());
        // A key fact that is not about the topic: only the claim it names tells the brief it changed.
        var fact = book.Claims.First(c => !c.About.Contains(topic.Id));
        var withFact = Step(book, entities: [.. book.Entities.Select(e => e.Id == topic.Id ? e with { KeyFacts = [fact.Id] } : e)]);
        var entity = withFact.EntityById[topic.Id];
        var memo = new BriefMemo();
        var first = memo.Of(withFact, entity);
        Assert.Same(fact, Assert.Single(first.KeyPoints));
        Assert.Same(first, memo.Of(Step(withFact), entity));

        var edited = Step(withFact, claims: Replace(withFact, fact, fact with { Text = fact.Text + " Edited." }));
        Assert.Same(withFact.ClaimsAbout[topic.Id], edited.ClaimsAbout[topic.Id]);
        Assert.Same(entity, edited.EntityById[topic.Id]);
        var second = memo.Of(edited, entity);
        Assert.NotSame(first, second);
        Assert.Same(edited.ClaimById[fact.Id], Assert.Single(second.KeyPoints));
    }

    /// <summary>The brief as it was made before the memo: every claim sorted for the key points, and the dated ones sorted again.</summary>
    private static Brief SortedBrief(IReadOnlyList<Claim> about, IReadOnlyList<Disagreement> disagreements)
    {
        static int DistinctSources(Claim c) => c.Citations.Select(x => x.Passage.SourceId).Distinct(StringComparer.Ordinal).Count();
        var keyPoints = about.OrderByDescending(DistinctSources)
            .ThenBy(c => c.Date is null ? 1 : 0)
            .ThenByDescending(c => c.Date)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(Brief.FallbackKeyPoints)
            .ToList();
        var dated = about.Where(c => c.Date is not null).OrderBy(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        var rest = dated.Where(c => !keyPoints.Contains(c)).ToList();
        var timeline = rest.Count <= Brief.MaxTimeline ? rest : [rest[0], .. rest.Skip(rest.Count - (Brief.MaxTimeline - 1))];
        return new Brief(keyPoints, disagreements.Take(Brief.MaxDifferences).ToList(), timeline, dated);
    }

    /// <summary>Claims drawn from few sources, few dates (some undated, some ranges) and ids that share prefixes, so that every rule of the order meets ties.</summary>
    private static List<Claim> RandomClaims(Random random, int count, bool uniqueIds)
    {
        PartialDate? Date() => random.Next(5) switch
        {
            0 => null,
            1 => new PartialDate(new DatePoint(2000 + random.Next(3))),
            2 => new PartialDate(new DatePoint(2000 + random.Next(3), 1 + random.Next(2))),
            3 => new PartialDate(new DatePoint(2000 + random.Next(3), 1 + random.Next(2), 1 + random.Next(2))),
            _ => new PartialDate(new DatePoint(2000 + random.Next(3)), new DatePoint(2001 + random.Next(3))),
        };
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var claims = new List<Claim>();
        while (claims.Count < count)
        {
            var id = $"c{random.Next(uniqueIds ? count * 4 : Math.Max(2, count / 3))}{(random.Next(3) == 0 ? "-a" : "")}";
            if (uniqueIds && !ids.Add(id)) continue;
            var citations = Enumerable.Range(0, random.Next(4))
                .Select(_ => new Citation(new Passage($"s{random.Next(4)}", random.Next(100), 100 + random.Next(100)), "quote")).ToList();
            claims.Add(new Claim(id, $"Claim {claims.Count}.", ["topic"], Date(), null, null, citations));
        }
        return claims;
    }

    [Fact]
    public void TheKeyPointsTakenInOnePassAreThoseOfTheFullSortTiesAndAll()
    {
        var random = new Random(16);
        for (var round = 0; round < 2000; round++)
        {
            // Ids repeated too: of claims equal in every key the earlier comes first, as the stable sort had them.
            var claims = RandomClaims(random, random.Next(12) switch { 0 => 0, 1 => 1, 2 => 2, 3 => 3, _ => random.Next(4, 60) }, uniqueIds: random.Next(2) == 0);
            var expected = SortedBrief(claims, []).KeyPoints;
            AssertSameItems(expected, Brief.KeyPointsOf(claims));
        }
    }

    [Fact]
    public void ABriefMadeInOnePassIsTheOneTheSortsMade()
    {
        var random = new Random(1956);
        var disagreements = Enumerable.Range(0, 3).Select(i => new Disagreement($"d{i}", "A difference", null, ["topic"], [], DisagreementKind.Sources)).ToList();
        for (var round = 0; round < 1000; round++)
        {
            // Ids unique, as in a book: dated claims are then in one order however they are sorted.
            var claims = RandomClaims(random, random.Next(4) == 0 ? random.Next(4) : random.Next(4, 80), uniqueIds: true);
            var given = disagreements.Take(random.Next(4)).ToList();
            AssertSameBrief(SortedBrief(claims, given), Brief.Of(new Brief.Inputs(claims, given, [])));
        }
    }

    [Fact]
    public void AKeptBriefRecordsWhatMakingItReads()
    {
        var book = RecordedReads.RealBook();
        var memo = new BriefMemo();
        var reads = new BookReads();
        book.Record(reads);
        try
        {
            foreach (var entity in book.Entities)
            {
                var made = reads.During(() => Brief.Of(Brief.Inputs.Of(book, entity)));
                var first = reads.During(() => memo.Of(book, entity));
                Brief? kept = null;
                var again = reads.During(() => kept = memo.Of(book, entity));
                Assert.Same(memo.Of(book, entity), kept);
                Assert.True(made.SetEquals(first), $"{entity.Id}: the memo's first brief records {string.Join(", ", first)}, making it records {string.Join(", ", made)}");
                Assert.True(made.SetEquals(again), $"{entity.Id}: a kept brief records {string.Join(", ", again)}, making it records {string.Join(", ", made)}");
                Assert.Contains(new BookRead(nameof(BriefingBook.ClaimsAbout), entity.Id), again);
            }
        }
        finally
        {
            book.Record(null);
        }
    }

    /// <summary>
    /// Every page records the same reads whether its briefs were made for it or kept: each page rendered alone with a
    /// memo of its own (so it makes every brief it shows), against all of them rendered with a memo that already holds
    /// every brief.
    /// </summary>
    [Fact]
    public void EveryPageRecordsTheSameReadsWithAKeptBriefAsWhenItMakesIt()
    {
        var book = RecordedReads.RealBook();
        var bag = new DiagnosticBag();
        var theme = Theme.Load(Repo.Theme, bag);
        Assert.True(theme is not null, bag.Sorted().Dump());
        var reads = new BookReads();
        book.Record(reads);
        try
        {
            var warm = new BriefMemo();
            new SiteRenderer(book, theme!, new ReadsSink(reads, only: null), briefs: warm).RenderAll(bag);
            var kept = new ReadsSink(reads, only: null);
            new SiteRenderer(book, theme!, kept, briefs: warm).RenderAll(bag);
            Assert.False(bag.HasErrors, bag.Sorted().Dump());

            var briefed = kept.Reads.Keys.Where(path => path.StartsWith("print/", StringComparison.Ordinal) || book.Entities.Any(e => e.Url == path)).ToList();
            Assert.True(briefed.Count > book.Entities.Count, "every entity page and the print volumes were rendered");
            foreach (var path in briefed)
            {
                var alone = new ReadsSink(reads, only: path);
                new SiteRenderer(book, theme!, alone, briefs: new BriefMemo()).RenderAll(bag);
                Assert.True(alone.Reads[path].SetEquals(kept.Reads[path]),
                    $"{path}: with kept briefs it records [{string.Join(", ", kept.Reads[path].Except(alone.Reads[path]))}] more and [{string.Join(", ", alone.Reads[path].Except(kept.Reads[path]))}] fewer");
            }
        }
        finally
        {
            book.Record(null);
        }
    }
}
