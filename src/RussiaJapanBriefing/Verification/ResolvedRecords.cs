using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using static RussiaJapanBriefing.Verification.BookResolver;

namespace RussiaJapanBriefing.Verification;

/// <summary>
/// What <c>serve</c>'s last build resolved, each record with the inputs it was resolved from: a record whose inputs
/// are those of the last build is reused as the same instance, so a save resolves in proportion to what it changed,
/// and whatever is kept by reference downstream (hashes of records) stays valid. Annotations are compared by
/// reference (an unchanged file's parse is kept whole, see ParsedFiles), seeds by path and text.
/// </summary>
/// <remarks>
/// Which records keep their identity: a <see cref="Source"/> (with its info and uncited passages) while its seed's
/// path and text and its annotation are unchanged; a <see cref="Citation"/> and its <see cref="Passage"/> while its
/// source is unchanged (the same quote and context give the same instance, also in an edited claim or entity); an
/// <see cref="Entity"/> while its annotation and the sources its summary cites are unchanged; a <see cref="Claim"/>
/// while its annotation and the sources it cites are unchanged and the entities it is about exist (in a book whose
/// ids are each declared once, a file's claims are kept together, with the warnings their dates drew against their
/// sources); a
/// <see cref="Disagreement"/> while its annotation is unchanged; the list of <see cref="ContestedTerm"/>s while the
/// book's annotation is unchanged. Nothing else a record holds can change without one of those: an entity renamed
/// leaves the claims about it as they are (they hold its id, not its name). Only records whose resolution reported
/// nothing are kept, so a reused record never hides a problem; checks that read other records (references, key
/// facts) run on every build. Not for use from two builds at once.
/// </remarks>
internal sealed class ResolvedRecords
{
    private sealed record SourceEntry(string Path, SeedText Content, SourceAnnotation? Annotation, ResolvedSource Resolved,
        Dictionary<(string Quote, string? Context), Citation> Citations);

    private Dictionary<string, SourceEntry> _sources = new(StringComparer.Ordinal), _nextSources = new(StringComparer.Ordinal);
    private Dictionary<string, (EntityAnnotation Annotation, Entity Entity)> _entities = new(StringComparer.Ordinal), _nextEntities = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims are tens of thousands and a save changes a few files: they are kept by file (path), so that a file whose
    /// part is unchanged and whose claims' sources and entities are as they were is reused whole, without looking at
    /// each claim, and a claim of an edited file is looked for only among that file's claims of the last build.
    /// </summary>
    private Dictionary<string, ClaimFile> _claimFiles = new(StringComparer.Ordinal), _nextClaimFiles = new(StringComparer.Ordinal);

    /// <param name="Claims">Each claim of the file that was resolved with nothing reported, with its annotation.</param>
    /// <param name="Cited">Each source its claims cite, as resolved then; <paramref name="About"/>, each entity they are about.</param>
    /// <param name="Warnings">What the file's claims were warned about against their sources' dates (see WarnIfReportedBeforeItHappened).</param>
    /// <param name="Whole">Every claim of the file is in <paramref name="Claims"/>: the file can be reused whole.</param>
    /// <param name="Standing">The file's claims in the build's table of claims, in file order: <paramref name="Claims"/> and those resolved with a warning.</param>
    internal sealed record ClaimFile(AnnotationSet Part, (ClaimAnnotation Annotation, Claim Claim)[] Claims, Dictionary<string, ResolvedSource> Cited, string[] About,
        IReadOnlyList<Diagnostic> Warnings, bool Whole, Claim[] Standing)
    {
        private Dictionary<string, (ClaimAnnotation Annotation, Claim Claim)>? _byId;

        /// <summary>The claims by id, made when an edit of the file first asks: a file may hold thousands.</summary>
        public IReadOnlyDictionary<string, (ClaimAnnotation Annotation, Claim Claim)> ById
        {
            get
            {
                if (_byId is null)
                {
                    _byId = new(Claims.Length, StringComparer.Ordinal);
                    foreach (var pair in Claims) _byId.TryAdd(pair.Annotation.Id.Value, pair);
                }
                return _byId;
            }
        }
    }
    private Dictionary<string, (DisagreementAnnotation Annotation, Disagreement Disagreement)> _disagreements = new(StringComparer.Ordinal),
        _nextDisagreements = new(StringComparer.Ordinal);
    private (BookAnnotation? Book, IReadOnlyList<ContestedTerm> Terms)? _terms;

