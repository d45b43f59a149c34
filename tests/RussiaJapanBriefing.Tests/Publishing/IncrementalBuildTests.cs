using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The build cache (BuildOptions.Cache): a rebuild renders and writes only what changed, a rebuild with no change
/// touches nothing, and whatever it does, the result is byte-identical to a clean build of the same inputs.
/// </summary>
public class IncrementalBuildTests
{
    private const string ExtraIsland = """
        islands:
          - id: habomai
            name: Habomai
            summary: A group of islets off Hokkaido.
        """;

    /// <summary>
    /// After a cached rebuild: the files reported written are exactly those whose bytes changed (or are new), the
    /// files reported removed are gone, every other file is the very same file as before (bytes, time, inode), and
    /// the output equals a clean build of the current inputs.
    /// </summary>
    private static void AssertIncremental(PublishingBook book, FolderState before, BuildResult result, Uri? baseUrl = null)
    {
        var report = result.Publish;
        Assert.NotNull(report);
        var after = FolderState.Of(book.Output);
        var changed = FolderState.Differences(before, after);
        var reported = new SortedSet<string>(report.Written.Concat(report.Removed), StringComparer.Ordinal);
        Assert.True(changed.SetEquals(reported),
            $"reported written {string.Join(", ", report.Written)}; removed {string.Join(", ", report.Removed)}; but the files that changed are {string.Join(", ", changed)}");
        Assert.All(report.Removed, p => Assert.False(after.Files.ContainsKey(p), $"{p} was reported removed but is still there"));
        Assert.Equal(after.Files.Count, report.Written.Count + report.Unchanged);
        FolderState.AssertUntouched(before, after, except: reported);
        FolderState.AssertSameBytes(book.BuildClean(baseUrl), book.Output, "the incremental build differs from a clean build");
    }

    /// <summary>Files the renderer makes (pages, data files, feeds), as opposed to theme assets, which are copied, and the manifest.</summary>
    private static int Rendered(PublishingBook book) =>
        FolderState.Of(book.Output).Files.Keys.Count(p => !p.StartsWith("assets/", StringComparison.Ordinal) && p != OutputFolder.ManifestPath);

    [Fact]
    public void TheFirstBuildWritesEveryFile()
    {
        using var book = new PublishingBook();
        var result = book.BuildCached();
        var files = FolderState.Of(book.Output).Files.Keys.ToList();
        Assert.Equal(files, result.Publish!.Written.Order(StringComparer.Ordinal));
        Assert.Equal(0, result.Publish.Unchanged);
        Assert.Empty(result.Publish.Removed);
        Assert.False(result.Publish.NothingChanged);
        Assert.Equal(Rendered(book), result.PagesRendered); // every page and data file
        Assert.True(Directory.EnumerateFiles(book.Cache).Any(), "the cache folder is empty after a cached build");
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a first cached build");
    }

    [Fact]
    public void AnImmediateRebuildChangesNothingAndTouchesNoFile()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var before = FolderState.Of(book.Output);

        book.ForgetSnapshot(); // the pages' records, not the fast path that finds nothing changed (BuildSnapshotTests)
        var result = book.BuildCached();

