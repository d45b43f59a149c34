using System.Runtime.InteropServices;

namespace RussiaJapanBriefing.Publishing;

/// <summary>The file-system calls the writer needs beyond System.IO: hard links, the atomic exchange of two folders, contained paths.</summary>
public sealed partial class SiteWriter
{
    /// <summary>True when the two folders, or files, were exchanged in one step (Linux renameat2 with RENAME_EXCHANGE).</summary>
    private static bool Exchange(string one, string other)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return RenameAt2(AtCurrentDirectory, one, AtCurrentDirectory, other, RenameExchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library older than renameat2: rename twice
        }
    }

    /// <summary>
    /// Moves <paramref name="source"/> over <paramref name="target"/> in one step, as a rename over it does. Where the
    /// system can, the two are exchanged and the old file, now at <paramref name="source"/>, is deleted: ext4 starts
    /// writing out at once a file renamed over another (its auto_da_alloc), and deleting the old one then waited for
    /// that write before it could free the blocks. At 10,000 sources a one-claim save replaces book.json's 40 MB, and
    /// this cost it 15 to 30 ms; a file exchanged in is written out later, or never when the next save replaces it first.
    /// </summary>
    private static void MoveOver(string source, string target)
    {
        if (Exchange(source, target)) File.Delete(source);
        else File.Move(source, target, overwrite: true);
    }

    /// <summary>Clean-up on a path that is already failing: the first error is the one to report.</summary>
    private static void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A later build removes what is left (it is marked as rjb's).
        }
    }

    /// <summary>Ids are validated long before this, but a path that would leave the folder is refused here too.</summary>
    private static string Contained(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new IOException($"refusing to write '{relative}' outside the output folder");
        return full;
    }

    /// <summary>A hard link costs no copying and keeps the file's time, so the cache still recognises it.</summary>
    private static void LinkOrCopy(string from, string to)
    {
        if (OperatingSystem.IsWindows() || Link(from, to) != 0)
            File.Copy(from, to);
    }

    /// <summary>
    /// A new file, written through a buffer borrowed from the shared pool: a FileStream's own 64 KB buffer was
    /// allocated, and cleared, anew for each of thousands of files. Bytes reach the file on <see cref="Flush"/> or
    /// when the buffer fills; disposing flushes what is left.
    /// </summary>
    private sealed class PooledFileStream(string path) : WriteOnlyStream
    {
        private const int Size = 1 << 16;
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        private byte[]? _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Size);
        private int _used;
        private long _position;

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            if (_used + bytes.Length > _buffer!.Length) Flush();
            if (bytes.Length >= _buffer.Length)
            {
                RandomAccess.Write(_handle, bytes, _position);
                _position += bytes.Length;
                return;
            }
            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }


        public override void Flush()
        {
            if (_used == 0) return;
            RandomAccess.Write(_handle, _buffer.AsSpan(0, _used), _position);
            _position += _used;
            _used = 0;
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing && _buffer is not null)
            {
                try
                {
                    Flush();
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = null;
                    _handle.Dispose();
                }
            }
            base.Dispose(disposing);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string created);

    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);
}
