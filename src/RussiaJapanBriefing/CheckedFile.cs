using System.Security.Cryptography;
using System.Text;

namespace RussiaJapanBriefing;

/// <summary>
/// The frame of every file a build keeps in its cache folder (page records, quote searches, the build snapshot): a
/// magic string and a format version, the payload's length, the payload, and a SHA-256 of the payload. A cache file
/// is only ever a saving, so one that is truncated, of another version or altered in any byte is not read at all.
/// </summary>
public static class CheckedFile
{
    /// <summary>The framed file's bytes for <paramref name="payload"/>, which <paramref name="write"/> fills.</summary>
    public static byte[] Frame(string magic, int version, Action<BinaryWriter> write)
    {
        // One buffer: the payload is written after a place kept for its length, which is filled in once known
        // (page records are tens of megabytes at 10,000 sources, and copying them again came after the site was done).
        using var file = new MemoryStream();
        using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(magic);
            writer.Write(version);
            var lengthAt = file.Position;
            writer.Write(0L);
            var start = file.Position;
            write(writer);
            writer.Flush();
            var length = file.Position - start;
            file.Position = lengthAt;
            writer.Write(length);
            writer.Flush();
            file.Position = file.Length;
            writer.Write(SHA256.HashData(file.GetBuffer().AsSpan((int)start, (int)length)));
        }
        return file.ToArray();
    }

    /// <summary>
    /// Writes the same framed file as <see cref="Frame"/> straight to <paramref name="path"/>: a large payload is
    /// never held in memory, and is hashed by reading it back from the file (still in the page cache).
    /// </summary>
    public static void Write(string path, string magic, int version, Action<BinaryWriter> write)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        using var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
        writer.Write(magic);
        writer.Write(version);
        var lengthAt = file.Position;
        writer.Write(0L);
        var start = file.Position;
        write(writer);
        writer.Flush();
        var length = file.Position - start;
        file.Position = start;
        writer.Write(SHA256.HashData(file));
        file.Position = lengthAt;
        writer.Write(length);
    }

    /// <summary>A reader at the start of the payload, or null when <paramref name="bytes"/> is not an intact file of this kind and version.</summary>
    public static BinaryReader? Open(byte[] bytes, string magic, int version)
    {
        var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        try
        {
            if (reader.ReadString() != magic || reader.ReadInt32() != version) return Closed(reader);
            var length = reader.ReadInt64();
            var start = (int)reader.BaseStream.Position;
            if (length < 0 || start + length + SHA256.HashSizeInBytes != bytes.Length) return Closed(reader);
            return SHA256.HashData(bytes.AsSpan(start, (int)length)).AsSpan().SequenceEqual(bytes.AsSpan(start + (int)length)) ? reader : Closed(reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private static BinaryReader? Closed(BinaryReader reader)
    {
        reader.Dispose();
        return null;
    }
}