        Assert.True(result.Publish!.NothingChanged, $"wrote {string.Join(", ", result.Publish.Written)}; removed {string.Join(", ", result.Publish.Removed)}");
        Assert.Empty(result.Publish.Written);
        Assert.Empty(result.Publish.Removed);
        Assert.Equal(before.Files.Count, result.Publish.Unchanged);
        // No page, and no whole-book output (book.json, the search index): nothing any of them read has changed.
        Assert.True(result.PagesRendered == 0, $"{result.PagesRendered} files rendered; expected none");
        FolderState.AssertUntouched(before, FolderState.Of(book.Output));
        Assert.Equal(["output"], Directory.GetDirectories(book.Book.Path).Select(Path.GetFileName).Where(n => n!.Contains("output")));
    }

    [Fact]
    public void EditingAClaimRewritesOnlyThePagesThatShowItAndItsClaimsFile()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var before = FolderState.Of(book.Output);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var result = book.BuildCached();

        var written = result.Publish!.Written;
        // The claim's file of book.json's claims; book.json itself lists nothing the text changed.
        Assert.Single(written, path => path.StartsWith("data/claims/", StringComparison.Ordinal));
        Assert.DoesNotContain(SiteLayout.BookData, written);
        Assert.Contains("leaders/putin.html", written);                 // the claim is about Putin
        Assert.Contains("meetings/moscow-talks-2018.html", written);    // … and the Moscow talks
        Assert.Contains("chronology.html", written);                    // it is dated
        Assert.Contains("sources/tass-2018.html", written);             // its passage lists the claims citing it
        Assert.DoesNotContain("leaders/abe.html", written);
        Assert.DoesNotContain("islands/kunashir.html", written);
        Assert.DoesNotContain("sources/kyodo-2016.html", written);
        Assert.DoesNotContain("assets/style.css", written);
        Assert.Empty(result.Publish.Removed);
        Assert.Contains("very useful", File.ReadAllText(Path.Combine(book.Output, "leaders", "putin.html")));
        // The edit replaced one claim and changed nothing else: only what that claim may have changed was asked.
        Assert.True(result.AskedByEdit, "the claim edit was not known as one");
        // Every file of the last build was on disk as written: the pages not made again were kept with the rest, unvisited.
        Assert.True(result.KeptAll, "the pages were kept one by one");
        AssertIncremental(book, before, result);
    }

    /// <summary>
    /// After an edit that replaced claims alone, the claims of the files it left alone are made from where their
    /// citations stood in the last published build (CitationsMemo), none of their quotes looked up: the site is still
    /// a clean build's. An edit that kept its quotes leaves the quote memo as it was; an edited quote is searched, and
    /// kept beside every search the build did not ask, until a build that asks every one keeps only those it used.
    /// </summary>
    [Fact]
    public void AClaimEditTakesTheOtherClaimsFromWhereTheirCitationsStood()
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        var searches = KeptSearches(book, first.Book!);
        var quotes = File.ReadAllBytes(Path.Combine(book.Cache, QuoteMemo.FileName));

        // The Kyodo report's claims: TASS's, taken from where they stood, include a quote that reads otherwise than its source.
        book.Book.Yaml("sources/kyodo-2016.yaml", SampleBook.KyodoYaml.Replace("text: Putin arrived in Nagato for talks with Abe.", "text: Putin reached Nagato for talks with Abe."));
        var before = FolderState.Of(book.Output);
        var result = book.BuildCached();
        Assert.True(result.ClaimsReplayed, "the claims were resolved again");
        Assert.True(result.SummariesReplayed, "the entity summaries' citations were resolved again");
        AssertIncremental(book, before, result);
        Assert.Equal(quotes, File.ReadAllBytes(Path.Combine(book.Cache, QuoteMemo.FileName)));

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("quote: talks were useful", "quote: the talks were useful"));
        before = FolderState.Of(book.Output);
        result = book.BuildCached();
        Assert.True(result.ClaimsReplayed, "the claims were resolved again");
        AssertIncremental(book, before, result);
        Assert.Equal(searches + 1, KeptSearches(book, result.Book!));

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("quote: talks were useful", "quote: the talks were useful")
            .Replace("headline: Abe and Putin meet in Moscow", "headline: Abe and Putin meet again"));
        before = FolderState.Of(book.Output);
        result = book.BuildCached();
        Assert.False(result.ClaimsReplayed, "an edit of a headline took the claims from where their citations stood");
        Assert.False(result.SummariesReplayed, "an edit of a headline took the summaries from where their citations stood");
        AssertIncremental(book, before, result);
        Assert.Equal(searches, KeptSearches(book, result.Book!));
    }

    /// <summary>
    /// A source's uncited passages are taken from where they stood too, after an edit that replaced claims alone, even
    /// in the same file; once the passage itself is edited, every citation is looked up again. Each time the site is a
    /// clean build's.
    /// </summary>
    [Fact]
    public void AClaimEditTakesTheUncitedPassagesFromWhereTheyStood()
    {
        // The TASS annotation with its headline marked as uncited, under its source's boilerplate.
        static string Tass(string yaml) => yaml.Replace("        reason: Subscription appeal",
            "        reason: Subscription appeal\n    uncited:\n      - quote: Abe and Putin meet in Moscow\n        reason: The headline", StringComparison.Ordinal);
        using var book = new PublishingBook();
        book.Book.Yaml("sources/tass-2018.yaml", Tass(SampleBook.TassYaml));
        var first = book.BuildCached();
        Assert.True(first.Succeeded, first.Diagnostics.Dump());
        Assert.Single(first.Book!.SourceById["tass-2018"].Info!.Uncited);

        book.Book.Yaml("sources/tass-2018.yaml", Tass(SampleBook.TassYamlWithTalksClaim("Putin called the talks very useful.")));
        var before = FolderState.Of(book.Output);
        var result = book.BuildCached();
        Assert.True(result.ClaimsReplayed, "the claims were resolved again");
        Assert.True(result.SummariesReplayed, "the uncited passages were looked up again");
        AssertIncremental(book, before, result);

        book.Book.Yaml("sources/tass-2018.yaml", Tass(SampleBook.TassYamlWithTalksClaim("Putin called the talks very useful."))
            .Replace("quote: Abe and Putin meet in Moscow", "quote: Abe and Putin meet", StringComparison.Ordinal));
        before = FolderState.Of(book.Output);
        result = book.BuildCached();
        Assert.False(result.SummariesReplayed, "an edited uncited passage was taken from where it stood");
        AssertIncremental(book, before, result);
    }

    /// <summary>The searches the quote memo in the cache folder keeps for the texts of <paramref name="built"/>'s sources.</summary>
    private static int KeptSearches(PublishingBook book, BriefingBook built)
    {
        var memo = QuoteMemo.Load(book.Cache, PageTracker.Engine);
        return built.Sources.Select(s => s.Content).DistinctBy(text => text.Hash).Sum(text => memo.Prepare(text).Known?.Count ?? 0);
    }

    /// <summary>
    /// Where the citations stood is only a saving: a file of them that is damaged, or whose places do not fit the
    /// claims (made by hand, for the build it names), is not used, and every claim is resolved as a clean build resolves it.
    /// </summary>
    [Theory]
    [InlineData("truncated")]
    [InlineData("other version")]
    [InlineData("altered")]
    [InlineData("places that do not fit")]
    public void AClaimEditWithTheCitationPlacesDamagedResolvesEveryClaim(string damage)
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var file = CitationsMemo.FileOf(book.Cache, book.Output);
        if (damage == "places that do not fit")
        {
            var reader = CheckedFile.Open(File.ReadAllBytes(file), CitationsMemo.Magic, CitationsMemo.Version)!;
            var (engine, build, claims) = (reader.ReadString(), reader.ReadKey(), reader.ReadInt32());
            CheckedFile.Write(file, CitationsMemo.Magic, CitationsMemo.Version, writer =>
            {
                writer.Write(engine);
                writer.WriteKey(build);
                writer.Write(claims);
                for (var i = 0; i < claims; i++) writer.Write7BitEncodedInt(0);
                writer.Write(0); // no entity summaries
                writer.Write(0); // nor sources
            });
            Assert.NotNull(CitationsMemo.Load(book.Cache, book.Output, engine, build));
        }
        else CacheFileDamage.Apply(file, damage, CitationsMemo.Magic);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYamlWithTalksClaim("Putin called the talks very useful."));
        var before = FolderState.Of(book.Output);
        var result = book.BuildCached();
        Assert.True(result.AskedByEdit, "the claim edit was not known as one");
        Assert.False(result.ClaimsReplayed, "the claims were taken from a file of places not fit for them");
        Assert.False(result.SummariesReplayed, "the summaries were taken from a file of places not fit for them");
        AssertIncremental(book, before, result);
    }

    /// <summary>
    /// A build knows its edit for claims replaced alone only from the parses of the files the last published build was
    /// made from: an edit of anything else, even in the same file, or an edit after a build that failed (which leaves no
    /// record of what was published), is built the whole way, and the result is still that of a clean build.
    /// </summary>
    [Theory]
    [InlineData("headline")]
    [InlineData("seed")]
    [InlineData("claim added")]
    [InlineData("after a failed build")]
    public void OnlyAnEditThatReplacedClaimsAloneIsKnownAsOne(string edit)
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var talks = SampleBook.TassYamlWithTalksClaim("Putin called the talks very useful.");
        switch (edit)
        {
            case "headline":
                book.Book.Yaml("sources/tass-2018.yaml", talks.Replace("headline: Abe and Putin meet in Moscow", "headline: Abe and Putin meet again"));
                break;
            case "seed":
                book.Book.Yaml("sources/tass-2018.yaml", talks);
                File.AppendAllText(Path.Combine(book.Book.Seeds, "kyodo-2016.txt"), "A later paragraph that no claim cites.\n");
                break;
            case "claim added":
                book.Book.Yaml("sources/tass-2018.yaml", talks + "\n  - id: talks-useful-again\n    text: Putin called the talks useful again.\n"
                    + "    about: [putin]\n    cite:\n      - source: tass-2018\n        quote: talks were useful\n        context: Putin said the talks were useful\n");
                break;
            default:
                book.Book.Yaml("sources/tass-2018.yaml", talks.Replace("about: [putin", "about: [nobody-at-all, putin"));
                Assert.False(BriefingBuilder.Run(book.Options(cache: true), BuildMode.Build).Succeeded);
                book.Book.Yaml("sources/tass-2018.yaml", talks);
                break;
        }
        var before = FolderState.Of(book.Output);
        var result = book.BuildCached();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.False(result.AskedByEdit, $"an edit of the {edit} was taken for claims replaced alone");
        Assert.False(result.ClaimsReplayed, $"after an edit of the {edit}, claims were taken from where their citations stood");
        AssertIncremental(book, before, result);
    }

    [Fact]
    public void AppendingAnUncitedLineToASeedRewritesItsSourcePage()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var before = FolderState.Of(book.Output);

        File.AppendAllText(Path.Combine(book.Book.Seeds, "kyodo-2016.txt"), "A later paragraph that no claim cites.\n");
        var result = book.BuildCached();

        Assert.Contains("sources/kyodo-2016.html", result.Publish!.Written);
        Assert.DoesNotContain("sources/tass-2018.html", result.Publish.Written);
        Assert.Contains("A later paragraph that no claim cites.", File.ReadAllText(Path.Combine(book.Output, "sources", "kyodo-2016.html")));
        AssertIncremental(book, before, result);
    }

    [Fact]
    public void EditingAThemeAssetRendersEveryPageAgainAndRewritesTheAsset()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var rendered = Rendered(book);
        var before = FolderState.Of(book.Output);

        File.AppendAllText(book.ThemeFile("assets", "style.css"), "\n/* edited */\n");
        var result = book.BuildCached();

        Assert.Equal(rendered - book.KeptDataFiles(), result.PagesRendered);
        Assert.Equal([OutputFolder.ManifestPath, "assets/style.css"], result.Publish!.Written); // the manifest lists the file's new hash
        Assert.EndsWith("/* edited */\n", File.ReadAllText(Path.Combine(book.Output, "assets", "style.css")));
        AssertIncremental(book, before, result);
    }

    [Fact]
    public void EditingTheLayoutRewritesEveryPage()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var pages = SitePages.HtmlFiles(book.Output);
        var before = FolderState.Of(book.Output);

        var layout = book.ThemeFile("templates", "layout.html");
        File.WriteAllText(layout, File.ReadAllText(layout).Replace("</body>", "<!-- edited layout -->\n</body>", StringComparison.Ordinal));
        var result = book.BuildCached();

        Assert.Equal(Rendered(book) - book.KeptDataFiles(), result.PagesRendered);
        Assert.Equal(pages, result.Publish!.Written.Where(p => p.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(pages, p => Assert.Contains("<!-- edited layout -->", File.ReadAllText(Path.Combine(book.Output, p))));
        AssertIncremental(book, before, result);
    }

    /// <summary>
    /// A theme change that alters no page (a new, unused partial) renders every page once; the build after it must
    /// find every page fresh again instead of rendering the whole site on every build from then on.
    /// </summary>
    [Fact]
    public void AfterAThemeChangeThatAltersNoFileTheNextRebuildRendersNoPage()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var rendered = Rendered(book);
        var before = FolderState.Of(book.Output);

        File.WriteAllText(book.ThemeFile("templates", "partials", "unused.html"), "<p>not used by any template</p>\n");
        var first = book.BuildCached();
        Assert.Equal(rendered - book.KeptDataFiles(), first.PagesRendered);
        Assert.True(first.Publish!.NothingChanged, "a theme change that alters no file wrote: " + string.Join(", ", first.Publish.Written));

        book.ForgetSnapshot();
        var second = book.BuildCached();
        Assert.True(second.Publish!.NothingChanged);
        Assert.True(second.PagesRendered == 0, $"the rebuild after the theme change rendered {second.PagesRendered} files again; expected none");
        FolderState.AssertUntouched(before, FolderState.Of(book.Output));
    }

    [Fact]
    public void DeletingAnEntityRemovesItsPageAndMatchesACleanBuild()
    {
        using var book = new PublishingBook();
        book.Book.Yaml("zz-extra.yaml", ExtraIsland);
        book.BuildCached();
        Assert.True(File.Exists(Path.Combine(book.Output, "islands", "habomai.html")));
        var before = FolderState.Of(book.Output);

        book.Book.Delete("zz-extra.yaml");
        var result = book.BuildCached();

        Assert.Equal(["islands/habomai.html"], result.Publish!.Removed);
        Assert.False(File.Exists(Path.Combine(book.Output, "islands", "habomai.html")));
        Assert.Contains("islands/index.html", result.Publish.Written);
        AssertIncremental(book, before, result);
    }

    /// <summary>
    /// A page edited by hand in the output is made again, alone or beside a claim edit: such a build keeps the pages it
    /// leaves alone with every other file only when each is on disk as written.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AHandEditedOutputFileIsWrittenAgainOnTheNextBuild(bool claimEdited)
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var page = Path.Combine(book.Output, "leaders", "abe.html");
        var original = File.ReadAllText(page);
        File.WriteAllText(page, original.Replace("</main>", "<p>hand edit</p></main>", StringComparison.Ordinal));
        if (claimEdited)
            book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var before = FolderState.Of(book.Output);

        var result = book.BuildCached();

        if (claimEdited)
        {
            Assert.True(result.AskedByEdit, "the claim edit was not known as one");
            Assert.False(result.KeptAll, "a file edited by hand was kept with the rest");
            Assert.Contains("leaders/abe.html", result.Publish!.Written);
        }
        else
            Assert.Equal(["leaders/abe.html"], result.Publish!.Written);
        Assert.Equal(original, File.ReadAllText(page));
        AssertIncremental(book, before, result);
    }

    /// <summary>
    /// A claim edit can cut a topic's pages anew: Putin's 40 long claims, one a year, are more than one page holds, so
    /// his topic is cut into year pages; shortened, they fit on one, and the year pages go; lengthened again, they come
    /// back. The pages planned read what changed, so every page is asked again (none kept with the rest of the files
    /// unasked), and each rebuild publishes what a clean build does.
    /// </summary>
    [Fact]
    public void AClaimEditThatCutsATopicAnewAddsAndDropsItsPagesAsACleanBuildDoes()
    {
        using var book = new PublishingBook();
        var sentence = "Putin described the talks as useful and the two leaders as patient";
        string Claims(int shortened) => string.Concat(Enumerable.Range(0, 40).Select(i => $"""

              - id: long-talk-{i}
                text: {(i < shortened ? sentence + "." : string.Join(", and ", Enumerable.Repeat(sentence, 120)) + ".")}
                about: [putin]
                date: {1980 + i}
                cite:
                  - source: tass-2018
                    quote: talks were useful
                    context: Putin said the talks were useful
            """));
        var years = Path.Combine(book.Output, "leaders", "putin");
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml + Claims(shortened: 0));
        book.BuildCached();
        Assert.True(Directory.Exists(years), "Putin's claims fit on one page: the test needs longer ones");

        foreach (var shortened in new[] { 30, 0 })
        {
            book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml + Claims(shortened));
            var before = FolderState.Of(book.Output);
            var result = book.BuildCached();

            Assert.False(result.KeptAll, "the pages were kept with the rest of the files though others were planned");
            var yearPages = (shortened > 0 ? result.Publish!.Removed : result.Publish!.Written).Where(p => p.StartsWith("leaders/putin/", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(yearPages);
            Assert.Equal(shortened == 0, Directory.Exists(years));
            AssertIncremental(book, before, result);
        }
    }

    [Fact]
    public void AHandDeletedOutputFileIsWrittenAgainOnTheNextBuild()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        File.Delete(Path.Combine(book.Output, "islands", "iturup.html"));
        var before = FolderState.Of(book.Output);

        var result = book.BuildCached();

        Assert.Equal(["islands/iturup.html"], result.Publish!.Written);
        AssertIncremental(book, before, result);
    }

    [Fact]
    public void DroppingTheBaseUrlRemovesTheFeedsAndChangesEveryPage()
    {
        using var book = new PublishingBook();
        Assert.True(BriefingBuilder.TryParseBaseUrl("https://example.org/briefing/", out var url));
        book.BuildCached(url);
        Assert.True(File.Exists(Path.Combine(book.Output, "atom.xml")));
        var before = FolderState.Of(book.Output);

        var result = book.BuildCached();

        Assert.Equal(["atom.xml", "robots.txt", "sitemap.xml"], result.Publish!.Removed);
        Assert.Contains("index.html", result.Publish.Written); // its canonical link is gone
        AssertIncremental(book, before, result);
    }

    [Fact]
    public void AnIncrementalBuildWithABaseUrlMatchesACleanBuild()
    {
        using var book = new PublishingBook();
        Assert.True(BriefingBuilder.TryParseBaseUrl("https://example.org/briefing/", out var url));
        book.BuildCached(url);
        var before = FolderState.Of(book.Output);

        book.Book.Yaml("sources/kyodo-2016.yaml", SampleBook.KyodoYaml.Replace("date: 2016-12-15\n", "date: 2016-12-14\n"));
        var result = book.BuildCached(url);

        Assert.Contains("atom.xml", result.Publish!.Written);
        Assert.Contains("chronology.html", result.Publish.Written);
        Assert.DoesNotContain("sitemap.xml", result.Publish.Written);
        AssertIncremental(book, before, result, url);
    }
}

