using System.Collections;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve makes each book from the last one: an index the edit left alone is taken as it is, one of claims replaced in
/// place is patched, and the pages' layout is cut again only for the topics and years of those claims. Each such book
/// must answer every read exactly as a book made whole from the same records, with the very same instances (what
/// BriefingBook.Same and Changed go by), whatever the edit: those it patches and those it makes whole again.
/// </summary>
public class BookPatchTests
{
    [Fact]
    public void EachBookMadeFromTheLastAnswersEveryReadAsABookMadeWhole()
    {
        // The hot-topic book: its chronology and busiest topics are split into year pages.
        using var root = new TempDir("rjb-patch-");
        var first = RecordedReads.SplitBook(root);

        var split = first.Entities.Where(e => first.Pages.Topic(e.Id) is not null).Select(e => e.Id).ToList();
        Assert.True(split.Count >= 2, "the hot-topic book splits more than one topic");
        Assert.NotNull(first.Pages.ChronologyParts);
        // A dated claim placed on a split topic's pages, which no key fact or disagreement names (it is removed below),
        // and another split topic it is not about.
        var index = first.Claims.ToList().FindIndex(c => c.Date is not null && split.Contains(c.About[0]) && !first.KeyFacts.Any(k => k.Id == c.Id)
            && !first.Disagreements.Any(d => d.Claims.Contains(c.Id)) && split.Any(id => !c.About.Contains(id)));
        var claim = first.Claims[index];
        var untouched = split.First(id => !claim.About.Contains(id));

        // The text in place: every index patched, the topic and year of the claim cut again, the rest taken as it is.
        var edited = Step(first, claims: Replace(first, index, claim with { Text = claim.Text + " in all" }));
        Assert.Same(first.ClaimsAbout[untouched], edited.ClaimsAbout[untouched]);
        Assert.Same(first.Pages.Topic(untouched), edited.Pages.Topic(untouched));
        var cited = claim.Citations[0].Passage.SourceId;
        Assert.Same(first.PassagesBySource[cited], edited.PassagesBySource[cited]);
        // The claim's own topic is cut again only in its year: the parts of its other years are the very same.
        var (before, after) = (first.Pages.Topic(claim.About[0])!.Parts, edited.Pages.Topic(claim.About[0])!.Parts);
        Assert.Contains(before, part => part.Year != claim.Date!.Year);
        Assert.All(before.Zip(after).Where(pair => pair.First.Year != claim.Date!.Year), pair => Assert.Same(pair.First, pair.Second));
        Assert.All(after.Where(part => part.Year == claim.Date!.Year), part => Assert.DoesNotContain(part, before));

        // A text long enough to move claims to other pages of its topic and of its year in the chronology.
        var grown = Step(edited, claims: Replace(edited, index, claim with { Text = string.Concat(Enumerable.Repeat(claim.Text + " ", 2000)) }));
        Assert.Contains(edited.Claims, c => edited.Pages.ClaimPage(c) != grown.Pages.ClaimPage(grown.ClaimById[c.Id]));
        Assert.Contains(edited.Chronology, c => edited.Pages.ChronologyPage(c) != grown.Pages.ChronologyPage(grown.ClaimById[c.Id]));
        // A claim whose year in the chronology goes on with claims about other topics: growing it moves those too,
        // though no topic of theirs is cut again.
        var chronology = grown.Chronology.ToList();
        var early = chronology.FindIndex(c => chronology.Skip(chronology.IndexOf(c) + 1)
            .Any(later => later.Date!.Year == c.Date!.Year && !later.About.Intersect(c.About).Any()));
        var grownEarly = Step(grown, claims: Replace(grown, grown.Claims.ToList().IndexOf(chronology[early]),
            chronology[early] with { Text = string.Concat(Enumerable.Repeat(chronology[early].Text + " ", 2000)) }));
        Assert.Contains(chronology, c => grown.Pages.ChronologyPage(c) != grownEarly.Pages.ChronologyPage(grownEarly.ClaimById[c.Id])
            && !c.About.Intersect(chronology[early].About).Any());
        Assert.Same(edited.Pages.Topic(untouched), grown.Pages.Topic(untouched));
        // A claim a difference lists, grown: the difference weighs it, so a topic the difference is about and the claim
        // is not is laid out again too.
        var (difference, listed) = grownEarly.Disagreements.SelectMany(d => d.Claims.Select(id => (d, grownEarly.ClaimById[id])))
            .First(pair => pair.d.About.Any(topic => !pair.Item2.About.Contains(topic) && split.Contains(topic)));
        var weighed = difference.About.First(topic => !listed.About.Contains(topic) && split.Contains(topic));
        var grownListed = Step(grownEarly, claims: Replace(grownEarly, grownEarly.Claims.ToList().IndexOf(listed),
            listed with { Text = string.Concat(Enumerable.Repeat(listed.Text + " ", 2000)) }));
        Assert.NotSame(grownEarly.Pages.Topic(weighed), grownListed.Pages.Topic(weighed));
        // A claim grown until a topic that fitted on one page is split, then cut back: the topic fits again, and is laid out whole.
        var small = grownListed.Entities.First(e => grownListed.Pages.Topic(e.Id) is null && grownListed.ClaimsAbout[e.Id].Any(c => c.About[0] == e.Id && c.Date is not null)).Id;
        var at = grownListed.Claims.ToList().FindIndex(c => c.About[0] == small && c.Date is not null);
        var smallClaim = grownListed.Claims[at];
        var big = Step(grownListed, claims: Replace(grownListed, at, smallClaim with { Text = string.Concat(Enumerable.Repeat(smallClaim.Text + " ", 2000)) }));
        Assert.NotNull(big.Pages.Topic(small));
        var cutBack = Step(big, claims: Replace(big, at, smallClaim with { Text = smallClaim.Text + " again" }));
        Assert.Null(cutBack.Pages.Topic(small));
        // The newest claim, which the front page lists.
        var newest = grownListed.Latest[0];
        Step(grownListed, claims: Replace(grownListed, grownListed.Claims.ToList().IndexOf(newest), newest with { Text = newest.Text + " at last" }));

        // Another quote: a passage of its own, so the indexes by passage are made whole.
        var citation = claim.Citations[0];
        var quoted = Step(grown, claims: Replace(grown, index, grown.ClaimById[claim.Id] with
        {
            Citations = [citation with { Passage = citation.Passage with { End = citation.Passage.End - 1 }, Quote = citation.Quote[..^1] }, .. claim.Citations.Skip(1)],
        }));
        Assert.Same(grown.ClaimsAbout[untouched], quoted.ClaimsAbout[untouched]);
        Assert.NotSame(grown.PassagesBySource[cited], quoted.PassagesBySource[cited]);

        // Another date and other entities: the chronology, the lookups by entity and the layout are made whole.
        var redated = Step(quoted, claims: Replace(quoted, index, quoted.ClaimById[claim.Id] with { Date = new PartialDate(new DatePoint(1905)) }));
        Assert.NotEqual(quoted.Pages.ChronologyPage(quoted.ClaimById[claim.Id]), redated.Pages.ChronologyPage(redated.ClaimById[claim.Id]));
        var moved = Step(redated, claims: Replace(redated, index, redated.ClaimById[claim.Id] with { About = [untouched] }));
        Assert.NotSame(redated.ClaimsAbout[untouched], moved.ClaimsAbout[untouched]);
        Assert.NotSame(redated.Pages.Topic(untouched), moved.Pages.Topic(untouched));

        // An entity renamed: the claims' indexes are taken as they are, the entities' and the layout made whole.
        var entity = moved.Entities.First(e => e.Id == untouched);
        var renamed = Step(moved, entities: [.. moved.Entities.Select(e => ReferenceEquals(e, entity) ? e with { Name = e.Name + " the elder" } : e)]);
        Assert.Same(moved.ClaimsAbout[untouched], renamed.ClaimsAbout[untouched]);

        // A claim added and one removed: nothing is replaced in place, so every index of claims is made whole.
        var added = Step(renamed, claims: [.. renamed.Claims, claim with { Id = "added-claim" }]);
        Assert.NotSame(renamed.ClaimsAbout[untouched], added.ClaimsAbout[untouched]);
        var removed = Step(added, claims: [.. added.Claims.Where(c => c.Id != claim.Id)]);
        Step(removed, claims: [.. removed.Claims.Select(c => c.Id == "added-claim" ? c with { Text = "Edited after a removal." } : c)]);
    }

