using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve patches the book's page tables at every save instead of copying them (PatchTable): each patch must answer
/// as a copy would, however many patches it follows, and must leave the table it was patched from as it was, since
/// telling what changed compares the two.
/// </summary>
public class PatchTableTests
{
    [Fact]
    public void AChainOfPatchesAnswersAsCopiesWouldAndLeavesEachEarlierTableAsItWas()
    {
        var random = new Random(17);
        var table = new PatchTable<string, string>();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 400; i++) expected[$"k{i}"] = table[$"k{i}"] = $"v{i}";
        var history = new List<(PatchTable<string, string> Table, Dictionary<string, string> Entries)> { (table, new(expected)) };

        // Enough patches, with enough changes each, that the changes pass the point where a patch is made whole again.
        for (var step = 0; step < 60; step++)
        {
            table = table.Patch();
            for (var change = 0; change < 12; change++)
            {
                var key = $"k{random.Next(500)}";
                switch (random.Next(3))
                {
                    case 0:
                        var removed = table.Remove(key, out var was);
                        Assert.Equal(expected.Remove(key, out var expectedWas), removed);
                        Assert.Equal(expectedWas, was);
                        break;
                    case 1:
                        // Put back as it was: no change, whether or not it was changed earlier in this patch.
                        if (expected.TryGetValue(key, out var same)) table[key] = same;
                        break;
                    default:
                        expected[key] = table[key] = $"v{random.Next(1000)}";
                        break;
                }
            }
            history.Add((table, new(expected)));
        }

        foreach (var (patched, entries) in history)
        {
            Assert.Equal(entries.Count, patched.Count);
            Assert.Equal(entries.Keys.Order(StringComparer.Ordinal), patched.Keys.Order(StringComparer.Ordinal));
            for (var i = 0; i < 500; i++)
            {
                Assert.Equal(entries.GetValueOrDefault($"k{i}"), patched[$"k{i}"]);
                Assert.Equal(entries.ContainsKey($"k{i}"), patched.ContainsKey($"k{i}"));
            }
        }
    }

    [Fact]
    public void AKeyRemovedAndSetAgainInOnePatchIsBackAndTheEarlierTableStillHasIt()
    {
        var table = new PatchTable<string, string> { ["a"] = "1", ["b"] = "2" };
        var patch = table.Patch();
        Assert.True(patch.Remove("a", out var was));
        Assert.Equal("1", was);
        Assert.Null(patch["a"]);
        Assert.False(patch.Remove("a", out _));
        patch["a"] = "3";
        patch["c"] = "4";
        Assert.True(patch.Remove("c", out _));

        Assert.Equal("3", patch["a"]);
        Assert.Equal(["a", "b"], patch.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1", table["a"]);
        Assert.Null(table["c"]);
        Assert.Equal(["a", "b"], table.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ValuesReplacedInPlaceAreListedWhereTheyWereAsInACopiedDictionary()
    {
        var table = new PatchTable<string, string>();
        var copy = new Dictionary<string, string>();
        for (var i = 0; i < 300; i++) table.Add($"k{i}", copy[$"k{i}"] = $"v{i}");
        // Patch after patch, as serve replaces claims in place: the order stays a copy's, through the point where a patch is made whole.
        for (var step = 0; step < 40; step++)
        {
            table = table.Patch();
            copy = new Dictionary<string, string>(copy);
            for (var i = step; i < 300; i += 37) table[$"k{i}"] = copy[$"k{i}"] = $"v{i}-{step}";
            Assert.Equal(copy, table);
            Assert.True(table.TryGetValue($"k{step}", out var value));
            Assert.Equal(copy[$"k{step}"], value);
            Assert.False(table.TryGetValue("missing", out _));
        }
        Assert.Throws<ArgumentException>(() => table.Add("k1", "again"));
        Assert.Throws<KeyNotFoundException>(() => ((IReadOnlyDictionary<string, string>)table)["missing"]);
    }
}
