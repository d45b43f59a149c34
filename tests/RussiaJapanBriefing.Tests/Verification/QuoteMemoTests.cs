using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Quote searches kept between builds (<see cref="QuoteMemo"/>): in memory for serve, in the cache folder for the
/// command line. A build that takes searches from the memo reports exactly what a clean build reports, and writes
/// the same site; an unchanged quote in an unchanged source is not searched again; a damaged memo file is ignored.
/// </summary>
public class QuoteMemoTests
{
    /// <summary>The different (source, quote, context) of the sample book's citations and uncited passages: the searches a build makes.</summary>
    private const int Searches = 11;

    private const string UsefulLine = "Putin said the talks were useful. The talks were useful, Abe said.\n";

    private sealed class Builds(TempBook book)
    {
        private int _clean;

        public InputMemory Memory { get; } = new();

        /// <summary>A build as serve makes it, compared with a clean build: the same diagnostics, and for a success the same site.</summary>
        public BuildResult Serve()
        {
            var result = BriefingBuilder.Run(book.Options with { Output = book.Combine("serve") }, BuildMode.Build, tracker: null, default, Memory);
            AssertAsClean(result, book.Combine("serve"));
            return result;
        }

        /// <summary>A build as the command line makes it with its cache folder, compared with a clean build.</summary>
        public BuildResult Cached()
        {
            var result = BriefingBuilder.Run(book.Options with { Output = book.Combine("cached"), Cache = book.Combine("cache") }, BuildMode.Build);
            AssertAsClean(result, book.Combine("cached"));
            return result;
        }

        private void AssertAsClean(BuildResult result, string output)
        {
            var folder = book.Combine("clean", $"{++_clean}");
            var clean = BriefingBuilder.Run(book.Options with { Output = folder }, BuildMode.Build);
            Assert.Equal(clean.Diagnostics.Dump(), result.Diagnostics.Dump());
            Assert.Equal(clean.Succeeded, result.Succeeded);
            if (clean.Succeeded) FolderState.AssertSameBytes(folder, output, "a build with kept searches differs from a clean build");
        }
    }

    /// <summary>How many searches verifying the book with <paramref name="memo"/> makes, and what it reports.</summary>
    private static (int Searched, string Diagnostics) Verify(TempBook book, QuoteMemo memo)
    {
        var bag = new DiagnosticBag();
        BookResolver.Resolve(SeedLoader.Load(book.Seeds, bag), AnnotationLoader.Load(book.Content, bag), book.Content, bag, memo);
        return (memo.Searched, bag.Sorted().Dump());
    }

    /// <summary>
    /// Searches made ahead (in parallel, before the resolver asks) find what searching on demand finds; only those then
    /// asked for count as searched and are kept, and a quote not searched ahead is still found after the folded text was dropped.
    /// </summary>
    [Fact]
    public void SearchesMadeAheadAreThoseMadeOnDemand()
    {
        const string text = "The talks were \u201cuseful\u201d \u2014 Abe said.\nThe talks were useful, Putin said.\n";
        (string Quote, string? Context)[] asked = [("talks were \"useful\"", null), ("useful", "useful, Putin"), ("Abe said", null), ("not there", null), ("The talks", null)];
        var ahead = new SourceSearches(new SeedText(text));
        ahead.SearchAhead([.. asked.Take(4), ("never asked", null)]);
        var onDemand = new SourceSearches(new SeedText(text));
        foreach (var (quote, context) in asked)
        {
            var expected = onDemand.Find(quote, context);
            var found = ahead.Find(quote, context);
            Assert.Equal(expected.Context, found.Context);
            Assert.Equal(expected.Found, found.Found);
            Assert.Equal(expected.Hint, found.Hint);
        }
        Assert.Equal(asked.Length, ahead.Searched);
        Assert.Equal(onDemand.Used.Keys, ahead.Used.Keys);
    }

    /// <summary>
    /// What a build that has not read a seed asks the memo instead: the text's lines (with a CRLF ending), and what the
    /// text reads where a quote matched it only loosely; neither reads the file.
    /// </summary>
    [Fact]
    public void AMemoAnswersForATextNotRead()
    {
        using var temp = new TempDir();
        const string text = "All news\r\nThe talks were \u201cuseful\u201d \u2014 Abe said.\nLast line";
        const string loose = "talks were \"useful\" - Abe";
        var memo = QuoteMemo.Load(temp.Path, "engine");
        var searched = memo.For(new SeedText(text)).Find(loose, context: null);
        Assert.Equal(["talks were \u201cuseful\u201d \u2014 Abe"], searched.Verbatim);
        memo.End();
        Assert.True(memo.Save());

        var file = temp.Combine("seed.txt");
        File.WriteAllText(file, text);
        var unread = new SeedText(new InputFile("seed.txt", file, file), new SeedText(text).Hash);
        var again = QuoteMemo.Load(temp.Path, "engine");
        again.KnowLines(unread);
        Assert.Equal([(0, 8), (10, 45), (46, 55)], unread.KnownLines);
        var found = again.For(unread).Find(loose, context: null);
        Assert.Equal(searched.Found, found.Found);
        Assert.Equal(searched.Verbatim, found.Verbatim);
        Assert.False(unread.IsRead);
        Assert.Equal(text, unread.Text);
    }

