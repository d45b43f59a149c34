using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing.Rendering;

// What templates see. Every href is already relative to the page being rendered, so a theme never builds URLs
// and the site works from disk, from a sub-path and from a domain root alike.

/// <summary>
/// A link; <see cref="SourcesDiffer"/> flags an entity on which the sources disagree about a fact,
/// <see cref="PositionsDiffer"/> one on which the sides take different positions.
/// </summary>
public sealed record LinkView(string Href, string Text, string? Detail = null, bool SourcesDiffer = false, bool PositionsDiffer = false);

/// <summary>
/// A numbered citation on a page: the endnote and the inline marker share the number. <see cref="Href"/> is the
/// passage on our source page; <see cref="OriginalHref"/>, when the source has a public address, is a text-fragment
/// link to the same passage in the original article. <see cref="FullOnly"/> marks a note that no part of the page's
/// printed brief cites, so the brief leaves it out (the full record prints it).
/// </summary>
public sealed record NoteView(int Number, string Href, string Quote, string SourceTitle, string Outlet, string? Published, string SourceHref, string? OriginalHref,
    bool FullOnly = false);

/// <summary>
/// A claim as shown on one page. <see cref="Terms"/> are the contested terms its text uses in the book's own voice
/// (allowed by the editor), so the page can say whose word each is. <see cref="Anchor"/> is set only where the claim first appears on the page, so
/// ids stay unique when a claim is shown twice (in a comparison and in the timeline); <see cref="Key"/> is unique
/// per appearance, for the ids of its citation previews. <see cref="FullOnly"/> marks a claim that the page's printed
/// brief leaves out (the full record prints it).
/// </summary>
public sealed record ClaimView(
    string Id,
    string? Anchor,
    string Key,
    string Html,
    string? Date,
    string? DateIso,
    string? DateNote,
    string? AccordingTo,
    bool Planned,
    IReadOnlyList<NoteView> Notes,
    IReadOnlyList<LinkView> About,
    IReadOnlyList<TermUse>? Terms = null,
    bool FullOnly = false);

/// <summary>
/// A topic where the sources or the sides differ (<see cref="Kind"/>: "sources" or "positions"), with the differing
/// claims to be shown side by side; <see cref="Terms"/> are contested terms its note uses in the book's own voice.
/// </summary>
public sealed record DisagreementView(string Id, string Topic, string Kind, string? NoteHtml, IReadOnlyList<ClaimView> Claims, IReadOnlyList<TermUse> Terms);

public sealed record YearView(int Year, IReadOnlyList<ClaimView> Claims);

/// <summary>A kind and its entities; when there are too many to list in full, the first page of them and <see cref="More"/>, a link to the whole list.</summary>
public sealed record KindView(string Title, string Section, LinkView Index, IReadOnlyList<LinkView> Entities, LinkView? More = null);

/// <summary>One year of a record split into year pages (<see cref="Label"/> "Undated" for the undated claims), with its claim count and its pages.</summary>
public sealed record RecordYearView(string Label, int Count, IReadOnlyList<LinkView> Pages);

/// <summary>One page in the list of the pages a list or record is split into; <see cref="Current"/> marks the page being read.</summary>
public sealed record PageLinkView(string Href, string Text, bool Current);

public sealed record SegmentView(string Text, bool Cited, IReadOnlyList<string> Anchors);

public sealed record PassageView(string Anchor, string Quote, IReadOnlyList<LinkView> Claims);

/// <summary>One line of a source file: article text or boilerplate, split into cited and uncited runs.</summary>
public sealed record SourceLineView(int Line, IReadOnlyList<SegmentView> Segments, IReadOnlyList<PassageView> Passages);

/// <summary>Consecutive lines that are all article text, or all boilerplate (with the editor's reason).</summary>
public sealed record SourceBlockView(bool Boilerplate, string? Reason, IReadOnlyList<SourceLineView> Lines);
