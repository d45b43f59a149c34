using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Properties of every run, whatever went wrong: all diagnostics together and sorted, every code documented with
/// the severity it is raised with, and a failed build that exits 1 and leaves the previous site byte for byte.
/// </summary>
public partial class DiagnosticPropertyTests
{
    private static string SeedShown(TempBook book, string id) => PathDisplay.Relative(Path.Combine(book.Seeds, id + ".txt"));

    // ---- the catalogue of codes ----------------------------------------------------------------------------------

    [GeneratedRegex(@"^\|\s*(?<code>RJB\d{4})\s*\|\s*(?<severity>error|warning)\s*\|\s*(?<meaning>.*?)\s*\|\s*$", RegexOptions.Multiline)]
    private static partial Regex CodeRow();

    [GeneratedRegex(@"""RJB\d{4}""")]
    private static partial Regex CodeLiteral();

    /// <summary>The table in docs/diagnostics.md: code → (severity, meaning).</summary>
    private static Dictionary<string, (string Severity, string Meaning)> Documented()
    {
        var doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "diagnostics.md"));
        var rows = CodeRow().Matches(doc).Select(m => (m.Groups["code"].Value, m.Groups["severity"].Value, m.Groups["meaning"].Value)).ToList();
        Assert.True(rows.Count >= 20, $"only {rows.Count} codes found in docs/diagnostics.md: has the table's format changed?");
        var duplicates = rows.GroupBy(r => r.Item1).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "documented twice: " + string.Join(", ", duplicates));
        return rows.ToDictionary(r => r.Item1, r => (r.Item2, r.Item3));
    }

    /// <summary>The descriptors of <see cref="Codes"/>: name → descriptor.</summary>
    private static Dictionary<string, DiagnosticDescriptor> Declared() =>
        typeof(Codes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .ToDictionary(f => f.Name, f => (DiagnosticDescriptor)f.GetValue(null)!);

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    [Fact]
    public void EveryDeclaredCodeIsDocumentedWithItsSeverityAndEveryDocumentedCodeIsDeclared()
    {
        var documented = Documented();
        var declared = Declared();
        Assert.True(declared.Count >= 60, $"only {declared.Count} descriptors found in Codes");
        Assert.Equal(declared.Count, declared.Values.Select(d => d.Id).Distinct().Count());
        Assert.All(declared, kv => Assert.Matches(@"^RJB\d{4}$", kv.Value.Id));
        Assert.All(declared, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value.Title), $"{kv.Value.Id} has no title"));
        var undocumented = declared.Where(kv => !documented.ContainsKey(kv.Value.Id)).Select(kv => $"{kv.Value.Id} (Codes.{kv.Key})").ToList();
        Assert.True(undocumented.Count == 0, "not in docs/diagnostics.md: " + string.Join(", ", undocumented));
        var unknown = documented.Keys.Where(code => declared.Values.All(d => d.Id != code)).ToList();
        Assert.True(unknown.Count == 0, "documented but not in Codes: " + string.Join(", ", unknown));
        // The severity is the descriptor's: a report cannot raise a code with any other, so the two lists agreeing is enough.
        var mismatches = declared.Values.Where(d => documented.TryGetValue(d.Id, out var doc) && doc.Severity != (d.Severity == Severity.Error ? "error" : "warning"))
            .Select(d => $"{d.Id} is declared as {d.Severity}, documented as {documented[d.Id].Severity}").ToList();
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.All(documented, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value.Meaning), $"{kv.Key} has no meaning"));
    }

    [Fact]
    public void NoCodeIsWrittenOutsideTheCatalogue()
    {
        // A literal "RJB0123" in the code could name a code the documentation does not know.
        var literals = SourceFiles().Where(f => Path.GetFileName(f) != "Diagnostics.cs")
            .SelectMany(f => CodeLiteral().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(Repo.Root, f)}: {m.Value}"))
            .ToList();
        Assert.True(literals.Count == 0, string.Join(Environment.NewLine, literals));
    }

    // ---- all errors of a run, together and in order -----------------------------------------------------------------

    /// <summary>A sample book with mistakes in five annotation files (two folders deep), a seed and an empty file.</summary>
    private static TempBook BookWithManyMistakes()
    {
        var book = SampleBook.Create();
        book.Yaml("aa-syntax.yaml", "islands:\n  - id: a\n    name: \"unterminated\n    summary: S\n");
        book.Yaml("bb-shape.yaml", """
            islands:
              - id: Habomai
                name: Habomai
                summary: Islets.
              - id: etorofu
                nmae: Etorofu
                summary: Another name for Iturup.
            claims:
              - id: bad-date
                text: T
                about: [kunashir]
                date: 2018-02-30
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
              - id: bad-type
                text: [not, text]
                about: [kunashir]
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
            """);
        book.Yaml("cc/dd/refs.yml", """
            leaders:
              - id: abe
                name: Abe again
                summary: Duplicate.
            meetings:
              - id: odd-meeting
                name: Odd
                summary: S
                participants: [kunashir, nobody]
            disagreements:
              - id: odd
                topic: T
                about: [putin]
                claims: [talks-useful, no-such-claim]
                kind: sources
            """);
        book.Yaml("ee-empty.yaml", "# nothing yet\n");
        book.Yaml("sources/kyodo-2016.yaml", SampleBook.KyodoYaml
            .Replace("quote: Officials said the talks would continue", "quote: Officials said the talks would stop", StringComparison.Ordinal)
            .Replace("      - lines: 1\n", "      - lines: 40-\n", StringComparison.Ordinal));
        File.WriteAllBytes(Path.Combine(book.Seeds, "zz-binary.txt"), [0x00, 0x01, 0x02]);
        return book;
    }

    [Fact]
    public void AllErrorsOfARunAcrossManyFilesAreReportedTogetherSortedByFileLineAndColumn()
    {
        using var book = BookWithManyMistakes();
        var result = book.Check();
        Assert.False(result.Succeeded);
        var d = result.Diagnostics;

        // sorted: by path (ordinal), then line, then column
        var sorted = d.OrderBy(x => x.Location.Path, StringComparer.Ordinal).ThenBy(x => x.Location.Line).ThenBy(x => x.Location.Column).ToList();
        Assert.Equal(sorted.Select(x => x.ToString()), d.Select(x => x.ToString()));

        // together: every mistake in every file
        var expected = new (string Path, string Code)[]
        {
            (book.Shown("aa-syntax.yaml"), Codes.YamlSyntax.Id),
            (book.Shown("bb-shape.yaml"), Codes.InvalidId.Id),
            (book.Shown("bb-shape.yaml"), Codes.MissingField.Id),
            (book.Shown("bb-shape.yaml"), Codes.UnknownKey.Id),
            (book.Shown("bb-shape.yaml"), Codes.InvalidDate.Id),
            (book.Shown("bb-shape.yaml"), Codes.WrongType.Id),
            (book.Shown("entities.yaml"), Codes.DuplicateId.Id), // files load in path order: cc/dd/refs.yml comes first
            (book.Shown("cc/dd/refs.yml"), Codes.WrongKind.Id),
            (book.Shown("cc/dd/refs.yml"), Codes.UnknownEntity.Id),
            (book.Shown("cc/dd/refs.yml"), Codes.UnknownClaim.Id),
            (book.Shown("ee-empty.yaml"), Codes.EmptyFile.Id),
            (book.Shown("sources/kyodo-2016.yaml"), Codes.InvalidLineRange.Id),
            (book.Shown("sources/kyodo-2016.yaml"), Codes.QuoteNotFound.Id),
            (SeedShown(book, "unannotated-2019"), Codes.NotYetAnnotated.Id),
            (SeedShown(book, "zz-binary"), Codes.UnreadableSource.Id),
        };
        var actual = d.Select(x => (x.Location.Path, x.Code)).ToList();
        var missing = expected.Where(e => !actual.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"not reported: {string.Join(", ", missing)}{Environment.NewLine}{d.Dump()}");
        Assert.True(d.Count == expected.Length, $"{d.Count} diagnostics for {expected.Length} mistakes:{Environment.NewLine}{d.Dump()}");

        // every code that occurs is documented
        var documented = Documented();
        Assert.All(d, x => Assert.True(documented.ContainsKey(x.Code), $"{x.Code} is not documented"));
        Assert.All(d, x => Assert.Equal(documented[x.Code].Severity, x.Severity == Severity.Error ? "error" : "warning"));
    }

    [Fact]
    public void TheCommandLinePrintsTheDiagnosticsInTheSameOrder()
    {
        using var book = BookWithManyMistakes();
        var expected = book.Check().Diagnostics.Select(x => x.ToString()).ToList();
        var run = Cli.Execute(book.Path, "check", "--seeds", "seeds", "--content", "content", "--theme", book.Theme);
        Assert.Equal(1, run.ExitCode);
        var printed = run.Stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(": error RJB", StringComparison.Ordinal) || l.Contains(": warning RJB", StringComparison.Ordinal))
            .ToList();
        // The child runs in the book's folder, so it prints paths relative to it.
        var root = book.Path.Replace('\\', '/') + "/";
        Assert.Equal(expected.Select(l => l.Replace(root, "", StringComparison.Ordinal)), printed);
    }

    // ---- a failed build exits 1 and leaves the previous site byte for byte ----------------------------------------

    private static SortedDictionary<string, string> Hashes(string directory)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            hashes[Path.GetRelativePath(directory, file).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        return hashes;
    }

    public static TheoryData<string> Breakages() =>
    [
        "yaml syntax", "unknown key", "quote not found", "binary seed", "missing seeds", "template syntax", "template runtime",
        "missing template", "no templates folder",
    ];

    private static void Break(TempBook book, string theme, string breakage)
    {
        switch (breakage)
        {
            case "yaml syntax": book.Yaml("zz.yaml", "islands:\n  - id: a\n    name: \"unterminated\n"); break;
            case "unknown key": book.Yaml("zz.yaml", "islands:\n  - id: a\n    name: A\n    sumary: S\n"); break;
            case "quote not found": book.Yaml("zz.yaml", "claims:\n  - id: x\n    text: X\n    about: [abe]\n    cite:\n      - source: tass-2018\n        quote: never said\n"); break;
            case "binary seed": File.WriteAllBytes(Path.Combine(book.Seeds, "zz.txt"), [0x00, 0xFF]); break;
            case "missing seeds": Directory.Delete(book.Seeds, recursive: true); break;
            case "template syntax": File.WriteAllText(Path.Combine(theme, "templates", "kind.html"), "{{ for x in }}\n"); break;
            case "template runtime": File.WriteAllText(Path.Combine(theme, "templates", "kind.html"), "{{ no_such_variable }}\n"); break;
            case "missing template": File.Delete(Path.Combine(theme, "templates", "source.html")); break;
            case "no templates folder": Directory.Delete(Path.Combine(theme, "templates"), recursive: true); break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage));
        }
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public void AFailedBuildExitsOneAndLeavesThePreviousOutputByteIdentical(string breakage)
    {
        using var book = SampleBook.Create();
        var theme = book.Combine("theme");
        TempDir.CopyDirectory(Repo.Theme, theme);
        string[] args = ["build", "--seeds", "seeds", "--content", "content", "--theme", "theme", "--output", "site"];

        var first = Cli.Execute(book.Path, args);
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}{Environment.NewLine}{first.Stderr}");
        var site = book.Combine("site");
        var before = Hashes(site);
        var times = Directory.EnumerateFiles(site, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.Contains("index.html", before.Keys);

        Break(book, theme, breakage);
        var failed = Cli.Execute(book.Path, args);
        Assert.True(failed.ExitCode == 1, $"{breakage}: exit {failed.ExitCode} (1 expected){Environment.NewLine}{failed.Stderr}");
        Assert.Contains(": error RJB", failed.Stderr);
        Assert.Contains("nothing was written", failed.Stderr);

        Assert.Equal(before, Hashes(site));
        foreach (var (file, time) in times) Assert.Equal(time, File.GetLastWriteTimeUtc(file));
        var leftovers = Directory.GetDirectories(book.Path, ".site*");
        Assert.True(leftovers.Length == 0, "left behind: " + string.Join(", ", leftovers));
    }

    /// <summary>A file where the output folder should be is a usage error (exit 2), found before anything is written.</summary>
    [Theory]
    [InlineData("a-file")]
    [InlineData("a-file/site")]
    public void AnOutputThatIsAFileIsAUsageErrorAndTouchesNothing(string output)
    {
        using var book = SampleBook.Create();
        File.WriteAllText(book.Combine("a-file"), "not a folder");
        var run = Cli.Execute(book.Path, "build", "--seeds", "seeds", "--content", "content", "--theme", book.Theme, "--output", output, "--no-cache");
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}{Environment.NewLine}{run.Stderr}");
        Assert.Contains($"rjb: error: the output folder '{output}'", run.Stderr);
        Assert.Equal("not a folder", File.ReadAllText(book.Combine("a-file")));
        Assert.Empty(Directory.GetDirectories(book.Path, ".*staging*"));
        Assert.Empty(Directory.GetDirectories(book.Path, ".*previous*"));
    }
}
