using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Tests;

/// <summary>The whole-book outputs' threads (KeptThreads): kept between builds, and never making one task wait for another.</summary>
public sealed class KeptThreadsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Task<T> Start<T>(KeptThreads threads, Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.HideScheduler, threads).WaitAsync(Patience);

    [Fact]
    public async Task TasksGivenTogetherRunTogether()
    {
        var threads = new KeptThreads();
        using var all = new Barrier(3);
        var met = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Start(threads, () => all.SignalAndWait(Patience))));
        Assert.All(met, Assert.True);
    }

    [Fact]
    public async Task AThreadIsKeptForTheNextTask()
    {
        var threads = new KeptThreads();
        var first = await Start(threads, () => (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
        Assert.True(SpinWait.SpinUntil(() => threads.Waiting == 1, Patience));
        Assert.Equal(first, await Start(threads, () => (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread)));
        // The kept thread's own, not the pool's (the test's thread after an await may be the kept thread itself: its
        // task's continuation can run inline there, so comparing with it was a flaky test).
        Assert.False(first.IsThreadPoolThread);
    }

    [Fact]
    public async Task AFailureIsTheTasksAndTheThreadGoesOn()
    {
        var threads = new KeptThreads();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Start<int>(threads, () => throw new InvalidOperationException("output failed")));
        Assert.Equal("output failed", failure.Message);
        Assert.True(SpinWait.SpinUntil(() => threads.Waiting == 1, Patience));
        Assert.Equal(2, await Start(threads, () => 2));
    }

    [Fact]
    public async Task WorkStartedInsideATaskGoesToThePoolNotToTheKeptThreads() =>
        Assert.Same(TaskScheduler.Default, await Start(new KeptThreads(), () => TaskScheduler.Current));
}
