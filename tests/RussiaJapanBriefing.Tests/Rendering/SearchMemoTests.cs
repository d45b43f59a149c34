using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The search memo <c>serve</c> keeps: after an edit only the edited document is tokenized again, and the shards are
/// those of a build without a memo.
/// </summary>
public sealed class SearchMemoTests
{
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

        // A document removed renumbers all after it: the memo still gives every shard as a clean build does.
        edited.RemoveAt(10);
        Assert.Equal(Clean(edited), Write(edited, memo));
        Assert.Equal(0, memo.Tokenized);
    }

    [Fact]
    public void KeysTakenFromTheLastCallAreThoseOfTheDocuments()
    {
        var documents = Documents(300);
        var memo = new SearchMemo();
        Action<List<SearchDocument>>[] edits =
        [
            d => { },
            d => d[40] = d[40] with { Text = "replaced" },
            d => d.RemoveAt(7),
            d => d.Insert(100, d[3] with { Href = "inserted.html" }),
            d => d.Reverse(),
            d => (d[0], d[1]) = (d[1], d[0]),
            d => d.RemoveRange(0, 50),
            d => d.AddRange(Documents(20)),
        ];
        foreach (var edit in edits)
        {
            // The same list, changed after the memo keyed it.
            edit(documents);
            Assert.Equal(new SearchMemo().Keys(documents), memo.Keys(documents));
        }
    }

    [Fact]
    public void ADocumentThatComesTwiceIsMadeOnceAndOneLeftOutIsForgotten()
    {
        var documents = Documents(100);
        var twice = documents.Append(documents[40]).ToList();
        var memo = new SearchMemo();
        Assert.Equal(Clean(twice), Write(twice, memo));
        Assert.Equal((100, 1), (memo.Tokenized, memo.Reused));

        // Only the last build's documents are kept: one left out of a build is made again when it comes back.
        var without = documents.Where((_, i) => i != 7).ToList();
        Write(without, memo);
        Assert.Equal((0, 99), (memo.Tokenized, memo.Reused));
        Assert.Equal(Clean(documents), Write(documents, memo));
        Assert.Equal((1, 99), (memo.Tokenized, memo.Reused));
    }

    [Fact]
    public void ATermKeepsItsTitleMarkInTheDocumentItIsInTheTitleOfOnly()
    {
        // The memo notes each document's terms in tables it reuses for the next document: a mark must not carry over.
        List<SearchDocument> documents =
        [
            new(SearchDocumentType.Entity, "Island", "Kunashir kunashir", "treaty KUNASHIR", "e/k.html"),
            new(SearchDocumentType.Claim, "Claim", "Kunashir claim", "treaty", "c/1.html"),
            new(SearchDocumentType.Passage, "Source passage", "Kunashir headline", "kunashir treaty", "s/1.html#l1"),
            new(SearchDocumentType.Source, "Source", "Treaty", "Kunashir", "s/1.html"),
        ];
        var terms = string.Concat(Write(documents, new SearchMemo()).Where(f => f.Key.Contains("/t", StringComparison.Ordinal)).Select(f => System.Text.Encoding.UTF8.GetString(f.Value)));
        // Each posting is a document number (delta-encoded), doubled, plus one where the term is in a title that ranks:
        // kunashir in 0 (title), 1, 2 and 3 (text only); treaty in 0, 1, 2 and 3 (title).
        Assert.Contains("\"kunashir\":[1,2,2,2]", terms);
        Assert.Contains("\"treaty\":[0,2,2,3]", terms);
    }
}
