using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// Finds markup in a parsed page that a browser would execute or that would change where the page's links, forms
/// and scripts go. What the theme itself writes is allowed, narrowly:
/// <list type="bullet">
/// <item>a <c>&lt;script src&gt;</c> with no inline code whose address points into the site's <c>assets/</c>;</item>
/// <item>a JSON-LD block (<c>&lt;script type="application/ld+json"&gt;</c>, nothing else) whose content parses as JSON;</item>
/// <item>a generated data script the caller vouches for (<see cref="Allowance.DataScript"/>);</item>
/// <item>a form, iframe, object or embed whose tag and class the theme's templates write (<see cref="Allowance.FromTheme"/>),
/// with a relative address.</item>
/// </list>
/// Event-handler attributes and javascript:/data:/vbscript: addresses are never allowed, whoever wrote them.
/// </summary>
public static partial class ExecutableContent
{
    private static readonly string[] ForbiddenElements = ["iframe", "object", "embed", "form", "base", "frame", "frameset", "applet"];

    private static readonly string[] UrlAttributes =
        ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "ping", "srcset", "srcdoc", "manifest"];

    private static readonly string[] DangerousSchemes = ["javascript", "data", "vbscript"];

    /// <summary>What the theme may write besides asset scripts and JSON-LD.</summary>
    public sealed record Allowance(IReadOnlySet<(string Element, string Class)> ThemeElements, Func<string, string, bool>? DataScript = null)
    {
        public static readonly Allowance None = new(new HashSet<(string, string)>());

        /// <summary>Every form/iframe/object/embed/base tag, with its class, that a template of the theme writes literally.</summary>
        public static Allowance FromTheme(string themeDirectory, Func<string, string, bool>? dataScript = null)
        {
            var elements = new HashSet<(string, string)>();
            foreach (var file in Directory.EnumerateFiles(Path.Combine(themeDirectory, "templates"), "*.html", SearchOption.AllDirectories))
                foreach (Match m in ThemeTag().Matches(File.ReadAllText(file)))
                    elements.Add((m.Groups["name"].Value.ToLowerInvariant(), ClassOf(m.Value)));
            return new Allowance(elements, dataScript);
        }
    }

    /// <summary>Every problem in the document, each naming the file and the offending markup.</summary>
    public static List<string> Find(string file, IDocument document, Allowance? allowance = null)
    {
        allowance ??= Allowance.None;
        var problems = new List<string>();
        foreach (var element in document.All)
        {
            var name = element.LocalName;
            var where = $"{file}: {Describe(element)}";
            if (name == "script" && !IsThemeScript(element) && !IsStructuredData(element)
                && !(element.GetAttribute("src") is { } src && allowance.DataScript?.Invoke(file, src) == true && element.TextContent.Trim().Length == 0))
                problems.Add($"{where}: a script that is not the theme's own");
            if (ForbiddenElements.Contains(name) && !IsThemeElement(element, allowance))
                problems.Add($"{where}: <{name}> is not allowed");
            if (name == "meta" && string.Equals(element.GetAttribute("http-equiv")?.Trim(), "refresh", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{where}: <meta http-equiv=refresh>");
            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{where}: event-handler attribute {attribute.Name}");
                if (UrlAttributes.Contains(attribute.Name.ToLowerInvariant()) && DangerousScheme(attribute.Value) is { } scheme)
                    problems.Add($"{where}: {attribute.Name} uses the {scheme}: scheme");
            }
        }
        return problems;
    }

    /// <summary>The scheme a browser would act on, if it is javascript:, data: or vbscript: (however it is spelt).</summary>
    public static string? DangerousScheme(string value)
    {
        // Browsers drop leading/trailing C0 controls and spaces and ignore tabs and line breaks anywhere in a URL.
        var cleaned = new string(value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        // srcset and the like hold several URLs: check each candidate, not only the first.
        foreach (var candidate in cleaned.Split(','))
            foreach (var scheme in DangerousSchemes)
                if (candidate.StartsWith(scheme + ":", StringComparison.Ordinal))
                    return scheme;
        return null;
    }

    /// <summary>
    /// A JSON-LD block is data, not code: allowed when it has no other attribute and its whole content parses as
    /// JSON. Content that closed the element early ("&lt;/script&gt;" inside a value) leaves truncated JSON and fails.
    /// </summary>
    public static bool IsStructuredData(IElement script)
    {
        if (script.LocalName != "script" || script.Attributes.Length != 1 || script.GetAttribute("type") != "application/ld+json") return false;
        try
        {
            using var json = JsonDocument.Parse(script.TextContent);
            return json.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// A generated script that only assigns one JSON value to a global (<c>window.X = {…};</c>) is data: true when
    /// <paramref name="script"/> is exactly that, with JSON that parses.
    /// </summary>
    public static bool IsDataAssignment(string script, out JsonDocument? json)
    {
        json = null;
        var m = DataAssignment().Match(script);
        if (!m.Success) return false;
        try
        {
            json = JsonDocument.Parse(m.Groups["json"].Value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The site-relative path a page-relative address points at, or null when it leaves the site or is not relative.</summary>
    public static string? SitePath(string page, string src)
    {
        if (Links.Scheme(src) is not null || src.StartsWith('/') || src.Contains('\\')) return null;
        var parts = page.Split('/').SkipLast(1).ToList();
        foreach (var part in src.Split('#', '?')[0].Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part is not ("." or "")) parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static bool IsThemeScript(IElement script)
    {
        var src = script.GetAttribute("src");
        if (src is null || script.TextContent.Trim().Length > 0) return false;
        if (Links.Scheme(src) is not null || src.StartsWith('/')) return false;
        var path = src;
        while (path.StartsWith("../", StringComparison.Ordinal)) path = path[3..];
        return path.StartsWith("assets/", StringComparison.Ordinal) && !path.Contains("..", StringComparison.Ordinal);
    }

    private static bool IsThemeElement(IElement element, Allowance allowance)
    {
        if (!allowance.ThemeElements.Contains((element.LocalName, element.GetAttribute("class") ?? ""))) return false;
        // Even the theme's own form or frame must point inside the site.
        foreach (var attribute in new[] { "action", "src", "data", "href" })
            if (element.GetAttribute(attribute) is { } url && (Links.Scheme(url) is not null || url.StartsWith('/')))
                return false;
        return true;
    }

    private static string ClassOf(string tag) => TagClass().Match(tag) is { Success: true } m ? m.Groups["c"].Value : "";

    private static string Describe(IElement element)
    {
        var html = element.OuterHtml;
        var open = html.IndexOf('>');
        var tag = open >= 0 ? html[..(open + 1)] : html;
        return tag.Length <= 160 ? tag : tag[..157] + "…";
    }

    [GeneratedRegex(@"<(?<name>form|iframe|object|embed|base)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ThemeTag();

    [GeneratedRegex("\\bclass=\"(?<c>[^\"]*)\"")]
    private static partial Regex TagClass();

    [GeneratedRegex(@"^\s*window\.[A-Za-z_$][A-Za-z0-9_$]*\s*=\s*(?<json>[\s\S]*?);?\s*$")]
    private static partial Regex DataAssignment();
}
