using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Annotations;

/// <summary>A value together with where the editor wrote it, so later phases can point at it.</summary>
public sealed record Located<T>(T Value, Location Location);

public sealed record BookAnnotation(Location Location, string Title, string Summary, IReadOnlyList<Located<string>> KeyFacts);

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
    string Summary,
    IReadOnlyList<Alias> Aliases,
    IReadOnlyList<Located<string>> Related,
    string? Role,
    string? Country,
    PartialDate? Date,
    string? Status,
    string? Place,
    string? Format,
    IReadOnlyList<Located<string>> Participants,
    IReadOnlyList<CitationAnnotation> Citations);

public sealed record CitationAnnotation(Location Location, Located<string> Source, Located<string> Quote, Located<string>? Context);

public sealed record DisagreementAnnotation(
    Location Location,
    Located<string> Id,
    string Topic,
    string? Note,
    IReadOnlyList<Located<string>> About,
    IReadOnlyList<Located<string>> Claims);

public sealed record ClaimAnnotation(
    Location Location,
    Located<string> Id,
    string Text,
    IReadOnlyList<Located<string>> About,
    PartialDate? Date,
    string? DateNote,
    string? AccordingTo,
    bool Planned,
    IReadOnlyList<CitationAnnotation> Citations);

/// <summary>
/// Everything read from content/, not yet checked against the seeds or against itself.
/// <see cref="BrokenIds"/> holds ids of items dropped for errors, so references to them are not reported twice.
/// </summary>
public sealed record AnnotationSet(
    BookAnnotation? Book,
    bool BookDeclared,
    IReadOnlyList<SourceAnnotation> Sources,
    IReadOnlyList<EntityAnnotation> Entities,
    IReadOnlyList<ClaimAnnotation> Claims,
    IReadOnlyList<DisagreementAnnotation> Disagreements,
    IReadOnlySet<string> BrokenIds);
