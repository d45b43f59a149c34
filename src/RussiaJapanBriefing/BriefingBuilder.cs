using System.Diagnostics;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification;
using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing;

/// <param name="BaseUrl">Where the site will be published; adds canonical links, sitemap.xml, robots.txt and atom.xml. Internal links stay relative.</param>
/// <param name="Cache">Folder for the build cache; null builds everything from scratch.</param>
/// <param name="LiveReload">For <c>serve</c> only: pages load the preview server's reload script.</param>
public sealed record BuildOptions(string Seeds = "seeds", string Content = "content", string Theme = "themes/default", string Output = "output",
    Uri? BaseUrl = null, string? Cache = null, bool LiveReload = false)
{
    /// <summary>The folders the build reads, each named as messages name it.</summary>
    public (string Role, string? Path)[] Inputs => [("seeds folder", Seeds), ("content folder", Content), ("theme folder", Theme)];

    /// <summary>The seeds folder's and the content folder's places in <see cref="Inputs"/>.</summary>
    internal const int SeedsInput = 0, ContentInput = 1;

    /// <summary>Test seam: fails or stops the write phase at a chosen step.</summary>
    internal PublishFaults? Faults { get; init; }
}

/// <summary>Check runs every phase, rendering included, but keeps nothing; Build also publishes the site.</summary>
public enum BuildMode { Check, Build }

/// <summary>What a run did: the diagnostics, and for a successful run what was built and how long each phase took.</summary>
public sealed record BuildResult(
    IReadOnlyList<Diagnostic> Diagnostics,
    BriefingBook? Book,
    int PagesRendered,
    int FilesWritten,
    PublishReport? Publish,
    IReadOnlyList<(string Phase, TimeSpan Elapsed)> Phases)
{
    public bool Succeeded => Summary is not null && Diagnostics.All(d => d.Severity != Severity.Error);

    /// <summary>The counts of the book built; set by every successful run, also one that found nothing changed and so has no <see cref="Book"/>.</summary>
    public BookSummary? Summary { get; init; }

    /// <summary>The command line's build knew its edit to have replaced claims alone, and hashed only what they may have changed (for tests).</summary>
    internal bool AskedByEdit { get; init; }

    /// <summary>The command line's build took the claims of the files its edit left alone from where their citations stood (for tests).</summary>
    internal bool ClaimsReplayed { get; init; }

    /// <summary>It took every entity summary's citations and every uncited passage from where they stood too (for tests).</summary>
    internal bool SummariesReplayed { get; init; }

    /// <summary>Its writer kept every file of the last build but those of the pages made again, without a look at each (for tests).</summary>
    internal bool KeptAll { get; init; }

    /// <summary>The run was cancelled (Ctrl+C, SIGTERM) before it published anything; its staging folder is gone.</summary>
    public bool Cancelled { get; init; }

    /// <summary>What <see cref="BriefingBuilder.Validate"/> found wrong with the folders given: the run read and wrote nothing. The command line reports these as usage errors.</summary>
    public IReadOnlyList<string> Refused { get; init; } = [];
}

/// <summary>
/// The pipeline: load (seeds, annotations, theme) → resolve and verify → render → write.
/// Each phase reports every problem it finds; nothing is written unless every phase before writing succeeded.
/// </summary>
public static class BriefingBuilder
{
    /// <summary>An absolute http(s) address, normalised to end in '/' so pages resolve under its sub-path.</summary>
    public static bool TryParseBaseUrl(string text, out Uri? url)
    {
        url = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
            return false;
        url = parsed.AbsolutePath.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return true;
    }

    /// <summary>
    /// What is wrong with the folders given, before anything is read or written: an empty path, or (for a build) an
    /// output or cache folder that the build would destroy or that would destroy an input (<see cref="OutputFolder"/>).
    /// The command line reports these as usage errors.
    /// </summary>
    public static IReadOnlyList<string> Validate(BuildOptions options, BuildMode mode) => Validate(options, mode, listOutput: true);

