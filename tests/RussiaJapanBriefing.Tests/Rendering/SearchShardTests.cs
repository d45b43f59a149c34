using System.Text.Json;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The shard writer of the search index: every shard within its byte limit at any size, the same bytes from the same
/// documents, every term found by the lookup search.js makes (read back here by <see cref="ShardReader"/>), and
/// file names that never carry a term.
/// </summary>
public sealed partial class SearchShardTests
{
    private static readonly string[] Words =
        ["islands", "treaty", "kunashir", "iturup", "shikotan", "habomai", "summit", "declaration", "minister", "border",
         "fishing", "visa", "sovereignty", "joint", "economic", "activity", "peace", "talks", "moscow", "tokyo"];

    /// <summary>A big book's worth of documents: a word in every document, common words, and a unique word in each.</summary>
    private static List<SearchDocument> Synthetic(int count, int seed = 7)
    {
        var random = new Random(seed);
        var documents = new List<SearchDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var type = (SearchDocumentType)(i % 4);
            var words = Enumerable.Range(0, 6 + random.Next(20)).Select(_ => Words[(int)(Words.Length * Math.Pow(random.NextDouble(), 3))]);
            var text = $"the {string.Join(' ', words)} figure{i} unique{i.ToString("x")}zz";
            documents.Add(new SearchDocument(type, type.ToString(), $"Title {i / 5} {Words[i % Words.Length]}", text, $"p/{i / 10}.html#x{i}"));
        }
        return documents;
    }

    private static SortedDictionary<string, byte[]> Write(IEnumerable<SearchDocument> documents, SearchShards.Limits limits)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        SearchShards.Write(documents, limits, (path, bytes) => Assert.True(files.TryAdd(path, bytes), $"{path} written twice"));
        return files;
    }

    [Fact]
    public void EveryShardStaysWithinItsLimitAtALargeBook()
    {
        var documents = Synthetic(120_000);
        var limits = SearchShards.Limits.Default;
        var files = Write(documents, limits);
        var reader = new ShardReader(files);

        var terms = files.Keys.Where(p => p.Contains("/t", StringComparison.Ordinal)).ToList();
        var docs = files.Keys.Where(p => p.Contains("/d", StringComparison.Ordinal)).ToList();
        Assert.True(terms.Count > 50 && docs.Count > 500, $"{terms.Count} term shards, {docs.Count} document shards");
        Assert.All(terms, p => Assert.True(files[p].Length <= limits.TermShardBytes, $"{p}: {files[p].Length} bytes"));
        Assert.All(docs, p => Assert.True(files[p].Length <= limits.DocumentShardBytes, $"{p}: {files[p].Length} bytes"));
        // "the" is in every document: its postings run over many shards, and all of them come back.
        Assert.True(reader.ShardsOf("the").Count > 5, $"'the' is in {reader.ShardsOf("the").Count} shard(s)");
        Assert.Equal(Enumerable.Range(0, documents.Count), reader.Find("the").Keys);
        // A rare word needs one term shard, and the manifest stays small.
        Assert.Single(reader.ShardsOf("unique" + 777.ToString("x") + "zz"));
        Assert.True(files[SiteLayout.SearchIndex].Length < 100_000, $"the manifest is {files[SiteLayout.SearchIndex].Length} bytes");
    }

    [Fact]
    public void TinyLimitsSplitEveryTermAndStillFindAll()
    {
        var documents = Synthetic(3_000, seed: 3);
        var limits = new SearchShards.Limits(300, 2_000);
        var files = Write(documents, limits);
        Assert.All(files.Where(f => f.Key != SiteLayout.SearchIndex), f =>
            Assert.True(f.Value.Length <= (f.Key.Contains("/t", StringComparison.Ordinal) ? limits.TermShardBytes : limits.DocumentShardBytes), $"{f.Key}: {f.Value.Length} bytes"));
        AssertEveryTermFindable(documents, new ShardReader(files));
    }

    [Fact]
    public void AHugeDocumentOfEscapedCharactersStillFitsADocumentShard()
    {
        var huge = new string('<', 50_000);
        var documents = Synthetic(50).Append(new SearchDocument(SearchDocumentType.Entity, huge, huge, huge, "islands/x.html")).Concat(Synthetic(50)).ToList();
        var files = Write(documents, SearchShards.Limits.Default);
        Assert.All(files.Where(f => f.Key.Contains("/d", StringComparison.Ordinal)), f =>
            Assert.True(f.Value.Length <= SearchShards.Limits.Default.DocumentShardBytes, $"{f.Key}: {f.Value.Length} bytes"));
        Assert.StartsWith("<<<", new ShardReader(files).Document(50).Title, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameDocumentsGiveTheSameBytes()
    {
        var first = Write(Synthetic(20_000), SearchShards.Limits.Default);
        var second = Write(Synthetic(20_000), SearchShards.Limits.Default);
        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first, f => Assert.True(f.Value.AsSpan().SequenceEqual(second[f.Key]), $"{f.Key} differs"));
        var other = Write(Synthetic(20_000, seed: 8), SearchShards.Limits.Default);
        Assert.NotEqual(ShardReader.Manifest(first).GetProperty("version").GetString(), ShardReader.Manifest(other).GetProperty("version").GetString());
    }

    [Fact]
    public void EveryTermIsFoundAndEveryDocumentReadsBack()
    {
        var documents = Synthetic(8_000, seed: 11);
        var files = Write(documents, SearchShards.Limits.Default);
        var reader = new ShardReader(files);
        AssertEveryTermFindable(documents, reader);
        for (var id = 0; id < documents.Count; id += 97)
        {
            var (type, label, title, text, href) = reader.Document(id);
            var d = documents[id];
            Assert.Equal((d.Type.ToString()[0] + "").ToLowerInvariant(), type);
            Assert.Equal((d.Label, d.Title, d.Text, d.Href), (label, title, text, href));
        }
    }

    public static TheoryData<string> UnicodeTexts => new()
    {
        "Кунашир и Итуруп", "北方領土 問題", "Ḱùñášír İturup ΟΔΟΣ", "𝒜𝓁𝓅𝒽𝒶 𐐀𐐨 emoji😀split", "a/b\\c..d:e*f?g\"h<i>j|k",
        "con nul aux com1 lpt1", "__proto__ constructor toString", "\u0301\u200B\uFEFF zero\u00ADwidth", "ﬁ ﬂ ² ①", "x" + new string('y', 300),
    };

    [Theory]
    [MemberData(nameof(UnicodeTexts))]
    public void AnyUnicodeTermIsSafeInFileNamesAndFindable(string text)
    {
        var documents = new List<SearchDocument>
        {
            new(SearchDocumentType.Entity, "Island", text, text, "islands/x.html"),
            new(SearchDocumentType.Passage, "Source passage", "Headline", "plain words " + text, "sources/x.html#line-1"),
        };
        var files = Write(documents, new SearchShards.Limits(200, 400));
        Assert.All(files.Keys, p => Assert.Matches(ShardPath(), p));
        AssertEveryTermFindable(documents, new ShardReader(files));
    }

    [Theory]
    [InlineData("Kunashír’s ISLANDS", "kunashir s islands")]
    [InlineData("ΟΔΟΣ", "οδοσ")]
    [InlineData("Die Straße, 1956-10-19", "die straße 1956 10 19")]
    [InlineData("ﬁsh ①", "fish 1")]
    [InlineData("İturup", "iturup")]
    public void TermsAreFoldedAsTheBrowserFoldsThem(string text, string expected)
    {
        Assert.Equal(expected.Split(' '), SearchTerms.Of(text));
    }

    [Fact]
    public void ALongWordIsIndexedByItsFirst64Characters()
    {
        var term = Assert.Single(SearchTerms.Of(string.Concat(Enumerable.Repeat("𝒜", 100))));
        Assert.Equal(SearchTerms.MaxRunes, term.EnumerateRunes().Count());
    }

    [Fact]
    public void AnEmptyBookHasAManifestAndOneShardOfEach()
    {
        var files = Write([], SearchShards.Limits.Default);
        Assert.Equal([SiteLayout.SearchShard("d0"), SiteLayout.SearchIndex, SiteLayout.SearchShard("t0")], files.Keys);
        Assert.Empty(new ShardReader(files).Find("anything"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AShrunkenBookLeavesNoStaleShards(bool cached)
    {
        using var temp = new TempDir("rjb-search-");
        var output = temp.Combine("output");
        var options = (int sources) =>
        {
            SyntheticBook.BookWriter.Write(SyntheticBook.Book.Generate(sources, seed: 5), temp.Combine("book"));
            return new BuildOptions(temp.Combine("book", "seeds"), temp.Combine("book", "content"), Repo.Theme, output, Cache: cached ? temp.Combine("cache") : null);
        };
        Assert.True(BriefingBuilder.Run(options(120), BuildMode.Build).Succeeded);
        var before = SearchFilesOnDisk(output);
        Assert.True(BriefingBuilder.Run(options(10), BuildMode.Build).Succeeded);
        var after = SearchFilesOnDisk(output);

        Assert.True(before.Count > after.Count, $"{before.Count} search files before, {after.Count} after");
        var files = after.ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(output, p)));
        var manifest = ShardReader.Manifest(files);
        var expected = Enumerable.Range(0, manifest.GetProperty("from").GetArrayLength()).Select(n => SiteLayout.SearchShard($"t{n}"))
            .Concat(Enumerable.Range(0, manifest.GetProperty("docs").GetArrayLength()).Select(n => SiteLayout.SearchShard($"d{n}")))
            .Append(SiteLayout.SearchIndex).Order(StringComparer.Ordinal);
        Assert.Equal(expected, after);
        var listed = File.ReadLines(Path.Combine(output, OutputFolder.ManifestPath)).Skip(1).Select(l => l.Split("  ", 2)[1])
            .Where(p => p.StartsWith("data/search/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(after, listed);
    }

    [Fact]
    public void EditingOneDocumentsTextRewritesAFewShardsOnly()
    {
        var documents = Synthetic(20_000);
        var before = Write(documents, SearchShards.Limits.Default);
        // Longer by a few bytes, with three new terms and one more posting of a common one: every later shard used to move.
        documents[7_000] = documents[7_000] with { Text = documents[7_000].Text + " a later count of treaty" };
        var after = Write(documents, SearchShards.Limits.Default);

        var changed = Changed(before, after);
        Assert.True(before.Count > 300, $"{before.Count} shards");
        Assert.True(changed.Count <= 8, $"{changed.Count} of {before.Count} shards changed: {string.Join(", ", changed)}");
        Assert.Contains(changed, p => p.Contains("/d", StringComparison.Ordinal));
        Assert.Equal(before.Keys, after.Keys);
        AssertEveryTermFindable(documents, new ShardReader(after));
    }

    [Fact]
    public void ATermEarlyInTheOrderLeavesTheLaterShardsAsTheyWere()
    {
        var documents = Synthetic(20_000, seed: 5);
        var before = Write(documents, SearchShards.Limits.Default);
        documents[10] = documents[10] with { Text = documents[10].Text + " aaaardvark" };
        var after = Write(documents, SearchShards.Limits.Default);

        var changed = Changed(before, after);
        Assert.True(changed.Count <= 3, $"{changed.Count} shards changed: {string.Join(", ", changed)}");
        var terms = before.Keys.Where(p => p.Contains("/t", StringComparison.Ordinal)).ToList();
        Assert.True(terms.Count > 20, $"{terms.Count} term shards");
        Assert.DoesNotContain(changed, p => p == SiteLayout.SearchShard($"t{terms.Count - 1}"));
        Assert.Equal(new ShardReader(after).Find("aaaardvark").Keys, [10]);
    }

    [Fact]
    public void APostingAddedEarlyToALongListLeavesItsLaterPartsAsTheyWere()
    {
        var documents = Synthetic(20_000, seed: 13);
        var before = Write(documents, SearchShards.Limits.Default);
        var holding = new ShardReader(before).Find("islands");
        var id = Enumerable.Range(100, 1_000).First(i => !holding.ContainsKey(i));
        documents[id] = documents[id] with { Text = documents[id].Text + " islands" };
        var after = Write(documents, SearchShards.Limits.Default);

        var parts = new ShardReader(before).ShardsOf("islands");
        Assert.True(parts.Count >= 2, $"'islands' is in {parts.Count} shard(s)");
        var changed = Changed(before, after);
        Assert.True(changed.Count <= 3, $"{changed.Count} shards changed: {string.Join(", ", changed)}");
        Assert.DoesNotContain(SiteLayout.SearchShard($"t{parts[^1]}"), changed);
        Assert.Contains(id, new ShardReader(after).Find("islands").Keys);
    }

    [Fact]
    public void AClaimEditedInABigBookRewritesAFewSearchFilesInACachedBuild()
    {
        using var temp = new TempDir("rjb-search-");
        SyntheticBook.BookWriter.Write(SyntheticBook.Book.Generate(150, seed: 9), temp.Combine("book"));
        var options = new BuildOptions(temp.Combine("book", "seeds"), temp.Combine("book", "content"), Repo.Theme, temp.Combine("output"), Cache: temp.Combine("cache"));
        Assert.True(BriefingBuilder.Run(options, BuildMode.Build).Succeeded);
        var shards = SearchFilesOnDisk(options.Output).Count;

        var file = Directory.EnumerateFiles(temp.Combine("book", "content", "sources"), "*.yaml").Order(StringComparer.Ordinal).ElementAt(75);
        var yaml = File.ReadAllText(file);
        var claim = ClaimText().Match(yaml);
        Assert.True(claim.Success, $"no one-line claim text in {file}");
        File.WriteAllText(file, yaml.Insert(claim.Groups[1].Index + claim.Groups[1].Length, ", by a later count"));
        var result = BriefingBuilder.Run(options, BuildMode.Build);

        Assert.True(result.Succeeded);
        var search = result.Publish!.Written.Where(p => p.StartsWith("data/search/", StringComparison.Ordinal)).ToList();
        Assert.True(shards > 40, $"{shards} search files");
        Assert.Contains(SiteLayout.SearchIndex, search);
        Assert.True(search.Count <= 6, $"{search.Count} of {shards} search files written: {string.Join(", ", search)}");
    }

    /// <summary>Shard files whose bytes differ between two writes, or that only one of them has; the manifest aside, which always changes.</summary>
    private static List<string> Changed(SortedDictionary<string, byte[]> before, SortedDictionary<string, byte[]> after) =>
        before.Keys.Union(after.Keys).Where(p => p != SiteLayout.SearchIndex)
            .Where(p => !(before.TryGetValue(p, out var b) && after.TryGetValue(p, out var a) && a.AsSpan().SequenceEqual(b)))
            .Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex("""(?m)^    text: "([^"\n]*)\."$""")]
    private static partial Regex ClaimText();

    private static List<string> SearchFilesOnDisk(string output) =>
        Directory.EnumerateFiles(Path.Combine(output, Path.GetDirectoryName(SiteLayout.SearchIndex)!))
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    private static void AssertEveryTermFindable(IReadOnlyList<SearchDocument> documents, ShardReader reader)
    {
        var expected = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        for (var id = 0; id < documents.Count; id++)
        {
            var d = documents[id];
            foreach (var term in (d.TitleSearched ? SearchTerms.Of(d.Title) : []).Concat(SearchTerms.Of(d.Text)))
            {
                if (!expected.TryGetValue(term, out var set)) expected[term] = set = [];
                set.Add(id);
            }
        }
        Assert.NotEmpty(expected);
        foreach (var (term, ids) in expected)
            Assert.True(ids.SetEquals(reader.Find(term).Keys), $"'{term}': expected {string.Join(",", ids)}, found {string.Join(",", reader.Find(term).Keys)}");
    }

    [GeneratedRegex(@"^data/search/(manifest|[td][0-9]+)\.js$")]
    private static partial Regex ShardPath();
}

/// <summary>Reads shards the way search.js does: the manifest's term ranges, then the postings of the shards in range.</summary>
internal sealed class ShardReader(IReadOnlyDictionary<string, byte[]> files)
{
    private readonly JsonElement _manifest = Manifest(files);

    public static JsonElement Manifest(IReadOnlyDictionary<string, byte[]> files) => Data(files[SiteLayout.SearchIndex]);

    /// <summary>The JSON value a data script assigns to its global.</summary>
    public static JsonElement Data(byte[] script)
    {
        var text = System.Text.Encoding.UTF8.GetString(script);
        var start = text.IndexOf(" = ", StringComparison.Ordinal) + 3;
        return JsonDocument.Parse(text[start..text.LastIndexOf(';')]).RootElement;
    }

    private JsonElement Shard(string name) => Data(files[_manifest.GetProperty("shards").GetString()!.Replace("*", name, StringComparison.Ordinal)]);

    public List<int> ShardsOf(string term)
    {
        var from = _manifest.GetProperty("from").EnumerateArray().Select(e => e.GetString()!).ToList();
        var to = _manifest.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToList();
        return Enumerable.Range(0, from.Count)
            .Where(i => string.CompareOrdinal(from[i], term) <= 0 && string.CompareOrdinal(to[i], term) >= 0).ToList();
    }

    /// <summary>The documents holding the term, each with whether it is in the title.</summary>
    public SortedDictionary<int, bool> Find(string term)
    {
        var found = new SortedDictionary<int, bool>();
        foreach (var n in ShardsOf(term))
        {
            var shard = Shard($"t{n}");
            Assert.Equal($"t{n}", shard.GetProperty("shard").GetString());
            if (!shard.GetProperty("terms").TryGetProperty(term, out var postings)) continue;
            var id = 0;
            foreach (var value in postings.EnumerateArray().Select(v => v.GetInt32()))
            {
                id += value / 2;
                Assert.True(found.TryAdd(id, (value & 1) == 1), $"'{term}' lists document {id} twice");
            }
        }
        return found;
    }

    public (string Type, string Label, string Title, string Text, string Href) Document(int id)
    {
        var counts = _manifest.GetProperty("docs").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var n = 0;
        while (id >= counts[n]) id -= counts[n++];
        var docs = Shard($"d{n}").GetProperty("docs").EnumerateArray().ToList();
        var title = docs.Take(id + 1).Select(d => d[2]).Last(t => t.ValueKind == JsonValueKind.String).GetString()!;
        var d = docs[id];
        return (d[0].GetString()!, d[1].GetString()!, title, d[3].GetString()!, d[4].GetString()!);
    }
}