    /// <summary>
    /// What a build resolved of the sources and entities, from what, and what resolving them reported, the sources in
    /// id order and the entities in the book's order. A later save takes all of it as it is when its seeds are the same,
    /// its entity and book annotations the very same instances (AnnotationLoader keeps a list no file changed), and
    /// each file it changed declares the same sources with the same values and was not reported on here: an edit of
    /// claims, the common save, whether they stand in a file of their own or under their source. Nothing here reads a claim.
    /// </summary>
    internal sealed record Early(SeedFolder Seeds, AnnotationSet Annotations, Dictionary<string, ResolvedSource> Sources,
        Dictionary<string, Entity> Entities, IReadOnlyList<Diagnostic> Reported, List<Source> Sorted, List<Entity> Ordered)
    {
        /// <summary>The files what was reported stands in: where a place could have moved, the report would be stale.</summary>
        private HashSet<string> ReportedIn { get; } = [.. Reported.Select(d => d.Location.Path)];

        /// <summary>Nothing reported is an error: an error may also name a place in another file ("first at …"), which an edit there moves.</summary>
        private bool Clean { get; } = Reported.All(d => d.Severity != Severity.Error);

        public bool HoldsFor(SeedFolder seeds, AnnotationSet annotations)
        {
            var was = Annotations;
            if (!Clean || !ReferenceEquals(was.Entities, annotations.Entities) || !ReferenceEquals(was.Book, annotations.Book) || was.BookDeclared != annotations.BookDeclared
                || !ReferenceEquals(was.BrokenIds, annotations.BrokenIds) || !Same(Seeds, seeds))
                return false;
            if (ReferenceEquals(was.Sources, annotations.Sources)) return true;
            if (was.Files is not { } then || annotations.Files is not { } now || then.Length != now.Length) return false;
            for (var i = 0; i < now.Length; i++)
                if (!ReferenceEquals(then[i].Part, now[i].Part)
                    && (!string.Equals(then[i].Path, now[i].Path, StringComparison.Ordinal) || ReportedIn.Contains(now[i].Path)
                        || !SameSources(then[i].Part.Sources, now[i].Part.Sources)))
                    return false;
            return true;
        }

        private static bool SameSources(IReadOnlyList<SourceAnnotation> a, IReadOnlyList<SourceAnnotation> b)
        {
            if (a.Count != b.Count) return false;
            for (var i = 0; i < a.Count; i++)
                if (!string.Equals(a[i].Id.Value, b[i].Id.Value, StringComparison.Ordinal) || !AnnotationEdits.Same(a[i], b[i])) return false;
            return true;
        }
    }

    private Early? _early;

    /// <summary>
    /// The last build's table of claims by id, when it was resolved file by file, and the files it was made from: each
    /// file's claims in it are its entry's <see cref="ClaimFile.Standing"/>. A save that keeps the sources and entities
    /// patches it by the files it changed (see BookResolver.PatchClaims).
    /// </summary>
    private (Dictionary<string, Claim> Table, IReadOnlyList<(string Path, AnnotationSet Part)> Files)? _table;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>The last book resolved: the next one takes from it the indexes its records leave unchanged (see BriefingBook).</summary>
    public BriefingBook? Book { get; set; }

    /// <summary>An earlier build resolved a book: most of this one is reused.</summary>
    public bool Warm => _sources.Count > 0;

    /// <summary>Records reused by the last build, and records it resolved.</summary>
    public int Reused { get; private set; }

    public int Resolved { get; private set; }

    private int _reusing, _resolving;

