using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// A theme is only files: Scriban templates in <c>templates/</c> and static files in <c>assets/</c>.
/// Templates are parsed once per build; a parse error names the template file, line and column.
/// </summary>
public sealed class Theme : ITemplateLoader
{
    /// <summary>The templates a theme must provide, one per kind of page, plus the layout that wraps them.</summary>
    public static readonly IReadOnlyList<string> RequiredTemplates =
        ["layout.html", "index.html", "entity.html", "kind.html", "source.html", "sources.html", "chronology.html"];

    private static readonly System.Text.UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Dictionary<string, Template> _templates = new(StringComparer.Ordinal);

    private Theme(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>A hash of every template and asset: when it changes, every page is rendered again.</summary>
    public string Fingerprint { get; private set; } = "";
    public string TemplatesDirectory => Path.Combine(Directory, "templates");
    public string AssetsDirectory => Path.Combine(Directory, "assets");

    public static Theme? Load(string directory, DiagnosticBag diagnostics)
    {
        var theme = new Theme(directory);
        if (!System.IO.Directory.Exists(theme.TemplatesDirectory))
        {
            diagnostics.Error(Codes.MissingTemplate, new Location(PathDisplay.Relative(directory)), "the theme has no templates/ folder");
            return null;
        }
        foreach (var file in System.IO.Directory.EnumerateFiles(theme.TemplatesDirectory, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(theme.TemplatesDirectory, file).Replace('\\', '/');
            var display = PathDisplay.Relative(file);
            string text;
            try
            {
                text = File.ReadAllText(file, TextFiles.StrictUtf8);
            }
            catch (System.Text.DecoderFallbackException)
            {
                diagnostics.Error(Codes.TemplateError, new Location(display), "the template is not valid UTF-8 text", "re-save it as UTF-8");
                continue;
            }
            var template = Template.Parse(text, display);
            foreach (var message in template.Messages)
                diagnostics.Error(Codes.TemplateError, new Location(display, message.Span.Start.Line + 1, message.Span.Start.Column + 1), message.Message);
            theme._templates[name] = template;
        }
        var files = System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(f => new[] { Path.GetRelativePath(directory, f), Publishing.BuildCache.Hash(File.ReadAllBytes(f)) });
        theme.Fingerprint = Publishing.BuildCache.Hash(string.Join("\n", files));
        foreach (var missing in RequiredTemplates.Where(t => !theme._templates.ContainsKey(t)))
            diagnostics.Error(Codes.MissingTemplate, new Location(PathDisplay.Relative(theme.TemplatesDirectory)), $"the theme has no template '{missing}'");
        return diagnostics.HasErrors ? null : theme;
    }

    public bool Has(string name) => _templates.ContainsKey(name);

    /// <summary>
    /// Renders a page into <paramref name="output"/> as UTF-8: the layout, with the page's own template evaluated
    /// in place where the layout says <c>{{ content }}</c>. The body streams into the same output instead of being
    /// built as a string first, so a page is never held whole in memory; it still runs before the rest of the
    /// layout, so the endnotes it collects are complete when the layout lists them. Runtime errors (an unknown
    /// function, say) are reported with their position, and false is returned.
    /// </summary>
    public bool RenderPage(string template, ScriptObject model, Stream output, DiagnosticBag diagnostics)
    {
        model["content"] = new PageBody(_templates[template]);
        using var writer = new StreamWriter(output, Utf8NoBom, 1 << 16, leaveOpen: true);
        var context = new TemplateContext
        {
            TemplateLoader = this,
            MemberRenamer = StandardMemberRenamer.Default,
            LoopLimit = 0,            // books grow: lists of thousands of claims are normal, not runaway loops
            LimitToString = 0,        // nor are pages of several megabytes: Scriban would otherwise cut them at 1 MiB
            RecursiveLimit = 64,
            StrictVariables = true,   // a misspelt variable in a template is a theme bug, not an empty string
            EnableRelaxedMemberAccess = false,
        };
        // Partials were parsed with the rest of the theme; seeding the cache means `include` never re-reads or re-parses them.
        foreach (var (templateName, parsed) in _templates) context.CachedTemplates[templateName] = parsed;
        context.PushOutput(new TextWriterOutput(writer));
        context.PushGlobal(model);
        try
        {
            Evaluate(_templates["layout.html"], context);
            return true;
        }
        catch (ScriptRuntimeException e)
        {
            diagnostics.Error(Codes.TemplateError, new Location(e.Span.FileName ?? template, e.Span.Start.Line + 1, e.Span.Start.Column + 1), e.OriginalMessage);
            return false;
        }
    }

    private static void Evaluate(Template template, TemplateContext context)
    {
        if (template.Page is not { } page) return;
        var result = context.Evaluate(page);
        if (result is not null) context.Write(page.Span, result);
    }

    /// <summary><c>{{ content }}</c> in the layout: evaluates the page's template right there, into the layout's output.</summary>
    private sealed class PageBody(Template template) : IScriptCustomFunction
    {
        public int RequiredParameterCount => 0;
        public int ParameterCount => 0;
        public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;
        public Type ReturnType => typeof(object);
        public ScriptParameterInfo GetParameterInfo(int index) => throw new ArgumentOutOfRangeException(nameof(index));

        public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
        {
            Evaluate(template, context);
            return null;
        }

        public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
            ValueTask.FromResult(Invoke(context, callerContext, arguments, blockStatement));
    }

    string ITemplateLoader.GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;

    /// <summary>Only reached for a template that is not in the theme, since every theme template is already cached.</summary>
    string ITemplateLoader.Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        throw new ScriptRuntimeException(callerSpan, $"the theme has no template '{templatePath}'");

    ValueTask<string?> ITemplateLoader.LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(((ITemplateLoader)this).Load(context, callerSpan, templatePath));

    /// <summary>Files under assets/, as paths relative to it, in ordinal order.</summary>
    public IReadOnlyList<string> Assets() =>
        System.IO.Directory.Exists(AssetsDirectory)
            ? System.IO.Directory.EnumerateFiles(AssetsDirectory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(AssetsDirectory, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal).ToList()
            : [];
}
