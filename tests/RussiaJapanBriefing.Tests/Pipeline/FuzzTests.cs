using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Tests.Support;
using Xunit.Abstractions;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Property-based test on the real annotations: copy content/ (with the seeds and theme) to a temp folder, damage a
/// few files the way editors and bad merges do, and check the whole pipeline (load, verify, render; nothing written)
/// on each damaged copy. Whatever the damage: no exception, no hang, and every error says where it is.
/// The mutations come from a fixed seed, so a failure can be replayed; the failure message lists them.
/// </summary>
public partial class FuzzTests(ITestOutputHelper output)
{
    private const int RandomSeed = 20_261_123;
    private const int Iterations = 300;

    /// <summary>A bound on the whole test, not a timing assertion: fuzzing stops when it runs out, having checked what it ran.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    /// <summary>One run of the real book takes well under a second; a run still going after this is a hang.</summary>
    private static readonly TimeSpan PerRun = TimeSpan.FromSeconds(10);

    private static readonly string[] Insertions =
    [
        "\t", "\"", "'", ":", ": ", "[", "]", "{", "}", "\0", "\U0001F600", "\U0001D11E", "#", "&", "*", "!", "|", ">", "-", " ",
        "\n", "%", "@", "`", "\\", ",", "?", "\uFEFF", "\u202E", "\r", "- ", "&a ", "*a", "!!str ", "~", "---\n", "<script>",
    ];

    private static readonly string[] Replacements =
    [
        "[a, b]", "{ x: 1 }", "[]", "{}", "~", "''", "\"\"", "[[[]]]", "- nested", "../escape", "index", "Upper Case", "2018-02-30",
        "2018-05-26/2018-05-01", "true", "12", "\"\\u0000\"", "|", ">-", "&anchor value", "*missing",
    ];

    [GeneratedRegex(@"^(?<key>\s*(?:- )?[a-z_]+:)[ \t]+\S.*$")]
    private static partial Regex KeyValueLine();

    private sealed record Mutation(string File, string Description);

