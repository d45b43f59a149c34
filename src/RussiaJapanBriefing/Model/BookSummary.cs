namespace RussiaJapanBriefing.Model;

/// <summary>The counts a build reports about its book: all that a build which found nothing changed can still say without the book.</summary>
public sealed record BookSummary(int Sources, int Entities, int Claims, int Dated)
{
    public static BookSummary Of(BriefingBook book) => new(book.Sources.Count, book.Entities.Count, book.Claims.Count, book.Chronology.Count);
}
