using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using RussiaJapanBriefing;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Publishing.Preview;
using RussiaJapanBriefing.Verification;

// A thin shell over the library: parse the command line, run the pipeline, print what happened.
// Exit codes: 0 success, 1 the content has errors, 2 the command line is wrong, 3 an internal error,
// 130 and 143 interrupted by SIGINT (Ctrl+C) and SIGTERM. (README "Command line")

var seeds = new Option<string>("--seeds") { Description = "Folder of source articles (*.txt)", DefaultValueFactory = _ => "seeds" };
var content = new Option<string>("--content") { Description = "Folder of YAML annotations", DefaultValueFactory = _ => "content" };
var theme = new Option<string>("--theme") { Description = "Theme folder (templates/ and assets/)", DefaultValueFactory = _ => "themes/default" };
var output = new Option<string>("--output") { Description = "Folder the site is written to", DefaultValueFactory = _ => "output" };
var baseUrl = new Option<string?>("--base-url") { Description = "Address the site will be published at (e.g. https://example.org/briefing/): adds canonical links, sitemap.xml, robots.txt and atom.xml" };
baseUrl.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string?>() is { } text && !BriefingBuilder.TryParseBaseUrl(text, out _))
        result.AddError($"--base-url '{text}' is not an absolute http(s) address without query or fragment");
});

var coverage = new Option<bool>("--coverage") { Description = "Also report, per source, the share of article sentences cited and list those that are not" };
var minCoverage = new Option<double>("--min-coverage")
{
    Description = "With --coverage: fail unless every annotated source has at least this percentage of sentences cited and a reason for each uncited one",
    DefaultValueFactory = _ => 95,
    CustomParser = result => Number(result, "--min-coverage", 0, 100, "a percentage from 0 to 100"),
};

var cacheFolder = new Option<string>("--cache") { Description = "Folder for the build cache, so a rebuild renders and writes only what changed", DefaultValueFactory = _ => ".cache" };
var noCache = new Option<bool>("--no-cache") { Description = "Render and write every page, ignoring the build cache" };

var build = new Command("build", "Verify the book and write the site to the output folder") { seeds, content, theme, output, baseUrl, cacheFolder, noCache };
var check = new Command("check", "Verify the book and render every page, without writing anything") { seeds, content, theme, coverage, minCoverage };
var port = new Option<int>("--port")
{
    Description = "Port on 127.0.0.1 for the preview server",
    DefaultValueFactory = _ => 8080,
    // Parsed here rather than validated afterwards: reading a value that did not parse ("abc") from a validator aborts.
    CustomParser = result => (int)Number(result, "--port", 1, 65535, "a whole number from 1 to 65535", whole: true),
};
var previewFolder = new Option<string>("--output") { Description = "Folder the preview is built in (not the published output)", DefaultValueFactory = _ => ".cache/preview" };
var serve = new Command("serve", "Build the book, serve it on 127.0.0.1, and rebuild and reload the browser when seeds, annotations or the theme change")
    { seeds, content, theme, previewFolder, port };
