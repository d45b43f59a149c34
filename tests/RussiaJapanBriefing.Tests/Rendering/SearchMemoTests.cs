using System.Text.RegularExpressions;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The search memo: after an edit only the edited document is tokenized again, in memory and from the cache folder's
/// file, and the shards are those of a build without a memo; a damaged file is reported and never trusted.
/// </summary>
public sealed partial class SearchMemoTests
{
    private const string Engine = "test engine";

    private static List<SearchDocument> Documents(int count)
    {
        var random = new Random(3);
        string[] words = ["islands", "treaty", "kunashir", "iturup", "summit", "Ōita", "ΣΟΦΟΣ", "visa", "peace", "tokyo"];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var type = (SearchDocumentType)(i % 4);
            var text = string.Join(' ', Enumerable.Range(0, 5 + random.Next(15)).Select(_ => words[random.Next(words.Length)])) + $" unique{i}";
            // Runs of documents share a title, as a source's lines do: a shard writes it once.
            return new SearchDocument(type, type.ToString(), $"Title {i / 7} {words[i % words.Length]}", text, $"p/{i / 10}.html#x{i}");
        })];
    }

    private static SortedDictionary<string, byte[]> Write(IReadOnlyList<SearchDocument> documents, SearchMemo memo)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        SearchShards.Write(documents, SearchShards.Limits.Default, memo, (path, bytes) => files.Add(path, bytes));
        return files;
    }

    private static SortedDictionary<string, byte[]> Clean(IReadOnlyList<SearchDocument> documents) => Write(documents, new SearchMemo());

    private static List<SearchDocument> Edited(List<SearchDocument> documents, int at)
    {
        var edited = documents.ToList();
        edited[at] = edited[at] with { Text = edited[at].Text + " by a later count" };
        return edited;
    }

    [Fact]
    public void AfterAnEditOnlyTheEditedDocumentIsTokenizedAgain()
    {
        var documents = Documents(5_000);
        var memo = new SearchMemo();
        Assert.Equal(Clean(documents), Write(documents, memo));
        Assert.Equal(5_000, memo.Tokenized);

        var edited = Edited(documents, 2_345);
        var files = Write(edited, memo);
        Assert.Equal((1, 4_999), (memo.Tokenized, memo.Reused));
        Assert.Equal(Clean(edited), files);
        Assert.True(memo.Changed);

        // A document removed renumbers all after it: the memo still gives every shard as a clean build does.
        edited.RemoveAt(10);
        Assert.Equal(Clean(edited), Write(edited, memo));
        Assert.Equal(0, memo.Tokenized);
        Assert.True(memo.Changed);
    }

    [Fact]
    public void TheMemoReadBackFromItsFileIsUsedAndGivesTheShardsOfACleanBuild()
    {
        using var temp = new TempDir("rjb-search-memo-");
        var documents = Documents(3_000);
        var diagnostics = new DiagnosticBag();
        var first = SearchMemo.Load(temp.Path, Engine, diagnostics);
        Write(documents, first);
        Assert.True(first.Save());

        var edited = Edited(documents, 1_500);
        var second = SearchMemo.Load(temp.Path, Engine, diagnostics);
        Assert.Equal(Clean(edited), Write(edited, second));
        Assert.Equal((1, 2_999), (second.Tokenized, second.Reused));
        Assert.Empty(diagnostics.Snapshot());

        // Another build of rjb tokenized them: not trusted, and not reported either (an upgrade is no damage).
        var other = SearchMemo.Load(temp.Path, "another engine", diagnostics);
        Assert.Equal(Clean(documents), Write(documents, other));
        Assert.Equal(3_000, other.Tokenized);
        Assert.Empty(diagnostics.Snapshot());
    }

    public static TheoryData<string> Damages => ["truncated", "flipped", "version", "foreign", "empty"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedMemoFileIsReportedAndEveryDocumentTokenizedAgain(string damage)
    {
        using var temp = new TempDir("rjb-search-memo-");
        var documents = Documents(2_000);
        var memo = SearchMemo.Load(temp.Path, Engine, new DiagnosticBag());
        Write(documents, memo);
        Assert.True(memo.Save());
        var file = temp.Combine(SearchMemo.FileName);
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated": bytes = bytes[..(bytes.Length * 2 / 3)]; break;
            case "flipped": bytes[bytes.Length / 2] ^= 0x20; break;
            case "version": bytes[1 + "rjb search memo".Length] ^= 0x7; break; // the version follows the magic string
            case "foreign": bytes = CheckedFile.Frame("rjb page records", 1, writer => writer.Write(Engine)); break;
            default: bytes = []; break;
        }
        File.WriteAllBytes(file, bytes);

        var diagnostics = new DiagnosticBag();
        var reloaded = SearchMemo.Load(temp.Path, Engine, diagnostics);
        var edited = Edited(documents, 100);
        Assert.Equal(Clean(edited), Write(edited, reloaded));
        Assert.Equal(2_000, reloaded.Tokenized);
        Assert.Equal(Codes.SearchMemoDamaged.Id, Assert.Single(diagnostics.Snapshot()).Descriptor.Id);

        // Written anew, it is whole again.
        Assert.True(reloaded.Save());
        var again = SearchMemo.Load(temp.Path, Engine, diagnostics);
        Write(edited, again);
        Assert.Equal(0, again.Tokenized);
    }

    [Fact]
    public void ACachedBuildAfterAClaimEditTokenizesOneDocumentAndMatchesACleanBuild()
    {
        using var temp = new TempDir("rjb-search-memo-");
        SyntheticBook.BookWriter.Write(SyntheticBook.Book.Generate(60, seed: 4), temp.Combine("book"));
        var options = new BuildOptions(temp.Combine("book", "seeds"), temp.Combine("book", "content"), Repo.Theme, temp.Combine("output"), Cache: temp.Combine("cache"));
        Assert.True(BriefingBuilder.Run(options, BuildMode.Build).Succeeded);
        var memoFile = Path.Combine(options.Cache!, SearchMemo.FileName);
        Assert.True(File.Exists(memoFile));

        // Damaged, then a claim edited: the build warns, tokenizes everything, and still publishes what a clean build does.
        var bytes = File.ReadAllBytes(memoFile);
        bytes[bytes.Length - 5] ^= 1;
        File.WriteAllBytes(memoFile, bytes);
        EditAClaim(temp.Combine("book", "content", "sources"));
        var damaged = BriefingBuilder.Run(options, BuildMode.Build);
        Assert.True(damaged.Succeeded);
        Assert.Contains(damaged.Diagnostics, d => d.Descriptor == Codes.SearchMemoDamaged);
        AssertSameAsClean(options, temp.Combine("clean1"));

        // The file written anew is used: another edit tokenizes the edited claim only.
        EditAClaim(temp.Combine("book", "content", "sources"));
        Directory.CreateDirectory(temp.Combine("kept"));
        File.Copy(memoFile, temp.Combine("kept", SearchMemo.FileName));
        var kept = SearchMemo.Load(temp.Combine("kept"), RussiaJapanBriefing.Publishing.PageTracker.Engine, new DiagnosticBag());
        var next = BriefingBuilder.Run(options, BuildMode.Build);
        Assert.True(next.Succeeded);
        Assert.DoesNotContain(next.Diagnostics, d => d.Descriptor == Codes.SearchMemoDamaged);
        AssertSameAsClean(options, temp.Combine("clean2"));
        Write([.. SearchIndex.Documents(next.Book!)], kept);
        Assert.Equal(1, kept.Tokenized);
    }

    private static void EditAClaim(string sources)
    {
        var file = Directory.EnumerateFiles(sources, "*.yaml").Order(StringComparer.Ordinal).ElementAt(30);
        var yaml = File.ReadAllText(file);
        var claim = ClaimText().Match(yaml);
        Assert.True(claim.Success, $"no one-line claim text in {file}");
        File.WriteAllText(file, yaml.Insert(claim.Groups[1].Index + claim.Groups[1].Length, ", by a later count"));
    }

    private static void AssertSameAsClean(BuildOptions options, string cleanOutput)
    {
        Assert.True(BriefingBuilder.Run(options with { Output = cleanOutput, Cache = null }, BuildMode.Build).Succeeded);
        var expected = Files(cleanOutput);
        var actual = Files(options.Output);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, f => Assert.True(f.Value.AsSpan().SequenceEqual(actual[f.Key]), $"{f.Key} differs from a clean build's"));
    }

    private static SortedDictionary<string, byte[]> Files(string folder) => new(
        Directory.EnumerateFiles(Path.Combine(folder, "data", "search")).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes),
        StringComparer.Ordinal);

    [GeneratedRegex("""(?m)^    text: "([^"\n]*)\."$""")]
    private static partial Regex ClaimText();
}
