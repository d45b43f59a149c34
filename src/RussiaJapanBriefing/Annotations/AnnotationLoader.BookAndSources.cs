using System.Globalization;
using RussiaJapanBriefing.Model;
using YamlDotNet.RepresentationModel;

namespace RussiaJapanBriefing.Annotations;

public static partial class AnnotationLoader
{
    /// <summary>The readers of the book's own settings (book.yaml) and of the sources' metadata.</summary>
    private sealed partial class Loader
    {
        private void ReadBook(MapReader root, YamlNode node, string path)
        {
            _bookDeclared = true;
            var r = new MapReader(node, path, "the book", diagnostics, BookKeys);
            var title = r.String("title", required: true);
            var summary = r.Markdown("summary", required: true);
            var keyFacts = r.Ids("key_facts");
            var contested = new List<ContestedTermsAnnotation>();
            foreach (var item in r.Items("contested_terms"))
            {
                var c = new MapReader(item, path, "a contested_terms entry", diagnostics, ContestedTermsKeys);
                var side = c.String("side", required: true);
                var names = Strings(c, "names");
                var terms = c.Items("terms", required: true).Select(t => t is YamlScalarNode { Value: { Length: > 0 } term }
                    ? new Located<string>(term, c.At(t)) : null).ToList();
                if (terms.Any(t => t is null)) c.Fail(Codes.WrongType, c.Location, "each entry of 'terms' must be a word or phrase");
                if (c.Ok) contested.Add(new ContestedTermsAnnotation(c.Location, side!, names, terms!));
                else r.Invalidate();
            }
            var wording = ReadWording(r, path);
            if (!r.Ok) return;
            if (_book is not null)
            {
                diagnostics.Report(Codes.BookTwice, root.At(node), "the book is described twice", $"it is already described at {_book.Location}");
                return;
            }
            _book = new BookAnnotation(r.Location, title!, summary!, keyFacts, contested, wording);
        }

        private void ReadSource(YamlNode node, string path)
        {
            var r = new MapReader(node, path, "a source", diagnostics, SourceKeys);
            var id = r.Id();
            var outlet = r.String("outlet", required: true);
            var headline = r.String("headline", required: true);
            var url = r.Text("url");
            var published = r.Date("published", required: true);
            var boilerplate = new List<Located<LineRange>>();
            foreach (var item in r.Items("boilerplate"))
            {
                var b = new MapReader(item, path, "a boilerplate entry", diagnostics, BoilerplateKeys);
                var lines = b.Text("lines", required: true);
                var reason = b.String("reason");
                if (lines is null) { r.Invalidate(); continue; }
                if (TryParseLines(lines.Value, out var first, out var last))
                    boilerplate.Add(new Located<LineRange>(new LineRange(first, last, reason), lines.Location));
                else
                    r.Fail(Codes.InvalidLineRange, lines.Location, $"'{lines.Value}' is not a line range", "write '7', '7-9' or '40-' (to the end)");
            }
            var uncited = new List<UncitedAnnotation>();
            foreach (var item in r.Items("uncited"))
            {
                var u = new MapReader(item, path, "an uncited entry", diagnostics, UncitedKeys);
                var quote = u.Text("quote", required: true);
                var reason = u.String("reason", required: true);
                if (u.Ok) uncited.Add(new UncitedAnnotation(quote!, reason!));
                else r.Invalidate();
            }
            if (url is not null && !IsWebAddress(url.Value))
                r.Fail(Codes.WrongType, url.Location, $"'{url.Value}' is not an http(s) address");
            if (!r.Ok || id is null) { Broken(id); return; }
            _sources.Add(new SourceAnnotation(r.Location, id, outlet!, headline!, url?.Value, published!,
                r.String("published_note"), r.String("dateline"), boilerplate, uncited, r.Flag("draft")));
        }

        private static bool TryParseLines(string text, out int first, out int last)
        {
            var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
            last = int.MaxValue;
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out first) || first < 1) return false;
            if (parts.Length == 1) { last = first; return true; }
            if (parts[1].Length == 0) return true;
            return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out last) && last >= first;
        }

        private static bool IsWebAddress(string url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }
}