serve.SetAction(parsed =>
{
    // The preview's own cache folder, beside the preview rather than around it: an output never lies inside its cache.
    var options = new BuildOptions(parsed.GetValue(seeds)!, parsed.GetValue(content)!, parsed.GetValue(theme)!, parsed.GetValue(previewFolder)!,
        Cache: ".cache/serve");
    if (Refused(BriefingBuilder.Validate(options, write: true))) return 2;
    using var stop = new ManualResetEventSlim();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Set(); };
    try
    {
        using var server = PreviewServer.Start(options, parsed.GetValue(port), Console.Error.WriteLine);
        Console.WriteLine($"serving {server.Url} (only this machine can connect); press Ctrl+C to stop");
        stop.Wait();
    }
    catch (System.Net.Sockets.SocketException e)
    {
        Console.Error.WriteLine($"rjb: cannot listen on 127.0.0.1:{parsed.GetValue(port)}: {e.Message} (try another --port)");
        return 1;
    }
    return 0;
});
var topics = new Argument<string[]>("topics") { Description = "Entity or source ids, 'index', 'chronology' or 'book' (the whole book); none prints every entity, the chronology and the whole book", Arity = ArgumentArity.ZeroOrMore };
var pdfFolder = new Option<string>("--output") { Description = "Folder the PDF files are written to", DefaultValueFactory = _ => "pdf" };
var pdf = new Command("pdf", "Print topics as briefing papers to PDF with headless Chromium") { topics, seeds, content, theme, pdfFolder };
pdf.SetAction(parsed => Interruptible(cancellation => PrintPdf(parsed.GetValue(topics) ?? [],
    new BuildOptions(parsed.GetValue(seeds)!, parsed.GetValue(content)!, parsed.GetValue(theme)!), parsed.GetValue(pdfFolder)!, cancellation)));
build.SetAction(parsed => Interruptible(cancellation => Run(parsed, write: true, cancellation)));
check.SetAction(parsed => Run(parsed, write: false, CancellationToken.None));

// Drafting (issue 17): `draft` writes an annotation draft for a new seed; `fix-quotes` repairs quotes broken by an edited seed.
var seedId = new Argument<string>("seed-id") { Description = "The seed to draft: its file name in the seeds folder without .txt" };
var force = new Option<bool>("--force") { Description = "Replace the source's existing annotation file with a fresh draft" };
var draft = new Command("draft", "Write content/sources/<seed-id>.yaml: metadata, boilerplate and a worklist of every sentence, for an editor to turn into claims")
    { seedId, seeds, content, force };
draft.SetAction(parsed =>
{
    var bag = new DiagnosticBag();
    var outcome = RussiaJapanBriefing.Drafting.DraftCommand.Run(parsed.GetValue(seeds)!, parsed.GetValue(content)!, parsed.GetValue(seedId)!, parsed.GetValue(force), bag);
    foreach (var diagnostic in bag.Sorted()) Console.Error.WriteLine(diagnostic);
    if (outcome.Draft is not { } d) return 1;
    Console.WriteLine($"drafted {outcome.Path}: outlet {d.Outlet.Value ?? "TODO"}, published {d.Published.Value?.ToString() ?? "TODO"}, " +
        $"{d.Boilerplate.Count} boilerplate range(s), {d.Worklist.Count} sentence(s) in the worklist, {d.NewEntities.Count} proposed new entit(ies); coverage starts at 0%");
    return 0;
});
var applyAll = new Option<bool>("--all") { Description = "Apply every proposal without asking" };
var fixQuotes = new Command("fix-quotes", "Propose, for each quote no longer in its seed, the closest passage of the new text with a word diff; apply those confirmed (or all with --all)")
    { seeds, content, applyAll };
fixQuotes.SetAction(parsed =>
{
    var bag = new DiagnosticBag();
    var proposals = RussiaJapanBriefing.Drafting.QuoteRepair.Propose(parsed.GetValue(seeds)!, parsed.GetValue(content)!, bag);
    var interactive = !parsed.GetValue(applyAll) && !Console.IsInputRedirected;
    var chosen = new List<RussiaJapanBriefing.Drafting.QuoteProposal>();
    foreach (var p in proposals)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Location}: {p.Owner} quotes {p.SourceId}; closest passage ({p.Similarity * 100:0}% of words alike):"));
        Console.WriteLine($"  - {p.OldQuote}");
        Console.WriteLine($"  + {p.NewQuote}");
        Console.WriteLine($"  words: {p.Diff}");
        if (parsed.GetValue(applyAll)) chosen.Add(p);
        else if (interactive)
        {
            Console.Write("  apply? [y/N] ");
            if (Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes") chosen.Add(p);
        }
    }
    var changed = RussiaJapanBriefing.Drafting.QuoteRepair.Apply(chosen, bag);
    foreach (var diagnostic in bag.Sorted()) Console.Error.WriteLine(diagnostic);
    if (chosen.Count > 0) Console.WriteLine("changed (check that no meaning changed):");
    foreach (var p in chosen) Console.WriteLine($"  {p.Location}: {p.Changes}{(p.Warning is { } w ? $"  << {w}: review the claim's text" : "")}");
    var broken = proposals.Count + bag.Sorted().Count(x => x.Descriptor == Codes.RepairNoProposal);
    Console.WriteLine(!interactive && !parsed.GetValue(applyAll) && proposals.Count > 0
        ? $"{proposals.Count} proposal(s) printed, none applied (no terminal to confirm them): run in a terminal to confirm each, or with --all"
        : $"repaired {chosen.Count - bag.Sorted().Count(x => x.Descriptor == Codes.RepairUnwritable)} of {broken} broken quote(s) in {changed.Count} file(s); {proposals.Count - chosen.Count} proposal(s) declined");
    return bag.HasErrors ? 1 : 0;
});

