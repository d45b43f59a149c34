using System.Runtime.InteropServices;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// The command line keeps what a tracker recorded in its cache folder, so a new process after one edit renders only
/// what the edit affects. The file is binary and compact (each value read is stored once, pages refer to it by
/// number). It is a series of frames (<see cref="CheckedFile"/>), each starting with a format version and ending with a
/// check of the rest: the whole records, then what each later build changed (the pages it made again, the reads
/// it added, the hashes that moved), appended, so an edit writes what it changed rather than the whole file, until
/// the changes outgrow the records and the file is written whole again. A file with any frame truncated, of another
/// version or altered in any way is ignored, and the build renders every page. Before a build publishes, a frame
/// saying so is appended (or the file deleted), and a file that ends with it is ignored too: the records never
/// describe an output other than the one on disk.
/// </summary>
internal sealed partial class PageTracker
{
    internal const string Magic = "rjb page records";
    internal const int Version = 5;

    private enum KeyKind : byte { Whole, Id }

    /// <summary>What a frame holds: the whole records, a later build's changes, or the mark of a build about to publish.</summary>
    private enum FrameKind : byte { Whole, Changes, Publishing }

    private string? _file;

    /// <summary>The records as the file held them, with the number of reads and the file's length then: what later frames are written against.</summary>
    private (Records Records, int Reads, long Length, long Whole)? _stored;

    /// <summary>A tracker for builds into <paramref name="output"/>, with what the last of them recorded when the cache holds it intact.</summary>
    public static PageTracker Load(string cacheDirectory, string output)
    {
        var tracker = new PageTracker { _file = CheckedFile.ForOutput(cacheDirectory, "pages", output) };
        if (CheckedFile.Load(tracker._file, bytes => Read(bytes) is ({ } records, var whole) ? (records, bytes.Length, whole) : default((Records, long, long)?))
            is var (published, length, stored))
        {
            tracker._published = published;
            tracker._stored = (published, published.Reads.Count, length, stored);
        }
        return tracker;
    }

    /// <summary>Before publishing: the records on disk are about to describe an output that is no longer there.</summary>
    public void Forget()
    {
        if (_file is null || !File.Exists(_file)) return;
        if (_stored is { } stored && CheckedFile.Append(_file, stored.Length, CheckedFile.Frame(Magic, Version, writer => writer.Write((byte)FrameKind.Publishing))) is { } length)
            _stored = stored with { Length = length };
        else
        {
            _stored = null;
            File.Delete(_file);
        }
    }

    /// <summary>After publishing: records what the published build was made from; false when they could not be written.</summary>
    public bool Save()
    {
        if (_file is null || _published is not { } published) return true;
        // Appended when the build added to the records it loaded, and the file has not grown past twice its whole records.
        if (_stored is { } stored && Changes(stored.Records, stored.Reads, published) is { } changes
            && stored.Length + changes.Length <= 2 * stored.Whole && CheckedFile.Append(_file, stored.Length, changes) is not null)
            return true;
        _stored = null; // written whole, the file numbers the reads afresh: no later frame could be written against this table
        if (Write(published) is not { } bytes) return true;
        return CheckedFile.Replace(_file, staged => File.WriteAllBytes(staged, bytes));
    }

