using System.Globalization;
using System.Text;
using System.Xml;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The files that only make sense with absolute addresses, so they are written only when a base URL is given:
/// <c>sitemap.xml</c>, <c>robots.txt</c> and <c>atom.xml</c> (the chronology, newest first). Their only dates
/// are the book's own, so they are as deterministic as the pages.
/// </summary>
public static class SiteFeeds
{
    /// <summary>Call once every page is written: the sitemap lists the pages the writer holds.</summary>
    public static void Write(BriefingBook book, Uri baseUrl, IOutputSink site)
    {
        var sitemap = Sitemap(baseUrl, site.Paths);
        Write(site, SiteLayout.Sitemap, sitemap);
        // AbsoluteUri keeps the address escaped: Uri.ToString() would unescape "%0A" into a line break, and with it a rule of the caller's choosing.
        Write(site, SiteLayout.Robots, $"User-agent: *\nAllow: /\nSitemap: {new Uri(baseUrl, SiteLayout.Sitemap).AbsoluteUri}\n");
        Write(site, SiteLayout.Feed, Atom(book, baseUrl));
    }

    private static void Write(IOutputSink site, string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        site.Write(path, stream => stream.Write(bytes));
    }

    private static string Sitemap(Uri baseUrl, IEnumerable<string> pagePaths) => Xml(w =>
    {
        w.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
        foreach (var path in pagePaths.Where(p => p.EndsWith(".html", StringComparison.Ordinal) && p != SiteLayout.NotFound).Order(StringComparer.Ordinal))
        {
            w.WriteStartElement("url");
            w.WriteElementString("loc", new Uri(baseUrl, path).AbsoluteUri);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    private static string Atom(BriefingBook book, Uri baseUrl) => Xml(w =>
    {
        const string ns = "http://www.w3.org/2005/Atom";
        var newestFirst = book.Chronology.Reverse().ToList();
        w.WriteStartElement("feed", ns);
        w.WriteElementString("title", ns, $"{book.Title}: chronology");
        w.WriteElementString("id", ns, new Uri(baseUrl, SiteLayout.Chronology).AbsoluteUri);
        Link(w, new Uri(baseUrl, SiteLayout.Feed), "self");
        Link(w, new Uri(baseUrl, SiteLayout.Chronology), null);
        // The feed's date is the book's own (its latest dated claim), never the time of the build.
        w.WriteElementString("updated", ns, Timestamp(newestFirst.FirstOrDefault()?.Date));
        w.WriteStartElement("author", ns);
        w.WriteElementString("name", ns, book.Title);
        w.WriteEndElement();
        foreach (var claim in newestFirst)
        {
            var url = new Uri(baseUrl, SiteLayout.ChronologyClaim(claim));
            var text = MarkdownRenderer.Plain(claim.Text);
            w.WriteStartElement("entry", ns);
            w.WriteElementString("title", ns, $"{claim.Date!.Display()}: {text}");
            w.WriteElementString("id", ns, url.AbsoluteUri);
            Link(w, url, null);
            w.WriteElementString("updated", ns, Timestamp(claim.Date));
            w.WriteElementString("summary", ns, claim.AccordingTo is null ? text : $"According to {claim.AccordingTo}: {text}");
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    private static void Link(XmlWriter w, Uri href, string? rel)
    {
        w.WriteStartElement("link", "http://www.w3.org/2005/Atom");
        if (rel is not null) w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("href", href.AbsoluteUri);
        w.WriteEndElement();
    }

    private static string Timestamp(PartialDate? date) =>
        (date is null ? new DateOnly(1970, 1, 1) : PartialDate.FirstDay(date.Start))
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    private static string Xml(Action<XmlWriter> write)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, NewLineChars = "\n" }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        // StringBuilder output declares UTF-16; the file is written as UTF-8, so say so.
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal) + "\n";
    }
}
