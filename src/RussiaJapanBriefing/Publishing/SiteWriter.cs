using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Publishing;

/// <summary>What a publish did: the files it wrote anew, how many it kept as they were, and the files it dropped.</summary>
public sealed record PublishReport(IReadOnlyList<string> Written, int Unchanged, IReadOnlyList<string> Removed)
{
    public bool NothingChanged => Written.Count == 0 && Removed.Count == 0;
}

/// <summary>The steps of publishing, in order: a test seam (<see cref="BuildOptions"/>) may fail or stop a build at any of them.</summary>
internal enum PublishStep { Stage, Link, WriteCache, Retire, Swap, SaveCache, RemoveOld }

/// <summary>
/// Test seam: <paramref name="Hook"/> runs before each step and may throw, an IOException to make the step fail as the
/// file system would, or <see cref="SimulatedKill"/>; <paramref name="RenameTwice"/> takes the swap that systems
/// without renameat2 use. Tests run as root, which no permission stops, so failures are made this way.
/// </summary>
internal sealed record PublishFaults(Action<PublishStep> Hook, bool RenameTwice = false);

/// <summary>Thrown by a test's fault hook to stop a build where it is, as a kill would: nothing after it runs, not even clean-up.</summary>
internal sealed class SimulatedKill : Exception;

/// <summary>
/// Write phase. Files stream into a staging folder next to the output folder as they are rendered, so no page is
/// ever held whole in memory, and the staging folder is swapped in only on <see cref="Commit"/>: readers and the
/// previous build never see half a site, and a build that fails (or is disposed uncommitted) leaves output/ as it
/// was. With a <see cref="BuildCache"/>, files that are unchanged are linked from the current output instead of
/// written, and a build that changes nothing leaves the output folder untouched.
/// The staging folder is marked as rjb's from the start and the output gets a manifest (<see cref="OutputFolder"/>),
/// so leftovers of a killed build are recognised and removed (or, when the kill came between the two renames of a
/// swap, restored) by <see cref="Recover"/>, and nothing that is not rjb's is ever deleted.
/// Safe to use from several threads at once: pages render in parallel.
/// </summary>
public sealed partial class SiteWriter : IOutputSink, IDisposable
{
    /// <param name="Staged">The file is already in the staging folder (otherwise it is linked from the output at commit).</param>
    private sealed record OutputFile(string Fingerprint, string Hash, bool Unchanged, bool Staged);

    private readonly string? _output;
    private readonly string? _staging;
    private readonly BuildCache? _cache;
    private readonly CancellationToken _cancellation;
    private readonly PublishFaults? _faults;
    private readonly ConcurrentDictionary<string, OutputFile> _files = new(StringComparer.Ordinal);
    private int _rendered;
    private bool _committed;
    private volatile bool _killed;

    private SiteWriter(string? output, string? staging, BuildCache? cache, CancellationToken cancellation, PublishFaults? faults)
    {
        _output = output;
        _staging = staging;
        _cache = cache;
        _cancellation = cancellation;
        _faults = faults;
    }

    /// <summary>Where a build stages the site for <paramref name="output"/>: a hidden sibling named after this process.</summary>
    public static string StagingPath(string output) => Sibling(output, "staging", Environment.ProcessId);

    /// <summary>Where the previous site waits during a swap that cannot exchange the two folders at once.</summary>
    public static string RetiredPath(string output) => Sibling(output, "previous", Environment.ProcessId);

