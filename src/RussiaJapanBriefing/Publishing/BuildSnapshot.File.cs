using Microsoft.Win32.SafeHandles;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Publishing;

/// <summary>The snapshot's file (magic, version, length, payload, XXH128 of the payload: <see cref="CheckedFile"/>) and the stat data it holds.</summary>
internal sealed partial class BuildSnapshot
{
    /// <summary>The snapshot in <paramref name="file"/>, or null when there is none intact of this version.</summary>
    private static Saved? Load(string file) => CheckedFile.Load(file, Read);

    private static Saved? Read(ReadOnlyMemory<byte> bytes)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null) return null;

        var settings = reader.ReadString();
        var scanned = reader.ReadInt64();
        var inputs = ReadEntries(reader);
        var output = ReadEntries(reader);
        var caches = ReadEntries(reader);
        var summary = new BookSummary(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        var files = reader.ReadInt32();
        var diagnostics = new Diagnostic[reader.ReadInt32()];
        for (var i = 0; i < diagnostics.Length; i++) diagnostics[i] = DiagnosticFormat.Read(reader);
        return new Saved(settings, scanned, inputs, output, caches, summary, files, diagnostics);
    }

    /// <summary>Replaces the snapshot in <paramref name="file"/> whole or not at all; false when it could not be written.</summary>
    /// <param name="rest">
    /// When the cache files' entries and the diagnostics are known only later: asked once the output's entries are
    /// written, for <paramref name="saved"/> with them; null stops the write (<see cref="NotRecordedException"/>).
    /// </param>
    private static bool Write(string file, Saved saved, Func<Saved?>? rest = null) => CheckedFile.Replace(file, staged => CheckedFile.Write(staged, Magic, Version, writer =>
        {
            writer.Write(saved.Settings);
            writer.Write(saved.Scanned);
            WriteEntries(writer, saved.Inputs);
            WriteEntries(writer, saved.Output);
            if (rest is not null) saved = rest() ?? throw new NotRecordedException();
            WriteEntries(writer, saved.Caches);
            var (sources, entities, claims, dated) = saved.Summary;
            writer.Write(sources);
            writer.Write(entities);
            writer.Write(claims);
            writer.Write(dated);
            writer.Write(saved.Files);
            writer.Write(saved.Diagnostics.Count);
            foreach (var d in saved.Diagnostics) DiagnosticFormat.Write(writer, d);
        }));

    private static List<Entry> ReadEntries(ByteReader reader)
    {
        var entries = new List<Entry>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var path = reader.ReadString();
            var kind = (Kind)reader.ReadByte();
            entries.Add(new Entry(path, kind, reader.ReadUInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
                reader.ReadBytes(reader.ReadByte())));
        }
        return entries;
    }

    private static void WriteEntries(BinaryWriter writer, IReadOnlyList<Entry> entries)
    {
        writer.Write(entries.Count);
        foreach (var e in entries)
        {
            writer.Write(e.Path);
            writer.Write((byte)e.Kind);
            writer.Write(e.Inode);
            writer.Write(e.Size);
            writer.Write(e.Modified);
            writer.Write(e.Changed);
            writer.Write((byte)e.Hash.Length);
            writer.Write(e.Hash);
        }
    }

    /// <summary>The stat data of a path, not following a final link; a missing path is <see cref="Kind.Missing"/>, and null means statx is not available.</summary>
    private static Entry? Stat(string path, string name) => EntryOf(InputFiles.Stat(path, followLink: false, out var error), error, name);

    /// <summary>As <see cref="Stat(string, string)"/>, for the entry <paramref name="entry"/> of a folder held open.</summary>
    private static Entry? Stat(SafeFileHandle folder, string entry, string name) => EntryOf(InputFiles.Stat(folder, entry, out var error), error, name);

    private static Entry? EntryOf((int Type, InputFiles.Stamp Stamp)? stat, int error, string name)
    {
        if (stat is not var (type, stamp))
            return error == NoSuchEntry ? new Entry(name, Kind.Missing, 0, 0, 0, 0, []) : null;
        var kind = type switch
        {
            0x8000 => Kind.File,
            0x4000 => Kind.Folder,
            0xA000 => Kind.Link,
            _ => Kind.Other,
        };
        return new Entry(name, kind, stamp.Inode, stamp.Size, stamp.Modified, stamp.Changed, []);
    }

    private const int NoSuchEntry = 2; // ENOENT
}