    private static List<Claim> Replace(BriefingBook book, int index, Claim claim)
    {
        var claims = book.Claims.ToList();
        claims[index] = claim;
        return claims;
    }

    /// <summary>The book made from <paramref name="before"/> with these records, checked against one made whole from them.</summary>
    private static BriefingBook Step(BriefingBook before, List<Claim>? claims = null, List<Entity>? entities = null)
    {
        var keyFacts = before.KeyFacts.Select(c => c.Id).ToList();
        List<Source> sources = [.. before.Sources];
        entities ??= [.. before.Entities];
        claims ??= [.. before.Claims];
        List<Disagreement> disagreements = [.. before.Disagreements];
        List<ContestedTerm> terms = [.. before.ContestedTerms];
        var patched = new BriefingBook(before.Title, before.Summary, keyFacts, sources, entities, claims, disagreements, terms, before);
        var whole = new BriefingBook(before.Title, before.Summary, keyFacts, sources, entities, claims, disagreements, terms);
        foreach (var read in EveryRead(before).Concat(EveryRead(whole)).Distinct())
            Same(whole.ValueOf(read), patched.ValueOf(read), read.ToString());
        // What the page tracker asks about: every read that answers otherwise than in the last book must be among them
        // (the patched pages say so from what they cut again, without comparing every claim's page).
        var changed = patched.Changed(before);
        foreach (var read in EveryRead(before).Concat(EveryRead(patched)).Distinct())
            Assert.True(Alike(before.ValueOf(read), patched.ValueOf(read)) || changed.Contains(read), $"{read} answers otherwise, and Changed leaves it out");
        // And what the command line asks after an edit that replaced claims alone, told from their keys without the last book.
        if (SameIds(before.Claims, claims) && entities.SequenceEqual(before.Entities))
        {
            List<ClaimEdit> replaced = [.. claims.Zip(before.Claims).Where(pair => !ReferenceEquals(pair.First, pair.Second)).Select(pair => BookJsonEdits.Replaced(pair.Second, pair.First))];
            var afterEdit = patched.AfterEdit(replaced);
            foreach (var read in EveryRead(before).Concat(EveryRead(patched)).Distinct())
                Assert.True(Alike(before.ValueOf(read), patched.ValueOf(read)) || afterEdit(read) != EditedRead.Same,
                    $"{read} answers otherwise, and AfterEdit takes it as the same");

            // The command line's way, in a new process: the last book's pages as its cache keeps them, taken back into a
            // book of these records and patched for the claims replaced, when they keep their topics and dates.
            var fromCache = new BriefingBook(before.Title, before.Summary, keyFacts, sources, entities, claims, disagreements, terms, before: null,
                laidOut: (Kept(before.Pages).Layout, replaced));
            Assert.Equal(replaced.All(e => e.Was.About.SequenceEqual(e.Now.About) && Equals(e.Was.Date, e.Now.Date)), fromCache.Pages.FromCache);
            foreach (var read in EveryRead(whole)) Same(whole.ValueOf(read), fromCache.ValueOf(read), read.ToString());
            // And kept for the next build as the book made whole would be: the parts it took back as they were, the rest anew.
            Assert.Equal(Kept(whole.Pages).File, Kept(fromCache.Pages).File);
        }
        return patched;
    }

