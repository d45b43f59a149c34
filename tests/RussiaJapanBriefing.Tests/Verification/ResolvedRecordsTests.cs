using System.Text.Json;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;
using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// <c>serve</c>'s resolver keeps the last build's records (<see cref="ResolvedRecords"/>): a record whose inputs are
/// unchanged is the same instance, and every edit still reaches every record it affects. After each edit the book
/// and the diagnostics are compared with a clean resolution, so a stale record reused would fail the comparison.
/// </summary>
public class ResolvedRecordsTests
{
    /// <summary>Resolves as serve does: parses, searches and records kept between builds.</summary>
    private sealed class Serve
    {
        private readonly QuoteMemo _quotes = new();
        private readonly WordingMemo _wording = new();
        public ParsedFiles Parsed { get; } = new();
        public ResolvedRecords Records { get; } = new();

        public BriefingBook Resolve(TempBook book)
        {
            var bag = new DiagnosticBag();
            var resolved = BookResolver.Resolve(SeedLoader.Load(book.Seeds, bag), AnnotationLoader.Load(book.Content, bag, Parsed), book.Content, bag,
                _quotes, _wording, Records);
            var (clean, diagnostics) = Clean(book);
            Assert.Equal(diagnostics, bag.Sorted().Dump());
            Assert.True(resolved is not null, diagnostics);
            Assert.Equal(Values(clean!), Values(resolved));
            return resolved;
        }

        /// <summary>Resolves a book with an error as serve does: no book, and what a clean resolution reports, which it returns.</summary>
        public string Fails(TempBook book)
        {
            var bag = new DiagnosticBag();
            Assert.Null(BookResolver.Resolve(SeedLoader.Load(book.Seeds, bag), AnnotationLoader.Load(book.Content, bag, Parsed), book.Content, bag,
                _quotes, _wording, Records));
            var diagnostics = bag.Sorted().Dump();
            Assert.Equal(Clean(book).Diagnostics, diagnostics);
            return diagnostics;
        }
    }

    private static (BriefingBook? Book, string Diagnostics) Clean(TempBook book)
    {
        var bag = new DiagnosticBag();
        var resolved = BookResolver.Resolve(SeedLoader.Load(book.Seeds, bag), AnnotationLoader.Load(book.Content, bag), book.Content, bag);
        return (resolved, bag.Sorted().Dump());
    }

    /// <summary>Everything the records of a book hold, as text.</summary>
    private static string Values(BriefingBook book) => JsonSerializer.Serialize(new
    {
        book.Sources,
        Entities = book.Entities.Select(e => new { e.Kind, e.Id, e.Name, e.Summary, e.Aliases, e.Related, e.SummaryCitations, e.KeyFacts, e.Date, e.Participants }),
        book.Claims,
        book.Disagreements,
        book.ContestedTerms,
    });

    private static TempBook Book()
    {
        var book = SampleBook.Create();
        book.Yaml("book.yaml", SampleBook.BookYaml + WordingCheckTests.Terms);
        book.Yaml("zz.yaml", """
            claims:
              - id: occupied-islands
                text: Moscow holds the occupied islands.
                about: [kunashir]
                cite:
                  - source: tass-2018
                    quote: a position Moscow rejects
            """);
        return book;
    }

    private static void AllSame<T>(IEnumerable<T> before, IEnumerable<T> after, Func<T, string> id, params string[] renewed) where T : class
    {
        var old = before.ToDictionary(id);
        foreach (var record in after)
            Assert.True(renewed.Contains(id(record)) != ReferenceEquals(old.GetValueOrDefault(id(record)), record),
                $"{typeof(T).Name} '{id(record)}' should {(renewed.Contains(id(record)) ? "be new" : "be the same instance")}");
    }

    [Fact]
    public void UnchangedInputsGiveTheSameInstances()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        var second = serve.Resolve(book);