    /// <summary>
    /// A text the build asked of but no citation searched (an uncited source) is kept, with no searches: the next build
    /// finds it known, so it is not folded ahead nor made to gather the quotes of every citation; a text never seen is new.
    /// </summary>
    [Fact]
    public void ATextNoCitationSearchedIsKnownToTheNextBuild()
    {
        using var temp = new TempDir();
        const string cited = "The talks were useful, Abe said.\n";
        const string uncited = "Nothing here is cited.\n";
        var memo = QuoteMemo.Load(temp.Path, "engine");
        Assert.True(memo.For(new SeedText(uncited)).New);
        memo.For(new SeedText(cited)).Find("talks were useful", context: null);
        memo.End();
        Assert.True(memo.Save());

        var again = QuoteMemo.Load(temp.Path, "engine");
        var known = again.For(new SeedText(uncited));
        Assert.False(known.New);
        Assert.Empty(known.Used);
        Assert.False(again.For(new SeedText(cited)).New);
        Assert.True(again.For(new SeedText("A text never seen.\n")).New);
        again.End();
        Assert.Equal(0, again.Searched);
    }

    [Fact]
    public void ServeSearchesOnlyWhatAnEditChanged()
    {
        using var book = SampleBook.Create();
        var builds = new Builds(book);
        Assert.True(builds.Serve().Succeeded);
        Assert.Equal((Searches, 0), (builds.Memory.Quotes.Searched, builds.Memory.Quotes.Reused));

        // Nothing changed: the resolved citations themselves are kept (ResolvedRecords), so no quote is even looked up.
        builds.Serve();
        Assert.Equal((0, 0), (builds.Memory.Quotes.Searched, builds.Memory.Quotes.Reused));
        Assert.Equal(0, builds.Memory.Annotations.Parsed);

        // A claim's text changes, not its quotes: one file parsed, nothing searched.
        builds.Serve();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        Assert.True(builds.Serve().Succeeded);
        Assert.Equal(1, builds.Memory.Annotations.Parsed);
        Assert.Equal(0, builds.Memory.Quotes.Searched);

        // One quote changes: that one is searched.
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("quote: talks were useful", "quote: the talks were useful"));
        Assert.True(builds.Serve().Succeeded);
        Assert.Equal(1, builds.Memory.Quotes.Searched);
    }

    [Fact]
    public void AQuoteBrokenByASeedEditAndRepairedReportsWhatACleanBuildReports()
    {
        using var book = SampleBook.Create();
        var builds = new Builds(book);
        Assert.True(builds.Serve().Succeeded);
        Assert.True(builds.Cached().Succeeded);

        book.Seed("tass-2018", SampleBook.TassText.Replace(UsefulLine, "Putin said the talks were fruitful. The talks were useful, Abe said.\n"));
        var broken = builds.Serve();
        Assert.False(broken.Succeeded);
        Assert.Contains(broken.Diagnostics, d => d.Code == "RJB0303"); // the context is no longer in the source
        Assert.False(builds.Cached().Succeeded);

        book.Seed("tass-2018", SampleBook.TassText);
        Assert.True(builds.Serve().Succeeded);
        Assert.True(builds.Cached().Succeeded);
    }

    [Fact]
    public void TheCommandLineKeepsItsSearchesInTheCacheFolder()
    {
        using var book = SampleBook.Create();
        var builds = new Builds(book);
        builds.Cached();
        var file = book.Combine("cache", "quotes.bin");
        Assert.True(File.Exists(file));
        var (searched, diagnostics) = Verify(book, QuoteMemo.Load(book.Combine("cache"), Publishing.PageTracker.Engine));
        Assert.Equal(0, searched);
        Assert.Equal(Verify(book, new QuoteMemo()).Diagnostics, diagnostics);

        // A new process after a quote edit searches that quote only.
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("quote: talks were useful", "quote: the talks were useful"));
        builds.Cached();
        Assert.Equal(0, Verify(book, QuoteMemo.Load(book.Combine("cache"), Publishing.PageTracker.Engine)).Searched);
    }

    /// <summary>
    /// Two sources with the same text share one entry of the memo, keyed by the text: the searches of both are kept, so
    /// a new process searches neither again.
    /// </summary>
    [Fact]
    public void TwoSourcesOfOneTextKeepTheSearchesOfBoth()
    {
        using var book = SampleBook.Create();
        book.Seed("tass-copy", SampleBook.TassText);
        var copy = SampleBook.TassYaml.Replace("tass-2018", "tass-copy", StringComparison.Ordinal);
        copy = System.Text.RegularExpressions.Regex.Replace(copy, @"(?m)^(\s+- id: (?!tass-copy)\S+)$", "$1-copy");
        // The copy cites a passage the original does not, so each source has searches of its own.
        copy = copy.Replace("quote: Shinzo Abe met in the Kremlin on Saturday", "quote: Shinzo Abe met in the Kremlin", StringComparison.Ordinal);
        book.Yaml("sources/tass-copy.yaml", copy);
        var builds = new Builds(book);
        var first = builds.Cached();
        Assert.True(first.Succeeded, first.Diagnostics.Dump());

        var (searched, diagnostics) = Verify(book, QuoteMemo.Load(book.Combine("cache"), Publishing.PageTracker.Engine));
        Assert.Equal(0, searched);
        Assert.Equal(Verify(book, new QuoteMemo()).Diagnostics, diagnostics);
        builds.Serve();
        Assert.Equal(0, builds.Serve() is { Succeeded: true } ? builds.Memory.Quotes.Searched : -1);
    }

    /// <summary>
    /// Claims resolve on every core, so the searches of one text are made in whatever order the threads come: the memo's
    /// file is the same bytes whichever came first.
    /// </summary>
    [Fact]
    public void TheMemoFileDoesNotDependOnTheOrderOfTheSearches()
    {
        using var temp = new TempDir();
        string[] quotes = ["Shinzo Abe met in the Kremlin", "talks were useful", "inherent territory", "Putin"];
        byte[] Saved(string folder, IEnumerable<string> order, bool kyodoFirst)
        {
            var memo = QuoteMemo.Load(temp.Combine(folder), "engine");
            if (kyodoFirst) memo.For(new SeedText(SampleBook.KyodoText)).Find("Abe", context: null);
            var searches = memo.For(new SeedText(SampleBook.TassText));
            foreach (var quote in order) searches.Find(quote, context: null);
            if (!kyodoFirst) memo.For(new SeedText(SampleBook.KyodoText)).Find("Abe", context: null);
            memo.End();
            Directory.CreateDirectory(temp.Combine(folder));
            Assert.True(memo.Save());
            return File.ReadAllBytes(temp.Combine(folder, QuoteMemo.FileName));
        }

        Assert.Equal(Saved("forward", quotes, kyodoFirst: false), Saved("backward", quotes.Reverse(), kyodoFirst: true));
    }

    [Fact]
    public void SearchesByAnotherBuildOfRjbAreNotUsed()
    {
        // Searching is rjb's code as much as the texts: a fixed matcher must not be answered by an older one's searches.
        using var book = SampleBook.Create();
        new Builds(book).Cached();
        Assert.Equal(Searches, Verify(book, QuoteMemo.Load(book.Combine("cache"), "an older rjb")).Searched);
        Assert.Equal(0, Verify(book, QuoteMemo.Load(book.Combine("cache"), Publishing.PageTracker.Engine)).Searched);
    }

    public static TheoryData<string> Damages => ["truncated", "flipped", "version", "garbage", "empty"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedMemoFileIsIgnored(string damage)
    {
        using var book = SampleBook.Create();
        var builds = new Builds(book);
        builds.Cached();
        var file = book.Combine("cache", "quotes.bin");
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(file, bytes[..(bytes.Length - 5)]); break;
            // A flipped bit in the middle changes a span, a quote or a hint: only the checksum can tell.
            case "flipped": bytes[bytes.Length / 2] ^= 1; File.WriteAllBytes(file, bytes); break;
            case "version": bytes["rjb quote memo".Length + 1]++; File.WriteAllBytes(file, bytes); break;
            case "garbage": File.WriteAllText(file, "not a memo"); break;
            case "empty": File.WriteAllBytes(file, []); break;
        }
        Assert.Equal(Searches, Verify(book, QuoteMemo.Load(book.Combine("cache"), Publishing.PageTracker.Engine)).Searched);
        Assert.True(builds.Cached().Succeeded);
        // The build that ignored it wrote a good one.
        Assert.Equal(0, Verify(book, QuoteMemo.Load(book.Combine("cache"), Publishing.PageTracker.Engine)).Searched);
    }

    [Fact]
    public void AMemoThatCannotBeSavedIsAWarning()
    {
        using var book = SampleBook.Create();
        Directory.CreateDirectory(book.Combine("cache", "quotes.bin.new")); // the staged file cannot be written
        var result = BriefingBuilder.Run(book.Options with { Output = book.Combine("cached"), Cache = book.Combine("cache") }, BuildMode.Build);
        Assert.True(result.Succeeded);
        Assert.Equal(Severity.Warning, result.Diagnostics.One("RJB0124").Severity);
    }

    [Fact]
    public void EachQuoteAndContextHasAKeyOfItsOwn()
    {
        // Where one string ends and the next begins, and whether there is a context at all, are part of the key.
        (string Quote, string? Context)[] searches = [("ab", "c"), ("a", "bc"), ("abc", null), ("abc", ""), ("", "abc"), ("abc\0", null), ("Abc", null)];
        var keys = searches.Select(s => SourceSearches.Key(s.Quote, s.Context)).ToList();
        Assert.Equal(searches.Length, keys.Distinct().Count());
        Assert.Equal(keys, searches.Select(s => SourceSearches.Key(new string(s.Quote), s.Context is null ? null : new string(s.Context))));
    }
}