    /// <summary>
    /// The frame of what <paramref name="now"/> changed in <paramref name="stored"/> (whose table then held
    /// <paramref name="reads"/> reads); null when it shares not its table (theme or settings changed, every page made
    /// again), or a new read has a key of a kind the format cannot hold.
    /// </summary>
    private static byte[]? Changes(Records stored, int reads, Records now)
    {
        if (now.Reads != stored.Reads || now.Theme != stored.Theme || now.Settings != stored.Settings) return null;
        var added = Enumerable.Range(reads, now.Reads.Count - reads).ToList();
        if (added.Any(n => now.Reads[n].Key is not (null or string))) return null;
        var moved = Enumerable.Range(0, reads).Where(n => n < now.Hashes.Length && now.Hashes[n] != stored.Hashes[n]).ToList();
        var since = now.Since is { } known && ReferenceEquals(known.Before, stored) ? known.Made : null;
        var made = since?.ToList() ?? now.Pages.Where(p => !stored.Pages.TryGetValue(p.Key, out var before) || !ReferenceEquals(before, p.Value)).ToList();
        var dropped = since is not null ? [] : stored.Pages.Keys.Where(path => !now.Pages.ContainsKey(path)).ToList();
        return CheckedFile.Frame(Magic, Version, writer =>
        {
            writer.Write((byte)FrameKind.Changes);
            WriteReads(writer, added, now, number => Hash(now, number));
            writer.Write(moved.Count);
            foreach (var number in moved)
            {
                writer.Write7BitEncodedInt(number);
                WriteHash(writer, now.Hashes[number]);
            }
            WriteNumbers(writer, [.. now.Everywhere]);
            writer.Write(made.Count);
            foreach (var (path, page) in made) WritePage(writer, path, page.Files, [.. page.Reads]);
            writer.Write(dropped.Count);
            foreach (var path in dropped) writer.Write(path);
        });
    }

    private static UInt128 Hash(Records records, int number) => number < records.Hashes.Length ? records.Hashes[number] : default;

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
        if (reads.Any(n => records.Reads[n].Key is not (null or string))) return null;