    /// <summary>Begins a build: the last build's <see cref="Early"/> when it holds for these seeds and annotations, else null.</summary>
    public Early? Begin(SeedFolder seeds, AnnotationSet annotations)
    {
        _nextDisagreements = new(_disagreements.Count, StringComparer.Ordinal);
        _reported.Clear();
        _reusing = _resolving = 0;
        Patched = false;
        if (_early is { } early && early.HoldsFor(seeds, annotations))
        {
            // The same seeds by value: from now on by reference. Seeds read again (a file touched, or first read within the
            // clock's racy window) are new instances, and comparing 40 MB of them took 10 ms of every later save at 10,000 sources.
            if (!ReferenceEquals(early.Seeds, seeds)) _early = early = early with { Seeds = seeds };
            // Kept as they are: what a claim's citation finds is still added to its source's entry.
            (_nextSources, _nextEntities) = (_sources, _entities);
            _nextClaimFiles = _table is null ? new(_claimFiles.Count, StringComparer.Ordinal) : _claimFiles;
            return early;
        }
        _early = null;
        _nextSources = new(_sources.Count, StringComparer.Ordinal);
        _nextEntities = new(_entities.Count, StringComparer.Ordinal);
        _nextClaimFiles = new(_claimFiles.Count, StringComparer.Ordinal);
        return null;
    }

    /// <summary>Keeps what this build resolved of the sources and entities, for the next to take while they are unchanged.</summary>
    public void Keep(Early early) => _early = early;

    /// <summary>The last build's table of claims and its files' entries, for a save that changed only claims to patch in place; else null.</summary>
    public (Dictionary<string, Claim> Table, IReadOnlyDictionary<string, ClaimFile> Files)? Table(IReadOnlyList<(string Path, AnnotationSet Part)> files)
    {
        if (_table is not { } table || !ReferenceEquals(_nextClaimFiles, _claimFiles) || table.Files.Count != files.Count) return null;
        for (var i = 0; i < files.Count; i++)
            if (!string.Equals(files[i].Path, table.Files[i].Path, StringComparison.Ordinal)) return null;
        return (table.Table, _claimFiles);
    }

    /// <summary>The table of claims this build made, and the files it was made from; null when its claims were not resolved file by file.</summary>
    /// <param name="patch">For a table patched in place: its files' entries in file order (see <see cref="FilePatch"/>).</param>
    public void Keep(Dictionary<string, Claim>? table, IReadOnlyList<(string Path, AnnotationSet Part)>? files, bool patched = false, FilePatch? patch = null)
    {
        _table = table is null ? null : (table, files!);
        Patched = patched;
        _patch = patch;
    }

    /// <summary>
    /// What the last patch of the table knew of its files, in their order: each file's entry, whether it was whole and
    /// of the very part listed (so that the same part is taken as it is, without looking at its entry), where its
    /// claims start in <paramref name="Ordered"/> (the table's claims in file order, and one start more: the end), and
    /// the files whose entries hold warnings. The next patch of the same files then goes through the changed files
    /// only: looking up 10,000 files' entries and gathering their claims one file at a time was 7 ms of a one-claim save.
    /// </summary>
    internal sealed record FilePatch(IReadOnlyList<(string Path, AnnotationSet Part)> Files, ClaimFile?[] Entries, bool[] Same, int[] Starts,
        List<Claim> Ordered, int[] Warned);

    private FilePatch? _patch;

    /// <summary>The last patch's view of its files, when <paramref name="files"/> are those files (the last table's, by <see cref="Table"/>).</summary>
    public FilePatch? LastPatch(IReadOnlyList<(string Path, AnnotationSet Part)> files) =>
        _patch is { } patch && _table is { } table && ReferenceEquals(patch.Files, table.Files) && patch.Entries.Length == files.Count ? patch : null;

    /// <summary>The last build kept the sources and entities and patched the claims' table (for tests).</summary>
    public bool Patched { get; private set; }

    /// <summary>The claims are resolved anew after all: the files' entries are made again, not patched.</summary>
    public void Unpatched()
    {
        _patch = null;
        if (ReferenceEquals(_nextClaimFiles, _claimFiles)) _nextClaimFiles = new(_claimFiles.Count, StringComparer.Ordinal);
    }

    /// <summary>A file that holds no claims now: its entry goes, with its claims in the table.</summary>
    public void Forget(string path) => _nextClaimFiles.Remove(path);

    /// <summary>After resolving: keeps what this build resolved or reused, and forgets the rest.</summary>
    public void End()
    {
        (_sources, _entities, _claimFiles, _disagreements) = (_nextSources, _nextEntities, _nextClaimFiles, _nextDisagreements);
        (Reused, Resolved) = (_reusing, _resolving);
    }

