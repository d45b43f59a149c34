using System.Text.Json;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The documents the search page indexes (with MiniSearch, in the browser): every entity, every claim and every
/// line of article text, each with the site-relative URL of the exact place it stands. Written as a script that
/// assigns a global, not as JSON to fetch, because browsers refuse fetch() on file:// pages.
/// </summary>
public sealed class SearchIndex : IOutput
{
    public void Write(SiteContext site, IOutputSink sink, DiagnosticBag diagnostics) => sink.Write(SiteLayout.SearchIndex, stream => Write(site.Book, stream));

    public static void Write(BriefingBook book, Stream stream)
    {
        // The default encoder escapes <, > and &, so the data cannot end the script that carries it.
        stream.Write("window.RJB_SEARCH = "u8);
        using (var json = new Utf8JsonWriter(stream))
        {
            var id = 0;
            void Add(string kind, string title, string text, string url)
            {
                json.WriteStartObject();
                json.WriteNumber("id", ++id);
                json.WriteString("kind", kind);
                json.WriteString("title", title);
                json.WriteString("text", text);
                json.WriteString("url", url);
                json.WriteEndObject();
                json.FlushWhenFull();
            }

            json.WriteStartObject();
            json.WriteStartArray("documents");
            foreach (var entity in book.Entities)
                Add(entity.Kind.Singular(), entity.Name,
                    string.Join(" · ", entity.Aliases.Select(a => a.Name).Append(MarkdownRenderer.Plain(entity.Summary))), entity.Url);
            foreach (var claim in book.Claims)
            {
                var text = MarkdownRenderer.Plain(claim.Text);
                var where = claim.Date is null ? "Claim" : $"Claim, {claim.Date.Display()}";
                Add(where, text, claim.AccordingTo is null ? text : $"According to {claim.AccordingTo}: {text}",
                    SiteLayout.Claim(book, claim));
            }
            foreach (var source in book.Sources)
                foreach (var line in source.Lines().Where(l => l.Boilerplate is null && l.End > l.Start))
                {
                    var text = source.Text[line.Start..line.End].Trim();
                    if (text.Length > 0) Add($"Source text, {source.Info?.Outlet ?? source.Id}", source.Title, text, SiteLayout.SourceLine(source, line.Number));
                }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.Write(";\n"u8);
    }
}
