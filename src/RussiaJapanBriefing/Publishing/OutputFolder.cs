using System.IO.Enumeration;
using System.Runtime.InteropServices;
using System.Text;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// The rule for a folder rjb writes (the site's output, serve's preview, pdf's folder): it is used only when it is
/// missing, empty, or marked as rjb's own by the manifest a build writes into it, and it never is, holds or lies
/// inside an input folder or the cache, nor is the current folder or a parent of it. A build replaces its output
/// whole, so any other folder would lose files that are not rjb's to delete.
/// </summary>
public static partial class OutputFolder
{
    /// <summary>Every file rjb wrote, with its SHA-256, in the format of <c>sha256sum</c>; its presence marks the folder as rjb's.</summary>
    public const string ManifestPath = ".rjb-manifest";

    private const string Header = "# rjb manifest 1: this folder was written by rjb, which replaces it whole on the next build; check it with sha256sum -c";

    /// <summary>The manifest listing <paramref name="files"/> (site-relative path and SHA-256), sorted, so the same files give the same bytes.</summary>
    public static byte[] Manifest(IEnumerable<(string Path, string Hash)> files) => SortedManifest(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());

    /// <summary>The manifest of <paramref name="files"/> already in path order: a site's tens of thousands are sorted once by the writer, not again here.</summary>
    /// <param name="offsets">When given, gets where each file's hash starts in the manifest, in the order of <paramref name="files"/>.</param>
    internal static byte[] SortedManifest(IReadOnlyList<(string Path, string Hash)> files, int[]? offsets = null)
    {
        var i = 0;
        var size = Encoding.UTF8.GetByteCount(Header) + 1;
        foreach (var (path, hash) in files) size += hash.Length + 3 + Encoding.UTF8.GetByteCount(path);
        var bytes = new byte[size];
        var at = Encoding.UTF8.GetBytes(Header, bytes);
        bytes[at++] = (byte)'\n';
        foreach (var (path, hash) in files)
        {
            if (offsets is not null) offsets[i++] = at;
            at += Encoding.UTF8.GetBytes(hash, bytes.AsSpan(at));
            bytes[at++] = (byte)' ';
            bytes[at++] = (byte)' ';
            at += Encoding.UTF8.GetBytes(path, bytes.AsSpan(at));
            bytes[at++] = (byte)'\n';
        }
        return bytes;
    }

    /// <summary>The manifest that only marks a folder as rjb's (a staging folder before anything is in it).</summary>
    public static byte[] Marker() => Manifest([]);

    /// <summary>
    /// For a folder rjb adds files to rather than replaces (pdf's): marks it with a manifest of the files it listed
    /// before and <paramref name="added"/>, as they are on disk now.
    /// </summary>
    public static void Record(string folder, IEnumerable<string> added)
    {
        var files = Listed(folder).Concat(added).Distinct(StringComparer.Ordinal)
            .Where(path => File.Exists(Path.Combine(folder, path)))
            .Select(path => (path, HashOf(Path.Combine(folder, path))));
        File.WriteAllBytes(Path.Combine(folder, ManifestPath), Manifest(files));
    }

    /// <summary>The paths a folder's manifest lists (none when it has no manifest): one "hash  path" line each after the header.</summary>
    internal static IEnumerable<string> Listed(string folder)
    {
        var manifest = Path.Combine(folder, ManifestPath);
        return File.Exists(manifest)
            ? File.ReadLines(manifest).Skip(1).Select(l => l.Split("  ", 2)).Where(p => p.Length == 2).Select(p => p[1])
            : [];
    }

