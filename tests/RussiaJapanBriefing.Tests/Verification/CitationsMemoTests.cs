using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The command line's file of where the last published book's citations stand (CitationsMemo) is only a saving: it
/// keeps each claim's, entity summary's and uncited passage's places as resolving found them, and one that is damaged,
/// of another build of rjb, or written after another build than the one asked about is not read, nor one whose counts
/// do not fit its bytes.
/// </summary>
public class CitationsMemoTests
{
    private static readonly UInt128 Build = 7;

    /// <summary>The sample book resolved, with the annotations it was resolved from: one of its quotes reads otherwise than its source.</summary>
    private static (AnnotationSet Annotations, BriefingBook Book) Resolved()
    {
        using var sample = SampleBook.Create();
        return Resolved(sample.Options.Seeds, sample.Options.Content);
    }

    /// <summary>The book in <paramref name="seeds"/> and <paramref name="content"/> resolved, with the annotations it was resolved from.</summary>
    private static (AnnotationSet Annotations, BriefingBook Book) Resolved(string seeds, string content)
    {
        var bag = new DiagnosticBag();
        var annotations = AnnotationLoader.Load(content, bag);
        var book = BookResolver.Resolve(SeedLoader.Load(seeds, bag), annotations, content, bag);
        Assert.True(book is not null, bag.Sorted().Dump());
        return (annotations, book!);
    }

    /// <summary>The places of <paramref name="book"/> saved to a cache folder and read back.</summary>
    private static CitationsMemo.Kept SavedAndRead(AnnotationSet annotations, BriefingBook book)
    {
        using var cache = new TempDir();
        Assert.True(CitationsMemo.Save(cache.Path, "out", "engine", Build, annotations, book));
        var kept = CitationsMemo.Load(cache.Path, "out", "engine", Build);
        Assert.NotNull(kept);
        return kept;
    }

    /// <summary>Each record's places in <paramref name="places"/> are its citations' as resolved; how many keep the source's own text.</summary>
    private static int AssertKept(CitationsMemo.Places places, IReadOnlyList<IReadOnlyList<Citation>> resolved, IReadOnlyList<IReadOnlyList<CitationAnnotation>> annotated)
    {
        Assert.Equal(resolved.Count, places.Records);
        var verbatim = 0;
        for (var i = 0; i < resolved.Count; i++)
        {
            var citations = resolved[i];
            Assert.Equal(citations.Count, places.First[i + 1] - places.First[i]);
            for (var j = 0; j < citations.Count; j++)
            {
                var (start, end, text) = places.At[places.First[i] + j];
                Assert.Equal((citations[j].Passage.Start, citations[j].Passage.End), (start, end));
                // Only a quote that does not read exactly as its source keeps the source's text.
                var quote = annotated[i][j].Quote.Value;
                Assert.Equal(citations[j].Quote == quote ? null : citations[j].Quote, text);
                if (text is not null) verbatim++;
            }
        }
        return verbatim;
    }

    [Fact]
    public void EachClaimAndSummaryKeepsItsPlacesAsResolvingFoundThem()
    {
        var (annotations, book) = Resolved();
        var kept = SavedAndRead(annotations, book);
        var verbatim = AssertKept(kept.Claims, [.. book.Claims.Select(c => c.Citations)], [.. annotations.Claims.Select(c => c.Citations)]);
        Assert.True(verbatim > 0, "no quote of the sample book reads otherwise than its source: the kept source text is untested");
        // Every entity annotation in its order, those whose summary cites nothing with no places.
        AssertKept(kept.Summaries, [.. annotations.Entities.Select(e => book.EntityById[e.Id.Value].SummaryCitations ?? [])],
            [.. annotations.Entities.Select(e => e.Citations)]);
        Assert.Contains(annotations.Entities, e => e.Citations.Count > 0);
    }

    [Fact]
    public void EachSourcesUncitedPassagesAreKeptInTheOrderOfTheirAnnotations()
    {
        // The repository's own book: its sources mark passages as uncited.
        var (annotations, book) = Resolved(Repo.Seeds, Repo.Content);
        var kept = SavedAndRead(annotations, book);
        Assert.Equal(annotations.Sources.Count, kept.Uncited.Records);
        var places = 0;
        for (var i = 0; i < annotations.Sources.Count; i++)
        {
            var uncited = book.SourceById[annotations.Sources[i].Id.Value].Info!.Uncited;
            Assert.Equal(uncited.Select(u => (u.Passage.Start, u.Passage.End, (string?)null)),
                kept.Uncited.At[kept.Uncited.First[i]..kept.Uncited.First[i + 1]]);
            places += uncited.Count;
        }
        Assert.True(places > 0, "the real book marks no passage as uncited: the kept places are untested");
    }

