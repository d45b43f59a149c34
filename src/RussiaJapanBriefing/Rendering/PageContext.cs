using System.Collections.Concurrent;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Per-page state while a page's view model is built: hrefs relative to this page, and the page's endnotes,
/// numbered in order of first use (a passage cited twice on one page keeps one number).
/// </summary>
/// <param name="originals">Each passage's link into its original article, shared by every page of one render: a passage is cited on many pages.</param>
internal sealed class PageContext(BriefingBook book, ContestedVocabulary vocabulary, ConcurrentDictionary<Passage, string?> originals,
    string path, Uri? baseUrl, bool absoluteLinks = false)
{
    private readonly Dictionary<Passage, NoteView> _notes = [];
    private readonly HashSet<string> _anchoredClaims = new(StringComparer.Ordinal);
    private HashSet<int>? _briefNotes;
    private int _claimViews;

    public string Path { get; } = path;

    /// <summary>"" at the top level, "../" one folder down: prefixed to every site-relative URL.</summary>
    public string Root { get; } = string.Concat(Enumerable.Repeat("../", path.Count(c => c == '/')));

    public IReadOnlyList<NoteView> Notes => _notes.Values.OrderBy(n => n.Number)
        .Select(n => _briefNotes is null || _briefNotes.Contains(n.Number) ? n : n with { FullOnly = true }).ToList();

    /// <summary>
    /// The page prints as a brief made of these notes' citations: every other note is marked for the full record only.
    /// The brief keeps the page's numbers, so a citation reads the same on screen, in the brief and in the full record.
    /// </summary>
    public void PrintBrief(IEnumerable<NoteView> notes) => (_briefNotes ??= []).UnionWith(notes.Select(n => n.Number));

    /// <summary>Page-relative, so the site works from disk and any sub-path; absolute only where a page can be served from anywhere (404).</summary>
    public string Href(string siteUrl) => absoluteLinks && baseUrl is not null ? Absolute(siteUrl)! : Root + siteUrl;

    /// <summary>The address on the published site, when a base URL was given.</summary>
    public string? Absolute(string siteUrl) => baseUrl is null ? null : new Uri(baseUrl, siteUrl).AbsoluteUri;

    /// <summary>For structured data: absolute when the site's address is known, else relative to this page.</summary>
    public string Identifier(string siteUrl) => Absolute(siteUrl) ?? Href(siteUrl);

    public LinkView Link(string siteUrl, string text, string? detail = null) => new(Href(siteUrl), text, detail);

    public LinkView EntityLink(string id)
    {
        var e = book.EntityById[id];
        // One pass over the entity's disagreements for both flags: a link is made for every claim's every topic.
        bool sources = false, positions = false;
        foreach (var d in book.DisagreementsAbout[id])
        {
            sources |= d.Kind == DisagreementKind.Sources;
            positions |= d.Kind == DisagreementKind.Positions;
        }
        return new LinkView(Href(e.Url), e.Name, e.Kind.Singular(), sources, positions);
    }

    /// <summary>Contested terms that Markdown in the book's own voice uses, for the page to attribute.</summary>
    public IReadOnlyList<TermUse> Terms(string markdown) => vocabulary.InOwnVoice(markdown);

    /// <summary>Where a claim lives: the page of the first entity it is about, at the claim's anchor.</summary>
    public LinkView ClaimLink(Claim claim) =>
        Link(SiteLayout.Claim(book, claim), MarkdownRenderer.Plain(claim.Text));

    public ClaimView Claim(Claim claim) => new(
        Shown(claim).Id,
        _anchoredClaims.Add(claim.Id) ? SiteLayout.ClaimAnchor(claim.Id) : null,
        $"c{++_claimViews}",
        MarkdownRenderer.Inline(claim.Text),
        claim.Date?.Display(),
        claim.Date?.ToString(),
        claim.DateNote,
        claim.AccordingTo,
        claim.Planned,
        claim.Citations.Select(Note).ToList(),
        claim.About.Select(EntityLink).ToList(),
        claim.AccordingTo is null ? Terms(claim.Text) : []);

    /// <summary>The page depends on a claim it shows, whichever table handed it over: the book's page layout records claims by id only (see BookPages).</summary>
    private Claim Shown(Claim claim)
    {
        book.Note(nameof(BriefingBook.ClaimById), claim.Id);
        return claim;
    }

    public NoteView Note(Citation citation)
    {
        if (_notes.TryGetValue(citation.Passage, out var existing)) return existing;
        var source = book.SourceById[citation.Passage.SourceId];
        var note = new NoteView(_notes.Count + 1,
            Href(SiteLayout.Passage(citation.Passage)),
            citation.Quote,
            source.Title,
            source.Info?.Outlet ?? source.Id,
            source.Info?.Published.Display(),
            Href(source.Url),
            originals.GetOrAdd(citation.Passage, static (passage, source) =>
                source.Info?.Url is { } original ? TextFragment.For(original, source.Text, passage.Start, passage.End) : null, source));
        _notes.Add(citation.Passage, note);
        return note;
    }
}
