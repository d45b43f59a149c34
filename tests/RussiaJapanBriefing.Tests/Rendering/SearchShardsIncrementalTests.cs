using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The search index written incrementally: after any edit, the shards are byte for byte those of a clean build, an
/// edit of a few documents rewrites a few shards and keeps the rest, and a published shard or cache file that is not
/// as the last build wrote it is never trusted.
/// </summary>
public sealed class SearchShardsIncrementalTests
{
    private static readonly string[] Words = ["islands", "treaty", "kunashir", "iturup", "summit", "Ōita", "ΣΟΦΟΣ", "visa", "peace", "tokyo", "a<b", "fishing"];

    private static List<SearchDocument> Documents(int count, Random random) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var type = (SearchDocumentType)(i % 4);
        var text = string.Join(' ', Enumerable.Range(0, 5 + random.Next(15)).Select(_ => Words[random.Next(Words.Length)])) + $" unique{i} w{random.Next(2_000)}";
        // Runs of documents share a title, as a source's lines do.
        return new SearchDocument(type, type.ToString(), $"Title {i / 7} {Words[i % Words.Length]}", text, $"p/{i / 10}.html#x{i}");
    })];

    private static SortedDictionary<string, byte[]> Clean(IReadOnlyList<SearchDocument> documents)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        SearchShards.Write(documents, SearchShards.Limits.Default, new SearchMemo(), (path, bytes) => files.Add(path, bytes));
        return files;
    }

    /// <summary>An output folder as the site writer and build cache see it: what was published, the hashes recorded of it, and a build's files.</summary>
    private sealed class Folder : IOutputSink
    {
        public SortedDictionary<string, byte[]> Disk { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Recorded { get; } = new(StringComparer.Ordinal);

        /// <summary>Files whose stat data no longer matches what was recorded (a hand edit the cache sees).</summary>
        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, byte[]> Written { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Kept { get; } = new(StringComparer.Ordinal);

        public bool Caches => true;
        public IReadOnlyList<string> Paths => [.. Written.Keys.Concat(Kept).Order(StringComparer.Ordinal)];

        public string? PublishedHash(string path) => Disk.ContainsKey(path) && !Touched.Contains(path) ? Recorded.GetValueOrDefault(path) : null;

        public byte[]? Published(string path) =>
            PublishedHash(path) is { } hash && Disk.TryGetValue(path, out var bytes) && Hashing.Hash(bytes) == hash ? bytes : null;

        public bool TryKeep(string path, string fingerprint) => false;

        public bool TryKeepPublished(string path, string? fingerprint, string hash)
        {
            if (PublishedHash(path) != hash) return false;
            Kept.Add(path);
            return true;
        }

        public bool Write(string path, string? fingerprint, Func<Stream, bool> write)
        {
            using var stream = new MemoryStream();
            var succeeded = write(stream);
            Assert.True(Written.TryAdd(path, stream.ToArray()), $"{path} written twice");
            return succeeded;
        }

        public void Write(string path, Action<Stream> write) => Write(path, null, stream =>
        {
            write(stream);
            return true;
        });

        public void Copy(string path, byte[] bytes) => Written[path] = bytes;

        /// <summary>Builds into the folder, publishes what was built and returns it, with the shards written anew.</summary>
        public (SortedDictionary<string, byte[]> Files, List<string> Rewritten) Build(IReadOnlyList<SearchDocument> documents, SearchMemo memo)
        {
            Written.Clear();
            Kept.Clear();
            SearchShards.Write(documents, SearchShards.Limits.Default, memo, this);
            Assert.Empty(Kept.Intersect(Written.Keys));
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var path in Kept) files[path] = Disk[path];
            foreach (var (path, bytes) in Written) files[path] = bytes;
            var rewritten = Written.Where(w => !Disk.TryGetValue(w.Key, out var old) || !old.AsSpan().SequenceEqual(w.Value)).Select(w => w.Key).ToList();
            Disk.Clear();
            Recorded.Clear();
            Touched.Clear();
            foreach (var (path, bytes) in files)
            {
                Disk[path] = bytes;
                Recorded[path] = Hashing.Hash(bytes);
            }
            return (files, rewritten);
        }
    }

    /// <summary>One random edit of the kinds an editor makes to what the index is made from.</summary>
    private static string Edit(List<SearchDocument> documents, Random random)
    {
        var at = random.Next(documents.Count);
        var document = documents[at];
        switch (random.Next(7))
        {
            case 0:
                documents[at] = document with { Text = document.Text + " " + Words[random.Next(Words.Length)] + $" fresh{random.Next(100_000)}" };
                return $"text of {at} grown";
            case 1:
                documents[at] = document with { Text = string.Join(' ', document.Text.Split(' ').Skip(1)) };
                return $"a word of {at} dropped";
            case 2:
                // A claim's text is its title: a run of documents with that title changes.
                documents[at] = document with { Title = document.Title + " (revised)" };
                return $"title of {at}";
            case 3:
                documents.Insert(at, document with { Text = "added claim kunashir", Href = $"p/new{random.Next(1_000_000)}.html" });
                return $"document added at {at}";
            case 4:
                documents.RemoveAt(at);
                return $"document {at} removed";
            case 5:
                // An entity renamed: its name changes wherever it is mentioned.
                var (name, renamed) = (Words[random.Next(Words.Length)], $"renamed{random.Next(1_000)}");
                for (var i = 0; i < documents.Count; i++)
                    if (random.Next(50) == 0 && documents[i].Text.Contains(name, StringComparison.Ordinal))
                        documents[i] = documents[i] with { Text = documents[i].Text.Replace(name, renamed, StringComparison.Ordinal) };
                return $"{name} renamed in some documents";
            default:
                // Theme or settings changed: every page is made again, the index from unchanged documents.
                return "nothing the index reads changed";
        }
    }

    [Fact]
    public void EveryEditGivesTheShardsOfACleanBuild()
    {
        var random = new Random(16);
        var documents = Documents(4_000, random);
        var folder = new Folder();
        var memo = new SearchMemo();
        Assert.Equal(Clean(documents), folder.Build(documents, memo).Files);
        var history = new List<string>();
        for (var round = 0; round < 40; round++)
        {
            history.Add(Edit(documents, random));
            var (files, _) = folder.Build(documents, memo);
            Assert.True(Clean(documents).SequenceEqual(files, FileComparer.Instance), $"after {string.Join(" → ", history)}");
        }
    }

    [Fact]
    public void AnEditOfOneDocumentRewritesAFewShardsAndTokenizesAFewDocuments()
    {
        var documents = Documents(4_000, new Random(5));
        var folder = new Folder();
        var memo = new SearchMemo();
        var (all, _) = folder.Build(documents, memo);
        Assert.True(all.Count > 50, $"{all.Count} shards: too few for the test to tell a few from all");

        // Terms at both ends of the alphabet: the shards between them are kept.
        documents[2_345] = documents[2_345] with { Text = "aardvark " + documents[2_345].Text + " by a later count zzz" };
        var (files, rewritten) = folder.Build(documents, memo);
        Assert.Equal(Clean(documents), files);
        // The document's shard, the shards of its terms and the manifest; every other shard kept unread.
        Assert.InRange(rewritten.Count, 2, 8);
        Assert.InRange(folder.Written.Count, 2, 12);
        Assert.InRange(memo.Tokenized, 1, 300);
    }

    [Fact]
    public void ServesMemoRewritesOnlyTheTermShardsOfTheTermsAnEditAddedOrDropped()
    {
        var documents = Documents(4_000, new Random(5));
        var folder = new Folder();
        var memo = new SearchMemo();
        folder.Build(documents, memo);
        static List<string> TermShards(IEnumerable<string> paths) => [.. paths.Where(p => p.Contains("/t", StringComparison.Ordinal))];
        Assert.True(TermShards(folder.Disk.Keys).Count > 5, $"{TermShards(folder.Disk.Keys).Count} term shards: too few for the test to tell a few from many");

        // A word the document already has, again: its postings are as they were, so no term shard is made again.
        var text = documents[2_345].Text;
        documents[2_345] = documents[2_345] with { Text = $"{text} {text.Split(' ')[0]}" };
        var (files, rewritten) = folder.Build(documents, memo);
        Assert.Equal(Clean(documents), files);
        Assert.Empty(TermShards(folder.Written.Keys));
        Assert.Contains(rewritten, p => !p.Contains("/t", StringComparison.Ordinal) && p != RussiaJapanBriefing.Model.SiteLayout.SearchIndex);

        // A word no document has: the shard where it goes is made again (two, should it grow past its size), not
        // those of the document's other terms. And the word dropped again: the shard that holds it.
        documents[2_345] = documents[2_345] with { Text = text + " zzzz" };
        (files, _) = folder.Build(documents, memo);
        Assert.Equal(Clean(documents), files);
        Assert.InRange(TermShards(folder.Written.Keys).Count, 1, 2);
        documents[2_345] = documents[2_345] with { Text = text };
        (files, _) = folder.Build(documents, memo);
        Assert.Equal(Clean(documents), files);
        Assert.InRange(TermShards(folder.Written.Keys).Count, 1, 2);

        // Its title ranked now where it was not (the bit its postings under the title's words carry): those change.
        documents[2_345] = documents[2_345] with { Type = SearchDocumentType.Claim };
        (files, _) = folder.Build(documents, memo);
        Assert.Equal(Clean(documents), files);
    }

    [Fact]
    public void ADocumentsTermShardsAreKeptAsDistancesInSevenBitCountsAndAnyOtherBytesAreRefused()
    {
        int[] shards = [0, 1, 5, 127, 128, 300, 20_000, 2_000_000];
        var encoded = new System.Buffers.ArrayBufferWriter<byte>();
        SearchShards.EncodeShards(shards, encoded);

        // What BinaryWriter writes for each distance from the shard before, so BinaryReader reads them back.
        using var reader = new BinaryReader(new MemoryStream(encoded.WrittenSpan.ToArray()));
        var read = new List<int>();
        while (reader.BaseStream.Position < reader.BaseStream.Length) read.Add((read.Count == 0 ? 0 : read[^1]) + reader.Read7BitEncodedInt());
        Assert.Equal(shards, read);

        Assert.True(SearchShards.ValidShards(encoded.WrittenSpan, 2_000_001));
        Assert.True(SearchShards.ValidShards([], 0));
        // A shard the index does not have, a number cut short, a shard twice, a number of more than five bytes.
        Assert.False(SearchShards.ValidShards(encoded.WrittenSpan, 2_000_000));
        Assert.False(SearchShards.ValidShards(encoded.WrittenSpan[..^1], 2_000_001));
        Assert.False(SearchShards.ValidShards([3, 0], 10));
        Assert.False(SearchShards.ValidShards([0x81, 0x80, 0x80, 0x80, 0x80, 0x00], 10));
    }

    [Fact]
    public void TheCommandLineKeepsWhatItWroteInTheCacheFolder()
    {
        using var cache = new TempDir();
        var random = new Random(7);
        var documents = Documents(3_000, random);
        var folder = new Folder();
        var output = Path.Combine(cache.Path, "out");
        var first = SearchMemo.Load(cache.Path, output, "engine");
        folder.Build(documents, first);
        Assert.True(first.Changed);
        Assert.True(first.Save());

        for (var round = 0; round < 10; round++)
        {
            Edit(documents, random);
            var memo = SearchMemo.Load(cache.Path, output, "engine");
            Assert.False(memo.Changed);
            var (files, _) = folder.Build(documents, memo);
            Assert.Equal(Clean(documents), files);
            // Which shards hold each document's postings, kept up to date shard by shard, as a clean build finds them.
            var clean = new SearchMemo();
            SearchShards.Write(documents, SearchShards.Limits.Default, clean, (_, _) => { });
            Assert.Equal(clean.Last!.TermShardsOf!.Value.Select(s => s.ToArray()), memo.Last!.TermShardsOf!.Value.Select(s => s.ToArray()));
            Assert.True(memo.Save());
        }

        // Another build of rjb wrote it: not used, so every document is tokenized.
        documents[10] = documents[10] with { Text = "changed again" };
        var other = SearchMemo.Load(cache.Path, output, "another engine");
        Assert.Equal(Clean(documents), folder.Build(documents, other).Files);
        Assert.Equal(documents.Count, other.Tokenized);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("altered")]
    [InlineData("deleted")]
    public void ACacheFileNotAsWrittenCostsAFullBuildOfTheIndex(string damage)
    {
        using var cache = new TempDir();
        var documents = Documents(2_000, new Random(9));
        var folder = new Folder();
        var output = Path.Combine(cache.Path, "out");
        var memo = SearchMemo.Load(cache.Path, output, "engine");
        folder.Build(documents, memo);
        Assert.True(memo.Save());
        var file = Assert.Single(Directory.GetFiles(cache.Path, "search-*.bin"));
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]); break;
            case "altered": bytes[bytes.Length / 2] ^= 1; File.WriteAllBytes(file, bytes); break;
            default: File.Delete(file); break;
        }

        documents[100] = documents[100] with { Text = "an edit" };
        var loaded = SearchMemo.Load(cache.Path, output, "engine");
        var (files, _) = folder.Build(documents, loaded);
        Assert.Equal(Clean(documents), files);
        Assert.Equal(documents.Count, loaded.Tokenized);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AShardEditedOrTruncatedByHandIsWrittenAgain(bool truncated)
    {
        var documents = Documents(4_000, new Random(11));
        var folder = new Folder();
        var memo = new SearchMemo();
        folder.Build(documents, memo);
        var shards = folder.Disk.Keys.Where(p => p.Contains("/t", StringComparison.Ordinal)).ToList();

        // Seen by its size or time: the shard is written again, whatever the edit.
        var seen = shards[shards.Count / 2];
        folder.Disk[seen] = truncated ? folder.Disk[seen][..10] : [.. folder.Disk[seen], (byte)' '];
        folder.Touched.Add(seen);
        var (files, _) = folder.Build(documents, memo);
        Assert.Equal(Clean(documents), files);
        Assert.Contains(seen, folder.Written.Keys);

        // Not seen by size or time (the same length, the time set back): a shard read back is checked by its hash.
        documents[0] = documents[0] with { Text = "islands treaty kunashir iturup summit visa peace tokyo fishing " + documents[0].Text };
        var damaged = folder.Disk.Keys.Where(p => p.Contains("/t", StringComparison.Ordinal)).ToList();
        foreach (var path in damaged)
        {
            var bytes = folder.Disk[path];
            folder.Disk[path] = truncated ? [.. bytes.AsSpan(0, bytes.Length / 2), .. Enumerable.Repeat((byte)' ', bytes.Length - bytes.Length / 2)]
                : [.. bytes.Select(b => b == (byte)'1' ? (byte)'2' : b)];
        }
        Assert.Equal(Clean(documents), folder.Build(documents, memo).Files);
    }

    [Fact]
    public void ABuildThatWasNotPublishedIsNotTakenForThePublishedOne()
    {
        var random = new Random(13);
        var documents = Documents(3_000, random);
        var folder = new Folder();
        var memo = new SearchMemo();
        folder.Build(documents, memo);
        var published = new SortedDictionary<string, byte[]>(folder.Disk, StringComparer.Ordinal);
        var recorded = new Dictionary<string, string>(folder.Recorded, StringComparer.Ordinal);

        // A build whose site failed to publish: the memo saw it, the folder did not.
        var unpublished = documents.ToList();
        unpublished[1_500] = unpublished[1_500] with { Text = "never published" };
        folder.Build(unpublished, memo);
        folder.Disk.Clear();
        folder.Recorded.Clear();
        foreach (var (path, bytes) in published) folder.Disk[path] = bytes;
        foreach (var (path, hash) in recorded) folder.Recorded[path] = hash;

        documents[20] = documents[20] with { Text = "a later edit" };
        Assert.Equal(Clean(documents), folder.Build(documents, memo).Files);
    }

    private sealed class FileComparer : IEqualityComparer<KeyValuePair<string, byte[]>>
    {
        public static readonly FileComparer Instance = new();

        public bool Equals(KeyValuePair<string, byte[]> x, KeyValuePair<string, byte[]> y) => x.Key == y.Key && x.Value.AsSpan().SequenceEqual(y.Value);

        public int GetHashCode(KeyValuePair<string, byte[]> file) => file.Key.GetHashCode(StringComparison.Ordinal);
    }
}
