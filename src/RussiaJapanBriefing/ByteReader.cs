using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace RussiaJapanBriefing;

/// <summary>
/// Reads bytes a <see cref="BinaryWriter"/> wrote (little-endian numbers, 7-bit encoded counts, UTF-8 strings after
/// their length) in place, from an array or a mapped file (<see cref="MappedFile"/>), as a <see cref="BinaryReader"/>
/// over a stream of them would: the same values, and the same exceptions for bytes that are not such. A BinaryReader
/// calls through its stream for every byte of a count: decoding the cache files of a one-claim rebuild at 10,000
/// sources made millions of such calls, some 60 ms of its CPU under perf, most of it in counts and strings.
/// </summary>
internal sealed unsafe class ByteReader
{
    // An array, or else the pages of a file mapped for the process's life (MappedFile), which never move.
    private readonly byte[]? _array;
    private readonly byte* _mapped;
    private readonly int _start, _end;
    private int _at;

    /// <summary>A reader of <paramref name="length"/> bytes from <paramref name="start"/>, which it counts its position from, as a stream over them would.</summary>
    public ByteReader(byte[] bytes, int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, bytes.Length - start);
        (_array, _start, _end, _at) = (bytes, start, start + length, start);
    }

    public ByteReader(byte[] bytes) : this(bytes, 0, bytes.Length) { }

    /// <summary>A reader of the bytes of <paramref name="memory"/>: an array's, or a mapped file's (<see cref="MappedFile"/>) in place.</summary>
    public ByteReader(ReadOnlyMemory<byte> memory)
    {
        if (MemoryMarshal.TryGetArray(memory, out var segment)) (_array, _start, _end, _at) = (segment.Array!, segment.Offset, segment.Offset + segment.Count, segment.Offset);
        else if (MemoryMarshal.TryGetMemoryManager(memory, out MappedFile? file, out var start, out var length))
        {
            _mapped = file.Pointer;
            (_start, _end, _at) = (start, start + length, start);
        }
        else throw new ArgumentException("neither an array's bytes nor a mapped file's", nameof(memory));
    }

    /// <summary>How many bytes it reads.</summary>
    public long Length => _end - _start;

    /// <summary>Where it is in its bytes; set past the end, every read then finds none left.</summary>
    public long Position
    {
        get => _at - _start;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _at = (int)Math.Min(_start + value, int.MaxValue);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_at >= _end) End();
        return _array is not null ? _array[_at++] : _mapped[_at++];
    }

    public bool ReadBoolean() => ReadByte() != 0;

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong)));

    /// <summary>A number <see cref="BinaryWriter.Write7BitEncodedInt"/> wrote: seven bits a byte, at most five bytes.</summary>
    public int Read7BitEncodedInt()
    {
        // Most are counts and places below 128: one byte.
        if (_at < _end && (_array is not null ? _array[_at] : _mapped[_at]) is var first and < 0x80)
        {
            _at++;
            return first;
        }
        var result = 0u;
        for (var shift = 0; shift < 28; shift += 7)
        {
            var next = ReadByte();
            result |= (next & 0x7Fu) << shift;
            if (next < 0x80) return (int)result;
        }
        // The fifth byte holds the top four bits, and nothing more.
        var last = ReadByte();
        if (last > 0b1111) throw new FormatException("Too many bytes in what should have been a 7-bit encoded integer.");
        return (int)(result | (uint)last << 28);
    }

    /// <summary>A string <see cref="BinaryWriter.Write(string)"/> wrote: its UTF-8 byte count, then its bytes.</summary>
    public string ReadString()
    {
        var length = Read7BitEncodedInt();
        if (length < 0) throw new IOException($"A string of length {length} cannot be read.");
        return length == 0 ? "" : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Up to <paramref name="count"/> bytes: fewer when fewer are left, as a BinaryReader answers.</summary>
    public byte[] ReadBytes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Take(Math.Min(count, Left)).ToArray();
    }

    /// <summary>Fills <paramref name="buffer"/> with as many bytes as are left, up to its length; how many it read.</summary>
    public int Read(Span<byte> buffer)
    {
        var read = Take(Math.Min(buffer.Length, Left));
        read.CopyTo(buffer);
        return read.Length;
    }

    private int Left => Math.Max(_end - _at, 0);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Left) End();
        if (count == 0) return []; // also where the position was set past the end
        var taken = _array is not null ? _array.AsSpan(_at, count) : new ReadOnlySpan<byte>(_mapped + _at, count);
        _at += count;
        return taken;
    }

    /// <summary>Thrown from here, so that the reads that may throw it stay small enough to be inlined.</summary>
    [DoesNotReturn]
    private static void End() => throw new EndOfStreamException();
}
