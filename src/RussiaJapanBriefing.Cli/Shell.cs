using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using RussiaJapanBriefing;

namespace RussiaJapanBriefing.Commands;

/// <summary>The options every command that reads the book shares, and what every command does the same way.</summary>
internal static class Shell
{
    public static readonly Option<string> Seeds = new("--seeds") { Description = "Folder of source articles (*.txt)", DefaultValueFactory = _ => "seeds" };
    public static readonly Option<string> Content = new("--content") { Description = "Folder of YAML annotations", DefaultValueFactory = _ => "content" };
    public static readonly Option<string> Theme = new("--theme") { Description = "Theme folder (templates/ and assets/)", DefaultValueFactory = _ => "themes/default" };

    /// <summary>The inputs named on the command line, for a run that writes into <paramref name="output"/>.</summary>
    public static BuildOptions Options(ParseResult parsed, string output = "output") =>
        new(parsed.GetValue(Seeds)!, parsed.GetValue(Content)!, parsed.GetValue(Theme)!, output);

    public static void Print(IEnumerable<Diagnostic> diagnostics)
    {
        // Standard error flushes every write, and a builder is written a chunk at a time: 6,000 warnings at 10,000 sources,
        // written from a builder to it, were 7,500 system calls of a few dozen bytes each. They go through a writer of
        // their own, 64 KB at a time, and each diagnostic from one small builder, not one string of them all (megabytes
        // of memory the process had not touched, each new page of it a fault).
        Console.Error.Flush();
        using var error = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            diagnostic.AppendTo(text.Clear()).Append(Environment.NewLine);
            foreach (var chunk in text.GetChunks()) error.Write(chunk.Span);
        }
    }

    /// <summary>Usage errors found before anything is read or written: each printed as the parser's are; the caller exits 2.</summary>
    public static bool Refused(IReadOnlyList<string> problems)
    {
        foreach (var problem in problems) Console.Error.WriteLine($"rjb: error: {problem}");
        return problems.Count > 0;
    }

    /// <summary>
    /// SIGINT (Ctrl+C) and SIGTERM cancel the run, which removes what it staged and leaves the output as it was; the exit
    /// code is then 128 + the signal (130, 143), as shells report. A second signal ends the process at once; the next build
    /// removes what that one leaves behind.
    /// </summary>
    public static int Interruptible(Func<CancellationToken, int> run)
    {
        using var cancellation = new CancellationTokenSource();
        var received = 0;
        void Stop(PosixSignalContext context)
        {
            if (Interlocked.CompareExchange(ref received, context.Signal == PosixSignal.SIGTERM ? 143 : 130, 0) != 0) return;
            context.Cancel = true;
            cancellation.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var code = run(cancellation.Token);
        return cancellation.IsCancellationRequested && code != 0 ? received : code;
    }

    /// <summary>A number option parsed by hand, so that text which is no number, or one out of range, is a usage error.</summary>
    public static double Number(ArgumentResult result, string name, double minimum, double maximum, string expected, bool whole = false)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            && (!whole || value == Math.Floor(value)))
            return value;
        result.AddError($"{name} must be {expected}, not '{text}'");
        return minimum;
    }

    public static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0} ms");
}
