using System.Security.Cryptography;
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
    private const int Version = 1;

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
        // One build hashes each read once, and a kept page's hashes equal the current ones: any copy of a read's hash will do.
        var hashes = new Dictionary<BookRead, string>();
        foreach (var (read, hash) in records.Everywhere.Concat(records.Pages.Values.SelectMany(p => p.Reads))) hashes.TryAdd(read, hash);
        var reads = hashes.Keys.ToList();
        if (reads.Any(r => r.Key is not (null or string or Passage))) return null;
        var number = reads.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);

        return CheckedFile.Frame(Magic, Version, writer =>
        {
            writer.Write(records.Theme);
            writer.Write(records.Settings);
            writer.Write(reads.Count);
            foreach (var read in reads)
            {
                writer.Write(read.Table);
                switch (read.Key)
                {
                    case null: writer.Write((byte)KeyKind.Whole); break;
                    case string id: writer.Write((byte)KeyKind.Id); writer.Write(id); break;
                    case Passage p: writer.Write((byte)KeyKind.Passage); writer.Write(p.SourceId); writer.Write(p.Start); writer.Write(p.End); break;
                }
                writer.Write(Convert.FromHexString(hashes[read]));
            }
            WriteNumbers(writer, records.Everywhere.Keys.Select(r => number[r]));
            writer.Write(records.Pages.Count);
            foreach (var (path, page) in records.Pages)
            {
                writer.Write(path);
                writer.Write(page.Files.Count);
                foreach (var name in page.Files) writer.Write(name);
                WriteNumbers(writer, page.Reads.Keys.Select(r => number[r]));
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
        var reads = new (BookRead Read, string Hash)[reader.ReadInt32()];
        for (var i = 0; i < reads.Length; i++)
        {
            var table = reader.ReadString();
            object? key = (KeyKind)reader.ReadByte() switch
            {
                KeyKind.Whole => null,
                KeyKind.Id => reader.ReadString(),
                KeyKind.Passage => new Passage(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32()),
                _ => throw new FormatException("unknown key kind"),
            };
            reads[i] = (new BookRead(table, key), Convert.ToHexStringLower(reader.ReadBytes(SHA256.HashSizeInBytes)));
        }
        var everywhere = ReadNumbers(reader).ToDictionary(n => reads[n].Read, n => reads[n].Hash);
        var pages = new Dictionary<string, PageRecord>(StringComparer.Ordinal);
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var path = reader.ReadString();
            var files = new string[reader.ReadInt32()];
            for (var i = 0; i < files.Length; i++) files[i] = reader.ReadString();
            pages[path] = new PageRecord(files, ReadNumbers(reader).ToDictionary(n => reads[n].Read, n => reads[n].Hash));
        }
        return new Records(theme, settings, everywhere, pages);
    }

    private static void WriteNumbers(BinaryWriter writer, IEnumerable<int> numbers)
    {
        var list = numbers.ToList();
        writer.Write(list.Count);
        foreach (var n in list) writer.Write7BitEncodedInt(n);
    }

    private static List<int> ReadNumbers(BinaryReader reader)
    {
        var numbers = new List<int>();
        for (var count = reader.ReadInt32(); count > 0; count--) numbers.Add(reader.Read7BitEncodedInt());
        return numbers;
    }
}
