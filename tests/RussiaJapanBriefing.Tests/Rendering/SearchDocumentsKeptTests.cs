using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve keeps the search documents between saves and patches them (SearchIndex.Kept): after any sequence of edits the
/// documents are those made afresh from the same book, a document whose record the edit left alone is the very same
/// instance, and every save records what places the claims (each first topic's layout and entity), as a fresh one does.
/// A new process (SearchIndex.Keyed) gives each document the key of a fresh one, making only the documents of the
/// records the edit changed, and records the same.
/// </summary>
public class SearchDocumentsKeptTests
{
    [Fact]
    public void KeptDocumentsEqualFreshOnesAfterEveryEdit()
    {
        // The hot-topic book: its busiest topics are split into year pages, so claims move between pages.
        using var root = new TempDir("rjb-search-kept-");
        var book = RecordedReads.SplitBook(root);
        var kept = new Indexes();
        var before = Check(kept, book);

        var split = book.Entities.Where(e => book.Pages.Topic(e.Id) is not null).Select(e => e.Id).ToList();
        var index = book.Claims.ToList().FindIndex(c => split.Contains(c.About[0]) && !book.KeyFacts.Any(k => k.Id == c.Id)
            && !book.Disagreements.Any(d => d.Claims.Contains(c.Id)) && split.Any(id => !c.About.Contains(id)));
        Assert.True(index >= 0, "the hot-topic book has a claim on a split topic");
        var claim = book.Claims[index];
        var untouched = split.First(id => !claim.About.Contains(id));

        // The text in place: one document made, every other kept as it was.
        var step = Step(book, claims: Replace(book, index, claim with { Text = claim.Text + " in all" }));
        var after = Check(kept, step);
        Assert.Single(Enumerable.Range(0, after.Count), i => !ReferenceEquals(before[i], after[i]));
        Assert.Equal((true, 1), (kept.KeysTaken, kept.Made));
        Check(kept, step);
        Assert.Equal((true, 0), (kept.KeysTaken, kept.Made));

        // A text long enough to move claims of its topic to other year pages: their documents move with them.
        var grown = Step(step, claims: Replace(step, index, claim with { Text = string.Concat(Enumerable.Repeat(claim.Text + " ", 2000)) }));
        var movedClaims = step.Claims.Count(c => step.Pages.ClaimPage(c) != grown.Pages.ClaimPage(grown.ClaimById[c.Id]));
        Assert.True(movedClaims > 0);
        Check(kept, grown);
        Assert.True(kept.KeysTaken);
        Assert.InRange(kept.Made, movedClaims, movedClaims + 1);

        // Another first topic, an entity renamed, a source's outlet and a source with a line fewer (which renumbers the passages after it).
        var moved = Step(grown, claims: Replace(grown, index, grown.ClaimById[claim.Id] with { About = [untouched] }));
        Check(kept, moved);
        var entity = moved.Entities.First(e => e.Id == untouched);
        var renamed = Step(moved, entities: [.. moved.Entities.Select(e => ReferenceEquals(e, entity) ? e with { Name = e.Name + " the elder" } : e)]);
        Check(kept, renamed);
        Assert.Equal((true, 1), (kept.KeysTaken, kept.Made));
        var source = renamed.Sources.First(s => s.Info is not null);
        var outlet = Step(renamed, sources: [.. renamed.Sources.Select(s => ReferenceEquals(s, source) ? s with { Info = s.Info! with { Outlet = "Another outlet" } } : s)]);
        Check(kept, outlet);
        Assert.True(kept.KeysTaken);
        Assert.Equal(1 + SearchIndex.Documents(outlet).Count(d => d.Type == SearchDocumentType.Passage && d.Href.StartsWith(source.Url + "#", StringComparison.Ordinal)),
            kept.Made);
        var line = outlet.Sources.Where(s => s.Info is not null)
            .Select(s => (Source: s, Line: s.Lines().FirstOrDefault(l => l.Boilerplate is null && s.Text[l.Start..l.End].Trim().Length > 0)))
            .First(s => s.Line is not null);
        var shorter = Step(outlet, sources: [.. outlet.Sources.Select(s => ReferenceEquals(s, line.Source)
            ? s with { Info = s.Info! with { Boilerplate = [.. s.Info.Boilerplate, new LineRange(line.Line!.Number, line.Line.Number, "a test")] } } : s)]);
        Assert.NotEqual(SearchIndex.Documents(outlet).Count, SearchIndex.Documents(shorter).Count);
        Check(kept, shorter);
        Assert.False(kept.KeysTaken);

        // A claim added and one removed: the list is made again, every document of a record left alone kept.
        var added = Step(shorter, claims: [.. shorter.Claims, claim with { Id = "added-claim" }]);
        var beforeAdding = Check(kept, shorter);
        var whenAdded = Check(kept, added);
        Assert.Contains(beforeAdding[0], whenAdded);
        Assert.False(kept.KeysTaken);
        var removed = Step(added, claims: [.. added.Claims.Where(c => c.Id != claim.Id)]);
        Check(kept, removed);
        Assert.False(kept.KeysTaken);
        Check(kept, Step(removed, claims: [.. removed.Claims.Select(c => c.Id == "added-claim" ? c with { Text = "Edited after a removal." } : c)]));
        Assert.Equal((true, 1), (kept.KeysTaken, kept.Made));
        // The text in place, the grown text that moved claims, another first topic, and that last edit.
        Assert.True(kept.ToldOfEdit >= 4, $"{kept.ToldOfEdit} checks were of claims replaced alone");
    }

