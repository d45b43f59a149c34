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
    public const string Print = "print.html";
    public const string NotFound = "404.html";

    public const string BookData = "data/book.json";
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

    /// <summary>The fragment id of a claim on a page that shows it.</summary>
    public static string ClaimAnchor(string claimId) => $"claim-{claimId}";

    /// <summary>Where a claim lives: the page of the first entity it is about, at the claim's anchor.</summary>
    public static string Claim(BriefingBook book, Claim claim) => $"{book.EntityById[claim.About[0]].Url}#{ClaimAnchor(claim.Id)}";

    /// <summary>A dated claim in the chronology, where the feed points.</summary>
    public static string ChronologyClaim(Claim claim) => $"{Chronology}#{ClaimAnchor(claim.Id)}";

    /// <summary>A disagreement, on the page of the first entity it is about.</summary>
    public static string Disagreement(BriefingBook book, Disagreement disagreement) => $"{book.EntityById[disagreement.About[0]].Url}#differ-{disagreement.Id}";

    /// <summary>The fragment id of a passage on its source page; offsets keep it stable as claims are added.</summary>
    public static string PassageAnchor(Passage passage) => $"q{passage.Start}-{passage.End}";

    public static string Passage(Passage passage) => $"{Source(passage.SourceId)}#{PassageAnchor(passage)}";

    public static string SourceLine(Source source, int number) => $"{source.Url}#line-{number}";

    /// <summary>A shard of the search index, by its name ("t12", "d40"; with "*", the pattern search.js fills in).</summary>
    public static string SearchShard(string name) => $"data/search/{name}.js";
}
