using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;
using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Wording findings kept between builds (<see cref="WordingMemo"/>): in memory for serve, in the cache folder for
/// the command line. A build that takes findings from the memo reports exactly what a clean build reports; an edit
/// checks again what it changed (one claim, or every item when the contested terms change); a damaged file is ignored.
/// </summary>
public class WordingMemoTests
{
    private const string Terms = WordingCheckTests.Terms;

    private const string Claims = """
        claims:
          - id: occupied-islands
            text: Moscow holds the occupied islands.
            about: [kunashir]
            cite:
              - source: tass-2018
                quote: a position Moscow rejects
          - id: many-talks
            text: Putin and Abe held 27 rounds of talks.
            about: [abe, putin]
            cite:
              - source: tass-2018
                quote: agreed to continue talks on a peace treaty
        """;

    /// <summary>The sample book with contested terms, a claim in one side's words and one with a figure its quote does not give.</summary>
    private static TempBook Book()
    {
        var book = SampleBook.Create();
        book.Yaml("book.yaml", SampleBook.BookYaml + Terms);
        book.Yaml("zz.yaml", Claims);
        return book;
    }

    /// <summary>How many items verifying the book with <paramref name="memo"/> checks, and what it reports, next to what a clean verification reports.</summary>
    private static (int Checked, string Diagnostics, string Clean) Verify(TempBook book, WordingMemo memo)
    {
        string Run(WordingMemo? with)
        {
            var bag = new DiagnosticBag();
            BookResolver.Resolve(SeedLoader.Load(book.Seeds, bag), AnnotationLoader.Load(book.Content, bag), book.Content, bag, memo: null, with);
            return bag.Sorted().Dump();
        }
        var diagnostics = Run(memo);
        return (memo.Checked, diagnostics, Run(null));
    }

    [Fact]
    public void ServesMemoHashesOnlyTheItemsWhosePartsChanged()
    {
        // serve keeps an unchanged file's parse whole, so its items come back as the same instances.
        using var book = Book();
        var bag = new DiagnosticBag();
        var annotations = AnnotationLoader.Load(book.Content, bag);
        var terms = WordingChecks.Vocabulary(annotations.Book, bag);
        var verified = annotations.Claims.Select(c => c.Id.Value).ToHashSet(StringComparer.Ordinal);
        string Run(IReadOnlyList<ContestedTerm> with, WordingMemo? memo)
        {
            var diagnostics = new DiagnosticBag();
            WordingChecks.Run(annotations, with, verified.Contains, diagnostics, memo);
            memo?.End();
            return diagnostics.Sorted().Dump();
        }
        var memo = new WordingMemo();
        var first = Run(terms, memo);
        var items = memo.Keyed;
        Assert.Equal(SampleBook.ClaimCount + SampleBook.EntityCount + 2, items);
        Assert.Equal(first, Run(terms, memo));
        Assert.Equal((0, items), (memo.Keyed, memo.Reused));

        // The same instances, but what every one of them reads changed (the table of terms): each is keyed and checked again.
        var fewer = terms.Where(t => t.Term != "occupied").ToList();
        var without = Run(fewer, memo);
        Assert.Equal(Run(fewer, null), without);
        Assert.Contains("RJB0801", first);
        Assert.DoesNotContain("RJB0801", without);
        Assert.Equal((items, items), (memo.Keyed, memo.Checked));
    }

    [Fact]
    public void ServesMemoChecksAnUnchangedClaimAgainWhenTheDateOfASourceItCitesChanges()
    {
        // A claim's figure "2018" is backed by the date of the source it cites, which another file declares. serve keeps
        // the claim's file whole (the same instances), so only the source's date says whether what it reported holds.
        using var book = Book();
        book.Yaml("zz.yaml", Claims.Replace("Putin and Abe held 27 rounds of talks.", "Putin and Abe held talks in 2018."));
        var bag = new DiagnosticBag();
        var annotations = AnnotationLoader.Load(book.Content, bag);
        var terms = WordingChecks.Vocabulary(annotations.Book, bag);
        var verified = annotations.Claims.Select(c => c.Id.Value).ToHashSet(StringComparer.Ordinal);
        string Run(AnnotationSet set, WordingMemo? memo)
        {
            var diagnostics = new DiagnosticBag();
            WordingChecks.Run(set, terms, verified.Contains, diagnostics, memo);
            memo?.End();
            return diagnostics.Sorted().Dump();
        }
        var memo = new WordingMemo();
        var first = Run(annotations, memo);
        Assert.DoesNotContain("\"2018\"", first);
        Assert.Equal(first, Run(annotations, memo));
        Assert.Equal(0, memo.Checked);

        // The same claims, but the source they cite is now dated 2019: every item citing it is checked again, and the
        // figure is reported as a clean run reports it.
        var redated = annotations with
        {
            Sources = [.. annotations.Sources.Select(s => s.Id.Value == "tass-2018" ? s with { Published = Date("2019-05-26") } : s)],
        };
        var citing = annotations.Claims.Count(c => c.Citations.Any(ci => ci.Source.Value == "tass-2018"))
            + annotations.Entities.Count(e => e.Citations.Any(ci => ci.Source.Value == "tass-2018"));
        var after = Run(redated, memo);
        Assert.Equal(Run(redated, null), after);
        Assert.Contains("\"2018\"", after);
        Assert.Equal(citing, memo.Checked);

        // And back: what was reported before is reported again.
        Assert.Equal(first, Run(annotations, memo));
    }

