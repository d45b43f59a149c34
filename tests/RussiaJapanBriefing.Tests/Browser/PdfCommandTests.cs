using RussiaJapanBriefing.Tests.Support;
using UglyToad.PdfPig;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>`rjb pdf` prints chosen topics of the real book through Debian's Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PdfCommandTests(BrowserFixture browser)
{
    private static string[] Inputs => ["--seeds", Repo.Seeds, "--content", Repo.Content, "--theme", Repo.Theme];

    [Fact]
    public void PrintsAChosenTopicAsABriefingPaperWithEndnotesAndARunningHeader()
    {
        Assert.NotNull(browser.Pages); // the fixture has proved Chromium runs here
        using var temp = new TempDir("rjb-pdf-");
        var run = Cli.Execute(temp.Path, ["pdf", "abe", "chronology", .. Inputs, "--output", "papers"]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");

        using var pdf = PdfDocument.Open(temp.Combine("papers", "abe.pdf"));
        Assert.True(pdf.NumberOfPages >= 2, $"{pdf.NumberOfPages} page(s)");
        static string Words(UglyToad.PdfPig.Content.Page page) => string.Join(" ", page.GetWords().Select(w => w.Text));
        var first = Words(pdf.GetPage(1));
        Assert.Contains("Shinzo Abe", first);          // the running header names the topic
        Assert.Contains("sources to 31 August 2020", first); // and carries the book's own date
        Assert.Contains($"Page 1 of {pdf.NumberOfPages}", first);
        var all = string.Join(" ", pdf.GetPages().Select(Words));
        Assert.Contains("Sources cited", all);
        Assert.DoesNotContain("Skip to content", all);
        Assert.True(File.Exists(temp.Combine("papers", "chronology.pdf")));
    }

    [Fact]
    public void AnUnknownTopicIsAUsageErrorWithASuggestionAndPrintsNothing()
    {
        using var temp = new TempDir("rjb-pdf-");
        var run = Cli.Execute(temp.Path, ["pdf", "kunashirr", .. Inputs, "--output", "papers"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown topic 'kunashirr'", run.Stderr);
        Assert.Contains("did you mean 'kunashir'?", run.Stderr);
        Assert.False(Directory.Exists(temp.Combine("papers")));
    }

    [Fact]
    public void AMissingBrowserIsAClearErrorNotACrash()
    {
        using var temp = new TempDir("rjb-pdf-");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Cli.DllPath);
        foreach (var a in new[] { "pdf", "abe", "--output", "papers" }.Concat(Inputs)) info.ArgumentList.Add(a);
        // No browser anywhere: RJB_CHROMIUM unset and nothing on the PATH (RJB_CHROMIUM naming a non-program is a usage
        // error instead: OptionValueTests).
        info.Environment.Remove("RJB_CHROMIUM");
        info.Environment["PATH"] = temp.Path;
        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("no Chromium browser found", stderr);
        Assert.Contains("apt-get install chromium", stderr);
    }
}
