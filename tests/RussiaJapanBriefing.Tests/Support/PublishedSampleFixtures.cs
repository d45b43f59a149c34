using RussiaJapanBriefing;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>The sample book built once, without the cache, with or without a base URL.</summary>
public abstract class PublishedSampleFixture : IDisposable
{
    private readonly Dictionary<string, HtmlPage> _pages = new(StringComparer.Ordinal);

    protected PublishedSampleFixture(Uri? baseUrl)
    {
        Book = SampleBook.Create();
        BaseUrl = baseUrl;
        Result = BriefingBuilder.Run(Book.Options with { BaseUrl = baseUrl }, BuildMode.Build);
    }

    public TempBook Book { get; }
    public Uri? BaseUrl { get; }
    public BuildResult Result { get; }
    public string Output => Book.Output;

    /// <summary>The base URL every absolute address must start with.</summary>
    public const string ExpectedBase = "https://example.org/briefing/";

    public BriefingBook Model
    {
        get
        {
            Assert.True(Result.Succeeded, "the sample does not build:" + Environment.NewLine + Result.Diagnostics.Dump());
            return Result.Book!;
        }
    }

    public IReadOnlyList<string> HtmlFiles()
    {
        _ = Model;
        return SitePages.HtmlFiles(Output);
    }

    public HtmlPage Page(string relative)
    {
        _ = Model;
        lock (_pages)
        {
            if (!_pages.TryGetValue(relative, out var page))
                _pages[relative] = page = HtmlPage.Load(Path.Combine(Output, relative));
            return page;
        }
    }

    /// <summary>Addresses of the original articles: the only absolute links a page may carry besides the canonical and feed links.</summary>
    public IReadOnlyList<string> OriginalArticleUrls() =>
        Model.Sources.Select(s => s.Info?.Url).OfType<string>().ToList();

    public void Dispose()
    {
        Book.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static Uri Parse(string text)
    {
        Assert.True(BriefingBuilder.TryParseBaseUrl(text, out var url), $"'{text}' was refused as a base URL");
        return url!;
    }
}

/// <summary>No base URL: everything relative, no feeds.</summary>
public sealed class RelativeSampleFixture() : PublishedSampleFixture(null);

/// <summary>Published under a sub-path, given with its trailing slash.</summary>
public sealed class SubPathSampleFixture() : PublishedSampleFixture(Parse("https://example.org/briefing/"));

/// <summary>Published under a sub-path, given without the trailing slash (as a user may type it).</summary>
public sealed class SubPathWithoutSlashSampleFixture() : PublishedSampleFixture(Parse("https://example.org/briefing"));
