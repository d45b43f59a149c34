namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Where rendering puts the site's files. Publishing implements it (a staging folder for <c>build</c>, nowhere for
/// <c>check</c>), so rendering never depends on how or whether files reach the disk.
/// Used from several threads at once: pages render in parallel.
/// </summary>
public interface IOutputSink
{
    /// <summary>Whether fingerprints are worth computing: only a sink that remembers earlier builds can keep a file by them.</summary>
    bool Caches { get; }

    /// <summary>The site-relative paths of the files produced so far, in ordinal order.</summary>
    IReadOnlyList<string> Paths { get; }

    /// <summary>True, and the file is kept, when the file already written was made from the same inputs.</summary>
    bool TryKeep(string path, string fingerprint);

    /// <summary>
    /// Produces a file by streaming it; <paramref name="write"/> returns false when it failed (and has reported why).
    /// The fingerprint defaults to the hash of the content.
    /// </summary>
    bool Write(string path, string? fingerprint, Func<Stream, bool> write);

    /// <summary>Produces a data file; its fingerprint is the hash of its content.</summary>
    void Write(string path, Action<Stream> write);

    /// <summary>
    /// Produces a data file already whole in memory (a search shard). A sink that knows the published file may keep it
    /// unwritten when the bytes are the same, as most shards are after a small edit.
    /// </summary>
    bool Write(string path, string? fingerprint, byte[] bytes) => Write(path, fingerprint, stream =>
    {
        stream.Write(bytes);
        return true;
    });

    /// <summary>
    /// Produces a data file by streaming it, <paramref name="write"/> returning the hash (<see cref="Hashing.Hash(byte[])"/>)
    /// of what it wrote, as <c>serve</c>'s book.json, hashed only from where an edit changed it: a sink that hashes
    /// what it writes need not hash 40 MB again. The fingerprint defaults to the hash.
    /// </summary>
    bool WriteHashed(string path, string? fingerprint, Func<Stream, string> write) => Write(path, fingerprint, stream =>
    {
        write(stream);
        return true;
    });

    /// <summary>
    /// The hash (<see cref="Hashing.Hash(byte[])"/>) of the file the last build published at <paramref name="path"/>,
    /// while it is on disk as that build wrote it; null when there is none, or the sink knows no published files.
    /// </summary>
    string? PublishedHash(string path) => null;

    /// <summary>
    /// True, and the file is kept, when the file the last build published at <paramref name="path"/> is on disk as written
    /// and has the hash <paramref name="hash"/>: for a file whose bytes are known to be the same without making them.
    /// </summary>
    bool TryKeepPublished(string path, string? fingerprint, string hash) => false;

    /// <summary>The bytes of the file the last build published at <paramref name="path"/>, when they are still those it wrote (read and checked against their hash); else null.</summary>
    byte[]? Published(string path) => null;

    /// <summary>A static file copied as it is (not counted as rendered).</summary>
    void Copy(string path, byte[] bytes);

    /// <summary>
    /// Makes the page at <paramref name="path"/> by running <paramref name="render"/>, which writes its file(s). A sink
    /// that knows what the page was made from last time (the incremental build) may keep its files instead, without
    /// building its model at all.
    /// </summary>
    void Page(string path, Action render) => render();
}