    private static PartialDate Date(string text) => PartialDate.TryParse(text, out var date, out _) ? date! : throw new ArgumentException(text);

    [Fact]
    public void ServesDisagreementCheckReadsTheClaimsItNamesOnEveryBuild()
    {
        // A disagreement of kind "positions" needs each of its claims attributed: an edit of one claim, in another file,
        // changes what the disagreement reports though the disagreement itself is unchanged.
        using var book = Book();
        book.Yaml("zz-disagreements.yaml", """
            disagreements:
              - id: talks-differ
                topic: talks
                kind: positions
                about: [abe]
                claims: [many-talks, inherent-territory]
            """);
        var memory = new InputMemory();
        BuildResult Serve()
        {
            var result = BriefingBuilder.Run(book.Options with { Output = book.Combine("serve") }, BuildMode.Build, tracker: null, default, memory);
            var clean = BriefingBuilder.Run(book.Options with { Output = book.Combine("clean") }, BuildMode.Build);
            Assert.Equal(clean.Diagnostics.Dump(), result.Diagnostics.Dump());
            return result;
        }
        Assert.Contains("RJB0805", Serve().Diagnostics.Dump());
        book.Yaml("zz.yaml", Claims.Replace("    text: Putin and Abe held 27 rounds of talks.", "    text: Putin and Abe held 27 rounds of talks.\n    according_to: TASS"));
        Assert.DoesNotContain("RJB0805", Serve().Diagnostics.Dump());
    }

    [Fact]
    public void AClaimEditChecksThatClaimAgainAndReportsWhatACleanBuildReports()
    {
        using var book = Book();
        var memo = new WordingMemo();
        var (all, first, clean) = Verify(book, memo);
        Assert.Equal(clean, first);
        Assert.Contains("RJB0801", first);
        Assert.Contains("RJB0802", first);
        Assert.Equal(SampleBook.ClaimCount + SampleBook.EntityCount + 2, all);

        var (again, diagnostics, _) = Verify(book, memo);
        Assert.Equal((0, first), (again, diagnostics));
        Assert.Equal(all, memo.Reused);

        // Lines added above the claims move their findings: kept findings are reported where the claims now stand.
        book.Yaml("zz.yaml", "# moved\n\n" + Claims);
        (again, diagnostics, clean) = Verify(book, memo);
        Assert.Equal((0, clean), (again, diagnostics));
        Assert.NotEqual(first, diagnostics);

        // One claim's text: that claim is checked again, and its warning goes.
        book.Yaml("zz.yaml", "# moved\n\n" + Claims.Replace("the occupied islands", "the islands"));
        (again, diagnostics, clean) = Verify(book, memo);
        Assert.Equal((1, clean), (again, diagnostics));
        Assert.DoesNotContain("RJB0801", diagnostics);

        // One claim's quote: that claim is checked again, and the figure it now gives is no longer reported.
        book.Seed("tass-2018", SampleBook.TassText.Replace("agreed to continue talks on a peace treaty", "agreed to continue talks on a peace treaty after 27 rounds"));
        book.Yaml("zz.yaml", "# moved\n\n" + Claims.Replace("the occupied islands", "the islands")
            .Replace("quote: agreed to continue talks on a peace treaty", "quote: talks on a peace treaty after 27 rounds"));
        (again, diagnostics, clean) = Verify(book, memo);
        Assert.Equal((1, clean), (again, diagnostics));
        Assert.DoesNotContain("RJB0802", diagnostics);
    }

    [Fact]
    public void EditingTheContestedTermsChecksEveryItemAgain()
    {
        using var book = Book();
        var memo = new WordingMemo();
        var (all, _, _) = Verify(book, memo);

        book.Yaml("book.yaml", SampleBook.BookYaml + Terms.Replace("terms: [occupied, Northern Territories]", "terms: [Northern Territories]"));
        var (again, diagnostics, clean) = Verify(book, memo);
        Assert.Equal((all, clean), (again, diagnostics));
        Assert.DoesNotContain("RJB0801", diagnostics);

        // A side's names are part of the table too: they decide which clauses attribute a term.
        book.Yaml("book.yaml", SampleBook.BookYaml + Terms.Replace("names: [Tokyo]", "names: [Tokyo, Japanese government]"));
        (again, diagnostics, clean) = Verify(book, memo);
        Assert.Equal((all, clean), (again, diagnostics));
        Assert.Contains("RJB0801", diagnostics);
    }

