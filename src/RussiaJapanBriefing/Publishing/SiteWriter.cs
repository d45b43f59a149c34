using System.Text;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// Write phase. The site is written in full to a staging folder next to the output folder and swapped in only
/// when complete, so readers and the previous build never see half a site.
/// </summary>
public static class SiteWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static int Publish(string outputDirectory, IReadOnlyList<RenderedPage> pages, Theme theme)
    {
        var output = Path.GetFullPath(outputDirectory);
        var parent = Path.GetDirectoryName(output) ?? throw new IOException($"'{outputDirectory}' has no parent folder");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.staging-{Environment.ProcessId}");
        var retired = Path.Combine(parent, $".{Path.GetFileName(output)}.previous-{Environment.ProcessId}");
        DeleteIfPresent(staging);
        try
        {
            foreach (var page in pages)
            {
                var target = Contained(staging, page.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, page.Content, Utf8NoBom);
            }
            foreach (var asset in theme.Assets())
            {
                var target = Contained(staging, "assets/" + asset);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(theme.AssetsDirectory, asset), target);
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
        return pages.Count + theme.Assets().Count;
    }

    /// <summary>Ids are validated long before this, but a path that would leave the folder is refused here too.</summary>
    private static string Contained(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new IOException($"refusing to write '{relative}' outside the output folder");
        return full;
    }

    private static void DeleteIfPresent(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
