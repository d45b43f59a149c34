using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's page tracker takes a read's hash from the last published book when the read answers with the very same
/// record instances there (BriefingBook.Same), and hashes it otherwise. A read that an edit changed must never be
/// taken as the same; a read the edit left alone should be, or every save hashes the whole book again.
/// </summary>
public class BookIdentityTests
{
    [Fact]
    public void AReadOfReusedRecordsIsTheSameAndAReadOfAnEditedRecordIsNot()
    {
        using var book = new PublishingBook();
        var parsed = new ParsedFiles();
        var records = new ResolvedRecords();
        BriefingBook Resolve()
        {
            var bag = new DiagnosticBag();
            var options = book.Options(cache: true);
            var resolved = BookResolver.Resolve(SeedLoader.Load(options.Seeds, bag), AnnotationLoader.Load(options.Content, bag, parsed),
                options.Content, bag, memo: null, records: records);
            Assert.True(resolved is not null, bag.Sorted().Dump());
            return resolved!;
        }

        var before = Resolve();
        var again = Resolve();
        foreach (var table in new[] { "Claims", "ClaimById", "Chronology", "ClaimsAbout", "ClaimsCiting", "SummariesCiting", "SourceById", "EntityById", "PassagesBySource" })
            Assert.True(again.Same(before, new BookRead(table, null)), $"{table} of an unchanged book");

        var yaml = SampleBook.ContentFiles.Single(f => f.Path == "sources/tass-2018.yaml").Yaml;
        book.Book.Yaml("sources/tass-2018.yaml", yaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks fruitful.", StringComparison.Ordinal));
        var edited = Resolve();

        Assert.False(edited.Same(before, new BookRead("ClaimById", "talks-useful")));
        Assert.False(edited.Same(before, new BookRead("Claims", null)));
        Assert.False(edited.Same(before, new BookRead("Chronology", null)));
        Assert.False(edited.Same(before, new BookRead("ClaimsAbout", "putin")));
        Assert.False(edited.Same(before, new BookRead("ClaimsAbout", null)));
        Assert.False(edited.Same(before, new BookRead("ClaimsCiting", "tass-2018")));
        // A claim in another file, the entities and the sources are the same instances.
        Assert.True(edited.Same(before, new BookRead("ClaimById", "leaders-have-met")));
        Assert.True(edited.Same(before, new BookRead("ClaimsAbout", "kunashir")));
        Assert.True(edited.Same(before, new BookRead("EntityById", null)));
        Assert.True(edited.Same(before, new BookRead("SourceById", "tass-2018")));
        Assert.True(edited.Same(before, new BookRead("ClaimById", "no-such-claim")));
        // The book's settings are no table: always hashed.
        Assert.False(edited.Same(before, new BookRead("", null)));
    }

    /// <summary>
    /// serve asks only the reads BriefingBook.Changed names, and takes every other read as unchanged: so it must name
    /// every read a page made that does not answer with the same instances, whatever the edit (a claim's text in place,
    /// a claim added, a source's headline, an entity's name, a date that moves a claim in the chronology).
    /// </summary>
    [Theory]
    [InlineData("sources/tass-2018.yaml", "text: Putin called the talks useful.", "text: Putin called the talks fruitful.")]
    [InlineData("sources/tass-2018.yaml", "  - id: talks-useful\n", "  - id: talks-new\n    text: A new claim.\n    about: [putin]\n    cite:\n      - source: tass-2018\n        quote: agreed to continue talks on a peace treaty\n  - id: talks-useful\n")]
    [InlineData("sources/tass-2018.yaml", "    date: 2018-05\n", "    date: 2016-05\n")]
    [InlineData("sources/kyodo-2016.yaml", "headline: Putin visits Nagato for talks with Abe", "headline: Putin visits Nagato")]
    [InlineData("entities.yaml", "    name: Kunashir\n", "    name: Kunashiri\n")]
    public void EveryReadAnEditChangedIsNamedAsChanged(string file, string from, string to)
    {
        using var book = new PublishingBook();
        var parsed = new ParsedFiles();
        var records = new ResolvedRecords();
        var options = book.Options(cache: true);
        BriefingBook Resolve()
        {
            var bag = new DiagnosticBag();
            var resolved = BookResolver.Resolve(SeedLoader.Load(options.Seeds, bag), AnnotationLoader.Load(options.Content, bag, parsed),
                options.Content, bag, memo: null, records: records);
            Assert.True(resolved is not null, bag.Sorted().Dump());
            return resolved!;
        }
        // Every read the site's outputs make, as a page would record it.
        IReadOnlyCollection<BookRead> ReadsOf(BriefingBook resolved)
        {
            var bag = new DiagnosticBag();
            var reads = new BookReads();
            resolved.Record(reads);
            using (var site = SiteWriter.Nowhere())
                Outputs.WriteAll(new SiteContext(resolved, Theme.Load(options.Theme, bag)!, null, false, Publishing: false), site, bag);
            resolved.Record(null);
            return reads.Stray;
        }

        var before = Resolve();
        var allBefore = ReadsOf(before);
        Assert.Empty(Resolve().Changed(before));

        var yaml = SampleBook.ContentFiles.Single(f => f.Path == file).Yaml;
        Assert.Contains(from, yaml, StringComparison.Ordinal);
        book.Book.Yaml(file, yaml.Replace(from, to, StringComparison.Ordinal));
        var edited = Resolve();
        var changed = edited.Changed(before);

        var differ = allBefore.Concat(ReadsOf(edited)).Distinct().Where(read => !edited.Same(before, read)).ToList();
        Assert.NotEmpty(differ);
        Assert.All(differ, read => Assert.Contains(read, changed));
    }

    [Fact]
    public void BooksResolvedWithoutSharingRecordsAreNeverTheSame()
    {
        using var book = new PublishingBook();
        BriefingBook Resolve()
        {
            var bag = new DiagnosticBag();
            var options = book.Options();
            return BookResolver.Resolve(SeedLoader.Load(options.Seeds, bag), AnnotationLoader.Load(options.Content, bag), options.Content, bag)!;
        }

        var first = Resolve();
        var second = Resolve();
        Assert.False(second.Same(first, new BookRead("ClaimById", "talks-useful")));
        Assert.False(second.Same(first, new BookRead("Claims", null)));
        Assert.False(second.Same(first, new BookRead("ClaimsAbout", "putin")));
    }
}
