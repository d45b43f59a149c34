using System.Text;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Tests.Rendering;

/// <summary>serve keeps each template's parse while its bytes are unchanged; an edit, or a template gone, must never be served from it.</summary>
public sealed class ParsedTemplatesTests : IDisposable
{
    private readonly TempDir _root = new("rjb-parsed-");

    public void Dispose() => _root.Dispose();

    private string Templates => _root.Combine("theme", "templates");

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(Templates, name), text);

    private (Theme? Theme, DiagnosticBag Bag) Load(ParsedTemplates parsed)
    {
        var bag = new DiagnosticBag();
        return (Theme.Load(_root.Combine("theme"), bag, parsed), bag);
    }

    private static string Render(Theme theme)
    {
        using var page = new MemoryStream();
        Assert.True(theme.RenderPage("index.html", new ScriptObject(), page, new DiagnosticBag()));
        return Encoding.UTF8.GetString(page.ToArray());
    }

    public ParsedTemplatesTests()
    {
        Directory.CreateDirectory(Path.Combine(Templates, "partials"));
        foreach (var name in Theme.RequiredTemplates) Write(name, name == "layout.html" ? "[{{ content }}]" : "");
        Write("index.html", "one {{ include 'partials/part.html' }}");
        Write("partials/part.html", "part");
    }

    [Fact]
    public void AnEditedTemplateIsParsedAgainAndAnUnchangedOneIsKept()
    {
        var parsed = new ParsedTemplates();
        var (first, bag) = Load(parsed);
        Assert.True(first is not null, bag.Sorted().Dump());
        Assert.Equal("[one part]", Render(first));
        var index = Path.Combine(Templates, "index.html");
        var before = File.ReadAllBytes(index);

        Write("index.html", "two {{ include 'partials/part.html' }}");
        var (second, _) = Load(parsed);
        Assert.Equal("[two part]", Render(second!));
        // The old bytes are no longer kept; the unchanged partial is.
        Assert.Null(parsed.Find(PathDisplay.Relative(index), before));
        var part = Path.Combine(Templates, "partials", "part.html");
        Assert.NotNull(parsed.Find(PathDisplay.Relative(part), File.ReadAllBytes(part)));
    }

    [Fact]
    public void AKeptTemplateReportsItsErrorsAgain()
    {
        Write("index.html", "{{ if }}");
        var parsed = new ParsedTemplates();
        var (first, once) = Load(parsed);
        var (second, twice) = Load(parsed);
        Assert.Null(first);
        Assert.Null(second);
        Assert.NotEmpty(once.Sorted());
        Assert.Equal(once.Sorted().Select(d => d.ToString()), twice.Sorted().Select(d => d.ToString()));
    }

    [Fact]
    public void ATemplateRemovedIsNotKept()
    {
        var parsed = new ParsedTemplates();
        Load(parsed);
        var part = Path.Combine(Templates, "partials", "part.html");
        var bytes = File.ReadAllBytes(part);
        File.Delete(part);
        var (theme, _) = Load(parsed);
        Assert.Null(parsed.Find(PathDisplay.Relative(part), bytes));
        // And the page that includes it fails as it would in a clean build.
        using var page = new MemoryStream();
        var bag = new DiagnosticBag();
        Assert.False(theme!.RenderPage("index.html", new ScriptObject(), page, bag));
        Assert.Contains(bag.Sorted(), d => d.ToString().Contains("partials/part.html", StringComparison.Ordinal));
    }
}