    /// <summary>
    /// A layout kept for another book's records is not taken back: the book is cut whole. So is one kept with an
    /// edit that moves its claim (another topic, another date), which the patch cannot place.
    /// </summary>
    [Fact]
    public void PagesKeptForOtherRecordsAreCutWhole()
    {
        using var root = new TempDir("rjb-patch-");
        var book = RecordedReads.SplitBook(root);
        var kept = Kept(book.Pages).Layout;
        BriefingBook With(List<Claim> claims, List<ClaimEdit> edited) => new(book.Title, book.Summary, [.. book.KeyFacts.Select(c => c.Id)], [.. book.Sources],
            [.. book.Entities], claims, [.. book.Disagreements], [.. book.ContestedTerms], before: null, laidOut: (kept, edited));

        var unkeyed = book.Claims.First(c => !book.KeyFacts.Contains(c) && !book.Disagreements.Any(d => d.Claims.Contains(c.Id)));
        var fewer = With([.. book.Claims.Where(c => c != unkeyed)], []);
        Assert.False(fewer.Pages.FromCache);
        var redated = unkeyed with { Date = new PartialDate(new DatePoint(1905)) };
        var moved = With([.. book.Claims.Select(c => c == unkeyed ? redated : c)], [BookJsonEdits.Replaced(unkeyed, redated)]);
        Assert.False(moved.Pages.FromCache);
        var retold = unkeyed with { Text = unkeyed.Text + " twice" };
        Assert.True(With([.. book.Claims.Select(c => c == unkeyed ? retold : c)], [BookJsonEdits.Replaced(unkeyed, retold)]).Pages.FromCache);
        foreach (var made in new[] { fewer, moved })
        {
            var whole = new BriefingBook(made.Title, made.Summary, [.. made.KeyFacts.Select(c => c.Id)], [.. made.Sources], [.. made.Entities],
                [.. made.Claims], [.. made.Disagreements], [.. made.ContestedTerms]);
            Assert.Equal(Kept(whole.Pages).File, Kept(made.Pages).File);
        }
    }

