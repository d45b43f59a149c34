using System.Diagnostics;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>`rjb draft` and `rjb fix-quotes` end to end, with standard input redirected (no terminal to confirm with).</summary>
public class DraftCliTests
{
    private static Cli.Run Rjb(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Cli.DllPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"rjb {string.Join(' ', args)} did not exit");
        }
        process.WaitForExit();
        return new Cli.Run(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static TempBook RealBook()
    {
        var book = new TempBook();
        TempDir.CopyDirectory(Repo.Seeds, book.Seeds);
        TempDir.CopyDirectory(Repo.Content, book.Content);
        return book;
    }

    [Fact]
    public void DraftWritesOnceAndRefusesToOverwriteWithoutForce()
    {
        using var book = RealBook();
        book.Seed("005_new", File.ReadAllText(Path.Combine(Repo.Seeds, "002_caf580a484fee1ae.txt")));
        var first = Rjb(book.Path, "draft", "005_new");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("drafted content/sources/005_new.yaml", first.Stdout.Replace('\\', '/'));
        Assert.Contains("published 2013-04-23", first.Stdout);
        var written = File.ReadAllText(book.ContentFile("sources/005_new.yaml"));

        var again = Rjb(book.Path, "draft", "005_new");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("RJB0902", again.Stderr);
        Assert.Equal(written, File.ReadAllText(book.ContentFile("sources/005_new.yaml")));
        Assert.Equal(0, Rjb(book.Path, "draft", "005_new", "--force").ExitCode);

        var check = Rjb(book.Path, "check", "--coverage", "--theme", Repo.Theme);
        Assert.Equal(1, check.ExitCode); // the drafted source is below target: 0% cited
        Assert.Contains("coverage 005_new: 0/", check.Stdout);
        Assert.Contains("not yet annotated", check.Stdout);
        Assert.Equal(0, Rjb(book.Path, "check", "--theme", Repo.Theme).ExitCode);
    }

    [Fact]
    public void DraftRefusesBadIdsAndMissingSeeds()
    {
        using var book = RealBook();
        var bad = Rjb(book.Path, "draft", "../evil");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("RJB0901", bad.Stderr);
        var missing = Rjb(book.Path, "draft", "009_nothing");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("RJB0901", missing.Stderr);
        Assert.Equal(2, Rjb(book.Path, "draft").ExitCode);
    }

    [Fact]
    public void FixQuotesOnlyPrintsWithoutATerminalAndAppliesAllWithTheFlag()
    {
        using var book = RealBook();
        var seed = Path.Combine(book.Seeds, "001_8ae617a3b1e9327b.txt");
        File.WriteAllText(seed, File.ReadAllText(seed).Replace("with whom they held 26 personal meetings", "with whom they have held 27 personal meetings"));
        var annotation = File.ReadAllText(book.ContentFile("sources/001_8ae617a3b1e9327b.yaml"));
        Assert.Equal(1, Rjb(book.Path, "check", "--theme", Repo.Theme).ExitCode);

        var printed = Rjb(book.Path, "fix-quotes");
        Assert.Equal(0, printed.ExitCode);
        Assert.Contains("{+have+} held [-26-] {+27+}", printed.Stdout);
        Assert.Contains("none applied", printed.Stdout);
        Assert.Equal(annotation, File.ReadAllText(book.ContentFile("sources/001_8ae617a3b1e9327b.yaml")));

        var applied = Rjb(book.Path, "fix-quotes", "--all");
        Assert.Equal(0, applied.ExitCode);
        Assert.Contains("a figure changed", applied.Stdout);
        Assert.Contains("repaired 2 of 2 broken quote(s) in 2 file(s)", applied.Stdout);
        Assert.Equal(0, Rjb(book.Path, "check", "--theme", Repo.Theme).ExitCode);
    }
}
