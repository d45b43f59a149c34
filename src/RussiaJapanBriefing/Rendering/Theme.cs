using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// A theme is only files: Scriban templates in <c>templates/</c> and static files in <c>assets/</c>.
/// Templates are parsed once per build; a parse error names the template file, line and column.
/// </summary>
public sealed partial class Theme : ITemplateLoader
{
    /// <summary>The templates a theme must provide, one per kind of page, plus the layout that wraps them.</summary>
    public static readonly IReadOnlyList<string> RequiredTemplates =
        ["layout.html", "index.html", "entity.html", "kind.html", "source.html", "sources.html", "chronology.html"];

    private readonly Dictionary<string, Template> _templates = new(StringComparer.Ordinal);

    private Theme(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>A hash of every template and asset: when it changes, every page is rendered again.</summary>
    public string Fingerprint { get; private set; } = "";
    public string TemplatesDirectory => Path.Combine(Directory, "templates");

    /// <summary>The static files under assets/: each path relative to it ('/'-separated, in ordinal order) and its bytes.</summary>
    public IReadOnlyList<(string Path, byte[] Bytes)> Assets { get; private set; } = [];

    /// <summary>Reads every file of the theme once: templates are parsed, assets kept, and all of them fingerprinted.</summary>
    /// <param name="parsed">serve's templates from its last build: one whose bytes are unchanged is not parsed again.</param>
    public static Theme? Load(string directory, DiagnosticBag diagnostics, ParsedTemplates? parsed = null)
    {
        var theme = new Theme(directory);
        if (!System.IO.Directory.Exists(theme.TemplatesDirectory))
        {
            diagnostics.Report(Codes.MissingTemplate, new Location(PathDisplay.Relative(directory)), "the theme has no templates/ folder");
            return null;
        }
        // Only what InputFiles allows is read: a linked asset or template leading out of the theme is refused, not copied.
        var files = InputFiles.List(directory, recursive: true, _ => true, diagnostics).Files
            .Select(file => (file.Display, file.Name, Bytes: InputFiles.Read(file,
                file.Name.StartsWith("templates/", StringComparison.Ordinal) ? InputFiles.MaxTextBytes : InputFiles.MaxAssetBytes, diagnostics)))
            .Where(f => f.Bytes is not null).Select(f => (f.Display, f.Name, Bytes: f.Bytes!)).ToList();
        var assets = new List<(string, byte[])>();
        foreach (var (display, name, bytes) in files)
        {
            if (name.StartsWith("assets/", StringComparison.Ordinal)) assets.Add((name["assets/".Length..], bytes));
            else if (name.StartsWith("templates/", StringComparison.Ordinal) && name.EndsWith(".html", StringComparison.Ordinal))
                theme.Parse(name["templates/".Length..], display, bytes, diagnostics, parsed);
        }
        parsed?.Loaded();
        theme.Assets = assets;
        theme.Fingerprint = Hashing.Hash(string.Join("\n", files.SelectMany(f => new[] { f.Name, Hashing.Hash(f.Bytes) })));
        foreach (var missing in RequiredTemplates.Where(t => !theme._templates.ContainsKey(t)))
            diagnostics.Report(Codes.MissingTemplate, new Location(PathDisplay.Relative(theme.TemplatesDirectory)), $"the theme has no template '{missing}'");
        if (diagnostics.HasErrors) return null;
        // Scriban's builtins are made by reflection once per process, some 10 ms of CPU: on another core while the book
        // is resolved, not by the first page rendered while the other render threads wait for them.
        _ = Task.Run(() => System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(PageTemplateContext).TypeHandle));
        return theme;
    }

    private void Parse(string name, string display, byte[] bytes, DiagnosticBag diagnostics, ParsedTemplates? parsed)
    {
        if (parsed?.Find(display, bytes) is { } same)
        {
            Add(name, display, same, diagnostics);
            return;
        }
        // As File.ReadAllText would, Decode drops a byte-order mark: it is not part of the template.
        if (TextFiles.Decode(bytes, out var notUtf8) is not { } text)
        {
            diagnostics.Report(Codes.TemplateError, new Location(display, notUtf8!.Line, notUtf8.Column),
                $"the template is not valid UTF-8 text: {notUtf8.What}", "re-save it as UTF-8");
            return;
        }
        var template = Template.Parse(text, display);
        parsed?.Add(display, bytes, template);
        Add(name, display, template, diagnostics);
    }

