namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// Publishing an edit into the existing output folder: only the files it changed are moved, under a journal in the
/// staging folder that undoes a commit cut short, whether by a failure in this process or by a kill (then by the next
/// build's <see cref="Recover"/>).
/// </summary>
public sealed partial class SiteWriter
{
    /// <summary>What the commit is about to change, one line a file; while it exists, the output may be half changed.</summary>
    private const string JournalPath = ".rjb-journal";

    /// <summary>
    /// Where each file the commit replaces or deletes is linked first, so it can be put back: in the staging folder,
    /// named by its change's line in the journal. Not under its own path in a folder tree: without a journal, ext4
    /// makes each new folder search past the inodes freed in the last minute, and a one-claim save at 10,000 sources
    /// spent a third of its commit making the previous files' folders.
    /// </summary>
    private static string Previous(string staging, int change) => Contained(staging, $".rjb-previous-{change}");

    /// <summary>The manifest listing the old files and the new ones, the output's while files are moved.</summary>
    private const string BothPath = OutputFolder.ManifestPath + ".both";

    private enum Change { Add, Replace, Remove }

    /// <summary>
    /// An edit that changes at most half the files is moved into the output folder (moving a file costs what linking
    /// a kept one would); a bigger one swaps a whole new folder in, which readers see change in one step.
    /// </summary>
    private static bool InProportion(int changed, int files) => changed * 2 <= files;

    /// <summary>
    /// Moves each written file over the old one (in one step, see <see cref="MoveOver"/>, so a reader sees the old file
    /// or the new one, never half of one) and deletes the files the build no longer makes, so an edit costs what it
    /// changed rather than a new folder of links to every kept file. Before anything in the output changes, each file
    /// to be replaced or deleted is linked into the staging folder and the journal lists the changes: a failure undoes
    /// them and leaves the output as it was, and so does <see cref="Recover"/> after a kill. Deleting the journal is
    /// the moment the new site is published. While files move, the output's manifest lists the old files and the new
    /// ones, so a build killed half-way leaves no file that the folder's manifest does not list.
    /// </summary>
    /// <param name="files">The files to publish in path order: every file, or for a patching writer only those that differ from the cache's entries.</param>
    /// <param name="count">How many files the output holds after the commit.</param>
    private PublishReport CommitInPlace(List<KeyValuePair<string, OutputFile>> files, List<string> written, List<string> removed, int count, DiagnosticBag diagnostics)
    {
        var output = _output!;
        var staging = _staging!;
        string? cacheFile = null;
        var journaled = false;
        try
        {
            // What this build no longer makes: what the cache or the manifest says the folder holds (nothing else is rjb's to delete).
            // A manifest still as the cache recorded it lists only files the cache holds: it need not be read.
            var listed = _cache!.HashOf(OutputFolder.ManifestPath) is null ? OutputFolder.Listed(output) : [];
            removed = removed.Concat(listed).Distinct(StringComparer.Ordinal)
                .Where(path => !Holds(path) && File.Exists(Contained(output, path))).Order(StringComparer.Ordinal).ToList();
            // Deleted first: a new file may need the name of a folder that only the deleted files kept. The manifest goes last.
            List<(Change Change, string Path)> changes = [.. removed.Select(path => (Change.Remove, path))
                .Concat(written.Where(p => p != OutputFolder.ManifestPath).Append(OutputFolder.ManifestPath)
                    .Select(path => (File.Exists(Contained(output, path)) ? Change.Replace : Change.Add, path)))];
            // A commit that only replaces files needs no manifest of both sites: the old one already lists every file
            // the folder holds while they move. Writing one anyway cost a one-claim save at 10,000 sources 15 to 40 ms
            // here: renaming over a file makes ext4 start writing the renamed one out, and replacing that 2 MB copy in
            // turn waited for the write to finish before its blocks could be freed.
            var both = changes.Any(c => c.Change != Change.Replace);
            // With nothing removed, the manifest of the old files and the new ones is the new manifest itself: copied,
            // not linked, since the new one is linked over it at the end, and a rename between two links of one file does nothing.
            if (both && removed.Count == 0) File.Copy(Contained(staging, OutputFolder.ManifestPath), Contained(staging, BothPath));
            else if (both)
            {
                var entries = (_patchedManifest is null ? files : Listed()).Where(f => f.Key != OutputFolder.ManifestPath).Select(f => (f.Key, f.Value.Hash))
                    .Concat(removed.Select(path => (path, _cache.HashOf(path) ?? "")));
                File.WriteAllBytes(Contained(staging, BothPath), OutputFolder.Manifest(entries));
            }
            Reached(PublishStep.WriteCache);
            // A moved file keeps its size and time, so the cache can be written from the staging folder before the moves.
            cacheFile = StageCache(files, staging, written.ToHashSet(StringComparer.Ordinal));

            Reached(PublishStep.Link);
            for (var n = 0; n < changes.Count; n++)
                if (changes[n].Change != Change.Add)
                    LinkOrCopy(Contained(output, changes[n].Path), Previous(staging, n));

            Reached(PublishStep.Swap);
            var journal = Contained(staging, JournalPath);
            File.WriteAllLines(journal + ".new", changes.Select(c => $"{c.Change} {c.Path}"));
            File.Move(journal + ".new", journal);
            journaled = true;
            Apply(output, staging, changes, both);
            File.Delete(journal);
            journaled = false;
        }
        catch when (!_killed)
        {
            // Undone first: should that fail too, the journal stays for the next build's Recover, with the staging folder.
            if (journaled) Undo(output, staging);
            Quietly(() => RemoveOurs(staging));
            if (cacheFile is not null) Quietly(() => File.Delete(cacheFile));
            throw;
        }

        // The new site is published: what follows only tidies up, and a failure is reported, not fatal.
        AfterSwap(PublishStep.SaveCache, () => _cache!.Publish(cacheFile), diagnostics, new Location(cacheFile ?? output),
            "the build cache could not be updated", "the site is published; the next build renders every changed page again");
        AfterSwap(PublishStep.RemoveOld, () => RemoveOurs(staging), diagnostics, new Location(PathDisplay.Relative(staging)),
            "the staging folder could not be removed", "the new site is published; delete this folder yourself, or a later build removes it");
        return new PublishReport(written, count - written.Count, removed) { InPlace = true };
    }