    [Fact]
    public void RecordsThatDoNotLineUpWithTheirAnnotationsAreNotKept()
    {
        using var cache = new TempDir();
        var (annotations, book) = Resolved();
        Assert.True(CitationsMemo.Save(cache.Path, "out", "engine", Build, annotations with { Claims = [.. annotations.Claims.Skip(1)] }, book));
        Assert.False(File.Exists(CitationsMemo.FileOf(cache.Path, "out")));
        // An entity whose summary cites otherwise than its annotation.
        Assert.True(CitationsMemo.Save(cache.Path, "out", "engine", Build, annotations with { Entities = [.. annotations.Entities.Select(e => e with { Citations = [] })] }, book));
        Assert.False(File.Exists(CitationsMemo.FileOf(cache.Path, "out")));
    }

    [Theory]
    [MemberData(nameof(CacheFileDamage.ForABuild), MemberType = typeof(CacheFileDamage))]
    public void AFileNotAsWrittenForThatBuildIsNotRead(string damage)
    {
        using var cache = new TempDir();
        var (annotations, book) = Resolved();
        Assert.True(CitationsMemo.Save(cache.Path, "out", "engine", Build, annotations, book));
        Assert.NotNull(CitationsMemo.Load(cache.Path, "out", "engine", Build));

        var (engine, build) = CacheFileDamage.ApplyForABuild(CitationsMemo.FileOf(cache.Path, "out"), damage, CitationsMemo.Magic, "engine", Build);
        Assert.Null(CitationsMemo.Load(cache.Path, "out", engine, build));
    }

    /// <summary>
    /// Frames intact but made by hand: a count of records or citations larger than the file, or a place before its
    /// source's start, is refused; the same frame with nothing wrong in it is read, so each refusal is the fault's alone.
    /// </summary>
    [Theory]
    [InlineData("nothing")]
    [InlineData("claims counted past the file")]
    [InlineData("citations counted past the file")]
    [InlineData("a place before the start")]
    [InlineData("summaries counted past the file")]
    [InlineData("no uncited passages")]
    [InlineData("bytes after the last source")]
    public void AFileWhoseCountsOrPlacesDoNotFitIsNotRead(string fault)
    {
        using var cache = new TempDir();
        CheckedFile.Write(CitationsMemo.FileOf(cache.Path, "out"), CitationsMemo.Magic, CitationsMemo.Version, writer =>
        {
            writer.Write("engine");
            writer.WriteKey(Build);
            writer.Write(fault == "claims counted past the file" ? int.MaxValue : 2);
            writer.Write7BitEncodedInt(fault == "citations counted past the file" ? 1_000_000 : 1); // the first claim: one citation
            writer.Write7BitEncodedInt(fault == "a place before the start" ? -5 : 10);
            writer.Write7BitEncodedInt(4);
            writer.Write(true);
            writer.Write("“it”");
            writer.Write7BitEncodedInt(0); // the second: none
            writer.Write(fault == "summaries counted past the file" ? 1_000 : 1);
            writer.Write7BitEncodedInt(0); // the one entity's summary cites nothing
            if (fault == "no uncited passages") return;
            writer.Write(1);
            writer.Write7BitEncodedInt(1); // the one source: a passage uncited
            writer.Write7BitEncodedInt(20);
            writer.Write7BitEncodedInt(6);
            writer.Write(false);
            if (fault == "bytes after the last source") writer.Write((byte)0);
        });
        var kept = CitationsMemo.Load(cache.Path, "out", "engine", Build);
        if (fault != "nothing")
        {
            Assert.Null(kept);
            return;
        }
        Assert.NotNull(kept);
        Assert.Equal([0, 1, 1], kept.Claims.First);
        Assert.Equal((10, 14, "“it”"), Assert.Single(kept.Claims.At));
        Assert.Equal([0, 0], kept.Summaries.First);
        Assert.Equal((20, 26, (string?)null), Assert.Single(kept.Uncited.At));
    }
}
