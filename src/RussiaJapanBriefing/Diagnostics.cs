using System.Globalization;
using System.Text;

namespace RussiaJapanBriefing;

/// <summary>A place in an input file. Line and column are 1-based; 0 means "the whole file".</summary>
public readonly record struct Location(string Path, int Line = 0, int Column = 0)
{
    public override string ToString() =>
        Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Path}({Line},{Math.Max(Column, 1)})") : Path;
}

public enum Severity { Warning, Error }

/// <summary>What one kind of problem is: its stable code, its severity and a short title.</summary>
public sealed record DiagnosticDescriptor(string Id, Severity Severity, string Title);

/// <summary>
/// One problem found in the inputs, printed the way compilers print them
/// (<c>path(line,col): error RJB0123: message</c>) so editors and CI annotate the right line.
/// </summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, Location Location, string Message, string? Hint = null)
{
    public string Code => Descriptor.Id;
    public Severity Severity => Descriptor.Severity;

    /// <summary>
    /// The hash, taken once (0 until then): serve's saves report again thousands of warnings kept from the last build,
    /// the same instances, and <see cref="DiagnosticBag"/> hashed each one's strings (its descriptor's long title
    /// among them) anew on every save.
    /// </summary>
    private int _hash;

    /// <summary>A copy (<c>with</c>) may differ in any field: it takes its own hash.</summary>
    private Diagnostic(Diagnostic original)
    {
        Descriptor = original.Descriptor;
        Location = original.Location;
        Message = original.Message;
        Hint = original.Hint;
    }

    /// <summary>The fields compared as a record's are, the cached hashes first.</summary>
    public bool Equals(Diagnostic? other) =>
        ReferenceEquals(this, other)
        || (other is not null && GetHashCode() == other.GetHashCode() && Descriptor == other.Descriptor && Location == other.Location
            && Message == other.Message && Hint == other.Hint);

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        // Equal descriptors have equal ids: the id alone stands for the descriptor.
        var hash = HashCode.Combine(Descriptor.Id, Location, Message, Hint);
        return _hash = hash == 0 ? 1 : hash;
    }

    public override string ToString() => AppendTo(new StringBuilder()).ToString();

    /// <summary>Appends the line <see cref="ToString"/> gives, making no string of its own (a rebuild may print thousands).</summary>
    public StringBuilder AppendTo(StringBuilder text)
    {
        text.Append(Location.Path);
        if (Location.Line > 0) text.Append(CultureInfo.InvariantCulture, $"({Location.Line},{Math.Max(Location.Column, 1)})");
        text.Append(": ").Append(Severity == Severity.Error ? "error " : "warning ").Append(Code).Append(": ").Append(Message);
        if (Hint is not null) text.Append(" (").Append(Hint).Append(')');
        return text;
    }
}

/// <summary>How the cache folder's files keep diagnostics to report again (the build snapshot, the wording memo).</summary>
internal static class DiagnosticFormat
{
    public static void Write(BinaryWriter writer, Diagnostic d)
    {
        writer.Write(d.Descriptor.Id);
        writer.Write((byte)d.Descriptor.Severity);
        writer.Write(d.Descriptor.Title);
        writer.Write(d.Location.Path);
        writer.Write(d.Location.Line);
        writer.Write(d.Location.Column);
        writer.Write(d.Message);
        writer.Write(d.Hint is not null);
        if (d.Hint is not null) writer.Write(d.Hint);
    }

    public static Diagnostic Read(ByteReader reader)
    {
        var descriptor = new DiagnosticDescriptor(reader.ReadString(), (Severity)reader.ReadByte(), reader.ReadString());
        var location = new Location(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32());
        return new Diagnostic(descriptor, location, reader.ReadString(), reader.ReadBoolean() ? reader.ReadString() : null);
    }
}

/// <summary>
/// Collects diagnostics across a whole run: every phase reports all it finds instead of stopping at the first.
/// The catalogue of codes, with what each means, is docs/diagnostics.md.
/// </summary>
public sealed class DiagnosticBag
{
    // A set: the same problem met again (a layout error on every page) is still one problem.
    private readonly HashSet<Diagnostic> _items = [];

    private readonly Lock _gate = new(); // pages render in parallel and may report at once

    public bool HasErrors
    {
        get { lock (_gate) return _items.Any(d => d.Severity == Severity.Error); }
    }

