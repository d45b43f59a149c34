using System.Buffers;
using System.Collections.Concurrent;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace RussiaJapanBriefing;

/// <summary>
/// Annotation Markdown to HTML, made inert: raw HTML is escaped (never passed through), and links or images
/// whose address is not http, https, mailto or a plain relative path lose the address.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    // A claim's text appears on several pages, in the search index and in book.json: render each text once.
    // Keyed by the string instance, as the book holds it (comparing by reference costs nothing, hashing the text did),
    // and held strongly: a table of weak keys (ConditionalWeakTable) is one GC handle per entry, and every collection
    // scanned them all (hundreds of thousands at 10,000 sources). Texts that a long `serve` session edited away stay
    // until the table passes its bound and is emptied.
    private static readonly TextCache BlockCache = new(m => Render(m, inline: false)), InlineCache = new(m => Render(m, inline: true)),
        PlainCache = new(m => PlainAlready(m) ? m.TrimEnd() : Markdown.ToPlainText(m, Pipeline).Trim());

    /// <summary>What text may hold besides letters and digits and still mean nothing to Markdown inline.</summary>
    private static readonly SearchValues<char> InertPunctuation = SearchValues.Create(" ,.;:'\"?()-/%+=@$’‘“”—–…");

    /// <summary>Far above the texts of the biggest book measured (about 100,000 claims and summaries at 10,000 sources).</summary>
    private const int MaxCached = 1 << 20;

    /// <summary>Block Markdown: summaries and the book's introduction.</summary>
    public static string Block(string markdown) => BlockCache.Get(markdown);

    /// <summary>One short statement rendered without the surrounding paragraph, for use inside a sentence or list item.</summary>
    public static string Inline(string markdown) => InlineCache.Get(markdown);

    /// <summary>Text only, for places that take no markup: link texts, tooltips, list details.</summary>
    public static string Plain(string markdown) => PlainCache.Get(markdown);

    private sealed class TextCache(Func<string, string> render)
    {
        private readonly ConcurrentDictionary<string, string> _texts = new(ReferenceEqualityComparer.Instance);

        // ConcurrentDictionary.Count takes every lock of the table: asked on every miss, it made a new process's first
        // book.json and search index wait on each other (5% of a one-claim rebuild's CPU). Counting misses apart never
        // counts fewer than the entries, so the bound still holds.
        private int _misses;

        public string Get(string markdown)
        {
            if (_texts.TryGetValue(markdown, out var done)) return done;
            if (Interlocked.Increment(ref _misses) > MaxCached)
            {
                _texts.Clear();
                Interlocked.Exchange(ref _misses, 0);
            }
            return _texts.GetOrAdd(markdown, render);
        }
    }

    /// <summary>
    /// Text that Markdown gives back as it is, as most claims are, so it is not parsed for the plain text (a new process
    /// parsed every claim twice over): one line that starts with a letter (no heading, list, quote or code block) and
    /// holds nothing that means something inline (emphasis, code, links, escapes, entities, HTML).
    /// </summary>
    private static bool PlainAlready(string markdown)
    {
        if (markdown.Length == 0 || !char.IsLetter(markdown[0])) return false;
        foreach (var c in markdown)
            if (!char.IsLetterOrDigit(c) && !InertPunctuation.Contains(c)) return false;
        return true;
    }

    /// <summary>
    /// Why annotation Markdown cannot be used, or null when it can: checked while loading, so a problem is reported
    /// at its line instead of failing a page later. A claim (<paramref name="statement"/>) must be one paragraph.
    /// </summary>
    public static string? Problem(string markdown, bool statement)
    {
        try
        {
            var document = Markdown.Parse(markdown, Pipeline);
            if (statement && document.Count > 0 && !(document.Count == 1 && document[0] is ParagraphBlock))
                return "a claim is one statement: write it as a single paragraph of inline Markdown, without headings, lists, quotes or blank lines";
            _ = statement ? Inline(markdown) : Block(markdown);
            _ = Plain(markdown);
            return null;
        }
        catch (ArgumentException e) when (e.Message.Contains("nested", StringComparison.OrdinalIgnoreCase))
        {
            return "the Markdown is nested too deeply to render";
        }
    }

    private static string Render(string markdown, bool inline)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().Where(l => !IsSafeUrl(l.Url)))
            link.Url = "";
        foreach (var autolink in document.Descendants<AutolinkInline>().Where(l => !l.IsEmail && !IsSafeUrl(l.Url)))
            autolink.Url = "";
        // Annotation text sits below the page's own h1 and h2 headings, so its headings start at h3.
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 2);

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = inline && document.Count == 1 && document[0] is ParagraphBlock };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString().Trim();
    }

    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        // Browsers ignore control characters and white space inside a scheme ("java\tscript:"), so judge the cleaned form.
        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = cleaned.IndexOf(':');
        var slash = cleaned.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon)) return true; // relative
        var scheme = cleaned[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
