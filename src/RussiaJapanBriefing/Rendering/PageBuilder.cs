using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Per-page state while a page's view model is built: hrefs relative to this page, and the page's endnotes,
/// numbered in order of first use (a passage cited twice on one page keeps one number).
/// </summary>
internal sealed class PageBuilder(BriefingBook book, string path)
{
    private readonly Dictionary<Passage, NoteView> _notes = [];
    private readonly HashSet<string> _anchoredClaims = new(StringComparer.Ordinal);
    private int _claimViews;

    public string Path { get; } = path;

    /// <summary>"" at the top level, "../" one folder down: prefixed to every site-relative URL.</summary>
    public string Root { get; } = string.Concat(Enumerable.Repeat("../", path.Count(c => c == '/')));

    public IReadOnlyList<NoteView> Notes => _notes.Values.OrderBy(n => n.Number).ToList();

    public string Href(string siteUrl) => Root + siteUrl;

    public LinkView Link(string siteUrl, string text, string? detail = null) => new(Href(siteUrl), text, detail);

    public LinkView EntityLink(string id)
    {
        var e = book.EntityById[id];
        return new LinkView(Href(e.Url), e.Name, e.Kind.Singular(), book.DisagreementsAbout[id].Any());
    }

    /// <summary>Where a claim lives: the page of the first entity it is about, at the claim's anchor.</summary>
    public LinkView ClaimLink(Claim claim) =>
        Link($"{book.EntityById[claim.About[0]].Url}#claim-{claim.Id}", MarkdownRenderer.Plain(claim.Text));

    public ClaimView Claim(Claim claim) => new(
        claim.Id,
        _anchoredClaims.Add(claim.Id) ? $"claim-{claim.Id}" : null,
        $"c{++_claimViews}",
        MarkdownRenderer.Inline(claim.Text),
        claim.Date?.Display(),
        claim.Date?.ToString(),
        claim.DateNote,
        claim.AccordingTo,
        claim.Planned,
        claim.Citations.Select(Note).ToList(),
        claim.About.Select(EntityLink).ToList());

    public NoteView Note(Citation citation)
    {
        if (_notes.TryGetValue(citation.Passage, out var existing)) return existing;
        var source = book.SourceById[citation.Passage.SourceId];
        var note = new NoteView(_notes.Count + 1,
            Href($"{source.Url}#{citation.Passage.Anchor}"),
            citation.Quote,
            source.Title,
            source.Info?.Outlet ?? source.Id,
            source.Info?.Published.Display(),
            Href(source.Url));
        _notes.Add(citation.Passage, note);
        return note;
    }
}
