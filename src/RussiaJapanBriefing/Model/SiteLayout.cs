namespace RussiaJapanBriefing.Model;

/// <summary>
/// The one owner of the site's addresses: every page path, data file and fragment comes from here, for pages,
/// search, feeds, book.json and the pdf command alike. All are site-relative ('/'-separated); pages make them
/// relative to themselves, feeds absolute. Changing where something lives is a change here and nowhere else.
/// </summary>
public static class SiteLayout
{
    public const string Home = "index.html";
    public const string Chronology = "chronology.html";
    public const string SourcesIndex = "sources/index.html";
    public const string Search = "search.html";
    /// <summary>The whole book for printing: front matter and the table of contents of the print volumes.</summary>
    public const string Print = "print/index.html";
    public const string NotFound = "404.html";

    public const string BookData = "data/book.json";

    /// <summary>A file of book.json's claims, named by its first claim (ids are safe file names; see Ids).</summary>
    public static string ClaimData(string firstClaimId) => $"data/claims/{firstClaimId}.json";

    /// <summary>The search index's manifest: which shard holds which terms and documents.</summary>
    public const string SearchIndex = "data/search/manifest.js";
    public const string Stylesheet = "assets/style.css";
    public const string Script = "assets/site.js";

    public const string Sitemap = "sitemap.xml";
    public const string Robots = "robots.txt";
    public const string Feed = "atom.xml";

    /// <summary>Where a theme's static file is published.</summary>
    public static string Asset(string themePath) => "assets/" + themePath;

    /// <summary>The list of a kind: its folder is its YAML section, so a page's URL says where its annotation lives.</summary>
    public static string KindIndex(EntityKind kind) => $"{kind.Section()}/index.html";

    public static string Entity(EntityKind kind, string id) => $"{kind.Section()}/{id}.html";

    public static string Source(string id) => $"sources/{id}.html";

    /// <summary>One print volume: the briefs of up to <see cref="PrintVolumes.TopicsPerVolume"/> topics of a kind, numbered from 1.</summary>
    public static string PrintVolume(EntityKind kind, int number) => $"print/{kind.Section()}-{number}.html";

    /// <summary>The fragment id of a topic's brief in its print volume.</summary>
    public static string PrintTopicAnchor(string entityId) => $"topic-{entityId}";

    /// <summary>The fragment id that makes an entity page print its full record instead of its brief.</summary>
    public const string FullRecord = "full-record";

    /// <summary>The fragment id of a claim on a page that shows it.</summary>
    public static string ClaimAnchor(string claimId) => $"claim-{claimId}";

    /// <summary>Where a claim lives: the page of the first entity it is about (or its year page), at the claim's anchor.</summary>
    public static string Claim(BriefingBook book, Claim claim) => ClaimOn(book.Pages.ClaimPage(claim), claim.Id);

    /// <summary>A claim's address on <paramref name="page"/>, the page that <see cref="BookPages.ClaimPage"/> gives it.</summary>
    public static string ClaimOn(string page, string claimId) => $"{page}#{ClaimAnchor(claimId)}";

    /// <summary>A dated claim in the chronology (or its year page), where the feed points.</summary>
    public static string ChronologyClaim(BriefingBook book, Claim claim) => $"{book.Pages.ChronologyPage(claim)}#{ClaimAnchor(claim.Id)}";

    /// <summary>A feed entry's permanent id: where the claim was in the one-page chronology, wherever it is shown now.</summary>
    public static string FeedEntry(Claim claim) => $"{Chronology}#{ClaimAnchor(claim.Id)}";

    /// <summary>A disagreement, on the page of the first entity it is about (or that entity's page of further differences).</summary>
    public static string Disagreement(BriefingBook book, Disagreement disagreement) => $"{book.Pages.DisagreementPage(disagreement)}#differ-{disagreement.Id}";

    // A topic too big for one page continues in a folder named after it: its year pages ("leaders/abe/2016.html",
    // then "2016-2.html" when a year needs more than one), "undated.html", further differences and long link lists.
    // An entity's page is a file beside that folder, so no id can collide with a part.

    /// <summary>A year of a topic's record (<paramref name="year"/> null: its undated claims), page <paramref name="number"/> of that year.</summary>
    public static string EntityYear(Entity entity, int? year, int number) =>
        EntityPart(entity, year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "undated", number);

    public static string EntityDifferences(Entity entity, int number) => EntityPart(entity, "differences", number);

    /// <summary>A further page of a topic's list of links (<paramref name="list"/>: "meetings", "related", "mentioned").</summary>
    public static string EntityList(Entity entity, string list, int number) => EntityPart(entity, list, number);

    private static string EntityPart(Entity entity, string stem, int number) =>
        $"{entity.Kind.Section()}/{entity.Id}/{Numbered(stem, number)}.html";

    /// <summary>A year of the chronology, once it is too big for one page; page <paramref name="number"/> of that year.</summary>
    public static string ChronologyYear(int? year, int number) =>
        $"chronology/{Numbered(year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "undated", number)}.html";

    /// <summary>
    /// Page <paramref name="number"/> of a kind's list. Further pages go in a folder "index", a reserved id, so
    /// they cannot collide with an entity's folder.
    /// </summary>
    public static string KindIndexPage(EntityKind kind, int number) => number == 1 ? KindIndex(kind) : $"{kind.Section()}/index/{number}.html";

    /// <summary>Page <paramref name="number"/> of the list of sources (further pages in "index", as for kinds).</summary>
    public static string SourcesIndexPage(int number) => number == 1 ? SourcesIndex : $"sources/index/{number}.html";

    private static string Numbered(string stem, int number) => number == 1 ? stem : $"{stem}-{number}";

    /// <summary>The fragment id of a passage on its source page; offsets keep it stable as claims are added.</summary>
    public static string PassageAnchor(Passage passage) => $"q{passage.Start}-{passage.End}";

    public static string Passage(Passage passage) => $"{Source(passage.SourceId)}#{PassageAnchor(passage)}";

    public static string SourceLine(Source source, int number) => $"{source.Url}#line-{number}";

    /// <summary>A shard of the search index, by its name ("t12", "d40"; with "*", the pattern search.js fills in).</summary>
    public static string SearchShard(string name) => $"data/search/{name}.js";
}