        AllSame(first.Claims, second.Claims, c => c.Id);
        AllSame(first.Entities, second.Entities, e => e.Id);
        AllSame(first.Sources, second.Sources, s => s.Id);
        AllSame(first.Disagreements, second.Disagreements, d => d.Id);
        AllSame(first.ContestedTerms, second.ContestedTerms, t => t.Term);
        Assert.Equal(0, serve.Records.Resolved);
    }

    [Fact]
    public void AClaimEditRenewsThatClaimAndNothingElse()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks very useful."));
        var second = serve.Resolve(book);

        Assert.Equal("Putin called the talks very useful.", second.ClaimById["talks-useful"].Text);
        // The other claims of the edited file were parsed again, to the same values.
        AllSame(first.Claims, second.Claims, c => c.Id, "talks-useful");
        AllSame(first.Sources, second.Sources, s => s.Id);
        // Its citation is the same quote in the same text: the same passage.
        Assert.Same(first.ClaimById["talks-useful"].Citations[0], second.ClaimById["talks-useful"].Citations[0]);
        // The file's source annotation was parsed again to the same values: the sources and entities were kept as they were.
        Assert.True(serve.Records.Patched);
    }

    /// <summary>
    /// What resolving a source reported stands at its annotation: an edit of the file's claims that moves it (a line
    /// added above) resolves the sources again, so the report stands where a clean build puts it.
    /// </summary>
    [Fact]
    public void AReportedSourceMovedByAClaimsEditIsReportedWhereItNowStands()
    {
        using var book = Book();
        var serve = new Serve();
        serve.Resolve(book);
        var yaml = SampleBook.TassYaml.Replace("- lines: 8-", "- lines: 900-");
        foreach (var edit in new[] { yaml, "# Checked against the wire copy.\n" + yaml.Replace("Putin called the talks useful.", "Putin called the talks very useful.") })
        {
            book.Yaml("sources/tass-2018.yaml", edit);
            Assert.Contains("line 900 is past the end", serve.Fails(book));
            Assert.False(serve.Records.Patched);
        }
    }

    /// <summary>
    /// The disagreement check reads the claims it names, found among every claim: a patched save finds them by the
    /// files it changed. Attributing both claims of a "positions" disagreement leaves its allowance allowing nothing.
    /// </summary>
    [Fact]
    public void AClaimEditReachesTheDisagreementsNamingIt()
    {
        using var book = Book();
        var serve = new Serve();
        serve.Resolve(book);
        string Diagnostics() => Clean(book).Diagnostics;
        Assert.DoesNotContain("allows nothing", Diagnostics());
        var attributed = SampleBook.TassYaml
            .Replace("text: Putin called the talks useful.", "text: Putin called the talks useful.\n    according_to: Kremlin")
            .Replace("text: The leaders agreed to keep negotiating a peace treaty.", "text: The leaders agreed to keep negotiating a peace treaty.\n    according_to: Kremlin");
        book.Yaml("sources/tass-2018.yaml", attributed);
        serve.Resolve(book);
        Assert.True(serve.Records.Patched);
        Assert.Contains("allows nothing", Diagnostics());
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml);
        serve.Resolve(book);
        Assert.True(serve.Records.Patched);
        Assert.DoesNotContain("allows nothing", Diagnostics());
    }

    /// <summary>
    /// An error about a source may name a place in another file: a source annotated twice is reported at the repeat,
    /// "first at" the first. A claims edit that moves the first is reported with where it now stands.
    /// </summary>
    [Fact]
    public void AnErrorNamingAPlaceInTheEditedFileNamesWhereItNowStands()
    {
        using var book = Book();
        var serve = new Serve();
        serve.Resolve(book);
        book.Yaml("sources/zz-again.yaml", SampleBook.TassYaml.Split("claims:")[0]);
        foreach (var edit in new[] { SampleBook.TassYaml, "# Checked against the wire copy.\n\n" + SampleBook.TassYaml.Replace("useful.", "very useful.") })
        {
            book.Yaml("sources/tass-2018.yaml", edit);
            Assert.Contains("source 'tass-2018' is annotated twice", serve.Fails(book));
            Assert.False(serve.Records.Patched);
        }
    }

    /// <summary>An edit of a source annotation in a file of claims resolves the sources again, and the claims citing it.</summary>
    [Fact]
    public void ASourceEditInAFileOfClaimsIsNotTakenForAClaimsEdit()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        var yaml = SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks very useful.");
        book.Yaml("sources/tass-2018.yaml", yaml);
        serve.Resolve(book);
        Assert.True(serve.Records.Patched);
        var headline = yaml.Split("headline: ")[1].Split('\n')[0];
        book.Yaml("sources/tass-2018.yaml", yaml.Replace(headline, "\"Putin and Abe meet again\""));
        var third = serve.Resolve(book);

        Assert.False(serve.Records.Patched);
        Assert.Equal("Putin and Abe meet again", third.SourceById["tass-2018"].Info!.Headline);
        AllSame(first.Sources, third.Sources, s => s.Id, "tass-2018");
    }

    /// <summary>The claims' table is kept in place: a claim a build no longer has is dropped from it, not kept for a later build to bring back.</summary>
    [Fact]
    public void AClaimRemovedAndAddedBackIsResolvedAgain()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        var yaml = File.ReadAllText(Path.Combine(book.Content, "zz.yaml"));
        File.Delete(Path.Combine(book.Content, "zz.yaml"));
        Assert.False(serve.Resolve(book).ClaimById.ContainsKey("occupied-islands"));
        book.Yaml("zz.yaml", yaml);
        var third = serve.Resolve(book);

        AllSame(first.Claims, third.Claims, c => c.Id, "occupied-islands");
        Assert.Equal(1, serve.Records.Resolved);
    }

    /// <summary>
    /// serve takes an unchanged file's claims whole, which holds only while every id is declared once: a file that
    /// declares a kept claim's id again, before or after it in path order, is reported where a clean build reports it.
    /// </summary>
    [Theory]
    [InlineData("aa.yaml")]
    [InlineData("zzz.yaml")]
    public void AClaimIdDeclaredAgainInAnotherFileIsReportedAsACleanBuildReportsIt(string file)
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        book.Yaml(file, """
            claims:
              - id: occupied-islands
                text: Moscow holds the islands.
                about: [kunashir]
                cite:
                  - source: tass-2018
                    quote: a position Moscow rejects
            """);
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("error RJB0202: claim id 'occupied-islands' is used twice", serve.Fails(book));
        }
        File.Delete(Path.Combine(book.Content, file));
        AllSame(first.Claims, serve.Resolve(book).Claims, c => c.Id);
    }

    /// <summary>
    /// A save that edits only claims keeps the sources and entities as they are and patches the last build's table of
    /// claims by the file it changed; the book and diagnostics still equal a clean build's (checked by Serve).
    /// </summary>
    [Fact]
    public void AnEditOfAClaimsFilePatchesTheTableAndKeepsEverythingElse()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        Assert.False(serve.Records.Patched);
        book.Yaml("zz.yaml", File.ReadAllText(Path.Combine(book.Content, "zz.yaml")).Replace("holds the occupied islands", "holds the four occupied islands") + "\n" + """
              - id: islands-held
                text: Moscow holds Kunashir.
                about: [kunashir]
                cite:
                  - source: tass-2018
                    quote: a position Moscow rejects
            """);
        var second = serve.Resolve(book);

        Assert.True(serve.Records.Patched);
        Assert.Equal("Moscow holds the four occupied islands.", second.ClaimById["occupied-islands"].Text);
        AllSame(first.Claims, second.Claims, c => c.Id, "occupied-islands", "islands-held");
        AllSame(first.Sources, second.Sources, s => s.Id);
        AllSame(first.Entities, second.Entities, e => e.Id);
        // Removed again: the table forgets it, and a later build that adds it back resolves it anew.
        book.Yaml("zz.yaml", File.ReadAllText(Path.Combine(book.Content, "zz.yaml")).Split("  - id: islands-held")[0]);
        Assert.False(serve.Resolve(book).ClaimById.ContainsKey("islands-held"));
        Assert.True(serve.Records.Patched);
    }

    /// <summary>
    /// A claims file edited to declare an id another file declares gives up patching, leaving the table as it was,
    /// and is reported where a clean build reports it; once the id is changed back the table is patched again.
    /// </summary>
    [Theory]
    [InlineData("talks-useful")]
    [InlineData("occupied-islands-2")]
    public void AClaimsFileEditedToRepeatAnIdIsReportedAsACleanBuildReportsIt(string id)
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        var yaml = File.ReadAllText(Path.Combine(book.Content, "zz.yaml"));
        // Within the file, or with a claim of another file.
        book.Yaml("zz.yaml", id == "talks-useful" ? yaml.Replace("id: occupied-islands", $"id: {id}") : yaml + "\n" + yaml.Split("claims:\n")[1]);
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("error RJB0202: claim id", serve.Fails(book));
            Assert.False(serve.Records.Patched);
        }
        // The claims of the last build are reused as they are, the repeated one gone.
        book.Yaml("zz.yaml", yaml);
        AllSame(first.Claims, serve.Resolve(book).Claims, c => c.Id);
        book.Yaml("zz.yaml", yaml.Replace("Moscow holds", "Russia holds"));
        Assert.Equal("Russia holds the occupied islands.", serve.Resolve(book).ClaimById["occupied-islands"].Text);
        Assert.True(serve.Records.Patched);
    }

    /// <summary>A claim of a claims file that stops resolving is reported as a clean build reports it, and resolves again once fixed.</summary>
    [Fact]
    public void AClaimsFileEditedToAnUnknownEntityIsReportedAndThenPatchedBack()
    {
        using var book = Book();
        var serve = new Serve();
        serve.Resolve(book);
        var yaml = File.ReadAllText(Path.Combine(book.Content, "zz.yaml"));
        book.Yaml("zz.yaml", yaml.Replace("about: [kunashir]", "about: [kunashiri]"));
        Assert.Contains("unknown entity 'kunashiri'", serve.Fails(book));
        Assert.True(serve.Records.Patched);
        book.Yaml("zz.yaml", yaml);
        Assert.True(serve.Resolve(book).ClaimById.ContainsKey("occupied-islands"));
        Assert.True(serve.Records.Patched);
    }

    [Fact]
    public void ASeedEditReachesEveryClaimAndSummaryCitingIt()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        book.Seed("tass-2018", SampleBook.TassText.Replace("MOSCOW, May 26.", "MOSCOW, Saturday, May 26."));
        var second = serve.Resolve(book);

        var citing = first.Claims.Where(c => c.Citations.Any(ci => ci.Passage.SourceId == "tass-2018")).Select(c => c.Id).ToArray();
        Assert.NotEmpty(citing);
        AllSame(first.Claims, second.Claims, c => c.Id, citing);
        AllSame(first.Sources, second.Sources, s => s.Id, "tass-2018");
        Assert.NotEqual(first.ClaimById["peace-treaty-talks"].Citations[0].Passage.Start, second.ClaimById["peace-treaty-talks"].Citations[0].Passage.Start);
    }

    [Fact]
    public void AnEntityRenameRenewsTheEntityAndTheClaimsAboutItShowIt()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        book.Yaml("entities.yaml", SampleBook.EntitiesYaml.Replace("name: Kunashir", "name: Kunashiri Island"));
        var second = serve.Resolve(book);

        Assert.Equal("Kunashiri Island", second.EntityById["kunashir"].Name);
        Assert.NotSame(first.EntityById["kunashir"], second.EntityById["kunashir"]);
        // A claim holds the ids of what it is about, and those did not change.
        Assert.Same(first.ClaimById["inherent-territory"], second.ClaimById["inherent-territory"]);
        Assert.Equal("Kunashiri Island", second.EntityById[second.ClaimById["inherent-territory"].About[0]].Name);
    }

    [Fact]
    public void AContestedTermEditReachesEveryClaimsWordingChecks()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        book.Yaml("book.yaml", SampleBook.BookYaml + WordingCheckTests.Terms.Replace("terms: [occupied, Northern Territories]", "terms: [Northern Territories]"));
        var second = serve.Resolve(book);
        Assert.NotSame(first.ContestedTerms.Single(t => t.Term == "Northern Territories"), second.ContestedTerms.Single(t => t.Term == "Northern Territories"));
        book.Yaml("book.yaml", SampleBook.BookYaml + WordingCheckTests.Terms);
        serve.Resolve(book);
    }

    [Fact]
    public void ASourceDateEditReachesTheClaimsDatedAgainstIt()
    {
        using var book = Book();
        var serve = new Serve();
        serve.Resolve(book);
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("published: 2018-05-26", "published: 2018-05-20"));
        var second = serve.Resolve(book);
        Assert.Equal("2018-05-20", second.SourceById["tass-2018"].Info!.Published.ToString());
    }

    [Fact]
    public void AQuoteBrokenAndRepairedIsReportedOnEveryBuildUntilItIsRepaired()
    {
        using var book = Book();
        var serve = new Serve();
        var first = serve.Resolve(book);
        book.Seed("kyodo-2016", SampleBook.KyodoText.Replace("Shikotan and the Habomai islets", "Shikotan and Habomai"));
        for (var i = 0; i < 2; i++)
        {
            serve.Fails(book);
        }
        book.Seed("kyodo-2016", SampleBook.KyodoText);
        var repaired = serve.Resolve(book);
        Assert.Same(first.ClaimById["inherent-territory"], repaired.ClaimById["inherent-territory"]);
    }

    /// <summary>
    /// <see cref="ResolvedRecords"/> keeps a claim or a source while the values of its annotation that resolution reads
    /// are the same, comparing them field by field. A field added to either annotation must be compared there too, or
    /// an edit of it would leave a stale record: this fails until the field is named here, as compared or as not read.
    /// </summary>
    [Theory]
    [InlineData(typeof(ClaimAnnotation), "About AccordingTo Citations Date DateNote Planned Text", "Id Location Wording")]
    [InlineData(typeof(SourceAnnotation), "Boilerplate Dateline Draft Headline Outlet Published PublishedNote Uncited Url", "Id Location")]
    public void EveryFieldOfAnAnnotationIsComparedOrNotReadByResolution(Type annotation, string compared, string notRead)
    {
        // Location and Id: places only matter to what is reported, and records are kept by id. Wording: allowances are
        // applied by the wording checks on every build, and no resolved claim holds them.
        string[] named = [.. $"{compared} {notRead}".Split(' ').Order(StringComparer.Ordinal)];
        string[] fields = [.. annotation.GetConstructors().Single().GetParameters().Select(p => char.ToUpperInvariant(p.Name![0]) + p.Name[1..]).Order(StringComparer.Ordinal)];
        Assert.Equal(named, fields);
    }
}
