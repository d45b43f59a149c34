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
        int count;
        try
        {
            if (_generation != 0 && Patch() is var (changes, manifest))
            {
                // Only the files that differ from the cache's entries are listed, and the manifest is the last one patched.
                files = changes;
                _patchedManifest = manifest;
                PlaceManifest(manifest);
                count = _cache!.Order.Count;
                removed = [];
            }
            else
            {
                // Sorted once: the manifest and the cache both list the files in path order.
                files = Listed();
                PlaceManifest(OutputFolder.SortedManifest(files.ConvertAll(f => (f.Key, f.Value.Hash))));
                count = files.Count + 1;
                // A writer keeping all holds every file of the cache but those let go and not written again.
                var mayGo = _generation == 0 && _keepingAll ? _letGoPaths.Keys.Where(_cache!.Has) : _cache?.Paths ?? [];
                removed = [.. mayGo.Where(path => !Holds(path)).Order(StringComparer.Ordinal)];
            }
            var at = files.BinarySearch(new(OutputFolder.ManifestPath, null!), Comparer<KeyValuePair<string, OutputFile>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key)));
            files.Insert(~at, new(OutputFolder.ManifestPath, _files[OutputFolder.ManifestPath]));
            written = files.Where(f => !f.Value.Unchanged).Select(f => f.Key).ToList();
            if (_cache is not null && written.Count == 0 && removed.Count == 0 && Directory.Exists(_output))
            {
                // Nothing to publish, but fingerprints may have moved (a theme file no page uses): remember them. Every
                // file was found as written, so the size and time recorded for it still hold.
                RemoveOurs(_staging);
                _cache.Publish(StageCache(files, _output, new HashSet<string>(StringComparer.Ordinal)));
                return new PublishReport([], count, []) { InPlace = true };
            }
        }
        catch when (!_killed)
        {
            Quietly(() => RemoveOurs(_staging));
            throw;
        }
        if (_patchedManifest is not null
            || (_cache is not null && Directory.Exists(_output) && (_faults?.InPlace ?? (_inPlace || InProportion(written.Count + removed.Count, files.Count)))))
            return CommitInPlace(files, written, removed, count, diagnostics);

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

    /// <summary>Every file this build makes but the manifest, in path order: those in <see cref="_files"/>, and those a patching writer, or one keeping all, kept.</summary>
    private List<KeyValuePair<string, OutputFile>> Listed()
    {
        if (_generation == 0 && _keepingAll)
            return Merged(KeptInOrder(), [.. _files.Where(f => f.Key != OutputFolder.ManifestPath).OrderBy(f => f.Key, StringComparer.Ordinal)]);
        var files = new List<KeyValuePair<string, OutputFile>>(_files.Count + (_generation == 0 ? 0 : _cache!.Order.Count));
        if (_generation != 0)
            foreach (var slot in _cache!.Order)
                if (Kept(slot) && slot.Path != OutputFolder.ManifestPath && !_files.ContainsKey(slot.Path))
                    files.Add(new(slot.Path, new OutputFile(slot.Entry.Fingerprint, slot.Entry.Hash, Unchanged: true, Staged: false)));
        files.AddRange(_files.Where(f => f.Key != OutputFolder.ManifestPath));
        files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return files;
    }

    /// <summary>For a writer keeping all: the files of the cache it keeps but may have written again, in path order.</summary>
    private List<KeyValuePair<string, OutputFile>> KeptInOrder()
    {
        var kept = new List<KeyValuePair<string, OutputFile>>(_cache!.Paths.Count);
        foreach (var (path, entry) in _cache.EntriesInPathOrder())
            if (path != OutputFolder.ManifestPath && !_letGoPaths.ContainsKey(path))
                kept.Add(new(path, new OutputFile(entry.Fingerprint, entry.Hash, Unchanged: true, Staged: false)));
        return kept;
    }

    /// <summary>
    /// <paramref name="kept"/> and <paramref name="own"/> (those in <see cref="_files"/>, which win), both in path order,
    /// merged: a rebuild after a one-claim edit at 10,000 sources lists 20,000 files kept and a few dozen made, and
    /// sorting them all, and looking each up, was 10 ms of its commit.
    /// </summary>
    private static List<KeyValuePair<string, OutputFile>> Merged(List<KeyValuePair<string, OutputFile>> kept, List<KeyValuePair<string, OutputFile>> own)
    {
        var files = new List<KeyValuePair<string, OutputFile>>(kept.Count + own.Count);
        var next = 0;
        foreach (var file in kept)
        {
            while (next < own.Count && string.CompareOrdinal(own[next].Key, file.Key) < 0) files.Add(own[next++]);
            if (next < own.Count && own[next].Key == file.Key) continue;
            files.Add(file);
        }
        while (next < own.Count) files.Add(own[next++]);
        return files;
    }

    /// <summary>The manifest a patching writer's commit placed (<see cref="Patch"/>), which the cache keeps once it is published.</summary>
    private byte[]? _patchedManifest;

    /// <summary>
    /// For a patching writer whose build made the same files as the last one, to be moved in place: the files that
    /// differ from the cache's entries (written, or kept by another fingerprint), in path order, and the manifest
    /// patched with their hashes. Null when a file was added or dropped, or the manifest cannot be patched: the commit
    /// then lists every file, as any other writer's does.
    /// </summary>
    private (List<KeyValuePair<string, OutputFile>> Changes, byte[] Manifest)? Patch()
    {
        var cache = _cache!;
        if (!Directory.Exists(_output) || !(_faults?.InPlace ?? true) || cache.SlotOf(OutputFolder.ManifestPath) is null
            || cache.HashOf(OutputFolder.ManifestPath) is null)
            return null;
        var changes = new List<KeyValuePair<string, OutputFile>>(_files.Count);
        foreach (var file in _files)
        {
            if (file.Key == OutputFolder.ManifestPath) continue;
            if (cache.SlotOf(file.Key) is not { } slot) return null; // added
            // Kept as published under its entry's fingerprint (a search shard an edit left alone): nothing of it changes.
            // Listing the 4,000 such shards of a 10,000-source book was 5 ms of every one-claim save's commit.
            if (file.Value is { Unchanged: true } kept && kept.Hash == slot.Entry.Hash && kept.Fingerprint == slot.Entry.Fingerprint) continue;
            changes.Add(file);
        }
        // A file of the last build that this one neither kept nor wrote was dropped: when keeping all, only those let go
        // may be; else a walk over the entries, allocating nothing, tells.
        foreach (var slot in _keepingAll ? _letGo.Select(cache.SlotOf).OfType<BuildCache.Slot>() : cache.Order)
            if (!Kept(slot) && slot.Path != OutputFolder.ManifestPath && !_files.ContainsKey(slot.Path)) return null;
        changes.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return cache.PatchedManifest(changes.Select(c => (c.Key, c.Value.Hash))) is { } manifest ? (changes, manifest) : null;
    }

    /// <summary>
    /// The manifest lists every other file, so it is made last. It replaces the staging folder's mark in one rename,
    /// so the folder is never without one (a folder killed then is still recognised as rjb's).
    /// </summary>
    private void PlaceManifest(byte[] bytes)
    {
        var hash = Hashing.Hash(bytes);
        var unchanged = _cache?.HashOf(OutputFolder.ManifestPath) == hash;
        var target = Contained(_staging!, OutputFolder.ManifestPath);
        var next = target + ".new";
        if (unchanged) LinkOrCopy(Contained(_output!, OutputFolder.ManifestPath), next);
        else File.WriteAllBytes(next, bytes);
        MoveOver(next, target);
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

    /// <summary>
    /// serve's engine keeps its cache in memory while the cache file is as it left it (a patching writer stages only
    /// its changes); otherwise the file is staged, and returned.
    /// </summary>
    private string? StageCache(List<KeyValuePair<string, OutputFile>> files, string folder, IReadOnlySet<string> written)
    {
        if (_patchedManifest is not null)
        {
            _cache!.StageChanges(Entries(files), folder, written, _patchedManifest);
            return null;
        }
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

    /// <summary>The book is resolved and its first page is about to be made (<see cref="PublishStep.Render"/>, for the test seam).</summary>
    internal void Starting() => Reached(PublishStep.Render);

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
