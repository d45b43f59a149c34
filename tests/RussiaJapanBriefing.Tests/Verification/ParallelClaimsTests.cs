using System.Text.RegularExpressions;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The command line resolves claims on every core, in ranges of a few hundred; serve's records resolve them on one
/// thread, one after another. A generated book of a thousand claims, broken in three files, must be reported alike
/// both ways: every error found, in the same order, whichever range or thread met it.
/// </summary>
public class ParallelClaimsTests
{
    [Fact]
    public void ClaimsResolvedOnEveryCoreAreReportedAsOneThreadReportsThem()
    {
        using var temp = new TempDir();
        SyntheticBook.BookWriter.Write(SyntheticBook.Book.Generate(200, seed: 42), temp.Path);
        var files = Directory.GetFiles(temp.Combine("content", "sources"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        var first = File.ReadAllText(files[0]);
        var firstClaim = Regex.Match(first, @"^claims:\s*\n  - id: (\S+)\n(?:.*\n)*?(    cite:\n      - source: \S+\n        quote: "".*""\n)", RegexOptions.Multiline);
        Assert.True(firstClaim.Success, first);
        // An unknown entity early in the book, a quote its source does not hold in the middle, and at the end a claim
        // that takes the first claim's id.
        File.WriteAllText(files[0], Regex.Replace(first, @"(?<=\n    about: \[)", "no-such-entity, "));
        Edit(files[files.Length / 2], "\n        quote: \"", "\n        quote: \"Words no source holds, ");
        Edit(files[^1], "\nclaims:\n  - id: ", $"\nclaims:\n  - id: {firstClaim.Groups[1].Value}\n    text: \"Said again.\"\n    about: [habomai]\n{firstClaim.Groups[2].Value}\n  - id: ");
        var options = new BuildOptions(temp.Combine("seeds"), temp.Combine("content"), Repo.Theme, temp.Combine("output"));

        var parallel = BriefingBuilder.Run(options, BuildMode.Check);
        using var serve = new IncrementalBuild();
        var oneThread = serve.Update(options with { Cache = temp.Combine("cache") });

        Assert.False(parallel.Succeeded);
        var reported = parallel.Diagnostics.Dump();
        foreach (var code in new[] { "RJB0202", "RJB0203", "RJB0303" }) Assert.True(reported.Contains(code, StringComparison.Ordinal), reported);
        Assert.True(Regex.Count(reported, "unknown entity 'no-such-entity'") > 1, reported);
        Assert.Equal(reported, oneThread.Diagnostics.Dump());
    }

    private static void Edit(string path, string find, string replacement)
    {
        var text = File.ReadAllText(path);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in {path}");
        File.WriteAllText(path, string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)));
    }
}
