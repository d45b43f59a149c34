using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// A project folder inside a root folder, as a user has it: seeds/, content/, themes/default/, a build cache
/// (.cache/) with a file in it, a folder of somebody else's files, a file, and links. The CLI runs in project/.
/// </summary>
public sealed class HostileProject : IDisposable
{
    private readonly TempDir _root = new("rjb-hostile-");

    public HostileProject()
    {
        Directory.CreateDirectory(Project);
        using (var book = SampleBook.Create())
        {
            TempDir.CopyDirectory(book.Seeds, Combine("seeds"));
            TempDir.CopyDirectory(book.Content, Combine("content"));
        }
        TempDir.CopyDirectory(Repo.Theme, Combine("themes", "default"));
        Directory.CreateDirectory(Combine(".cache"));
        File.WriteAllText(Combine(".cache", "notes.txt"), "the cache folder holds a file");
        Directory.CreateDirectory(Combine("someone", "photos"));
        File.WriteAllText(Combine("someone", "photos", "cat.jpg"), "somebody else's file");
        File.WriteAllText(Combine("someone", "index.html"), "somebody else's page");
        File.WriteAllText(Combine("a-file"), "not a folder");
        File.WriteAllText(_root.Combine("beside-the-project.txt"), "a file in the parent folder");
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(Combine("seeds-link"), Combine("seeds"));
            File.CreateSymbolicLink(_root.Combine("project-link"), Project); // beside the project, not in it: no loop
        }
    }

    public string Root => _root.Path;
    public string Project => _root.Combine("project");
    public string Combine(params string[] parts) => Path.Combine([Project, .. parts]);

    public static readonly string[] Inputs = ["--seeds", "seeds", "--content", "content", "--theme", "themes/default"];

    /// <summary>A command line: the command, the input options (unless <paramref name="options"/> gives one of them), then the options.</summary>
    public static string[] Args(string command, params string[] options)
    {
        var inputs = Inputs.Chunk(2).Where(pair => !options.Contains(pair[0])).SelectMany(pair => pair);
        return [command, .. inputs, .. options];
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>
/// Issue 12, finding 1: a build replaces its output folder whole, so the output may only be a folder that is missing,
/// empty or marked as rjb's, and never an input, the cache, the current folder or a parent of it. Anything else is a
/// usage error (exit 2) found before anything is touched: no file anywhere under the root changes.
/// </summary>
public class OutputFolderRuleTests
{
    public static TheoryData<string[], string> RefusedCommandLines() => new()
    {
        { ["build", "--output", "."], "the output folder '.' is the current folder" },
        { ["build", "--output", "./"], "the output folder './' is the current folder" },
        { ["build", "--output", ".."], "the output folder '..' contains the current folder" },
        { ["build", "--output", "/"], "the output folder '/' contains the current folder" },
        { ["build", "--output", "seeds"], "the output folder 'seeds' is the seeds folder" },
        { ["build", "--output", "content"], "the output folder 'content' is the content folder" },
        { ["build", "--output", "themes/default"], "the output folder 'themes/default' is the theme folder" },
        { ["build", "--output", "themes"], "the output folder 'themes' contains the theme folder" },
        { ["build", "--output", "themes/default/assets/site"], "the output folder 'themes/default/assets/site' lies inside the theme folder" },
        { ["build", "--output", "content/site"], "the output folder 'content/site' lies inside the content folder 'content'" },
        { ["build", "--output", ".cache"], "the output folder '.cache' is the cache folder" },
        { ["build", "--output", ".cache/site"], "the output folder '.cache/site' lies inside the cache folder '.cache'" },
        { ["build", "--output", "site", "--cache", "site/.cache"], "the output folder 'site' contains the cache folder" },
        { ["build", "--output", "someone"], "the output folder 'someone' already holds files that rjb did not write" },
        { ["build", "--output", "a-file"], "the output folder 'a-file' is a file" },
        { ["build", "--output", "a-file/site"], "the output folder 'a-file/site' cannot be created: " },
        { ["build", "--output", ""], "the output folder is an empty path" },
        { ["build", "--output", "site", "--cache", ""], "the cache folder is an empty path" },
        { ["build", "--output", "site", "--cache", "a-file"], "the cache folder 'a-file' is a file" },
        { ["build", "--output", "site", "--cache", "seeds"], "the cache folder 'seeds' is or lies inside the seeds folder" },
        { ["build", "--output", "site", "--cache", "themes/default/assets"], "the cache folder 'themes/default/assets' is or lies inside the theme folder" },
        { ["check", "--content", ""], "the content folder is an empty path" },
        { ["serve", "--output", "seeds"], "the output folder 'seeds' is the seeds folder" },
        { ["serve", "--output", "."], "the output folder '.' is the current folder" },
        { ["serve", "--output", ""], "the output folder is an empty path" },
        { ["pdf", "--output", "a-file"], "the PDF folder 'a-file' is a file" },
        { ["pdf", "--output", "content"], "the PDF folder 'content' is the content folder" },
        { ["pdf", "--output", "someone"], "the PDF folder 'someone' already holds files that rjb did not write" },
        { ["pdf", "--output", ""], "the PDF folder is an empty path" },
    };

    [Theory]
    [MemberData(nameof(RefusedCommandLines))]
    public void ARefusedFolderIsAUsageErrorAndNoFileAnywhereChanges(string[] args, string expected)
    {
        using var project = new HostileProject();
        var before = FolderState.Of(project.Root);
        var run = Cli.Execute(project.Project, HostileProject.Args(args[0], args[1..]));
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("rjb: error: " + expected, run.Stderr);
        Assert.DoesNotContain("internal error", run.Stderr);
        FolderState.AssertUntouched(before, FolderState.Of(project.Root));
    }

    [Theory]
    [InlineData("seeds-link", "is a symbolic link")]
    [InlineData("seeds-link/site", "lies inside the seeds folder 'seeds'")]
    [InlineData("../project-link", "is a symbolic link")]
    [InlineData("../project-link/seeds", "is the seeds folder")]
    public void ALinkCannotHideThatTheOutputIsAnInput(string output, string expected)
    {
        if (OperatingSystem.IsWindows()) return;
        using var project = new HostileProject();
        var before = FolderState.Of(project.Root);
        var run = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs, "--output", output]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.Contains($"rjb: error: the output folder '{output}' {expected}", run.Stderr);
        FolderState.AssertUntouched(before, FolderState.Of(project.Root));
    }

    /// <summary>The output of an older rjb has no manifest: it is refused with what to do, and a folder rjb made is replaced.</summary>
    [Fact]
    public void AnUnmarkedOutputIsRefusedWithAdviceAndAMarkedOneIsReplaced()
    {
        using var project = new HostileProject();
        Directory.CreateDirectory(project.Combine("output"));
        File.WriteAllText(project.Combine("output", "index.html"), "a page of an older build");
        var refused = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("rjb: error: the output folder 'output' already holds files that rjb did not write (it has no .rjb-manifest)", refused.Stderr);
        Assert.Contains("delete the folder yourself; otherwise choose another folder", refused.Stderr);
        Assert.Equal("a page of an older build", File.ReadAllText(project.Combine("output", "index.html")));

        Directory.Delete(project.Combine("output"), recursive: true);
        Assert.Equal(0, Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]).ExitCode);
        Assert.True(OutputFolder.IsMarked(project.Combine("output")));
        var replaced = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs, "--no-cache"]);
        Assert.True(replaced.ExitCode == 0, replaced.Stderr);
    }

    /// <summary>A file added by hand to a folder rjb made (a host's CNAME) is not rjb's to delete: the build refuses.</summary>
    [Fact]
    public void AFileAddedToAMarkedOutputIsNeverDropped()
    {
        using var project = new HostileProject();
        Assert.Equal(0, Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]).ExitCode);
        File.WriteAllText(project.Combine("output", "CNAME"), "briefing.example.org");
        Directory.CreateDirectory(project.Combine("output", "notes"));
        File.WriteAllText(project.Combine("output", "notes", "todo.txt"), "added by hand to a folder rjb made");
        var before = FolderState.Of(project.Root);

        var refused = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs, "--no-cache"]);
        Assert.True(refused.ExitCode == 2, refused.Stderr);
        Assert.Contains("rjb: error: the output folder 'output' holds 'CNAME', 'notes/todo.txt' that rjb did not write (not in its .rjb-manifest)", refused.Stderr);
        FolderState.AssertUntouched(before, FolderState.Of(project.Root));

        File.Delete(project.Combine("output", "CNAME"));
        Directory.Delete(project.Combine("output", "notes"), recursive: true);
        var again = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs, "--no-cache"]);
        Assert.True(again.ExitCode == 0, again.Stderr);
    }

    /// <summary>
    /// With the cache, the output folder's files are listed once, by the no-change fast path: a file added since the last
    /// build makes that build differ, and the build that would go on refuses, changing nothing (its snapshot included).
    /// With an input edited too, the build goes past that path, and still finds the file by listing the folder itself.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFileAddedToACachedOutputIsRefusedBeforeAnythingChanges(bool inputEdited)
    {
        using var project = new HostileProject();
        Assert.Equal(0, Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]).ExitCode);
        File.WriteAllText(project.Combine("output", "CNAME"), "briefing.example.org");
        if (inputEdited) File.AppendAllText(Directory.GetFiles(project.Combine("seeds"), "*.txt").Order(StringComparer.Ordinal).First(), "A later paragraph.\n");
        var before = FolderState.Of(project.Root);

        var refused = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]);
        Assert.True(refused.ExitCode == 2, refused.Stderr);
        Assert.Contains("rjb: error: the output folder 'output' holds 'CNAME' that rjb did not write (not in its .rjb-manifest)", refused.Stderr);
        FolderState.AssertUntouched(before, FolderState.Of(project.Root));

        // Taken out again, the folder is as the last build left it: nothing to do, or only the edit.
        File.Delete(project.Combine("output", "CNAME"));
        var again = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.StartsWith(inputEdited ? "built " : "nothing changed: output/ is up to date", again.Stdout);
    }

    /// <summary>Links added by hand count as added files too (the listing of a marked folder reads no file's details, only its folders').</summary>
    [Fact]
    public void ALinkAddedToAMarkedOutputIsNeverDropped()
    {
        using var project = new HostileProject();
        Assert.Equal(0, Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]).ExitCode);
        Directory.CreateDirectory(project.Combine("elsewhere"));
        File.WriteAllText(project.Combine("elsewhere", "page.html"), "someone's page");
        File.CreateSymbolicLink(project.Combine("output", "mirror"), project.Combine("elsewhere"));
        File.CreateSymbolicLink(project.Combine("output", "linked.html"), project.Combine("elsewhere", "page.html"));
        var before = FolderState.Of(project.Root);

        var refused = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs, "--no-cache"]);
        Assert.True(refused.ExitCode == 2, refused.Stderr);
        Assert.Contains("holds 'linked.html', 'mirror' that rjb did not write", refused.Stderr);
        FolderState.AssertUntouched(before, FolderState.Of(project.Root));
    }

    [Fact]
    public void AnEmptyFolderMayBeTheOutput()
    {
        using var project = new HostileProject();
        Directory.CreateDirectory(project.Combine("empty"));
        var run = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs, "--output", "empty", "--no-cache"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(project.Combine("empty", "index.html")));
    }

    /// <summary>The library refuses the same folders (serve's rebuilds call it directly): RJB0702, nothing touched.</summary>
    [Fact]
    public void TheLibraryRefusesAnInputAsOutputWithRjb0702()
    {
        using var book = SampleBook.Create();
        var before = FolderState.Of(book.Path);
        var result = BriefingBuilder.Run(book.Options with { Output = book.Seeds }, BuildMode.Build);
        Assert.False(result.Succeeded);
        Assert.Contains("is the seeds folder", result.Diagnostics.One(Codes.OutputRefused.Id).Message);
        FolderState.AssertUntouched(before, FolderState.Of(book.Path));
    }

    /// <summary>A sibling named like rjb's staging folder but holding somebody's files is never deleted.</summary>
    [Fact]
    public void AStagingNameHeldBySomethingElseIsNeverClobbered()
    {
        using var book = SampleBook.Create();
        var ours = SiteWriter.StagingPath(book.Output);
        Directory.CreateDirectory(ours);
        File.WriteAllText(Path.Combine(ours, "precious.txt"), "not rjb's");
        var dead = Path.Combine(book.Path, ".output.staging-999999999");
        Directory.CreateDirectory(dead);
        File.WriteAllText(Path.Combine(dead, "precious.txt"), "not rjb's either");

        var refused = BriefingBuilder.Run(book.Options, BuildMode.Build);
        Assert.Contains("is in the way", refused.Diagnostics.One(Codes.OutputRefused.Id).Message);
        Assert.Equal("not rjb's", File.ReadAllText(Path.Combine(ours, "precious.txt")));

        Directory.Delete(ours, recursive: true);
        PublishingBook.Require(BriefingBuilder.Run(book.Options, BuildMode.Build));
        Assert.Equal("not rjb's either", File.ReadAllText(Path.Combine(dead, "precious.txt")));
    }

    [Fact]
    public void TheManifestListsEveryOtherFileWithItsHashAndIsTheSameForTheSameInputs()
    {
        using var book = SampleBook.Create();
        var first = book.Combine("one", "output");
        var second = book.Combine("two", "site");
        PublishingBook.Require(BriefingBuilder.Run(book.Options with { Output = first }, BuildMode.Build));
        PublishingBook.Require(BriefingBuilder.Run(book.Options with { Output = second, Cache = book.Combine("cache") }, BuildMode.Build));
        var manifest = File.ReadAllBytes(Path.Combine(first, OutputFolder.ManifestPath));
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(second, OutputFolder.ManifestPath)));
        var listed = Encoding.UTF8.GetString(manifest).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0]);
        var files = TempDir.Snapshot(first);
        files.Remove(OutputFolder.ManifestPath);
        Assert.Equal(files.Keys, listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(f.Value)), listed[f.Key]));
    }
}

