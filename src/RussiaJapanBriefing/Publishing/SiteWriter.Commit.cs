namespace RussiaJapanBriefing.Publishing;

/// <summary>Publishing the staged site: the manifest, the links of kept files, the cache, the swap and the clean-up after it.</summary>
public sealed partial class SiteWriter
{
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

            if (_inPlace && _cache is not null && Directory.Exists(_output)) return CommitInPlace(files, written, removed, diagnostics);

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
    /// For <c>serve</c>'s private preview folder: moves each written file over the old one (a rename, so a reader sees
    /// the old file or the new one, never half of one) and deletes the files the build no longer makes, so a save
    /// costs what it changed rather than a whole new folder. Until the last step the manifest lists the old files and
    /// the new ones, so a build killed half-way leaves no file that the folder's manifest does not list.
    /// </summary>
    private PublishReport CommitInPlace(List<KeyValuePair<string, OutputFile>> files, List<string> written, List<string> removed, DiagnosticBag diagnostics)
    {
        var output = _output!;
        var staging = _staging!;
        // What this build no longer makes: what the cache or the manifest says the folder holds (nothing else is rjb's to delete).
        removed = removed.Concat(OutputFolder.Listed(output)).Distinct(StringComparer.Ordinal)
            .Where(path => !_files.ContainsKey(path) && File.Exists(Contained(output, path))).Order(StringComparer.Ordinal).ToList();
        var both = files.Where(f => f.Key != OutputFolder.ManifestPath).Select(f => (f.Key, f.Value.Hash))
            .Concat(removed.Select(path => (path, _cache!.HashOf(path) ?? "")));
        var listing = Contained(staging, OutputFolder.ManifestPath + ".both");
        File.WriteAllBytes(listing, OutputFolder.Manifest(both));
        Reached(PublishStep.Swap);
        File.Move(listing, Contained(output, OutputFolder.ManifestPath), overwrite: true);
        // Deleted first: a new file may need the name of a folder that only the deleted files kept.
        foreach (var path in removed)
        {
            var target = Contained(output, path);
            File.Delete(target);
            // A folder left empty goes too, as it would have with the folder replaced whole.
            for (var folder = Path.GetDirectoryName(target)!; folder != output && !Directory.EnumerateFileSystemEntries(folder).Any(); folder = Path.GetDirectoryName(folder)!)
                Directory.Delete(folder);
        }
        foreach (var path in written.Where(p => p != OutputFolder.ManifestPath).Append(OutputFolder.ManifestPath))
        {
            var target = Contained(output, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(Contained(staging, path), target, overwrite: true);
        }
        File.WriteAllBytes(Contained(staging, OutputFolder.ManifestPath), OutputFolder.Marker()); // its manifest moved out: still rjb's

        // The new site is published: what follows only tidies up, and a failure is reported, not fatal.
        AfterSwap(PublishStep.SaveCache, () => _cache!.Publish(_cache.Stage(Entries(files), output, written.ToHashSet(StringComparer.Ordinal))), diagnostics,
            new Location(PathDisplay.Relative(output)), "the build cache could not be updated", "the site is published; the next build renders every changed page again");
        AfterSwap(PublishStep.RemoveOld, () => RemoveOurs(staging), diagnostics, new Location(PathDisplay.Relative(staging)),
            "the staging folder could not be removed", "the new site is published; delete this folder yourself, or a later build removes it");
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

    private void AfterSwap(PublishStep step, Action action, DiagnosticBag diagnostics, Location location, string message, string hint)
    {
        try
        {
            Reached(step);
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(Codes.OutputLeftover, location, $"{message}: {e.Message}", hint);
        }
    }

    private static IEnumerable<(string Path, string Fingerprint, string Hash)> Entries(IEnumerable<KeyValuePair<string, OutputFile>> files) =>
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
}
