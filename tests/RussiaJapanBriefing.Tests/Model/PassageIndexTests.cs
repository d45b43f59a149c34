using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// A source page lists the passages cited in it (BriefingBook.PassagesBySource): each passage once, in text order,
/// whichever claims and summaries cite it. The index is made a source at a time; it must be the index that sorting every
/// passage cited and grouping them by source makes, down to which instance of a passage cited twice it holds.
/// </summary>
public class PassageIndexTests
{
    [Fact]
    public void EachSourceListsEachPassageCitedOnceInTextOrderAsSortingThemAllWould()
    {
        var random = new Random(31);
        var sources = Enumerable.Range(0, 6).Select(i => new Source($"s{i}", $"seeds/s{i}.txt", new string('x', 400), null)).ToList();
        var entities = Enumerable.Range(0, 3)
            .Select(i => new Entity(EntityKind.Island, $"e{i}", $"Island {i}", "A summary.", [], [], new FieldValues<string>(),
                [.. Enumerable.Range(0, 2).Select(_ => Cite(random))]))
            .ToList();
        // Few places in few sources, so that many passages are cited again by other claims, as other instances.
        var claims = Enumerable.Range(0, 80)
            .Select(i => new Claim($"c{i:00}", $"Claim {i}.", [$"e{random.Next(3)}"], null, null, null, [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Cite(random))]))
            .ToList();

        var book = new BriefingBook("A book", "Its summary.", [], sources, entities, claims, [], []);

        // The index as sorting every passage made it: the first instance of each (claims, then summaries), sorted by
        // place with ties kept in the order cited, grouped by source in the order their first passages come.
        var cited = new List<Passage>();
        var seen = new HashSet<Passage>();
        foreach (var passage in claims.SelectMany(c => c.Citations).Concat(entities.SelectMany(e => e.SummaryCitations!)).Select(c => c.Passage))
            if (seen.Add(passage)) cited.Add(passage);
        var expected = cited.OrderBy(p => p.Start).ThenBy(p => p.End).ToLookup(p => p.SourceId, StringComparer.Ordinal);

        Assert.Equal(expected.Select(g => g.Key), book.PassagesBySource.Select(g => g.Key));
        Assert.True(expected.Count > 3, "the passages stand in several sources");
        foreach (var group in expected)
        {
            var listed = book.PassagesBySource[group.Key].ToList();
            Assert.Equal(group.Count(), listed.Count);
            Assert.All(group.Zip(listed), pair => Assert.Same(pair.First, pair.Second));
        }
        Assert.True(claims.SelectMany(c => c.Citations).Count() > cited.Count, "some passage is cited twice, as another instance");
    }

    private static Citation Cite(Random random)
    {
        var start = 10 * random.Next(8);
        return new Citation(new Passage($"s{random.Next(6)}", start, start + 5 + 5 * random.Next(2)), "x");
    }
}
