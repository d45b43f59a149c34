using System.Diagnostics;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing;

public sealed record BuildOptions(string Seeds = "seeds", string Content = "content", string Theme = "themes/default", string Output = "output");

/// <summary>What a run did: the diagnostics, and for a successful run what was built and how long each phase took.</summary>
public sealed record BuildResult(
    IReadOnlyList<Diagnostic> Diagnostics,
    BriefingBook? Book,
    int PagesRendered,
    int FilesWritten,
    IReadOnlyList<(string Phase, TimeSpan Elapsed)> Phases)
{
    public bool Succeeded => Book is not null && Diagnostics.All(d => d.Severity != Severity.Error);
}

/// <summary>
/// The pipeline: load (seeds, annotations, theme) → resolve and verify → render → write.
/// Each phase reports every problem it finds; nothing is written unless every phase before writing succeeded.
/// </summary>
public static class BriefingBuilder
{
    /// <param name="write">False for <c>check</c>: everything runs, including rendering, but nothing touches the disk.</param>
    public static BuildResult Run(BuildOptions options, bool write)
    {
        var diagnostics = new DiagnosticBag();
        var phases = new List<(string, TimeSpan)>();
        var clock = Stopwatch.StartNew();
        void Lap(string phase)
        {
            phases.Add((phase, clock.Elapsed));
            clock.Restart();
        }

        var seeds = SeedLoader.Load(options.Seeds, diagnostics);
        var annotations = AnnotationLoader.Load(options.Content, diagnostics);
        var theme = Theme.Load(options.Theme, diagnostics);
        Lap("load");

        var book = BookResolver.Resolve(seeds, annotations, options.Content, diagnostics);
        Lap("verify");
        if (book is null || theme is null) return Fail();

        var pages = new SiteRenderer(book, theme).RenderAll(diagnostics).Append(new RenderedPage(BookJson.Path, BookJson.Write(book))).ToList();
        Lap("render");
        if (diagnostics.HasErrors) return Fail();

        var written = 0;
        if (write)
        {
            try
            {
                written = SiteWriter.Publish(options.Output, pages, theme);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(Codes.OutputError, new Location(options.Output), $"cannot write the site: {e.Message}");
                return Fail();
            }
            Lap("write");
        }
        return new BuildResult(diagnostics.Sorted(), book, pages.Count, written, phases);

        BuildResult Fail() => new(diagnostics.Sorted(), null, 0, 0, phases);
    }
}
