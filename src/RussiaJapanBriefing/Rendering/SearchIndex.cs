using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The search index: every entity, source, claim and line of article text as a <see cref="SearchDocument"/>, each
/// with the site-relative URL of the exact place it stands, written as shards (<see cref="SearchShards"/>) so a
/// query loads only the few it needs. Documents are numbered in the order they rank when nothing else tells
/// them apart (entities, sources, claims, passages), and a source's lines stay together, so the results of a rare
/// term tend to share document shards. A document's number is its place: an edited text keeps every number, so
/// only the shards around the edit change, but a document added or removed renumbers all after it, and so changes
/// the term shards holding their postings.
/// </summary>
public sealed class SearchIndex : IOutput
{
    public bool WholeBook => true;

    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics) =>
        SearchShards.Write([.. Documents(site.Book)], SearchShards.Limits.Default, site.Search ?? new SearchMemo(), sink);

    public static IEnumerable<SearchDocument> Documents(BriefingBook book)
    {
        foreach (var entity in book.Entities)
            yield return new SearchDocument(SearchDocumentType.Entity, entity.Kind.Singular(), entity.Name,
                string.Join(" · ", entity.Aliases.Select(a => a.Name).Append(MarkdownRenderer.Plain(entity.Summary))), entity.Url);
        foreach (var source in book.Sources)
            yield return new SearchDocument(SearchDocumentType.Source, SourceLabel("Source", source), source.Title,
                string.Join(" · ", new[] { source.Info?.Outlet, source.Info?.Dateline }.OfType<string>()), source.Url);
        foreach (var claim in book.Claims)
        {
            var text = MarkdownRenderer.Plain(claim.Text);
            yield return new SearchDocument(SearchDocumentType.Claim, claim.Date is null ? "Claim" : $"Claim, {claim.Date.Display()}",
                text, claim.AccordingTo is null ? "" : $"According to {claim.AccordingTo}", SiteLayout.Claim(book, claim));
        }
        foreach (var source in book.Sources)
        {
            var label = SourceLabel("Source passage", source);
            foreach (var line in source.Lines().Where(l => l.Boilerplate is null && l.End > l.Start))
            {
                var text = source.Text[line.Start..line.End].Trim();
                if (text.Length > 0) yield return new SearchDocument(SearchDocumentType.Passage, label, source.Title, text, SiteLayout.SourceLine(source, line.Number));
            }
        }
    }

    private static string SourceLabel(string what, Source source) =>
        source.Info is null ? what : $"{what}, {source.Info.Outlet}, {source.Info.Published.Display()}";
}