    private void Apply(string output, string staging, List<(Change Change, string Path)> changes, bool both)
    {
        var manifest = Contained(output, OutputFolder.ManifestPath);
        Reached(PublishStep.Move);
        if (both) MoveOver(Contained(staging, BothPath), manifest);
        foreach (var (change, path) in changes)
        {
            Reached(PublishStep.Move);
            var target = Contained(output, path);
            if (change == Change.Remove)
            {
                File.Delete(target);
                RemoveEmptyFolders(output, target);
            }
            else if (path == OutputFolder.ManifestPath)
            {
                // Linked, not moved: the staging folder keeps its manifest, and so stays marked as rjb's until it is removed.
                File.Delete(manifest + ".new");
                LinkOrCopy(Contained(staging, path), manifest + ".new");
                MoveOver(manifest + ".new", manifest);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                MoveOver(Contained(staging, path), target);
            }
        }
    }

    /// <summary>
    /// Puts the output back as it was before a journaled commit, whatever part of it was done, and drops the journal.
    /// Each step can be done again, so an undo that is itself cut short is finished by the next.
    /// </summary>
    private static void Undo(string output, string staging)
    {
        var journal = Contained(staging, JournalPath);
        var lines = File.ReadAllLines(journal);
        for (var n = lines.Length - 1; n >= 0; n--)
        {
            var line = lines[n];
            var space = line.IndexOf(' ');
            if (space < 0 || !Enum.TryParse<Change>(line[..space], out var change)) throw new IOException($"'{journal}' is damaged: '{line}'");
            var path = line[(space + 1)..];
            var target = Contained(output, path);
            var previous = Previous(staging, n);
            if (change != Change.Add)
            {
                // Still there when it was never moved back (or never replaced: then it is the same file, and the move does nothing).
                if (!File.Exists(previous)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(previous, target, overwrite: true);
            }
            // A file the commit added is the build's once it has left the staging folder (the manifest is linked, never moved).
            else if (File.Exists(target) && (path == OutputFolder.ManifestPath || !File.Exists(Contained(staging, path))))
            {
                File.Delete(target);
                RemoveEmptyFolders(output, target);
            }
        }
        File.Delete(Contained(output, OutputFolder.ManifestPath + ".new"));
        File.Delete(journal);
    }

    /// <summary>A folder left empty by a deleted file goes too, as it would have with the folder replaced whole.</summary>
    private static void RemoveEmptyFolders(string output, string file)
    {
        for (var folder = Path.GetDirectoryName(file)!; folder != output && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any();
             folder = Path.GetDirectoryName(folder)!)
            Directory.Delete(folder);
    }

    /// <summary>True when a staging folder holds the journal of a commit that was cut short.</summary>
    private static bool Journaled(string staging) => File.Exists(Path.Combine(staging, JournalPath));
}