/// <summary>The folder comparison the incremental tests rely on really tells a file kept in place from one written anew.</summary>
public class FolderStateTests
{
    [Fact]
    public void AFileReplacedWithTheSameBytesAndTimeIsStillSeenAsTouched()
    {
        using var folder = new TempDir();
        File.WriteAllText(folder.Combine("page.html"), "same");
        File.WriteAllText(folder.Combine("other.html"), "same");
        var before = FolderState.Of(folder.Path);
        FolderState.AssertUntouched(before, FolderState.Of(folder.Path));

        // Written anew beside it and moved over it (as a swap does), then given the old time back.
        File.WriteAllText(folder.Combine("page.html.new"), "same");
        File.Move(folder.Combine("page.html.new"), folder.Combine("page.html"), overwrite: true);
        File.SetLastWriteTimeUtc(folder.Combine("page.html"), before.Files["page.html"].LastWriteUtc);

        var after = FolderState.Of(folder.Path);
        Assert.Empty(FolderState.Differences(before, after));
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(after.Files["page.html"].Inode); // inodes are only compared on Linux (where CI runs)
            return;
        }
        var error = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => FolderState.AssertUntouched(before, after));
        Assert.Contains("page.html: inode changed", error.Message);
        Assert.DoesNotContain("other.html", error.Message);
    }

    [Fact]
    public void AFileRewrittenInPlaceIsSeenAsTouched()
    {
        using var folder = new TempDir();
        File.WriteAllText(folder.Combine("page.html"), "before");
        var before = FolderState.Of(folder.Path);
        File.WriteAllText(folder.Combine("page.html"), "after!");
        File.SetLastWriteTimeUtc(folder.Combine("page.html"), before.Files["page.html"].LastWriteUtc.AddSeconds(1));
        var error = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => FolderState.AssertUntouched(before, FolderState.Of(folder.Path)));
        Assert.Contains("page.html: contents changed", error.Message);
        Assert.Contains("page.html: last-write time changed", error.Message);
        Assert.Equal(["page.html"], FolderState.Differences(before, FolderState.Of(folder.Path)));
    }
}
