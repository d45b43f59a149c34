namespace RussiaJapanBriefing.Rendering;

/// <summary>What a search result is; it decides which fields are searched and which count as a title match.</summary>
public enum SearchDocumentType
{
    /// <summary>An island, leader, treaty, meeting or person: its name is its title.</summary>
    Entity,

    /// <summary>A source article as a whole: its headline is its title.</summary>
    Source,

    /// <summary>A claim: its text is shown as its title but ranks as text, as it is no one's name.</summary>
    Claim,

    /// <summary>One line of a source's text: its title, the headline, is shown but not searched (the source is).</summary>
    Passage,
}

/// <param name="Label">What the result is, as the reader sees it: "Island", "Claim, 31 August 2020", "Source passage, Kyodo, …".</param>
public sealed record SearchDocument(SearchDocumentType Type, string Label, string Title, string Text, string Href)
{
    public bool TitleSearched => Type != SearchDocumentType.Passage;

    public bool TitleRanks => Type is SearchDocumentType.Entity or SearchDocumentType.Source;
}
