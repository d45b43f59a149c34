using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Publishing;

/// <summary>What a publish did: the files it wrote anew, how many it kept as they were, and the files it dropped.</summary>
public sealed record PublishReport(IReadOnlyList<string> Written, int Unchanged, IReadOnlyList<string> Removed)
{
    public bool NothingChanged => Written.Count == 0 && Removed.Count == 0;
}

/// <summary>
/// Write phase. Files stream into a staging folder next to the output folder as they are rendered, so no page is
/// ever held whole in memory, and the staging folder is swapped in only on <see cref="Commit"/>: readers and the
/// previous build never see half a site, and a build that fails (or is disposed uncommitted) leaves output/ as it
/// was. With a <see cref="BuildCache"/>, files that are unchanged are linked from the current output instead of
/// written, and a build that changes nothing leaves the output folder untouched.
/// Safe to use from several threads at once: pages render in parallel.
/// </summary>
public sealed partial class SiteWriter : IDisposable
{
    /// <param name="Staged">The file is already in the staging folder (otherwise it is linked from the output at commit).</param>
    private sealed record OutputFile(string Fingerprint, string Hash, bool Unchanged, bool Staged);

    private readonly string? _output;
    private readonly string? _staging;
    private readonly BuildCache? _cache;
    private readonly ConcurrentDictionary<string, OutputFile> _files = new(StringComparer.Ordinal);
    private int _rendered;
    private bool _committed;

    private SiteWriter(string? output, string? staging, BuildCache? cache)
    {
        _output = output;
        _staging = staging;
        _cache = cache;
    }

    /// <summary>Writes into a staging folder beside <paramref name="outputDirectory"/>; <see cref="Commit"/> publishes it.</summary>
    public static SiteWriter ToFolder(string outputDirectory, BuildCache? cache)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var parent = Path.GetDirectoryName(output) ?? throw new IOException($"'{outputDirectory}' has no parent folder");
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.staging-{Environment.ProcessId}");
        DeleteIfPresent(staging);
        Directory.CreateDirectory(staging);
        return new SiteWriter(output, staging, cache);
    }

    /// <summary>For <c>check</c>: every file is produced in full, and thrown away.</summary>
    public static SiteWriter Nowhere() => new(null, null, null);

    /// <summary>Whether fingerprints are worth computing: only a cached build can skip a page by them.</summary>
    public bool Caches => _cache is not null;

    /// <summary>How many files were produced (rendered or serialised) rather than kept from the cache.</summary>
    public int Rendered => _rendered;

    public IReadOnlyList<string> Paths => _files.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>True, and the file is kept, when the file already written was made from the same inputs.</summary>
    public bool TryKeep(string path, string fingerprint)
    {
        if (_cache?.IsFresh(path, fingerprint) != true) return false;
        _files[path] = new OutputFile(fingerprint, _cache.HashOf(path)!, Unchanged: true, Staged: false);
        return true;
    }

    /// <summary>
    /// Produces a file by streaming it to the staging folder; <paramref name="write"/> returns false when it
    /// failed (and has reported why). The fingerprint defaults to the hash of the content.
    /// </summary>
    public bool Write(string path, string? fingerprint, Func<Stream, bool> write)
    {
        Interlocked.Increment(ref _rendered);
        return Stage(path, fingerprint, write);
    }

    private bool Stage(string path, string? fingerprint, Func<Stream, bool> write)
    {
        if (_staging is null)
        {
            _files[path] = new OutputFile("", "", Unchanged: false, Staged: false);
            return write(Stream.Null);
        }
        var target = Contained(_staging, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var succeeded = false;
        string hex;
        using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            hex = BuildCache.Hash(file, stream => succeeded = write(stream));
        if (!succeeded) return false;
        // Identical to the file already published: that one is linked at commit instead, so it keeps its inode and time.
        var unchanged = _cache?.HashOf(path) == hex;
        if (unchanged) File.Delete(target);
        _files[path] = new OutputFile(fingerprint ?? hex, hex, unchanged, Staged: !unchanged);
        return true;
    }

    /// <summary>Produces a data file; its fingerprint is the hash of its content.</summary>
    public void Write(string path, Action<Stream> write) => Write(path, null, Always(write));

    public void Write(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>A writer that cannot fail short of throwing.</summary>
    private static Func<Stream, bool> Always(Action<Stream> write) => stream =>
    {
        write(stream);
        return true;
    };

    /// <summary>Swaps the staging folder in as the output folder (unless nothing changed) and remembers what it holds.</summary>
    public PublishReport Commit()
    {
        if (_output is null || _staging is null) throw new InvalidOperationException("this writer writes nowhere");
        _committed = true;
        var files = _files.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        var removed = _cache is null ? [] : _cache.Paths.Except(_files.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var written = files.Where(f => !f.Value.Unchanged).Select(f => f.Key).ToList();
        if (_cache is not null && written.Count == 0 && removed.Count == 0 && Directory.Exists(_output))
        {
            // Nothing to publish, but fingerprints may have moved (a theme file no page uses): remember them.
            DeleteIfPresent(_staging);
            Remember(files);
            return new PublishReport([], files.Count, []);
        }

        var retired = Path.Combine(Path.GetDirectoryName(_output)!, $".{Path.GetFileName(_output)}.previous-{Environment.ProcessId}");
        try
        {
            foreach (var (path, _) in files.Where(f => !f.Value.Staged))
            {
                var target = Contained(_staging, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                LinkOrCopy(Contained(_output, path), target);
            }
            DeleteIfPresent(retired);
            if (Directory.Exists(_output)) Directory.Move(_output, retired);
            Directory.Move(_staging, _output);
            DeleteIfPresent(retired);
        }
        catch
        {
            DeleteIfPresent(_staging);
            if (!Directory.Exists(_output) && Directory.Exists(retired)) Directory.Move(retired, _output);
            throw;
        }
        Remember(files);
        return new PublishReport(written, files.Count - written.Count, removed);
    }

    private void Remember(IEnumerable<KeyValuePair<string, OutputFile>> files) =>
        _cache?.Save(files.Select(f => (f.Key, f.Value.Fingerprint, f.Value.Hash)));

    /// <summary>An uncommitted build leaves no trace: its staging folder goes.</summary>
    public void Dispose()
    {
        if (!_committed && _staging is not null) DeleteIfPresent(_staging);
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

    private static void DeleteIfPresent(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>The theme's static files, copied as they are (not counted as rendered).</summary>
    public void WriteAssets(Theme theme)
    {
        foreach (var (path, bytes) in theme.Assets)
            Stage("assets/" + path, null, Always(stream => stream.Write(bytes)));
    }
}
