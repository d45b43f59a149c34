using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RussiaJapanBriefing.Annotations;

/// <summary>Load phase for annotations: every YAML file under content/, read strictly into <see cref="AnnotationSet"/>.</summary>
public static partial class AnnotationLoader
{
    public static AnnotationSet Load(string contentDirectory, DiagnosticBag diagnostics) => Load(contentDirectory, diagnostics, parsed: null);

    /// <param name="parsed">For <c>serve</c>: what earlier loads parsed, so that only changed files are parsed again.</param>
    internal static AnnotationSet Load(string contentDirectory, DiagnosticBag diagnostics, ParsedFiles? parsed)
    {
        if (!Directory.Exists(contentDirectory))
        {
            diagnostics.Report(Codes.NoContent, new Location(PathDisplay.Relative(contentDirectory)), "the content folder does not exist",
                "give the folder of YAML annotations with --content");
            return new AnnotationSet(null, false, [], [], [], [], new HashSet<string>(), FolderMissing: true);
        }
        var files = InputFiles.List(contentDirectory, recursive: true,
            name => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase),
            diagnostics, parsed?.Listing).Files;
        // Files are independent, so they are read in parallel; AsOrdered keeps the path order for the merge.
        parsed?.Begin();
        var parts = files.AsParallel().AsOrdered().Select(file =>
        {
            if (parsed is not null)
                return parsed.Get(file, diagnostics, () => InputFiles.Read(file, InputFiles.MaxTextBytes, diagnostics), (bytes, own) => LoadBytes(file, bytes, own))
                    ?? new Loader(diagnostics).Result();
            var loader = new Loader(diagnostics);
            loader.LoadFile(file);
            return loader.Result();
        }).ToList();
        parsed?.End();
        return Merge(parts, diagnostics).Of([.. files.Select((file, i) => (file.Display, parts[i]))]);
    }

    private static AnnotationSet Merge(IReadOnlyList<AnnotationSet> parts, DiagnosticBag diagnostics)
    {
        var books = parts.Select(p => p.Book).OfType<BookAnnotation>().ToList();
        foreach (var again in books.Skip(1))
            diagnostics.Report(Codes.BookTwice, again.Location, "the book is described twice", $"it is already described at {books[0].Location}");
        return new AnnotationSet(
            books.FirstOrDefault(),
            parts.Any(p => p.BookDeclared),
            Concat(parts, p => p.Sources),
            Concat(parts, p => p.Entities),
            Concat(parts, p => p.Claims),
            Concat(parts, p => p.Disagreements),
            parts.SelectMany(p => p.BrokenIds).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The parts' lists end to end, sized once and copied list by list: serve merges every file's part on each save,
    /// and a big book's tens of thousands of items, enumerated one by one into a growing list, cost more than the save's parsing.
    /// </summary>
    private static List<T> Concat<T>(IReadOnlyList<AnnotationSet> parts, Func<AnnotationSet, IReadOnlyList<T>> items)
    {
        var count = 0;
        foreach (var part in parts) count += items(part).Count;
        var all = new List<T>(count);
        foreach (var part in parts)
            if (items(part) is { Count: > 0 } some) all.AddRange(some);
        return all;
    }

    private static AnnotationSet LoadBytes(InputFile file, byte[] bytes, DiagnosticBag diagnostics)
    {
        var loader = new Loader(diagnostics);
        loader.LoadBytes(file, bytes);
        return loader.Result();
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
            if (InputFiles.Read(file, InputFiles.MaxTextBytes, diagnostics) is { } bytes) LoadBytes(file, bytes);
        }

        public void LoadBytes(InputFile file, byte[] bytes)
        {
            if (TextFiles.Decode(bytes, out var notUtf8) is not { } text)
            {
                diagnostics.Report(Codes.AnnotationNotUtf8, new Location(file.Display, notUtf8!.Line, notUtf8.Column),
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
                diagnostics.Report(Codes.YamlSyntax, new Location(path, control.Line, control.Column),
                    $"YAML syntax error: the file contains the control character U+{control.Code:X4}", "remove it: annotation text has no control characters besides line breaks and tabs");
                RememberIds(text);
                return;
            }
            var problems = StructureProblems(path, text, out var events);
            if (problems.Count > 0)
            {
                foreach (var problem in problems) diagnostics.Report(problem.Code, problem.Location, problem.Message, problem.Hint);
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
                diagnostics.Report(duplicate ? Codes.DuplicateKey : Codes.YamlSyntax, new Location(path, (int)e.Start.Line, (int)e.Start.Column),
                    (duplicate ? "duplicate key: " : "YAML syntax error: ") + Describe(e));
                RememberIds(text);
                return;
            }
            // A '---' with nothing after it starts an empty document: it holds nothing, so it says nothing.
            var documents = stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).ToList();
            if (documents.Count == 0)
            {
                diagnostics.Report(Codes.EmptyFile, new Location(path), "the file holds no annotations");
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

        private void Broken(Located<string>? id)
        {
            if (id is not null) _broken.Add(id.Value);
        }

    }
}