    private static string HashOf(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>True when the folder holds rjb's manifest (only its first line is read).</summary>
    public static bool IsMarked(string folder)
    {
        var file = Path.Combine(folder, ManifestPath);
        try
        {
            if (!File.Exists(file)) return false;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read);
            var expected = Encoding.UTF8.GetBytes(Header + "\n");
            var buffer = new byte[expected.Length];
            stream.ReadExactly(buffer);
            return buffer.AsSpan().SequenceEqual(expected);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A real folder (not a link) that is empty or marked: rjb may delete or replace it.</summary>
    public static bool IsOurs(string folder) =>
        Directory.Exists(folder) && new DirectoryInfo(folder).LinkTarget is null
        && (IsMarked(folder) || !Directory.EnumerateFileSystemEntries(folder).Any());

    /// <summary>
    /// Why <paramref name="given"/> may not be used as the folder rjb replaces (<paramref name="what"/>, e.g. "output
    /// folder"), or nothing when it may. <paramref name="inputs"/> are the folders it must stay clear of, by role.
    /// </summary>
    /// <param name="listFiles">False leaves out the check that lists every file in a marked folder for files rjb did not write.</param>
    public static IEnumerable<string> Problems(string what, string given, IEnumerable<(string Role, string? Path)> inputs, bool listFiles = true)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            yield return $"the {what} is an empty path";
            yield break;
        }
        var shown = $"the {what} '{given}'";
        var literal = Full(given);
        if (File.Exists(literal) && !Directory.Exists(literal))
        {
            yield return $"{shown} is a file, not a folder; choose a folder";
            yield break;
        }
        if (Path.Exists(literal) && new FileInfo(literal).LinkTarget is { } target)
        {
            yield return $"{shown} is a symbolic link (to '{target}'): a build would replace the link with a folder; give the folder itself";
            yield break;
        }
        if (AncestorFile(literal) is { } file)
        {
            yield return $"{shown} cannot be created: '{file}' is a file";
            yield break;
        }

        var real = Real(given);
        var here = Real(Directory.GetCurrentDirectory());
        const string replaces = "rjb replaces that folder whole on every build";
        var problems = new List<string>();
        if (Same(real, here)) problems.Add($"{shown} is the current folder: {replaces}, so it would delete everything here; choose a folder of its own, such as 'output'");
        else if (Inside(here, real)) problems.Add($"{shown} contains the current folder: {replaces}, so it would delete this project; choose a folder of its own, such as 'output'");
        foreach (var (role, path) in inputs)
        {
            if (string.IsNullOrWhiteSpace(path)) continue;
            var other = Real(path);
            if (Same(real, other)) problems.Add($"{shown} is the {role}: {replaces}, so it would delete it");
            else if (Inside(other, real)) problems.Add($"{shown} contains the {role} '{path}': {replaces}, so it would delete it");
            else if (Inside(real, other)) problems.Add($"{shown} lies inside the {role} '{path}': the site must not be written into it");
        }
        // Said only when nothing above explains it better: this is the case of an output from an older rjb.
        if (problems.Count == 0 && Directory.Exists(literal) && !IsOurs(literal))
            problems.Add($"{shown} already holds files that rjb did not write (it has no {ManifestPath}), and {replaces}: " +
                "if they are a site built by an older rjb or files you no longer need, delete the folder yourself; otherwise choose another folder");
        // A marked folder may still have gained someone's file since (a CNAME, notes): replacing the folder would lose it.
        else if (listFiles && problems.Count == 0 && Directory.Exists(literal) && Unlisted(literal) is { Count: > 0 } added)
            problems.Add($"{shown} holds {Files(added)} that rjb did not write (not in its {ManifestPath}), and {replaces}: " +
                "move them out of it first");
        foreach (var sibling in Path.GetDirectoryName(literal) is null ? [] : new[] { SiteWriter.StagingPath(literal), SiteWriter.RetiredPath(literal) })
            if (Path.Exists(sibling) && !IsOurs(sibling))
                problems.Add($"'{sibling}' is in the way: rjb stages the {what} there, and it holds files that rjb did not write; move it elsewhere");
        foreach (var problem in problems) yield return problem;
    }

    /// <summary>The files (and links) in a marked folder that its manifest does not list, in path order.</summary>
    private static List<string> Unlisted(string folder)
    {
        if (!File.Exists(Path.Combine(folder, ManifestPath))) return [];
        var listed = Listed(folder).Append(ManifestPath).ToHashSet(StringComparer.Ordinal);
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        // Read from the folder listing alone: a site has tens of thousands of files, and only its few folders need a
        // second look (is it a link?), which a FileInfo per entry would cost for every file.
        return new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => Path.GetRelativePath(folder, entry.ToFullPath()).Replace('\\', '/'), everything)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory || entry.ToFileSystemInfo().LinkTarget is not null,
            // A linked folder is one added entry: what lies behind it is someone else's, and not read.
            ShouldRecursePredicate = (ref FileSystemEntry entry) => entry.ToFileSystemInfo().LinkTarget is null,
        }
            .Where(path => !listed.Contains(path))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string Files(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(5).Select(p => $"'{p}'")) + (paths.Count > 5 ? $" and {paths.Count - 5} more file(s)" : "");

    /// <summary>Why the cache folder may not be used: it must be a folder (or not exist yet) and no input folder.</summary>
    public static IEnumerable<string> CacheProblems(string given, IEnumerable<(string Role, string? Path)> inputs)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            yield return "the cache folder is an empty path";
            yield break;
        }
        var literal = Full(given);
        if ((File.Exists(literal) && !Directory.Exists(literal)) || AncestorFile(literal) is not null)
        {
            yield return $"the cache folder '{given}' is a file, or lies under one; choose a folder";
            yield break;
        }
        var real = Real(given);
        foreach (var (role, path) in inputs)
            if (!string.IsNullOrWhiteSpace(path) && Inside(real, Real(path)))
                yield return $"the cache folder '{given}' is or lies inside the {role} '{path}': the cache must not be written into an input";
    }

    /// <summary>The nearest existing ancestor of <paramref name="full"/> when it is a file (so the folder can never be made).</summary>
    private static string? AncestorFile(string full)
    {
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return null;
            if (File.Exists(dir)) return dir;
        }
        return null;
    }

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static StringComparison Comparison => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private static bool Same(string a, string b) => string.Equals(a, b, Comparison);

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or lies below it.</summary>
    private static bool Inside(string inner, string outer) =>
        Same(inner, outer) || inner.StartsWith(outer.EndsWith(Path.DirectorySeparatorChar) ? outer : outer + Path.DirectorySeparatorChar, Comparison);

    /// <summary>The absolute path with every symbolic link in its existing part resolved, so a link cannot hide that two folders are one.</summary>
    internal static string Real(string path)
    {
        var full = Full(path);
        if (OperatingSystem.IsWindows()) return full;
        var existing = full;
        var rest = new Stack<string>();
        while (!Directory.Exists(existing) && !File.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }
        var resolved = RealPath(existing, 0);
        if (resolved == 0) return full;
        try
        {
            var real = Marshal.PtrToStringUTF8(resolved)!;
            return rest.Count == 0 ? real : Path.Combine([real, .. rest]);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
