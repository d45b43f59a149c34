namespace RussiaJapanBriefing.Tests;

/// <summary>The order diagnostics are printed in: by file, line, column, code, message and hint, one order for any two runs that report the same.</summary>
public sealed class DiagnosticBagTests
{
    [Fact]
    public void SortedIsTheOrderOfTheSixKeysInTurn()
    {
        var random = new Random(7);
        var bag = new DiagnosticBag();
        DiagnosticDescriptor[] codes = [Codes.QuoteNotFound, Codes.UnknownEntity, Codes.NotYetAnnotated];
        for (var i = 0; i < 2_000; i++)
            bag.Report(codes[random.Next(codes.Length)], new Location($"f{random.Next(4)}.yaml", random.Next(3), random.Next(3)),
                $"message {random.Next(3)}", random.Next(2) == 0 ? null : $"hint {random.Next(5)}");
        var expected = bag.Snapshot().OrderBy(d => d.Location.Path, StringComparer.Ordinal).ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column).ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)
            .ThenBy(d => d.Hint, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, bag.Sorted());

        // The same diagnostics reported in another order (a later save's threads) are listed alike.
        var again = new DiagnosticBag();
        again.Add(bag.Snapshot().OrderBy(_ => random.Next()));
        Assert.Equal(expected, again.Sorted());
    }

    [Fact]
    public void TheLastRunsListIsTakenOnlyWhenItHoldsExactlyWhatWasReported()
    {
        var first = new DiagnosticBag();
        first.Report(Codes.QuoteNotFound, new Location("b.yaml", 1), "b");
        first.Report(Codes.QuoteNotFound, new Location("a.yaml", 1), "a", "a hint");
        var last = first.Sorted();

        var same = new DiagnosticBag { Last = last };
        same.Add(first.Snapshot().Reverse());
        Assert.Same(last, same.Sorted());

        var other = new DiagnosticBag { Last = last };
        other.Add(first.Snapshot());
        other.Report(Codes.QuoteNotFound, new Location("a.yaml", 1), "a", "another hint");
        Assert.Equal(["a hint", "another hint", null], other.Sorted().Select(d => d.Hint));

        var fewer = new DiagnosticBag { Last = last };
        fewer.Report(Codes.QuoteNotFound, new Location("b.yaml", 1), "b");
        fewer.Report(Codes.QuoteNotFound, new Location("c.yaml", 1), "c");
        Assert.Equal(["b", "c"], fewer.Sorted().Select(d => d.Message));
    }

    [Fact]
    public void ADiagnosticReportedAfterSortingIsInTheNextSort()
    {
        var bag = new DiagnosticBag();
        bag.Report(Codes.QuoteNotFound, new Location("b.yaml", 1), "late");
        Assert.Single(bag.Sorted());
        bag.Report(Codes.QuoteNotFound, new Location("a.yaml", 1), "early");
        Assert.Equal(["early", "late"], bag.Sorted().Select(d => d.Message));
        bag.Add([new Diagnostic(Codes.UnknownEntity, new Location("0.yaml"), "first")]);
        Assert.Equal(["first", "early", "late"], bag.Sorted().Select(d => d.Message));
    }

    [Fact]
    public void ACopyWithAnotherFieldIsAnotherDiagnosticThoughTheHashWasTaken()
    {
        var original = new Diagnostic(Codes.QuoteNotFound, new Location("a.yaml", 3, 5), "not found", "check the quote");
        var bag = new DiagnosticBag();
        bag.Add([original]); // hashed, and the hash kept
        var copies = new[]
        {
            original with { Message = "found twice" },
            original with { Hint = null },
            original with { Location = new Location("a.yaml", 4, 5) },
            original with { Descriptor = Codes.QuoteAmbiguous },
        };
        foreach (var copy in copies)
        {
            Assert.NotEqual(original, copy);
            Assert.Equal(new Diagnostic(copy.Descriptor, copy.Location, copy.Message, copy.Hint).GetHashCode(), copy.GetHashCode());
        }
        bag.Add(copies);
        bag.Add([new Diagnostic(Codes.QuoteNotFound, new Location("a.yaml", 3, 5), "not found", "check the quote"), original with { }]);
        Assert.Equal(5, bag.Sorted().Count);
    }
}
