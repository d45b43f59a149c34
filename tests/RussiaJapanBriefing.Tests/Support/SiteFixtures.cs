using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Dom.Events;
using AngleSharp.Html.Parser;
using RussiaJapanBriefing;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// One built site per test class: inputs copied (or written) into a temp folder, built once into output/.
/// Building from a private copy keeps the tests consistent while other people edit content/ in the repository.
/// </summary>
public abstract class SiteFixture : IDisposable
{
    private readonly TempDir _temp = new("rjb-site-");
    private readonly Dictionary<string, HtmlPage> _pages = new(StringComparer.Ordinal);

    protected SiteFixture()
    {
        Seeds = _temp.Combine("input", "seeds");
        Content = _temp.Combine("input", "content");
        Theme = _temp.Combine("input", "theme");
        Output = _temp.Combine("site", "output");
        Prepare();
        Result = BriefingBuilder.Run(Options(Output), BuildMode.Build);
    }

    public string Seeds { get; }
    public string Content { get; }
    public string Theme { get; }
    public string Output { get; }
    public BuildResult Result { get; }

    /// <summary>Writes seeds, content and theme into <see cref="Seeds"/>, <see cref="Content"/> and <see cref="Theme"/>.</summary>
    protected abstract void Prepare();

    public string NewFolder(string name) => _temp.Combine("scratch", name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public BuildOptions Options(string output, string? content = null) => new(Seeds, content ?? Content, Theme, output);

    /// <summary>Asserts the build worked, listing its diagnostics when it did not.</summary>
    public void RequireSuccess()
    {
        Assert.True(Result.Succeeded, "the book does not build:" + Environment.NewLine + Result.Diagnostics.Dump());
        Assert.True(File.Exists(Path.Combine(Output, "index.html")), "the build wrote no index.html");
    }

    public IReadOnlyList<string> HtmlFiles()
    {
        RequireSuccess();
        return Directory.EnumerateFiles(Output, "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Output, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A page of the output, parsed once, by '/'-separated path relative to the output folder.</summary>
    public HtmlPage Page(string relativePath)
    {
        lock (_pages)
        {
            if (!_pages.TryGetValue(relativePath, out var page))
                _pages[relativePath] = page = HtmlPage.Load(Path.Combine(Output, relativePath));
            return page;
        }
    }

    public void Dispose()
    {
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The repository's real book (seeds/, content/, themes/default), copied at fixture time.</summary>
public sealed class RealBookFixture : SiteFixture
{
    protected override void Prepare()
    {
        TempDir.CopyDirectory(Repo.Seeds, Seeds);
        TempDir.CopyDirectory(Repo.Content, Content);
        TempDir.CopyDirectory(Repo.Theme, Theme);
    }
}

/// <summary>The small sample book, with a copy of the default theme.</summary>
public sealed class SampleBookFixture : SiteFixture
{
    protected override void Prepare()
    {
        Directory.CreateDirectory(Seeds);
        foreach (var (id, text) in SampleBook.SeedFiles)
            File.WriteAllText(Path.Combine(Seeds, id + ".txt"), text);
        foreach (var (path, yaml) in SampleBook.ContentFiles)
        {
            var target = Path.Combine(Content, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, yaml);
        }
        TempDir.CopyDirectory(Repo.Theme, Theme);
    }
}

/// <summary>A parsed HTML file and whatever the parser complained about.</summary>
public sealed class HtmlPage
{
    private HtmlPage(string path, IHtmlDocument document, IReadOnlyList<string> parseErrors)
    {
        Path = path;
        Document = document;
        ParseErrors = parseErrors;
    }

    public string Path { get; }
    public IHtmlDocument Document { get; }
    public IReadOnlyList<string> ParseErrors { get; }

    public static HtmlPage Load(string path) => Parse(path, File.ReadAllText(path));

    public static HtmlPage Parse(string path, string html)
    {
        var errors = new List<string>();
        var parser = new HtmlParser();
        parser.Error += (_, e) =>
        {
            if (e is HtmlErrorEvent error) errors.Add($"{error.Position.Line}:{error.Position.Column} {error.Message}");
        };
        var document = parser.ParseDocument(html);
        return new HtmlPage(path, document, errors);
    }

    public IEnumerable<(IElement Element, string Attribute, string Value)> Urls() =>
        Document.All.SelectMany(e => new[] { "href", "src" }
            .Where(e.HasAttribute)
            .Select(a => (e, a, e.GetAttribute(a)!)));
}

public static class Links
{
    public static bool IsExternal(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
        url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The scheme a browser would see, ignoring white space and control characters inside it; null when relative.</summary>
    public static string? Scheme(string url)
    {
        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = cleaned.IndexOf(':');
        var slash = cleaned.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon)) return null;
        return cleaned[..colon].ToLowerInvariant();
    }

    /// <summary>
    /// Checks every relative href/src of every page of a site: the file exists inside the site and, for a
    /// #fragment, the target page has an element with that id. Returns the problems found.
    /// </summary>
    public static List<string> BrokenInternalLinks(SiteFixture site)
    {
        var problems = new List<string>();
        var root = System.IO.Path.GetFullPath(site.Output) + System.IO.Path.DirectorySeparatorChar;
        foreach (var file in site.HtmlFiles())
        {
            var page = site.Page(file);
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.Combine(site.Output, file))!;
            foreach (var (element, attribute, value) in page.Urls())
            {
                if (IsExternal(value)) continue;
                var where = $"{file}: <{element.LocalName} {attribute}=\"{value}\">";
                if (value.StartsWith('/')) { problems.Add($"{where} is root-relative"); continue; }
                if (Scheme(value) is { } scheme) { problems.Add($"{where} has scheme '{scheme}'"); continue; }
                var hash = value.IndexOf('#');
                var pathPart = hash < 0 ? value : value[..hash];
                var fragment = hash < 0 ? "" : Uri.UnescapeDataString(value[(hash + 1)..]);
                var query = pathPart.IndexOf('?');
                if (query >= 0) pathPart = pathPart[..query];
                var target = pathPart.Length == 0
                    ? System.IO.Path.Combine(site.Output, file)
                    : System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, Uri.UnescapeDataString(pathPart)));
                if (!target.StartsWith(root, StringComparison.Ordinal)) { problems.Add($"{where} leaves the site"); continue; }
                if (!File.Exists(target)) { problems.Add($"{where} points at a missing file"); continue; }
                if (fragment.Length == 0) continue;
                var relative = System.IO.Path.GetRelativePath(site.Output, target).Replace('\\', '/');
                if (!relative.EndsWith(".html", StringComparison.Ordinal)) { problems.Add($"{where} has a fragment into a non-page"); continue; }
                if (site.Page(relative).Document.GetElementById(fragment) is null)
                    problems.Add($"{where}: {relative} has no element with id '{fragment}'");
            }
        }
        return problems;
    }

    public static string Report(IReadOnlyCollection<string> problems) =>
        $"{problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(25))}";
}
