namespace RussiaJapanBriefing.Sources;

/// <summary>
/// <c>serve</c>'s memory of the seeds it read: a seed file whose stat data (inode, size, modification and change time)
/// are those of the last read is not read and decoded again, and reports again what it reported then. Stat data are
/// trusted as the build snapshot trusts them: only for a file whose times are safely older than the
/// read that recorded them, so an edit within the same clock tick is still seen; the change time cannot be set back,
/// so a file replaced with its old size and modification time is read again. Only the files of the last load are
/// kept, so it follows the folder. Not for use from two loads at once.
/// </summary>
internal sealed class SeedMemo(long racyNanoseconds = SeedMemo.RacyNanoseconds)
{
    /// <summary>As the build snapshot's: covers coarse file-system clocks.</summary>
    private const long RacyNanoseconds = 2_000_000_000;

    private sealed record Entry(InputFiles.Stamp Stamp, long ReadAt, Seed? Seed, IReadOnlyList<Diagnostic> Diagnostics);

    private Dictionary<(string Display, string RealPath), Entry> _entries = [];
    private Dictionary<(string Display, string RealPath), Entry> _next = [];
    private readonly Lock _gate = new(); // seeds are read in parallel

    /// <summary>The seeds folder's last listing (root 0 of the engine's watch: seeds, content, theme, output).</summary>
    internal InputFiles.ListingMemo Listing { get; } = new(root: 0);

    /// <summary>Seed files the last load read, and seed files it took from an earlier load.</summary>
    public int Read { get; private set; }

    public int Reused { get; private set; }

    /// <summary>
    /// The last load's listing, the folder it gave and what its seeds reported, kept when every seed's stat data can
    /// vouch for it next time: while the listing is that very one (the watch saw no seed change), so is the folder.
    /// </summary>
    private (InputListing Listing, SeedFolder Folder, IReadOnlyList<Diagnostic> Diagnostics)? _last;

    /// <summary>A seed of this load was read, or stated, in a way a later load cannot trust without stating it again.</summary>
    private bool _unsettled;

    internal void Begin()
    {
        _next = [];
        Read = Reused = 0;
        _last = null;
        _unsettled = false;
    }

    /// <summary>The last load's folder and what its seeds reported, while <paramref name="listing"/> is the very one it was made from; else null.</summary>
    internal (SeedFolder Folder, IReadOnlyList<Diagnostic> Diagnostics)? Again(InputListing listing)
    {
        if (_last is not { } last || !ReferenceEquals(last.Listing, listing) || last.Folder.Seeds.Count == 0) return null;
        (Read, Reused) = (0, listing.Files.Count);
        return (last.Folder, last.Diagnostics);
    }

    /// <summary>The seed in <paramref name="file"/>, read by <paramref name="read"/> only when its stat data cannot vouch for the last read.</summary>
    internal Seed? Get(InputFile file, DiagnosticBag diagnostics, Func<DiagnosticBag, Seed?> read)
    {
        var key = (file.Display, file.RealPath);
        Entry? entry;
        lock (_gate) _entries.TryGetValue(key, out entry);
        // The time is taken before the stat (the listing's, or here), and the stat before the read: a change after either shows in the next stat.
        var now = file.Listed?.At ?? InputFiles.Now();
        var stamp = file.Listed?.Stamp ?? InputFiles.StampOf(file.RealPath);
        var reused = entry is not null && stamp is not null && entry.Stamp == stamp && !entry.Stamp.Racy(entry.ReadAt, racyNanoseconds);
        if (!reused)
        {
            var own = new DiagnosticBag();
            var seed = read(own);
            entry = stamp is null ? null : new Entry(stamp, now, seed, own.Snapshot());
            diagnostics.Add(own.Snapshot());
            lock (_gate)
            {
                Read++;
                _unsettled |= entry is null || entry.Stamp.Racy(entry.ReadAt, racyNanoseconds);
                if (entry is not null) _next[key] = entry;
            }
            return seed;
        }
        diagnostics.Add(entry!.Diagnostics);
        lock (_gate)
        {
            Reused++;
            _next[key] = entry;
        }
        return entry.Seed;
    }

    /// <summary>Files that are gone are forgotten, so the memory held follows the folder.</summary>
    internal void End() => _entries = _next;

    /// <summary>Keeps the folder this load gave from <paramref name="listing"/>, for <see cref="Again"/>, when every seed's stat data can vouch for it.</summary>
    internal void Keep(InputListing listing, SeedFolder folder, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (!_unsettled) _last = (listing, folder, diagnostics);
    }
}
