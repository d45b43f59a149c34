using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace RussiaJapanBriefing;

/// <summary>
/// The frame of every file a build keeps in its cache folder (page records, quote searches, the build snapshot): a
/// magic string and a format version, the payload's length, the payload, and an XXH128 of the payload. A cache file
/// is only ever a saving, so one that is truncated, of another version or altered in any byte is not read at all.
/// </summary>
/// <remarks>
/// The check finds damage, not forgery: whoever can write the cache folder can write a valid frame under any hash,
/// so a cryptographic one bought nothing but time. What a cache file says about the book's inputs is keyed by
/// SHA-256 inside the payload (an annotation file's bytes, a source's text), since those inputs come from pull
/// requests. At 10,000 sources a one-claim rebuild reads 71 MB of frames and writes several of them again; on one core
/// of the 2-core benchmark machine SHA-256 took 45 ms per 72 MB (measured on random bytes), XXH128 6 ms.
/// </remarks>
public static class CheckedFile
{
    /// <summary>The length of the check that ends each frame.</summary>
    internal const int CheckBytes = 16;

    /// <summary>The framed file's bytes for <paramref name="payload"/>, which <paramref name="write"/> fills.</summary>
    public static byte[] Frame(string magic, int version, Action<BinaryWriter> write)
    {
        using var file = new MemoryStream();
        Frame(file, magic, version, write);
        return file.ToArray();
    }

