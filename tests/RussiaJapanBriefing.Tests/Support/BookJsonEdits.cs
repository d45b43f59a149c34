using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>What the book.json tests compare against: a book with some of its records replaced, and its whole write.</summary>
internal static class BookJsonEdits
{
    /// <summary>The edit that replaced <paramref name="was"/> with <paramref name="now"/> in place, as the command line tells it (<see cref="SiteContext.Edited"/>).</summary>
    public static ClaimEdit Replaced(Claim was, Claim now) => new(KeysOf(was), KeysOf(now));

    private static ClaimKeys KeysOf(Claim claim) => new(claim.Id, claim.About, [.. claim.Citations.Select(c => c.Passage.SourceId).Distinct()], claim.Date);

    /// <summary><paramref name="book"/> with the lists given replaced; its key facts are those of its claims still there.</summary>
    public static BriefingBook With(BriefingBook book, IReadOnlyList<Claim>? claims = null, IReadOnlyList<Entity>? entities = null,
        IReadOnlyList<Disagreement>? disagreements = null, string? title = null) =>
        new(title ?? book.Title, book.Summary, [.. book.KeyFacts.Select(c => c.Id).Where(id => (claims ?? book.Claims).Any(c => c.Id == id))], book.Sources,
            entities ?? book.Entities, claims ?? book.Claims, disagreements ?? book.Disagreements, book.ContestedTerms);

    /// <summary>book.json and its claims files written whole, entry by entry, by path.</summary>
    public static SortedDictionary<string, byte[]> Whole(BriefingBook book)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        BookJson.Write(book, (path, write) =>
        {
            using var stream = new MemoryStream();
            write(stream);
            Assert.True(files.TryAdd(path, stream.ToArray()), $"{path} written twice");
        });
        return files;
    }

    /// <summary>Every 'e' made an 'E': the same length, so an entry copied from such a file keeps its mark, and one made has none.</summary>
    public static byte[] Marked(byte[] bytes) => [.. bytes.Select(b => b == (byte)'e' ? (byte)'E' : b)];
}

/// <summary>
/// A published folder of data files as the site writer reports it to an output: each file's bytes on disk and the hash
/// its cache recorded (a file not as recorded, edited by hand, has no published hash). <see cref="Publish"/> ends a
/// build: the files it kept and wrote are the folder, as a commit leaves it.
/// </summary>
internal sealed class PublishedFolder : IOutputSink
{
    private Dictionary<string, (byte[] Bytes, string Hash)> _published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Bytes, string Hash)> _building = new(StringComparer.Ordinal);

    /// <summary>The files this build wrote (not those it kept), by path.</summary>
    public SortedDictionary<string, byte[]> Written { get; } = new(StringComparer.Ordinal);

    /// <summary>The files as published, by path.</summary>
    public SortedDictionary<string, byte[]> Files => new(_published.ToDictionary(f => f.Key, f => f.Value.Bytes), StringComparer.Ordinal);

    /// <summary>Makes the folder hold <paramref name="files"/>, with their hashes recorded as a build that wrote them would.</summary>
    public PublishedFolder Holding(IReadOnlyDictionary<string, byte[]> files)
    {
        _published = files.ToDictionary(f => f.Key, f => (f.Value, Hashing.Hash(f.Value)), StringComparer.Ordinal);
        _building.Clear();
        Written.Clear();
        return this;
    }

    /// <summary>A file changed on disk after it was published: the cache no longer vouches for it.</summary>
    public void EditByHand(string path, byte[] bytes) => _published[path] = (bytes, "");

    /// <summary>Ends the build: the folder is what it kept and wrote (and the next build has written nothing yet).</summary>
    public void Publish()
    {
        _published = new(_building, StringComparer.Ordinal);
        _building.Clear();
        Written.Clear();
    }

    public bool Caches => true;
    public IReadOnlyList<string> Paths => [.. _building.Keys.Order(StringComparer.Ordinal)];
    public bool TryKeep(string path, string fingerprint) => false;

    public string? PublishedHash(string path) => _published.TryGetValue(path, out var file) && file.Hash.Length > 0 ? file.Hash : null;

    public byte[]? Published(string path) => PublishedHash(path) is { } hash && Hashing.Hash(_published[path].Bytes) == hash ? _published[path].Bytes : null;

    public bool TryKeepPublished(string path, string? fingerprint, string hash)
    {
        if (PublishedHash(path) != hash) return false;
        Assert.True(_building.TryAdd(path, _published[path]), $"{path} made twice");
        return true;
    }

    public bool Write(string path, string? fingerprint, Func<Stream, bool> write)
    {
        using var stream = new MemoryStream();
        var written = write(stream);
        Add(path, stream.ToArray());
        return written;
    }

    public void Write(string path, Action<Stream> write) => Write(path, null, stream =>
    {
        write(stream);
        return true;
    });

    public bool WriteHashed(string path, string? fingerprint, Func<Stream, string> write)
    {
        using var stream = new MemoryStream();
        var hash = write(stream);
        Assert.Equal(Hashing.Hash(stream.ToArray()), hash);
        Add(path, stream.ToArray());
        return true;
    }

    private void Add(string path, byte[] bytes)
    {
        Assert.True(_building.TryAdd(path, (bytes, Hashing.Hash(bytes))), $"{path} made twice");
        Written[path] = bytes;
    }

    public void Copy(string path, byte[] bytes) => throw new InvalidOperationException();
}
