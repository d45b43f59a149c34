using System.Net;
using System.Net.Sockets;

namespace RussiaJapanBriefing.Publishing.Preview;

/// <summary>
/// <c>rjb serve</c>: builds the book into a preview folder, serves it on the loopback interface only, and rebuilds
/// whenever a seed, an annotation or the theme changes. Pages carry a small script that reloads them after a good
/// build and shows the errors of a bad one over the page; the terminal gets the same diagnostics.
/// Each connection is served on its own, within <see cref="ServerLimits"/>, and a rebuild runs beside the serving:
/// a client that stops reading or a rebuild that never ends holds up nothing but itself.
/// </summary>
public sealed partial class PreviewServer : IDisposable
{
    /// <summary>How long closing waits for a rebuild in progress (it writes into the preview folder); one that hangs is abandoned.</summary>
    private static readonly TimeSpan BuildPatience = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection is kept open after its response for the client's own close (see <see cref="ServeAsync"/>).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    private readonly BuildOptions _options;
    private readonly Func<BuildOptions, BuildResult> _build;
    private readonly TcpListener _listener;
    private readonly ServerLimits _limits;
    private readonly SemaphoreSlim _connections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Action<string> _log;
    private readonly Timer _debounce;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _idle = new(initialState: true);
    private bool _building, _pending, _stopped;
    private volatile BuildStatus _status = new(0, []);

    /// <summary>The engine of the default build, disposed with the server (it holds a watch over the folders).</summary>
    private IncrementalBuild? _engine;

    /// <summary>
    /// Runs the engine's collection (<see cref="IncrementalBuild.Settle"/>) once builds have stopped for a second: after
    /// the page script, which asks for the status every 700 ms, has reloaded the page, and before an editor's next save.
    /// </summary>
    private readonly Timer _settle;

    private static readonly TimeSpan SettleAfter = TimeSpan.FromSeconds(1);

    /// <summary>What the reload script polls; replaced whole after each build, so it is read without waiting for one.</summary>
    private sealed record BuildStatus(int Version, IReadOnlyList<string> Errors);

    private PreviewServer(BuildOptions options, TcpListener listener, Action<string> log, ServerLimits limits, Func<BuildOptions, BuildResult> build)
    {
        _options = options;
        _build = build;
        _listener = listener;
        _log = log;
        _limits = limits;
        _connections = new SemaphoreSlim(limits.Connections);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _debounce = new Timer(_ => Rebuild(), null, Timeout.Infinite, Timeout.Infinite);
        _settle = new Timer(_ => Settle(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public Uri Url { get; }

    /// <summary>Counts builds; the page script reloads when it changes.</summary>
    public int Version => _status.Version;

    public IReadOnlyList<string> Errors => _status.Errors;

    /// <param name="options">Output is where the preview is built (not the published output/).</param>
    /// <param name="port">On 127.0.0.1; 0 takes any free port (see <see cref="Url"/>).</param>
    /// <exception cref="SocketException">The port cannot be listened on (in use, or not allowed); nothing was built.</exception>
    public static PreviewServer Start(BuildOptions options, int port, Action<string> log) => Start(options, port, log, ServerLimits.Default);

    /// <param name="build">The build itself; tests pass one that can be made to hang, which no input file can do.</param>
    internal static PreviewServer Start(BuildOptions options, int port, Action<string> log, ServerLimits limits,
        Func<BuildOptions, BuildResult>? build = null)
    {
        // Bound before anything is built or said: a port in use fails at once, and "serving" is only ever said of a listener.
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        // The book's pages are remembered between saves, so a save renders only what it affects.
        var incremental = new IncrementalBuild();
        var server = new PreviewServer(options with { LiveReload = true }, listener, log, limits,
            build ?? (o => incremental.Update(o)));
        server._engine = incremental;
        try
        {
            foreach (var folder in new[] { options.Seeds, options.Content, options.Theme }.Where(Directory.Exists))
            {
                var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
                watcher.Changed += server.OnChange;
                watcher.Created += server.OnChange;
                watcher.Deleted += server.OnChange;
                watcher.Renamed += server.OnChange;
                server._watchers.Add(watcher);
            }
            server.Rebuild();
            _ = Task.Run(server.AcceptAsync);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    // Editors save in bursts (temp file, rename, touch): wait for quiet before rebuilding.
    private void OnChange(object sender, FileSystemEventArgs e) => _debounce.Change(250, Timeout.Infinite);

    /// <summary>
    /// Builds until no change is left unbuilt. Builds never overlap: a change during a build asks for one more after
    /// it, so a build that hangs holds only its own thread, and the server keeps serving the last good build.
    /// </summary>
    private void Rebuild()
    {
        lock (_gate)
        {
            _pending = true;
            if (_building || _stopped) return;
            _building = true;
            _idle.Reset();
        }
        try
        {
            while (TakePending()) BuildOnce();
        }
        catch
        {
            lock (_gate) StopBuilding();
            throw;
        }
        // Under the gate: once Dispose has said stop, the timer may be gone.
        lock (_gate)
            if (!_stopped) _settle.Change(SettleAfter, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Collects while no build runs (a build that starts meanwhile is only paused, and schedules its own).</summary>
    private void Settle()
    {
        lock (_gate)
            if (_building || _stopped) return;
        _engine?.Settle();
    }

    private bool TakePending()
    {
        lock (_gate)
        {
            if (_pending && !_stopped)
            {
                _pending = false;
                return true;
            }
            StopBuilding();
            return false;
        }
    }

    private void StopBuilding()
    {
        _building = false;
        _idle.Set();
    }

    private void BuildOnce()
    {
        var result = _build(_options);
        foreach (var diagnostic in result.Diagnostics) _log(diagnostic.ToString());
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList();
        _status = new BuildStatus(_status.Version + 1, errors);
        _log(result.Succeeded
            ? $"rebuilt: {result.PagesRendered} page(s) rendered; serving {Url}"
            : $"build failed with {errors.Count} error(s); still serving the last good build at {Url}");
    }

    public void Dispose()
    {
        lock (_gate) _stopped = true;
        foreach (var watcher in _watchers) watcher.Dispose();
        _debounce.Dispose();
        _settle.Dispose();
        _stopping.Cancel();
        _listener.Stop();
        _idle.Wait(BuildPatience);
        _engine?.Dispose();
    }
}
