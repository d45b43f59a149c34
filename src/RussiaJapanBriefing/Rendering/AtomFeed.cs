using System.Globalization;
using System.Xml;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// <c>atom.xml</c>: the chronology, newest first, written only when a base URL is given (a feed needs absolute
/// addresses). Its only dates are the book's own, so it is as deterministic as the pages.
/// </summary>
public sealed class AtomFeed : IOutput
{
    public bool WholeBook => true;

    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics)
    {
        if (site.BaseUrl is not { } baseUrl) return;
        var book = site.Book;
        var newestFirst = book.Chronology.Reverse().ToList();
        // Where a dated claim stands is decided by the chronology's layout, recorded here once; each claim's page is
        // then asked without recording it, instead of one read per dated claim for the page tracker to keep.
        _ = book.Pages.ChronologyParts;
        var pages = BookReads.Unrecorded(() => newestFirst.ConvertAll(claim => SiteLayout.ChronologyClaim(book, claim)));
        XmlText.Write(sink, SiteLayout.Feed, w =>
        {
            const string ns = "http://www.w3.org/2005/Atom";
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
            for (var i = 0; i < newestFirst.Count; i++)
            {
                var claim = newestFirst[i];
                var url = new Uri(baseUrl, pages[i]);
                var text = MarkdownRenderer.Plain(claim.Text);
                w.WriteStartElement("entry", ns);
                w.WriteElementString("title", ns, $"{claim.Date!.Display()}: {text}");
                // The id stays what it was before the chronology had year pages: a reader's feed must not see old entries as new when the book grows.
                w.WriteElementString("id", ns, new Uri(baseUrl, SiteLayout.FeedEntry(claim)).AbsoluteUri);
                Link(w, url, null);
                w.WriteElementString("updated", ns, Timestamp(claim.Date));
                w.WriteElementString("summary", ns, claim.AccordingTo is null ? text : $"According to {claim.AccordingTo}: {text}");
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });
    }

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
}
