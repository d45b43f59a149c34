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
            switch (field)
            {
                case EntityField.Role:
                    if (entity.Role is not null) node["jobTitle"] = entity.Role;
                    break;
                case EntityField.Country:
                    if (entity.Country is not null) node["nationality"] = new JsonObject { ["@type"] = "Country", ["name"] = entity.Country };
                    break;
                case EntityField.Date:
                    if (entity.Date is null || row.SchemaDates is not { } dates) break;
                    node[dates.Start] = IsoDate(entity.Date.Start);
                    if (dates.End is not null && entity.Date.End is not null) node[dates.End] = IsoDate(entity.Date.End);
                    break;
                case EntityField.Status:
                    if (entity.Status is not null) node["legislationLegalForce"] = entity.Status;
                    break;
                case EntityField.Place:
                    if (entity.Place is not null) node["location"] = new JsonObject { ["@type"] = "Place", ["name"] = entity.Place };
                    break;
                case EntityField.Participants:
                    node["attendee"] = new JsonArray((entity.Participants ?? []).Select(id => (JsonNode)new JsonObject
                    {
                        ["@type"] = "Person",
                        ["name"] = book.EntityById[id].Name,
                        ["url"] = href(book.EntityById[id].Url),
                    }).ToArray());
                    break;
                case EntityField.Format:
                    break; // schema.org has no property for how a meeting was held
                default:
                    throw new ArgumentOutOfRangeException(nameof(entity), field, "a field with no schema.org mapping");
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