/// <summary>
/// Issue 12, findings 5 and 6: a build that fails, is cancelled or is killed at any step of writing leaves the output
/// either the previous complete site or the new one, and a later build recovers and tidies what it left. Kills are
/// simulated in-process by a fault hook (<see cref="PublishFaults"/>) that stops the writer where it is, with no
/// clean-up; one test kills a real CLI process. Tests run as root, which no file permission stops, so a read-only
/// output (finding 6) is simulated by the hook throwing UnauthorizedAccessException at the step that would fail.
/// </summary>
public class InterruptedPublishTests
{
    private const string Edit = "Putin called the talks useful and constructive.";

    private static void EditContent(PublishingBook book) =>
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", Edit));

    private static readonly PublishStep[] BeforeSwap = [PublishStep.Render, PublishStep.Stage, PublishStep.Link, PublishStep.WriteCache, PublishStep.Retire, PublishStep.Swap, PublishStep.Move];

    /// <summary>
    /// Every step, by name (the enum is internal): of a whole folder swapped in, in one step and with the two renames
    /// that systems without renameat2 use, and of the changed files moved into the output folder (in place).
    /// </summary>
    public static TheoryData<string, bool, bool> Steps()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var twice in new[] { false, true })
            foreach (var step in Enum.GetValues<PublishStep>())
                if ((twice || step != PublishStep.Retire) && step != PublishStep.Move) data.Add(step.ToString(), twice, false);
        foreach (var step in Enum.GetValues<PublishStep>())
            if (step != PublishStep.Retire) data.Add(step.ToString(), false, true);
        return data;
    }

    /// <summary>
    /// A hook that acts the first time <paramref name="step"/> is reached (the fifth time for Stage: mid-render; the
    /// <paramref name="time"/>th when given) by throwing <paramref name="fault"/>; after a kill, every later step dies
    /// too, as nothing runs in a dead process.
    /// </summary>
    private static PublishFaults At(PublishStep step, bool renameTwice, Func<Exception> fault, Action? reached = null, bool inPlace = false, int? time = null)
    {
        var count = 0;
        var fired = 0;
        return new PublishFaults(s =>
        {
            var kill = fault() is SimulatedKill;
            if (kill && Volatile.Read(ref fired) == 1) throw new SimulatedKill();
            if (s != step || Interlocked.Increment(ref count) < (time ?? (step == PublishStep.Stage ? 5 : 1))) return;
            if (Interlocked.Exchange(ref fired, 1) == 0) reached?.Invoke();
            throw fault();
        }, renameTwice, inPlace);
    }

    private static string[] Leftovers(PublishingBook book) =>
        Directory.GetFileSystemEntries(Path.GetDirectoryName(book.Output)!).Select(Path.GetFileName).Where(n => n!.Contains("output")).ToArray()!;

    private static FolderState[] Inputs(PublishingBook book) => [FolderState.Of(book.Book.Seeds), FolderState.Of(book.Book.Content), FolderState.Of(book.Theme)];

    private static void AssertInputsUntouched(FolderState[] before, PublishingBook book)
    {
        var after = Inputs(book);
        for (var i = 0; i < before.Length; i++) FolderState.AssertUntouched(before[i], after[i]);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void AKillAtAnyStepLeavesTheOldOrTheNewSiteAndTheNextBuildRecovers(string stepName, bool renameTwice, bool inPlace)
    {
        var step = Enum.Parse<PublishStep>(stepName);
        using var book = new PublishingBook();
        book.BuildCached();
        var old = FolderState.Of(book.Output);
        EditContent(book);
        var fresh = FolderState.Of(book.BuildClean());
        var inputs = Inputs(book);
        var reached = false;

        var killed = Record.Exception(() => BriefingBuilder.Run(book.Options(cache: true) with
        { Faults = At(step, renameTwice, () => new SimulatedKill(), () => reached = true, inPlace) }, BuildMode.Build));

        Assert.True(reached, $"the build never reached {step}");
        Assert.True(killed is SimulatedKill || killed is AggregateException all && all.Flatten().InnerExceptions.All(e => e is SimulatedKill),
            $"expected the simulated kill, got {killed}");
        if (Directory.Exists(book.Output))
            AssertOneOf(FolderState.Of(book.Output), old, fresh, $"after a kill at {step}");
        else
            Assert.True(renameTwice && step == PublishStep.Swap, $"a kill at {step} left no output folder");

        // The next build, even one that fails, puts a complete site back; the one after publishes the new one and tidies up.
        book.Book.Yaml("zz-broken.yaml", "claims:\n  - id: zz\n    text: X\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: never said\n");
        var failed = BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build);
        Assert.False(failed.Succeeded);
        AssertOneOf(FolderState.Of(book.Output), old, fresh, $"after a kill at {step} and a failed build");
        book.Book.Delete("zz-broken.yaml");
        PublishingBook.Require(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"the build after a kill at {step}");
        Assert.Equal(["output"], Leftovers(book));
        AssertInputsUntouched(inputs, book);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void AFailureBeforeTheSwapLeavesTheOutputUntouchedAndAfterItOnlyWarns(string stepName, bool renameTwice, bool inPlace)
    {
        var step = Enum.Parse<PublishStep>(stepName);
        using var book = new PublishingBook();
        book.BuildCached();
        var old = FolderState.Of(book.Output);
        EditContent(book);
        var inputs = Inputs(book);

        // UnauthorizedAccessException is what a read-only output/ (or its parent) gives a user who is not root.
        var result = BriefingBuilder.Run(book.Options(cache: true) with
        { Faults = At(step, renameTwice, () => new UnauthorizedAccessException($"simulated: permission denied at {step}"), inPlace: inPlace) }, BuildMode.Build);

        if (BeforeSwap.Contains(step))
        {
            Assert.False(result.Succeeded, $"a failure at {step} was not reported");
            Assert.Contains("simulated: permission denied", result.Diagnostics.One(Codes.OutputError.Id).Message);
            FolderState.AssertUntouched(old, FolderState.Of(book.Output));
            Assert.Equal(["output"], Leftovers(book));
        }
        else
        {
            Assert.True(result.Succeeded, result.Diagnostics.Dump());
            var warning = result.Diagnostics.One(Codes.OutputLeftover.Id);
            Assert.Equal(Severity.Warning, warning.Severity);
            FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"the site published despite a failure at {step}");
        }
        PublishingBook.Require(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"the build after a failure at {step}");
        Assert.Equal(["output"], Leftovers(book));
        AssertInputsUntouched(inputs, book);
    }

    /// <summary>Finding 6: --cache naming a file used to fail after the swap, saying "nothing was written" over a new site.</summary>
    [Fact]
    public void ACacheThatCannotBeWrittenFailsBeforeTheSwap()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var old = FolderState.Of(book.Output);
        EditContent(book);
        // The cache file's place is taken by a folder: writing it fails, as a full disk or a read-only cache would.
        var cacheFile = Directory.GetFiles(book.Cache, "build-*.bin").Single();
        File.Delete(cacheFile);
        Directory.CreateDirectory(cacheFile + ".new");
        File.WriteAllText(Path.Combine(cacheFile + ".new", "x"), "x");

        var result = BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build);

        Assert.False(result.Succeeded);
        Assert.Single(result.Errors(), e => e.Code == Codes.OutputError.Id);
        FolderState.AssertUntouched(old, FolderState.Of(book.Output));
        Assert.Equal(["output"], Leftovers(book));
    }

    [Fact]
    public void ACancelledBuildRemovesItsStagingFolderAndLeavesTheOutput()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var old = FolderState.Of(book.Output);
        EditContent(book);
        using var cancel = new CancellationTokenSource();
        var staged = 0;
        // Cancelled as Ctrl+C or SIGTERM would, in the middle of rendering: the hook only pulls the token.
        var result = BriefingBuilder.Run(book.Options(cache: true) with
        { Faults = new PublishFaults(s => { if (s == PublishStep.Stage && Interlocked.Increment(ref staged) == 5) cancel.Cancel(); }) },
            BuildMode.Build, cancel.Token);
        Assert.True(result.Cancelled, result.Diagnostics.Dump());
        Assert.False(result.Succeeded);
        FolderState.AssertUntouched(old, FolderState.Of(book.Output));
        Assert.Equal(["output"], Leftovers(book));
    }

    /// <summary>Leftovers of a dead process that rjb marked are removed, or restored when the output is missing.</summary>
    [Fact]
    public void LeftoversOfADeadProcessAreRestoredOrRemoved()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var old = FolderState.Of(book.Output);
        var previous = Path.Combine(Path.GetDirectoryName(book.Output)!, ".output.previous-999999999");
        var staging = Path.Combine(Path.GetDirectoryName(book.Output)!, ".output.staging-999999998");
        Directory.Move(book.Output, previous);
        Directory.CreateDirectory(staging);
        File.WriteAllBytes(Path.Combine(staging, OutputFolder.ManifestPath), OutputFolder.Marker());
        File.WriteAllText(Path.Combine(staging, "half.html"), "half a page");

        // A failing build still restores the previous site: exit 1 means the output is as it was.
        book.Book.Yaml("zz-broken.yaml", "claims:\n  - id: zz\n    text: X\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: never said\n");
        Assert.False(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build).Succeeded);

        FolderState.AssertUntouched(old, FolderState.Of(book.Output));
        Assert.Equal(["output"], Leftovers(book));
    }

    /// <summary>
    /// Moving an edit's files into the output: a kill half-way (after the third change, past the manifest's) leaves a
    /// folder that is neither site, and the next build, even a failing one, moves the old files back from its journal.
    /// </summary>
    [Fact]
    public void AKillHalfWayThroughMovingFilesInIsUndoneByTheNextBuild()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var old = FolderState.Of(book.Output);
        EditContent(book);
        var inputs = Inputs(book);

        var killed = Record.Exception(() => BriefingBuilder.Run(book.Options(cache: true) with
        { Faults = At(PublishStep.Move, false, () => new SimulatedKill(), inPlace: true, time: 4) }, BuildMode.Build));

        Assert.IsType<SimulatedKill>(killed);
        Assert.NotEmpty(FolderState.Differences(old, FolderState.Of(book.Output)));
        book.Book.Yaml("zz-broken.yaml", "claims:\n  - id: zz\n    text: X\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: never said\n");
        Assert.False(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build).Succeeded);
        FolderState.AssertUntouched(old, FolderState.Of(book.Output));
        Assert.Equal(["output"], Leftovers(book));

        book.Book.Delete("zz-broken.yaml");
        PublishingBook.Require(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "the build after a kill while moving files in");
        AssertInputsUntouched(inputs, book);
    }

    /// <summary>A failure half-way through moving an edit's files in (a read-only folder) moves the old files back at once: exit 1, output as it was.</summary>
    [Fact]
    public void AFailureHalfWayThroughMovingFilesInLeavesTheOutputAsItWas()
    {
        using var book = new PublishingBook();
        // A page the edit no longer makes, so the commit deletes a file as well as replacing some.
        book.Book.Yaml("zz-extra.yaml", "islands:\n  - id: habomai\n    name: Habomai\n    summary: A group of islets off Hokkaido.\n");
        book.BuildCached();
        var old = FolderState.Of(book.Output);
        book.Book.Delete("zz-extra.yaml");
        EditContent(book);

        var result = BriefingBuilder.Run(book.Options(cache: true) with
        { Faults = At(PublishStep.Move, false, () => new UnauthorizedAccessException("simulated: permission denied"), inPlace: true, time: 5) }, BuildMode.Build);

        Assert.False(result.Succeeded);
        Assert.Contains("simulated: permission denied", result.Diagnostics.One(Codes.OutputError.Id).Message);
        FolderState.AssertUntouched(old, FolderState.Of(book.Output));
        Assert.True(File.Exists(Path.Combine(book.Output, "islands", "habomai.html")), "the deleted page was not put back");
        Assert.Equal(["output"], Leftovers(book));
        PublishingBook.Require(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "the build after a failure while moving files in");
    }

    private static void AssertOneOf(FolderState actual, FolderState old, FolderState fresh, string when)
    {
        var fromOld = FolderState.Differences(old, actual);
        var fromNew = FolderState.Differences(fresh, actual);
        Assert.True(fromOld.Count == 0 || fromNew.Count == 0,
            $"{when}: the output is neither the old site ({fromOld.Count} differences: {string.Join(", ", fromOld.Take(5))}) " +
            $"nor the new one ({fromNew.Count}: {string.Join(", ", fromNew.Take(5))})");
    }
}

