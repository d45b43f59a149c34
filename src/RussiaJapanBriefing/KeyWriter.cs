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
    // One hash object per writer: a one-shot hash sets up the algorithm again on every call, for keys of a few bytes.
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // Small writes are gathered here and given to the hash a buffer at a time (the digest of the same bytes is the same
    // however they are cut), so a whole table's value, megabytes, is never held, and the buffer never grows.
    private readonly byte[] _buffer = new byte[4096];
    private int _length;
    private bool _hashing;

    /// <summary>The writer in <paramref name="slot"/> (a new one when it is empty), emptied and taken while in use: a nested or failed call never sees one half-written. Put it back when done.</summary>
    public static KeyWriter Take(ref KeyWriter? slot)
    {
        var writer = slot ?? new KeyWriter();
        slot = null;
        writer.Clear();
        return writer;
    }

    /// <summary>Forgets what was written since the last <see cref="Finish"/>.</summary>
    public void Clear()
    {
        _length = 0;
        if (_hashing) _hash.GetHashAndReset(stackalloc byte[SHA256.HashSizeInBytes]);
        _hashing = false;
    }

    public void Byte(byte value) => Room(1)[0] = value;

    public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Room(sizeof(int)), value);

    public void Hash(UInt128 hash) => MemoryMarshal.Write(Room(16), in hash);

    /// <summary>A text as its length and UTF-16 code units; null as length -1.</summary>
    public void Text(string? text)
    {
        Int(text?.Length ?? -1);
        if (text is null) return;
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        if (bytes.Length <= _buffer.Length)
        {
            bytes.CopyTo(Room(bytes.Length));
            return;
        }
        Flush();
        _hash.AppendData(bytes);
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
        _length = 0;
        _hashing = false;
        return MemoryMarshal.Read<UInt128>(digest);
    }

    private void Flush()
    {
        _hash.AppendData(_buffer.AsSpan(0, _length));
        _length = 0;
        _hashing = true;
    }

    private Span<byte> Room(int count)
    {
        if (_length + count > _buffer.Length) Flush();
        var room = _buffer.AsSpan(_length, count);
        _length += count;
        return room;
    }
}
