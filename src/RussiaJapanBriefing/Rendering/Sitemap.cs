using System.Text;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// <c>sitemap.xml</c> and the <c>robots.txt</c> that points to it: written only when a base URL is given, as they
/// only make sense with absolute addresses.
/// </summary>
public sealed class Sitemap : IOutput
{
    /// <summary>Runs after the pages: the sitemap lists the pages the sink holds.</summary>
    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics)
    {
        if (site.BaseUrl is not { } baseUrl) return;
        XmlText.Write(sink, SiteLayout.Sitemap, w =>
        {
            w.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            foreach (var path in sink.Paths.Where(p => p.EndsWith(".html", StringComparison.Ordinal) && p != SiteLayout.NotFound).Order(StringComparer.Ordinal))
            {
                w.WriteStartElement("url");
                w.WriteElementString("loc", new Uri(baseUrl, path).AbsoluteUri);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });
        // AbsoluteUri keeps the address escaped: Uri.ToString() would unescape "%0A" into a line break, and with it a rule of the caller's choosing.
        var robots = Encoding.UTF8.GetBytes($"User-agent: *\nAllow: /\nSitemap: {new Uri(baseUrl, SiteLayout.Sitemap).AbsoluteUri}\n");
        sink.Write(SiteLayout.Robots, stream => stream.Write(robots));
    }
}
