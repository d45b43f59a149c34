using System.Runtime.InteropServices;
using System.Text.Json;
using AngleSharp.Dom;
using RussiaJapanBriefing;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// The sample book (<see cref="SampleBook"/>) in a <see cref="TempBook"/> with its own copy of the default theme,
/// so a test may edit templates and assets, and a private build cache folder. Builds go to <see cref="TempBook.Output"/>
/// unless told otherwise; clean builds for comparison go to fresh folders beside it.
/// </summary>
public sealed class PublishingBook : IDisposable
{
    private readonly TempDir _theme = new("rjb-theme-");
    private int _clean;

    public PublishingBook()
    {
        TempDir.CopyDirectory(Repo.Theme, _theme.Path);
        Book = SampleBook.Create(_theme.Path);
    }

    public TempBook Book { get; }
    public string Output => Book.Output;
    public string Theme => Book.Theme;
    public string Cache => Book.Combine("cache");

    public BuildOptions Options(string? output = null, Uri? baseUrl = null, bool cache = false) =>
        Book.Options with { Output = output ?? Output, BaseUrl = baseUrl, Cache = cache ? Cache : null };

    /// <summary>A build with the cache into <see cref="Output"/>; fails the test if the book does not build.</summary>
    public BuildResult BuildCached(Uri? baseUrl = null) => Require(BriefingBuilder.Run(Options(baseUrl: baseUrl, cache: true), BuildMode.Build));

    /// <summary>Deletes the cached build's snapshot, so the next cached build runs every phase even when nothing changed.</summary>
    public void ForgetSnapshot()
    {
        foreach (var file in Directory.GetFiles(Cache, "snapshot-*.bin")) File.Delete(file);
    }

    /// <summary>A build from scratch (no cache) into a new folder; returns that folder.</summary>
    public string BuildClean(Uri? baseUrl = null)
    {
        var folder = Book.Combine("clean", $"{++_clean}", "output");
        Require(BriefingBuilder.Run(Options(folder, baseUrl), BuildMode.Build));
        return folder;
    }

    public static BuildResult Require(BuildResult result)
    {
        Assert.True(result.Succeeded, "the book does not build:" + Environment.NewLine + result.Diagnostics.Dump());
        return result;
    }

    public string ThemeFile(params string[] parts) => Path.Combine([Theme, .. parts]);

    /// <summary>
    /// The search shards and book.json's files in <see cref="Output"/>: a build that renders every page again still keeps
    /// those whose bytes the search index's record, and book.json's, vouch for (the search manifest is made again).
    /// </summary>
    public int KeptDataFiles() => Directory.GetFiles(Path.Combine(Output, "data", "search"), "*.js").Count(f => Path.GetFileName(f) != "manifest.js")
        + Directory.GetFiles(Path.Combine(Output, "data"), "*.json", SearchOption.AllDirectories).Length;

    public void Dispose()
    {
        Book.Dispose();
        _theme.Dispose();
    }
}

/// <summary>What a folder of files looks like at one moment: bytes, last-write time and (on Linux) inode of each file.</summary>
public sealed class FolderState
{
    public sealed record FileState(byte[] Bytes, DateTime LastWriteUtc, ulong? Inode);

    private FolderState(string root, SortedDictionary<string, FileState> files)
    {
        Root = root;
        Files = files;
    }

    public string Root { get; }
    public SortedDictionary<string, FileState> Files { get; }

