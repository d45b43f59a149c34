using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Annotations;

/// <summary>
/// The command line's copy of the parses in its cache folder, <c>annotations.bin</c>: a series of
/// <see cref="CheckedFile"/> frames. The first holds the build of rjb that parsed (parsing is its code as much as the
/// bytes), then for every file its display path, the SHA-256 of its bytes, the stat data it had when read and when
/// that was (so that a new process need not read a file its stat data vouch for), and the length of what follows:
/// what it parsed to and what it reported. Each later frame holds what one build changed (the entries of the files it
/// parsed or stamped anew, in the same form, and the paths it no longer read), appended, so an edit writes one file's
/// parse rather than the whole table, until the frames would make the file more than twice as long as its first
/// frame and it is written whole again. The lengths make each frame a table: a load reads only paths and hashes, and
/// decodes a parse when its file is found unchanged (in parallel, as files are read). Every count is checked against
/// the bytes left in its frame, so even a well-framed hand-made file cannot make a reader allocate more than the
/// file's own size. A file with any frame truncated, of another version or altered is not used at all.
/// </summary>
internal sealed partial class ParsedFiles
{
    internal const string Magic = "rjb parsed annotations";
    internal const int Version = 4;

    /// <summary>What a frame holds: the whole table, or what a later build changed in it.</summary>
    internal enum FrameKind : byte { Whole, Changes }

    /// <summary>Larger than the parses of any book of 16 MiB annotation files would need, well under what one array holds.</summary>
    private const long MaxFileBytes = 1L << 30;

    private static void Write(string file, string engine, IReadOnlyDictionary<string, Entry> entries) => CheckedFile.Write(file, Magic, Version, writer =>
    {
        writer.Write((byte)FrameKind.Whole);
        writer.Write(engine);
        WriteEntries(writer, [.. entries]);
    });

