using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// What the command line's last build wrote of book.json (<see cref="BookJson"/>): the file's hash, and each entry's
/// key (a hash of all it is made from) and place in the file. The next build copies every entry whose key it finds
/// from the published file, read only when it still has that hash, and makes only the others. Kept in the cache folder
/// as a <see cref="CheckedFile"/> that records the build of rjb that wrote it: a file that is truncated, of another
/// version or engine, or altered, is not read, and a published file that is not the one described is not used; either
/// only costs making every entry. Not for use from two builds at once.
/// </summary>
public sealed class BookJsonMemo
{
    internal const string Magic = "rjb book json";
    internal const int Version = 1;

    /// <summary>What a build wrote: the file's hash (<see cref="Hashing.Hash(byte[])"/>), and each entry's key and place, in the order written.</summary>
    internal sealed record Built(string Hash, UInt128[] Keys, (long Start, int Length)[] Spans)
    {
        /// <summary>Each key's place, when every place lies within a file of <paramref name="length"/> bytes; else null (nothing is taken from it).</summary>
        public Dictionary<UInt128, (long Start, int Length)>? Places(long length)
        {
            if (!Within(length)) return null;
            var places = new Dictionary<UInt128, (long, int)>(Keys.Length);
            for (var i = 0; i < Keys.Length; i++) places.TryAdd(Keys[i], Spans[i]);
            return places;
        }

        /// <summary>Every key has a place, and every place lies within a file of <paramref name="length"/> bytes.</summary>
        public bool Within(long length) => Keys.Length == Spans.Length && Spans.All(span => span.Start >= 0 && span.Length >= 0 && span.Start + span.Length <= length);
    }

    /// <summary>What the last build wrote; null before any, or when the cache held none intact.</summary>
    internal Built? Last { get; set; }

    /// <summary>
    /// The command line's: the published file's bytes, when they are those <see cref="Last"/> describes, read before
    /// the book is made (<see cref="ReadAhead"/>); null otherwise, and once used.
    /// </summary>
    internal byte[]? Published { get; set; }

    /// <summary>
    /// Reads the published file ahead of the build that will copy its entries, through <paramref name="published"/>
    /// (the bytes of a file of the output as the last build wrote it), when the file is the one <see cref="Last"/> describes.
    /// </summary>
    internal void ReadAhead(Func<string, string?> hashOf, Func<string, byte[]?> published) =>
        Published = Last is { } last && hashOf(SiteLayout.BookData) == last.Hash ? published(SiteLayout.BookData) : null;

    /// <summary><c>serve</c>'s: the file itself, kept in memory between saves (<see cref="BookJson.Image"/>); null for the command line's.</summary>
    internal BookJson.Image? Image { get; private init; }

    /// <summary>A memo that keeps the file in memory, for a process that builds again and again (<c>serve</c>).</summary>
    internal static BookJsonMemo InMemory() => new() { Image = new BookJson.Image() };

    private Built? _loaded;
    private string? _file;
    private string _engine = "";

    /// <summary>The last build wrote book.json: the memo's file is out of date.</summary>
    public bool Changed => !ReferenceEquals(Last, _loaded);

    /// <summary>A memo for builds into <paramref name="output"/>, with what the last of them wrote when <paramref name="cacheDirectory"/> holds it intact, written by <paramref name="engine"/>.</summary>
    public static BookJsonMemo Load(string cacheDirectory, string output, string engine)
    {
        var memo = new BookJsonMemo { _file = CheckedFile.ForOutput(cacheDirectory, "bookjson", output), _engine = engine };
        memo.Last = memo._loaded = CheckedFile.Load(memo._file, bytes => Read(bytes, engine));
        return memo;
    }

    /// <summary>Writes what the last build wrote to the cache folder it was loaded from; false when it could not be written.</summary>
    public bool Save()
    {
        if (_file is null || Last is not { } last) return true;
        var saved = CheckedFile.Replace(_file, staged => CheckedFile.Write(staged, Magic, Version, writer =>
        {
            writer.Write(_engine);
            writer.Write(last.Hash);
            writer.Write(last.Keys.Length);
            for (var i = 0; i < last.Keys.Length; i++)
            {
                writer.WriteKey(last.Keys[i]);
                writer.Write(last.Spans[i].Start);
                writer.Write(last.Spans[i].Length);
            }
        }));
        if (saved) _loaded = last;
        return saved;
    }

    /// <summary>What a file says the last build wrote, or null when it is not an intact file of this version written by <paramref name="engine"/>.</summary>
    private static Built? Read(byte[] bytes, string engine)
    {
        using var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null || reader.ReadString() != engine) return null;
        var hash = reader.ReadString();
        var count = reader.ReadInt32();
        // Each entry takes 28 bytes: a count the payload cannot hold is not believed.
        if (count < 0 || count > bytes.Length / 28) return null;
        var keys = new UInt128[count];
        var spans = new (long, int)[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = reader.ReadKey();
            spans[i] = (reader.ReadInt64(), reader.ReadInt32());
        }
        return new Built(hash, keys, spans);
    }
}