    /// <summary>The last build's source of <paramref name="seed"/>, when it was resolved from the same seed and annotation.</summary>
    public ResolvedSource? Source(Seed seed, SourceAnnotation? annotation)
    {
        if (_sources.TryGetValue(seed.Id, out var entry) && AnnotationEdits.Same(entry.Annotation, annotation)
            && string.Equals(entry.Path, seed.Path, StringComparison.Ordinal) && entry.Content.Equals(seed.Content))
        {
            _nextSources.Add(seed.Id, entry);
            return Hit(entry.Resolved);
        }
        _resolving++;
        return null;
    }

    /// <summary>The source is the last build's own instance.</summary>
    public bool IsReused(ResolvedSource source) => _sources.TryGetValue(source.Source.Id, out var entry) && ReferenceEquals(entry.Resolved, source);

    /// <summary>Starts the entry of a source this build resolves; <paramref name="resolved"/> replaces it once its uncited passages are found.</summary>
    public void Keep(ResolvedSource resolved, SourceAnnotation? annotation)
    {
        var id = resolved.Source.Id;
        if (_reported.Contains(id)) return;
        _nextSources[id] = _nextSources.TryGetValue(id, out var entry) ? entry with { Resolved = resolved }
            : new SourceEntry(resolved.Source.Path, resolved.Source.Content, annotation, resolved, []);
    }

    /// <summary>Something was reported while the source was resolved: it is resolved again next time.</summary>
    public void Reported(string sourceId)
    {
        _reported.Add(sourceId);
        _nextSources.Remove(sourceId);
    }

    /// <summary>The citation found for this quote (and context) in this build's text of the source, while that text is unchanged.</summary>
    public Citation? Citation(ResolvedSource source, string quote, string? context) =>
        _nextSources.TryGetValue(source.Source.Id, out var entry) && entry.Citations.TryGetValue((quote, context), out var citation) ? citation : null;

    /// <summary>Keeps a citation found with no problem, for as long as its source stays unchanged.</summary>
    public void Keep(ResolvedSource source, string quote, string? context, Citation citation)
    {
        if (_nextSources.TryGetValue(source.Source.Id, out var entry)) entry.Citations[(quote, context)] = citation;
    }

    public Entity? Entity(EntityAnnotation annotation, IReadOnlyDictionary<string, ResolvedSource> sources)
    {
        if (_entities.TryGetValue(annotation.Id.Value, out var entry) && ReferenceEquals(entry.Annotation, annotation) && AllReused(annotation.Citations, sources))
        {
            _nextEntities.Add(annotation.Id.Value, entry);
            return Hit(entry.Entity);
        }
        _resolving++;
        return null;
    }

    public void Keep(EntityAnnotation annotation, Entity entity, bool clean)
    {
        if (clean) _nextEntities[annotation.Id.Value] = (annotation, entity);
    }

    /// <summary>
    /// The last build's claims of the file at <paramref name="path"/>, whole, when its part is the same and every source
    /// and entity they read is as it was; else null, and <paramref name="last"/> is what the last build kept of the file.
    /// </summary>
    public ClaimFile? ClaimFileOf(string path, AnnotationSet part, IReadOnlyDictionary<string, Entity> entities,
        IReadOnlyDictionary<string, ResolvedSource> sources, out ClaimFile? last)
    {
        if (!_claimFiles.TryGetValue(path, out last) || !last.Whole || !ReferenceEquals(last.Part, part)) return null;
        foreach (var (id, source) in last.Cited)
            if (!sources.TryGetValue(id, out var now) || !ReferenceEquals(now, source)) return null;
        foreach (var id in last.About)
            if (!entities.ContainsKey(id)) return null;
        _nextClaimFiles.Add(path, last);
        _reusing += last.Claims.Length;
        return last;
    }

    /// <summary>The claim <paramref name="last"/> kept for this annotation, while its annotation, sources and entities are unchanged.</summary>
    public Claim? Claim(ClaimFile? last, ClaimAnnotation annotation, IReadOnlyDictionary<string, Entity> entities,
        IReadOnlyDictionary<string, ResolvedSource> sources)
    {
        if (last is not null && last.ById.TryGetValue(annotation.Id.Value, out var kept)
            && AnnotationEdits.Same(kept.Annotation, annotation) && AllKnown(annotation.About, entities) && AllCitedAsBefore(annotation.Citations, sources, last.Cited))
            return Hit(kept.Claim);
        _resolving++;
        return null;
    }

