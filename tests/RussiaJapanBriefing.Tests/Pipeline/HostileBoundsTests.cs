using System.Text;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Short inputs that used to crash the process, hang it, or take minutes: recursive or exponential YAML aliases,
/// templates that loop for ever, a one-letter quote in a long article, and Markdown that Markdig parses in quadratic
/// time. Each is refused at once with a diagnostic. The time limits are hang guards far above what each needs now.
/// </summary>
public sealed class HostileBoundsTests : IDisposable
{
    private const string File = "content/hostile.yaml";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly TempDir _root = new("rjb-hostile-bounds-");

    public void Dispose() => _root.Dispose();

    private static IReadOnlyList<Diagnostic> Load(string yaml)
    {
        var bag = new DiagnosticBag();
        Bounded.Run(() => AnnotationLoader.LoadText(File, yaml, bag), "loading the YAML", Guard);
        return bag.Sorted();
    }

    // ---- YAML aliases and keys ------------------------------------------------------------------------------------

    /// <summary>
    /// An alias inside the node it names made YamlDotNet recurse until the stack overflowed: the process died with
    /// no message (and took `serve` with it). Run in a child process so that a crash fails this test only.
    /// </summary>
    [Fact]
    public void ARecursiveAliasIsAnErrorNotAStackOverflow()
    {
        using var book = SampleBook.Create();
        book.Yaml("recursive.yaml", "x: &a [*a]\n? *a\n: 1\n");
        var run = Cli.Execute(book.Path, "check", "--seeds", "seeds", "--content", "content", "--theme", Repo.Theme);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode} (1 expected): {run.Stderr}");
        Assert.Contains("content/recursive.yaml(1,8): error RJB0116", run.Stderr);
        Assert.Contains("content/recursive.yaml(2,3): error RJB0113", run.Stderr);
    }

    /// <summary>Aliases nested as keys took exponential time (each level nine times the last; 13 lines, 52 s).</summary>
    [Fact]
    public void AliasesAsKeysAreRefusedAtOnceAtEachKey()
    {
        var yaml = new StringBuilder("k0: &k0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 13; i++)
            yaml.Append($"k{i}: &k{i} {{ *k{i - 1} : [{string.Join(", ", Enumerable.Repeat($"*k{i - 1}", 8))}] }}\n");
        yaml.Append("islands:\n  - id: a\n    *k12 : 1\n");
        var diagnostics = Load(yaml.ToString());
        var aliasKeys = diagnostics.Where(d => d.Code == Codes.AliasKey.Id).ToList();
        Assert.Equal(13, aliasKeys.Count);
        aliasKeys[0].AssertAt(File, 2, 11);
        aliasKeys[^1].AssertAt(File, 16, 5);
        Assert.Contains("*k12", aliasKeys[^1].Message);
        Assert.DoesNotContain(diagnostics, d => d.Code == Codes.UnknownKey.Id);
    }

    [Fact]
    public void ComplexKeysAndMergeKeysAreRefusedAtTheKey()
    {
        var diagnostics = Load("""
            base: &base { name: A, summary: S }
            islands:
              - id: a
                <<: *base
              - id: b
                ? [name]
                : B
                { x: 1 }: 2
            """);
        diagnostics.One(Codes.MergeKey.Id).AssertAt(File, 4, 5);
        var complex = diagnostics.Where(d => d.Code == Codes.ComplexKey.Id).ToList();
        Assert.Equal(2, complex.Count);
        complex[0].AssertAt(File, 6, 7);
        Assert.Contains("list", complex[0].Message);
        complex[1].AssertAt(File, 8, 5);
        Assert.Contains("mapping", complex[1].Message);
    }

    [Fact]
    public void AnAliasOfACompletedNodeIsStillAValue()
    {
        var diagnostics = Load("""
            ids: &ids [kunashir, iturup]
            shadow: &s [&s iturup, *s]
            islands:
              - id: a
                name: A
                summary: S
                related: *ids
            """);
        Assert.DoesNotContain(diagnostics, d => new[] { Codes.AliasKey.Id, Codes.RecursiveAlias.Id, Codes.ComplexKey.Id, Codes.MergeKey.Id }.Contains(d.Code));
    }

    // ---- templates ------------------------------------------------------------------------------------------------

    /// <summary>A template loop that never ends hung build, check and serve for good.</summary>
    [Fact]
    public void AnEndlessTemplateLoopStopsWithADiagnosticAtItsLine()
    {
        var theme = _root.Combine("theme");
        TempDir.CopyDirectory(Repo.Theme, theme);
        System.IO.File.WriteAllText(Path.Combine(theme, "templates", "chronology.html"), "<h1>Chronology</h1>\n<p>{{ while true }}x{{ end }}</p>\n");
        using var book = SampleBook.Create(theme);
        var result = Bounded.Run(() => book.Build(), "building with an endless loop", TimeSpan.FromSeconds(120));
        Assert.False(result.Succeeded);
        Assert.False(Directory.Exists(book.Output), "nothing is written");
        var d = result.Errors().One(Codes.TemplateLoopLimit.Id);
        d.AssertAt(PathDisplay.Relative(Path.Combine(theme, "templates", "chronology.html")), 2, 7);
    }

    private Theme MinimalTheme(string index)
    {
        var templates = _root.Combine("minimal", "templates");
        Directory.CreateDirectory(templates);
        foreach (var name in Theme.RequiredTemplates)
            System.IO.File.WriteAllText(Path.Combine(templates, name), name == "layout.html" ? "{{ content }}" : "");
        System.IO.File.WriteAllText(Path.Combine(templates, "index.html"), index);
        var bag = new DiagnosticBag();
        var theme = Theme.Load(_root.Combine("minimal"), bag);
        Assert.True(theme is not null, bag.Sorted().Dump());
        return theme;
    }

    private static Diagnostic RenderFails(Theme theme)
    {
        var bag = new DiagnosticBag();
        var ok = Bounded.Run(() => theme.RenderPage("index.html", new ScriptObject(), Stream.Null, bag), "rendering", Guard);
        Assert.False(ok);
        return Assert.Single(bag.Sorted());
    }

    /// <summary>With output, the same loop wrote 8.7 GB to the staging folder in 15 s.</summary>
    [Fact]
    public void ALoopThatWritesWithoutEndStopsAtTheOutputLimit()
    {
        var theme = MinimalTheme("<p>\n{{ while true }}0123456789{{ end }}\n");
        theme.Limits = RenderLimits.Default with { Iterations = 0, OutputChars = 1 << 20 };
        var d = RenderFails(theme);
        Assert.Equal(Codes.TemplateOutputLimit.Id, d.Code);
        Assert.Equal(2, d.Location.Line);
    }

    [Fact]
    public void AStringBuiltWithoutEndStopsAtTheStringLimit()
    {
        var theme = MinimalTheme("{{ s = 'ab' }}\n{{ while true; s = s + s; end }}\n");
        theme.Limits = RenderLimits.Default with { StringChars = 1 << 20 };
        Assert.Equal(Codes.TemplateOutputLimit.Id, RenderFails(theme).Code);
    }

    [Fact]
    public void AFunctionThatCallsItselfStopsAtTheRecursionLimit()
    {
        var d = RenderFails(MinimalTheme("{{ func f; f; end }}\n{{ f }}\n"));
        Assert.Equal(Codes.TemplateRecursionLimit.Id, d.Code);
    }

    [Fact]
    public void ALoopWithNoIterationLimitStillStopsAtTheTimeLimit()
    {
        var theme = MinimalTheme("{{ while true; end }}\n");
        theme.Limits = RenderLimits.Default with { Iterations = 0, Time = TimeSpan.FromSeconds(1) };
        Assert.Equal(Codes.TemplateTimeLimit.Id, RenderFails(theme).Code);
    }

    // ---- verification and Markdown --------------------------------------------------------------------------------

    /// <summary>A one-letter quote in a 1 MB seed took 30 s and printed a 57 KB line: every occurrence's line was counted from the start.</summary>
    [Fact]
    public void AOneLetterQuoteInAMegabyteSeedIsReportedQuicklyAndBriefly()
    {
        using var book = SampleBook.Create();
        var line = "The delegations met again and talked for a long time." + "\n";
        book.Seed("long-2020", string.Concat(Enumerable.Repeat(line, 1_000_000 / line.Length)));
        book.Yaml("long.yaml", """
            sources:
              - id: long-2020
                outlet: Long
                headline: A long article
                published: 2020-01-01
            claims:
              - id: one-letter
                text: They met.
                about: [putin]
                cite:
                  - source: long-2020
                    quote: a
            """);
        var result = Bounded.Check(book, "checking a one-letter quote");
        var d = result.Errors().One(Codes.QuoteAmbiguous.Id);
        Assert.Contains("(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 … and 18508 more)", d.Message);
        Assert.True(d.ToString().Length < 300, d.ToString());
    }

    /// <summary>200 KB of unclosed links took Markdig 44 s; no claim is that long, so it is refused before parsing.</summary>
    [Fact]
    public void AnOverlongClaimTextIsRefusedBeforeMarkdownParsesIt()
    {
        var text = string.Concat(Enumerable.Repeat("[a](b", 40_000));
        var diagnostics = Load($"claims:\n  - id: long\n    text: \"{text}\"\n    about: [a]\n    cite:\n      - source: s\n        quote: q\n");
        var d = diagnostics.One(Codes.InvalidMarkdown.Id);
        d.AssertAt(File, 3, 11);
        Assert.Contains("200000 characters", d.Message);
    }

    [Fact]
    public void AnOverlongSummaryIsRefusedButALongOneIsNot()
    {
        static string Islands(int length) => $"islands:\n  - id: a\n    name: A\n    summary: \"{new string('x', length)}\"\n";
        Assert.Empty(Load(Islands(20_000)));
        Load(Islands(20_001)).One(Codes.InvalidMarkdown.Id).AssertAt(File, 4, 14);
    }
}