    private static readonly UInt128 Build = 42;

    /// <summary>The pages as the command line's cache file keeps them, written and read back, with the file's bytes.</summary>
    private static (byte[] File, PagesMemo.Layout Layout) Kept(BookPages pages)
    {
        using var cache = new TempDir("rjb-layout-");
        Assert.True(PagesMemo.Save(cache.Path, "output", "engine", Build, pages));
        var layout = PagesMemo.Load(cache.Path, "output", "engine", Build);
        Assert.NotNull(layout);
        return (File.ReadAllBytes(PagesMemo.FileOf(cache.Path, "output")), layout);
    }

    private static bool SameIds(IReadOnlyList<Claim> a, IReadOnlyList<Claim> b) => a.Select(c => c.Id).SequenceEqual(b.Select(c => c.Id));

    /// <summary>Whether two answers hold equal values: lists item by item, anything else by its own equality (records by value).</summary>
    private static bool Alike(object? a, object? b) => (a, b) switch
    {
        (ListPage<Source> x, ListPage<Source> y) => x.Path == y.Path && Alike(x.Items, y.Items),
        (DifferencesPart x, DifferencesPart y) => x.Path == y.Path && Alike(x.Differences, y.Differences),
        (string, _) or (_, string) => Equals(a, b),
        (IEnumerable x, IEnumerable y) => x.Cast<object?>().ToList() is var xs && y.Cast<object?>().ToList() is var ys
            && xs.Count == ys.Count && xs.Zip(ys).All(pair => Alike(pair.First, pair.Second)),
        _ => Equals(a, b),
    };

    /// <summary>Every read a page could make of the book: each table whole, and each key of it.</summary>
    private static IEnumerable<BookRead> EveryRead(BriefingBook book)
    {
        foreach (var table in new[] { "Sources", "Entities", "Claims", "Disagreements", "ContestedTerms", "KeyFacts", "Chronology", "Latest", "SourceById",
            "EntityById", "ClaimById", "ClaimsAbout", "ClaimsCiting", "SummariesCiting", "PassagesBySource", "DisagreementsAbout",
            "MeetingsWith", "MentionedBy" })
            yield return new BookRead(table, null);
        foreach (var source in book.Sources)
            foreach (var table in new[] { "SourceById", "ClaimsCiting", "SummariesCiting", "PassagesBySource" }) yield return new BookRead(table, source.Id);
        foreach (var entity in book.Entities)
        {
            foreach (var table in new[] { "EntityById", "ClaimsAbout", "DisagreementsAbout", "MeetingsWith", "MentionedBy" }) yield return new BookRead(table, entity.Id);
            foreach (var query in new[] { "Topic", "TopicPaths" }) yield return new BookRead("Pages", $"{query}:{entity.Id}");
        }
        foreach (var claim in book.Claims)
        {
            yield return new BookRead("ClaimById", claim.Id);
            foreach (var query in new[] { "Claim", "ChronologyClaim" }) yield return new BookRead("Pages", $"{query}:{claim.Id}");
        }
        foreach (var disagreement in book.Disagreements) yield return new BookRead("Pages", $"Disagreement:{disagreement.Id}");
        foreach (var query in new[] { "Chronology", "ChronologyPaths", "Sources" }) yield return new BookRead("Pages", $"{query}:");
    }

    /// <summary>The same value with the very same records in it: as hashed, and as BriefingBook.Same compares.</summary>
    private static void Same(object? expected, object? actual, string read)
    {
        switch (expected)
        {
            case null: Assert.True(actual is null, read); break;
            case string or int or PartialDate: Assert.Equal(expected, actual); break;
            case ListPage<Source> page:
                var other = Assert.IsType<ListPage<Source>>(actual);
                Assert.Equal(page.Path, other.Path);
                Same(page.Items, other.Items, read);
                break;
            case DifferencesPart part:
                var otherPart = Assert.IsType<DifferencesPart>(actual);
                Assert.Equal(part.Path, otherPart.Path);
                Same(part.Differences, otherPart.Differences, read);
                break;
            case IEnumerable items:
                var want = items.Cast<object?>().ToList();
                var got = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                Assert.True(want.Count == got.Count, $"{read}: {got.Count} items, not {want.Count}");
                for (var i = 0; i < want.Count; i++) Same(want[i], got[i], read);
                break;
            default: Assert.True(ReferenceEquals(expected, actual), $"{read}: another {expected.GetType().Name}"); break;
        }
    }
}
