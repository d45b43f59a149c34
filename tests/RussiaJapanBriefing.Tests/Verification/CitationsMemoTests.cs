using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The command line's file of where the last published book's citations stand (CitationsMemo) is only a saving: it
/// keeps each claim's places as resolving found them, and one that is damaged, of another build of rjb, or written
/// after another build than the one asked about is not read, nor one whose counts do not fit its bytes.
/// </summary>
public class CitationsMemoTests
{
    private static readonly UInt128 Build = 7;

    /// <summary>The sample book resolved, with the annotations it was resolved from: one of its quotes reads otherwise than its source.</summary>
    private static (AnnotationSet Annotations, BriefingBook Book) Resolved()
    {
        using var sample = SampleBook.Create();
        var bag = new DiagnosticBag();
        var annotations = AnnotationLoader.Load(sample.Options.Content, bag);
        var book = BookResolver.Resolve(SeedLoader.Load(sample.Options.Seeds, bag), annotations, sample.Options.Content, bag);
        Assert.True(book is not null, bag.Sorted().Dump());
        return (annotations, book!);
    }

    [Fact]
    public void EachClaimsPlacesAreKeptAsResolvingFoundThem()
    {
        using var cache = new TempDir();
        var (annotations, book) = Resolved();
        Assert.True(CitationsMemo.Save(cache.Path, "out", "engine", Build, annotations.Claims, book.Claims));
        var kept = CitationsMemo.Load(cache.Path, "out", "engine", Build);
        Assert.NotNull(kept);
        Assert.Equal(book.Claims.Count, kept.Claims);
        var verbatim = 0;
        for (var i = 0; i < book.Claims.Count; i++)
        {
            var citations = book.Claims[i].Citations;
            Assert.Equal(citations.Count, kept.First[i + 1] - kept.First[i]);
            for (var j = 0; j < citations.Count; j++)
            {
                var (start, end, text) = kept.Places[kept.First[i] + j];
                Assert.Equal((citations[j].Passage.Start, citations[j].Passage.End), (start, end));
                // Only a quote that does not read exactly as its source keeps the source's text.
                var quote = annotations.Claims[i].Citations[j].Quote.Value;
                Assert.Equal(citations[j].Quote == quote ? null : citations[j].Quote, text);
                if (text is not null) verbatim++;
            }
        }
        Assert.True(verbatim > 0, "no quote of the sample book reads otherwise than its source: the kept source text is untested");
    }

    [Fact]
    public void ClaimsThatDoNotLineUpWithTheirAnnotationsAreNotKept()
    {
        using var cache = new TempDir();
        var (annotations, book) = Resolved();
        Assert.True(CitationsMemo.Save(cache.Path, "out", "engine", Build, annotations.Claims.Skip(1).ToList(), book.Claims));
        Assert.False(File.Exists(CitationsMemo.FileOf(cache.Path, "out")));
    }

    [Theory]
    [MemberData(nameof(CacheFileDamage.ForABuild), MemberType = typeof(CacheFileDamage))]
    public void AFileNotAsWrittenForThatBuildIsNotRead(string damage)
    {
        using var cache = new TempDir();
        var (annotations, book) = Resolved();
        Assert.True(CitationsMemo.Save(cache.Path, "out", "engine", Build, annotations.Claims, book.Claims));
        Assert.NotNull(CitationsMemo.Load(cache.Path, "out", "engine", Build));

        var (engine, build) = CacheFileDamage.ApplyForABuild(CitationsMemo.FileOf(cache.Path, "out"), damage, CitationsMemo.Magic, "engine", Build);
        Assert.Null(CitationsMemo.Load(cache.Path, "out", engine, build));
    }

    /// <summary>
    /// Frames intact but made by hand: a count of claims or citations larger than the file, or a place before its
    /// source's start, is refused; the same frame with nothing wrong in it is read, so each refusal is the fault's alone.
    /// </summary>
    [Theory]
    [InlineData("nothing")]
    [InlineData("claims counted past the file")]
    [InlineData("citations counted past the file")]
    [InlineData("a place before the start")]
    [InlineData("bytes after the last claim")]
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
            if (fault == "bytes after the last claim") writer.Write((byte)0);
        });
        var kept = CitationsMemo.Load(cache.Path, "out", "engine", Build);
        if (fault != "nothing")
        {
            Assert.Null(kept);
            return;
        }
        Assert.NotNull(kept);
        Assert.Equal([0, 1, 1], kept.First);
        Assert.Equal((10, 14, "“it”"), Assert.Single(kept.Places));
    }
}