var root = new RootCommand("RussiaJapanBriefing: builds the annotated briefing book on the Kuril Islands dispute") { build, check, serve, pdf, draft, fixQuotes };
var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var error in parseResult.Errors) Console.Error.WriteLine($"rjb: error: {error.Message}");
    Console.Error.WriteLine("rjb: run 'rjb --help' for usage");
    return 2;
}
try
{
    return parseResult.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    // A crash is a bug in the generator, never the editor's fault: say so, with what a bug report needs.
    Console.Error.WriteLine($"rjb: internal error (please report it): {e}");
    return 3;
}

int Run(ParseResult parsed, bool write, CancellationToken cancellation)
{
    Uri? site = null;
    if (write && parsed.GetValue(baseUrl) is { } text) _ = BriefingBuilder.TryParseBaseUrl(text, out site); // the option's validator refused a bad one
    var options = new BuildOptions(parsed.GetValue(seeds)!, parsed.GetValue(content)!, parsed.GetValue(theme)!,
        write ? parsed.GetValue(output)! : "output", site,
        write && !parsed.GetValue(noCache) ? parsed.GetValue(cacheFolder) : null);
    if (Refused(BriefingBuilder.Validate(options, write))) return 2;
    var result = BriefingBuilder.Run(options, write, cancellation);
    foreach (var diagnostic in result.Diagnostics) Console.Error.WriteLine(diagnostic);
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
    var book = result.Book!;
    var what = $"{book.Sources.Count} sources, {book.Entities.Count} entities, {book.Claims.Count} claims, {book.Chronology.Count} dated";
    Console.WriteLine(write
        ? $"built {result.PagesRendered} pages ({result.FilesWritten} files) into {options.Output}/ from {what} in {total} ({timings}); {warnings} warning(s)"
        : $"check passed: {what}; {result.PagesRendered} pages render in {total} ({timings}); {warnings} warning(s)");
    if (result.Publish is { } report && options.Cache is not null)
    {
        Console.WriteLine(report.NothingChanged
            ? $"nothing changed: {options.Output}/ is up to date and was not touched"
            : $"wrote {report.Written.Count} file(s), kept {report.Unchanged} unchanged, removed {report.Removed.Count}");
        foreach (var path in report.Written.Take(20)) Console.WriteLine($"  wrote {path}");
        if (report.Written.Count > 20) Console.WriteLine($"  … and {report.Written.Count - 20} more");
        foreach (var path in report.Removed) Console.WriteLine($"  removed {path}");
    }
    return !write && parsed.GetValue(coverage) ? ReportCoverage(book, parsed.GetValue(minCoverage)) : 0;
}

