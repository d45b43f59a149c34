using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The search index records where claims stand by the layouts of the topics that place them, not claim by claim (see
/// SearchIndex.Documents): an edit that moves claims to other pages without changing any claim, entity or source must
/// still move their search documents, in serve's engine and in the command line's cached build.
/// </summary>
public class SearchAddressTests
{
    /// <remarks>
    /// Today a topic that splits also changes what planning the pages read, so every page and output is made again
    /// anyway; this checks the outcome, whatever dependency delivers it. The next test checks the index's own reads.
    /// </remarks>
    [Fact]
    public void ADisagreementThatSplitsATopicMovesItsClaimsSearchDocuments()
    {
        using var root = new TempDir("rjb-search-move-");
        SyntheticBook.HotTopic.Write(Repo.Content, Repo.Seeds, IncrementalEquivalenceTests.SplitCopies, root.Path);
        TempDir.CopyDirectory(Repo.Theme, root.Combine("theme"));
        var serve = new BuildOptions(root.Combine("seeds"), root.Combine("content"), root.Combine("theme"), root.Combine("serve-output"),
            Cache: root.Combine("serve-cache"));
        var cli = serve with { Output = root.Combine("cli-output"), Cache = root.Combine("cli-cache") };
        var engine = new IncrementalBuild();
        PublishingBook.Require(engine.Update(serve));
        PublishingBook.Require(BriefingBuilder.Run(cli, BuildMode.Build));

        // The topic page (not split into year pages) that most claims call home, and a disagreement about it that cites
        // enough claims to weigh more than a page: the topic splits, and its claims move to its year pages.
        var before = ClaimAddresses(serve.Output);
        var topic = before.Values.Select(TopicPage).OfType<string>()
            .Where(page => !Directory.Exists(Path.Combine(serve.Output, page[..^".html".Length])))
            .GroupBy(page => page).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var cited = before.Keys.Order(StringComparer.Ordinal).Take(150);
        File.AppendAllText(root.Combine("content", "disagreements.yaml"), $"""

              - id: a-disagreement-that-splits-a-topic
                topic: Whether the talks went anywhere
                kind: sources
                about: [{Path.GetFileNameWithoutExtension(topic)}]
                claims: [{string.Join(", ", cited)}]

            """);
        PublishingBook.Require(engine.Update(serve));
        PublishingBook.Require(BriefingBuilder.Run(cli, BuildMode.Build));

        var clean = root.Combine("clean");
        PublishingBook.Require(BriefingBuilder.Run(serve with { Output = clean, Cache = null }, BuildMode.Build));
        var after = ClaimAddresses(clean);
        var moved = before.Where(c => TopicPage(c.Value) == topic && after[c.Key] != c.Value).ToList();
        Assert.True(moved.Count > 0, $"no claim of {topic} moved: the test needs a heavier disagreement");
        Assert.All(moved, c => Assert.StartsWith(topic[..^".html".Length] + "/", after[c.Key], StringComparison.Ordinal));
        FolderState.AssertSameBytes(clean, serve.Output, "serve's build after a disagreement split a topic");
        FolderState.AssertSameBytes(clean, cli.Output, "the cached build after a disagreement split a topic");
    }

    /// <summary>
    /// What the index's reads stand on: a claim's page is decided by the layout of the first topic it is about (a year
    /// page that holds it) or, when that topic is not split, by the topic's own page. The index records those layouts
    /// and topics, and none of the 50,000 claims' pages at 10,000 sources; were a claim placed by anything else, an edit
    /// could move it with the index kept as it was.
    /// </summary>
    [Fact]
    public void AClaimsPageIsDecidedByItsFirstTopicsLayoutWhichTheIndexRecords()
    {
        using var root = new TempDir("rjb-search-pages-");
        var book = RecordedReads.SplitBook(root);
        var split = 0;
        foreach (var claim in book.Claims)
        {
            var topic = book.Pages.Topic(claim.About[0]);
            var expected = topic?.Parts.LastOrDefault(p => p.Claims.Any(c => c.Id == claim.Id))?.Path ?? book.EntityById[claim.About[0]].Url;
            Assert.Equal(expected, book.Pages.ClaimPage(claim));
            if (topic is not null) split++;
        }
        Assert.True(split > 0, "no claim's first topic is split: the test needs a bigger book");

        var reads = new BookReads();
        book.Record(reads);
        var read = reads.Outside(() => SearchIndex.Documents(book));
        book.Record(null);
        Assert.All(book.Claims.Select(c => c.About[0]).Distinct(), id =>
        {
            Assert.Contains(new BookRead(nameof(BriefingBook.Pages), $"Topic:{id}"), read);
            Assert.Contains(new BookRead(nameof(BriefingBook.EntityById), id), read);
        });
        Assert.DoesNotContain(read, r => r.Key is string key && key.StartsWith("Claim:", StringComparison.Ordinal));
    }

    /// <summary>The same for the feed: a dated claim's chronology page is decided by the chronology's layout, which the feed records.</summary>
    [Fact]
    public void AClaimsChronologyPageIsDecidedByTheChronologysLayoutWhichTheFeedRecords()
    {
        using var root = new TempDir("rjb-feed-pages-");
        var book = RecordedReads.SplitBook(root);
        var parts = book.Pages.ChronologyParts;
        Assert.NotNull(parts);
        foreach (var claim in book.Chronology)
            Assert.Equal(parts.LastOrDefault(p => p.Claims.Any(c => c.Id == claim.Id))?.Path ?? SiteLayout.Chronology, book.Pages.ChronologyPage(claim));

        var reads = new BookReads();
        book.Record(reads);
        var read = reads.Outside(() => new AtomFeed().Write(new SiteContext(book, Theme.Load(Repo.Theme, new DiagnosticBag())!, new Uri("https://example.org/"), false, false),
            new Nowhere(), new DiagnosticBag()));
        book.Record(null);
        Assert.Contains(new BookRead(nameof(BriefingBook.Pages), "Chronology:"), read);
        Assert.DoesNotContain(read, r => r.Key is string key && key.StartsWith("ChronologyClaim:", StringComparison.Ordinal));
    }

    /// <summary>A sink that writes nothing anywhere.</summary>
    private sealed class Nowhere : IOutputSink
    {
        public bool Caches => false;
        public IReadOnlyList<string> Paths => [];
        public bool TryKeep(string path, string fingerprint) => false;
        public bool Write(string path, string? fingerprint, Func<Stream, bool> write) => write(new MemoryStream());
        public void Write(string path, Action<Stream> write) => write(new MemoryStream());
        public void Copy(string path, byte[] bytes) { }
    }

    /// <summary>Each claim's address as the search index's document shards give it.</summary>
    private static Dictionary<string, string> ClaimAddresses(string output) =>
        Directory.GetFiles(Path.Combine(output, "data", "search"), "d*.js")
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"""([\w/.-]+\.html)#claim-([\w.-]+)""").Select(m => (Id: m.Groups[2].Value, Href: m.Groups[1].Value)))
            .ToDictionary(c => c.Id, c => c.Href, StringComparer.Ordinal);

    /// <summary>The page of a topic ("leaders/abe.html"), or null for one of its year pages.</summary>
    private static string? TopicPage(string href) => href.Count(c => c == '/') == 1 ? href : null;
}
