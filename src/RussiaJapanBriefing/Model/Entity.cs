namespace RussiaJapanBriefing.Model;

public sealed record Alias(string Name, string? UsedBy, string? Note);

/// <summary>A topic of the book. Kind-specific fields are null where the kind has none.</summary>
public sealed record Entity(
    EntityKind Kind,
    string Id,
    string Name,
    string Summary,
    IReadOnlyList<Alias> Aliases,
    IReadOnlyList<string> Related,
    string? Role = null,
    string? Country = null,
    PartialDate? Date = null,
    string? Status = null,
    string? Place = null,
    string? Format = null,
    IReadOnlyList<string>? Participants = null,
    IReadOnlyList<Citation>? SummaryCitations = null)
{
    public string Url => SiteLayout.Entity(Kind, Id);
}
