using System.Text;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Tests.Rendering;

/// <summary>
/// The theme writes an include straight into the page instead of rendering it into a string first, as Scriban does;
/// it must indent the partial's lines exactly as Scriban indents that string, or every page would change.
/// </summary>
public sealed class IncludeTests : IDisposable
{
    private readonly TempDir _root = new("rjb-include-");

    public void Dispose() => _root.Dispose();

    private static readonly Dictionary<string, string> Partials = new()
    {
        // Nested, indented includes in a loop, an empty line, and a value with line breaks of its own ("\r\n", "\r").
        ["partials/item.html"] = "<li>{{ item }}\n  {{~ for n in [1, 2] ~}}\n    {{ include 'partials/inner.html' }}\n  {{~ end ~}}\n</li>\n{{ text }}",
        ["partials/inner.html"] = "<b>{{ n }}</b>\n\n{{ text }}\n",
        ["partials/empty.html"] = "",
        ["partials/return.html"] = "{{ ret }}",
    };

    private const string Index =
        "<ul>\n  {{~ for item in items ~}}\n  {{ include 'partials/item.html' }}\n  {{~ end ~}}\n</ul>\n" +
        "    {{ include 'partials/item.html' }}\n" +
        "{{ x = include 'partials/item.html' }}[{{ x }}]\n" +
        "  {{ include 'partials/empty.html' }}after\n" +
        "  {{ include 'partials/return.html' }}\n  {{ include 'partials/return.html' }}x\n  end\n" +
        "{{ include 'partials/inner.html' }}{{ include 'partials/item.html' }}\n";

    private static ScriptObject Model() => new()
    {
        ["items"] = new[] { "a", "b" },
        ["item"] = "top",
        ["n"] = 0,
        ["text"] = "x\r\n\r\ny\r\rz\r",
        ["ret"] = "\r",
    };

    [Fact]
    public void AnIncludedPartialIsWrittenAsScribanWritesIt()
    {
        var templates = _root.Combine("theme", "templates");
        Directory.CreateDirectory(Path.Combine(templates, "partials"));
        foreach (var name in Theme.RequiredTemplates)
            File.WriteAllText(Path.Combine(templates, name), name == "layout.html" ? "{{ content }}" : "");
        File.WriteAllText(Path.Combine(templates, "index.html"), Index);
        foreach (var (name, text) in Partials) File.WriteAllText(Path.Combine(templates, name), text);
        var bag = new DiagnosticBag();
        var theme = Theme.Load(_root.Combine("theme"), bag);
        Assert.True(theme is not null, bag.Sorted().Dump());

        using var page = new MemoryStream();
        Assert.True(theme.RenderPage("index.html", Model(), page, bag), bag.Sorted().Dump());

        var expected = Stock();
        Assert.Contains("\n      <b>1</b>\n      \n      x\r\n", expected); // not a trivial case: includes nest and indent, empty lines too
        Assert.Equal(expected, Encoding.UTF8.GetString(page.ToArray()));
    }

    /// <summary>The same page from Scriban as it comes, with its own include.</summary>
    private static string Stock()
    {
        var context = new TemplateContext { TemplateLoader = new Loader() };
        context.PushGlobal(Model());
        return Template.Parse(Index).Render(context);
    }

    private sealed class Loader : ITemplateLoader
    {
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;
        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Partials[templatePath];
        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Partials[templatePath]);
    }
}
