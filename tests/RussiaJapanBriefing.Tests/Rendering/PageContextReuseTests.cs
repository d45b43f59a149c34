using System.Text;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Tests.Rendering;

/// <summary>
/// Each thread renders its pages with one template context, reset after each page: no page may see what an earlier
/// one set, wrote or left open, and a page that failed midway must not spoil the next.
/// </summary>
public sealed class PageContextReuseTests : IDisposable
{
    private readonly TempDir _root = new("rjb-context-");
    private readonly Theme _theme;

    public PageContextReuseTests()
    {
        var templates = _root.Combine("theme", "templates");
        Directory.CreateDirectory(templates);
        foreach (var name in Theme.RequiredTemplates) File.WriteAllText(Path.Combine(templates, name), name == "layout.html" ? "[{{ content }}]" : "");
        // Sets a variable of its own, outside any function, as a careless theme might.
        File.WriteAllText(Path.Combine(templates, "sets.html"), "{{ leaked = 'from the last page' }}{{ for i in 1..3 }}{{ i }}{{ end }}");
        File.WriteAllText(Path.Combine(templates, "reads.html"), "{{ leaked }}");
        File.WriteAllText(Path.Combine(templates, "plain.html"), "{{ title }}\n  {{ for i in 1..2 }}\n  <p>{{ i }}</p>\n  {{ end }}\n");
        // Stops inside a loop inside an include: loops, calls and outputs are left open.
        File.WriteAllText(Path.Combine(templates, "fails.html"), "{{ for i in 1..5 }}{{ include 'partial.html' }}{{ end }}");
        File.WriteAllText(Path.Combine(templates, "partial.html"), "<b>{{ for j in 1..2 }}{{ if i == 3 }}{{ no_such_function() }}{{ end }}{{ end }}</b>");
        var bag = new DiagnosticBag();
        _theme = Theme.Load(_root.Combine("theme"), bag) ?? throw new InvalidOperationException(bag.Sorted().Dump());
    }

    public void Dispose() => _root.Dispose();

    private (bool Rendered, string Text, DiagnosticBag Bag) Render(string template, string title = "")
    {
        var model = new ScriptObject { ["title"] = title };
        var bag = new DiagnosticBag();
        using var page = new MemoryStream();
        var rendered = _theme.RenderPage(template, model, page, bag);
        return (rendered, Encoding.UTF8.GetString(page.ToArray()), bag);
    }

    [Fact]
    public void APageDoesNotSeeAVariableTheLastPageSet()
    {
        var first = Render("sets.html");
        Assert.True(first.Rendered, first.Bag.Sorted().Dump());
        Assert.Equal("[123]", first.Text);
        var next = Render("reads.html");
        Assert.False(next.Rendered, $"the page read the last page's variable: {next.Text}");
        Assert.Contains(next.Bag.Sorted(), d => d.Code == Codes.TemplateError.Id && d.Message.Contains("leaked", StringComparison.Ordinal));
    }

    [Fact]
    public void APageRendersTheSameBeforeAndAfterOthers()
    {
        var alone = Render("plain.html", "First");
        Assert.True(alone.Rendered, alone.Bag.Sorted().Dump());
        Assert.StartsWith("[First\n", alone.Text);
        Assert.Equal(2, alone.Text.Split("<p>").Length - 1);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Render("sets.html").Rendered);
            Assert.Equal(alone.Text, Render("plain.html", "First").Text);
        }
        Assert.Equal(alone.Text.Replace("First", "Second", StringComparison.Ordinal), Render("plain.html", "Second").Text);
    }

    [Fact]
    public void APageThatFailedMidwayLeavesTheNextPageWhole()
    {
        var before = Render("plain.html", "Page");
        var failed = Render("fails.html");
        Assert.False(failed.Rendered);
        Assert.Contains(failed.Bag.Sorted(), d => d.Code == Codes.TemplateError.Id && d.Location.Path.EndsWith("partial.html", StringComparison.Ordinal));
        var after = Render("plain.html", "Page");
        Assert.True(after.Rendered, after.Bag.Sorted().Dump());
        Assert.Equal(before.Text, after.Text);
    }
}
