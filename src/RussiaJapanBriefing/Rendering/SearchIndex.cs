using System.Runtime.CompilerServices;
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
        SearchShards.Write(Documents(site.Book), SearchShards.Limits.Default, site.Search ?? new SearchMemo(), sink);

    /// <remarks>
    /// A record's documents are made once per record instance and kept with it (a claim's with the page it was made
    /// for): <c>serve</c> reuses every record a save left alone (see ResolvedRecords), so a one-claim edit makes one
    /// claim's document, and the kept documents keep their keys (<see cref="SearchMemo"/>) too. Making every document
    /// (each claim's Markdown turned into text, each source cut into lines) took a second at 10,000 sources.
    /// <para>
    /// Where a claim stands is decided by the first topic it is about: its own page, or the year page of that topic's
    /// layout that holds the claim (see <see cref="BookPages.ClaimPage"/>). So the index records, for each such topic,
    /// the topic's layout and its entity, and asks each claim's page without recording it: a few thousand reads at
    /// 10,000 sources instead of one per claim, each of which the page tracker numbered, listed and compared on every
    /// save. A claim moved to another page moves with its topic's layout, which the tracker sees changed. The page is
    /// asked again only for a claim whose topic's layout or entity is another instance than when it was last asked
    /// (BookPages keeps the layout of every topic a save left alone): asking all 50,000 took some 30 ms a save.
    /// </para>
    /// </remarks>
    public static IReadOnlyList<SearchDocument> Documents(BriefingBook book)
    {
        var sources = book.Sources.Select(s => s_sources.GetValue(s, SourceDocuments)).ToList();
        // Sized once: grown, a list of 100,000 documents is copied a dozen times, the last copies on the large object heap.
        var count = book.Entities.Count + sources.Count + book.Claims.Count;
        foreach (var source in sources) count += source.Passages.Length;
        var documents = new List<SearchDocument>(count);
        foreach (var entity in book.Entities) documents.Add(s_entities.GetValue(entity, EntityDocument));
        foreach (var source in sources) documents.Add(source.Source);
        var claims = book.Claims.ToArray();
        var topics = new Dictionary<string, (TopicRecord? Record, Entity Entity)>(StringComparer.Ordinal);
        var entries = new ClaimEntry?[claims.Length];
        var asked = new List<int>();
        for (var i = 0; i < claims.Length; i++)
        {
            var about = claims[i].About[0];
            if (!topics.TryGetValue(about, out var topic)) topics[about] = topic = (book.Pages.Topic(about), book.EntityById[about]);
            // A claim's page follows from its topic's layout and entity alone: while both are the instances its page was asked with, it holds.
            if (s_claims.TryGetValue(claims[i], out var kept) && ReferenceEquals(kept.Topic, topic.Record) && ReferenceEquals(kept.Entity, topic.Entity))
                entries[i] = kept;
            else asked.Add(i);
        }
        var pages = BookReads.Unrecorded(() => asked.ConvertAll(i => book.Pages.ClaimPage(claims[i])));
        for (var n = 0; n < asked.Count; n++)
        {
            var (i, page) = (asked[n], pages[n]);
            var (record, entity) = topics[claims[i].About[0]];
            var document = s_claims.TryGetValue(claims[i], out var kept) && kept.Page == page
                ? kept.Document
                : ClaimDocument(claims[i], SiteLayout.ClaimOn(page, claims[i].Id));
            s_claims.AddOrUpdate(claims[i], entries[i] = new ClaimEntry(page, document, record, entity));
        }
        foreach (var entry in entries) documents.Add(entry!.Document);
        foreach (var source in sources) documents.AddRange(source.Passages);
        return documents;
    }

    private static readonly ConditionalWeakTable<Entity, SearchDocument> s_entities = new();
    private static readonly ConditionalWeakTable<Source, SourceEntry> s_sources = new();
    private static readonly ConditionalWeakTable<Claim, ClaimEntry> s_claims = new();

    private sealed record SourceEntry(SearchDocument Source, SearchDocument[] Passages);

    /// <summary>A claim's document, made for the claim on <paramref name="Page"/>, which was asked when its first topic had <paramref name="Topic"/> and <paramref name="Entity"/>.</summary>
    private sealed record ClaimEntry(string Page, SearchDocument Document, TopicRecord? Topic, Entity Entity);

    private static SearchDocument EntityDocument(Entity entity) =>
        new(SearchDocumentType.Entity, entity.Kind.Singular(), entity.Name,
            string.Join(" · ", entity.Aliases.Select(a => a.Name).Append(MarkdownRenderer.Plain(entity.Summary))), entity.Url);

    private static SearchDocument ClaimDocument(Claim claim, string href) =>
        new(SearchDocumentType.Claim, claim.Date is null ? "Claim" : $"Claim, {claim.Date.Display()}",
            MarkdownRenderer.Plain(claim.Text), claim.AccordingTo is null ? "" : $"According to {claim.AccordingTo}", href);

    private static SourceEntry SourceDocuments(Source source)
    {
        var document = new SearchDocument(SearchDocumentType.Source, SourceLabel("Source", source), source.Title,
            string.Join(" · ", new[] { source.Info?.Outlet, source.Info?.Dateline }.OfType<string>()), source.Url);
        var label = SourceLabel("Source passage", source);
        var passages = new List<SearchDocument>();
        foreach (var line in source.Lines().Where(l => l.Boilerplate is null && l.End > l.Start))
        {
            var text = source.Text[line.Start..line.End].Trim();
            if (text.Length > 0) passages.Add(new SearchDocument(SearchDocumentType.Passage, label, source.Title, text, SiteLayout.SourceLine(source, line.Number)));
        }
        return new SourceEntry(document, [.. passages]);
    }

    private static string SourceLabel(string what, Source source) =>
        source.Info is null ? what : $"{what}, {source.Info.Outlet}, {source.Info.Published.Display()}";
}