/// <summary>Findings 5 and 6 with a real process: the CLI killed (SIGKILL) or terminated (SIGTERM) in the middle of a build.</summary>
public class KilledCliTests
{
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private const int SigTerm = 15;

    internal static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>A project big enough that rendering takes a while: the sample book plus many unannotated seeds, one page each.</summary>
    private static HostileProject BigProject()
    {
        var project = new HostileProject();
        var text = string.Concat(Enumerable.Repeat("An unannotated paragraph about the islands, long enough to take some rendering. ", 40));
        for (var i = 0; i < 3000; i++) File.WriteAllText(project.Combine("seeds", $"bulk-{i:D4}.txt"), text + "\n");
        return project;
    }

    private static Process Start(HostileProject project, params string[] args)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            WorkingDirectory = project.Project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[Cli.DllPath, "build", .. HostileProject.Inputs, .. args]) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>Waits until the build has staged some pages (so it is mid-build), then signals it.</summary>
    private static void SignalMidBuild(Process process, HostileProject project, Action<Process> signal)
    {
        var staging = project.Combine($".output.staging-{process.Id}", "sources");
        var limit = Stopwatch.StartNew();
        while (!(Directory.Exists(staging) && Directory.EnumerateFiles(staging).Take(20).Count() == 20))
        {
            Assert.False(process.HasExited, "the build finished before it could be interrupted: make the book bigger");
            Assert.True(limit.Elapsed < TimeSpan.FromMinutes(2), "the build never started staging pages");
            Thread.Sleep(5);
        }
        signal(process);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the build did not stop");
    }

    [Fact]
    public void AKilledBuildLeavesTheOldSiteAndTheNextBuildRemovesItsStagingFolder()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var project = BigProject();
        var first = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var old = FolderState.Of(project.Combine("output"));
        File.WriteAllText(project.Combine("seeds", "bulk-0000.txt"), "A changed article.\n");
        var inputs = FolderState.Of(project.Combine("seeds"));

        // Without the cache every page streams into the staging folder (a cached build stages only the changed page,
        // and moves it into the output, see InterruptedPublishTests), so the kill lands while pages are rendered.
        using var process = Start(project, "--no-cache");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        SignalMidBuild(process, project, p => p.Kill());
        FolderState.AssertUntouched(old, FolderState.Of(project.Combine("output")));
        Assert.NotEmpty(Directory.GetDirectories(project.Project, ".output.staging-*"));

        var next = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]);
        Assert.True(next.ExitCode == 0, next.Stderr);
        Assert.Empty(Directory.GetDirectories(project.Project, ".output.*"));
        Assert.Contains("A changed article.", File.ReadAllText(project.Combine("output", "sources", "bulk-0000.html")));
        var clean = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs, "--output", "clean", "--no-cache"]);
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        FolderState.AssertSameBytes(project.Combine("clean"), project.Combine("output"), "the build after a kill");
        FolderState.AssertUntouched(inputs, FolderState.Of(project.Combine("seeds")));
    }

    [Fact]
    public void SigtermCancelsTheBuildCleansUpAndExits143()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var project = BigProject();
        var first = Cli.Execute(project.Project, ["build", .. HostileProject.Inputs]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var old = FolderState.Of(project.Combine("output"));
        File.WriteAllText(project.Combine("seeds", "bulk-0000.txt"), "A changed article.\n");

        // Without the cache every page streams into the staging folder, so the signal lands while pages are rendered.
        using var process = Start(project, "--no-cache");
        _ = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        SignalMidBuild(process, project, p => Assert.Equal(0, Kill(p.Id, SigTerm)));

#pragma warning disable xUnit1031 // the process has exited: its standard error is complete and the task done
        Assert.True(process.ExitCode == 143, $"exit {process.ExitCode}\n{stderr.Result}");
        Assert.Contains("interrupted; nothing was written", stderr.Result);
#pragma warning restore xUnit1031
        FolderState.AssertUntouched(old, FolderState.Of(project.Combine("output")));
        Assert.Empty(Directory.GetDirectories(project.Project, ".output.*"));
    }
}

