using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>What every output is made from: the verified book, the theme and the build's settings.</summary>
/// <param name="BaseUrl">Where the site will be published; outputs that need absolute addresses are made only with it.</param>
/// <param name="Publishing">False for <c>check</c>, which produces every file to find every problem but keeps none.</param>
public sealed record SiteContext(BriefingBook Book, Theme Theme, Uri? BaseUrl, bool LiveReload, bool Publishing)
{
    /// <summary>What earlier builds made of each search document and wrote of the index (<c>serve</c>'s, and the command line's from its cache folder); null makes every shard again.</summary>
    public SearchMemo? Search { get; init; }

    /// <summary>What the command line's last build wrote of book.json, from its cache folder; null makes every entry (serve keeps entries with its records).</summary>
    public BookJsonMemo? BookData { get; init; }

    /// <summary>The topics' briefs kept from earlier builds (<c>serve</c>'s); null makes them for this build alone.</summary>
    public BriefMemo? Briefs { get; init; }

    /// <summary>
    /// For the command line, whose cache holds what its last published build made: the claims an edit replaced in place
    /// since that build, when that is all it changed (see BriefingBuilder); null when that is not known. What the build
    /// makes of every other record is as that build made it.
    /// </summary>
    internal IReadOnlyList<ClaimEdit>? Edited { get; init; }
}

/// <summary>
/// One output of the site (the pages, book.json, the search index, the sitemap, the feed, the theme's assets): it
/// writes its files into the sink and reports problems. Each is listed once, in <see cref="Outputs.All"/>.
/// </summary>
public interface IOutput
{
    void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics);

    /// <summary>
    /// Made from what it reads of the book, and not a page (book.json, the search index, the feed): the incremental
    /// engine keeps it as it keeps a page, while nothing it read has changed. Not the sitemap, which lists the files
    /// written, nor the assets, which come from the theme.
    /// </summary>
    bool WholeBook => false;
}

/// <summary>Every output of a build, in the order they run. A new output format is one class, its templates and a line here.</summary>
public static class Outputs
{
    /// <summary>The sitemap lists the pages written before it, so it comes after them.</summary>
    public static readonly IReadOnlyList<IOutput> All = [new Pages(), new BookJson(), new SearchIndex(), new Sitemap(), new AtomFeed(), new Assets()];

    public static void WriteAll(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics) => Run(output => output.Write(site, sink, diagnostics));

    /// <summary>
    /// Runs <paramref name="write"/> for every output: the whole-book ones (book.json, the search index, the feed) each
    /// on a thread of its own beside the others (<see cref="KeptThreads"/>), as each is mostly one thread's work that would otherwise wait for the
    /// pages, and reads only the book and writes only files of its own. Returns when all are done; the first failure of
    /// the pages and the rest is the one thrown, else the first of the whole-book outputs.
    /// </summary>
    public static void Run(Action<IOutput> write)
    {
        var beside = All.Where(o => o.WholeBook)
            .Select(o => Task.Factory.StartNew(() => write(o), CancellationToken.None, TaskCreationOptions.HideScheduler, KeptThreads.Shared)).ToList();
        try
        {
            foreach (var output in All.Where(o => !o.WholeBook)) write(output);
        }
        finally
        {
            // Never return while one still writes into the sink; what failed is thrown below, or lost to the failure above.
            ((IAsyncResult)Task.WhenAll(beside)).AsyncWaitHandle.WaitOne();
        }
        foreach (var task in beside) task.GetAwaiter().GetResult();
    }
}

/// <summary>Every page of the site, rendered from the theme's templates.</summary>
public sealed class Pages : IOutput
{
    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics) => Renderer(site, sink).RenderAll(diagnostics);

    /// <summary>The renderer of the site's pages into <paramref name="sink"/>, for a caller that plans or renders only some of them.</summary>
    public static SiteRenderer Renderer(SiteContext site, IOutputSink sink) =>
        new(site.Book, site.Theme, sink, site.BaseUrl, site.LiveReload, site.Briefs);
}

/// <summary>The theme's static files, copied as they are; <c>check</c> skips them, as nothing in them can be wrong in a way a build finds.</summary>
public sealed class Assets : IOutput
{
    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics)
    {
        if (!site.Publishing) return;
        foreach (var (path, bytes) in site.Theme.Assets) sink.Copy(SiteLayout.Asset(path), bytes);
    }
}
