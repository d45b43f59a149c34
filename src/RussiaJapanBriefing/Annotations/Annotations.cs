using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Annotations;

/// <summary>A value together with where the editor wrote it, so later phases can point at it.</summary>
public sealed record Located<T>(T Value, Location Location);

public sealed record BookAnnotation(Location Location, string Title, Located<string> Summary, IReadOnlyList<Located<string>> KeyFacts,
    IReadOnlyList<ContestedTermsAnnotation> ContestedTerms, IReadOnlyList<WordingAllowance> Wording);

/// <summary>The words one side of the dispute uses for it; <see cref="Names"/> are other names of the side (Tokyo) that attribute them.</summary>
public sealed record ContestedTermsAnnotation(Location Location, string Side, IReadOnlyList<string> Names, IReadOnlyList<Located<string>> Terms);

/// <summary>
/// An editor's decision to let a wording check pass on one item, with the reason shown in review: the check's code, and
/// optionally the one term or figure it allows.
/// </summary>
public sealed record WordingAllowance(Located<string> Code, string? Term, string Reason);

public sealed record SourceAnnotation(
    Location Location,
    Located<string> Id,
    string Outlet,
    string Headline,
    string? Url,
    PartialDate Published,
    string? PublishedNote,
    string? Dateline,
    IReadOnlyList<Located<LineRange>> Boilerplate,
    IReadOnlyList<UncitedAnnotation> Uncited,
    bool Draft = false);

public sealed record UncitedAnnotation(Located<string> Quote, string Reason);

public sealed record EntityAnnotation(
    Location Location,
    EntityKind Kind,
    Located<string> Id,
    string Name,
    Located<string> Summary,
    IReadOnlyList<Alias> Aliases,
    IReadOnlyList<Located<string>> Related,
    FieldValues<Located<string>> Values,
    IReadOnlyList<CitationAnnotation> Citations,
    IReadOnlyList<WordingAllowance> Wording)
{
    /// <summary>Claims the editor marked as the topic's key points, for the box at the top of its printed brief.</summary>
    public IReadOnlyList<Located<string>> KeyFacts { get; init; } = [];
}

public sealed record CitationAnnotation(Location Location, Located<string> Source, Located<string> Quote, Located<string>? Context);

public sealed record DisagreementAnnotation(
    Location Location,
    Located<string> Id,
    string Topic,
    Located<string>? Note,
    IReadOnlyList<Located<string>> About,
    IReadOnlyList<Located<string>> Claims,
    DisagreementKind Kind,
    IReadOnlyList<WordingAllowance> Wording);

public sealed record ClaimAnnotation(
    Location Location,
    Located<string> Id,
    Located<string> Text,
    IReadOnlyList<Located<string>> About,
    PartialDate? Date,
    string? DateNote,
    string? AccordingTo,
    bool Planned,
    IReadOnlyList<CitationAnnotation> Citations,
    IReadOnlyList<WordingAllowance> Wording);

/// <summary>
/// Everything read from content/, not yet checked against the seeds or against itself.
/// <see cref="BrokenIds"/> holds ids of items dropped for errors, so references to them are not reported twice.
/// <see cref="FolderMissing"/> says there was no content folder at all: its one error says everything.
/// </summary>
public sealed record AnnotationSet(
    BookAnnotation? Book,
    bool BookDeclared,
    IReadOnlyList<SourceAnnotation> Sources,
    IReadOnlyList<EntityAnnotation> Entities,
    IReadOnlyList<ClaimAnnotation> Claims,
    IReadOnlyList<DisagreementAnnotation> Disagreements,
    IReadOnlySet<string> BrokenIds,
    bool FolderMissing = false)
{
    private (IReadOnlyList<EntityAnnotation> Entities, IReadOnlyList<ClaimAnnotation> Claims, (string, AnnotationSet)[] Parts,
        IReadOnlyList<BookAnnotation> Books, int[][] Starts)? _files;

    /// <summary>
    /// For a set loaded from a folder, each file's own part, in path order: <c>serve</c> reuses what it resolved from a
    /// file whose part is the very same (unchanged) one, without looking at the items in it. Null for a set made
    /// otherwise, also one copied from a loaded set with other entities or claims.
    /// </summary>
    internal (string Path, AnnotationSet Part)[]? Files =>
        _files is { } files && ReferenceEquals(files.Entities, Entities) && ReferenceEquals(files.Claims, Claims) ? files.Parts : null;

    /// <summary>Every file's book, in path order, when the set is merged from <see cref="Files"/> (the first is <see cref="Book"/>).</summary>
    internal IReadOnlyList<BookAnnotation>? Books => Files is null ? null : _files!.Value.Books;

    /// <summary>
    /// When the set is merged from <see cref="Files"/>: where each file's items start in <see cref="Sources"/>,
    /// <see cref="Entities"/>, <see cref="Claims"/> and <see cref="Disagreements"/> (in that order), each ending with the
    /// list's count, so that the next load puts a changed file's items in place without counting every other file's.
    /// </summary>
    internal int[][]? Starts => Files is null ? null : _files!.Value.Starts;

    /// <summary>This set, merged from <paramref name="parts"/>, knowing them, the books they describe and where their items start.</summary>
    internal AnnotationSet Of((string Path, AnnotationSet Part)[] parts, IReadOnlyList<BookAnnotation> books, int[][] starts)
    {
        _files = (Entities, Claims, parts, books, starts);
        return this;
    }
}
