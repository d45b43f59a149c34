using System.Diagnostics;
using System.Globalization;
using RussiaJapanBriefing;

namespace SyntheticBook;

/// <summary>
/// serve's update latency, measured the way serve builds (<see cref="IncrementalBuild"/>, in one process that keeps
/// the book between saves): a first build, then per run either nothing changed or one claim edited
/// (<c>--edit-claim</c>'s edit), each timed from the edit saved to the changed pages on disk. The file watcher's
/// quiet period before a rebuild is not included. Between saves it does what serve does while it waits for the next
/// one (<see cref="IncrementalBuild.Settle"/>, a collection), timed apart.
/// </summary>
internal static class ServeLatency
{
    public static int Run(string book, string theme, string preview, int runs)
    {
        var engine = new IncrementalBuild();
        var options = new BuildOptions(Path.Combine(book, "seeds"), Path.Combine(book, "content"), theme, preview,
            Cache: preview + "-cache");
        var first = Timed(engine, options, out var firstMs);
        if (!first.Succeeded) return Failed(first);
        Console.WriteLine($"serve first build: {firstMs:F0} ms, {first.PagesRendered} files rendered");
        foreach (var edit in new[] { false, true })
        {
            var times = new List<double>();
            var cpu = TimeSpan.Zero;
            var allocated = GC.GetTotalAllocatedBytes();
            var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            var paused = TimeSpan.Zero;
            BuildResult? last = null;
            var phases = new Dictionary<string, List<double>>();
            var written = new List<int>();
            var collected = new List<int>();
            var settling = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var settled = Stopwatch.StartNew();
                engine.Settle();
                settling.Add(settled.Elapsed.TotalMilliseconds);
                if (edit && ClaimEdit.Run(book, null) != 0) return 1;
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var youngBefore = GC.CollectionCount(0);
                var pausedBefore = GC.GetTotalPauseDuration();
                last = Timed(engine, options, out var ms);
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                paused += GC.GetTotalPauseDuration() - pausedBefore;
                if (!last.Succeeded) return Failed(last);
                times.Add(ms);
                written.Add(last.Publish?.Written.Count ?? 0);
                collected.Add(GC.CollectionCount(0) - youngBefore);
                foreach (var (phase, elapsed) in last.Phases) (phases.TryGetValue(phase, out var all) ? all : phases[phase] = []).Add(elapsed.TotalMilliseconds);
            }
            allocated = (GC.GetTotalAllocatedBytes() - allocated) / runs;
            for (var g = 0; g < collections.Length; g++) collections[g] = GC.CollectionCount(g) - collections[g];
            var inOrder = string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));
            var median = Median(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"serve {(edit ? "one claim edited" : "no change")}: median {median:F0} ms of {runs} (in the order run: {inOrder}); " +
                $"mean cpu {cpu.TotalMilliseconds / runs:F0} ms, allocated {allocated / 1e6:F1} MB; collections (gen 0/1/2) {string.Join("/", collections)} in all, pausing {paused.TotalMilliseconds / runs:F0} ms per save; {last!.PagesRendered} files rendered, {engine.PagesKept} pages kept, wrote {last.Publish?.Written.Count} file(s); " +
                $"median phases {string.Join(", ", phases.Select(p => $"{p.Key} {Median(p.Value):F0} ms"))}; " +
                $"files written, in the order run: {string.Join(", ", written)}; " +
                $"collections during each save, in the order run: {string.Join(", ", collected)}; " +
                $"settling before each save (not in its time): median {Median(settling):F0} ms, most {settling.Max():F0} ms"));
        }
        return 0;
    }

    private static double Median(List<double> values)
    {
        values = [.. values.Order()];
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private static BuildResult Timed(IncrementalBuild engine, BuildOptions options, out double ms)
    {
        var clock = Stopwatch.StartNew();
        var result = engine.Update(options);
        ms = clock.Elapsed.TotalMilliseconds;
        return result;
    }

    private static int Failed(BuildResult result)
    {
        foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
        return 1;
    }
}