static int PrintPdf(IReadOnlyList<string> names, BuildOptions options, string pdfFolder, CancellationToken cancellation)
{
    var problems = BriefingBuilder.Validate(options, write: false).ToList();
    problems.AddRange(OutputFolder.Problems("PDF folder", pdfFolder, [("seeds folder", options.Seeds), ("content folder", options.Content), ("theme folder", options.Theme)]));
    if (PdfPrinter.ConfigurationProblem() is { } browserProblem) problems.Add(browserProblem);
    if (Refused(problems)) return 2;
    if (PdfPrinter.FindBrowser() is not { } browser)
    {
        Console.Error.WriteLine($"rjb: error: no Chromium browser found to print with: {PdfPrinter.InstallHint}");
        return 1;
    }
    var site = Directory.CreateTempSubdirectory("rjb-pdf-");
    try
    {
        var result = BriefingBuilder.Run(options with { Output = Path.Combine(site.FullName, "site") }, write: true, cancellation);
        foreach (var diagnostic in result.Diagnostics) Console.Error.WriteLine(diagnostic);
        if (!result.Succeeded) return 1;
        cancellation.ThrowIfCancellationRequested();
        var diagnostics = new DiagnosticBag();
        var chosen = PdfPrinter.Resolve(result.Book!, names, diagnostics);
        foreach (var diagnostic in diagnostics.Sorted()) Console.Error.WriteLine(diagnostic);
        if (diagnostics.HasErrors) return 2;
        Directory.CreateDirectory(pdfFolder);
        // Marked as rjb's before the first PDF lands, so the next run may write into it again.
        OutputFolder.Record(pdfFolder, []);
        foreach (var (topic, page) in chosen)
        {
            cancellation.ThrowIfCancellationRequested();
            var file = Path.Combine(pdfFolder, topic + ".pdf");
            var problem = PdfPrinter.Print(browser, Path.Combine(site.FullName, "site"), page, file, cancellation);
            OutputFolder.Record(pdfFolder, [topic + ".pdf"]);
            if (problem is not null)
            {
                Console.Error.WriteLine($"rjb: error: cannot print '{topic}': {problem}");
                return 1;
            }
            Console.WriteLine($"printed {topic} to {file}");
        }
        return 0;
    }
    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
    {
        Console.Error.WriteLine("rjb: interrupted; the PDF files printed so far are kept");
        return 1;
    }
    finally
    {
        site.Delete(recursive: true);
    }
}

// Usage errors found before anything is read or written: each printed as the parser's are, then exit 2.
static bool Refused(IReadOnlyList<string> problems)
{
    foreach (var problem in problems) Console.Error.WriteLine($"rjb: error: {problem}");
    return problems.Count > 0;
}

// SIGINT (Ctrl+C) and SIGTERM cancel the run, which removes what it staged and leaves the output as it was; the exit
// code is then 128 + the signal (130, 143), as shells report. A second signal ends the process at once; the next build
// removes what that one leaves behind.
static int Interruptible(Func<CancellationToken, int> run)
{
    using var cancellation = new CancellationTokenSource();
    var received = 0;
    void Stop(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref received, context.Signal == PosixSignal.SIGTERM ? 143 : 130, 0) != 0) return;
        context.Cancel = true;
        cancellation.Cancel();
    }
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    var code = run(cancellation.Token);
    return cancellation.IsCancellationRequested && code != 0 ? received : code;
}

// A number option parsed by hand, so that text which is no number, or one out of range, is a usage error.
static double Number(System.CommandLine.Parsing.ArgumentResult result, string name, double minimum, double maximum, string expected, bool whole = false)
{
    var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
        && (!whole || value == Math.Floor(value)))
        return value;
    result.AddError($"{name} must be {expected}, not '{text}'");
    return minimum;
}

static int ReportCoverage(BriefingBook book, double minimum)
{
    var failing = 0;
    foreach (var source in book.Sources)
    {
        if (source.Info is null)
        {
            Console.WriteLine($"coverage {source.Id}: not yet annotated");
            continue;
        }
        var c = Coverage.Measure(book, source);
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

static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0} ms");