    private void Add(string name, string display, Template template, DiagnosticBag diagnostics)
    {
        foreach (var message in template.Messages)
            diagnostics.Report(Codes.TemplateError, new Location(display, message.Span.Start.Line + 1, message.Span.Start.Column + 1), message.Message);
        _templates[name] = template;
    }

    public bool Has(string name) => _templates.ContainsKey(name);

    /// <summary>How far one page may go before it is stopped; tests lower them to reach them quickly.</summary>
    internal RenderLimits Limits { get; set; } = RenderLimits.Default;

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
        using var writer = new Utf8Output(output);
        var context = PageTemplateContext.Take(this);
        context.PushOutput(writer);
        context.PushGlobal(model);
        using var timeout = new CancellationTokenSource(Limits.Time);
        context.CancellationToken = timeout.Token;
        try
        {
            Evaluate(_templates["layout.html"], context);
            writer.Flush();
            context.Release();
            return true;
        }
        catch (ScriptRuntimeException e)
        {
            // The context is not kept: a page stopped midway may leave its loops and calls open.
            var (code, message, hint) = Explain(e);
            diagnostics.Report(code, new Location(e.Span.FileName ?? template, e.Span.Start.Line + 1, e.Span.Start.Column + 1), message, hint);
            return false;
        }
    }

    /// <summary>
    /// A limit that stops a page gets its own code, so that a template that loops for ever is not mistaken for a
    /// typo. Scriban says which limit by its message alone; any other message stays a plain template error.
    /// </summary>
    private (DiagnosticDescriptor Code, string Message, string? Hint) Explain(ScriptRuntimeException e)
    {
        var message = e.OriginalMessage;
        if (e is ScriptAbortException)
            return (Codes.TemplateTimeLimit, $"the page took longer than {Limits.Time.TotalSeconds:0} s to render", "look for a loop that never ends");
        if (message.StartsWith("Exceeding number of iteration limit", StringComparison.Ordinal) || message.StartsWith("Range expression exceeds LoopLimit", StringComparison.Ordinal))
            return (Codes.TemplateLoopLimit, $"a loop ran more than {Limits.Iterations} times", "look for a loop that never ends");
        if (message.StartsWith("Exceeding number of recursive depth limit", StringComparison.Ordinal) || message.StartsWith("Exceeding recursive depth limit", StringComparison.Ordinal))
            return (Codes.TemplateRecursionLimit, $"functions or includes nest more than {Limits.Recursion} deep", "look for a function or include that calls itself");
        if (message.StartsWith("Rendered output exceeds OutputLimit", StringComparison.Ordinal))
            return (Codes.TemplateOutputLimit, $"the page grew past {Limits.OutputChars >> 20} Mi characters", "look for a loop that writes without end");
        if (message.Contains("LimitToString", StringComparison.Ordinal))
            return (Codes.TemplateOutputLimit, $"a value grew past {Limits.StringChars >> 20} Mi characters", "look for a string built without end");
        return (Codes.TemplateError, message, null);
    }

    /// <summary>
    /// Scriban's defaults rebuild, for every page, a copy of all its builtin functions and, for every record type the
    /// page reads, the reflected list of its properties: a third of the time a small page took. Both are the same for
    /// every page, so they are made once and shared by all pages and threads. The builtins are read-only, so no page
    /// can change them for the next (a template that assigns to one, <c>date.format</c> say, gets an error).
    /// </summary>
    private sealed class PageTemplateContext() : TemplateContext(SharedBuiltins)
    {
        private static readonly ScriptObject SharedBuiltins = ReadOnlyBuiltins();
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IObjectAccessor> Accessors = new();

        private static ScriptObject ReadOnlyBuiltins()
        {
            var builtins = GetDefaultBuiltinObject();
            builtins.SetValue("include", new StreamingInclude((IScriptCustomFunction)builtins["include"]!), readOnly: true);
            foreach (var value in builtins.Values)
                if (value is ScriptObject functions) functions.IsReadOnly = true;
            builtins.IsReadOnly = true;
            return builtins;
        }

        /// <summary>
        /// A context made once per thread and reset after each page it rendered: a new one allocated some 25 KB (its
        /// reflection argument arrays alone hold 2,080 slots), 0.5 GB in a clean build at 10,000 sources.
        /// </summary>
        [ThreadStatic] private static PageTemplateContext? _spare;

        /// <summary>A context for one page of <paramref name="theme"/>: the thread's spare, or a new one.</summary>
        public static PageTemplateContext Take(Theme theme)
        {
            var context = _spare ?? new PageTemplateContext();
            _spare = null;
            context.TemplateLoader = theme;
            context.MemberRenamer = StandardMemberRenamer.Default;
            // Books grow: lists of tens of thousands of claims are normal, and Scriban's defaults (1,000 iterations, 1 MiB
            // of output) would cut them. The limits are far above any real page, and stop a runaway template for good.
            context.LoopLimit = theme.Limits.Iterations;
            context.RecursiveLimit = theme.Limits.Recursion;
            context.OutputLimit = theme.Limits.OutputChars;
            context.OnOutputLimit = ScriptLimitBehavior.Throw;
            context.LimitToString = theme.Limits.StringChars;
            context.OnStringLimit = ScriptLimitBehavior.Throw;
            context.StrictVariables = true;   // a misspelt variable in a template is a theme bug, not an empty string
            context.EnableRelaxedMemberAccess = false;
            // Partials were parsed with the rest of the theme; seeding the cache means `include` never re-reads or re-parses them.
            foreach (var (templateName, parsed) in theme._templates) context.CachedTemplates[templateName] = parsed;
            return context;
        }

        /// <summary>
        /// After a page rendered whole: the page's output, model and theme are let go (Scriban's Reset pops all but
        /// the builtins, clears its caches and output count), and the context is the thread's spare again.
        /// </summary>
        public void Release()
        {
            Reset();
            ResetPreviousNewLine();
            CancellationToken = default;
            TemplateLoader = null; // the theme is let go too (serve loads a new one after a template edit)
            _spare = this;
        }

        // Every page has the same member renamer and filter (the defaults), so an accessor made for one page serves all.
        protected override IObjectAccessor GetMemberAccessorImpl(object target) =>
            Accessors.GetOrAdd(target.GetType(), _ => base.GetMemberAccessorImpl(target) ?? Scriban.Runtime.Accessors.NullAccessor.Default);
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
}