    /// <summary>What <see cref="Sorted"/> last returned, while nothing was added since: a build asks twice.</summary>
    private IReadOnlyList<Diagnostic>? _sorted;

    /// <summary>Reports a problem; its severity is the descriptor's.</summary>
    public void Report(DiagnosticDescriptor descriptor, Location location, string message, string? hint = null)
    {
        lock (_gate)
            if (_items.Add(new Diagnostic(descriptor, location, message, hint))) _sorted = null;
    }

    /// <summary>What was reported so far, in no order: what one input file produced, kept with its parse result.</summary>
    internal IReadOnlyList<Diagnostic> Snapshot()
    {
        lock (_gate) return [.. _items];
    }

    /// <summary>Reports again what an earlier run found in an input that has not changed since.</summary>
    internal void Add(IEnumerable<Diagnostic> found)
    {
        lock (_gate)
        {
            var count = _items.Count;
            _items.UnionWith(found);
            if (_items.Count != count) _sorted = null;
        }
    }

    /// <summary>
    /// What the last run of the same engine reported, sorted (serve's saves report mostly what the one before did):
    /// when this bag holds exactly those, <see cref="Sorted"/> returns it as it is.
    /// </summary>
    internal IReadOnlyList<Diagnostic>? Last { get; set; }

    /// <summary>
    /// Sorted by file, line and column, so output is stable and reads top to bottom, then by code, message and hint: a
    /// total order on distinct diagnostics, so any two runs that report the same ones list them alike, and a run that
    /// reports what <see cref="Last"/> holds takes it without sorting (6,000 warnings at 10,000 sources were 5 ms of every save).
    /// </summary>
    public IReadOnlyList<Diagnostic> Sorted()
    {
        lock (_gate)
        {
            if (_sorted is not null) return _sorted;
            if (Last is { } last && last.Count == _items.Count && last.All(_items.Contains)) return _sorted = last;
            var items = _items.ToArray();
            Array.Sort(items, Compare);
            return _sorted = Array.AsReadOnly(items);
        }
    }

    private static int Compare(Diagnostic a, Diagnostic b)
    {
        var c = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (c == 0) c = a.Location.Line.CompareTo(b.Location.Line);
        if (c == 0) c = a.Location.Column.CompareTo(b.Location.Column);
        if (c == 0) c = string.CompareOrdinal(a.Code, b.Code);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        if (c == 0) c = string.CompareOrdinal(a.Hint, b.Hint);
        return c;
    }
}

/// <summary>
/// Every diagnostic the generator can report, declared once with its code, severity and title (as Roslyn's
/// DiagnosticDescriptor). docs/diagnostics.md lists the same codes with the same severities: a test holds them in step.
/// </summary>
public static class Codes
{

