using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RussiaJapanBriefing;

/// <summary>
/// Collects the bytes of what a key is made from and hashes them in one call, into the first half of a SHA-256:
/// 128 bits leave no collision to fear among a book's values. No serialiser, no text and no allocation per key; the
/// caller tags what it writes, so that two different things never write the same bytes. Page values, book.json
/// entries and the wording checks' items are keyed this way, tens of thousands per build.
/// </summary>
public sealed class KeyWriter
{
    private const int Small = 4096;
    // One hash object per writer: a one-shot hash sets up the algorithm again on every call, for keys of a few bytes.
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[Small];
    private int _length;

    /// <summary>The writer in <paramref name="slot"/> (a new one when it is empty), emptied and taken while in use: a nested or failed call never sees one half-written. Put it back when done.</summary>
    public static KeyWriter Take(ref KeyWriter? slot)
    {
        var writer = slot ?? new KeyWriter();
        slot = null;
        writer.Clear();
        return writer;
    }

    /// <summary>Forgets what was written since the last <see cref="Finish"/>.</summary>
    public void Clear() => _length = 0;

    public void Byte(byte value) => Room(1)[0] = value;

    public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Room(sizeof(int)), value);

    public void Hash(UInt128 hash) => MemoryMarshal.Write(Room(16), in hash);

    /// <summary>A text as its length and UTF-16 code units; null as length -1.</summary>
    public void Text(string? text)
    {
        Int(text?.Length ?? -1);
        if (text is not null) MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(Room(text.Length * sizeof(char)));
    }

    /// <summary>A list of texts as its count and each text; null as count -1.</summary>
    public void Texts(IReadOnlyList<string>? texts)
    {
        Int(texts?.Count ?? -1);
        foreach (var text in texts ?? []) Text(text);
    }

    /// <summary>The key of what was written since the writer was taken or last finished; the writer is then empty.</summary>
    public UInt128 Finish()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.AppendData(_buffer.AsSpan(0, _length));
        _hash.GetHashAndReset(digest);
        // A whole table's value can take megabytes; a thread need not keep that much for the small keys after it.
        if (_buffer.Length > 1 << 20) _buffer = new byte[Small];
        _length = 0;
        return MemoryMarshal.Read<UInt128>(digest);
    }

    private Span<byte> Room(int count)
    {
        if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var room = _buffer.AsSpan(_length, count);
        _length += count;
        return room;
    }
}
