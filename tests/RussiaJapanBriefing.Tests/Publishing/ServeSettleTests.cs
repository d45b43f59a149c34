using RussiaJapanBriefing.Publishing.Preview;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>Tests that count the collector's runs: they run alone, since any other test's allocations would move the count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CollectorAlone
{
    public const string Name = "the collector, alone";
}

/// <summary>
/// serve collects what a save allocated while it waits for the next save (<see cref="IncrementalBuild.Settle"/>), so
/// that a save does not meet a collection half-way: at 10,000 sources one save in four or five did, and took 80 to 120 ms longer.
/// </summary>
[Collection(CollectorAlone.Name)]
public class ServeSettleTests
{
    [Fact]
    public void SettleCollectsOnlyOnceAMegabyteWasAllocatedSinceItLastLooked()
    {
        var engine = new IncrementalBuild();
        engine.Settle();

        var before = GC.CollectionCount(0);
        engine.Settle();
        Assert.Equal(before, GC.CollectionCount(0));

        var garbage = new List<byte[]>();
        for (var i = 0; i < 32; i++) garbage.Add(new byte[64 * 1024]);
        GC.KeepAlive(garbage);
        before = GC.CollectionCount(0);
        engine.Settle();
        Assert.True(GC.CollectionCount(0) > before, "2 MB allocated, and no collection");
    }

    [Fact]
    public void TheServerCollectsOnceItsBuildsHaveStopped()
    {
        using var book = new PublishingBook();
        using var server = PreviewServer.Start(book.Options(book.Book.Combine("preview")), 0, _ => { });
        var before = GC.CollectionCount(0);

        // A second after the first build (Start returns once it is done), with nothing else running in this process.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (GC.CollectionCount(0) == before && waited.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(50);

        Assert.True(GC.CollectionCount(0) > before, $"no collection {waited.Elapsed.TotalSeconds:F1} s after the build");
        Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(0.5), $"a collection {waited.Elapsed.TotalMilliseconds:F0} ms after the build, before the page could reload");
        Assert.Empty(server.Errors);
    }
}