    private static string Mutate(string text, Random random, out string description)
    {
        var lines = text.Split('\n').ToList();
        int Line() => random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0:
                {
                    var i = Line();
                    lines.RemoveAt(i);
                    description = $"deleted line {i + 1}";
                    break;
                }
            case 1:
                {
                    var i = Line();
                    lines.Insert(i, lines[i]);
                    description = $"duplicated line {i + 1}";
                    break;
                }
            case 2:
                {
                    var (i, j) = (Line(), Line());
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    description = $"swapped lines {i + 1} and {j + 1}";
                    break;
                }
            case 3:
                {
                    var joined = string.Join('\n', lines);
                    var at = random.Next(joined.Length + 1);
                    var insert = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Insertions[random.Next(Insertions.Length)]));
                    description = $"inserted {Escape(insert)} at offset {at}";
                    return joined.Insert(at, insert);
                }
            case 4:
                {
                    var joined = string.Join('\n', lines);
                    var at = random.Next(joined.Length + 1);
                    description = $"truncated at offset {at} of {joined.Length}";
                    return joined[..at];
                }
            case 5:
                {
                    var i = Line();
                    var change = random.Next(4);
                    lines[i] = change switch
                    {
                        0 => new string(' ', random.Next(1, 5)) + lines[i],
                        1 => lines[i].Length > 0 && lines[i][0] == ' ' ? lines[i].TrimStart(' ')[..] : lines[i],
                        2 => "\t" + lines[i],
                        _ => lines[i].Length > 1 && lines[i][0] == ' ' ? lines[i][1..] : " " + lines[i],
                    };
                    description = $"re-indented line {i + 1} ({change})";
                    break;
                }
            case 6 or 7:
                {
                    var candidates = Enumerable.Range(0, lines.Count).Where(k => KeyValueLine().IsMatch(lines[k])).ToList();
                    if (candidates.Count == 0) goto case 0;
                    var i = candidates[random.Next(candidates.Count)];
                    var replacement = Replacements[random.Next(Replacements.Length)];
                    lines[i] = KeyValueLine().Match(lines[i]).Groups["key"].Value + " " + replacement;
                    description = $"replaced the value on line {i + 1} with {Escape(replacement)}";
                    break;
                }
            default:
                {
                    var from = Line();
                    var count = Math.Min(random.Next(1, 8), lines.Count - from);
                    var to = Line();
                    lines.InsertRange(to, lines.GetRange(from, count));
                    description = $"copied lines {from + 1}-{from + count} before line {to + 1}";
                    break;
                }
        }
        return string.Join('\n', lines);
    }

    private static string Escape(string s) =>
        "\"" + string.Concat(s.Select(c => c switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\0' => "\\0",
            _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\uFEFF' or '\u202E' => $"\\u{(int)c:X4}",
            _ => c.ToString(),
        })) + "\"";

    [Fact]
    public void MutatedRealContentNeverCrashesHangsOrLosesTheLocationOfAnError()
    {
        using var temp = new TempDir("rjb-fuzz-");
        var seeds = temp.Combine("seeds");
        var content = temp.Combine("content");
        var theme = temp.Combine("theme");
        TempDir.CopyDirectory(Repo.Seeds, seeds);
        TempDir.CopyDirectory(Repo.Content, content);
        TempDir.CopyDirectory(Repo.Theme, theme);
        var options = new BuildOptions(seeds, content, theme, temp.Combine("output"));
        var originals = Directory.EnumerateFiles(content, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => f, File.ReadAllText);
        Assert.True(originals.Count >= 5, $"only {originals.Count} annotation files were copied from {Repo.Content}");

        var random = new Random(RandomSeed);
        var clock = Stopwatch.StartNew();
        // One example per kind of failure (exception type and where it was thrown, or the property broken), with a count.
        var failures = new Dictionary<string, (string Example, int Count)>(StringComparer.Ordinal);
        void Fail(string kind, string example) =>
            failures[kind] = failures.TryGetValue(kind, out var f) ? (f.Example, f.Count + 1) : (example, 1);
        int runs = 0, failedRuns = 0, succeededRuns = 0;
        var codes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var touched = new List<string>();

        for (var iteration = 0; iteration < Iterations && clock.Elapsed < Budget; iteration++)
        {
            foreach (var file in touched) File.WriteAllText(file, originals[file]);
            touched.Clear();

            var mutations = new List<Mutation>();
            foreach (var file in originals.Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList())
            {
                var text = originals[file];
                for (var m = random.Next(1, 4); m > 0; m--)
                {
                    text = Mutate(text, random, out var description);
                    mutations.Add(new Mutation(file, description));
                }
                File.WriteAllText(file, text, new UTF8Encoding(false));
                touched.Add(file);
            }
            var what = $"iteration {iteration} (seed {RandomSeed}): " + string.Join("; ",
                mutations.Select(m => $"{Path.GetRelativePath(content, m.File)}: {m.Description}"));

            var run = Task.Run(() => BriefingBuilder.Run(options, BuildMode.Check));
#pragma warning disable xUnit1031 // the bounded wait on a build that may hang is the point: an await would hang the test with it
            bool finished;
            try
            {
                finished = run.Wait(PerRun);
            }
            catch (AggregateException e)
            {
                var inner = e.InnerException!;
                var frame = inner.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
                Fail($"{inner.GetType().Name} {frame}", $"{what}{Environment.NewLine}  threw {inner}");
                continue;
            }
            if (!finished)
            {
                Fail("hang", $"{what}{Environment.NewLine}  did not finish within {PerRun.TotalSeconds:0} s");
                break; // the hung run still holds the files; stop here
            }

            runs++;
            var result = run.Result;
#pragma warning restore xUnit1031
            if (result.Succeeded) succeededRuns++; else failedRuns++;
            var mutated = touched.Select(PathDisplay.Relative).ToHashSet(StringComparer.Ordinal);
            foreach (var d in result.Diagnostics)
            {
                codes[d.Code] = codes.GetValueOrDefault(d.Code) + 1;
                if (d.Severity != Severity.Error) continue;
                if (string.IsNullOrWhiteSpace(d.Location.Path))
                    Fail($"no file {d.Code}", $"{what}{Environment.NewLine}  an error without a file: {d}");
                else if (d.Code.StartsWith("RJB01", StringComparison.Ordinal) && mutated.Contains(d.Location.Path) && d.Location.Line <= 0)
                    Fail($"no line {d.Code}", $"{what}{Environment.NewLine}  a YAML error without a line: {d}");
            }
            var sorted = result.Diagnostics.OrderBy(d => d.Location.Path, StringComparer.Ordinal)
                .ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
            if (!sorted.Select(d => d.Location).SequenceEqual(result.Diagnostics.Select(d => d.Location)))
                Fail("unsorted", $"{what}{Environment.NewLine}  diagnostics are not sorted by file, line and column");
        }

        output.WriteLine($"{runs} mutated runs in {clock.Elapsed.TotalSeconds:0.0} s: {failedRuns} failed with diagnostics, {succeededRuns} still built");
        output.WriteLine("codes seen: " + string.Join(", ", codes.Select(kv => $"{kv.Key}×{kv.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Values.Sum(f => f.Count)} failing run(s) of {runs}, {failures.Count} kind(s); one example of each:{Environment.NewLine}" +
            string.Join(Environment.NewLine, failures.Select(f => $"[{f.Value.Count}×] {f.Value.Example}")));
        Assert.True(runs > 0, "no mutated run completed");
        Assert.True(failedRuns > 0, "no mutation produced a diagnostic: the mutations are not reaching the loader");
    }
}
