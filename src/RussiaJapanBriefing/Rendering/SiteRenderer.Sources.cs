using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Verification;
using Scriban.Runtime;

namespace RussiaJapanBriefing.Rendering;

/// <summary>Source pages: the article text, its boilerplate set apart, every cited passage marked and linked to its claims.</summary>
public sealed partial class SiteRenderer
{
    private void SourcePage(Source source, DiagnosticBag diagnostics)
    {
        var page = NewPage(source.Url);
        var info = source.Info;
        var model = new ScriptObject
        {
            ["source"] = new ScriptObject
            {
                ["id"] = source.Id,
                ["file"] = Path.GetFileName(source.Path),
                ["title"] = source.Title,
                ["annotated"] = info is not null,
                ["outlet"] = info?.Outlet,
                ["url"] = info?.Url,
                ["published"] = info?.Published.Display(),
                ["published_iso"] = info?.Published.ToString(),
                ["published_note"] = info?.PublishedNote,
                ["dateline"] = info?.Dateline,
                ["draft"] = info?.Draft == true,
            },
            ["blocks"] = SourceBlocks(source, page),
            ["coverage"] = info is null ? null : Coverage.Measure(book, source),
            ["structured_data"] = StructuredData.Source(source, page.Identifier),
        };
        Render(page, "source.html", source.Title, model,
            [page.Link(SiteLayout.Home, "Home"), page.Link(SiteLayout.SourcesIndex, "Sources")], diagnostics);
    }

    private IReadOnlyList<SourceBlockView> SourceBlocks(Source source, PageContext page)
    {
        var passages = book.PassagesBySource[source.Id].ToList();
        // What cites each passage, from the claims and summaries that cite the source: two reads a page, not two a
        // passage (at 10,000 sources 157,000 of the 300,000 reads the pages record, each hashed by every new process).
        var claims = ByPassage(book.ClaimsCiting[source.Id], c => c.Citations, source.Id);
        var summaries = ByPassage(book.SummariesCiting[source.Id], e => e.SummaryCitations ?? [], source.Id);
        var blocks = new List<SourceBlockView>();
        var current = new List<SourceLineView>();
        LineRange? currentRange = null;
        foreach (var line in source.Lines())
        {
            if (current.Count > 0 && line.Boilerplate != currentRange)
            {
                blocks.Add(new SourceBlockView(currentRange is not null, currentRange?.Reason, current));
                current = [];
            }
            currentRange = line.Boilerplate;
            if (source.Text.AsSpan(line.Start, line.End - line.Start).Trim().Length > 0)
                current.Add(Line(line.Number, line.Start, line.End, source.Text, passages, claims, summaries, page));
        }
        if (current.Count > 0) blocks.Add(new SourceBlockView(currentRange is not null, currentRange?.Reason, current));
        return blocks;
    }

    /// <summary>
    /// One line, cut where passages start and end. Plain loops rather than queries: a big book has some 300,000 lines,
    /// and the queries' allocations were most of the cost of making a source page's model.
    /// </summary>
    private static SourceLineView Line(int number, int start, int end, string text, IReadOnlyList<Passage> passages,
        Dictionary<Passage, List<Claim>> claims, Dictionary<Passage, List<Entity>> summaries, PageContext page)
    {
        // Passages come ordered by start: none after the first that starts past the line touches it.
        var touching = new List<Passage>();
        foreach (var p in passages)
        {
            if (p.Start >= end) break;
            if (p.End > start) touching.Add(p);
        }
        var cuts = new List<int>(2 + 2 * touching.Count) { start, end };
        foreach (var p in touching)
        {
            if (p.Start > start && p.Start < end) cuts.Add(p.Start);
            if (p.End > start && p.End < end) cuts.Add(p.End);
        }
        cuts.Sort();
        var segments = new List<SegmentView>(cuts.Count - 1);
        for (var i = 0; i < cuts.Count - 1; i++)
        {
            var (a, b) = (cuts[i], cuts[i + 1]);
            if (a == b) continue; // a cut made twice
            var cited = false;
            List<string>? anchors = null;
            foreach (var p in touching)
            {
                cited |= p.Start <= a && p.End >= b;
                if (p.Start == a) (anchors ??= []).Add(p.Anchor);
            }
            segments.Add(new SegmentView(text[a..b], cited, anchors ?? []));
        }
        var starting = new List<PassageView>();
        foreach (var p in touching)
            if (p.Start >= start)
                starting.Add(new PassageView(p.Anchor, text[p.Start..p.End],
                    ((IReadOnlyList<Claim>?)claims.GetValueOrDefault(p) ?? []).Select(page.ClaimLink)
                        .Concat(((IReadOnlyList<Entity>?)summaries.GetValueOrDefault(p) ?? []).Select(e => page.Link(e.Url, $"Summary of {e.Name}"))).ToList()));
        return new SourceLineView(number, segments, starting);
    }

    /// <summary>The records that cite each passage of the source, each once, in the order given.</summary>
    private static Dictionary<Passage, List<T>> ByPassage<T>(IEnumerable<T> citing, Func<T, IEnumerable<Citation>> citations, string sourceId) where T : class
    {
        var byPassage = new Dictionary<Passage, List<T>>();
        foreach (var record in citing)
            foreach (var citation in citations(record))
            {
                if (!string.Equals(citation.Passage.SourceId, sourceId, StringComparison.Ordinal)) continue;
                if (!byPassage.TryGetValue(citation.Passage, out var records)) byPassage.Add(citation.Passage, records = []);
                // While one record's citations are gone through, it is the last listed under each passage it cites: it is listed once.
                if (records.Count == 0 || !ReferenceEquals(records[^1], record)) records.Add(record);
            }
        return byPassage;
    }
}
