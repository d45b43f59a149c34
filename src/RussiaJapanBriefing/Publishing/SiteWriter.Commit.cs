namespace RussiaJapanBriefing.Publishing;

/// <summary>Publishing the staged site: the manifest, the links of kept files, the cache, the swap and the clean-up after it.</summary>
public sealed partial class SiteWriter
{
    /// <summary>
    /// Publishes the staged site (unless nothing changed) and remembers what it holds. An edit that changes few of the
    /// files is moved into the output folder under a journal (<see cref="CommitInPlace"/>); otherwise the staging
    /// folder, with every kept file linked into it, is swapped in as the output folder.
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
        List<KeyValuePair<string, OutputFile>> files;
        List<string> removed, written;
        try
        {
            // Sorted once: the manifest and the cache both list the files in path order.
            files = [.. _files.Where(f => f.Key != OutputFolder.ManifestPath)];
            files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            PlaceManifest(files);
            var at = files.BinarySearch(new(OutputFolder.ManifestPath, null!), Comparer<KeyValuePair<string, OutputFile>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key)));
            files.Insert(~at, new(OutputFolder.ManifestPath, _files[OutputFolder.ManifestPath]));
            removed = _cache is null ? [] : _cache.Paths.Where(path => !_files.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
            written = files.Where(f => !f.Value.Unchanged).Select(f => f.Key).ToList();
            if (_cache is not null && written.Count == 0 && removed.Count == 0 && Directory.Exists(_output))
            {
                // Nothing to publish, but fingerprints may have moved (a theme file no page uses): remember them. Every
                // file was found as written, so the size and time recorded for it still hold.
                RemoveOurs(_staging);
                _cache.Publish(StageCache(files, _output, new HashSet<string>(StringComparer.Ordinal)));
                return new PublishReport([], files.Count, []) { InPlace = true };
            }
        }
        catch when (!_killed)
        {
            Quietly(() => RemoveOurs(_staging));
            throw;
        }
        if (_cache is not null && Directory.Exists(_output) && (_faults?.InPlace ?? (_inPlace || InProportion(written.Count + removed.Count, files.Count))))
            return CommitInPlace(files, written, removed, diagnostics);

        string? cacheFile = null;
        string? retired = null;
        try
        {
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
    /// <param name="files">Every other file, in path order.</param>
    private void PlaceManifest(List<KeyValuePair<string, OutputFile>> files)
    {
        var bytes = OutputFolder.SortedManifest(files.ConvertAll(f => (f.Key, f.Value.Hash)));
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

    /// <summary>serve's engine keeps its cache in memory while the cache file is as it left it; otherwise the file is staged, and returned.</summary>
    private string? StageCache(List<KeyValuePair<string, OutputFile>> files, string folder, IReadOnlySet<string> written)
    {
        if (_inPlace && _cache!.KnowsItsFile)
        {
            _cache.StageInMemory(Entries(files), folder, written);
            return null;
        }
        return _cache!.Stage(Entries(files), folder, written);
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
