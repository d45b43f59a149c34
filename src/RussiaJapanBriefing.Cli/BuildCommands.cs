using System.CommandLine;
using System.Globalization;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Verification;
using static RussiaJapanBriefing.Commands.Shell;

namespace RussiaJapanBriefing.Commands;

/// <summary><c>build</c> writes the site; <c>check</c> runs the same pipeline, keeps nothing, and can report coverage.</summary>
internal static class BuildCommands
{
    private static readonly Option<string> Output = new("--output") { Description = "Folder the site is written to", DefaultValueFactory = _ => "output" };

    private static readonly Option<string?> BaseUrl = BaseUrlOption();

    private static readonly Option<string> CacheFolder = new("--cache") { Description = "Folder for the build cache, so a rebuild renders and writes only what changed", DefaultValueFactory = _ => ".cache" };
    private static readonly Option<bool> NoCache = new("--no-cache") { Description = "Render and write every page, ignoring the build cache" };

    private static readonly Option<bool> Coverage = new("--coverage") { Description = "Also report, per source, the share of article sentences cited and list those that are not" };
    private static readonly Option<double> MinCoverage = new("--min-coverage")
    {
        Description = "With --coverage: fail unless every annotated source has at least this percentage of sentences cited and a reason for each uncited one",
        DefaultValueFactory = _ => 95,
        CustomParser = result => Number(result, "--min-coverage", 0, 100, "a percentage from 0 to 100"),
    };

    public static Command Build()
    {
        var build = new Command("build", "Verify the book and write the site to the output folder") { Seeds, Content, Theme, Output, BaseUrl, CacheFolder, NoCache };
        build.SetAction(parsed => Interruptible(cancellation => Run(parsed, BuildMode.Build, cancellation)));
        return build;
    }

    public static Command Check()
    {
        var check = new Command("check", "Verify the book and render every page, without writing anything") { Seeds, Content, Theme, Coverage, MinCoverage };
        check.SetAction(parsed => Run(parsed, BuildMode.Check, CancellationToken.None));
        return check;
    }

    private static Option<string?> BaseUrlOption()
    {
        var option = new Option<string?>("--base-url") { Description = "Address the site will be published at (e.g. https://example.org/briefing/): adds canonical links, sitemap.xml, robots.txt and atom.xml" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !BriefingBuilder.TryParseBaseUrl(text, out _))
                result.AddError($"--base-url '{text}' is not an absolute http(s) address without query or fragment");
        });
        return option;
    }

    private static int Run(ParseResult parsed, BuildMode mode, CancellationToken cancellation)
    {
        var write = mode == BuildMode.Build;
        Uri? site = null;
        if (write && parsed.GetValue(BaseUrl) is { } text) _ = BriefingBuilder.TryParseBaseUrl(text, out site); // the option's validator refused a bad one
        var options = Options(parsed, write ? parsed.GetValue(Output)! : "output") with
        {
            BaseUrl = site,
            Cache = write && !parsed.GetValue(NoCache) ? parsed.GetValue(CacheFolder) : null,
        };
        OneShotHeap.Prepare(options.Cache is { } cache ? CheckedFile.Footprint(cache, options.Output) : 0);
        // The process ends with the build: its cache files are read in place from the page cache, not into fresh heap.
        CheckedFile.MapsFiles = true;
        // The build checks the folders itself before it reads anything: what it refuses is a usage error.
        var result = BriefingBuilder.Run(options, mode, cancellation);
        if (Refused(result.Refused)) return 2;
        Print(result.Diagnostics);
        if (result.Cancelled)
        {
            Console.Error.WriteLine($"rjb: interrupted; nothing was written and {options.Output}/ is as it was");
            return 1;
        }

        var errors = result.Diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = result.Diagnostics.Count - errors;
        var timings = string.Join(", ", result.Phases.Select(p => $"{p.Phase} {Ms(p.Elapsed)}"));
        var total = Ms(TimeSpan.FromTicks(result.Phases.Sum(p => p.Elapsed.Ticks)));
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"{(write ? "build" : "check")} failed: {errors} error(s), {warnings} warning(s); nothing was written ({timings})");
            return 1;
        }
        var book = result.Summary!;
        var what = $"{book.Sources} sources, {book.Entities} entities, {book.Claims} claims, {book.Dated} dated";
        // With the cache, a build that changed nothing says so first, whether it replayed the last build's report or rendered to compare.
        var unchanged = result.Publish is { NothingChanged: true } && options.Cache is not null;
        Console.WriteLine(!write
            ? $"check passed: {what}; {result.PagesRendered} pages render in {total} ({timings}); {warnings} warning(s)"
            : unchanged
            ? $"nothing changed: {options.Output}/ is up to date ({result.FilesWritten} files from {what}) and was not touched; checked in {total} ({timings}); {warnings} warning(s)"
            : $"built {result.PagesRendered} pages ({result.FilesWritten} files) into {options.Output}/ from {what} in {total} ({timings}); {warnings} warning(s)");
        if (result.Publish is { } report && options.Cache is not null && !unchanged)
        {
            Console.WriteLine($"wrote {report.Written.Count} file(s), kept {report.Unchanged} unchanged, removed {report.Removed.Count}");
            foreach (var path in report.Written.Take(20)) Console.WriteLine($"  wrote {path}");
            if (report.Written.Count > 20) Console.WriteLine($"  … and {report.Written.Count - 20} more");
            foreach (var path in report.Removed) Console.WriteLine($"  removed {path}");
        }
        return !write && parsed.GetValue(Coverage) ? ReportCoverage(result.Book!, parsed.GetValue(MinCoverage)) : 0;
    }

    private static int ReportCoverage(BriefingBook book, double minimum)
    {
        var failing = 0;
        foreach (var source in book.Sources)
        {
            if (source.Info is null)
            {
                Console.WriteLine($"coverage {source.Id}: not yet annotated");
                continue;
            }
            var c = Verification.Coverage.Measure(book, source);
            var meets = c.Meets(minimum);
            if (!meets) failing++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"coverage {source.Id}: {c.Cited}/{c.Sentences} article sentences cited ({c.Percent:0.0}%), {c.Uncited.Count - c.Unexplained.Count()} uncited with a reason, {c.Unexplained.Count()} without{(meets ? "" : "  << below target")}"));
            foreach (var u in c.Uncited)
                Console.WriteLine($"  {source.Path}({u.Line},1): uncited{(u.Reason is null ? "" : $" ({u.Reason})")}: {u.Text}");
        }
        Console.WriteLine(failing == 0
            ? $"coverage target met: every annotated source has at least {minimum}% of its sentences cited and a reason for the rest"
            : $"coverage target missed by {failing} source(s) (at least {minimum}% cited, and a reason for every uncited sentence)");
        return failing == 0 ? 0 : 1;
    }
}
