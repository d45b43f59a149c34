using System.Globalization;

namespace RussiaJapanBriefing;

/// <summary>A place in an input file. Line and column are 1-based; 0 means "the whole file".</summary>
public sealed record Location(string Path, int Line = 0, int Column = 0)
{
    public override string ToString() =>
        Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Path}({Line},{Math.Max(Column, 1)})") : Path;
}

public enum Severity { Warning, Error }

/// <summary>
/// One problem found in the inputs, printed the way compilers print them
/// (<c>path(line,col): error RJB0123: message</c>) so editors and CI annotate the right line.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, Location Location, string Message, string? Hint = null)
{
    public override string ToString()
    {
        var severity = Severity == Severity.Error ? "error" : "warning";
        var hint = Hint is null ? "" : $" ({Hint})";
        return $"{Location}: {severity} {Code}: {Message}{hint}";
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

    public void Error(string code, Location location, string message, string? hint = null) => Add(new Diagnostic(Severity.Error, code, location, message, hint));

    public void Warning(string code, Location location, string message, string? hint = null) => Add(new Diagnostic(Severity.Warning, code, location, message, hint));

    private void Add(Diagnostic diagnostic)
    {
        lock (_gate) _items.Add(diagnostic);
    }

    /// <summary>Sorted by file, line and column, so output is stable and reads top to bottom.</summary>
    public IReadOnlyList<Diagnostic> Sorted()
    {
        lock (_gate) return _items.OrderBy(d => d.Location.Path, StringComparer.Ordinal)
              .ThenBy(d => d.Location.Line)
              .ThenBy(d => d.Location.Column)
              .ThenBy(d => d.Code, StringComparer.Ordinal)
              .ThenBy(d => d.Message, StringComparer.Ordinal)
              .ToList();
    }
}

/// <summary>Stable diagnostic codes. Keep in step with docs/diagnostics.md.</summary>
public static class Codes
{
    // Annotations (YAML shape)
    public const string YamlSyntax = "RJB0101";
    public const string UnknownKey = "RJB0102";
    public const string MissingField = "RJB0103";
    public const string WrongType = "RJB0104";
    public const string DuplicateKey = "RJB0105";
    public const string EmptyFile = "RJB0106";
    public const string BookTwice = "RJB0107";
    public const string InvalidMarkdown = "RJB0108";
    public const string AnnotationNotUtf8 = "RJB0109";
    public const string NoContent = "RJB0110";
    public const string AliasKey = "RJB0113";
    public const string ComplexKey = "RJB0114";
    public const string MergeKey = "RJB0115";
    public const string RecursiveAlias = "RJB0116";

    // Ids and references
    public const string InvalidId = "RJB0201";
    public const string DuplicateId = "RJB0202";
    public const string UnknownEntity = "RJB0203";
    public const string WrongKind = "RJB0204";
    public const string UnknownClaim = "RJB0205";

    // Citations
    public const string NoCitation = "RJB0301";
    public const string UnknownSource = "RJB0302";
    public const string QuoteNotFound = "RJB0303";
    public const string QuoteAmbiguous = "RJB0304";
    public const string QuoteInBoilerplate = "RJB0305";
    public const string EmptyQuote = "RJB0306";
    public const string ContextMismatch = "RJB0307";

    // Dates
    public const string InvalidDate = "RJB0401";
    public const string DatedAfterSource = "RJB0402";

    // Sources
    public const string UnreadableSource = "RJB0501";
    public const string NotYetAnnotated = "RJB0502";
    public const string InvalidLineRange = "RJB0503";
    public const string NoSeeds = "RJB0504";

    // Input files of every kind (seeds, annotations, theme)
    public const string LinkRefused = "RJB0505";
    public const string NotAFile = "RJB0506";
    public const string InputTooLarge = "RJB0507";
    public const string UnreadableInput = "RJB0508";
    public const string SeedNameCase = "RJB0509";

    // Theme and output
    public const string TemplateError = "RJB0601";
    public const string MissingTemplate = "RJB0602";
    public const string TemplateLoopLimit = "RJB0606";
    public const string TemplateRecursionLimit = "RJB0607";
    public const string TemplateOutputLimit = "RJB0608";
    public const string TemplateTimeLimit = "RJB0609";
    public const string OutputError = "RJB0701";
    public const string OutputRefused = "RJB0702";
    public const string OutputLeftover = "RJB0703";

    // Wording: the editor's own words, checked against the quotes and the declared vocabulary
    public const string ContestedTerm = "RJB0801";
    public const string UnsupportedFigure = "RJB0802";
    public const string UnattributedSpeech = "RJB0803";
    public const string SingleSourceDifference = "RJB0804";
    public const string UnattributedPosition = "RJB0805";
    public const string UnknownAllowance = "RJB0806";
    public const string UnusedAllowance = "RJB0807";
    public const string TermDeclaredTwice = "RJB0808";

    // Drafting (rjb draft, rjb fix-quotes)
    public const string DraftNoSeed = "RJB0901";
    public const string DraftExists = "RJB0902";
    public const string DraftTodo = "RJB0903";
    public const string RepairNoProposal = "RJB0904";
    public const string RepairUnwritable = "RJB0905";
}
