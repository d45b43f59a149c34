namespace RussiaJapanBriefing.Publishing;

/// <summary>The folders beside the output, and how what a killed build left there is recognised and undone.</summary>
public sealed partial class SiteWriter
{
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

    /// <summary>
    /// Undoes what killed builds left beside <paramref name="outputDirectory"/>: when the output folder is missing
    /// because a build died between the two renames of a swap, its previous site is put back; when a build died while
    /// moving its files into the output, they are moved back (<see cref="CommitInPlace"/>); the other staging and
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
        // A commit into the output cut short is undone, so the output is the previous site again.
        foreach (var (dir, _) in leftovers.Where(l => !l.Previous && Journaled(l.Path) && Directory.Exists(output)))
            Undo(output, dir);
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
