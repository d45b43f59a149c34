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
    /// <param name="stated">For the command line: the stat data the build snapshot took of the folder (see <see cref="InputFiles.Stated"/>).</param>
    internal static AnnotationSet Load(string contentDirectory, DiagnosticBag diagnostics, ParsedFiles? parsed, InputFiles.Stated? stated = null)
    {
        if (!Directory.Exists(contentDirectory))
        {
            diagnostics.Report(Codes.NoContent, new Location(PathDisplay.Relative(contentDirectory)), "the content folder does not exist",
                "give the folder of YAML annotations with --content");
            return new AnnotationSet(null, false, [], [], [], [], new HashSet<string>(), FolderMissing: true);
        }
        var files = InputFiles.List(contentDirectory, recursive: true,
            name => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase),
            diagnostics, parsed?.Listing, stated).Files;
        // Files are independent, so they are read in parallel; AsOrdered keeps the path order for the merge.
        parsed?.Begin();
        AnnotationSet Part(InputFile file)
        {
            if (parsed is not null)
                return parsed.Get(file, diagnostics, () => InputFiles.Read(file, InputFiles.MaxTextBytes, diagnostics), (bytes, own) => LoadBytes(file, bytes, own))
                    ?? new Loader(diagnostics).Result();
            var loader = new Loader(diagnostics);
            loader.LoadFile(file);
            return loader.Result();
        }
        var again = parsed?.Again(files, parsed.Merged?.Files, diagnostics, Part);
        var parts = again ?? files.AsParallel().AsOrdered().Select(Part).ToList();
        parsed?.End(files);
        var merged = Merge(files, parts, diagnostics, parsed?.Merged, sameFiles: again is not null);
        if (parsed is not null) parsed.Merged = merged;
        return merged;
    }

    /// <param name="last">For <c>serve</c>: the last load's set. A list to which every file gives what it gave then is
    /// that set's very list, so a save that edits claims merges only the claims, and the sources and entities lists
    /// stay the same instances: what verifying reads of them is then known to be unchanged (see ResolvedRecords).</param>
    /// <param name="sameFiles">Whether <paramref name="files"/> are those <paramref name="last"/> was merged from, by path (see ParsedFiles.Again).</param>
    private static AnnotationSet Merge(IReadOnlyList<InputFile> files, List<AnnotationSet> parts, DiagnosticBag diagnostics, AnnotationSet? last, bool sameFiles)
    {
        var was = last?.Files is { } lastFiles && lastFiles.Length == parts.Count ? lastFiles : null;
        if (was is not null && !sameFiles)
            for (var i = 0; i < parts.Count && was is not null; i++)
                if (!string.Equals(was[i].Path, files[i].Display, StringComparison.Ordinal)) was = null;
        // The files whose part is not the very same as last time, found once: after an edit, one or two of thousands.
        // Asking each list of every file whether it changed was most of a one-claim save's load at 10,000 files.
        var changed = new List<int>();
        if (was is not null)
            for (var i = 0; i < parts.Count; i++)
                if (!ReferenceEquals(parts[i], was[i].Part)) changed.Add(i);
        // Whether every file gives what it gave last time, of what a part may give: its part is the very same, or gave none and gives none.
        bool AsBefore(Func<AnnotationSet, bool> gives) => was is not null && changed.TrueForAll(i => !gives(parts[i]) && !gives(was[i].Part));

        var books = AsBefore(p => p.Book is not null) ? last!.Books! : parts.Where(p => p.Book is not null).Select(p => p.Book!).ToList();
        foreach (var again in books.Skip(1))
            diagnostics.Report(Codes.BookTwice, again.Location, "the book is described twice", $"it is already described at {books[0].Location}");
        var starts = new int[4][];
        IReadOnlyList<T> Merged<T>(int kind, Func<AnnotationSet, IReadOnlyList<T>> items)
        {
            if (AsBefore(p => items(p).Count > 0))
            {
                starts[kind] = last!.Starts![kind];
                return items(last!);
            }
            if (was is not null && items(last!) is List<T> before && Spliced(parts, changed, before, last!.Starts![kind], items, out starts[kind]) is { } spliced)
                return spliced;
            var at = starts[kind] = new int[parts.Count + 1];
            for (var i = 0; i < parts.Count; i++) at[i + 1] = at[i] + items(parts[i]).Count;
            var all = new List<T>(at[^1]);
            foreach (var part in parts)
                if (items(part) is { Count: > 0 } some) all.AddRange(some);
            return all;
        }
        return new AnnotationSet(
            books.Count > 0 ? books[0] : null,
            AsBefore(p => p.BookDeclared) ? last!.BookDeclared : parts.Any(p => p.BookDeclared),
            Merged(0, p => p.Sources),
            Merged(1, p => p.Entities),
            Merged(2, p => p.Claims),
            Merged(3, p => p.Disagreements),
            AsBefore(p => p.BrokenIds.Count > 0) ? last!.BrokenIds : parts.SelectMany(p => p.BrokenIds).ToHashSet(StringComparer.Ordinal))
            .Of(FileParts(), books, starts);

        // Each file's path and part: the last load's, with the parts that changed put in.
        (string, AnnotationSet)[] FileParts()
        {
            if (was is null) return [.. files.Select((file, i) => (file.Display, parts[i]))];
            var now = ((string Path, AnnotationSet Part)[])was.Clone();
            foreach (var i in changed) now[i].Part = parts[i];
            return now;
        }
    }

    /// <summary>
    /// The last load's list, <paramref name="before"/>, with the items of each file whose part is not the very same
    /// (<paramref name="changed"/>, in increasing order) put in place of those it gave then, which started at
    /// <paramref name="was"/>: the others' are copied a stretch at a time, and never asked how many they are, which at
    /// 10,000 files was a cache miss or three on each. Null if the last list is not as <paramref name="was"/> says.
    /// </summary>
    /// <param name="now">Where each file's items start in the list returned: <paramref name="was"/> when no file changed its number of items.</param>
    private static List<T>? Spliced<T>(List<AnnotationSet> parts, List<int> changed, List<T> before, int[] was, Func<AnnotationSet, IReadOnlyList<T>> items,
        out int[] now)
    {
        now = was;
        if (was.Length != parts.Count + 1 || was[^1] != before.Count) return null;
        var all = new List<T>(before.Count + 16);
        var kept = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(before);
        var from = 0; // the first item of the last list not yet copied
        var moved = false;
        foreach (var i in changed)
        {
            all.AddRange(kept[from..was[i]]);
            var given = items(parts[i]);
            all.AddRange(given);
            from = was[i + 1];
            moved |= given.Count != was[i + 1] - was[i];
        }
        all.AddRange(kept[from..]);
        if (!moved) return all;
        // A file now gives another number of items: those of every file after it start that much further on.
        now = new int[was.Length];
        var (shift, next) = (0, 0);
        for (var i = 0; i < was.Length; i++)
        {
            now[i] = was[i] + shift;
            if (next < changed.Count && changed[next] == i) shift += items(parts[changed[next++]]).Count - (was[i + 1] - was[i]);
        }
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