    [Fact]
    public void ServeChecksOnlyWhatASaveChanged()
    {
        using var book = Book();
        var memory = new InputMemory();
        Assert.True(Serve(book, memory).Succeeded);
        Assert.True(memory.Wording.Checked > 0);
        Serve(book, memory);
        Assert.Equal(0, memory.Wording.Checked);
        book.Yaml("zz.yaml", Claims.Replace("held 27 rounds", "held 28 rounds"));
        Assert.True(Serve(book, memory).Succeeded);
        Assert.Equal(1, memory.Wording.Checked);
    }

    [Fact]
    public void ServeFindsWhatEachFileReportedByItsPathOnceAFileBeforeItIsAdded()
    {
        using var book = Book();
        var memory = new InputMemory();
        Assert.True(Serve(book, memory).Succeeded);
        // A file first in path order: every other file's number moves on by one.
        book.Yaml("aa.yaml", Claims.Replace("occupied-islands", "aa-occupied").Replace("many-talks", "aa-talks"));
        Assert.True(Serve(book, memory).Succeeded);
        Assert.Equal((2, 2), (memory.Wording.Keyed, memory.Wording.Checked));
        book.Yaml("zz.yaml", Claims.Replace("held 27 rounds", "held 28 rounds"));
        Assert.True(Serve(book, memory).Succeeded);
        Assert.Equal((2, 1), (memory.Wording.Keyed, memory.Wording.Checked));
    }

    /// <summary>A save by serve's engine, which reports and writes what a clean build does.</summary>
    private static BuildResult Serve(TempBook book, InputMemory memory)
    {
        var result = BriefingBuilder.Run(book.Options with { Output = book.Combine("serve") }, BuildMode.Build, tracker: null, default, memory);
        var clean = BriefingBuilder.Run(book.Options with { Output = book.Combine("clean") }, BuildMode.Build);
        Assert.Equal(clean.Diagnostics.Dump(), result.Diagnostics.Dump());
        FolderState.AssertSameBytes(book.Combine("clean"), book.Combine("serve"), "a build with kept findings differs from a clean build");
        return result;
    }

    /// <summary>What a new process after the last cached build checks, by the memo in the cache folder.</summary>
    private static int CheckedFromCache(TempBook book, string engine = "")
    {
        var (count, diagnostics, clean) = Verify(book, WordingMemo.Load(book.Combine("cache"), engine == "" ? PageTracker.Engine : engine));
        Assert.Equal(clean, diagnostics);
        return count;
    }

    private static BuildResult Cached(TempBook book) =>
        BriefingBuilder.Run(book.Options with { Output = book.Combine("cached"), Cache = book.Combine("cache") }, BuildMode.Build);

    [Fact]
    public void TheCommandLineKeepsItsFindingsInTheCacheFolder()
    {
        using var book = Book();
        Assert.True(Cached(book).Succeeded);
        Assert.True(File.Exists(book.Combine("cache", WordingMemo.FileName)));
        Assert.Equal(0, CheckedFromCache(book));
        // Another build of rjb may check differently: it checks everything again.
        Assert.True(CheckedFromCache(book, "another engine") > 0);

        book.Yaml("zz.yaml", Claims.Replace("held 27 rounds", "held 28 rounds"));
        Assert.Equal(1, CheckedFromCache(book));
        Assert.True(Cached(book).Succeeded);
        Assert.Equal(0, CheckedFromCache(book));
    }

    /// <summary>
    /// How many items a new process after the last cached build keys, with the memo and the parses in the cache folder as
    /// a build uses them (each file's report kept by the hash of its bytes); asserts it reports what a clean build reports.
    /// </summary>
    private static int KeyedFromCacheByFile(TempBook book) => FromCacheByFile(book).Keyed;

    /// <param name="claimsReplacedSince">Told, as the command line tells it, that the edit since the cached build replaced claims alone.</param>
    private static WordingMemo FromCacheByFile(TempBook book, bool claimsReplacedSince = false)
    {
        var cache = book.Combine("cache");
        var memo = WordingMemo.Load(cache, PageTracker.Engine);
        var bag = new DiagnosticBag();
        var parsed = ParsedFiles.Load(cache, PageTracker.Engine, bag);
        var annotations = AnnotationLoader.Load(book.Content, bag, parsed);
        memo.FileHashes = parsed.HashOf;
        memo.Building(null, claimsReplacedSince);
        BookResolver.Resolve(SeedLoader.Load(book.Seeds, bag), annotations, book.Content, bag, memo: null, memo);
        var clean = new DiagnosticBag();
        BookResolver.Resolve(SeedLoader.Load(book.Seeds, clean), AnnotationLoader.Load(book.Content, clean), book.Content, clean);
        Assert.Equal(clean.Sorted().Dump(), bag.Sorted().Dump());
        return memo;
    }

