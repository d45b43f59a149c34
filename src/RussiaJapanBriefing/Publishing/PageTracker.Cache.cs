using System.Runtime.InteropServices;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// The command line keeps what a tracker recorded in its cache folder, so a new process after one edit renders only
/// what the edit affects. The file is binary and compact (each value read is stored once, pages refer to it by
/// number), starts with a format version and ends with a SHA-256 of the rest: a file that is truncated, of another
/// version or altered in any way is ignored, and the build renders every page. It is deleted before a build
/// publishes and written again after, so it never describes an output other than the one on disk.
/// </summary>
internal sealed partial class PageTracker
{
    private const string Magic = "rjb page records";
    private const int Version = 2;

    private enum KeyKind : byte { Whole, Id, Passage }

    private string? _file;

    /// <summary>A tracker for builds into <paramref name="output"/>, with what the last of them recorded when the cache holds it intact.</summary>
    public static PageTracker Load(string cacheDirectory, string output)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        var tracker = new PageTracker { _file = Path.Combine(cacheDirectory, $"pages-{Hashing.Hash(full)[..16]}.bin") };
        try
        {
            if (File.Exists(tracker._file)) tracker._published = Read(File.ReadAllBytes(tracker._file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException or ArgumentException)
        {
            // Unreadable records only cost a full build.
        }
        return tracker;
    }

    /// <summary>Before publishing: the records on disk are about to describe an output that is no longer there.</summary>
    public void Forget()
    {
        if (_file is not null && File.Exists(_file)) File.Delete(_file);
    }

    /// <summary>After publishing: records what the published build was made from; false when they could not be written.</summary>
    public bool Save()
    {
        if (_file is null || _published is null || Write(_published) is not { } bytes) return true;
        return CheckedFile.Replace(_file, staged => File.WriteAllBytes(staged, bytes));
    }

    /// <summary>The file's bytes; null when a read has a key of a kind the format cannot hold (the next build then renders everything).</summary>
    private static byte[]? Write(Records records)
    {
        // Only the reads some record refers to, numbered afresh in the order first met: the table may hold reads no page makes any more.
        var renumbered = new int[records.Reads.Count];
        var reads = new List<int>();
        int Renumber(int number)
        {
            if (renumbered[number] == 0)
            {
                reads.Add(number);
                renumbered[number] = reads.Count;
            }
            return renumbered[number] - 1;
        }
        var everywhere = records.Everywhere.Select(Renumber).ToList();
        var pages = records.Pages.Select(p => (p.Key, p.Value.Files, Reads: p.Value.Reads.Select(Renumber).ToList())).ToList();
        if (reads.Any(n => records.Reads[n].Key is not (null or string or Passage))) return null;

        return CheckedFile.Frame(Magic, Version, writer =>
        {
            writer.Write(records.Theme);
            writer.Write(records.Settings);
            writer.Write(reads.Count);
            Span<byte> hash = stackalloc byte[HashSize];
            foreach (var number in reads)
            {
                var read = records.Reads[number];
                writer.Write(read.Table);
                switch (read.Key)
                {
                    case null: writer.Write((byte)KeyKind.Whole); break;
                    case string id: writer.Write((byte)KeyKind.Id); writer.Write(id); break;
                    case Passage p: writer.Write((byte)KeyKind.Passage); writer.Write(p.SourceId); writer.Write(p.Start); writer.Write(p.End); break;
                }
                MemoryMarshal.Write(hash, in records.Hashes[number]);
                writer.Write(hash);
            }
            WriteNumbers(writer, everywhere);
            writer.Write(pages.Count);
            foreach (var (path, files, numbers) in pages)
            {
                writer.Write(path);
                writer.Write(files.Count);
                foreach (var name in files) writer.Write(name);
                WriteNumbers(writer, numbers);
            }
        });
    }

    /// <summary>The records in a file, or null when it is not an intact file of this version.</summary>
    private static Records? Read(byte[] bytes)
    {
        using var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null) return null;

        var theme = reader.ReadString();
        var settings = reader.ReadString();
        var table = new ReadTable();
        var hashes = new UInt128[reader.ReadInt32()];
        for (var i = 0; i < hashes.Length; i++)
        {
            var read = reader.ReadString();
            object? key = (KeyKind)reader.ReadByte() switch
            {
                KeyKind.Whole => null,
                KeyKind.Id => reader.ReadString(),
                KeyKind.Passage => new Passage(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32()),
                _ => throw new FormatException("unknown key kind"),
            };
            table.Add(new BookRead(read, key));
            hashes[i] = MemoryMarshal.Read<UInt128>(reader.ReadBytes(HashSize));
        }
        var everywhere = ReadNumbers(reader, hashes.Length);
        var pages = new Dictionary<string, PageRecord>(StringComparer.Ordinal);
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var path = reader.ReadString();
            var files = new string[reader.ReadInt32()];
            for (var i = 0; i < files.Length; i++) files[i] = reader.ReadString();
            pages[path] = new PageRecord(files, ReadNumbers(reader, hashes.Length));
        }
        return new Records(theme, settings, table, hashes, everywhere, pages);
    }

    private const int HashSize = 16;

    private static void WriteNumbers(BinaryWriter writer, List<int> list)
    {
        writer.Write(list.Count);
        foreach (var n in list) writer.Write7BitEncodedInt(n);
    }

    private static int[] ReadNumbers(BinaryReader reader, int reads)
    {
        var numbers = new int[reader.ReadInt32()];
        for (var i = 0; i < numbers.Length; i++)
            numbers[i] = reader.Read7BitEncodedInt() is var n && n >= 0 && n < reads ? n : throw new FormatException("a read that is not in the table");
        return numbers;
    }
}
