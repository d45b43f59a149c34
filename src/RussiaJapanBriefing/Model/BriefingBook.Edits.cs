namespace RussiaJapanBriefing.Model;

/// <summary>What a claim is found by in the book's tables: its id, the entities it is about, the sources it cites, and its date.</summary>
internal sealed record ClaimKeys(string Id, IReadOnlyList<string> About, IReadOnlyList<string> Sources, PartialDate? Date);

/// <summary>A claim an edit replaced in place (the same id, at the same place in the book's order): what it was found by before, and now.</summary>
internal sealed record ClaimEdit(ClaimKeys Was, ClaimKeys Now)
{
    /// <summary>Both, before and now.</summary>
    public IEnumerable<ClaimKeys> Keys => [Was, Now];
}

/// <summary>How a read of an earlier book answers in this one, after an edit that only replaced claims (see <see cref="BriefingBook.AfterEdit"/>).</summary>
internal enum EditedRead
{
    /// <summary>As it did then: its hash then holds.</summary>
    Same,

    /// <summary>Perhaps otherwise: hashed, and compared with its hash then.</summary>
    Hash,

    /// <summary>Taken as changed without hashing it: a read of a whole table of claims, which a replaced claim is in.</summary>
    Changed,
}

public sealed partial class BriefingBook
{
    /// <summary>
    /// For a book made from the same records as an earlier one but for claims replaced in place (the same ids in the
    /// same order, <paramref name="edited"/>): how each read of that book answers in
    /// this one, told from the keys of the claims replaced, without that book. The command line's new process has no
    /// earlier book to compare with (<see cref="Changed"/> is <c>serve</c>'s way); this lets it hash only what the
    /// edit may have changed instead of every read of every page. Every table not made from claims is the same; a
    /// table of claims answers otherwise only under a replaced claim's keys, before or now; the pages' layout only
    /// for the topics those claims are weighed in (see <see cref="BookPages.AfterEdit"/>).
    /// </summary>
    internal Func<BookRead, EditedRead> AfterEdit(IReadOnlyList<ClaimEdit> edited)
    {
        var (ids, about, cited, dated) = KeysOf(edited);
        var pages = Pages.AfterEdit(ids, about, dated);
        return read =>
        {
            // A table this book does not name (the book's settings, read by every page) is hashed.
            if (!MadeFrom.TryGetValue(read.Table, out var from)) return EditedRead.Hash;
            if ((from & Input.Claims) == 0) return EditedRead.Same;
            var key = read.Key as string;
            return read.Table switch
            {
                nameof(Pages) => key is null ? EditedRead.Hash : pages(key),
                nameof(ClaimById) => Keyed(ids),
                nameof(ClaimsAbout) => Keyed(about),
                nameof(ClaimsCiting) or nameof(PassagesBySource) => Keyed(cited),
                nameof(Claims) => EditedRead.Changed,
                nameof(Chronology) => dated ? EditedRead.Changed : EditedRead.Same,
                // Latest and the key facts: a few claims, hashed.
                _ => EditedRead.Hash,
            };

            EditedRead Keyed(HashSet<string> keys) => key is null ? EditedRead.Changed : keys.Contains(key) ? EditedRead.Hash : EditedRead.Same;
        };
    }

    /// <summary>
    /// The claims an edit that replaced <paramref name="edited"/> alone may have moved to another page, with those claims:
    /// every other claim stands on the page it stood on (see <see cref="BookPages.Affected"/>).
    /// </summary>
    internal IReadOnlySet<string> MovedAfterEdit(IReadOnlyList<ClaimEdit> edited)
    {
        var (ids, about, _, _) = KeysOf(edited);
        return Pages.Affected(ids, about).Claims;
    }

    /// <summary>The replaced claims' ids, the entities and sources they name, and whether any is dated, before or now.</summary>
    private static (HashSet<string> Ids, HashSet<string> About, HashSet<string> Cited, bool Dated) KeysOf(IReadOnlyList<ClaimEdit> edited)
    {
        var claims = edited.SelectMany(e => e.Keys).ToList();
        return (claims.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), claims.SelectMany(c => c.About).ToHashSet(StringComparer.Ordinal),
            claims.SelectMany(c => c.Sources).ToHashSet(StringComparer.Ordinal), claims.Any(c => c.Date is not null));
    }
}