    public static FolderState Of(string root)
    {
        var files = new SortedDictionary<string, FileState>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(root, file).Replace('\\', '/')] =
                new FileState(File.ReadAllBytes(file), File.GetLastWriteTimeUtc(file), Inodes.Of(file));
        return files.Count == 0 ? throw new InvalidOperationException($"{root} holds no files") : new FolderState(root, files);
    }

    /// <summary>The files whose bytes differ between two states, plus those only one of them has.</summary>
    public static SortedSet<string> Differences(FolderState a, FolderState b)
    {
        var paths = new SortedSet<string>(a.Files.Keys.Union(b.Files.Keys), StringComparer.Ordinal);
        paths.RemoveWhere(p => a.Files.TryGetValue(p, out var x) && b.Files.TryGetValue(p, out var y) && x.Bytes.AsSpan().SequenceEqual(y.Bytes));
        return paths;
    }

    /// <summary>Fails listing every file that is missing, extra or different between two folders.</summary>
    public static void AssertSameBytes(string expected, string actual, string because)
    {
        var differences = Differences(Of(expected), Of(actual));
        Assert.True(differences.Count == 0,
            $"{because}: {differences.Count} file(s) differ between {expected} and {actual}:{Environment.NewLine}{string.Join(Environment.NewLine, differences.Take(30))}");
    }

    /// <summary>Fails unless every file of <paramref name="before"/> is still there with the same bytes, time and inode (and no file was added).</summary>
    public static void AssertUntouched(FolderState before, FolderState after, IEnumerable<string>? except = null)
    {
        var skip = new HashSet<string>(except ?? [], StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var path in before.Files.Keys.Union(after.Files.Keys).Where(p => !skip.Contains(p)))
        {
            if (!after.Files.TryGetValue(path, out var now)) { problems.Add($"{path} disappeared"); continue; }
            if (!before.Files.TryGetValue(path, out var then)) { problems.Add($"{path} appeared"); continue; }
            if (!then.Bytes.AsSpan().SequenceEqual(now.Bytes)) problems.Add($"{path}: contents changed");
            if (then.LastWriteUtc != now.LastWriteUtc) problems.Add($"{path}: last-write time changed ({then.LastWriteUtc:O} -> {now.LastWriteUtc:O})");
            if (then.Inode != now.Inode) problems.Add($"{path}: inode changed ({then.Inode} -> {now.Inode}): the file was written anew");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} file(s) were touched:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(30))}");
    }
}

/// <summary>The inode of a file on Linux (null elsewhere), to tell a file kept in place from one written anew.</summary>
public static class Inodes
{
    // struct stat on 64-bit Linux (x86-64 and arm64 alike) starts with st_dev (8 bytes) then st_ino (8 bytes).
    [DllImport("libc", EntryPoint = "stat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Stat(string path, byte[] buffer);

    public static ulong? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return null;
        var buffer = new byte[512];
        return Stat(path, buffer) == 0 ? BitConverter.ToUInt64(buffer, 8) : throw new IOException($"stat {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }
}

/// <summary>Helpers for pages of a built output folder.</summary>
public static class SitePages
{
    public static IReadOnlyList<string> HtmlFiles(string output) =>
        Directory.EnumerateFiles(output, "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    public static HtmlPage Page(string output, string relative) => HtmlPage.Load(Path.Combine(output, relative));

    /// <summary>The JSON-LD blocks of a page (script elements of type application/ld+json), parsed.</summary>
    public static IReadOnlyList<JsonElement> JsonLd(HtmlPage page) =>
        page.Document.QuerySelectorAll("script")
            .Where(s => string.Equals(s.GetAttribute("type"), "application/ld+json", StringComparison.OrdinalIgnoreCase))
            .Select(s =>
            {
                try
                {
                    using var json = JsonDocument.Parse(s.TextContent);
                    return json.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    Assert.Fail($"{page.Path}: JSON-LD does not parse ({e.Message}):{Environment.NewLine}{s.TextContent}");
                    throw;
                }
            }).ToList();

    /// <summary>Resolves a page-relative href against the page's '/'-separated path; returns the site path and fragment.</summary>
    public static (string Path, string Fragment) Resolve(string pagePath, string href)
    {
        var resolved = new Uri(new Uri("http://site.invalid/" + pagePath), href);
        Assert.Equal("site.invalid", resolved.Host);
        return (Uri.UnescapeDataString(resolved.AbsolutePath.TrimStart('/')), Uri.UnescapeDataString(resolved.Fragment.TrimStart('#')));
    }

    /// <summary>Every href, src and form action of a page.</summary>
    public static IEnumerable<(IElement Element, string Attribute, string Value)> Urls(HtmlPage page) =>
        page.Document.All.SelectMany(e => new[] { "href", "src", "action" }
            .Where(e.HasAttribute)
            .Select(a => (e, a, e.GetAttribute(a)!)));
}
