using System.Runtime.InteropServices;

namespace RussiaJapanBriefing.Publishing;

/// <summary>The file-system calls the writer needs beyond System.IO: hard links, the atomic exchange of two folders, contained paths.</summary>
public sealed partial class SiteWriter
{
    /// <summary>True when the two folders were exchanged in one step (Linux renameat2 with RENAME_EXCHANGE).</summary>
    private static bool Exchange(string staging, string output)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return RenameAt2(AtCurrentDirectory, staging, AtCurrentDirectory, output, RenameExchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library older than renameat2: rename twice
        }
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

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string created);

    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);
}