    /// <summary>
    /// Keeps what the last build kept of the files this build did not get to (it gave up, to resolve claim by claim):
    /// each entry holds the very sources it was resolved from, so it is still only reused while they are unchanged.
    /// </summary>
    public void KeepUnvisitedClaimFiles()
    {
        foreach (var (path, file) in _claimFiles) _nextClaimFiles.TryAdd(path, file);
    }

    /// <summary>Keeps the claims of a file that this build resolved with nothing reported, and what they were resolved from.</summary>
    public void Keep(string path, AnnotationSet part, List<(ClaimAnnotation, Claim)> claims, IReadOnlyDictionary<string, ResolvedSource> sources,
        IReadOnlyList<Diagnostic> warnings, Claim[] standing)
    {
        var cited = new Dictionary<string, ResolvedSource>(StringComparer.Ordinal);
        var about = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, claim) in claims)
        {
            foreach (var citation in claim.Citations) cited.TryAdd(citation.Passage.SourceId, sources[citation.Passage.SourceId]);
            about.UnionWith(claim.About);
        }
        _nextClaimFiles[path] = new ClaimFile(part, [.. claims], cited, [.. about], warnings, claims.Count == part.Claims.Count, standing);
    }

    public Disagreement? Disagreement(DisagreementAnnotation annotation) =>
        _disagreements.TryGetValue(annotation.Id.Value, out var entry) && ReferenceEquals(entry.Annotation, annotation) ? Hit(entry.Disagreement) : null;

    public void Keep(DisagreementAnnotation annotation, Disagreement disagreement) => _nextDisagreements[annotation.Id.Value] = (annotation, disagreement);

    /// <summary>The last build's contested terms when the book's annotation is unchanged; else <paramref name="terms"/>, kept.</summary>
    public IReadOnlyList<ContestedTerm> Terms(BookAnnotation? book, IReadOnlyList<ContestedTerm> terms)
    {
        if (_terms is { } kept && ReferenceEquals(kept.Book, book)) return kept.Terms;
        _terms = (book, terms);
        return terms;
    }

    // Annotations are compared by the values their resolution reads (AnnotationEdits.Same): only records whose
    // resolution reported nothing are kept, and places only matter to what is reported.

    /// <summary>The same seeds: the memo's very folder when it vouches for every seed, else compared by value (a seed is a record).</summary>
    private static bool Same(SeedFolder a, SeedFolder b) =>
        ReferenceEquals(a, b) || a.Missing == b.Missing && a.Seeds.SequenceEqual(b.Seeds) && a.Refused.Count == b.Refused.Count
        && a.Refused.All(r => b.Refused.TryGetValue(r.Key, out var file) && file == r.Value);

    // Asked of every record on every save: indexed loops, as an enumerator or a lambda per record adds up over a big book.
    private bool AllReused(IReadOnlyList<CitationAnnotation> citations, IReadOnlyDictionary<string, ResolvedSource> sources)
    {
        for (var i = 0; i < citations.Count; i++)
            if (!sources.TryGetValue(citations[i].Source.Value, out var source) || !IsReused(source)) return false;
        return true;
    }

    /// <summary>Every source cited is the very instance a claim was resolved from (<paramref name="cited"/>, by id).</summary>
    private static bool AllCitedAsBefore(IReadOnlyList<CitationAnnotation> citations, IReadOnlyDictionary<string, ResolvedSource> sources,
        Dictionary<string, ResolvedSource> cited)
    {
        foreach (var citation in citations)
            if (!sources.TryGetValue(citation.Source.Value, out var source) || !cited.TryGetValue(citation.Source.Value, out var before)
                || !ReferenceEquals(source, before))
                return false;
        return true;
    }

    private static bool AllKnown(IReadOnlyList<Located<string>> about, IReadOnlyDictionary<string, Entity> entities)
    {
        for (var i = 0; i < about.Count; i++)
            if (!entities.ContainsKey(about[i].Value)) return false;
        return true;
    }

    private T Hit<T>(T record)
    {
        _reusing++;
        return record;
    }
}
