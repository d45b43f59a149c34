using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>Any page prints as a briefing paper: no site chrome, the endnotes kept, the quoted passages in the text.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PrintTests(BrowserFixture browser)
{
    private static readonly string[] ScreenOnly = [".site-header", ".site-nav", ".breadcrumbs"];

    private const string VisibilityOf = """
        selector => [...document.querySelectorAll(selector)].map(e => {
          const r = e.getBoundingClientRect();
          const s = getComputedStyle(e);
          return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0;
        })
        """;

    [Fact]
    public async Task PrintingHidesTheSiteChromeAndKeepsTheEndnotes()
    {
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        var problems = new List<string>();
        var chromeSeen = 0;
        var endnotesSeen = 0;
        foreach (var path in browser.Pages)
        {
            await page.EmulateMediaAsync(new() { Media = Media.Screen });
            await watched.GotoAsync(browser.FileUrl(path));
            foreach (var selector in ScreenOnly)
                if ((await page.EvaluateAsync<bool[]>(VisibilityOf, selector)).Any(v => v)) chromeSeen++;

            await page.EmulateMediaAsync(new() { Media = Media.Print });
            foreach (var selector in ScreenOnly)
            {
                var visible = await page.EvaluateAsync<bool[]>(VisibilityOf, selector);
                if (visible.Any(v => v)) problems.Add($"{path}: {selector} is visible in print");
            }
            var endnotes = await page.EvaluateAsync<bool[]>(VisibilityOf, ".endnotes");
            endnotesSeen += endnotes.Length;
            if (endnotes.Any(v => !v)) problems.Add($"{path}: .endnotes is hidden in print");
        }
        Assert.True(chromeSeen > 0, "no page shows .site-header, .site-nav or .breadcrumbs on screen: the print check would prove nothing");
        Assert.True(endnotesSeen > 0, "no page has an .endnotes section");
        Assert.True(problems.Count == 0, $"{problems.Count} print problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public async Task AnEntityPagePrintsToAPdfWithItsEndnotes()
    {
        var entity = browser.EntityPage;
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(browser.FileUrl(entity));

        var heading = (await page.Locator(".endnotes h2").First.InnerTextAsync()).Trim();
        Assert.Equal("Sources cited", heading);
        var firstNote = await page.Locator(".endnotes li a").First.InnerTextAsync();
        var quote = firstNote.Trim().Trim('“', '”', '"').Trim();
        Assert.True(quote.Length >= 10, $"the first endnote of {entity} quotes too little to look for: '{firstNote}'");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false });

        using var document = PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 1, $"the PDF of {entity} has no page");
        var text = new StringBuilder();
        foreach (var pdfPage in document.GetPages()) text.Append(pdfPage.Text).Append('\n');
        var squeezed = Squeeze(text.ToString());

        Assert.True(squeezed.Contains(Squeeze("Sources cited"), StringComparison.Ordinal),
            $"the PDF of {entity} ({document.NumberOfPages} page(s)) has no 'Sources cited' heading; its text starts: {Start(text)}");
        var passage = Squeeze(quote);
        passage = passage[..Math.Min(passage.Length, 60)];
        Assert.True(squeezed.Contains(passage, StringComparison.Ordinal),
            $"the PDF of {entity} does not contain the quoted passage '{quote}'; its text starts: {Start(text)}");
    }

    /// <summary>Text without white space or soft hyphens, compatibility-normalised (ligatures become letters).</summary>
    private static string Squeeze(string text) =>
        new(text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && c != '\u00AD' && char.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray());

    private static string Start(StringBuilder text) => text.ToString(0, Math.Min(400, text.Length));
}