    // Annotations (YAML shape)
    public static readonly DiagnosticDescriptor YamlSyntax = new("RJB0101", Severity.Error, "YAML syntax error (including tabs used for indentation)");
    public static readonly DiagnosticDescriptor UnknownKey = new("RJB0102", Severity.Error, "unknown key");
    public static readonly DiagnosticDescriptor MissingField = new("RJB0103", Severity.Error, "a required field is missing or empty");
    public static readonly DiagnosticDescriptor WrongType = new("RJB0104", Severity.Error, "a value has the wrong type (a list where text is expected, a `url` that is not http(s), …)");
    public static readonly DiagnosticDescriptor DuplicateKey = new("RJB0105", Severity.Error, "a key appears twice in one mapping");
    public static readonly DiagnosticDescriptor EmptyFile = new("RJB0106", Severity.Warning, "an annotation file is empty");
    public static readonly DiagnosticDescriptor BookTwice = new("RJB0107", Severity.Error, "more than one file has a `book` section");
    public static readonly DiagnosticDescriptor InvalidMarkdown = new("RJB0108", Severity.Error, "annotation Markdown cannot be used: a claim's `text` is not a single paragraph, is longer than 10,000 characters (a summary or note: 20,000), or Markdown is nested too deeply to render");
    public static readonly DiagnosticDescriptor AnnotationNotUtf8 = new("RJB0109", Severity.Error, "an annotation file is not valid UTF-8 (or is UTF-16)");
    public static readonly DiagnosticDescriptor NoContent = new("RJB0110", Severity.Error, "the content folder does not exist (nothing is then checked against it, so this is the only error about it)");
    public static readonly DiagnosticDescriptor AliasKey = new("RJB0113", Severity.Error, "an alias (`*name`) is used as a mapping key");
    public static readonly DiagnosticDescriptor ComplexKey = new("RJB0114", Severity.Error, "a list or mapping is used as a mapping key (`? [a]`, `{ x: 1 }: 2`)");
    public static readonly DiagnosticDescriptor MergeKey = new("RJB0115", Severity.Error, "a merge key (`<<: *base`) is used");
    public static readonly DiagnosticDescriptor RecursiveAlias = new("RJB0116", Severity.Error, "an alias lies inside the node its anchor names (`x: &a [*a]`), so the data would contain itself");
    public static readonly DiagnosticDescriptor QuotesNotSaved = new("RJB0124", Severity.Warning, "the quote searches of this build could not be saved in the cache folder (the next build searches every quote again)");
    public static readonly DiagnosticDescriptor ParsesDamaged = new("RJB0125", Severity.Warning, "the annotation parses kept in the cache folder (`annotations.bin`) are truncated, of another version, too large, altered or unreadable: they are not used, every annotation file is parsed again, and the file is written anew");
    public static readonly DiagnosticDescriptor ParsesNotSaved = new("RJB0126", Severity.Warning, "the annotation parses of this build could not be saved in the cache folder (the next build parses every annotation file again)");
    public static readonly DiagnosticDescriptor WordingNotSaved = new("RJB0130", Severity.Warning, "the wording checks' findings of this build could not be saved in the cache folder (the next build checks the wording of every claim again)");

    // Ids and references
    public static readonly DiagnosticDescriptor InvalidId = new("RJB0201", Severity.Error, "an id is not a safe slug (`../x`, `a/b`, spaces, upper case, reserved names such as `index`)");
    public static readonly DiagnosticDescriptor DuplicateId = new("RJB0202", Severity.Error, "an id is used twice (sources, entities across all kinds, or claims)");
    public static readonly DiagnosticDescriptor UnknownEntity = new("RJB0203", Severity.Error, "a reference to an entity that does not exist");
    public static readonly DiagnosticDescriptor WrongKind = new("RJB0204", Severity.Error, "a reference to an entity of the wrong kind (a meeting's `participants` must be leaders or people)");
    public static readonly DiagnosticDescriptor UnknownClaim = new("RJB0205", Severity.Error, "`key_facts` (the book's or an entity's) names a claim that does not exist");
    public static readonly DiagnosticDescriptor TooFewClaims = new("RJB0206", Severity.Error, "a disagreement sets fewer than two different claims side by side");
    public static readonly DiagnosticDescriptor UnknownTopic = new("RJB0207", Severity.Error, "`pdf` names a topic that is no entity or source id, nor `index`, `chronology` or `book`");
    public static readonly DiagnosticDescriptor KeyFactNotAbout = new("RJB0208", Severity.Error, "an entity's `key_facts` names a claim that is not about the entity");
    public static readonly DiagnosticDescriptor TooManyKeyFacts = new("RJB0209", Severity.Error, "an entity has more than 5 `key_facts` (a brief's key points box holds at most 5)");

    // Citations
    public static readonly DiagnosticDescriptor NoCitation = new("RJB0301", Severity.Error, "a claim has no citation, or a citation is incomplete");
    public static readonly DiagnosticDescriptor UnknownSource = new("RJB0302", Severity.Error, "a citation names a source with no seed file, or a source annotation has no seed");
    public static readonly DiagnosticDescriptor QuoteNotFound = new("RJB0303", Severity.Error, "a quote (or a context) is not in its source");
    public static readonly DiagnosticDescriptor QuoteAmbiguous = new("RJB0304", Severity.Error, "a quote (or a context) occurs more than once in its source");
    public static readonly DiagnosticDescriptor QuoteInBoilerplate = new("RJB0305", Severity.Error, "a quote lies in boilerplate, which can never be cited");
    public static readonly DiagnosticDescriptor EmptyQuote = new("RJB0306", Severity.Error, "a citation's quote is empty");
    public static readonly DiagnosticDescriptor ContextMismatch = new("RJB0307", Severity.Error, "a quote is not inside the `context` given for it");