    private static string Sibling(string output, string kind, int process)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        var parent = Path.GetDirectoryName(full) ?? throw new IOException($"'{output}' has no parent folder");
        return Path.Combine(parent, $".{Path.GetFileName(full)}.{kind}-{process}");
    }

    /// <summary>Writes into a staging folder beside <paramref name="outputDirectory"/>; <see cref="Commit"/> publishes it.</summary>
    public static SiteWriter ToFolder(string outputDirectory, BuildCache? cache, CancellationToken cancellation = default) =>
        ToFolder(outputDirectory, cache, cancellation, null);

    internal static SiteWriter ToFolder(string outputDirectory, BuildCache? cache, CancellationToken cancellation, PublishFaults? faults)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var staging = StagingPath(output);
        RemoveOurs(staging);
        Directory.CreateDirectory(staging);
        // Marked before anything else is written, so even a build killed at once leaves a folder a later build may remove.
        File.WriteAllBytes(Path.Combine(staging, OutputFolder.ManifestPath), OutputFolder.Marker());
        return new SiteWriter(output, staging, cache, cancellation, faults);
    }

    /// <summary>For <c>check</c>: every file is produced in full, and thrown away.</summary>
    public static SiteWriter Nowhere(CancellationToken cancellation = default) => new(null, null, null, cancellation, null);

    /// <summary>
    /// Undoes what killed builds left beside <paramref name="outputDirectory"/>: when the output folder is missing
    /// because a build died between the two renames of a swap, its previous site is put back; the other staging and
    /// previous folders of dead rjb processes are removed. Only folders rjb marked (or empty ones) are touched.
    /// </summary>
    public static void Recover(string outputDirectory)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var parent = Path.GetDirectoryName(output);
        if (parent is null || !Directory.Exists(parent)) return;
        var prefix = $".{Path.GetFileName(output)}.";
        var leftovers = new List<(string Path, bool Previous)>();
        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            var name = Path.GetFileName(dir);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = name[prefix.Length..];
            var dash = rest.IndexOf('-');
            if (dash < 0 || rest[..dash] is not ("staging" or "previous") || !int.TryParse(rest[(dash + 1)..], out var process)
                || rest[(dash + 1)..] != process.ToString(System.Globalization.CultureInfo.InvariantCulture))
                continue;
            if (!IsAlive(process) && OutputFolder.IsOurs(dir)) leftovers.Add((dir, rest[..dash] == "previous"));
        }
        if (!Path.Exists(output)
            && leftovers.Where(l => l.Previous && OutputFolder.IsMarked(l.Path)).OrderByDescending(l => Directory.GetLastWriteTimeUtc(l.Path)).FirstOrDefault() is { Path: { } previous })
        {
            Directory.Move(previous, output);
            leftovers.RemoveAll(l => l.Path == previous);
        }
        foreach (var (dir, _) in leftovers) RemoveOurs(dir);
    }

    /// <summary>Whether another process with this id is running; this process's own id is a leftover of an earlier process.</summary>
    private static bool IsAlive(int process)
    {
        if (process == Environment.ProcessId) return false;
        try
        {
            using var running = System.Diagnostics.Process.GetProcessById(process);
            return !running.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public bool Caches => _cache is not null;

    /// <summary>How many files were produced (rendered or serialised) rather than kept from the cache.</summary>
    public int Rendered => _rendered;

    public IReadOnlyList<string> Paths => _files.Keys.Order(StringComparer.Ordinal).ToList();

    public bool TryKeep(string path, string fingerprint)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_cache?.IsFresh(path, fingerprint) != true) return false;
        _files[path] = new OutputFile(fingerprint, _cache.HashOf(path)!, Unchanged: true, Staged: false);
        return true;
    }

    /// <summary>Streams the file to the staging folder.</summary>
    public bool Write(string path, string? fingerprint, Func<Stream, bool> write)
    {
        Interlocked.Increment(ref _rendered);
        return Stage(path, fingerprint, write);
    }

    private bool Stage(string path, string? fingerprint, Func<Stream, bool> write)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_staging is null)
        {
            _files[path] = new OutputFile("", "", Unchanged: false, Staged: false);
            return write(Stream.Null);
        }
        Reached(PublishStep.Stage);
        var target = Contained(_staging, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var succeeded = false;
        string hex;
        using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            hex = Hashing.Hash(file, stream => succeeded = write(stream));
        if (!succeeded) return false;
        // Identical to the file already published: that one is linked at commit instead, so it keeps its inode and time.
        var unchanged = _cache?.HashOf(path) == hex;
        if (unchanged) File.Delete(target);
        _files[path] = new OutputFile(fingerprint ?? hex, hex, unchanged, Staged: !unchanged);
        return true;
    }

    public void Write(string path, Action<Stream> write) => Write(path, null, Always(write));

    public void Copy(string path, byte[] bytes) => Stage(path, null, Always(stream => stream.Write(bytes)));

    /// <summary>A writer that cannot fail short of throwing.</summary>
    private static Func<Stream, bool> Always(Action<Stream> write) => stream =>
    {
        write(stream);
        return true;
    };

    /// <summary>
    /// Swaps the staging folder in as the output folder (unless nothing changed) and remembers what it holds.
    /// Everything that can fail (linking kept files, writing the cache) happens before the swap, and a failure there
    /// leaves the output as it was. The swap exchanges the two folders in one step where the system can
    /// (Linux renameat2), else renames twice. After it, only clean-up remains; if that fails the new site is still
    /// published, and <paramref name="diagnostics"/> gets a warning saying what was left behind.
    /// </summary>
    public PublishReport Commit(DiagnosticBag diagnostics)
    {
        if (_output is null || _staging is null) throw new InvalidOperationException("this writer writes nowhere");
        _cancellation.ThrowIfCancellationRequested();
        _committed = true;
        string? cacheFile = null;
        string? retired = null;
        List<KeyValuePair<string, OutputFile>> files;
        List<string> removed, written;
        try
        {
            PlaceManifest();
            files = _files.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
            removed = _cache is null ? [] : _cache.Paths.Except(_files.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            written = files.Where(f => !f.Value.Unchanged).Select(f => f.Key).ToList();
            if (_cache is not null && written.Count == 0 && removed.Count == 0 && Directory.Exists(_output))
            {
                // Nothing to publish, but fingerprints may have moved (a theme file no page uses): remember them.
                RemoveOurs(_staging);
                _cache.Publish(_cache.Stage(Entries(files), _output));
                return new PublishReport([], files.Count, []);
            }

            Reached(PublishStep.Link);
            foreach (var (path, _) in files.Where(f => !f.Value.Staged))
            {
                var target = Contained(_staging, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                LinkOrCopy(Contained(_output, path), target);
            }
            Reached(PublishStep.WriteCache);
            cacheFile = _cache?.Stage(Entries(files), _staging);

            if (!Directory.Exists(_output))
            {
                Reached(PublishStep.Swap);
                Directory.Move(_staging, _output);
            }
            else if (!(_faults?.RenameTwice ?? false) && Swap(() => Exchange(_staging, _output)))
            {
                retired = _staging;
            }
            else
            {
                retired = RetiredPath(_output);
                RemoveOurs(retired);
                Reached(PublishStep.Retire);
                Directory.Move(_output, retired);
                Reached(PublishStep.Swap);
                Directory.Move(_staging, _output);
            }
        }
        catch when (!_killed)
        {
            Quietly(() => RemoveOurs(_staging));
            if (cacheFile is not null) Quietly(() => File.Delete(cacheFile));
            if (retired is not null && !Directory.Exists(_output) && Directory.Exists(retired)) Directory.Move(retired, _output);
            throw;
        }

        // The new site is published: what follows only tidies up, and a failure is reported, not fatal.
        if (cacheFile is not null)
            AfterSwap(PublishStep.SaveCache, () => _cache!.Publish(cacheFile), diagnostics, new Location(cacheFile),
                "the build cache could not be updated", "the site is published; the next build renders every changed page again");
        if (retired is not null)
            AfterSwap(PublishStep.RemoveOld, () => RemoveOurs(retired), diagnostics, new Location(PathDisplay.Relative(retired)),
                "the previous site could not be removed", "the new site is published; delete this folder yourself, or a later build removes it");
        return new PublishReport(written, files.Count - written.Count, removed);
    }

    /// <summary>
    /// The manifest lists every other file, so it is made last. It replaces the staging folder's mark in one rename,
    /// so the folder is never without one (a folder killed then is still recognised as rjb's).
    /// </summary>
    private void PlaceManifest()
    {
        var bytes = OutputFolder.Manifest(_files.Where(f => f.Key != OutputFolder.ManifestPath).Select(f => (f.Key, f.Value.Hash)));
        var hash = Hashing.Hash(bytes);
        var unchanged = _cache?.HashOf(OutputFolder.ManifestPath) == hash;
        var target = Contained(_staging!, OutputFolder.ManifestPath);
        var next = target + ".new";
        if (unchanged) LinkOrCopy(Contained(_output!, OutputFolder.ManifestPath), next);
        else File.WriteAllBytes(next, bytes);
        File.Move(next, target, overwrite: true);
        _files[OutputFolder.ManifestPath] = new OutputFile(hash, hash, unchanged, Staged: true);
    }

    /// <summary>True when the two folders were exchanged in one step (Linux renameat2 with RENAME_EXCHANGE).</summary>
    private static bool Exchange(string staging, string output)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return RenameAt2(AtCurrentDirectory, staging, AtCurrentDirectory, output, RenameExchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library older than renameat2: rename twice
        }
    }

    private void AfterSwap(PublishStep step, Action action, DiagnosticBag diagnostics, Location location, string message, string hint)
    {
        try
        {
            Reached(step);
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Warning(Codes.OutputLeftover, location, $"{message}: {e.Message}", hint);
        }
    }

    private IEnumerable<(string Path, string Fingerprint, string Hash)> Entries(IEnumerable<KeyValuePair<string, OutputFile>> files) =>
        files.Select(f => (f.Key, f.Value.Fingerprint, f.Value.Hash));

    private bool Swap(Func<bool> exchange)
    {
        Reached(PublishStep.Swap);
        return exchange();
    }

    private void Reached(PublishStep step)
    {
        if (_faults is null) return;
        try
        {
            _faults.Hook(step);
        }
        catch (SimulatedKill)
        {
            _killed = true;
            throw;
        }
    }

    /// <summary>An uncommitted build leaves no trace: its staging folder goes.</summary>
    public void Dispose()
    {
        if (!_committed && !_killed && _staging is not null) Quietly(() => RemoveOurs(_staging));
    }

    /// <summary>Clean-up on a path that is already failing: the first error is the one to report.</summary>
    private static void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A later build removes what is left (it is marked as rjb's).
        }
    }

    /// <summary>Ids are validated long before this, but a path that would leave the folder is refused here too.</summary>
    private static string Contained(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new IOException($"refusing to write '{relative}' outside the output folder");
        return full;
    }

    /// <summary>A hard link costs no copying and keeps the file's time, so the cache still recognises it.</summary>
    private static void LinkOrCopy(string from, string to)
    {
        if (OperatingSystem.IsWindows() || Link(from, to) != 0)
            File.Copy(from, to);
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string created);

    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);

    /// <summary>
    /// Deletes a folder only when it is rjb's (marked, or empty); anything else in the way is an error. The mark goes
    /// last, so a deletion cut short still leaves a folder that a later build recognises and finishes removing.
    /// </summary>
    private static void RemoveOurs(string directory)
    {
        if (!Path.Exists(directory)) return;
        if (!OutputFolder.IsOurs(directory))
            throw new IOException($"'{directory}' is in the way and holds files that rjb did not write; move it elsewhere");
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.Name == OutputFolder.ManifestPath) continue;
            if (entry is DirectoryInfo folder) folder.Delete(recursive: true);
            else entry.Delete();
        }
        Directory.Delete(directory, recursive: true);
    }
}
