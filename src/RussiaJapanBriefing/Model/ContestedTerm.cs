namespace RussiaJapanBriefing.Model;

/// <summary>A word one side of the dispute uses for it ("occupied" is Japan's), as declared in the book.</summary>
public sealed record ContestedTerm(string Term, string Side, IReadOnlyList<string> SideNames);