/// <summary>The low findings of issue 12: bad option values are usage errors (exit 2), never aborts or stack traces.</summary>
public class OptionValueTests
{
    [Theory]
    [InlineData("serve", "--port", "abc", "--port must be a whole number from 1 to 65535, not 'abc'")]
    [InlineData("serve", "--port", "0", "--port must be")]
    [InlineData("serve", "--port", "65536", "--port must be")]
    [InlineData("check", "--min-coverage", "101", "--min-coverage must be a percentage from 0 to 100, not '101'")]
    [InlineData("check", "--min-coverage", "-1", "--min-coverage must be")]
    [InlineData("check", "--min-coverage", "abc", "--min-coverage must be")]
    [InlineData("build", "--seeds", "", "the seeds folder is an empty path")]
    [InlineData("build", "--theme", "", "the theme folder is an empty path")]
    public void ABadValueIsAUsageError(string command, string option, string value, string expected)
    {
        using var project = new HostileProject();
        var before = FolderState.Of(project.Root);
        var run = Cli.Execute(project.Project, HostileProject.Args(command, option, value));
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("rjb: error: " + expected, run.Stderr);
        FolderState.AssertUntouched(before, FolderState.Of(project.Root));
    }

    /// <summary>0 is in range: the check runs (and still fails, on the uncited sentences without a reason).</summary>
    [Fact]
    public void ACoverageTargetInRangeIsAccepted()
    {
        using var project = new HostileProject();
        var run = Cli.Execute(project.Project, ["check", .. HostileProject.Inputs, "--coverage", "--min-coverage", "0"]);
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.Contains("(at least 0% cited, and a reason for every uncited sentence)", run.Stdout);
    }

