using System.Text.RegularExpressions;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

/// <summary>Resolve-and-verify on small books in temp folders: the sample book plus one file that breaks it.</summary>
public class VerificationTests
{
    private static BuildResult CheckWith(TempBook book, string file, string yaml)
    {
        book.Yaml(file, yaml);
        var result = book.Check();
        Assert.False(result.Succeeded, "the check should fail");
        Assert.Null(result.Book);
        return result;
    }

    private static string SeedShown(TempBook book, string id) => PathDisplay.Relative(Path.Combine(book.Seeds, id + ".txt"));

    [Fact]
    public void TheSampleBookIsValid()
    {
        using var book = SampleBook.Create();
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.Empty(result.Errors());
        Assert.Equal(SampleBook.ClaimCount, result.Book!.Claims.Count);
        Assert.Equal(SampleBook.EntityCount, result.Book.Entities.Count);
        Assert.Equal(3, result.Book.Sources.Count);
        Assert.Equal(0, result.FilesWritten);
        Assert.False(Directory.Exists(book.Output), "check must not write");
    }

    [Fact]
    public void AnUnannotatedSeedIsOnlyAWarning()
    {
        using var book = SampleBook.Create();
        var result = book.Check();
        var d = result.Diagnostics.One(Codes.NotYetAnnotated.Id);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal(SeedShown(book, "unannotated-2019"), d.Location.Path);
        Assert.Null(result.Book!.SourceById["unannotated-2019"].Info);
    }

    [Fact]
    public void CitationsAreResolvedToTheSourceTextAsItStands()
    {
        using var book = SampleBook.Create();
        var b = book.Check().Book!;
        var inherent = Assert.Single(b.ClaimById["inherent-territory"].Citations);
        Assert.Equal("Japan calls Kunashir and Iturup its \u201Cinherent territory\u201D \u2014 a position Moscow rejects", inherent.Quote);
        Assert.Equal(inherent.Quote, SampleBook.TassText[inherent.Passage.Start..inherent.Passage.End]);

        var ws = Assert.Single(b.ClaimById["officials-continue"].Citations);
        Assert.Equal("Officials\u00A0said\tthe talks would continue", ws.Quote);

        var step = Assert.Single(b.ClaimById["step-by-step"].Citations);
        Assert.Equal("hoped to make progress\u2026 \u201Cstep by step.\u201D", step.Quote);

        var two = b.ClaimById["leaders-have-met"].Citations;
        Assert.Equal(["tass-2018", "kyodo-2016"], two.Select(c => c.Passage.SourceId));
    }

    // ---- quotes ----------------------------------------------------------------------------------------------

