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

    /// <summary>The static files under assets/: each path relative to it ('/'-separated, in ordinal order) and its bytes.</summary>
    public IReadOnlyList<(string Path, byte[] Bytes)> Assets { get; private set; } = [];

    /// <summary>Reads every file of the theme once: templates are parsed, assets kept, and all of them fingerprinted.</summary>
    public static Theme? Load(string directory, DiagnosticBag diagnostics)
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
                theme.Parse(name["templates/".Length..], display, bytes, diagnostics);
        }
        theme.Assets = assets;
        theme.Fingerprint = Hashing.Hash(string.Join("\n", files.SelectMany(f => new[] { f.Name, Hashing.Hash(f.Bytes) })));
        foreach (var missing in RequiredTemplates.Where(t => !theme._templates.ContainsKey(t)))
            diagnostics.Report(Codes.MissingTemplate, new Location(PathDisplay.Relative(theme.TemplatesDirectory)), $"the theme has no template '{missing}'");
        return diagnostics.HasErrors ? null : theme;
    }

    private void Parse(string name, string display, byte[] bytes, DiagnosticBag diagnostics)
    {
        // As File.ReadAllText would, Decode drops a byte-order mark: it is not part of the template.
        if (TextFiles.Decode(bytes, out var notUtf8) is not { } text)
        {
            diagnostics.Report(Codes.TemplateError, new Location(display, notUtf8!.Line, notUtf8.Column),
                $"the template is not valid UTF-8 text: {notUtf8.What}", "re-save it as UTF-8");
            return;
        }
        var template = Template.Parse(text, display);
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
        var context = new PageTemplateContext
        {
            TemplateLoader = this,
            MemberRenamer = StandardMemberRenamer.Default,
            // Books grow: lists of tens of thousands of claims are normal, and Scriban's defaults (1,000 iterations, 1 MiB
            // of output) would cut them. The limits are far above any real page, and stop a runaway template for good.
            LoopLimit = Limits.Iterations,
            RecursiveLimit = Limits.Recursion,
            OutputLimit = Limits.OutputChars,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            LimitToString = Limits.StringChars,
            OnStringLimit = ScriptLimitBehavior.Throw,
            StrictVariables = true,   // a misspelt variable in a template is a theme bug, not an empty string
            EnableRelaxedMemberAccess = false,
        };
        // Partials were parsed with the rest of the theme; seeding the cache means `include` never re-reads or re-parses them.
        foreach (var (templateName, parsed) in _templates) context.CachedTemplates[templateName] = parsed;
        context.PushOutput(writer);
        context.PushGlobal(model);
        using var timeout = new CancellationTokenSource(Limits.Time);
        context.CancellationToken = timeout.Token;
        try
        {
            Evaluate(_templates["layout.html"], context);
            writer.Flush();
            return true;
        }
        catch (ScriptRuntimeException e)
        {
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

    /// <summary>
    /// The page's text, encoded as UTF-8 into a buffer borrowed from the shared pool and passed on when it fills.
    /// Scriban's TextWriterOutput copied every piece of text into a new string first (Substring), and a StreamWriter
    /// per page allocated 40 KB of buffers: together more garbage than the page itself, at thousands of pages.
    /// </summary>
    private sealed class Utf8Output(Stream stream) : IScriptOutput, IDisposable
    {
        private const int Size = 1 << 16;
        private readonly System.Text.Encoder _encoder = Utf8NoBom.GetEncoder(); // keeps a surrogate pair split between two writes whole
        private byte[]? _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Size);
        private int _used;

        public void Write(string text, int offset, int count) => Encode(text.AsSpan(offset, count), flush: false);

        public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
        {
            Write(text, offset, count);
            return ValueTask.CompletedTask;
        }

        /// <summary>Passes on the rest of the page; a page that failed is not flushed, as nothing of it is kept.</summary>
        public void Flush()
        {
            Encode([], flush: true);
            stream.Write(_buffer!, 0, _used);
            _used = 0;
        }

        private void Encode(ReadOnlySpan<char> chars, bool flush)
        {
            var buffer = _buffer!;
            while (true)
            {
                // Room for at least one character's bytes, so every round makes progress.
                if (buffer.Length - _used < 8)
                {
                    stream.Write(buffer, 0, _used);
                    _used = 0;
                }
                _encoder.Convert(chars, buffer.AsSpan(_used), flush, out var read, out var written, out var completed);
                _used += written;
                chars = chars[read..];
                if (completed) return;
            }
        }

        public void Dispose()
        {
            if (_buffer is null) return;
            System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    /// <summary>
    /// <c>include</c>, writing the partial straight into the page. Scriban's own renders each include into a buffer of
    /// its own, makes a string of it and then writes that, indenting its lines: a claim's text was copied three times
    /// over (its citations are includes inside the claim's include). Here the partial's text passes through an
    /// <see cref="IndentingOutput"/> that indents it as that last write would have, so the page is the same to the
    /// byte. Only an include that stands as a statement of its own is streamed; one whose text is used as a value
    /// (assigned, piped, with named arguments) goes to Scriban's.
    /// </summary>
    private sealed class StreamingInclude(IScriptCustomFunction buffered) : IScriptCustomFunction
    {
        public int RequiredParameterCount => buffered.RequiredParameterCount;
        public int ParameterCount => buffered.ParameterCount;
        public ScriptVarParamKind VarParamKind => buffered.VarParamKind;
        public Type ReturnType => buffered.ReturnType;
        public ScriptParameterInfo GetParameterInfo(int index) => buffered.GetParameterInfo(index);

        public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
        {
            if (callerContext is not ScriptFunctionCall { Parent: ScriptExpressionStatement } call || !context.EnableOutput
                || call.Arguments.Any(a => a is ScriptNamedArgument) || arguments.Count == 0)
                return buffered.Invoke(context, callerContext, arguments, blockStatement);
            var path = context.GetTemplatePathFromName(context.ObjectToString(arguments[0]), callerContext);
            if (path is null) return null;
            var template = context.GetOrCreateTemplate(path, callerContext);
            // What Scriban's RenderTemplate does around the partial, with the partial's output passed on instead of kept.
            context.EnterRecursive(callerContext);
            var indent = context.CurrentIndent;
            var newLineBefore = PreviousTextWasNewLine(context);
            var output = new IndentingOutput(context.Output, indent, newLineBefore);
            context.CurrentIndent = null;
            context.PushOutput(output);
            context.PushLocal();
            try
            {
                context.SetValue(ScriptVariable.Arguments, arguments, true, true);
                if (indent is not null) context.ResetPreviousNewLine();
                if (template.SourceFilePath is not null) context.PushSourceFile(template.SourceFilePath);
                try
                {
                    Evaluate(template, context);
                }
                finally
                {
                    if (template.SourceFilePath is not null) context.PopSourceFile();
                }
            }
            finally
            {
                context.PopLocal();
                context.PopOutput();
                context.CurrentIndent = indent;
                // As after writing the partial's text in one piece: unchanged if it was empty, else whether it ended a line.
                PreviousTextWasNewLine(context) = output.Wrote ? output.EndsLine : newLineBefore;
                context.ExitRecursive(callerContext);
            }
            return null;
        }

        public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
            ValueTask.FromResult(Invoke(context, callerContext, arguments, blockStatement));

        /// <summary>Scriban's line state, which decides whether the next line is indented; it has no public setter.</summary>
        [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_previousTextWasNewLine")]
        private static extern ref bool PreviousTextWasNewLine(TemplateContext context);
    }

    /// <summary>
    /// Passes a partial's text on, indenting it as Scriban's TemplateContext.Write indents one string: every line that
    /// starts after a line break gets <c>indent</c>, empty lines too (Scriban's IndentOnEmptyLines, on by default).
    /// The rule looks at nothing but line breaks, so the text may arrive in any number of pieces.
    /// </summary>
    private sealed class IndentingOutput(IScriptOutput inner, string? indent, bool newLine) : IScriptOutput
    {
        private bool _newLine = newLine;

        public bool Wrote { get; private set; }
        public bool EndsLine { get; private set; }

        public void Write(string text, int offset, int count)
        {
            if (count <= 0) return;
            Wrote = true;
            EndsLine = text[offset + count - 1] == '\n';
            if (indent is null)
            {
                inner.Write(text, offset, count);
                return;
            }
            var end = offset + count;
            for (var i = offset; i < end;)
            {
                if (_newLine)
                {
                    inner.Write(indent, 0, indent.Length);
                    _newLine = false;
                }
                var lineEnd = text.IndexOf('\n', i, end - i);
                if (lineEnd < 0)
                {
                    inner.Write(text, i, end - i);
                    return;
                }
                inner.Write(text, i, lineEnd + 1 - i);
                i = lineEnd + 1;
                _newLine = true;
            }
        }

        public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
        {
            Write(text, offset, count);
            return ValueTask.CompletedTask;
        }
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
