using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace RussiaJapanBriefing.Rendering;

// How a page's text leaves the templates: encoded once into a pooled buffer, with includes streamed into it.
public sealed partial class Theme
{
    /// <summary>
    /// The page's text, encoded as UTF-8 into a buffer borrowed from the shared pool and passed on when it fills.
    /// Scriban's TextWriterOutput copied every piece of text into a new string first (Substring), and a StreamWriter
    /// per page allocated 40 KB of buffers: together more garbage than the page itself, at thousands of pages.
    /// </summary>
    private sealed class Utf8Output(Stream stream) : IScriptOutput, IDisposable
    {
        private const int Size = 1 << 16;
        private readonly System.Text.Encoder _encoder = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder(); // keeps a surrogate pair split between two writes whole
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
}
