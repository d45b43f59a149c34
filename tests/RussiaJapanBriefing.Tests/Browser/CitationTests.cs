using Microsoft.Playwright;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// A reader follows a claim's citation to the passage it rests on, and sees what a citation quotes before following
/// it, with the mouse or with the keyboard alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CitationTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(Origin.File)]
    [InlineData(Origin.SubPath)]
    public async Task FollowingACitationLandsOnTheQuotedPassage(Origin origin)
    {
        var entity = browser.EntityPage;
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(browser.Url(entity, origin));

        // :visible: the printed brief's key points repeat some citations, hidden on screen.
        var cite = page.Locator(".cite a:visible").First;
        Assert.True(await cite.CountAsync() > 0, $"{entity} has no citation link (.cite a)");
        var href = await cite.GetAttributeAsync("href") ?? "";
        Assert.Contains('#', href);

        // Where the link leads, resolved as the browser resolves it: the page is then waited for by its address.
        var expected = browser.PageOf(new Uri(new Uri(page.Url), href).AbsoluteUri);
        Assert.True(expected is not null && expected.StartsWith("sources/", StringComparison.Ordinal) && expected.EndsWith(".html", StringComparison.Ordinal),
            $"the citation {href} on {entity} does not lead to a sources/<id>.html page of this site");
        await cite.ClickAsync();
        await browser.AtAsync(page, expected);

        var landed = page.Url;
        Assert.Contains('#', landed);
        var fragment = Uri.UnescapeDataString(landed[(landed.IndexOf('#') + 1)..]);
        Assert.Equal(href[(href.IndexOf('#') + 1)..], fragment);
        // The layout's footer comes after the passages: once it is there, so is the passage, if the page has it.
        await page.Locator("footer.site-footer").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("id => document.getElementById(id) !== null", fragment),
            $"{expected} has no element with id '{fragment}' for the citation {href} on {entity}");
        Assert.True(await page.EvaluateAsync<bool>("id => document.querySelector(':target')?.id === id", fragment),
            $"{expected}#{fragment} is not the :target after following the citation");
        var problems = watched.TakeProblems();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task TabbingToACitationShowsItsPreview()
    {
        var entity = browser.EntityPage;
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(browser.HttpUrl(entity));

        var previews = page.Locator(".cite-preview");
        Assert.True(await previews.CountAsync() > 0, $"{entity} has no citation preview (.cite-preview)");
        Assert.False(await previews.First.IsVisibleAsync(), $"on {entity} the first .cite-preview is visible before anything is focused");

        // the keyboard alone: Tab until a citation link has the focus
        var presses = 0;
        var visited = new List<string>();
        while (!await page.EvaluateAsync<bool>("() => !!document.activeElement?.matches('.cite a')"))
        {
            Assert.True(++presses <= 300,
                $"300 presses of Tab on {entity} never focused a citation link (.cite a); focus went through: {string.Join(" → ", visited.TakeLast(30))}");
            await page.Keyboard.PressAsync("Tab");
            visited.Add(await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + (e.textContent ?? '').trim().slice(0, 30) : 'none'; }"));
        }

        var preview = page.Locator(".cite:focus-within .cite-preview");
        Assert.Equal(1, await preview.CountAsync());
        Assert.True(await preview.IsVisibleAsync(), $"on {entity}, the preview of the focused citation is not visible");
        var box = await preview.BoundingBoxAsync();
        Assert.True(box is { Width: > 0, Height: > 0 }, $"on {entity}, the preview of the focused citation has no size");

        // the preview is the link's description, so a screen reader reads it too
        var describedBy = await page.EvaluateAsync<string?>("() => document.activeElement.getAttribute('aria-describedby')");
        var previewId = await preview.GetAttributeAsync("id");
        Assert.True(describedBy is not null && previewId is not null && describedBy.Split(' ').Contains(previewId),
            $"on {entity}, the focused citation link's aria-describedby ('{describedBy}') does not name its preview ('{previewId}')");
        Assert.Contains("“", await preview.InnerTextAsync());

        // moving the focus on hides it again
        await page.EvaluateAsync("() => document.activeElement.blur()");
        Assert.False(await preview.IsVisibleAsync(), $"on {entity} the preview stays visible after the citation loses the focus");
    }

    [Fact]
    public async Task HoveringACitationShowsItsPreview()
    {
        var entity = browser.EntityPage;
        await using var watched = await browser.OpenAsync();
        var page = watched.Page;
        await watched.GotoAsync(browser.FileUrl(entity));

        var cites = page.Locator(".cite:visible");
        Assert.True(await cites.CountAsync() > 0, $"{entity} has no citation (.cite)");
        var cite = cites.Nth(Math.Min(1, await cites.CountAsync() - 1));
        var preview = cite.Locator(".cite-preview");
        Assert.False(await preview.IsVisibleAsync());
        await cite.Locator("a").HoverAsync();
        Assert.True(await preview.IsVisibleAsync(), $"on {entity}, hovering a citation link does not show its .cite-preview");
        var box = await preview.BoundingBoxAsync();
        Assert.True(box is { Width: > 0, Height: > 0 }, $"on {entity}, the hovered citation's preview has no size");
    }

    /// <summary>On a phone, a citation's preview must open inside the screen, wherever the citation sits in the line.</summary>
    [Fact]
    public async Task CitationPreviewsFitOnAPhoneScreen()
    {
        var entity = browser.EntityPage;
        await using var watched = await browser.OpenAsync(new() { ViewportSize = new() { Width = 375, Height = 800 } });
        var page = watched.Page;
        await watched.GotoAsync(browser.HttpUrl(entity));

        var links = page.Locator(".cite a:visible");
        var count = await links.CountAsync();
        Assert.True(count > 0, $"{entity} has no citation link (.cite a)");
        var problems = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var link = links.Nth(i);
            await link.FocusAsync();
            var box = await page.Locator(".cite:focus-within .cite-preview").BoundingBoxAsync();
            var text = await link.InnerTextAsync();
            var id = await link.GetAttributeAsync("aria-describedby");
            if (box is null) problems.Add($"{id} ({text}): the preview is not shown on focus");
            else if (box.X < -1 || box.X + box.Width > 375 + 1)
                problems.Add($"#{id} (citation {text}): spans x = {box.X:0}…{box.X + box.Width:0} px of a 375 px screen");
        }
        Assert.True(problems.Count == 0,
            $"on {entity} at 375×800, {problems.Count} of {count} citation previews (.cite-preview) open partly off the screen:" +
            Environment.NewLine + string.Join(Environment.NewLine, problems.Take(20)));
    }
}
