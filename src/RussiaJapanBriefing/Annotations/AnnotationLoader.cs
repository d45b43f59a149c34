using System.Globalization;
using RussiaJapanBriefing.Model;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace RussiaJapanBriefing.Annotations;

/// <summary>Load phase for annotations: every YAML file under content/, read strictly into <see cref="AnnotationSet"/>.</summary>
public static partial class AnnotationLoader
{
    private static readonly string[] Sections = ["book", "sources", "claims", "disagreements", .. EntityKinds.All.Select(k => k.Section())];
    private static readonly string[] DisagreementKeys = ["id", "topic", "kind", "note", "about", "claims", "wording"];
    private static readonly string[] DisagreementKindNames = ["sources", "positions"];
    private static readonly string[] BookKeys = ["title", "summary", "key_facts", "contested_terms", "wording"];
    private static readonly string[] ContestedTermsKeys = ["side", "names", "terms"];
    private static readonly string[] WordingKeys = ["allow", "term", "reason"];
    private static readonly string[] SourceKeys = ["id", "outlet", "headline", "url", "published", "published_note", "dateline", "boilerplate", "uncited"];
    private static readonly string[] UncitedKeys = ["quote", "reason"];
    private static readonly string[] BoilerplateKeys = ["lines", "reason"];
    private static readonly string[] EntityKeys = ["id", "name", "summary", "aliases", "related", "cite", "wording"];
    private static readonly string[] AliasKeys = ["name", "used_by", "note"];
    private static readonly string[] ClaimKeys = ["id", "text", "about", "date", "date_note", "according_to", "planned", "cite", "wording"];
    private static readonly string[] CitationKeys = ["source", "quote", "context"];

    private static string[] KeysOf(EntityKind kind) => [.. EntityKeys, .. kind.Row().Fields.Select(f => f.Key())];