    // Dates
    public static readonly DiagnosticDescriptor InvalidDate = new("RJB0401", Severity.Error, "a date does not parse, does not exist (`2018-02-30`) or is a range that ends before it starts");
    public static readonly DiagnosticDescriptor DatedAfterSource = new("RJB0402", Severity.Warning, "a claim is dated after the publication of the source it cites, and is not marked `planned: true`");

    // Sources
    public static readonly DiagnosticDescriptor UnreadableSource = new("RJB0501", Severity.Error, "a seed file is not UTF-8 (located at the first bad byte");
    public static readonly DiagnosticDescriptor NotYetAnnotated = new("RJB0502", Severity.Warning, "a seed has no `sources` entry yet: it is published as \"not yet annotated\"");
    public static readonly DiagnosticDescriptor InvalidLineRange = new("RJB0503", Severity.Error, "a boilerplate line range is malformed or past the end of the file");
    public static readonly DiagnosticDescriptor NoSeeds = new("RJB0504", Severity.Error, "the seeds folder is missing or holds no `*.txt` files");

    // Input files of every kind (seeds, annotations, theme)
    public static readonly DiagnosticDescriptor LinkRefused = new("RJB0505", Severity.Error, "an input (seed, annotation file, template or theme asset) is a symbolic link that leads outside its folder (`--seeds`, `--content` or `--theme`, by real path), to a folder (links to folders are never followed), nowhere, or round in a loop: it is not read. Each link is reported once");
    public static readonly DiagnosticDescriptor NotAFile = new("RJB0506", Severity.Error, "an input is not a regular file: a FIFO, socket or device (never opened), or a folder named like a seed (`x.txt/`)");
    public static readonly DiagnosticDescriptor InputTooLarge = new("RJB0507", Severity.Error, "an input file is too large: seeds, annotation files and templates may have 16 MiB, other theme files (assets) 64 MiB");
    public static readonly DiagnosticDescriptor UnreadableInput = new("RJB0508", Severity.Error, "an input file or folder cannot be read (no permission, an I/O error)");
    public static readonly DiagnosticDescriptor SeedNameCase = new("RJB0509", Severity.Error, "a file in the seeds folder ends in `.txt` in another case (`.TXT`): seed files must be named `<id>.txt`");
    public static readonly DiagnosticDescriptor SeedChanged = new("RJB0510", Severity.Error, "a seed file changed while the book was being built: its bytes are no longer those the build found at its start, so nothing is published (build again)");

    // Theme and output
    public static readonly DiagnosticDescriptor TemplateError = new("RJB0601", Severity.Error, "a template does not parse, is not UTF-8 (located at the first bad byte), or fails while rendering (the location is in the template)");
    public static readonly DiagnosticDescriptor MissingTemplate = new("RJB0602", Severity.Error, "the theme lacks a template the site needs, or has no `templates/` folder");
    public static readonly DiagnosticDescriptor TemplateLoopLimit = new("RJB0606", Severity.Error, "a template loop ran more than 10,000,000 times (counted over a loop and every loop nested in it, for one page)");
    public static readonly DiagnosticDescriptor TemplateRecursionLimit = new("RJB0607", Severity.Error, "template functions or includes nest more than 64 deep");
    public static readonly DiagnosticDescriptor TemplateOutputLimit = new("RJB0608", Severity.Error, "one page grew past 512 Mi characters of output, or one template value past 64 Mi characters");
    public static readonly DiagnosticDescriptor TemplateTimeLimit = new("RJB0609", Severity.Error, "one page took longer than 10 minutes to render");
    public static readonly DiagnosticDescriptor LongSource = new("RJB0611", Severity.Warning, "a seed file is longer than 200,000 bytes, longer than any news article: its page shows the whole text, and would pass the 1 MB every other page stays under");
    public static readonly DiagnosticDescriptor OutputError = new("RJB0701", Severity.Error, "the output folder cannot be written (nothing was published");
    public static readonly DiagnosticDescriptor OutputRefused = new("RJB0702", Severity.Error, "the output or cache folder is refused: an empty path, a file, a link, an input folder, the cache, the current folder or a parent, or a folder with files rjb did not write. The command line reports these as usage errors (exit 2) before building");
    public static readonly DiagnosticDescriptor OutputLeftover = new("RJB0703", Severity.Warning, "the new site is published, but tidying up after the swap failed: the previous site could not be removed (the message names the folder");
    public static readonly DiagnosticDescriptor SearchNotSaved = new("RJB0616", Severity.Warning, "the new site is published, but what its search index was written from could not be saved in the cache folder (the next build writes every search shard again)");
    public static readonly DiagnosticDescriptor BookDataNotSaved = new("RJB0612", Severity.Warning, "the new site is published, but where each entry of book.json and its claims files stands could not be saved in the cache folder (the next build makes every entry again)");
    public static readonly DiagnosticDescriptor LayoutNotSaved = new("RJB0613", Severity.Warning, "the new site is published, but its pages' layout could not be saved in the cache folder (the next build cuts every topic and the chronology into pages again)");
    public static readonly DiagnosticDescriptor PlacesNotSaved = new("RJB0614", Severity.Warning, "the new site is published, but where its claims' citations stand could not be saved in the cache folder (the next build looks up every quote of every claim again)");
    public static readonly DiagnosticDescriptor RecordsNotSaved = new("RJB0704", Severity.Warning, "the new site is published, but the record of what each page was made from could not be saved in the cache folder (the next build renders every page)");
    public static readonly DiagnosticDescriptor SnapshotNotSaved = new("RJB0705", Severity.Warning, "the new site is published, but what the build was made from could not be saved in the cache folder (the next build cannot tell that nothing changed, and builds again)");

