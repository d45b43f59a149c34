using System.Text.Json;
using System.Text.Json.Nodes;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// schema.org JSON-LD for each page: <c>Person</c> for leaders and people, <c>Place</c> for islands, <c>Event</c>
/// for meetings, <c>Legislation</c> for treaties, and a <c>Claim</c> for each claim with its <c>appearance</c> in
/// the cited sources. The default encoder escapes &lt;, &gt; and &amp;, so the JSON cannot close its script element.
/// </summary>
internal static class StructuredData
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string Website(BriefingBook book, Func<string, string> href) => Serialize(new JsonObject
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "WebSite",
        ["name"] = book.Title,
        ["url"] = href(SiteLayout.Home),
        ["description"] = MarkdownRenderer.Plain(book.Summary),
    });

    public static string Entity(BriefingBook book, Entity entity, IEnumerable<Claim> claims, Func<string, string> href)
    {
        var node = new JsonObject
        {
            ["@type"] = entity.Kind.Row().SchemaType,
            ["@id"] = href(entity.Url),
            ["name"] = entity.Name,
            ["url"] = href(entity.Url),
            ["description"] = MarkdownRenderer.Plain(entity.Summary),
        };
        if (entity.Aliases.Count > 0) node["alternateName"] = Array(entity.Aliases.Select(a => a.Name));
        var row = entity.Kind.Row();
        foreach (var field in row.Fields)
            switch (field.Type)
            {
                case FieldType.Text:
                    if (field.SchemaProperty is null || entity.Values.Text(field) is not { } text) break;
                    node[field.SchemaProperty] = field.SchemaType is null ? text : new JsonObject { ["@type"] = field.SchemaType, ["name"] = text };
                    break;
                case FieldType.Date:
                    // schema.org names a date by what it dates, so the kind says: a treaty's legislationDate, a meeting's startDate.
                    if (entity.Values.Date(field) is not { } date || row.SchemaDates is not { } dates) break;
                    node[dates.Start] = IsoDate(date.Start);
                    if (dates.End is not null && date.End is not null) node[dates.End] = IsoDate(date.End);
                    break;
                case FieldType.References:
                    if (field.SchemaProperty is null) break;
                    node[field.SchemaProperty] = new JsonArray((entity.Values.References(field) ?? []).Select(id => (JsonNode)new JsonObject
                    {
                        ["@type"] = book.EntityById[id].Kind.Row().SchemaType,
                        ["name"] = book.EntityById[id].Name,
                        ["url"] = href(book.EntityById[id].Url),
                    }).ToArray());
                    break;
                default:
                    throw new InvalidOperationException($"no schema.org mapping for {field.Type} fields");
            }
        var graph = new JsonArray(node);
        foreach (var claim in claims) graph.Add((JsonNode)Claim(book, claim, href));
        return Serialize(new JsonObject { ["@context"] = "https://schema.org", ["@graph"] = graph });
    }

    public static string Source(Source source, Func<string, string> href)
    {
        var node = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = source.Title,
            ["url"] = href(source.Url),
        };
        if (source.Info is { } info)
        {
            node["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = info.Outlet };
            node["datePublished"] = IsoDate(info.Published.Start);
            if (info.Url is not null) node["sameAs"] = info.Url;
        }
        return Serialize(node);
    }

    private static JsonObject Claim(BriefingBook book, Claim claim, Func<string, string> href)
    {
        var node = new JsonObject
        {
            ["@type"] = "Claim",
            ["text"] = MarkdownRenderer.Plain(claim.Text),
            ["about"] = new JsonArray(claim.About.Select(id => (JsonNode)new JsonObject { ["@id"] = href(book.EntityById[id].Url) }).ToArray()),
            ["appearance"] = new JsonArray(claim.Citations.Select(c => c.Passage.SourceId).Distinct().Select(id =>
            {
                var source = book.SourceById[id];
                var work = new JsonObject { ["@type"] = "CreativeWork", ["headline"] = source.Title, ["url"] = href(source.Url) };
                if (source.Info is { } info)
                {
                    work["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = info.Outlet };
                    work["datePublished"] = IsoDate(info.Published.Start);
                }
                return (JsonNode)work;
            }).ToArray()),
        };
        if (claim.Date is not null) node["temporalCoverage"] = claim.Date.ToString();
        if (claim.AccordingTo is not null) node["author"] = new JsonObject { ["@type"] = "Thing", ["name"] = claim.AccordingTo };
        return node;
    }

    /// <summary>ISO 8601 at the precision known ("2018", "2018-05", "2018-05-26"), without EDTF qualifiers.</summary>
    private static string IsoDate(DatePoint point) => (point with { Approximate = false, Uncertain = false }).ToString();

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static string Serialize(JsonNode node) => node.ToJsonString(Options);
}
