using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace RussiaJapanBriefing;

/// <summary>
/// A cache file's bytes read in place from the page cache, through a read-only mapping that stays for the rest of the
/// process: for the command line, whose process ends with its build (see <see cref="CheckedFile.MapsFiles"/>).
/// </summary>
/// <remarks>
/// Why: the last build wrote these files moments ago, so the kernel holds their pages already. Read into arrays, their
/// 71 MB at 10,000 sources were that much heap touched for the first time, and on a virtual machine whose host reclaims
/// the guest's free memory, a page touched first costs far more than the copy: a one-claim rebuild right after another
/// program freed 3 GB took 1.17 s (1.08 s of it in the kernel) against 0.72 s a minute later.
/// A mapping is safe here because rjb never changes a cache file's bytes in place: it replaces a file by renaming a new
/// one over it, which leaves the mapped one as it was, or appends frames past the end that was read. Another program
/// that cut one short while a build read it would stop the build (a read past a file's end is a bus error), as it
/// would corrupt any program that maps files. Not on Windows, where a mapped file cannot be replaced.
/// </remarks>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly int _length;

    private MappedFile(MemoryMappedViewAccessor view, byte* pointer, int length)
    {
        _view = view;
        Pointer = pointer;
        _length = length;
    }

    /// <summary>Where the file's first byte is mapped.</summary>
    public byte* Pointer { get; }

    /// <summary>The bytes of the file at <paramref name="path"/>, mapped; a file too big for one span is an <see cref="IOException"/>.</summary>
    public static ReadOnlyMemory<byte> Map(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        if (length == 0) return ReadOnlyMemory<byte>.Empty;
        if (length > Array.MaxLength) throw new IOException($"{path} is too big to read");
        using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        // Acquired and never released: the mapping outlives every slice of it that a memo keeps, until the process ends.
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return new MappedFile(view, pointer + view.PointerOffset, (int)length).Memory;
    }

    public override Span<byte> GetSpan() => new(Pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(Pointer + elementIndex);
    }

    public override void Unpin()
    {
        // Mapped pages never move.
    }

    protected override void Dispose(bool disposing)
    {
        // Kept for the process (see Map): the view is not released.
    }
}