    /// <summary>
    /// After an edit that replaced claims alone since the build that wrote the memo (which the command line tells from
    /// its snapshot and the parses), only the edited file is keyed: every other one reads what it read then.
    /// </summary>
    [Fact]
    public void AfterAnEditOfClaimsAloneOnlyTheEditedFileIsKeyed()
    {
        using var book = Book();
        Assert.True(Cached(book).Succeeded);
        Assert.NotNull(WordingMemo.Load(book.Combine("cache"), PageTracker.Engine).Build);
        var files = FromCacheByFile(book).FilesKeyed;
        Assert.True(files > 2, $"the sample book keys {files} files");

        book.Yaml("zz.yaml", Claims.Replace("the occupied islands", "the islands"));
        Assert.Equal(files, FromCacheByFile(book).FilesKeyed);
        var told = FromCacheByFile(book, claimsReplacedSince: true);
        Assert.Equal(1, told.FilesKeyed);
        Assert.Equal(2, told.Keyed);
    }

    [Fact]
    public void TheCommandLineReportsAFileAgainWhileAllItsItemsReadIsUnchanged()
    {
        using var book = Book();
        // The second claim's figure, 2018, is backed by the date of the source it cites, which another file declares.
        var claims = Claims.Replace("Putin and Abe held 27 rounds of talks.", "Putin and Abe held talks in 2018.");
        book.Yaml("zz.yaml", claims);
        Assert.True(Cached(book).Succeeded);
        Assert.Equal(0, KeyedFromCacheByFile(book));

        // An edit keys the items of its file only.
        claims = claims.Replace("the occupied islands", "the islands");
        book.Yaml("zz.yaml", claims);
        Assert.Equal(2, KeyedFromCacheByFile(book));
        Assert.True(Cached(book).Succeeded);

        // The file's bytes unchanged, the date of a source its claims cite: the figure is no longer backed.
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("published: 2018-05-26", "published: 2019-05-26"));
        Assert.True(KeyedFromCacheByFile(book) >= 2);
        Assert.Contains("\"2018\"", Cached(book).Diagnostics.Dump());

        // Its bytes unchanged, a claim no longer verified (its quote broken in the seed): that claim is not checked.
        book.Seed("tass-2018", SampleBook.TassText.Replace("agreed to continue talks on a peace treaty", "agreed to go on talking"));
        Assert.True(KeyedFromCacheByFile(book) >= 1);
        Assert.False(Cached(book).Succeeded);

        // And the contested terms: every file's items are keyed again.
        book.Seed("tass-2018", SampleBook.TassText);
        Assert.True(Cached(book).Succeeded);
        book.Yaml("book.yaml", SampleBook.BookYaml + Terms.Replace("terms: [occupied, Northern Territories]", "terms: [Northern Territories]"));
        Assert.Equal(SampleBook.ClaimCount + SampleBook.EntityCount + 2, KeyedFromCacheByFile(book));
    }

    public static TheoryData<string> Damages => ["truncated", "flipped", "garbage", "empty"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedMemoFileIsIgnored(string damage)
    {
        using var book = Book();
        Cached(book);
        var all = CheckedFromCache(book, "another engine");
        var file = book.Combine("cache", WordingMemo.FileName);
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(file, bytes[..(bytes.Length - 5)]); break;
            // A flipped bit in the middle changes a key or a message: only the checksum can tell.
            case "flipped": bytes[bytes.Length / 2] ^= 1; File.WriteAllBytes(file, bytes); break;
            case "garbage": File.WriteAllText(file, "not a memo"); break;
            case "empty": File.WriteAllBytes(file, []); break;
        }
        Assert.Equal(all, CheckedFromCache(book));
        Assert.True(Cached(book).Succeeded);
        // The build that ignored it wrote a good one.
        Assert.Equal(0, CheckedFromCache(book));
    }

    [Fact]
    public void AMemoThatCannotBeSavedIsAWarning()
    {
        using var book = Book();
        Directory.CreateDirectory(book.Combine("cache", WordingMemo.FileName + ".new")); // the staged file cannot be written
        var result = Cached(book);
        Assert.True(result.Succeeded);
        Assert.Equal(Severity.Warning, result.Diagnostics.One("RJB0130").Severity);
    }
}
