using System.Collections.Concurrent;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Threads of their own for the whole-book outputs (<see cref="Outputs.Run"/>), kept between builds. Each output is
/// mostly one thread's long work, so it must not take a pool thread from the pages; but starting a thread waits
/// until the new thread runs, and <c>serve</c> did that three times a save (on the real book about a tenth of a
/// one-claim save, more on a busy machine). A task goes to an idle kept thread, or to a new one when none is idle,
/// so tasks never wait for each other. A thread goes back to waiting when its task is done, and ends instead when
/// <see cref="Idle"/> threads already wait.
/// </summary>
internal sealed class KeptThreads : TaskScheduler
{
    /// <summary>As many as one build's whole-book outputs and one more, for a second build in the same process (tests).</summary>
    private const int Idle = 4;

    public static readonly KeptThreads Shared = new();

    private readonly ConcurrentStack<Worker> _idle = new();

    /// <summary>Threads waiting for a task (for tests).</summary>
    internal int Waiting => _idle.Count;

    protected override void QueueTask(Task task)
    {
        if (_idle.TryPop(out var worker)) worker.Give(task);
        else _ = new Worker(this, task);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <summary>No task waits in a queue: each is handed to a thread at once.</summary>
    protected override IEnumerable<Task> GetScheduledTasks() => [];

    private sealed class Worker
    {
        private readonly KeptThreads _owner;
        private readonly object _gate = new();
        private Task? _next;

        public Worker(KeptThreads owner, Task first)
        {
            _owner = owner;
            _next = first;
            new Thread(Loop) { IsBackground = true, Name = "rjb whole-book output" }.Start();
        }

        /// <summary>Only a worker taken from the idle stack is given a task, so it holds none.</summary>
        public void Give(Task task)
        {
            lock (_gate)
            {
                _next = task;
                Monitor.Pulse(_gate);
            }
        }

        // Runs one task per turn, waiting (not spinning) in between; a background thread, so it never holds the process open.
        private void Loop()
        {
            while (true)
            {
                Task task;
                lock (_gate)
                {
                    while (_next is null) Monitor.Wait(_gate);
                    task = _next;
                    _next = null;
                }
                _owner.TryExecuteTask(task);
                if (_owner._idle.Count >= Idle) return;
                _owner._idle.Push(this);
            }
        }
    }
}
