using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Tests;

/// <summary>How <see cref="Outputs.Run"/> runs the outputs: the whole-book ones beside the pages, and never returns while one still writes.</summary>
public sealed class OutputsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void WholeBookOutputsRunBesideThePages()
    {
        using var started = new ManualResetEventSlim();
        var besideThePages = false;
        Outputs.Run(output =>
        {
            if (output.WholeBook) started.Set();
            // Run one after another, the pages would wait here for an output that only starts after them.
            else if (output is Pages) besideThePages = started.Wait(Patience);
        });
        Assert.True(besideThePages);
    }

    [Fact]
    public void AFailedWholeBookOutputIsThrownAsItsOwnException()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Outputs.Run(output =>
        {
            if (output is BookJson) throw new InvalidOperationException("book.json failed");
        }));
        Assert.Equal("book.json failed", e.Message);
    }

    [Fact]
    public void WhenThePagesFailTheWholeBookOutputsHaveFinishedBeforeTheFailureIsThrown()
    {
        var finished = 0;
        Assert.Throws<OperationCanceledException>(() => Outputs.Run(output =>
        {
            if (output.WholeBook)
            {
                Thread.Sleep(200);
                Interlocked.Increment(ref finished);
            }
            else if (output is Pages) throw new OperationCanceledException();
        }));
        Assert.Equal(Outputs.All.Count(o => o.WholeBook), Volatile.Read(ref finished));
    }
}
