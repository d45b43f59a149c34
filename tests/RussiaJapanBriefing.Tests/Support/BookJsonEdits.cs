using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>What the book.json tests compare against: a book with some of its records replaced, and its whole write.</summary>
internal static class BookJsonEdits
{
    /// <summary>The edit that replaced <paramref name="was"/> with <paramref name="now"/> in place, as the command line tells it (<see cref="SiteContext.Edited"/>).</summary>
    public static ClaimEdit Replaced(Claim was, Claim now) => new(KeysOf(was), KeysOf(now));

    private static ClaimKeys KeysOf(Claim claim) => new(claim.Id, claim.About, [.. claim.Citations.Select(c => c.Passage.SourceId).Distinct()], claim.Date);

    /// <summary><paramref name="book"/> with the lists given replaced; its key facts are those of its claims still there.</summary>
    public static BriefingBook With(BriefingBook book, IReadOnlyList<Claim>? claims = null, IReadOnlyList<Entity>? entities = null,
        IReadOnlyList<Disagreement>? disagreements = null, string? title = null) =>
        new(title ?? book.Title, book.Summary, [.. book.KeyFacts.Select(c => c.Id).Where(id => (claims ?? book.Claims).Any(c => c.Id == id))], book.Sources,
            entities ?? book.Entities, claims ?? book.Claims, disagreements ?? book.Disagreements, book.ContestedTerms);

    /// <summary>book.json written whole, entry by entry.</summary>
    public static byte[] Whole(BriefingBook book)
    {
        using var stream = new MemoryStream();
        BookJson.Write(book, stream);
        return stream.ToArray();
    }
}
