using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>The rjb command as a user runs it: `dotnet rjb.dll …` in a child process, in the book's folder.</summary>
public class CliTests
{
    private static string[] Paths(TempBook book) => ["--seeds", "seeds", "--content", "content", "--theme", book.Theme];

    [Fact]
    public void BuildOfAValidBookExitsZeroAndWritesTheSite()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, ["build", .. Paths(book), "--output", "site"]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        // 28 HTML pages (print volumes included), book.json and its one claims file, and the search index's manifest and shards.
        var search = Directory.EnumerateFiles(Path.Combine(book.Path, "site", Path.GetDirectoryName(SiteLayout.SearchIndex)!)).Count();
        Assert.Matches($@"^built {30 + search} pages \(\d+ files\) into site/", run.Stdout);
        Assert.Contains("seeds/unannotated-2019.txt: warning RJB0502:", run.Stderr);
        Assert.DoesNotContain("error", run.Stderr);
        Assert.True(File.Exists(book.Combine("site", "index.html")));
        Assert.True(File.Exists(book.Combine("site", "data", "book.json")));
    }

    [Fact]
    public void EveryWarningOfABookWithThousandsOfLinesOfThemIsPrintedOnce()
    {
        using var book = SampleBook.Create();
        for (var i = 0; i < 400; i++) book.Seed($"extra-{i:D3}", $"An article of no note, number {i}.\n");
        var run = Cli.Execute(book.Path, ["check", .. Paths(book)]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        // More than the 32,000 characters printed at a time: the lines of every write are there, each once and whole.
        Assert.True(run.Stderr.Length > 48_000, $"{run.Stderr.Length} characters of warnings: too few to be printed in several writes");
        var unannotated = run.Stderr.Split('\n').Where(line => line.Contains("warning RJB0502:", StringComparison.Ordinal)).ToList();
        Assert.Equal(401, unannotated.Count);
        Assert.Equal(401, unannotated.Distinct().Count());
        for (var i = 0; i < 400; i++) Assert.Contains(unannotated, line => line.StartsWith($"seeds/extra-{i:D3}.txt: warning RJB0502:", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckOfAValidBookExitsZeroAndWritesNothing()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, ["check", .. Paths(book)]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.StartsWith("check passed: 3 sources, 9 entities, 9 claims, 6 dated;", run.Stdout);
        Assert.False(Directory.Exists(book.Combine("output")));
        Assert.Equal(["content", "seeds"], Directory.GetDirectories(book.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void DefaultsAreTheFoldersOfTheCurrentDirectory()
    {
        using var book = SampleBook.Create();
        TempDir.CopyDirectory(Repo.Theme, book.Combine("themes", "default"));
        var run = Cli.Execute(book.Path, "build");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.True(File.Exists(book.Combine("output", "index.html")));
    }

    [Fact]
    public void AContentErrorExitsOneWithTheDiagnosticOnStderr()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", """
            claims:
              - id: sunday-meeting
                text: They met on Sunday.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: met in the Kremlin on Sunday
            """);
        var run = Cli.Execute(book.Path, ["build", .. Paths(book), "--output", "site"]);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("content/zz.yaml(7,16): error RJB0303: the quote is not in seeds/tass-2018.txt: \"met in the Kremlin on Sunday\" " +
            "(it matches up to \"…met in the Kremlin on S\" at line 4, where the source goes on \"aturday. The two lea\" and the quote \"unday\")", lines);
        Assert.Contains(lines, l => l.StartsWith("build failed: 1 error(s), 1 warning(s); nothing was written", StringComparison.Ordinal));
        Assert.DoesNotContain("RJB0303", run.Stdout);
        Assert.False(Directory.Exists(book.Combine("site")), "a failed build must not write");
    }

    [Fact]
    public void CheckWithAContentErrorAlsoExitsOne()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "islands:\n  - id: Bad Id\n    name: B\n    summary: S\n");
        var run = Cli.Execute(book.Path, ["check", .. Paths(book)]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("content/zz.yaml(2,9): error RJB0201:", run.Stderr);
    }

    /// <summary>A cached rebuild with nothing to do says so in one line, whether it replayed the last build's report or rendered again to compare.</summary>
    [Fact]
    public void ARebuildThatChangesNothingSaysSo()
    {
        using var book = SampleBook.Create();
        string[] args = ["build", .. Paths(book), "--output", "site", "--cache", "cache"];
        var first = Cli.Execute(book.Path, args);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.StartsWith("built ", first.Stdout);
        Assert.Contains("\nwrote ", first.Stdout);

        const string Unchanged = @"^nothing changed: site/ is up to date \(\d+ files from 3 sources, [^)]*\) and was not touched; checked in \d+ ms \(";
        var replayed = Cli.Execute(book.Path, args);
        Assert.True(replayed.ExitCode == 0, replayed.Stderr);
        Assert.Single(replayed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(Unchanged + @"unchanged \d+ ms\); \d+ warning\(s\)$", replayed.Stdout.TrimEnd());
        Assert.Equal(first.Stderr, replayed.Stderr);

        foreach (var snapshot in Directory.GetFiles(book.Combine("cache"), "snapshot-*.bin")) File.Delete(snapshot);
        var rendered = Cli.Execute(book.Path, args);
        Assert.True(rendered.ExitCode == 0, rendered.Stderr);
        Assert.Single(rendered.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(Unchanged + @"load \d+ ms, verify \d+ ms, render \d+ ms, write \d+ ms\); \d+ warning\(s\)$", rendered.Stdout.TrimEnd());
    }

    [Fact]
    public void AFailedBuildKeepsThePreviousSite()
    {
        using var book = SampleBook.Create();
        Assert.Equal(0, Cli.Execute(book.Path, ["build", .. Paths(book), "--output", "site"]).ExitCode);
        var before = TempDir.Snapshot(book.Combine("site"));
        book.Yaml("zz.yaml", "claims:\n  - id: x\n    text: X\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: never said\n");
        Assert.Equal(1, Cli.Execute(book.Path, ["build", .. Paths(book), "--output", "site"]).ExitCode);
        var after = TempDir.Snapshot(book.Combine("site"));
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
    }

    [Fact]
    public void CoverageBelowTargetExitsOneAndListsUncitedSentences()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, ["check", .. Paths(book), "--coverage"]);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var lines = run.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("coverage tass-2018: 4/8 article sentences cited (50.0%), 0 uncited with a reason, 4 without  << below target", lines);
        Assert.Contains("coverage kyodo-2016: 4/5 article sentences cited (80.0%), 0 uncited with a reason, 1 without  << below target", lines);
        Assert.Contains("coverage unannotated-2019: not yet annotated", lines);
        Assert.Contains("seeds/tass-2018.txt(2,1): uncited: Abe and Putin meet in Moscow", lines);
        Assert.Contains("seeds/tass-2018.txt(4,1): uncited: MOSCOW, May 26. /TASS/.", lines);
        Assert.Contains("seeds/kyodo-2016.txt(2,1): uncited: Putin visits Nagato for talks with Abe", lines);
    }

    [Fact]
    public void CoverageTargetMetExitsZero()
    {
        using var book = SampleBook.Create();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("        reason: Subscription appeal\n", """
                    reason: Subscription appeal
                uncited:
                  - { quote: Abe and Putin meet in Moscow, reason: Headline }
                  - { quote: "MOSCOW, May 26. /TASS/.", reason: Dateline }
                  - { quote: We are determined to solve the problem, reason: Quoted remark }
                  - { quote: "The talks were useful, Abe said", reason: Repetition }

            """));
        book.Yaml("sources/kyodo-2016.yaml", SampleBook.KyodoYaml.Replace("        reason: Masthead\n", """
                    reason: Masthead
                uncited:
                  - { quote: Putin visits Nagato for talks with Abe, reason: Headline }

            """));
        var run = Cli.Execute(book.Path, ["check", .. Paths(book), "--coverage", "--min-coverage", "50"]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("coverage tass-2018: 4/8 article sentences cited (50.0%), 4 uncited with a reason, 0 without", run.Stdout);
        Assert.Contains("coverage target met", run.Stdout);
        Assert.Contains("seeds/tass-2018.txt(2,1): uncited (Headline): Abe and Putin meet in Moscow", run.Stdout);
    }

    [Fact]
    public void CoverageIsAnOptionOfCheckOnly()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, ["build", .. Paths(book), "--coverage"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--coverage", run.Stderr);
        Assert.False(Directory.Exists(book.Combine("output")));
    }

    [Fact]
    public void AnUnknownOptionExitsTwo()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, ["build", .. Paths(book), "--output", "site", "--bogus"]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("--bogus", run.Stderr);
        Assert.False(Directory.Exists(book.Combine("site")), "a wrong command line must not build");
    }

    [Fact]
    public void AnUnknownCommandExitsTwo()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, "publish");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("publish", run.Stderr);
    }

    [Fact]
    public void NoCommandExitsTwo()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rjb --help", run.Stderr);
    }

    [Fact]
    public void HelpExitsZero()
    {
        using var book = SampleBook.Create();
        var run = Cli.Execute(book.Path, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("build", run.Stdout);
        Assert.Contains("check", run.Stdout);
    }
}