    /// <summary>
    /// Writes the same framed file as <see cref="Frame(string, int, Action{BinaryWriter})"/> straight to
    /// <paramref name="path"/>: a large payload is never held in memory, and is hashed by reading it back from the
    /// file (still in the page cache).
    /// </summary>
    public static void Write(string path, string magic, int version, Action<BinaryWriter> write)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        Frame(file, magic, version, write);
    }

    /// <summary>
    /// Replaces the cache file at <paramref name="path"/> whole or not at all: <paramref name="write"/> writes the new
    /// one beside it, which is then renamed over it. False when it could not be written; whatever stopped the write,
    /// what it staged is dropped.
    /// </summary>
    public static bool Replace(string path, Action<string> write)
    {
        var staged = path + ".new";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            write(staged);
            File.Move(staged, path, overwrite: true);
            return true;
        }
        catch (Exception e)
        {
            try
            {
                File.Delete(staged);
            }
            catch (Exception gone) when (gone is IOException or UnauthorizedAccessException)
            {
                // Left for the next write of the file, which replaces it.
            }
            if (e is IOException or UnauthorizedAccessException) return false;
            throw;
        }
    }

    /// <summary>
    /// Appends <paramref name="frame"/> to the file at <paramref name="path"/> when it is still <paramref name="length"/>
    /// bytes long, as its reader left it; the file's new length, or null when it was not (or could not be written).
    /// </summary>
    public static long? Append(string path, long length, byte[] frame)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            if (file.Length != length) return null;
            file.Seek(0, SeekOrigin.End);
            file.Write(frame);
            return length + frame.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The payload is written after a place kept for its length, filled in once known, so it is never copied
    // (page records are tens of megabytes at 10,000 sources).
    private static void Frame(Stream file, string magic, int version, Action<BinaryWriter> write)
    {
        using var writer = new GatheringWriter(file);
        writer.Write(magic);
        writer.Write(version);
        writer.Drain();
        var lengthAt = file.Position;
        writer.Write(0L);
        writer.Drain();
        var start = file.Position;
        write(writer);
        writer.Drain();
        var length = file.Position - start;
        file.Position = start;
        var check = new XxHash128();
        check.Append(file);
        writer.Write(check.GetCurrentHash());
        writer.Drain();
        file.Position = lengthAt;
        writer.Write(length);
        writer.Flush();
    }

    /// <summary>
    /// A writer that gathers what it writes in a buffer of its own and hands its stream 64 KB at a time. A BinaryWriter
    /// hands the stream every byte of a count by itself: through a FileStream that was two calls and their checks a
    /// byte, some 30 ms of the saves that end a one-claim rebuild at 10,000 sources. It writes the bytes a BinaryWriter
    /// writes; what it does not gather itself (chars, floating-point numbers) is written after what it gathered.
    /// </summary>
    private sealed class GatheringWriter(Stream stream) : BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _used;

        /// <summary>Hands the stream what is gathered, so that its position counts it.</summary>
        public void Drain()
        {
            if (_used == 0) return;
            OutStream.Write(_buffer, 0, _used);
            _used = 0;
        }

        public override void Flush()
        {
            Drain();
            base.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Drain();
            base.Dispose(disposing);
        }

        public override void Write(byte value)
        {
            if (_used == _buffer.Length) Drain();
            _buffer[_used++] = value;
        }

        public override void Write(bool value) => Write((byte)(value ? 1 : 0));

        public override void Write(sbyte value) => Write((byte)value);

        public override void Write(short value) => BinaryPrimitives.WriteInt16LittleEndian(Room(sizeof(short)), value);

        public override void Write(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Room(sizeof(ushort)), value);

        public override void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Room(sizeof(int)), value);

        public override void Write(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Room(sizeof(uint)), value);

        public override void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Room(sizeof(long)), value);

        public override void Write(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Room(sizeof(ulong)), value);

        public override void Write(byte[] buffer) => Write(buffer.AsSpan());

        public override void Write(byte[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > _buffer.Length - _used) Drain();
            if (buffer.Length > _buffer.Length) OutStream.Write(buffer);
            else buffer.CopyTo(Room(buffer.Length));
        }

        /// <summary>As a BinaryWriter writes it: the count of its UTF-8 bytes, then the bytes.</summary>
        public override void Write(string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            var length = Encoding.UTF8.GetByteCount(value);
            Write7BitEncodedInt(length);
            if (length <= _buffer.Length) Encoding.UTF8.GetBytes(value, Room(length));
            else Write(Encoding.UTF8.GetBytes(value));
        }

        public override void Write(char ch) => Drained(() => base.Write(ch));

        public override void Write(char[] chars) => Drained(() => base.Write(chars));

        public override void Write(char[] chars, int index, int count) => Drained(() => base.Write(chars, index, count));

        public override void Write(ReadOnlySpan<char> chars)
        {
            Drain();
            base.Write(chars);
        }

        public override void Write(double value) => Drained(() => base.Write(value));

        public override void Write(decimal value) => Drained(() => base.Write(value));

        public override void Write(float value) => Drained(() => base.Write(value));

        public override void Write(Half value) => Drained(() => base.Write(value));

        /// <summary>The next <paramref name="count"/> bytes of the buffer (at most its length), counted as written.</summary>
        private Span<byte> Room(int count)
        {
            if (count > _buffer.Length - _used) Drain();
            var room = _buffer.AsSpan(_used, count);
            _used += count;
            return room;
        }

        private void Drained(Action write)
        {
            Drain();
            write();
        }
    }

    /// <summary>
    /// The cache file of this <paramref name="kind"/> for builds into <paramref name="output"/>: what a build published
    /// is kept per output folder, since one cache folder may serve several.
    /// </summary>
    public static string ForOutput(string cacheDirectory, string kind, string output) => Path.Combine(cacheDirectory, $"{kind}-{OutputKey(output)}.bin");

    /// <summary>What names the files kept for builds into <paramref name="output"/>, after the kind and a dash: a hash of the folder's full path.</summary>
    internal static string OutputKey(string output) => Hashing.Hash(Path.TrimEndingDirectorySeparator(Path.GetFullPath(output)))[..16];

    /// <summary>
    /// The bytes of the cache files a build into <paramref name="output"/> reads: those every build shares (a name
    /// without a dash) and its output folder's own (see <see cref="ForOutput"/>); 0 when there are none, and for a cache
    /// folder that is a link or not a folder's path at all (it is asked before a build checks its folders). What a
    /// rebuild from the cache allocates grows with them.
    /// </summary>
    public static long Footprint(string cacheDirectory, string output)
    {
        if (string.IsNullOrWhiteSpace(cacheDirectory) || string.IsNullOrWhiteSpace(output)) return 0;
        try
        {
            var own = "-" + OutputKey(output);
            var folder = new DirectoryInfo(cacheDirectory);
            if (!folder.Exists || folder.LinkTarget is not null) return 0;
            var total = 0L;
            foreach (var file in folder.EnumerateFiles("*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
            {
                var name = Path.GetFileNameWithoutExtension(file.Name);
                if (!name.Contains('-', StringComparison.Ordinal) || name.EndsWith(own, StringComparison.Ordinal)) total += file.Length;
            }
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return 0;
        }
    }

    /// <summary>
    /// What <paramref name="read"/> makes of the file at <paramref name="path"/>; default when there is none, or it
    /// cannot be read or is malformed: a cache file is only ever a saving, so losing it only costs work.
    /// </summary>
    public static T? Load<T>(string path, Func<ReadOnlyMemory<byte>, T?> read)
    {
        try
        {
            return File.Exists(path) ? read(Bytes(path)) : default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            return default;
        }
    }

    /// <summary>
    /// For a process that ends with its build (the command line's): cache files are read in place, through mappings
    /// kept for the process's life (<see cref="MappedFile"/>), not into arrays. Off for <c>serve</c>, which lives on
    /// and reads them again.
    /// </summary>
    public static bool MapsFiles { get; set; }

    /// <summary>The bytes of a cache file: mapped when <see cref="MapsFiles"/> (not on Windows), else read into an array.</summary>
    internal static ReadOnlyMemory<byte> Bytes(string path) => MapsFiles && !OperatingSystem.IsWindows() ? MappedFile.Map(path) : File.ReadAllBytes(path);

    /// <summary>A reader at the start of the payload, or null when <paramref name="bytes"/> is not an intact file of this kind and version.</summary>
    internal static ByteReader? Open(ReadOnlyMemory<byte> bytes, string magic, int version)
    {
        var reader = new ByteReader(bytes);
        if (reader.ReadString() != magic || reader.ReadInt32() != version) return null;
        var length = reader.ReadInt64();
        var start = (int)reader.Position;
        if (length < 0 || start + length + CheckBytes != bytes.Length) return null;
        return Intact(bytes.Span.Slice(start, (int)length), bytes.Span[(start + (int)length)..]) ? reader : null;
    }

    /// <summary>
    /// For a file that later builds append frames to: a reader of each frame's payload (which it cannot read past) with
    /// the frame's length, in order; null when the bytes are not wholly intact frames of this kind and version.
    /// </summary>
    internal static List<(ByteReader Reader, long Length)>? OpenAll(ReadOnlyMemory<byte> bytes, string magic, int version)
    {
        var frames = new List<(ByteReader, long)>();
        var header = new ByteReader(bytes);
        try
        {
            for (var at = 0L; at < bytes.Length; at = header.Position)
            {
                if (header.ReadString() != magic || header.ReadInt32() != version) return null;
                var length = header.ReadInt64();
                var start = header.Position;
                if (length < 0 || length > bytes.Length - start - CheckBytes) return null;
                if (!Intact(bytes.Span.Slice((int)start, (int)length), bytes.Span.Slice((int)(start + length), CheckBytes))) return null;
                frames.Add((new ByteReader(bytes.Slice((int)start, (int)length)), start + length + CheckBytes - at));
                header.Position = start + length + CheckBytes;
            }
            return frames;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            return null;
        }
    }

    private static bool Intact(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> check)
    {
        Span<byte> computed = stackalloc byte[CheckBytes];
        XxHash128.Hash(payload, computed);
        return computed.SequenceEqual(check);
    }
}

/// <summary>How every cache file writes a 128-bit key or hash (its high half, then its low half), and checks a count it reads.</summary>
internal static class CachedKeys
{
    public static void WriteKey(this BinaryWriter writer, UInt128 key)
    {
        writer.Write((ulong)(key >> 64));
        writer.Write((ulong)key);
    }

    public static UInt128 ReadKey(this ByteReader reader) => new(reader.ReadUInt64(), reader.ReadUInt64());

    /// <summary>
    /// A count read from a cache file, believed only when the file can hold that many items (<paramref name="most"/>,
    /// from the bytes left and the least each item takes): a malformed file is an error to ignore, not an array to allocate.
    /// </summary>
    public static int Bounded(int count, long most) => count >= 0 && count <= most ? count : throw new FormatException("a count larger than the file can hold");
}
