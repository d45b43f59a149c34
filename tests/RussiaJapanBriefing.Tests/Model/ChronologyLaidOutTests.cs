using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The command line takes a book's chronology from the pages the last published book cut it into (BriefingBook.AsLaidOut)
/// only when one pass proves it the chronology sorting makes: every dated claim, once, in date and id order. Anything
/// else, and the claims are sorted.
/// </summary>
public class ChronologyLaidOutTests
{
    /// <summary>Claims with dates of different precisions, many on the same day or month, and some undated.</summary>
    private static List<Claim> Claims()
    {
        var random = new Random(41);
        string[] dates = ["2001", "2001-05", "2001-05-03", "2001-05-03", "2002-11", "1998-01-30", "2016-12-15", "2016-12"];
        return [.. Enumerable.Range(0, 60).Select(i =>
        {
            PartialDate? date = null;
            if (random.Next(5) > 0) Assert.True(PartialDate.TryParse(dates[random.Next(dates.Length)], out date, out _));
            return new Claim($"claim-{random.Next(1000):000}-{i}", $"Claim {i}.", ["e"], date, null, null, []);
        })];
    }

    private static List<Claim> Sorted(List<Claim> claims) =>
        [.. claims.Where(c => c.Date is not null).OrderBy(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>The chronology's claims by their places in <paramref name="claims"/>, cut into parts of <paramref name="size"/>.</summary>
    private static PagesMemo.Part[] Parts(List<Claim> claims, IEnumerable<Claim> chronology, int size) =>
        [.. chronology.Select(c => claims.IndexOf(c)).Chunk(size).Select((places, n) => new PagesMemo.Part(2000, n + 1, places))];

    [Fact]
    public void TheChronologyAsCutIsTakenWhenItIsTheSortedOne()
    {
        var claims = Claims();
        var sorted = Sorted(claims);
        Assert.True(sorted.Count > 30 && sorted.Count < claims.Count, "some claims are dated and some are not");
        Assert.Equal(sorted, BriefingBook.AsLaidOut(Parts(claims, sorted, 7), claims));
    }

    [Theory]
    [InlineData("two claims swapped")]
    [InlineData("a dated claim left out")]
    [InlineData("a claim twice")]
    [InlineData("an undated claim")]
    [InlineData("a place past the claims")]
    public void AnyOtherCutIsNotTaken(string fault)
    {
        var claims = Claims();
        var cut = Sorted(claims);
        var undated = claims.First(c => c.Date is null);
        switch (fault)
        {
            case "two claims swapped": (cut[10], cut[11]) = (cut[11], cut[10]); break;
            case "a dated claim left out": cut.RemoveAt(20); break;
            case "a claim twice": cut.Insert(5, cut[5]); cut.RemoveAt(cut.Count - 1); break;
            case "an undated claim": cut[^1] = undated; break;
        }
        var parts = Parts(claims, cut, 7);
        if (fault == "a place past the claims") parts[^1] = parts[^1] with { Claims = [.. parts[^1].Claims, claims.Count] };
        Assert.Null(BriefingBook.AsLaidOut(parts, claims));
    }
}