        return CheckedFile.Frame(Magic, Version, writer =>
        {
            writer.Write((byte)FrameKind.Whole);
            writer.Write(records.Theme);
            writer.Write(records.Settings);
            WriteReads(writer, reads, records, number => records.Hashes[number]);
            WriteNumbers(writer, everywhere);
            writer.Write(pages.Count);
            foreach (var (path, files, numbers) in pages) WritePage(writer, path, files, numbers);
        });
    }

    /// <summary>
    /// The reads numbered <paramref name="numbers"/>: first the names of the tables they read, each once, then each read
    /// with its table by place in that list. A book has a few dozen tables and a big book hundreds of thousands of
    /// reads: a name decoded for each read was half the strings that loading the records decoded.
    /// </summary>
    private static void WriteReads(BinaryWriter writer, List<int> numbers, Records records, Func<int, UInt128> hash)
    {
        var tables = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var number in numbers) tables.TryAdd(records.Reads[number].Table, tables.Count);
        writer.Write7BitEncodedInt(tables.Count);
        foreach (var name in tables.Keys) writer.Write(name);
        writer.Write(numbers.Count);
        foreach (var number in numbers) WriteRead(writer, records.Reads[number], tables[records.Reads[number].Table], hash(number));
    }

    private static void WriteRead(BinaryWriter writer, BookRead read, int table, UInt128 hash)
    {
        writer.Write7BitEncodedInt(table);
        switch (read.Key)
        {
            case null: writer.Write((byte)KeyKind.Whole); break;
            case string id: writer.Write((byte)KeyKind.Id); writer.Write(id); break;
        }
        WriteHash(writer, hash);
    }

    private static void WriteHash(BinaryWriter writer, UInt128 hash)
    {
        Span<byte> bytes = stackalloc byte[HashSize];
        MemoryMarshal.Write(bytes, in hash);
        writer.Write(bytes);
    }

    private static void WritePage(BinaryWriter writer, string path, IReadOnlyList<string> files, List<int> numbers)
    {
        writer.Write(path);
        writer.Write(files.Count);
        foreach (var name in files) writer.Write(name);
        WriteNumbers(writer, numbers);
    }

    /// <summary>
    /// The records in a file and the length of its first frame, or null when it is not an intact file of this version
    /// (any frame), or it ends with a build that was about to publish.
    /// </summary>
    private static (Records, long)? Read(ReadOnlyMemory<byte> bytes)
    {
        var frames = CheckedFile.OpenAll(bytes, Magic, Version);
        if (frames is not [var (first, whole), ..]) return null;
        if ((FrameKind)first.ReadByte() != FrameKind.Whole) return null;
        var theme = first.ReadString();
        var settings = first.ReadString();
        var table = new ReadTable();
        var hashes = new List<UInt128>();
        ReadReads(first, table, hashes);
        var everywhere = ReadNumbers(first, hashes.Count);
        var pages = new Dictionary<string, PageRecord>(StringComparer.Ordinal);
        ReadPages(first, first.ReadInt32(), pages, hashes.Count);
        Ended(first);
        var publishing = false;
        foreach (var (reader, _) in frames.Skip(1))
        {
            publishing = (FrameKind)reader.ReadByte() switch
            {
                FrameKind.Publishing => true,
                FrameKind.Changes => false,
                _ => throw new FormatException("a frame of unknown kind"),
            };
            if (!publishing)
            {
                ReadReads(reader, table, hashes);
                for (var count = reader.ReadInt32(); count > 0; count--)
                    hashes[Number(reader.Read7BitEncodedInt(), hashes.Count)] = ReadHash(reader);
                everywhere = ReadNumbers(reader, hashes.Count);
                ReadPages(reader, reader.ReadInt32(), pages, hashes.Count);
                for (var count = reader.ReadInt32(); count > 0; count--)
                    if (!pages.Remove(reader.ReadString())) throw new FormatException("a page dropped that was not recorded");
            }
            Ended(reader);
        }
        return publishing ? null : (new Records(theme, settings, table, [.. hashes], everywhere, pages), whole);
    }

    // A frame's checksum holds for whatever its writer wrote: bytes its reader leaves over mean another writer, not these records.
    private static void Ended(ByteReader reader)
    {
        if (reader.Position != reader.Length) throw new FormatException("a frame is followed by bytes it does not use");
    }

    private static void ReadReads(ByteReader reader, ReadTable table, List<UInt128> hashes)
    {
        // Each name takes at least a byte, each read more than a hash: counts the frame cannot hold are not believed.
        var names = new string[CachedKeys.Bounded(reader.Read7BitEncodedInt(), reader.Length)];
        for (var i = 0; i < names.Length; i++) names[i] = reader.ReadString();
        var count = CachedKeys.Bounded(reader.ReadInt32(), reader.Length / HashSize);
        // Sized once: growing the lists step by step copied them again and again.
        hashes.EnsureCapacity(hashes.Count + count);
        table.EnsureCapacity(table.Count + count);
        for (var i = 0; i < count; i++)
        {
            var n = reader.Read7BitEncodedInt();
            var read = n >= 0 && n < names.Length ? names[n] : throw new FormatException("a read of a table not named");
            object? key = (KeyKind)reader.ReadByte() switch
            {
                KeyKind.Whole => null,
                KeyKind.Id => reader.ReadString(),
                _ => throw new FormatException("unknown key kind"),
            };
            table.Add(new BookRead(read, key));
            hashes.Add(ReadHash(reader));
        }
    }

    private static UInt128 ReadHash(ByteReader reader)
    {
        // Read in place: an array per hash was a hundred thousand small objects for the collector.
        Span<byte> bytes = stackalloc byte[HashSize];
        if (reader.Read(bytes) != HashSize) throw new EndOfStreamException();
        return MemoryMarshal.Read<UInt128>(bytes);
    }

    private static void ReadPages(ByteReader reader, int count, Dictionary<string, PageRecord> pages, int reads)
    {
        // Sized once, as the reads are: every page takes at least a few bytes.
        pages.EnsureCapacity(pages.Count + Math.Clamp(count, 0, (int)(reader.Length / 4)));
        for (; count > 0; count--)
        {
            var path = reader.ReadString();
            var files = new string[reader.ReadInt32()];
            for (var i = 0; i < files.Length; i++) files[i] = reader.ReadString();
            pages[path] = new PageRecord(files, ReadNumbers(reader, reads));
        }
    }

    private static int Number(int n, int reads) => n >= 0 && n < reads ? n : throw new FormatException("a read that is not in the table");

    private const int HashSize = 16;

    private static void WriteNumbers(BinaryWriter writer, List<int> list)
    {
        writer.Write(list.Count);
        foreach (var n in list) writer.Write7BitEncodedInt(n);
    }

    private static int[] ReadNumbers(ByteReader reader, int reads)
    {
        var numbers = new int[reader.ReadInt32()];
        for (var i = 0; i < numbers.Length; i++)
            numbers[i] = Number(reader.Read7BitEncodedInt(), reads);
        return numbers;
    }
}
