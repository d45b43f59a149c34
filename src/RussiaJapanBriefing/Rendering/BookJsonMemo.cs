using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// What the command line's last build wrote of book.json and its claims files (<see cref="BookJson"/>): each file's
/// hash, and each entry's key (a hash of all it is made from) and place in it. The next build keeps a file whose keys
/// are the same as published, unread, and in another copies every entry whose key it finds from the published file,
/// read only when it still has that hash; it makes only the others. Kept in the cache folder as a
/// <see cref="CheckedFile"/> that records the build of rjb that wrote it: a file that is truncated, of another version
/// or engine, or altered, is not read, and a published file that is not the one described is not used; either only
/// costs making every entry. Not for use from two builds at once.
/// </summary>
public sealed class BookJsonMemo
{
    internal const string Magic = "rjb book json";
    internal const int Version = 2;

    /// <summary>
    /// What a build wrote of one file: its hash (<see cref="Hashing.Hash(byte[])"/>), the key of what it holds besides its
    /// entries (book.json's title), and each entry's key and place, in the order written.
    /// </summary>
    internal sealed record Built(string Hash, UInt128 Head, UInt128[] Keys, (long Start, int Length)[] Spans)
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

    /// <summary>What the last build wrote of each file, by its site path; null before any, or when the cache held none intact.</summary>
    internal IReadOnlyDictionary<string, Built>? Last { get; set; }

    /// <summary><c>serve</c>'s: the files themselves, kept in memory between saves (<see cref="BookJson.Image"/>); null for the command line's.</summary>
    internal BookJson.Image? Image { get; private init; }

    /// <summary>A memo that keeps the files in memory, for a process that builds again and again (<c>serve</c>).</summary>
    internal static BookJsonMemo InMemory() => new() { Image = new BookJson.Image() };

    private IReadOnlyDictionary<string, Built>? _loaded;
    private string? _file;
    private string _engine = "";

    /// <summary>The last build wrote book.json's files: the memo's file is out of date.</summary>
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
            writer.Write(last.Count);
            // In order of path, so the same files give the same bytes.
            foreach (var (path, built) in last.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                writer.Write(path);
                writer.Write(built.Hash);
                writer.WriteKey(built.Head);
                writer.Write(built.Keys.Length);
                for (var i = 0; i < built.Keys.Length; i++)
                {
                    writer.WriteKey(built.Keys[i]);
                    writer.Write(built.Spans[i].Start);
                    writer.Write(built.Spans[i].Length);
                }
            }
        }));
        if (saved) _loaded = last;
        return saved;
    }

    /// <summary>What a file says the last build wrote, or null when it is not an intact file of this version written by <paramref name="engine"/>.</summary>
    private static Dictionary<string, Built>? Read(ReadOnlyMemory<byte> bytes, string engine)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null || reader.ReadString() != engine) return null;
        // A file takes at least 3 bytes, and each entry 28: a count the payload cannot hold is not believed.
        var files = CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 3);
        var last = new Dictionary<string, Built>(files, StringComparer.Ordinal);
        for (; files > 0; files--)
        {
            var path = reader.ReadString();
            var hash = reader.ReadString();
            var head = reader.ReadKey();
            var count = CachedKeys.Bounded(reader.ReadInt32(), bytes.Length / 28);
            var keys = new UInt128[count];
            var spans = new (long, int)[count];
            for (var i = 0; i < count; i++)
            {
                keys[i] = reader.ReadKey();
                spans[i] = (reader.ReadInt64(), reader.ReadInt32());
            }
            last[path] = new Built(hash, head, keys, spans);
        }
        return last;
    }
}
