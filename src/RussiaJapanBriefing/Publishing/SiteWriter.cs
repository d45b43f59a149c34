using System.Runtime.InteropServices;
using System.Text;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Publishing;

/// <summary>What a publish did: the files it wrote anew, how many it kept as they were, and the files it dropped.</summary>
public sealed record PublishReport(IReadOnlyList<string> Written, int Unchanged, IReadOnlyList<string> Removed)
{
    public bool NothingChanged => Written.Count == 0 && Removed.Count == 0;
}

/// <summary>
/// Write phase. The site is assembled in a staging folder next to the output folder and swapped in only when
/// complete, so readers and the previous build never see half a site. With a <see cref="BuildCache"/>, files that
/// are unchanged are linked from the current output instead of written, and a build that changes nothing writes
/// nothing at all.
/// </summary>
public static partial class SiteWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private sealed record OutputFile(string Path, byte[]? Bytes, string Fingerprint, string Hash, bool Unchanged);

    public static PublishReport Publish(string outputDirectory, IReadOnlyList<RenderedPage> pages, Theme theme, BuildCache? cache = null)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var files = Plan(pages, theme, cache);
        var removed = cache is null ? [] : cache.Paths.Except(files.Select(f => f.Path), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var written = files.Where(f => !f.Unchanged).Select(f => f.Path).ToList();
        if (cache is not null && written.Count == 0 && removed.Count == 0 && Directory.Exists(output))
        {
            // Nothing to write, but fingerprints may have moved (a theme file no page uses): remember them.
            cache.Save(files.Select(f => (f.Path, f.Fingerprint, f.Hash)));
            return new PublishReport([], files.Count, []);
        }

        var parent = Path.GetDirectoryName(output) ?? throw new IOException($"'{outputDirectory}' has no parent folder");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.staging-{Environment.ProcessId}");
        var retired = Path.Combine(parent, $".{Path.GetFileName(output)}.previous-{Environment.ProcessId}");
        DeleteIfPresent(staging);
        try
        {
            foreach (var file in files)
            {
                var target = Contained(staging, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (file.Bytes is null) LinkOrCopy(Contained(output, file.Path), target);
                else File.WriteAllBytes(target, file.Bytes);
            }

            DeleteIfPresent(retired);
            if (Directory.Exists(output)) Directory.Move(output, retired);
            Directory.Move(staging, output);
            DeleteIfPresent(retired);
        }
        catch
        {
            DeleteIfPresent(staging);
            if (!Directory.Exists(output) && Directory.Exists(retired)) Directory.Move(retired, output);
            throw;
        }
        cache?.Save(files.Select(f => (f.Path, f.Fingerprint, f.Hash)));
        return new PublishReport(written, files.Count - written.Count, removed);
    }

    /// <summary>Every file of the site, with its content only where it differs from what the output folder already holds.</summary>
    private static List<OutputFile> Plan(IReadOnlyList<RenderedPage> pages, Theme theme, BuildCache? cache)
    {
        var files = new List<OutputFile>();
        foreach (var page in pages)
        {
            if (page.Content is null)
            {
                // The renderer found this page fresh in the cache: its file is already right.
                files.Add(new OutputFile(page.Path, null, page.Fingerprint, cache!.HashOf(page.Path)!, true));
                continue;
            }
            files.Add(Compare(page.Path, Utf8NoBom.GetBytes(page.Content), page.Fingerprint, cache));
        }
        foreach (var asset in theme.Assets())
        {
            var bytes = File.ReadAllBytes(Path.Combine(theme.AssetsDirectory, asset));
            files.Add(Compare("assets/" + asset, bytes, BuildCache.Hash(bytes), cache));
        }
        return files;
    }

    private static OutputFile Compare(string path, byte[] bytes, string fingerprint, BuildCache? cache)
    {
        var hash = BuildCache.Hash(bytes);
        var unchanged = cache?.HashOf(path) == hash;
        return new OutputFile(path, unchanged ? null : bytes, fingerprint, hash, unchanged);
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

    private static void DeleteIfPresent(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
