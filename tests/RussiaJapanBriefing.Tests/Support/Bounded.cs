namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// Runs a piece of the pipeline on a worker thread with a time limit, so a hang or an exception on hostile input
/// fails the one test with a clear message instead of stalling or tearing down the run. A bound, not a timing
/// assertion: the limits are far above what any of these inputs needs.
/// </summary>
public static class Bounded
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    public static T Run<T>(Func<T> action, string what, TimeSpan? limit = null)
    {
        var task = Task.Run(action);
        bool finished;
        try
        {
            finished = task.Wait(limit ?? DefaultLimit);
        }
        catch (AggregateException e)
        {
            Assert.Fail($"{what}: threw {e.InnerException}");
            throw;
        }
        Assert.True(finished, $"{what}: did not finish within {(limit ?? DefaultLimit).TotalSeconds:0} s");
        return task.Result;
    }

    /// <summary>A check (BuildMode.Check) of a book, bounded.</summary>
    public static BuildResult Check(TempBook book, string what) => Run(() => BriefingBuilder.Run(book.Options, BuildMode.Check), what);
}
