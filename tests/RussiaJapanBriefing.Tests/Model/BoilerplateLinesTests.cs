using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Resolving the sources takes each source's boilerplate lines from its ranges alone (Source.BoilerplateLines); they
/// must be the lines that going through every line (Source.Lines) marks as boilerplate, each with the same range.
/// </summary>
public class BoilerplateLinesTests
{
    [Fact]
    public void TheRangesGiveTheLinesThatEveryLineMarked()
    {
        var random = new Random(7);
        var compared = 0;
        for (var round = 0; round < 300; round++)
        {
            var lineCount = random.Next(0, 30);
            var text = string.Join("\n", Enumerable.Range(1, lineCount).Select(n => new string('w', random.Next(0, 5)) + n));
            // Overlapping, nested, repeated, unsorted and past the end, as an editor may write them ("40-" runs to the end).
            var ranges = Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
            {
                var first = random.Next(1, lineCount + 4);
                var last = random.Next(5) == 0 ? int.MaxValue : first + random.Next(0, 8);
                return new LineRange(first, last, null);
            }).ToList();
            var info = new SourceInfo("Outlet", "Headline", null, new PartialDate(new DatePoint(2020)), null, null, ranges, []);
            var source = new Source("s", "seeds/s.txt", text, info);

            var expected = source.Lines().Where(l => l.Boilerplate is not null).ToList();
            var made = source.BoilerplateLines();

            Assert.Equal(expected.Select(l => (l.Number, l.Start, l.End)), made.Select(l => (l.Number, l.Start, l.End)));
            Assert.All(expected.Zip(made), pair => Assert.Same(pair.First.Boilerplate, pair.Second.Boilerplate));
            compared += made.Count;
        }
        Assert.True(compared > 500, $"only {compared} boilerplate lines compared");
    }

    [Fact]
    public void ASourceWithoutRangesOrAnnotationHasNone()
    {
        Assert.Empty(new Source("s", "seeds/s.txt", "one\ntwo", null).BoilerplateLines());
        var info = new SourceInfo("Outlet", "Headline", null, new PartialDate(new DatePoint(2020)), null, null, [], []);
        Assert.Empty(new Source("s", "seeds/s.txt", "one\ntwo", info).BoilerplateLines());
    }
}