    [Fact]
    public void RjbChromiumNamingSomethingThatIsNotAProgramIsAUsageError()
    {
        using var project = new HostileProject();
        var run = WithEnvironment(project.Project, ("RJB_CHROMIUM", "/etc/passwd"), ["pdf", .. HostileProject.Inputs, "abe"]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.Contains("rjb: error: RJB_CHROMIUM is '/etc/passwd', which is not an executable file", run.Stderr);
        Assert.False(Directory.Exists(project.Combine("pdf")));
    }

    /// <summary>A browser that exits 0 without printing must not leave the previous PDF reported as freshly printed.</summary>
    [Fact]
    public void ABrowserThatWritesNothingIsAFailureAndTheOldPdfIsGone()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDir();
        var browser = temp.Combine("fake-chromium");
        File.WriteAllText(browser, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Directory.CreateDirectory(temp.Combine("site"));
        File.WriteAllText(temp.Combine("site", "index.html"), "<!doctype html><title>x</title>");
        var pdf = temp.Combine("index.pdf");
        File.WriteAllText(pdf, "%PDF- an old print");

        var problem = PdfPrinter.Print(browser, temp.Combine("site"), "index.html", pdf);

        Assert.NotNull(problem);
        Assert.Contains("without writing the PDF", problem);
        Assert.False(File.Exists(pdf), "the stale PDF is still there to be mistaken for a new one");
    }

    /// <summary>robots.txt is plain lines: an escaped line break in the base URL must stay escaped, not add a rule.</summary>
    [Fact]
    public void RobotsTxtKeepsTheBaseUrlEscaped()
    {
        using var book = SampleBook.Create();
        Assert.True(BriefingBuilder.TryParseBaseUrl("https://example.org/a%0ADisallow:%20/b/", out var url));
        PublishingBook.Require(BriefingBuilder.Run(book.Options with { BaseUrl = url }, BuildMode.Build));
        var lines = File.ReadAllText(Path.Combine(book.Output, "robots.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["User-agent: *", "Allow: /", "Sitemap: https://example.org/a%0ADisallow:%20/b/sitemap.xml"], lines);
    }

    private static Cli.Run WithEnvironment(string directory, (string Name, string Value) variable, string[] args)
    {
        var info = new ProcessStartInfo(KilledCliTests.Dotnet) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment[variable.Name] = variable.Value;
        foreach (var a in (string[])[Cli.DllPath, .. args]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "rjb did not exit");
        return new Cli.Run(process.ExitCode, stdout.Result, stderr.Result);
    }
}
