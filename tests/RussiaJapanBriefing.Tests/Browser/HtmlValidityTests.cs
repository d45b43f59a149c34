using System.Diagnostics;
using System.Text.Json;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests.Browser;

/// <summary>
/// Every page of the real book passes html-validate (the "recommended" rules, configured in
/// tests/tools/.htmlvalidate.mjs). The tool and the Node.js it needs are installed into tests/tools/node_modules by
/// `bash tests/run` (`npm ci --prefix tests/tools`); without them these tests fail and say so.
/// </summary>
public sealed class HtmlValidityTests(RealBookFixture site) : IClassFixture<RealBookFixture>
{
    private static string Tools => Path.Combine(Repo.Root, "tests", "tools");
    private static string Node => Path.Combine(Tools, "node_modules", "node", "bin", "node");
    private static string HtmlValidate => Path.Combine(Tools, "node_modules", "html-validate", "bin", "html-validate.mjs");
    private static string Config => Path.Combine(Tools, ".htmlvalidate.mjs");

    private sealed record Problem(string RuleId, int Severity, string Message, int Line, int Column, string? Selector);

    private sealed record FileResult(string FilePath, List<Problem> Messages);

    [Fact]
    public void EveryPageIsValidHtml()
    {
        var pages = site.HtmlFiles();
        Assert.NotEmpty(pages);
        var results = Validate(site.Output, pages.Select(p => Path.Combine(site.Output, p)).ToList());

        var errors = results
            .SelectMany(r => r.Messages.Where(m => m.Severity >= 2)
                .Select(m => (Page: Path.GetRelativePath(site.Output, r.FilePath).Replace('\\', '/'), m)))
            .ToList();
        var byRule = errors.GroupBy(e => e.m.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()} error(s) on {g.Select(e => e.Page).Distinct().Count()} page(s)");
        Assert.True(errors.Count == 0,
            $"html-validate found {errors.Count} error(s) in {pages.Count} page(s) ({string.Join("; ", byRule)}):" + Environment.NewLine +
            string.Join(Environment.NewLine, errors.Take(80).Select(e =>
                $"{e.Page}:{e.m.Line}:{e.m.Column} {e.m.RuleId}: {e.m.Message}{(e.m.Selector is null ? "" : $" [{e.m.Selector}]")}")) +
            (errors.Count > 80 ? $"{Environment.NewLine}… and {errors.Count - 80} more" : ""));
    }

    /// <summary>The validator does find errors: a page that is clearly wrong does not pass.</summary>
    [Fact]
    public void TheValidatorRejectsInvalidHtml()
    {
        var folder = site.NewFolder("invalid-html");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "bad.html");
        File.WriteAllText(file, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Bad</title></head>\n<body>\n<div><p>unclosed</div>\n<img src=\"x.png\">\n</body>\n</html>\n");
        var rules = Validate(folder, [file]).SelectMany(r => r.Messages).Where(m => m.Severity >= 2).Select(m => m.RuleId).ToList();
        Assert.Contains("no-implicit-close", rules);
        Assert.Contains("wcag/h37", rules);
    }

    private static List<FileResult> Validate(string workingDirectory, IReadOnlyList<string> files)
    {
        var hint = "run `bash tests/run`, which installs them with `npm ci --prefix tests/tools`";
        Assert.True(File.Exists(Node), $"the Node.js that html-validate runs on is not installed at {Node}: {hint}");
        Assert.True(File.Exists(HtmlValidate), $"html-validate is not installed at {HtmlValidate}: {hint}");
        Assert.True(File.Exists(Config), $"the html-validate configuration {Config} is missing");

        // the report goes to a file: node cuts a large report written to a pipe short when the tool exits
        var scratch = Directory.CreateTempSubdirectory("rjb-html-validate-");
        try
        {
            var report = Path.Combine(scratch.FullName, "report.json");
            var info = new ProcessStartInfo(Node)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { HtmlValidate, "--config", Config, "--formatter", "json=" + report }.Concat(files))
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("html-validate did not finish within 3 minutes");
            }
            process.WaitForExit();
            var output = File.Exists(report) ? File.ReadAllText(report).Trim() : "";
            // exit code 0: no errors; 1: errors found (listed in the report); anything else: the tool itself failed
            Assert.True(process.ExitCode is 0 or 1 && (output.Length == 0 || output.StartsWith('[')),
                $"html-validate failed (exit code {process.ExitCode}): {stderr.Result}{stdout.Result}{output[..Math.Min(output.Length, 2000)]}" +
                $"{Environment.NewLine}({hint})");
            Assert.True(process.ExitCode == 0 || output.Length > 0, $"html-validate exited with 1 but wrote no report: {stderr.Result}{stdout.Result}");
            if (output.Length == 0) return [];
            return JsonSerializer.Deserialize<List<FileResult>>(output, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