    /// <param name="listOutput">False leaves out the one check that lists every file in the output folder (<see cref="OutputFolder.Problems"/>).</param>
    private static List<string> Validate(BuildOptions options, BuildMode mode, bool listOutput)
    {
        var inputs = options.Inputs;
        var problems = inputs.Where(i => string.IsNullOrWhiteSpace(i.Path)).Select(i => $"the {i.Role} is an empty path").ToList();
        if (mode == BuildMode.Check) return problems;
        if (options.Cache is { } cache) problems.AddRange(OutputFolder.CacheProblems(cache, inputs));
        problems.AddRange(OutputFolder.Problems("output folder", options.Output, [.. inputs, ("cache folder", options.Cache)], listOutput));
        return problems;
    }

    /// <param name="cancellation">Stops the build before it publishes; what it staged is removed and the output is left as it was.</param>
    public static BuildResult Run(BuildOptions options, BuildMode mode, CancellationToken cancellation = default) =>
        Run(options, mode, tracker: null, cancellation);

    /// <param name="tracker">For <see cref="IncrementalBuild"/>: renders only the pages whose inputs changed since the build it last published.</param>
    /// <param name="inputs">For <see cref="IncrementalBuild"/>: parse results and quote searches kept from earlier builds.</param>
    internal static BuildResult Run(BuildOptions options, BuildMode mode, PageTracker? tracker, CancellationToken cancellation, InputMemory? inputs = null)
    {
        var write = mode == BuildMode.Build;
        if (options.BaseUrl is { } given && TryParseBaseUrl(given.OriginalString, out var normalised)) options = options with { BaseUrl = normalised };
        var diagnostics = new DiagnosticBag { Last = inputs?.Reported };
        Task<RenderMemory>? kept = null;
        Task<QuoteMemo>? quotesRead = null;
        Task<WordingMemo>? wordingRead = null;
        Task<ParsedFiles>? parsesRead = null;
        var phases = new List<(string, TimeSpan)>();
        var clock = Stopwatch.StartNew();
        void Lap(string phase)
        {
            phases.Add((phase, clock.Elapsed));
            clock.Restart();
        }

        // The command line's no-change fast path: when nothing the last build was made from or made has changed, say what it said.
        // It lists the output folder itself, and one it finds as the last build left it holds nothing rjb did not write
        // (and is not touched): the files in it are listed for that only when a build goes on.
        var fast = write && tracker is null && options.Cache is not null;
        // serve's snapshot, in memory, lets a save that changed nothing skip that listing the same way.
        var listLater = fast || (write && options.Cache is not null && inputs is not null);
        if (Validate(options, mode, listOutput: !listLater) is { Count: > 0 } refused) return Refuse(listLater ? Validate(options, mode) : refused);
        // serve keeps the snapshot in memory between saves, so a save that changed no input's bytes does nothing.
        BuildSnapshot.Target Target() => new([.. options.Inputs.Select(i => i.Path!)], options.Output, options.Cache!, options.BaseUrl, options.LiveReload);
        var snapshot = fast ? BuildSnapshot.Take(Target())
            : write && options.Cache is not null && inputs is not null ? inputs.Snapshot = BuildSnapshot.TakeInMemory(Target(), inputs.Snapshot, inputs.Watch)
            : null;
        // Nor when serve's watch saw the output folder as the last build left it: listing a big site costs more than the save.
        if (listLater && snapshot is { Unchanged: null } && Validate(options, mode, listOutput: snapshot is not { OutputAsLeft: true }) is { Count: > 0 } added)
            return Refuse(added);
        if (write)
        {
            try
            {
                SiteWriter.Recover(options.Output);
            }
            catch (Exception e) when (OutputFailure(e) is { } failure)
            {
                diagnostics.Report(Codes.OutputError, new Location(options.Output), $"cannot recover what an interrupted build left: {failure.Message}");
                return Fail();
            }
        }
        if (snapshot?.Unchanged is { } last)
        {
            tracker?.Replayed();
            Lap("unchanged");
            return new BuildResult(last.Diagnostics, null, 0, last.Files, new PublishReport([], last.Files, []), phases) { Summary = last.Summary };
        }
        // The command line's quote searches, wording findings and annotation parses, kept in its cache folder, are read
        // on other cores from here, while this one asks the snapshot what changed (0.04 s at 10,000 sources) and loads
        // the seeds, rather than one after the other once that is done.
        var cached = inputs is null && write && options.Cache is not null;
        quotesRead = cached ? Task.Run(() => QuoteMemo.Load(options.Cache!, PageTracker.Engine), CancellationToken.None) : null;
        wordingRead = cached ? Task.Run(() => WordingMemo.Load(options.Cache!, PageTracker.Engine), CancellationToken.None) : null;
        parsesRead = cached ? Task.Run(() => ParsedFiles.Load(options.Cache!, PageTracker.Engine, diagnostics), CancellationToken.None) : null;
        // Read before the snapshot goes: which content files differ from those of the last build published, if nothing else does.
        var edited = inputs is null ? snapshot?.Edited(BuildOptions.ContentInput) : null;
        // And the seed files the last successful build read and passed, which are read only when a text is asked for.
        var vouched = inputs is null ? snapshot?.Vouched(BuildOptions.SeedsInput) : null;
        // And the stat data it took of every input, which the loaders' listings take rather than stating each file again.
        var (seedsStated, contentStated) = inputs is null ? (snapshot?.Stated(BuildOptions.SeedsInput), snapshot?.Stated(BuildOptions.ContentInput)) : default;
        snapshot?.Discard();

        // The seeds and the annotations are independent, and loading either leaves a core idle at times (listing a folder,
        // reading the cache's parses): the command line loads them side by side, which took the load phase of a one-claim
        // rebuild at 10,000 sources from 0.45 to 0.38 s. serve loads them one after the other: both listings ask its one watch.
        // The last published build and this one, named by a hash of their inputs: the cache files kept under those names.
        var (lastBuild, thisBuild) = cached ? (snapshot?.LastBuild, snapshot?.ThisBuild) : default;
        // So are the pages of the book the last build published, for an edit that proves to have replaced claims alone.
        var published = cached && edited is not null ? lastBuild : null;
        var layoutRead = published is { } layoutBuild
            ? Task.Run(() => PagesMemo.Load(options.Cache!, options.Output, PageTracker.Engine, layoutBuild), CancellationToken.None)
            : null;
        // And where that build's citations stood, so that the claims of the files such an edit left alone need no quote looked up.
        var placesRead = published is { } placesBuild
            ? Task.Run(() => CitationsMemo.Load(options.Cache!, options.Output, PageTracker.Engine, placesBuild), CancellationToken.None)
            : null;
        SeedFolder LoadSeeds() => SeedLoader.Load(options.Seeds, diagnostics, inputs?.Seeds, vouched, seedsStated);
        var seedsLoaded = inputs is null ? Task.Run(LoadSeeds, CancellationToken.None) : Task.FromResult(LoadSeeds());
        // The command line keeps annotation parses in its cache folder, so a new process parses only the files an edit changed.
        var parsed = inputs?.Annotations ?? parsesRead?.GetAwaiter().GetResult();
        var annotations = AnnotationLoader.Load(options.Content, diagnostics, parsed, contentStated);
        var seeds = seedsLoaded.GetAwaiter().GetResult();
        if (inputs is null && parsed is { Changed: true } && !parsed.Save())
            diagnostics.Report(Codes.ParsesNotSaved, new Location(options.Cache!), "the annotation parses could not be saved in the cache",
                "the next build parses every annotation file again");
        var theme = Theme.Load(options.Theme, diagnostics, inputs?.Templates);
        // An edit that replaced claims alone, found from the parses kept of the files it changed: the render phase then
        // hashes only the reads those claims may have changed, not every read of every page.
        var editedFiles = edited is not null ? parsed?.Replaced(edited) : null;
        var claimsEdited = editedFiles is not null ? AnnotationEdits.ClaimsReplaced(editedFiles) : null;
        var replay = claimsEdited is not null && placesRead?.GetAwaiter().GetResult() is { } places
            ? new CitationsMemo.Replay(places, new HashSet<AnnotationSet>(editedFiles!.Select(f => f.Now), ReferenceEqualityComparer.Instance))
            : null;
        var laidOut = claimsEdited is not null && layoutRead?.GetAwaiter().GetResult() is { } layout
            ? (layout, (IReadOnlyList<ClaimEdit>)claimsEdited) : ((PagesMemo.Layout, IReadOnlyList<ClaimEdit>)?)null;
        Lap("load");

        if (cancellation.IsCancellationRequested) return Cancelled();
        // The command line keeps what the render phase needs in its cache folder too, so a new process renders only
        // what changed. Those files hold nothing the book is made from: they are read on another core while this one
        // resolves the book, which at 10,000 sources takes the render phase's first 0.1 s off the one-claim rebuild.
        if (tracker is null && write && options.Cache is not null)
            kept = Task.Run(() => RenderMemory.Load(options.Cache, options.Output, snapshot?.OutputAsScanned), cancellation);
        // Without the seeds or the content folder every reference would fail too, burying the one error that matters.
        // The command line keeps quote searches in its cache folder, so a new process searches only the quotes an edit changed.
        var quotes = inputs?.Quotes ?? quotesRead?.GetAwaiter().GetResult();
        var wording = inputs?.Wording ?? wordingRead?.GetAwaiter().GetResult();
        // The command line's memo keeps what each annotation file reported, by the hash of the bytes parsed.
        if (inputs is null && wording is not null && parsed is not null) wording.FileHashes = parsed.HashOf;
        if (inputs is null && wording is not null)
        {
            wording.SavesWhenEnded = true;
            wording.Building(thisBuild, claimsEdited is not null && lastBuild is not null && wording.Build == lastBuild);
        }
        BriefingBook? book;
        try
        {
            book = seeds.Missing || annotations.FolderMissing ? null : BookResolver.Resolve(seeds, annotations, options.Content, diagnostics, quotes, wording, inputs?.Records, laidOut,
                replay);
        }
        catch (Exception e) when (SeedChangedException.In(e) is { } changed)
        {
            return SeedChanged(changed);
        }
        if (inputs is null && quotes is { Changed: true } && !quotes.Save())
            diagnostics.Report(Codes.QuotesNotSaved, new Location(options.Cache!), "the quote searches could not be saved in the cache",
                "the next build searches every quote again");
        if (inputs is null && wording is { Changed: true } && !wording.Save())
            diagnostics.Report(Codes.WordingNotSaved, new Location(options.Cache!), "the wording checks' findings could not be saved in the cache",
                "the next build checks the wording of every claim again");
        Lap("verify");
        if (book is null || theme is null) return Fail();
        if (cancellation.IsCancellationRequested) return Cancelled();

        // Pages stream to a staging folder as they render (to nowhere for check); only a build with no error is committed.
        PublishReport? report = null;
        int rendered;
        // Whether the build's cache files are saved and it reported all it will: the snapshot, written meanwhile, waits for it.
        var saved = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<bool>? snapshotSaved = null;
        try
        {
            var memory = kept?.GetAwaiter().GetResult();
            kept = null;
            var persisted = memory is not null;
            if (memory is not null) tracker = memory.Tracker;
            var cache = memory?.Cache ?? (write && options.Cache is not null ? BuildCache.Load(options.Cache, options.Output, inputs?.Cache, inputs?.Watch) : null);
            if (inputs is not null) inputs.Cache = cache;
            using var site = write ? SiteWriter.ToFolder(options.Output, cache, options.Faults, cancellation, inPlace: tracker is not null && !persisted) : SiteWriter.Nowhere(cancellation);
            var search = inputs?.Search ?? memory?.Search;
            var bookData = memory?.BookData;
            var context = new SiteContext(book, theme, options.BaseUrl, options.LiveReload, Publishing: write)
            {
                Search = search,
                BookData = bookData ?? inputs?.BookData,
                Briefs = inputs?.Briefs,
                Edited = persisted ? claimsEdited : null,
            };
            site.Starting();
            if (tracker is null) Outputs.WriteAll(context, site, diagnostics);
            else tracker.WriteAll(context, site, diagnostics);
            rendered = site.Rendered;
            Lap("render");
            if (diagnostics.HasErrors) return Fail();
            if (write)
            {
                if (persisted) tracker!.Forget();
                report = site.Commit(diagnostics);
                tracker?.Published();
                // The snapshot is written beside the other cache files' saves: it states them, and takes what the build
                // reported, only once they are done. On a thread of its own, since it waits for them: a pool thread
                // blocked so could leave the saves fewer threads than they were given.
                var filesPublished = report.Written.Count + report.Unchanged;
                snapshotSaved = snapshot is null ? null
                    : Task.Factory.StartNew(() => snapshot.Save(BookSummary.Of(book), filesPublished, () => saved.Task.GetAwaiter().GetResult() ? diagnostics.Sorted() : null, report),
                        CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                if (persisted)
                {
                    // Three files of their own, each a pass over tens of thousands of records on what is otherwise one
                    // core's phase: saved side by side.
                    var pagesSaved = Task.Run(tracker!.Save, CancellationToken.None);
                    var searchSaved = search is { Changed: true } ? Task.Run(search.Save, CancellationToken.None) : Task.FromResult(true);
                    var bookDataSaved = bookData is { Changed: true } ? Task.Run(bookData.Save, CancellationToken.None) : Task.FromResult(true);
                    var layoutSaved = thisBuild is { } built
                        ? Task.Run(() => PagesMemo.Save(options.Cache!, options.Output, PageTracker.Engine, built, book.Pages), CancellationToken.None)
                        : Task.FromResult(true);
                    var placesSaved = thisBuild is { } identity
                        ? Task.Run(() => CitationsMemo.Save(options.Cache!, options.Output, PageTracker.Engine, identity, annotations, book,
                            replay),
                            CancellationToken.None)
                        : Task.FromResult(true);
                    if (!pagesSaved.GetAwaiter().GetResult())
                        diagnostics.Report(Codes.RecordsNotSaved, new Location(options.Cache!), "what each page was made from could not be saved in the cache",
                            "the site is published; the next build renders every page");
                    if (!searchSaved.GetAwaiter().GetResult())
                        diagnostics.Report(Codes.SearchNotSaved, new Location(options.Cache!), "what the search index was written from could not be saved in the cache",
                            "the site is published; the next build writes every search shard again");
                    if (!bookDataSaved.GetAwaiter().GetResult())
                        diagnostics.Report(Codes.BookDataNotSaved, new Location(options.Cache!), "where each entry of book.json and its claims files stands could not be saved in the cache",
                            "the site is published; the next build makes every entry of book.json again");
                    if (!layoutSaved.GetAwaiter().GetResult())
                        diagnostics.Report(Codes.LayoutNotSaved, new Location(options.Cache!), "the pages' layout could not be saved in the cache",
                            "the site is published; the next build cuts every topic into pages again");
                    if (!placesSaved.GetAwaiter().GetResult())
                        diagnostics.Report(Codes.PlacesNotSaved, new Location(options.Cache!), "where the claims' citations stand could not be saved in the cache",
                            "the site is published; the next build looks up every quote of every claim again");
                }
                saved.SetResult(true);
                if (snapshotSaved is not null && !snapshotSaved.GetAwaiter().GetResult())
                    diagnostics.Report(Codes.SnapshotNotSaved, new Location(options.Cache!), "what this build was made from could not be saved in the cache",
                        "the site is published; the next build cannot know that nothing changed, and builds again");
                Lap("write");
            }
        }
        catch (Exception e) when (OutputFailure(e) is { } failure)
        {
            diagnostics.Report(Codes.OutputError, new Location(options.Output), $"cannot write the site: {failure.Message}");
            return Fail();
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && IsCancellation(e))
        {
            return Cancelled();
        }
        catch (Exception e) when (SeedChangedException.In(e) is { } changed)
        {
            return SeedChanged(changed);
        }
        finally
        {
            // A build that stopped on its way records nothing, and does not return while its snapshot is still written.
            saved.TrySetResult(false);
            try
            {
                snapshotSaved?.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Thrown where the build awaited it, or the build failed before.
            }
        }
        return new BuildResult(diagnostics.Sorted(), book, rendered,
            report is null ? 0 : report.Written.Count + report.Unchanged, report, phases)
        {
            Summary = BookSummary.Of(book),
            AskedByEdit = tracker?.AskedByEdit == true,
            ClaimsReplayed = replay is { Taken: true },
            SummariesReplayed = replay is { TakenEarly: true },
            KeptAll = tracker?.KeptAll == true,
        };

        BuildResult Fail()
        {
            // A run that fails before it renders does not return while it still reads the cache.
            try
            {
                Task.WaitAll([.. new Task?[] { kept, quotesRead, wordingRead, parsesRead }.OfType<Task>()], CancellationToken.None);
            }
            catch (AggregateException)
            {
                // What it read is not used.
            }
            return new(diagnostics.Sorted(), null, 0, 0, null, phases);
        }
        BuildResult Refuse(IReadOnlyList<string> problems)
        {
            foreach (var problem in problems) diagnostics.Report(Codes.OutputRefused, new Location("<command line>"), problem);
            return Fail() with { Refused = problems };
        }
        BuildResult Cancelled() => Fail() with { Cancelled = true };
        BuildResult SeedChanged(SeedChangedException changed)
        {
            diagnostics.Report(Codes.SeedChanged, new Location(changed.Path), "the file changed while the book was being built, so nothing is published",
                "build again once the file is saved");
            return Fail();
        }
    }

    /// <summary>
    /// What the command line's cache folder keeps for the render phase of a build into one output: what each page was
    /// made from (so only the pages an edit changed are made), the files written and their hashes, what the search
    /// index was written from (so only the shards an edit changed are written), and where each entry of book.json
    /// and its claims files stands in the published files (so only the files and entries an edit changed are made).
    /// </summary>
    private sealed record RenderMemory(PageTracker Tracker, BuildCache Cache, SearchMemo Search, BookJsonMemo BookData)
    {
        /// <param name="scanned">The output folder's files as the build snapshot found them, when it found the folder as the last build left it.</param>
        public static RenderMemory Load(string cache, string output, Func<string, (long Length, long Ticks)?>? scanned)
        {
            var built = BuildCache.Load(cache, output);
            built.Scanned = scanned;
            return new(PageTracker.Load(cache, output), built, SearchMemo.Load(cache, output, PageTracker.Engine),
                BookJsonMemo.Load(cache, output, PageTracker.Engine));
        }
    }

    private static bool IsCancellation(Exception e) => e switch
    {
        OperationCanceledException => true,
        AggregateException all => all.Flatten().InnerExceptions.All(IsCancellation),
        _ => false,
    };

    /// <summary>The file-system error behind a failed write, also when parallel rendering wrapped it.</summary>
    private static Exception? OutputFailure(Exception e) => e switch
    {
        IOException or UnauthorizedAccessException => e,
        AggregateException all => all.Flatten().InnerExceptions.Select(OutputFailure).FirstOrDefault(f => f is not null),
        _ => null,
    };
}

/// <summary>
/// <c>serve</c>'s build: one instance lives as long as the server, and remembers between builds what each page was
/// made from (<see cref="PageTracker"/>), so a save renders only the pages it affects, and what the last build was made
/// from and made (<see cref="BuildSnapshot"/>), so a save that changed no input's bytes does nothing. Each build is otherwise the
/// command line's (<see cref="BriefingBuilder.Run(BuildOptions, BuildMode, CancellationToken)"/>): every problem
/// reported, nothing published unless all is well, the output swapped in whole and byte-identical to a clean build.
/// Pages are kept through the build cache, so it needs <see cref="BuildOptions.Cache"/>; without one it renders every page.
/// Not for use from two threads at once. Disposing it closes its watch (<see cref="InputWatch"/>).
/// </summary>
public sealed class IncrementalBuild : IDisposable
{
    private readonly PageTracker _tracker = new();
    private readonly InputMemory _inputs = new();
    private BuildOptions? _options;