    [Fact]
    public void QuoteNotFoundSaysWhereItDeparts()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: sunday-meeting
                text: They met on Sunday.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: met in the Kremlin on Sunday
            """);
        var d = result.Errors().One(Codes.QuoteNotFound.Id);
        d.AssertAt(book.Shown("zz.yaml"), 7, 16);
        Assert.Equal($"the quote is not in {SeedShown(book, "tass-2018")}: \"met in the Kremlin on Sunday\"", d.Message);
        Assert.Equal("it matches up to \"…met in the Kremlin on S\" at line 4, where the source goes on \"aturday. The two lea\" and the quote \"unday\"", d.Hint);
    }

    [Fact]
    public void QuoteWithNothingInCommonGetsAGenericHint()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: invented
                text: Invented.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: Nothing like this was said
            """);
        var d = result.Errors().One(Codes.QuoteNotFound.Id);
        Assert.Equal("copy the passage verbatim from the source", d.Hint);
    }

    [Fact]
    public void QuoteInTheWrongCaseIsNotFound()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: wrong-case
                text: Wrong case.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: shinzo abe met in the kremlin
            """);
        result.Errors().One(Codes.QuoteNotFound.Id).AssertAt(book.Shown("zz.yaml"), 7, 16);
    }

    [Fact]
    public void AmbiguousQuoteIsRjb0304()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: useful
                text: Useful.
                about: [putin]
                cite:
                  - source: tass-2018
                    quote: talks were useful
            """);
        var d = result.Errors().One(Codes.QuoteAmbiguous.Id);
        d.AssertAt(book.Shown("zz.yaml"), 7, 16);
        Assert.StartsWith("the quote occurs 2 times in ", d.Message);
        Assert.EndsWith($"{SeedShown(book, "tass-2018")} (lines 7)", d.Message);
        Assert.Contains("context", d.Hint);
    }

    [Fact]
    public void ContextResolvesAnAmbiguousQuoteToTheOccurrenceItNames()
    {
        using var book = SampleBook.Create();
        foreach (var (context, occurrence) in new[] { ("Putin said the talks were useful", 0), ("The talks were useful, Abe said", 1) })
        {
            book.Yaml("zz.yaml", $"""
                claims:
                  - id: useful
                    text: Useful.
                    about: [putin]
                    cite:
                      - source: tass-2018
                        quote: talks were useful
                        context: {context}
                """);
            var result = book.Check();
            Assert.True(result.Succeeded, result.Diagnostics.Dump());
            var passage = Assert.Single(result.Book!.ClaimById["useful"].Citations).Passage;
            var expected = occurrence == 0
                ? SampleBook.TassText.IndexOf("talks were useful", StringComparison.Ordinal)
                : SampleBook.TassText.LastIndexOf("talks were useful", StringComparison.Ordinal);
            Assert.Equal(expected, passage.Start);
            Assert.Equal(expected + "talks were useful".Length, passage.End);
        }
    }

    [Fact]
    public void QuoteOutsideItsContextIsRjb0307()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: useful
                text: Useful.
                about: [putin]
                cite:
                  - source: tass-2018
                    quote: talks were useful
                    context: agreed to continue talks on a peace treaty
            """);
        result.Errors().One(Codes.ContextMismatch.Id).AssertAt(book.Shown("zz.yaml"), 7, 16);
    }

    [Fact]
    public void ContextThatIsItselfAmbiguousOrMissingIsReportedAtTheContext()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: useful
                text: Useful.
                about: [putin]
                cite:
                  - source: tass-2018
                    quote: talks were useful
                    context: talks were useful
              - id: useful-again
                text: Useful.
                about: [putin]
                cite:
                  - source: tass-2018
                    quote: talks were useful
                    context: Putin said the talks were not useful
            """);
        result.Errors().One(Codes.QuoteAmbiguous.Id).AssertAt(book.Shown("zz.yaml"), 8, 18);
        result.Errors().One(Codes.QuoteNotFound.Id).AssertAt(book.Shown("zz.yaml"), 15, 18);
    }

    [Fact]
    public void QuoteInBoilerplateIsRjb0305()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: subscribe
                text: Subscribe.
                about: [putin]
                cite:
                  - source: tass-2018
                    quote: Subscribe to TASS
              - id: nav
                text: Navigation.
                about: [putin]
                cite:
                  - source: tass-2018
                    quote: All news
            """);
        var errors = result.Errors().Where(e => e.Code == Codes.QuoteInBoilerplate.Id).ToList();
        Assert.Equal(2, errors.Count);
        errors[0].AssertAt(book.Shown("zz.yaml"), 7, 16);
        Assert.Contains("(lines 8-8: Subscription appeal)", errors[0].Message);
        errors[1].AssertAt(book.Shown("zz.yaml"), 13, 16);
        Assert.Contains("(lines 1-1: Site navigation)", errors[1].Message);
        Assert.Equal(2, result.Errors().Count);
    }

    [Fact]
    public void QuoteReachingIntoBoilerplateIsRjb0305()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: straddle
                text: Straddles.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: The talks were useful, Abe said. Subscribe
            """);
        result.Errors().One(Codes.QuoteInBoilerplate.Id);
    }

    private const string CrumbsText =
        "Home > Kuril talks resume\n" +                        // 1: boilerplate
        "Kuril talks resume\n" +                               // 2
        "\n" +
        "Talks on the Kurils resume today, officials said.\n" + // 4
        "Officials said so. Officials said so.\n";             // 5

    private const string CrumbsYaml = """
        sources:
          - id: crumbs-2020
            outlet: X
            headline: Kuril talks resume
            published: 2020
            boilerplate:
              - lines: 1
                reason: Breadcrumb
        """;

    [Fact]
    public void AQuoteAlsoInBoilerplateResolvesToItsArticleOccurrence()
    {
        using var book = SampleBook.Create();
        book.Seed("crumbs-2020", CrumbsText).Yaml("sources/crumbs-2020.yaml", CrumbsYaml + """

            claims:
              - id: crumbs-headline
                text: Talks resume.
                about: [abe]
                cite:
                  - source: crumbs-2020
                    quote: Kuril talks resume
            """);
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var passage = Assert.Single(result.Book!.ClaimById["crumbs-headline"].Citations).Passage;
        Assert.Equal(CrumbsText.IndexOf("\nKuril", StringComparison.Ordinal) + 1, passage.Start);
    }

    [Fact]
    public void OnlyArticleOccurrencesMakeAQuoteAmbiguous()
    {
        using var book = SampleBook.Create();
        book.Seed("crumbs-2020", CrumbsText.Replace("Home > Kuril talks resume", "Officials said so."));
        var result = CheckWith(book, "sources/crumbs-2020.yaml", CrumbsYaml + """

            claims:
              - id: crumbs-said
                text: They said so.
                about: [abe]
                cite:
                  - source: crumbs-2020
                    quote: Officials said so.
            """);
        var d = result.Errors().One(Codes.QuoteAmbiguous.Id);
        Assert.StartsWith("the quote occurs 2 times", d.Message); // the boilerplate line 1 does not count
        Assert.EndsWith("(lines 5)", d.Message);
    }

    // ---- references ------------------------------------------------------------------------------------------

    [Fact]
    public void UnknownEntityInAboutSuggestsTheNearestId()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: typo
                text: A typo.
                about: [putin, abee]
                cite:
                  - source: tass-2018
                    quote: Shinzo Abe met in the Kremlin on Saturday
            """);
        var d = result.Errors().One(Codes.UnknownEntity.Id);
        d.AssertAt(book.Shown("zz.yaml"), 4, 20);
        Assert.Equal("unknown entity 'abee'", d.Message);
        Assert.Equal("did you mean 'abe'?", d.Hint);
    }

    [Fact]
    public void UnknownRelatedEntityIsReported()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            islands:
              - id: habomai
                name: Habomai
                summary: Islets.
                related: [kunashirr]
            """);
        var d = result.Errors().One(Codes.UnknownEntity.Id);
        d.AssertAt(book.Shown("zz.yaml"), 5, 15);
        Assert.Equal("did you mean 'kunashir'?", d.Hint);
    }

    [Fact]
    public void UnknownSourceInACitationSuggestsTheNearestSource()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: wrong-source
                text: Wrong source.
                about: [abe]
                cite:
                  - source: tass-2019
                    quote: Shinzo Abe met in the Kremlin on Saturday
            """);
        var d = result.Errors().One(Codes.UnknownSource.Id);
        d.AssertAt(book.Shown("zz.yaml"), 6, 17);
        Assert.Equal("did you mean 'tass-2018'?", d.Hint);
    }

    [Fact]
    public void SourceAnnotationWithoutASeedIsRjb0302()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            sources:
              - id: reuters-2019
                outlet: Reuters
                headline: Nothing
                published: 2019
            """);
        result.Errors().One(Codes.UnknownSource.Id).AssertAt(book.Shown("zz.yaml"), 2, 9);
    }

    [Fact]
    public void DuplicateEntityIdAcrossFilesReportsBothPlaces()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            leaders:
              - id: kunashir
                name: Not an island
                summary: Clash.
            """);
        var d = result.Errors().One(Codes.DuplicateId.Id);
        d.AssertAt(book.Shown("zz.yaml"), 2, 9);
        Assert.Contains("'kunashir'", d.Message);
        Assert.Equal($"first at {book.Shown("entities.yaml")}(2,9)", d.Hint);
        Assert.Contains($"{book.Shown("zz.yaml")}(2,9)", d.ToString());
        Assert.Contains($"{book.Shown("entities.yaml")}(2,9)", d.ToString());
    }

    [Fact]
    public void DuplicateClaimIdReportsBothPlaces()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: moscow-meeting
                text: Said twice.
                about: [abe]
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
            """);
        var d = result.Errors().One(Codes.DuplicateId.Id);
        d.AssertAt(book.Shown("zz.yaml"), 2, 9);
        Assert.Equal($"first at {book.Shown("sources/tass-2018.yaml")}(15,9)", d.Hint);
    }

    [Fact]
    public void ParticipantOfTheWrongKindIsRjb0204()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", """
            meetings:
              - id: island-summit
                name: Island summit
                summary: Cannot have an island at the table.
                participants: [abe, kunashir]
            """);
        var d = result.Errors().One(Codes.WrongKind.Id);
        d.AssertAt(book.Shown("zz.yaml"), 5, 25);
        Assert.Contains("'kunashir'", d.Message);
        Assert.Contains("leaders or people", d.Message);
    }

    [Fact]
    public void UnknownKeyFactIsRjb0205WithASuggestion()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "book.yaml", """
            book:
              title: T
              summary: S
              key_facts: [moscow-meeting, inherent-teritory]
            """);
        var d = result.Errors().One(Codes.UnknownClaim.Id);
        d.AssertAt(book.Shown("book.yaml"), 4, 31);
        Assert.Equal("did you mean 'inherent-territory'?", d.Hint);
    }

    [Fact]
    public void KeyFactNamingABrokenClaimIsNotReportedTwice()
    {
        using var book = SampleBook.Create();
        book.Yaml("book.yaml", "book:\n  title: T\n  summary: S\n  key_facts: [broken]\n");
        var result = CheckWith(book, "zz.yaml", """
            claims:
              - id: broken
                text: Broken.
                about: [abe]
                date: 2018-02-30
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
            """);
        Assert.Equal(Codes.InvalidDate.Id, Assert.Single(result.Errors()).Code);
    }

    [Fact]
    public void MissingBookSectionIsReportedAgainstTheContentFolder()
    {
        using var book = SampleBook.Create();
        book.Delete("book.yaml");
        var result = book.Check();
        Assert.False(result.Succeeded);
        var d = result.Errors().One(Codes.MissingField.Id);
        Assert.Equal(PathDisplay.Relative(book.Content), d.Location.Path);
        Assert.Equal(0, d.Location.Line);
        Assert.Contains("'book'", d.Message);
    }

    [Fact]
    public void BookInTwoFilesIsRjb0107()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", "book:\n  title: Again\n  summary: S\n");
        var d = result.Errors().One(Codes.BookTwice.Id);
        d.AssertAt(book.Shown("zz.yaml"), 2, 3);
        Assert.Contains(book.Shown("book.yaml"), d.Hint);
    }

    [Fact]
    public void BoilerplatePastTheEndOfTheSeedIsRjb0503()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "sources/tass-2018.yaml", SampleBook.TassYaml.Replace("- lines: 8-", "- lines: 50-"));
        var d = result.Errors().One(Codes.InvalidLineRange.Id);
        d.AssertAt(book.Shown("sources/tass-2018.yaml"), 11, 16);
        Assert.Contains("has 8 lines", d.Message);
    }

    // ---- disagreements, summary citations, uncited passages -----------------------------------------------------

    [Fact]
    public void DisagreementNamingAnUnknownClaimIsRjb0205()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "disagreements.yaml", SampleBook.DisagreementsYaml.Replace("[talks-useful, peace-treaty-talks]", "[talks-usefull, peace-treaty-talks]"));
        var d = result.Errors().One(Codes.UnknownClaim.Id);
        d.AssertAt(book.Shown("disagreements.yaml"), 5, 14);
        Assert.Equal("did you mean 'talks-useful'?", d.Hint);
    }

    [Fact]
    public void DisagreementWithOneClaimIsRejected()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "disagreements.yaml", SampleBook.DisagreementsYaml.Replace("[talks-useful, peace-treaty-talks]", "[talks-useful, talks-useful]"));
        result.Errors().One(Codes.TooFewClaims.Id).AssertAt(book.Shown("disagreements.yaml"), 2, 5);
    }

    [Fact]
    public void DisagreementAboutAnUnknownEntityIsRjb0203()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "disagreements.yaml", SampleBook.DisagreementsYaml.Replace("[moscow-talks-2018, putin]", "[moscow-talks-2018, puttin]"));
        var d = result.Errors().One(Codes.UnknownEntity.Id);
        d.AssertAt(book.Shown("disagreements.yaml"), 4, 32);
        Assert.Equal("did you mean 'putin'?", d.Hint);
    }

    [Fact]
    public void SummaryCitationIsVerifiedLikeAClaims()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "entities.yaml", SampleBook.EntitiesYaml.Replace("quote: Shikotan and the Habomai islets", "quote: Shikotan and the Habomai islands"));
        var d = result.Errors().One(Codes.QuoteNotFound.Id);
        Assert.Equal(book.Shown("entities.yaml"), d.Location.Path);
        Assert.Contains("Habomai islands", d.Message);
    }

    [Fact]
    public void SummaryCitationsAreResolved()
    {
        using var book = SampleBook.Create();
        var result = book.Check();
        var citation = Assert.Single(result.Book!.EntityById["shikotan"].SummaryCitations!);
        Assert.Equal("Shikotan and the Habomai islets", SampleBook.KyodoText[citation.Passage.Start..citation.Passage.End]);
    }

    private static string WithUncited(string entries) =>
        SampleBook.TassYaml.Replace("        reason: Subscription appeal\n", "        reason: Subscription appeal\n    uncited:\n" + entries);

    [Fact]
    public void UncitedPassagesAreLocatedLikeQuotes()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "sources/tass-2018.yaml", WithUncited(
            "      - quote: Abe and Putin meet in Moscow\n        reason: Headline\n" +   // lines 14-15
            "      - quote: MOSCOW, May 27\n        reason: Dateline\n"));             // lines 16-17
        result.Errors().One(Codes.QuoteNotFound.Id).AssertAt(book.Shown("sources/tass-2018.yaml"), 16, 16);
        Assert.Single(result.Errors());
    }

    [Fact]
    public void UncitedPassageNeedsAReason()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "sources/tass-2018.yaml", WithUncited("      - quote: Abe and Putin meet in Moscow\n"));
        var d = result.Errors().One(Codes.MissingField.Id);
        d.AssertAt(book.Shown("sources/tass-2018.yaml"), 14, 9);
        Assert.Contains("'reason'", d.Message);
    }

    [Fact]
    public void ExplainedUncitedPassagesAreRecordedOnTheSource()
    {
        using var book = SampleBook.Create();
        book.Yaml("sources/tass-2018.yaml", WithUncited("      - quote: Abe and Putin meet in Moscow\n        reason: Headline\n"));
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var uncited = Assert.Single(result.Book!.SourceById["tass-2018"].Info!.Uncited);
        Assert.Equal("Headline", uncited.Reason);
        Assert.Equal(SampleBook.TassText.IndexOf("Abe and Putin meet", StringComparison.Ordinal), uncited.Passage.Start);
    }

    // ---- claims dated after their source (RJB0402) ------------------------------------------------------------

    private static string DatedClaim(string date, string extra = "") => $"""
        claims:
          - id: later-claim
            text: Something after the article.
            about: [abe]
            date: {date}{extra}
            cite:
              - source: tass-2018
                quote: agreed to continue talks on a peace treaty
        """;

    [Fact]
    public void ClaimDatedAfterItsSourceIsAWarning()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", DatedClaim("2018-05-27"));
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var d = result.Diagnostics.One(Codes.DatedAfterSource.Id);
        Assert.Equal(Severity.Warning, d.Severity);
        d.AssertAt(book.Shown("zz.yaml"), 2, 9);
        Assert.Contains("2018-05-26", d.Message);
    }

    [Fact]
    public void PlannedClaimDatedAfterItsSourceIsFine()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", DatedClaim("2018-09", "\n    planned: true"));
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == Codes.DatedAfterSource.Id);
        Assert.True(result.Book!.ClaimById["later-claim"].Planned);
    }

    [Theory]
    [InlineData("2018-05-26")]
    [InlineData("2018-05")]
    [InlineData("2018")]
    [InlineData("2018-05-20/2018-05-26")]
    public void ClaimDatedOnOrBeforeItsSourceIsNotWarned(string date)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", DatedClaim(date));
        Assert.DoesNotContain(book.Check().Diagnostics, d => d.Code == Codes.DatedAfterSource.Id);
    }

    // A source known only to the month (or year) may have appeared on its last day: a claim dated inside that
    // period is not "after" the source. Only a claim that starts after the period ends is.
    [Theory]
    [InlineData("2018-05", "2018-05-20")]
    [InlineData("2018-05", "2018-05-31")]
    [InlineData("2018", "2018-03-01")]
    [InlineData("2018", "2018-12")]
    public void ClaimInsideAnImpreciseSourcePeriodIsNotWarned(string published, string date)
    {
        using var book = SampleBook.Create();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("published: 2018-05-26", $"published: {published}"));
        book.Yaml("zz.yaml", DatedClaim(date));
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var warning = result.Diagnostics.FirstOrDefault(d => d.Code == Codes.DatedAfterSource.Id && d.Location.Path == book.Shown("zz.yaml"));
        Assert.True(warning is null, $"false positive: {warning}");
    }

    [Theory]
    [InlineData("2018-05", "2018-06-01")]
    [InlineData("2018", "2019")]
    public void ClaimAfterAnImpreciseSourcePeriodIsWarned(string published, string date)
    {
        using var book = SampleBook.Create();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("published: 2018-05-26", $"published: {published}"));
        book.Yaml("zz.yaml", DatedClaim(date));
        book.Check().Diagnostics.Where(d => d.Location.Path == book.Shown("zz.yaml")).One(Codes.DatedAfterSource.Id);
    }

    // ---- seeds ---------------------------------------------------------------------------------------------

    [Fact]
    public void SeedThatIsNotUtf8IsRjb0501()
    {
        using var book = SampleBook.Create();
        File.WriteAllBytes(Path.Combine(book.Seeds, "latin1.txt"), [0x4B, 0x75, 0x72, 0x69, 0x6C, 0xE9, 0x0A]);
        var result = book.Check();
        Assert.False(result.Succeeded);
        var d = result.Errors().One(Codes.UnreadableSource.Id);
        Assert.Equal(SeedShown(book, "latin1"), d.Location.Path);
    }

    [Fact]
    public void BinarySeedIsRjb0501()
    {
        using var book = SampleBook.Create();
        File.WriteAllBytes(Path.Combine(book.Seeds, "binary.txt"), [0x50, 0x4B, 0x00, 0x03]);
        Assert.Contains("NUL", book.Check().Errors().One(Codes.UnreadableSource.Id).Message);
    }

    [Fact]
    public void SeedWithAControlCharacterIsRjb0501AtTheCharacter()
    {
        using var book = SampleBook.Create();
        book.Seed("bell", "Line one\nAB\u0007C\n");
        var d = book.Check().Errors().One(Codes.UnreadableSource.Id);
        d.AssertAt(SeedShown(book, "bell"), 2, 3);
        Assert.Contains("U+0007", d.Message);
    }

    [Fact]
    public void EmptySeedIsRjb0501()
    {
        using var book = SampleBook.Create();
        book.Seed("blank", " \n\n");
        var d = book.Check().Errors().One(Codes.UnreadableSource.Id);
        Assert.Equal(SeedShown(book, "blank"), d.Location.Path);
        Assert.Contains("empty", d.Message);
    }

    [Fact]
    public void NoSeedsIsRjb0504()
    {
        using var book = new TempBook();
        book.Yaml("book.yaml", SampleBook.BookYaml);
        book.Check().Errors().One(Codes.NoSeeds.Id);
        Directory.Delete(book.Seeds);
        book.Check().Errors().One(Codes.NoSeeds.Id);
    }

    // ---- all errors together, and how they print -------------------------------------------------------------

    private const string ThreeErrors = """
        islands:
          - id: habomai
            name: Habomai
            summary: Islets.
            aliases: [Habomai islets]
            relatd: [shikotan]
        claims:
          - id: habomai-date
            text: Something.
            about: [habomai]
            date: 2018-02-30
            cite:
              - source: tass-2018
                quote: Shinzo Abe met in the Kremlin
          - id: habomai-quote
            text: Something else.
            about: [shikotan, habomai]
            cite:
              - source: tass-2018
                quote: Nothing like this was said
        """;

    [Fact]
    public void EveryErrorOfARunIsReportedTogether()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", ThreeErrors);
        var errors = result.Errors();
        Assert.Equal(3, errors.Count);
        var shown = book.Shown("zz.yaml");
        errors[0].AssertAt(shown, 6, 5);
        Assert.Equal(Codes.UnknownKey.Id, errors[0].Code);
        Assert.Equal("did you mean 'related'?", errors[0].Hint);
        errors[1].AssertAt(shown, 11, 11);
        Assert.Equal(Codes.InvalidDate.Id, errors[1].Code);
        errors[2].AssertAt(shown, 20, 16);
        Assert.Equal(Codes.QuoteNotFound.Id, errors[2].Code);
    }

    [Fact]
    public void ErrorsInSeveralFilesAreAllReportedSortedByFileAndLine()
    {
        using var book = SampleBook.Create();
        book.Yaml("aa.yaml", "islands:\n  - id: UPPER\n    name: U\n    summary: S\n");
        var result = CheckWith(book, "zz.yaml", ThreeErrors);
        var errors = result.Errors();
        Assert.Equal(4, errors.Count);
        Assert.Equal(book.Shown("aa.yaml"), errors[0].Location.Path);
        Assert.Equal(Codes.InvalidId.Id, errors[0].Code);
        Assert.Equal(result.Diagnostics, result.Diagnostics
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column));
    }

    [Fact]
    public void DiagnosticsPrintLikeCompilerMessages()
    {
        using var book = SampleBook.Create();
        var result = CheckWith(book, "zz.yaml", ThreeErrors);
        var pattern = new Regex(@"^(?<path>[^()]+)\((?<line>[1-9]\d*),(?<col>[1-9]\d*)\): error (?<code>RJB\d{4}): \S.*$");
        foreach (var e in result.Errors())
        {
            var m = pattern.Match(e.ToString());
            Assert.True(m.Success, $"badly formatted: {e}");
            Assert.Equal(book.Shown("zz.yaml"), m.Groups["path"].Value);
            Assert.Equal(e.Code, m.Groups["code"].Value);
        }
        var quote = result.Errors().Single(e => e.Code == Codes.QuoteNotFound.Id);
        Assert.Equal(
            $"{book.Shown("zz.yaml")}(20,16): error RJB0303: the quote is not in {SeedShown(book, "tass-2018")}: \"Nothing like this was said\" (copy the passage verbatim from the source)",
            quote.ToString());
    }

    [Fact]
    public void DiagnosticToStringHandlesWholeFilesWarningsAndMissingHints()
    {
        Assert.Equal("content/a.yaml(3,7): error RJB0303: gone (look again)",
            new Diagnostic(Codes.QuoteNotFound, new Location("content/a.yaml", 3, 7), "gone", "look again").ToString());
        Assert.Equal("content/a.yaml(3,1): error RJB0101: bad",
            new Diagnostic(Codes.YamlSyntax, new Location("content/a.yaml", 3), "bad").ToString());
        Assert.Equal("seeds/x.txt: warning RJB0502: not yet annotated",
            new Diagnostic(Codes.NotYetAnnotated, new Location("seeds/x.txt"), "not yet annotated").ToString());
    }

    // ---- the resolver on its own -------------------------------------------------------------------------------

    [Fact]
    public void ResolverWorksOnInMemorySeedsAndReturnsNullOnError()
    {
        var seeds = new SeedFolder([new Seed("s1", "seeds/s1.txt", new SeedText("Line one.\nPutin met Abe in Nagato.\n"))], new Dictionary<string, string>());
        var good = """
            book: { title: T, summary: S, key_facts: [met] }
            sources:
              - { id: s1, outlet: O, headline: H, published: 2016-12-15 }
            leaders:
              - { id: abe, name: Abe, summary: S }
            claims:
              - id: met
                text: They met.
                about: [abe]
                cite: [{ source: s1, quote: "Putin met Abe" }]
            """;
        var bag = new DiagnosticBag();
        var book = BookResolver.Resolve(seeds, AnnotationLoader.LoadText("c.yaml", good, bag), "content", bag);
        Assert.Empty(bag.Sorted());
        Assert.NotNull(book);
        var passage = book!.ClaimById["met"].Citations[0].Passage;
        Assert.Equal(new Passage("s1", 10, 23), passage);
        Assert.Equal("q10-23", passage.Anchor);

        // the same source annotated twice: the second is reported, pointing at the first
        var bag2 = new DiagnosticBag();
        var annotations = AnnotationLoader.LoadText("c.yaml",
            good.Replace("sources:\n", "sources:\n  - { id: s1, outlet: O2, headline: H2, published: 2016 }\n"), bag2);
        Assert.Null(BookResolver.Resolve(seeds, annotations, "content", bag2));
        var d = bag2.Sorted().One(Codes.DuplicateId.Id);
        d.AssertAt("c.yaml", 4, 11);
        Assert.Equal("first at c.yaml(3,11)", d.Hint);
    }
}
