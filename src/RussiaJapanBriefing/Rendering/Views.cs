namespace RussiaJapanBriefing.Rendering;

// What templates see. Every href is already relative to the page being rendered, so a theme never builds URLs
// and the site works from disk, from a sub-path and from a domain root alike.

public sealed record LinkView(string Href, string Text, string? Detail = null);

/// <summary>A numbered citation on a page: the endnote and the inline marker share the number.</summary>
public sealed record NoteView(int Number, string Href, string Quote, string SourceTitle, string Outlet, string? Published, string SourceHref);

public sealed record ClaimView(
    string Id,
    string Html,
    string? Date,
    string? DateIso,
    string? DateNote,
    string? AccordingTo,
    IReadOnlyList<NoteView> Notes,
    IReadOnlyList<LinkView> About);

public sealed record YearView(int Year, IReadOnlyList<ClaimView> Claims);

public sealed record KindView(string Title, string Section, LinkView Index, IReadOnlyList<LinkView> Entities);

public sealed record SegmentView(string Text, bool Cited, IReadOnlyList<string> Anchors);

public sealed record PassageView(string Anchor, string Quote, IReadOnlyList<LinkView> Claims);

/// <summary>One line of a source file: article text or boilerplate, split into cited and uncited runs.</summary>
public sealed record SourceLineView(int Line, IReadOnlyList<SegmentView> Segments, IReadOnlyList<PassageView> Passages);

/// <summary>Consecutive lines that are all article text, or all boilerplate (with the editor's reason).</summary>
public sealed record SourceBlockView(bool Boilerplate, string? Reason, IReadOnlyList<SourceLineView> Lines);