    /// <summary>What serve keeps of the index between saves, and what a new process is given by the last one.</summary>
    private sealed class Indexes
    {
        public SearchIndex.Kept Kept { get; } = new();
        public SearchIndex.RecordKeys? Records { get; set; }
        public UInt128[]? Keys { get; set; }

        /// <summary>The book of the last check: what a new process is told an edit of claims alone replaced (SiteContext.Edited).</summary>
        public BriefingBook? Book { get; set; }

        /// <summary>The last check's new process took the keys of the records it left alone, and made this many documents to key the others.</summary>
        public bool KeysTaken { get; set; }

        public int Made { get; set; }

        /// <summary>Checks that also built the index as a new process told of a claim edit does.</summary>
        public int ToldOfEdit { get; set; }
    }

    /// <summary>
    /// The kept documents of <paramref name="book"/>, checked against fresh ones and for what they record; a copy. And a
    /// new process's after the last check: each document's key that of the fresh document, and the same reads recorded.
    /// </summary>
    private static List<SearchDocument> Check(Indexes kept, BriefingBook book)
    {
        var reads = new BookReads();
        book.Record(reads);
        IReadOnlyList<SearchDocument> documents = [];
        SearchIndex.Keyed? keyed = null;
        var read = reads.Outside(() => documents = kept.Kept.Of(book));
        var freshReads = reads.Outside(() => SearchIndex.Documents(book));
        var keyedReads = reads.Outside(() => keyed = new SearchIndex.Keyed(book, kept.Records));
        book.Record(null);
        var fresh = SearchIndex.Documents(book);
        Assert.Equal(fresh, documents);
        Assert.True(freshReads.SetEquals(read), "a save records what a fresh build of the index records");
        Assert.True(freshReads.SetEquals(keyedReads), "a new process records what a fresh build of the index records");

        var keys = new SearchMemo().Keys(fresh);
        var taken = kept.Keys is null ? null : keyed!.Keys(kept.Keys);
        (kept.KeysTaken, kept.Made) = (taken is not null, keyed!.Made);
        if (taken is not null) Assert.Equal(keys, taken);
        Assert.Equal(fresh, keyed);
        // Told the edit replaced claims alone, a new process takes the other records' keys unhashed: the same keys, documents and reads.
        if (kept.Book is { } last && last.Sources.SequenceEqual(book.Sources) && last.Entities.SequenceEqual(book.Entities)
            && last.Claims.Select(c => c.Id).SequenceEqual(book.Claims.Select(c => c.Id)))
        {
            List<ClaimEdit> edited = [.. book.Claims.Zip(last.Claims).Where(p => !ReferenceEquals(p.First, p.Second)).Select(p => BookJsonEdits.Replaced(p.Second, p.First))];
            book.Record(reads);
            SearchIndex.Keyed? told = null;
            var toldReads = reads.Outside(() => told = new SearchIndex.Keyed(book, kept.Records, edited));
            book.Record(null);
            Assert.True(freshReads.SetEquals(toldReads), "a new process told of a claim edit records what a fresh build of the index records");
            Assert.Equal(keyed.Records.Keys, told!.Records.Keys);
            Assert.Equal(keyed.Records.Passages, told.Records.Passages);
            if (taken is not null) Assert.Equal(keys, told.Keys(kept.Keys!));
            Assert.Equal(fresh, told);
            kept.ToldOfEdit++;
        }
        (kept.Records, kept.Keys, kept.Book) = (keyed.Records, keys, book);
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