    /// <summary>
    /// The frame of what <paramref name="now"/> changed in <paramref name="stored"/>, the table the file holds; null
    /// when nothing did.
    /// </summary>
    private static byte[]? Changes(IReadOnlyDictionary<string, Entry> stored, IReadOnlyDictionary<string, Entry> now)
    {
        // An entry still holding its bytes from the file, with the stat data it had there, is as the file holds it.
        var changed = now.Where(e => !stored.TryGetValue(e.Key, out var was)
            || !ReferenceEquals(was, e.Value) && (e.Value.Body.IsEmpty || e.Value.Stamp != was.Stamp || e.Value.ReadAt != was.ReadAt)).ToList();
        var dropped = stored.Keys.Where(path => !now.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
        if (changed.Count == 0 && dropped.Count == 0) return null;
        return CheckedFile.Frame(Magic, Version, writer =>
        {
            writer.Write((byte)FrameKind.Changes);
            WriteEntries(writer, changed);
            writer.Write7BitEncodedInt(dropped.Count);
            foreach (var path in dropped) writer.Write(path);
        });
    }

    private static void WriteEntries(BinaryWriter writer, List<KeyValuePair<string, Entry>> entries)
    {
        writer.Write7BitEncodedInt(entries.Count);
        using var body = new MemoryStream();
        using var bodyWriter = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true);
        foreach (var (path, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.Write(path);
            writer.Write(Convert.FromHexString(entry.Hash));
            writer.Write(entry.Stamp is not null);
            if (entry.Stamp is { } stamp)
            {
                writer.Write(stamp.Inode);
                writer.Write(stamp.Size);
                writer.Write(stamp.Modified);
                writer.Write(stamp.Changed);
                writer.Write(entry.ReadAt);
            }
            // After an edit most files are as the last build read them: copying their bytes saves encoding them again.
            if (!entry.Body.IsEmpty)
            {
                writer.Write7BitEncodedInt(entry.Body.Length);
                writer.Write(entry.Body.Span);
                continue;
            }
            body.SetLength(0);
            var w = new PartWriter(bodyWriter, path);
            w.Part(entry.Part!);
            bodyWriter.Write7BitEncodedInt(entry.Diagnostics.Count);
            foreach (var d in entry.Diagnostics)
            {
                bodyWriter.Write(d.Descriptor.Id);
                bodyWriter.Write((byte)d.Descriptor.Severity);
                bodyWriter.Write(d.Descriptor.Title);
                w.Location(d.Location);
                bodyWriter.Write(d.Message);
                w.Optional(d.Hint);
            }
            bodyWriter.Flush();
            writer.Write7BitEncodedInt((int)body.Length);
            writer.Write(body.GetBuffer(), 0, (int)body.Length);
        }
    }

    /// <summary>
    /// The table of parses in a file (each still encoded) with the length of its first frame, or null when it is not
    /// an intact file of this version; empty, with no length, when another build of rjb made them.
    /// </summary>
    private static (Dictionary<string, Entry> Entries, long Whole)? Read(ReadOnlyMemory<byte> bytes, string engine)
    {
        var frames = CheckedFile.OpenAll(bytes, Magic, Version);
        if (frames is not [var (first, whole), ..]) return null;
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if ((FrameKind)first.ReadByte() != FrameKind.Whole) throw new FormatException("the first frame is not a whole table");
        if (first.ReadString() != engine) return (entries, 0);
        var at = 0L;
        foreach (var (reader, length) in frames)
        {
            // Where this frame's payload starts in the file: its parses are kept as slices of the file's bytes.
            var start = at + length - reader.Length - CheckedFile.CheckBytes;
            at += length;
            if (reader != first && (FrameKind)reader.ReadByte() != FrameKind.Changes) throw new FormatException("a frame of unknown kind");
            ReadEntries(reader, bytes, (int)start, entries);
            if (reader != first)
                for (var count = Count(reader); count > 0; count--)
                    if (!entries.Remove(reader.ReadString())) throw new FormatException("a file dropped that was not listed");
            if (reader.Position != reader.Length) throw new FormatException("bytes after the last file");
        }
        return (entries, whole);
    }

    /// <summary>Reads a frame's list of entries into <paramref name="entries"/>, a later frame's replacing an earlier's.</summary>
    private static void ReadEntries(ByteReader reader, ReadOnlyMemory<byte> bytes, int start, Dictionary<string, Entry> entries)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var count = Count(reader); count > 0; count--)
        {
            var path = reader.ReadString();
            var hash = Convert.ToHexStringLower(reader.ReadBytes(SHA256.HashSizeInBytes));
            var stamp = reader.ReadBoolean() ? new InputFiles.Stamp(reader.ReadUInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64()) : null;
            var readAt = stamp is null ? 0 : reader.ReadInt64();
            var length = Count(reader);
            var at = (int)reader.Position;
            reader.Position = at + length;
            if (!listed.Add(path)) throw new FormatException("a file is listed twice");
            entries[path] = new Entry(hash, null, [], stamp, readAt, bytes.Slice(start + at, length));
        }
    }

    /// <summary>A kept entry with its parse and diagnostics decoded; throws when its bytes are not exactly one parse.</summary>
    private static Entry ReadBody(Entry entry, string path)
    {
        var reader = new ByteReader(entry.Body);
        var r = new PartReader(reader, path);
        var part = r.Part();
        var diagnostics = r.List(() => new Diagnostic(
            new DiagnosticDescriptor(reader.ReadString(), r.Enum<Severity>(), reader.ReadString()), r.Location(), reader.ReadString(), r.Optional()));
        if (reader.Position != reader.Length) throw new FormatException("a parse is followed by bytes it does not use");
        return entry with { Part = part, Diagnostics = diagnostics };
    }

    /// <summary>A count of items that each take at least one byte: more than the bytes left means a malformed file.</summary>
    private static int Count(ByteReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        if (count < 0 || count > reader.Length - reader.Position) throw new FormatException("a count is larger than the file");
        return count;
    }

    /// <summary>Reads what <see cref="PartWriter"/> wrote, with the same records, so a reused parse is the parse.</summary>
    private sealed class PartReader(ByteReader reader, string path)
    {
        public AnnotationSet Part()
        {
            var declared = reader.ReadBoolean();
            BookAnnotation? book = null;
            if (reader.ReadBoolean())
                book = new BookAnnotation(Location(), reader.ReadString(), Text(), Texts(),
                    List(() => new ContestedTermsAnnotation(Location(), reader.ReadString(), List(reader.ReadString), Texts())),
                    Allowances());
            return new AnnotationSet(book, declared, List(Source), List(Entity), List(Claim), List(Disagreement),
                List(reader.ReadString).ToHashSet(StringComparer.Ordinal));
        }

        private SourceAnnotation Source() => new(Location(), Text(), reader.ReadString(), reader.ReadString(), Optional(), Date(), Optional(), Optional(),
            List(() =>
            {
                var range = new LineRange(reader.Read7BitEncodedInt(), reader.ReadInt32(), Optional());
                return new Located<LineRange>(range, Location());
            }),
            List(() => new UncitedAnnotation(Text(), reader.ReadString())),
            reader.ReadBoolean());

        private EntityAnnotation Entity()
        {
            var location = Location();
            var kind = Enum<EntityKind>();
            var id = Text();
            var name = reader.ReadString();
            var summary = Text();
            var aliases = List(() => new Alias(reader.ReadString(), Optional(), Optional()));
            var related = Texts();
            var values = new FieldValues<Located<string>>();
            for (int place = reader.ReadByte(), last = 0; place != 0; last = place, place = reader.ReadByte())
            {
                if (place <= last || place > EntityKinds.Fields.Count) throw new FormatException("an entity field out of place");
                var field = EntityKinds.Fields[place - 1];
                values = field.Type switch
                {
                    FieldType.Text => values.With(field, reader.ReadString()),
                    FieldType.Date => values.With(field, Date()),
                    _ => values.With(field, Texts()),
                };
            }
            return new EntityAnnotation(location, kind, id, name, summary, aliases, related, values, Citations(), Allowances()) { KeyFacts = Texts() };
        }

        private ClaimAnnotation Claim() => new(Location(), Text(), Text(), Texts(), reader.ReadBoolean() ? Date() : null, Optional(), Optional(),
            reader.ReadBoolean(), Citations(), Allowances());

        private DisagreementAnnotation Disagreement() => new(Location(), Text(), reader.ReadString(), reader.ReadBoolean() ? Text() : null,
            Texts(), Texts(), Enum<DisagreementKind>(), Allowances());

        private CitationAnnotation Citation() => new(Location(), Text(), Text(), reader.ReadBoolean() ? Text() : null);

        private WordingAllowance Allowance() => new(Text(), Optional(), reader.ReadString());

        private PartialDate Date()
        {
            var start = Point();
            return new PartialDate(start, reader.ReadBoolean() ? Point() : null);
        }

        private DatePoint Point()
        {
            var year = reader.ReadInt32();
            var month = reader.ReadByte();
            var day = reader.ReadByte();
            var flags = reader.ReadByte();
            return new DatePoint(year, month == 0 ? null : month, day == 0 ? null : day, (flags & 1) != 0, (flags & 2) != 0);
        }

        private Located<string> Text() => new(reader.ReadString(), Location());

        // Made once per file, not once per list: a method group made into a delegate is a new object each time it is
        // passed, and every claim passes three.
        private Func<Located<string>>? _text;
        private Func<CitationAnnotation>? _citation;
        private Func<WordingAllowance>? _allowance;

        private IReadOnlyList<Located<string>> Texts() => List(_text ??= Text);

        private IReadOnlyList<CitationAnnotation> Citations() => List(_citation ??= Citation);

        private IReadOnlyList<WordingAllowance> Allowances() => List(_allowance ??= Allowance);

        public Location Location() => new(reader.ReadBoolean() ? path : reader.ReadString(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt());

        public string? Optional() => reader.ReadBoolean() ? reader.ReadString() : null;

        public T Enum<T>() where T : struct, Enum
        {
            var value = (T)(object)(int)reader.ReadByte();
            return System.Enum.IsDefined(value) ? value : throw new FormatException($"no {typeof(T).Name} {value}");
        }

        /// <summary>
        /// A list of its exact length; none at all for an empty one (most lists of allowances, aliases and contexts).
        /// A big book decodes hundreds of thousands of lists (three a claim): a list object around each array was some 5 MB at 10,000 sources.
        /// </summary>
        public IReadOnlyList<T> List<T>(Func<T> read)
        {
            var count = Count(reader);
            if (count == 0) return [];
            var items = new T[count];
            for (var i = 0; i < count; i++) items[i] = read();
            return items;
        }
    }
}