/// <summary>
/// Bounds on rendering one page: loop iterations (counted over a loop and every loop nested in it), the depth of
/// function calls and includes, the characters written, the length of one string value, and wall-clock time.
/// Print.html, the largest page, is about 177 MB at 10,000 sources; at 1,000 sources its outermost loop counts
/// between 30,000 and 60,000 iterations (measured), so about 600,000 at 10,000: the iteration limit is 16 times that.
/// </summary>
internal sealed record RenderLimits(int Iterations, int Recursion, int OutputChars, int StringChars, TimeSpan Time)
{
    public static readonly RenderLimits Default = new(10_000_000, 64, 1 << 29, 1 << 26, TimeSpan.FromMinutes(10));
}

/// <summary>
/// serve's parsed templates, by file, from one build to the next: a template whose bytes did not change is the same
/// parse again. A parsed template is only read once made (every page of a build already renders from it at once),
/// and parsing the default theme was about a tenth of a real-book save. Only the last build's templates are kept.
/// </summary>
public sealed class ParsedTemplates
{
    private Dictionary<string, (byte[] Bytes, Template Template)> _last = new(StringComparer.Ordinal);
    private Dictionary<string, (byte[] Bytes, Template Template)> _now = new(StringComparer.Ordinal);

    internal Template? Find(string file, byte[] bytes)
    {
        if (!_last.TryGetValue(file, out var kept) || !kept.Bytes.AsSpan().SequenceEqual(bytes)) return null;
        _now[file] = kept;
        return kept.Template;
    }

    internal void Add(string file, byte[] bytes, Template template) => _now[file] = (bytes, template);

    /// <summary>Ends a theme's load: a template it did not read is dropped.</summary>
    internal void Loaded() => (_last, _now) = (_now, new(StringComparer.Ordinal));
}
