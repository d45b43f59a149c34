using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve keeps the search documents between saves and patches them (SearchIndex.Kept): after any sequence of edits the
/// documents are those made afresh from the same book, a document whose record the edit left alone is the very same
/// instance, and every save records what places the claims (each first topic's layout and entity), as a fresh one does.
/// </summary>
public class SearchDocumentsKeptTests
{
    [Fact]
    public void KeptDocumentsEqualFreshOnesAfterEveryEdit()
    {
        // The hot-topic book: its busiest topics are split into year pages, so claims move between pages.
        using var root = new TempDir("rjb-search-kept-");
        SyntheticBook.HotTopic.Write(Repo.Content, Repo.Seeds, IncrementalEquivalenceTests.SplitCopies, root.Path);
        var bag = new DiagnosticBag();
        var book = BookResolver.Resolve(SeedLoader.Load(root.Combine("seeds"), bag), AnnotationLoader.Load(root.Combine("content"), bag),
            root.Combine("content"), bag);
        Assert.True(book is not null, bag.Sorted().Dump());
        var kept = new SearchIndex.Kept();
        var before = Check(kept, book!);

        var split = book!.Entities.Where(e => book.Pages.Topic(e.Id) is not null).Select(e => e.Id).ToList();
        var index = book.Claims.ToList().FindIndex(c => split.Contains(c.About[0]) && !book.KeyFacts.Any(k => k.Id == c.Id)
            && !book.Disagreements.Any(d => d.Claims.Contains(c.Id)) && split.Any(id => !c.About.Contains(id)));
        Assert.True(index >= 0, "the hot-topic book has a claim on a split topic");
        var claim = book.Claims[index];
        var untouched = split.First(id => !claim.About.Contains(id));

        // The text in place: one document made, every other kept as it was.
        var step = Step(book, claims: Replace(book, index, claim with { Text = claim.Text + " in all" }));
        var after = Check(kept, step);
        Assert.Single(Enumerable.Range(0, after.Count), i => !ReferenceEquals(before[i], after[i]));

        // A text long enough to move claims of its topic to other year pages: their documents move with them.
        var grown = Step(step, claims: Replace(step, index, claim with { Text = string.Concat(Enumerable.Repeat(claim.Text + " ", 2000)) }));
        Assert.Contains(step.Claims, c => step.Pages.ClaimPage(c) != grown.Pages.ClaimPage(grown.ClaimById[c.Id]));
        Check(kept, grown);

        // Another first topic, an entity renamed, a source's outlet and a source with a line fewer (which renumbers the passages after it).
        var moved = Step(grown, claims: Replace(grown, index, grown.ClaimById[claim.Id] with { About = [untouched] }));
        Check(kept, moved);
        var entity = moved.Entities.First(e => e.Id == untouched);
        var renamed = Step(moved, entities: [.. moved.Entities.Select(e => ReferenceEquals(e, entity) ? e with { Name = e.Name + " the elder" } : e)]);
        Check(kept, renamed);
        var source = renamed.Sources.First(s => s.Info is not null);
        var outlet = Step(renamed, sources: [.. renamed.Sources.Select(s => ReferenceEquals(s, source) ? s with { Info = s.Info! with { Outlet = "Another outlet" } } : s)]);
        Check(kept, outlet);
        var line = outlet.Sources.Where(s => s.Info is not null)
            .Select(s => (Source: s, Line: s.Lines().FirstOrDefault(l => l.Boilerplate is null && s.Text[l.Start..l.End].Trim().Length > 0)))
            .First(s => s.Line is not null);
        var shorter = Step(outlet, sources: [.. outlet.Sources.Select(s => ReferenceEquals(s, line.Source)
            ? s with { Info = s.Info! with { Boilerplate = [.. s.Info.Boilerplate, new LineRange(line.Line!.Number, line.Line.Number, "a test")] } } : s)]);
        Assert.NotEqual(SearchIndex.Documents(outlet).Count, SearchIndex.Documents(shorter).Count);
        Check(kept, shorter);

        // A claim added and one removed: the list is made again, every document of a record left alone kept.
        var added = Step(shorter, claims: [.. shorter.Claims, claim with { Id = "added-claim" }]);
        var beforeAdding = Check(kept, shorter);
        var whenAdded = Check(kept, added);
        Assert.Contains(beforeAdding[0], whenAdded);
        var removed = Step(added, claims: [.. added.Claims.Where(c => c.Id != claim.Id)]);
        Check(kept, removed);
        Check(kept, Step(removed, claims: [.. removed.Claims.Select(c => c.Id == "added-claim" ? c with { Text = "Edited after a removal." } : c)]));
    }

    /// <summary>The kept documents of <paramref name="book"/>, checked against fresh ones and for what they record; a copy.</summary>
    private static List<SearchDocument> Check(SearchIndex.Kept kept, BriefingBook book)
    {
        var reads = new BookReads();
        book.Record(reads);
        IReadOnlyList<SearchDocument> documents = [];
        var read = reads.Outside(() => documents = kept.Of(book));
        var freshReads = reads.Outside(() => SearchIndex.Documents(book));
        book.Record(null);
        Assert.Equal(SearchIndex.Documents(book), documents);
        Assert.True(freshReads.SetEquals(read), "a save records what a fresh build of the index records");
        return [.. documents];
    }

    private static List<Claim> Replace(BriefingBook book, int index, Claim claim)
    {
        var claims = book.Claims.ToList();
        claims[index] = claim;
        return claims;
    }

    /// <summary>The book serve makes from <paramref name="before"/> with these records.</summary>
    private static BriefingBook Step(BriefingBook before, List<Claim>? claims = null, List<Entity>? entities = null, List<Source>? sources = null) =>
        new(before.Title, before.Summary, [.. before.KeyFacts.Select(c => c.Id)], sources ?? [.. before.Sources], entities ?? [.. before.Entities],
            claims ?? [.. before.Claims], [.. before.Disagreements], [.. before.ContestedTerms], before);
}