    /// <summary>Bytes allocated since the last collection before <see cref="Settle"/> collects: 1 MB is some 250 page faults of fresh heap.</summary>
    private const long WorthCollecting = 1 << 20;

    /// <summary>What the process had allocated when <see cref="Settle"/> last looked.</summary>
    private long _settled;

    /// <summary>Pages the last build kept without rendering them.</summary>
    public int PagesKept => _tracker.Kept;

    /// <summary>The last update planned the site's pages afresh rather than taking the last update's plan (for tests).</summary>
    internal bool PagesPlanned => _tracker.Planned;

    /// <summary>The last update's writer kept every file but those of the pages made again, without looking at each (for tests).</summary>
    internal bool KeptAll => _tracker.KeptAll;

    /// <summary>The last update kept the sources and entities and patched the claims (for tests).</summary>
    internal bool ClaimsPatched => _inputs.Records.Patched;

    /// <summary>The last update's snapshot stated again only what the watch saw change (for tests).</summary>
    internal bool Watched => _inputs.Snapshot?.ByWatch == true;

    public BuildResult Update(BuildOptions options, CancellationToken cancellation = default)
    {
        // What a page was made from says nothing about a build with other settings (another output, base URL or theme folder).
        if (options != _options)
        {
            _tracker.Reset();
            Dispose();
        }
        _options = options;
        // Drained before anything is read: every change saved before this update began is in it. A watch that can no
        // longer vouch is replaced (the new one vouches only for what is scanned after it opens).
        if (options.Cache is not null && _inputs.Watch?.Drain() != true)
        {
            Dispose();
            _inputs.Watch = InputWatch.Open([.. options.Inputs.Select(i => i.Path!), options.Output]);
        }
        _inputs.Seeds.Listing.Watch = _inputs.Annotations.Listing.Watch = _inputs.Watch;
        var result = BriefingBuilder.Run(options, BuildMode.Build, _tracker, cancellation, _inputs);
        _inputs.Reported = result.Diagnostics;
        return result;
    }

