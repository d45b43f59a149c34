namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The command line's copy of the memo in its cache folder, <c>search.bin</c>: a <see cref="CheckedFile"/> holding the
/// build of rjb that made the entries (tokenizing is its code as much as the text), the terms in use in ordinal order,
/// then every document's key, entry and term numbers. It is read only when the search index is made again, not when
/// the page records keep it. Every count and number is checked against the file, so even a well-framed hand-made file
/// cannot make a reader allocate more than the file's own size, or name a term it does not hold.
/// </summary>
public sealed partial class SearchMemo
{
    private const string Magic = "rjb search memo";
    private const int Version = 1;

    /// <summary>The memo's file in a cache folder (one for every output folder: entries do not depend on where the site goes).</summary>
    public const string FileName = "search.bin";

    /// <summary>Larger than the memo of any book whose search index fits a disk, well under what one array holds.</summary>
    private const long MaxFileBytes = 1L << 30;

    private string? _file, _engine;
    private DiagnosticBag? _diagnostics;

    /// <summary>
    /// The memo kept in <paramref name="cacheDirectory"/> by <paramref name="engine"/> (this build of rjb), read when first
    /// used: a file there that is damaged, of another version or unreadable is reported to <paramref name="diagnostics"/>
    /// as a warning, and every document is made again. One another build of rjb made is ignored.
    /// </summary>
    public static SearchMemo Load(string cacheDirectory, string engine, DiagnosticBag diagnostics) =>
        new() { _file = Path.Combine(cacheDirectory, FileName), _engine = engine, _diagnostics = diagnostics };

    private void ReadFile()
    {
        if (_diagnostics is not { } diagnostics) return;
        _diagnostics = null; // once
        string? problem;
        try
        {
            var info = new FileInfo(_file!);
            if (!info.Exists) return;
            problem = info.Length > MaxFileBytes || !Read(File.ReadAllBytes(_file!)) ? "it is truncated, of another version, too large or altered" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            problem = e is IOException or UnauthorizedAccessException ? $"it cannot be read: {e.Message}" : "its content is malformed";
        }
        if (problem is null) return;
        _known.Clear();
        _terms.Clear();
        _termNumbers.Clear();
        _sorted = [];
        diagnostics.Report(Codes.SearchMemoDamaged, new Location(PathDisplay.Relative(_file!)), $"the kept search entries are not used: {problem}",
            "every search document is tokenized again, and the file is written anew");
    }

    /// <summary>Writes the memo to the cache folder it was loaded from; false when it could not be written.</summary>
    public bool Save() => _file is null || CheckedFile.Replace(_file, staged => CheckedFile.Write(staged, Magic, Version, writer =>
    {
        writer.Write(_engine!);
        // Only the terms the documents kept use, renumbered in ordinal order: the file stays as small as the book.
        var used = new bool[_terms.Count];
        foreach (var item in _known.Values)
            foreach (var term in item.Terms) used[term >> 1] = true;
        var renumbered = new int[_terms.Count];
        var count = 0;
        foreach (var number in SortedTerms())
            if (used[number]) renumbered[number] = count++;
        writer.Write7BitEncodedInt(count);
        foreach (var number in SortedTerms())
            if (used[number]) writer.Write(_terms[number]);
        writer.Write7BitEncodedInt(_known.Count);
        Span<byte> key = stackalloc byte[16];
        foreach (var (k, item) in _known)
        {
            BitConverter.TryWriteBytes(key, (ulong)k);
            BitConverter.TryWriteBytes(key[8..], (ulong)(k >> 64));
            writer.Write(key);
            writer.Write7BitEncodedInt(item.Entry.Length);
            writer.Write(item.Entry);
            writer.Write7BitEncodedInt(item.TitleStart);
            writer.Write7BitEncodedInt(item.TitleEnd);
            writer.Write7BitEncodedInt(item.Terms.Length);
            foreach (var term in item.Terms) writer.Write7BitEncodedInt(renumbered[term >> 1] * 2 + (term & 1));
        }
    }));

    /// <summary>Takes the file's documents; false when it is not an intact file of this version (another build of rjb's is intact, and empty).</summary>
    private bool Read(byte[] bytes)
    {
        using var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null) return false;
        if (reader.ReadString() != _engine) return true;
        var terms = new string[Count(reader)];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = reader.ReadString();
            if (i > 0 && string.CompareOrdinal(terms[i - 1], terms[i]) >= 0) throw new FormatException("the terms are not in order");
        }
        for (var count = Count(reader); count > 0; count--)
        {
            var lower = reader.ReadUInt64();
            var key = new UInt128(reader.ReadUInt64(), lower);
            var entry = reader.ReadBytes(Count(reader));
            var (titleStart, titleEnd) = (reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt());
            if (titleStart < 0 || titleStart > titleEnd || titleEnd > entry.Length) throw new FormatException("a title outside its entry");
            var numbers = new int[Count(reader)];
            for (var i = 0; i < numbers.Length; i++)
            {
                numbers[i] = reader.Read7BitEncodedInt();
                if (numbers[i] < 0 || numbers[i] >> 1 >= terms.Length) throw new FormatException("a term number out of range");
            }
            if (!_known.TryAdd(key, new Item(entry, titleStart, titleEnd, numbers))) throw new FormatException("a document is listed twice");
        }
        if (reader.BaseStream.Position != reader.BaseStream.Length - System.Security.Cryptography.SHA256.HashSizeInBytes)
            throw new FormatException("bytes after the last document");
        foreach (var term in terms) Number(term);
        _sorted = [.. Enumerable.Range(0, terms.Length)];
        return true;
    }

    /// <summary>A count of items that each take at least one byte: more than the bytes left means a malformed file.</summary>
    private static int Count(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position) throw new FormatException("a count is larger than the file");
        return count;
    }
}