    public static AnnotationSet Load(string contentDirectory, DiagnosticBag diagnostics)
    {
        if (!Directory.Exists(contentDirectory))
        {
            diagnostics.Error(Codes.NoContent, new Location(PathDisplay.Relative(contentDirectory)), "the content folder does not exist",
                "give the folder of YAML annotations with --content");
            return new AnnotationSet(null, false, [], [], [], [], new HashSet<string>(), FolderMissing: true);
        }
        var files = InputFiles.List(contentDirectory, recursive: true,
            name => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase),
            diagnostics).Files;
        // Files are independent, so they are read in parallel; AsOrdered keeps the path order for the merge.
        var parts = files.AsParallel().AsOrdered().Select(file =>
        {
            var loader = new Loader(diagnostics);
            loader.LoadFile(file);
            return loader.Result();
        }).ToList();
        return Merge(parts, diagnostics);
    }

    private static AnnotationSet Merge(IReadOnlyList<AnnotationSet> parts, DiagnosticBag diagnostics)
    {
        var books = parts.Select(p => p.Book).OfType<BookAnnotation>().ToList();
        foreach (var again in books.Skip(1))
            diagnostics.Error(Codes.BookTwice, again.Location, "the book is described twice", $"it is already described at {books[0].Location}");
        return new AnnotationSet(
            books.FirstOrDefault(),
            parts.Any(p => p.BookDeclared),
            parts.SelectMany(p => p.Sources).ToList(),
            parts.SelectMany(p => p.Entities).ToList(),
            parts.SelectMany(p => p.Claims).ToList(),
            parts.SelectMany(p => p.Disagreements).ToList(),
            parts.SelectMany(p => p.BrokenIds).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Parses one YAML text; exposed so tests can feed text without files.</summary>
    public static AnnotationSet LoadText(string path, string text, DiagnosticBag diagnostics)
    {
        var loader = new Loader(diagnostics);
        loader.LoadText(path, text);
        return loader.Result();
    }

    private sealed partial class Loader(DiagnosticBag diagnostics)
    {
        private BookAnnotation? _book;
        private bool _bookDeclared;
        private readonly List<SourceAnnotation> _sources = [];
        private readonly List<EntityAnnotation> _entities = [];
        private readonly List<ClaimAnnotation> _claims = [];
        private readonly List<DisagreementAnnotation> _disagreements = [];
        private readonly HashSet<string> _broken = new(StringComparer.Ordinal);

        public AnnotationSet Result() => new(_book, _bookDeclared, _sources, _entities, _claims, _disagreements, _broken);

        public void LoadFile(InputFile file)
        {
            if (InputFiles.Read(file, InputFiles.MaxTextBytes, diagnostics) is not { } bytes) return;
            if (TextFiles.Decode(bytes, out var notUtf8) is not { } text)
            {
                diagnostics.Error(Codes.AnnotationNotUtf8, new Location(file.Display, notUtf8!.Line, notUtf8.Column),
                    $"the annotation file is not valid UTF-8 text: {notUtf8.What}", "re-save it as UTF-8");
                // What it declares is still declared: references to it are not told the ids do not exist.
                RememberIds(System.Text.Encoding.UTF8.GetString(bytes));
                return;
            }
            LoadText(file.Display, text);
        }

        public void LoadText(string path, string text)
        {
            if (TextFiles.FirstControlCharacter(text) is { } control)
            {
                diagnostics.Error(Codes.YamlSyntax, new Location(path, control.Line, control.Column),
                    $"YAML syntax error: the file contains the control character U+{control.Code:X4}", "remove it: annotation text has no control characters besides line breaks and tabs");
                RememberIds(text);
                return;
            }
            var problems = StructureProblems(path, text, out var events);
            if (problems.Count > 0)
            {
                foreach (var problem in problems) diagnostics.Error(problem.Code, problem.Location, problem.Message, problem.Hint);
                RememberIds(text);
                return;
            }
            var stream = new YamlStream();
            try
            {
                stream.Load(new Replay(events));
            }
            catch (YamlException e)
            {
                var duplicate = e.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase);
                diagnostics.Error(duplicate ? Codes.DuplicateKey : Codes.YamlSyntax, new Location(path, (int)e.Start.Line, (int)e.Start.Column),
                    (duplicate ? "duplicate key: " : "YAML syntax error: ") + Describe(e));
                RememberIds(text);
                return;
            }
            // A '---' with nothing after it starts an empty document: it holds nothing, so it says nothing.
            var documents = stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).ToList();
            if (documents.Count == 0)
            {
                diagnostics.Warning(Codes.EmptyFile, new Location(path), "the file holds no annotations");
                return;
            }
            foreach (var document in documents)
            {
                var root = new MapReader(document.RootNode, path, "an annotation file", diagnostics, Sections);
                if (root.Node("book") is { } book) ReadBook(root, book, path);
                foreach (var item in root.Items("sources")) ReadSource(item, path);
                foreach (var kind in EntityKinds.All)
                    foreach (var item in root.Items(kind.Section())) ReadEntity(kind, item, path);
                foreach (var item in root.Items("claims")) ReadClaim(item, path);
                foreach (var item in root.Items("disagreements")) ReadDisagreement(item, path);
            }
        }

        /// <summary>
        /// A file that does not parse still names ids that other files refer to; remembering them keeps one syntax
        /// error from turning into an "unknown id" error at every reference.
        /// </summary>
        private void RememberIds(string text)
        {
            foreach (Match match in DeclaredId().Matches(text)) _broken.Add(match.Groups["id"].Value);
        }

        private const int MaxNesting = 64;

        private sealed record Problem(string Code, Location Location, string Message, string? Hint = null);

        /// <summary>A mapping or list of the first pass: whether its next node is a key, and whether it has ended yet.</summary>
        private sealed class Open(bool mapping)
        {
            public bool Mapping { get; } = mapping;
            public bool ExpectKey { get; set; } = mapping;
            public bool Closed { get; set; }
        }

        /// <summary>
        /// A first pass with the event parser, which does not recurse: it refuses absurd nesting (which would overflow
        /// the stack of the recursive loader and kill the process), and turns the parser's own failures (an unclosed
        /// "{", for one) into a syntax error at the last place it understood. Tabs used for indentation are pointed
        /// at where they are, not where the enclosing block starts. Its events are kept for the loader to replay.
        /// It also refuses, before any node is built, what annotation files never need and the loader cannot survive:
        /// an alias inside the node it names (the loader recurses through it until the stack overflows), and keys
        /// that are aliases, lists, mappings or merges (hashing a key built of nested aliases takes exponential time).
        /// </summary>
        private static List<Problem> StructureProblems(string path, string text, out List<ParsingEvent> events)
        {
            var parser = new Parser(new StringReader(text));
            var open = new Stack<Open>();
            var anchors = new Dictionary<AnchorName, Open?>(); // null for an anchored scalar, which holds no alias
            var problems = new List<Problem>();
            var last = new Location(path, 1, 1);
            events = [];
            try
            {
                while (parser.MoveNext())
                {
                    var current = parser.Current!;
                    events.Add(current);
                    var at = new Location(path, (int)current.Start.Line, (int)current.Start.Column);
                    last = new Location(path, (int)current.End.Line, (int)current.End.Column);
                    if (current is NodeEvent or AnchorAlias && open.TryPeek(out var parent) && parent.Mapping)
                    {
                        if (parent.ExpectKey && KeyProblem(current, at) is { } problem) problems.Add(problem);
                        parent.ExpectKey = !parent.ExpectKey;
                    }
                    if (current is AnchorAlias alias && anchors.TryGetValue(alias.Value, out var target) && target is { Closed: false })
                        problems.Add(new Problem(Codes.RecursiveAlias, at, $"the alias *{alias.Value} is inside the node its anchor names, so it would contain itself",
                            "annotation files have no use for recursive data; copy the values instead"));
                    if (current is SequenceStart or MappingStart)
                    {
                        var container = new Open(current is MappingStart);
                        open.Push(container);
                        if (open.Count > MaxNesting)
                            return [new Problem(Codes.YamlSyntax, at, "YAML syntax error: the file is nested too deeply to be an annotation file", "annotation files nest a few levels at most")];
                    }
                    // A later anchor of the same name replaces the earlier one for the aliases after it.
                    if (current is NodeEvent { Anchor.IsEmpty: false } anchored) anchors[anchored.Anchor] = anchored is Scalar ? null : open.Peek();
                    if (current is SequenceEnd or MappingEnd) open.Pop().Closed = true;
                }
                return problems;
            }
            catch (YamlException e) when (!e.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase))
            {
                var tab = e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? FirstIndentingTab(text, (int)e.Start.Line) : null;
                problems.Add(new Problem(Codes.YamlSyntax, tab is null ? new Location(path, (int)e.Start.Line, (int)e.Start.Column) : new Location(path, tab.Value.Line, tab.Value.Column),
                    "YAML syntax error: " + Describe(e), tab is null ? null : "YAML does not allow tabs for indentation; use spaces"));
                return problems;
            }
            catch (InvalidOperationException)
            {
                problems.Add(new Problem(Codes.YamlSyntax, last, "YAML syntax error: the file ends inside an unclosed '{', '[' or quoted value", "close every bracket and quote you open"));
                return problems;
            }
        }

        /// <summary>Every key of an annotation file is plain text: anything else is refused here, at the key.</summary>
        private static Problem? KeyProblem(ParsingEvent key, Location at) => key switch
        {
            AnchorAlias alias => new Problem(Codes.AliasKey, at, $"the alias *{alias.Value} is used as a key", "write the key as plain text"),
            SequenceStart or MappingStart => new Problem(Codes.ComplexKey, at, $"a {(key is SequenceStart ? "list" : "mapping")} is used as a key", "keys are plain text, such as 'id' or 'name'"),
            Scalar { Value: "<<", Style: ScalarStyle.Plain } => new Problem(Codes.MergeKey, at, "merge keys ('<<') are not supported", "write the fields out in full"),
            _ => null,
        };

        /// <summary>The events of the first pass, given to the loader so that the text is scanned only once.</summary>
        private sealed class Replay(List<ParsingEvent> events) : IParser
        {
            private int _next;

            public ParsingEvent? Current { get; private set; }

            public bool MoveNext()
            {
                Current = _next < events.Count ? events[_next++] : null;
                return Current is not null;
            }
        }

        private static (int Line, int Column)? FirstIndentingTab(string yaml, int fromLine)
        {
            var lines = yaml.Split('\n');
            for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var column = lines[i].IndexOf('\t', 0, indent);
                if (column >= 0) return (i + 1, column + 1);
            }
            return null;
        }

        [GeneratedRegex(@"^[ \t-]*id:[ \t]*[""']?(?<id>[a-z0-9][a-z0-9_-]{0,79})[""']?[ \t]*(#.*)?\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
        private static partial Regex DeclaredId();

        private static string Describe(YamlException e)
        {
            // YamlDotNet prefixes messages with its own "(Line: …)" position, which our location already carries.
            var message = e.InnerException?.Message ?? e.Message;
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
        }

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
                diagnostics.Error(Codes.BookTwice, root.At(node), "the book is described twice", $"it is already described at {_book.Location}");
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
                r.String("published_note"), r.String("dateline"), boilerplate, uncited));
        }

        private void ReadEntity(EntityKind kind, YamlNode node, string path)
        {
            var r = new MapReader(node, path, $"an entry of '{kind.Section()}'", diagnostics, KeysOf(kind));
            var id = r.Id();
            var name = r.String("name", required: true);
            var summary = r.Markdown("summary", required: true);
            var aliases = new List<Alias>();
            foreach (var item in r.Items("aliases"))
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } plain })
                {
                    aliases.Add(new Alias(plain, null, null));
                    continue;
                }
                var a = new MapReader(item, path, "an alias", diagnostics, AliasKeys);
                var aliasName = a.String("name", required: true);
                if (a.Ok) aliases.Add(new Alias(aliasName!, a.String("used_by"), a.String("note")));
                else r.Invalidate();
            }
            var related = r.Ids("related");
            var participants = r.Ids("participants");
            var date = r.Date("date");
            var citations = ReadCitations(r, path);
            var wording = ReadWording(r, path);
            if (!r.Ok || id is null) { Broken(id); return; }
            _entities.Add(new EntityAnnotation(r.Location, kind, id, name!, summary!, aliases, related,
                r.String("role"), r.String("country"), date, r.String("status"), r.String("place"), r.String("format"), participants, citations, wording));
        }

        private void ReadClaim(YamlNode node, string path)
        {
            var r = new MapReader(node, path, "a claim", diagnostics, ClaimKeys);
            var id = r.Id();
            var text = r.Markdown("text", statement: true, required: true);
            var about = r.Ids("about", required: true);
            var date = r.Date("date");
            var planned = r.Flag("planned");
            var cite = r.Node("cite");
            var citations = ReadCitations(r, path);
            var wording = ReadWording(r, path);
            // Absent, null ("cite:", "cite: ~") or an empty list: all mean no citation. A claim that is not even a
            // mapping has already been reported as such.
            if (r.IsMapping && citations.Count == 0 && (cite is null || cite is YamlScalarNode || cite is YamlSequenceNode { Children.Count: 0 }))
                r.Fail(Codes.NoCitation, cite is null ? r.Location : r.At(cite), $"claim '{id?.Value}' has no citation: every claim must cite a passage of a source",
                    "add 'cite:' with a 'source' and a verbatim 'quote'");
            if (!r.Ok || id is null) { Broken(id); return; }
            _claims.Add(new ClaimAnnotation(r.Location, id, text!, about, date, r.String("date_note"), r.String("according_to"), planned, citations, wording));
        }

        private List<CitationAnnotation> ReadCitations(MapReader r, string path)
        {
            var citations = new List<CitationAnnotation>();
            foreach (var item in r.Items("cite"))
            {
                var c = new MapReader(item, path, "a citation", diagnostics, CitationKeys);
                var source = c.Text("source", required: true);
                var quote = c.Text("quote");
                if (c.Ok && (quote is null || string.IsNullOrWhiteSpace(quote.Value)))
                    c.Fail(Codes.EmptyQuote, quote?.Location ?? c.Location, "the citation has no quote", "copy the passage verbatim from the source");
                var context = c.Text("context");
                if (c.Ok) citations.Add(new CitationAnnotation(c.Location, source!, quote!, context));
                else r.Invalidate();
            }
            return citations;
        }

        private void ReadDisagreement(YamlNode node, string path)
        {
            var r = new MapReader(node, path, "a disagreement", diagnostics, DisagreementKeys);
            var id = r.Id();
            var topic = r.String("topic", required: true);
            var about = r.Ids("about", required: true);
            var claims = r.Ids("claims", required: true);
            var note = r.Markdown("note");
            // No default: whether sources differ or sides do is the editor's call, and the badge says it.
            var kind = r.Text("kind", required: true);
            if (kind is not null && !DisagreementKindNames.Contains(kind.Value))
                r.Fail(Codes.WrongType, kind.Location, $"'kind' must be sources or positions, not '{kind.Value}'",
                    "sources: the sources differ about a fact; positions: the sides take different positions, reported by any source");
            var wording = ReadWording(r, path);
            if (claims.Select(c => c.Value).Distinct().Count() is var distinct && distinct < 2 && r.Ok)
                r.Fail(Codes.MissingField, r.Location, "a disagreement sets at least two different claims side by side");
            if (!r.Ok || id is null) return;
            _disagreements.Add(new DisagreementAnnotation(r.Location, id, topic!, note, about, claims,
                kind!.Value == "sources" ? DisagreementKind.Sources : DisagreementKind.Positions, wording));
        }

        /// <summary>A list of plain strings; a single string is accepted in place of a one-item list.</summary>
        private static List<string> Strings(MapReader r, string key)
        {
            if (r.Node(key) is YamlScalarNode { Value: { Length: > 0 } single }) return [single];
            var result = new List<string>();
            foreach (var item in r.Items(key))
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } value }) result.Add(value);
                else r.Fail(Codes.WrongType, r.At(item), $"each entry of '{key}' must be text");
            }
            return result;
        }

        /// <summary>
        /// The wording checks an item is allowed to fail, each with its reason: the reason is what a reviewer reads, so
        /// an allowance without one is an error.
        /// </summary>
        private List<WordingAllowance> ReadWording(MapReader r, string path)
        {
            var allowances = new List<WordingAllowance>();
            foreach (var item in r.Items("wording"))
            {
                var w = new MapReader(item, path, "a wording entry", diagnostics, WordingKeys);
                var code = w.Text("allow", required: true);
                var term = w.String("term");
                var reason = w.String("reason", required: true);
                if (w.Ok) allowances.Add(new WordingAllowance(code!, term, reason!));
                else r.Invalidate();
            }
            return allowances;
        }

        private void Broken(Located<string>? id)
        {
            if (id is not null) _broken.Add(id.Value);
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