    /// <summary>
    /// For <c>serve</c> to call while it waits for the next save, once a save is published and the browser has
    /// reloaded: a young-generation collection, when the saves since the last one allocated enough for it to pay.
    /// Nearly all a save allocated is garbage by then. Left to itself the collector runs when its 64 MB budget fills
    /// (RussiaJapanBriefing.Cli.csproj), in the middle of a save: at 10,000 sources a one-claim save allocates about
    /// 40 MB, and the one save in four or five that met a collection took 80 to 120 ms longer. On the real book a save
    /// allocates about 4 MB, which would land in memory the process never touched (some 1,000 page faults, 10 ms of a
    /// 25 ms save) for the first 15 saves or so of a session. Safe to call while an update runs, which it only pauses.
    /// </summary>
    public void Settle()
    {
        if (GC.GetTotalAllocatedBytes() - Interlocked.Read(ref _settled) > WorthCollecting) GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        Interlocked.Exchange(ref _settled, GC.GetTotalAllocatedBytes());
    }

    public void Dispose()
    {
        _inputs.Watch?.Dispose();
        _inputs.Watch = null;
    }
}

/// <summary>
/// What <c>serve</c> keeps of the load and verify phases between saves: each seed (by its file's stat data), each annotation file's parse (by its bytes),
/// each quote search (by its source's text), each claim's wording findings (by all the checks read), each template's parse (by its bytes) and each topic's brief (by the records it was made from). They depend
/// only on their inputs, so they hold for any options.
/// The snapshot records its options and is trusted only for the same ones.
/// </summary>
internal sealed class InputMemory
{
    public SeedMemo Seeds { get; } = new();
    public ParsedFiles Annotations { get; } = new();
    public QuoteMemo Quotes { get; } = new();
    public WordingMemo Wording { get; } = new();
    public SearchMemo Search { get; } = new();
    public BookJsonMemo BookData { get; } = BookJsonMemo.InMemory();
    public BriefMemo Briefs { get; } = new();
    public ParsedTemplates Templates { get; } = new();

    /// <summary>What the last build resolved: a record whose inputs did not change is reused as the same instance.</summary>
    public ResolvedRecords Records { get; } = new();

    /// <summary>The build cache the last build published, used again while its file is as that build left it.</summary>
    public BuildCache? Cache { get; set; }

    /// <summary>What the last build was made from and made, and what it reported: a save that changed nothing says it again.</summary>
    public BuildSnapshot? Snapshot { get; set; }

    /// <summary>The engine's watch over the inputs and the output, drained at the start of each update; null when there is none.</summary>
    public InputWatch? Watch { get; set; }

    /// <summary>What the last build reported, sorted: a save that reports the same takes the list as it is (see <see cref="DiagnosticBag.Last"/>).</summary>
    public IReadOnlyList<Diagnostic>? Reported { get; set; }
}
