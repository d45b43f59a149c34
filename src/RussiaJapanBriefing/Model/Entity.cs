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
    /// <summary>A printed brief's key points box holds at most this many; more is an error (RJB0209), not a silent cut.</summary>
    public const int MaxKeyFacts = 5;

    public string Url => SiteLayout.Entity(Kind, Id);

    /// <summary>Ids of the claims the editor chose as the topic's key points (verified to be claims about it).</summary>
    public IReadOnlyList<string> KeyFacts { get; init; } = [];
}
