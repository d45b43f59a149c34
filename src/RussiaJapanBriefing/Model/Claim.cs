namespace RussiaJapanBriefing.Model;

/// <summary>A statement about entities, traceable to passages in the sources.</summary>
public sealed record Claim(
    string Id,
    string Text,
    IReadOnlyList<string> About,
    PartialDate? Date,
    string? DateNote,
    string? AccordingTo,
    IReadOnlyList<Citation> Citations,
    bool Planned = false);