    // Wording: the editor's own words, checked against the quotes and the declared vocabulary
    public static readonly DiagnosticDescriptor ContestedTerm = new("RJB0801", Severity.Warning, "Wording: a contested term (book.yaml's `contested_terms`) is in the book's own voice: outside quotation marks in a claim without `according_to`, an entity summary, a disagreement note or the book's summary, in a clause that does not attribute it to its side");
    public static readonly DiagnosticDescriptor UnsupportedFigure = new("RJB0802", Severity.Warning, "Wording: a number in a claim's text (or a cited entity summary) is in none of its quotes, its date or date note, or a cited source's date");
    public static readonly DiagnosticDescriptor UnattributedSpeech = new("RJB0803", Severity.Warning, "Wording: every quote of a claim reports speech (\"said\", \"told\", \"according to\", …) but the claim has no `according_to` and its text names no speaker");
    public static readonly DiagnosticDescriptor SingleSourceDifference = new("RJB0804", Severity.Warning, "Wording: a `kind: sources` disagreement whose claims all cite one source (one source cannot differ from itself");
    public static readonly DiagnosticDescriptor UnattributedPosition = new("RJB0805", Severity.Warning, "Wording: a `kind: positions` disagreement with a claim that has no `according_to` saying whose position it is");
    public static readonly DiagnosticDescriptor UnknownAllowance = new("RJB0806", Severity.Error, "Wording: a `wording` allowance names a code that is not a wording check (only RJB0801–RJB0805 can be allowed)");
    public static readonly DiagnosticDescriptor UnusedAllowance = new("RJB0807", Severity.Warning, "Wording: a `wording` allowance allows nothing (the check passes there)");
    public static readonly DiagnosticDescriptor TermDeclaredTwice = new("RJB0808", Severity.Error, "Wording: a contested term is declared twice (for both sides, or twice for one)");

    // Drafting (rjb draft, rjb fix-quotes)
    public static readonly DiagnosticDescriptor DraftNoSeed = new("RJB0901", Severity.Error, "`draft`: the seed does not exist, cannot be read, or its id is not a safe slug (checked before any path is built)");
    public static readonly DiagnosticDescriptor DraftExists = new("RJB0902", Severity.Error, "`draft`: the source is already annotated (or its file exists)");
    public static readonly DiagnosticDescriptor DraftTodo = new("RJB0903", Severity.Warning, "`draft`: a field could not be inferred and is left as `TODO` (outlet, headline, publication date)");
    public static readonly DiagnosticDescriptor RepairNoProposal = new("RJB0904", Severity.Warning, "`fix-quotes`: a quote is no longer in its seed and no passage of the new text is close enough to propose");
    public static readonly DiagnosticDescriptor RepairUnwritable = new("RJB0905", Severity.Error, "`fix-quotes`: a confirmed proposal could not be written because its quote was not found in the annotation file");
}
