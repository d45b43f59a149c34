using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// What is read from the book is recorded for the page that read it, else for the output whose work read it (on any
/// thread that work runs on), else apart: so outputs may run side by side without one's reads being taken for another's.
/// </summary>
public class BookReadsTests
{
    [Fact]
    public void AnOutputsReadsOnItsOwnThreadsAreItsAndAPagesReadsAreThePages()
    {
        var reads = new BookReads();
        IReadOnlySet<BookRead>? page = null;
        var planning = reads.Outside(() =>
        {
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => reads.Note("Planning", $"k{i}"));
            page = reads.During(() => reads.Note("Page", "p"));
        });
        var other = reads.Outside(() => reads.Note("Other", null));
        reads.Note("Stray", null);

        Assert.Equal(64, planning.Count);
        Assert.All(planning, r => Assert.Equal("Planning", r.Table));
        Assert.Equal([new BookRead("Page", "p")], page);
        Assert.Equal([new BookRead("Other", null)], other);
        Assert.Equal([new BookRead("Stray", null)], reads.Stray);
    }

    [Fact]
    public void TwoOutputsRunningSideBySideEachGetOnlyTheirOwnReads()
    {
        var reads = new BookReads();
        IReadOnlySet<BookRead>? a = null, b = null;
        using var both = new Barrier(2);
        IReadOnlySet<BookRead> Output(string table) => reads.Outside(() =>
        {
            both.SignalAndWait(TimeSpan.FromSeconds(10)); // both outputs are under way at once
            Parallel.For(0, 32, i => reads.Note(table, $"{i}"));
        });
        Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = 2 }, () => a = Output("A"), () => b = Output("B"));

        Assert.Equal(32, a!.Count);
        Assert.All(a, r => Assert.Equal("A", r.Table));
        Assert.Equal(32, b!.Count);
        Assert.All(b, r => Assert.Equal("B", r.Table));
        Assert.Empty(reads.Stray);
    }
}
