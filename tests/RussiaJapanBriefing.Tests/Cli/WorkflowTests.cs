using System.Text.Json;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>The CI problem matcher must turn our diagnostics into annotations on the right file, line and column.</summary>
public class WorkflowTests
{
    private static (Regex Regex, JsonElement Pattern)[] Matchers()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, ".github", "rjb-problem-matcher.json")));
        return json.RootElement.GetProperty("problemMatcher").EnumerateArray()
            .Select(m => m.GetProperty("pattern")[0].Clone())
            .Select(p => (new Regex(p.GetProperty("regexp").GetString()!), p))
            .ToArray();
    }

    private static Dictionary<string, string> Annotate(string line)
    {
        foreach (var (regex, pattern) in Matchers())
        {
            var match = regex.Match(line);
            if (!match.Success) continue;
            return pattern.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => match.Groups[p.Value.GetInt32()].Value);
        }
        return [];
    }

    [Fact]
    public void ALocatedDiagnosticBecomesAnAnnotationOnItsLine()
    {
        var diagnostic = new Diagnostic(Codes.QuoteNotFound, new Location("content/sources/a b (1).yaml", 42, 16),
            "the quote is not in seeds/x.txt: \"held (27) meetings\"", "did you mean 'kunashir'?");
        var annotation = Annotate(diagnostic.ToString());
        Assert.Equal("content/sources/a b (1).yaml", annotation["file"]);
        Assert.Equal("42", annotation["line"]);
        Assert.Equal("16", annotation["column"]);
        Assert.Equal("error", annotation["severity"]);
        Assert.Equal("RJB0303", annotation["code"]);
        Assert.StartsWith("the quote is not in seeds/x.txt", annotation["message"]);
    }

    [Fact]
    public void AFileLevelWarningBecomesAnAnnotationOnItsFile()
    {
        var diagnostic = new Diagnostic(Codes.NotYetAnnotated, new Location("seeds/005_new.txt"), "source '005_new' is not yet annotated");
        var annotation = Annotate(diagnostic.ToString());
        Assert.Equal("seeds/005_new.txt", annotation["file"]);
        Assert.Equal("warning", annotation["severity"]);
        Assert.Equal("RJB0502", annotation["code"]);
    }

    [Fact]
    public void ProgressLinesAreNotAnnotations() =>
        Assert.Empty(Annotate("check passed: 5 sources, 32 entities, 102 claims, 66 dated; 47 pages render in 500 ms"));

    [Fact]
    public void TheWorkflowChecksPullRequestsWithTheMatcherAndDeploysTheBuiltOutput()
    {
        var workflow = File.ReadAllText(Path.Combine(Repo.Root, ".github", "workflows", "publish.yml"));
        Assert.Contains("::add-matcher::.github/rjb-problem-matcher.json", workflow);
        Assert.Contains("-- check --coverage", workflow);
        Assert.Contains("bash tests/run", workflow);
        Assert.Contains("path: output", workflow);
        foreach (var watched in new[] { "seeds/**", "content/**", "themes/**", "src/**" })
            Assert.Contains($"\"{watched}\"", workflow);
    }
}
