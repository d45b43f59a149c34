using Microsoft.Playwright;
using RussiaJapanBriefing.Tests.Support;
using UglyToad.PdfPig;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// A topic prints as a brief, not a dossier: every entity of the real book fits on two A4 pages, while its full record
/// (the page's #full-record address, which `rjb pdf --full` prints) keeps everything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BriefPrintTests(BrowserFixture browser)
{
    private const int MaxBriefPages = 2;

    /// <summary>The page's words, compatibility-normalised (the "fi" of "Briefing" is a ligature in the PDF).</summary>
    private static string Words(UglyToad.PdfPig.Content.Page page) =>
        string.Join(" ", page.GetWords().Select(w => w.Text)).Normalize(System.Text.NormalizationForm.FormKC);

    /// <summary>Prints a page as Chromium does for `rjb pdf`: A4 with the theme's @page margins and running header.</summary>
    private async Task<PdfDocument> PrintAsync(string url)
    {
        await using var watched = await browser.OpenAsync();
        await watched.GotoAsync(url);
        var pdf = await watched.Page.PdfAsync(new() { PreferCSSPageSize = true, Format = "A4" });
        return PdfDocument.Open(pdf);
    }

    [Fact]
    public async Task EveryEntityOfTheRealBookPrintsOnAtMostTwoPages()
    {
        var book = browser.Site.Result.Book!;
        Assert.True(book.Entities.Count >= 30, $"the real book has only {book.Entities.Count} entities");
        var pages = new List<string>();
        var tooLong = new List<string>();
        foreach (var entity in book.Entities)
        {
            using var pdf = await PrintAsync(browser.FileUrl(entity.Url));
            pages.Add($"{entity.Id}: {pdf.NumberOfPages}");
            if (pdf.NumberOfPages > MaxBriefPages) tooLong.Add($"{entity.Id} prints on {pdf.NumberOfPages} pages");
            var first = Words(pdf.GetPage(1));
            Assert.Contains("Briefing", first, StringComparison.Ordinal);
        }
        Assert.True(tooLong.Count == 0, string.Join(Environment.NewLine, tooLong.Concat(["all:", .. pages])));
    }

    [Fact]
    public async Task TheFullRecordOfABigTopicPrintsMoreThanItsBrief()
    {
        var abe = browser.Site.Result.Book!.EntityById["abe"].Url;
        using var brief = await PrintAsync(browser.FileUrl(abe));
        using var full = await PrintAsync(browser.FileUrl(abe) + "#" + RussiaJapanBriefing.Model.SiteLayout.FullRecord);
        Assert.True(full.NumberOfPages > brief.NumberOfPages, $"full record {full.NumberOfPages} page(s), brief {brief.NumberOfPages}");

        var briefText = string.Join(" ", brief.GetPages().Select(Words));
        var fullText = string.Join(" ", full.GetPages().Select(Words));
        Assert.Contains("Key points", briefText, StringComparison.Ordinal);
        Assert.Contains("Full record", fullText, StringComparison.Ordinal);
        // The undated claims and the links are the full record's only.
        Assert.DoesNotContain("What the sources say", briefText, StringComparison.Ordinal);
        Assert.Contains("What the sources say", fullText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePdfCommandPrintsTheBriefTheFullRecordAndTheBookInVolumes()
    {
        Assert.NotNull(browser.Pages); // the fixture has proved Chromium runs here
        using var temp = new TempDir("rjb-pdf-");
        string[] inputs = ["--seeds", Repo.Seeds, "--content", Repo.Content, "--theme", Repo.Theme];
        var brief = Cli.Execute(temp.Path, ["pdf", "abe", "book", .. inputs, "--output", "briefs"]);
        Assert.True(brief.ExitCode == 0, $"exit {brief.ExitCode}\n{brief.Stdout}\n{brief.Stderr}");
        var full = Cli.Execute(temp.Path, ["pdf", "abe", "--full", .. inputs, "--output", "full"]);
        Assert.True(full.ExitCode == 0, $"exit {full.ExitCode}\n{full.Stdout}\n{full.Stderr}");

        using var briefPdf = PdfDocument.Open(temp.Combine("briefs", "abe.pdf"));
        using var fullPdf = PdfDocument.Open(temp.Combine("full", "abe.pdf"));
        Assert.True(briefPdf.NumberOfPages <= MaxBriefPages, $"the brief has {briefPdf.NumberOfPages} pages");
        Assert.True(fullPdf.NumberOfPages > briefPdf.NumberOfPages, $"--full printed {fullPdf.NumberOfPages} page(s), the brief {briefPdf.NumberOfPages}");

        // The whole book: its contents, then one file per print volume, each a run of briefs.
        Assert.True(File.Exists(temp.Combine("briefs", "book.pdf")));
        var volumes = Directory.GetFiles(temp.Combine("briefs"), "book-*.pdf").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["book-islands-1.pdf", "book-leaders-1.pdf", "book-meetings-1.pdf", "book-people-1.pdf", "book-treaties-1.pdf"], volumes);
        using var leaders = PdfDocument.Open(temp.Combine("briefs", "book-leaders-1.pdf"));
        var text = string.Join(" ", leaders.GetPages().Select(Words));
        Assert.Contains("Shinzo Abe", text, StringComparison.Ordinal);
        Assert.Contains("Vladimir Putin", text, StringComparison.Ordinal);
    }
}
