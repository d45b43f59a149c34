using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification.Wording;

namespace RussiaJapanBriefing.Verification;

/// <summary>
/// Resolve-and-verify phase: joins annotations to seeds and to each other, and refuses whatever it cannot trace —
/// unknown or duplicate ids, quotes missing from or ambiguous in their source, citations of boilerplate.
/// Reports every problem; returns a book only when there is no error.
/// </summary>
public static partial class BookResolver
{
    public static BriefingBook? Resolve(SeedFolder seeds, AnnotationSet annotations, string contentDirectory, DiagnosticBag diagnostics) =>
        Resolve(seeds, annotations, contentDirectory, diagnostics, memo: null);

    /// <param name="memo">Searches kept from earlier builds, so that an unchanged quote in an unchanged source is not searched again.</param>
    /// <param name="wording">Wording findings kept from earlier builds, so that an unchanged claim is not checked again.</param>
    /// <param name="records">For <c>serve</c>: what the last build resolved, so that a record whose inputs are unchanged is reused as it is.</param>
    /// <param name="laidOut">For the command line: the last published book's pages, and the claims replaced in place since (see BriefingBook).</param>
    /// <param name="replay">For the command line, after an edit that replaced claims alone: where the last published build's citations stood.</param>
    internal static BriefingBook? Resolve(SeedFolder seeds, AnnotationSet annotations, string contentDirectory, DiagnosticBag diagnostics, QuoteMemo? memo,
        WordingMemo? wording = null, ResolvedRecords? records = null, (PagesMemo.Layout, IReadOnlyList<ClaimEdit>)? laidOut = null,
        CitationsMemo.Replay? replay = null)
    {
        // A memo that lost texts (damaged, deleted) holds searches of claims that are not asked: it is made whole by a build that asks them all.
        if (replay is not null && (memo is null || !seeds.Seeds.All(seed => memo.Knows(seed.Content)))) replay = null;
        var kept = records?.Begin(seeds, annotations);
        var searches = new Searches(memo);
        // Claims taken from where their citations stood ask the memo of a few sources only: their searches are not made ahead.
        var early = kept ?? ResolveEarly(seeds, annotations, searches, diagnostics, records, ahead: replay is null, replay);
        if (kept is not null) diagnostics.Add(kept.Reported);
        var (sources, entities) = (early.Sources, early.Entities);
        List<Claim>? ordered = null;
        var claims = records is null && replay is not null && ReplayClaims(annotations, replay, entities, sources, searches, diagnostics, seeds.Refused, out var rejected) is { } replayed
            ? replayed
            : ResolveClaims(annotations, entities, sources, searches, diagnostics, seeds.Refused, records, out rejected, out ordered);
        // Claims rejected for their own errors still exist as far as references to them are concerned. Asked of the
        // tables at hand: a set of every claim id, made per save, cost as much as resolving the claims a save changed.
        bool Declared(string id) => claims.ContainsKey(id) || rejected.Contains(id) || annotations.BrokenIds.Contains(id);

        var disagreements = ResolveDisagreements(annotations, entities, claims, Declared, diagnostics, records);
        CheckEntityKeyFacts(annotations, claims, Declared, diagnostics);

        var book = annotations.Book;
        if (book is null && !annotations.BookDeclared)
            diagnostics.Report(Codes.MissingField, new Location(PathDisplay.Relative(contentDirectory)),
                "no annotation file has a 'book' section", "add content/book.yaml with 'book: { title, summary, key_facts }'");
        else if (book is not null)
            foreach (var id in book.KeyFacts.Where(id => !Declared(id.Value)))
                diagnostics.Report(Codes.UnknownClaim, id.Location, $"key fact '{id.Value}' is not a claim id", Spelling.Hint(id.Value, claims.Keys));

        // The claims taken from where their citations stood asked none of their searches, which are still the book's.
        if (memo is not null && replay is { Taken: true } or { TakenEarly: true }) memo.KeepsUnasked = true;
        memo?.End();
        var terms = WordingChecks.Vocabulary(book, diagnostics);
        if (records is not null) terms = records.Terms(book, terms);
        BriefingBook Made() => new(book!.Title, book.Summary.Value, book.KeyFacts.Select(k => k.Value).Distinct().ToList(),
            early.Sorted, early.Ordered, ordered ?? [.. claims.Values], disagreements, terms, records?.Book, laidOut,
            // serve patches its table of claims in place at the next save; the command line's is its book's for good.
            claimsById: records is null ? claims : null);
        // The wording checks only report, and the book reads nothing they do: it is made beside them, and dropped if they
        // find an error. After a one-claim save at 10,000 sources, each took some 5 ms of serve's save on one core.
        var made = book is not null && !diagnostics.HasErrors ? Task.Run(Made) : null;
        // Where the sources and entities are the last build's and the claims its table patched (every id declared once,
        // now and then), an unchanged file's claims are verified as they were, and its cited sources have the same
        // dates: the wording checks need not ask.
        WordingChecks.Run(annotations, terms, claims.ContainsKey, diagnostics, wording, readsAsBefore: kept is not null && ordered is not null);
        wording?.End();
        records?.End();

        var resolved = made?.GetAwaiter().GetResult();
        if (diagnostics.HasErrors || book is null) return null;
        resolved ??= Made();
        if (records is not null) records.Book = resolved;
        return resolved;
    }

    /// <summary>The sources, their uncited passages and the entities: what reads no claim.</summary>
    /// <param name="ahead">Whether every source's searches are made ahead, in parallel (see <see cref="FoldAhead"/>), rather than as a quote in it is first looked for.</param>
    /// <param name="replay">For the command line, after an edit that replaced claims alone: where the last published build's citations stood.</param>
    private static ResolvedRecords.Early ResolveEarly(SeedFolder seeds, AnnotationSet annotations, Searches searches, DiagnosticBag diagnostics,
        ResolvedRecords? records, bool ahead, CitationsMemo.Replay? replay = null)
    {
        // serve keeps what resolving them reported, to report it again while they are unchanged.
        var reported = records is null ? diagnostics : new DiagnosticBag();
        searches.KnowLines(seeds);
        var sources = ResolveSources(seeds, annotations, reported, records);
        // Folding a source's text for matching is independent per source, and a big book has thousands: those that
        // will be searched are folded ahead, in parallel. A save in serve folds the few it needs as it meets them.
        if (ahead && records is not { Warm: true }) FoldAhead(annotations, sources, searches);
        var places = records is null ? replay?.Places : null;
        var uncitedTaken = ResolveUncited(annotations, sources, searches, reported, records, places?.Uncited);
        var entities = ResolveEntities(annotations, sources, searches, reported, seeds.Refused, records, places?.Summaries, out var summariesTaken);
        if (replay is not null) replay.TakenEarly = uncitedTaken && summariesTaken;
        var early = new ResolvedRecords.Early(seeds, annotations, sources, entities, records is null ? [] : reported.Snapshot(),
            SortedSources(sources), Ordered(entities));
        if (records is null) return early;
        diagnostics.Add(early.Reported);
        records.Keep(early);
        return early;
    }

    private static List<Source> SortedSources(Dictionary<string, ResolvedSource> sources)
    {
        var sorted = new List<Source>(sources.Count);
        foreach (var s in sources.Values) sorted.Add(s.Source);
        sorted.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return sorted;
    }

    private static List<Entity> Ordered(Dictionary<string, Entity> entities)
    {
        var ordered = new List<Entity>(entities.Values);
        ordered.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind)
            : string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Id, b.Id));
        return ordered;
    }

    /// <summary>Folds and searches ahead, in parallel, the sources of which nothing is known yet, for every quote cited in them.</summary>
    private static void FoldAhead(AnnotationSet annotations, Dictionary<string, ResolvedSource> sources, Searches searches)
    {
        // Every source's searches are made ahead, cited or not. Finding the cited ones first was a pass over every
        // citation (100,000 at 10,000 sources: 40 ms of each rebuild, on one core); the memo keeps a text no citation
        // asked of, with no searches, so that it is not new to the next build.
        var all = new List<ResolvedSource>(sources.Values);
        searches.Prepare(all);
        // The quotes are gathered only for sources nothing is known of: after an edit, a source or two.
        // Gathering all of them (100,000 at 10,000 sources) was 30 ms of a one-claim rebuild, most of it in fresh memory.
        var fold = new Dictionary<string, (SourceSearches Searches, List<(string, string?)> Quotes)>(StringComparer.Ordinal);
        foreach (var source in all)
            if (searches.Of(source) is { New: true } found) fold.Add(source.Source.Id, (found, []));
        if (fold.Count == 0) return;
        foreach (var (id, quote, context) in Cited())
            if (fold.TryGetValue(id, out var folding)) folding.Quotes.Add((quote, context));
        // Sources differ a hundredfold in their citations: handed out one at a time, so no core is left idle at the end.
        System.Collections.Concurrent.Partitioner.Create(fold.Values.Where(s => s.Quotes.Count > 0).ToList(), loadBalance: true)
            .AsParallel().ForAll(s => s.Searches.SearchAhead(s.Quotes));

        IEnumerable<(string Source, string Quote, string? Context)> Cited()
        {
            foreach (var c in annotations.Claims)
                foreach (var citation in c.Citations) yield return (citation.Source.Value, citation.Quote.Value, citation.Context?.Value);
            foreach (var e in annotations.Entities)
                foreach (var citation in e.Citations) yield return (citation.Source.Value, citation.Quote.Value, citation.Context?.Value);
            foreach (var s in annotations.Sources)
                foreach (var u in s.Uncited) yield return (s.Id.Value, u.Quote.Value, null);
        }
    }

    /// <summary>The searches of each source, made when a quote in it is first looked for.</summary>
    private sealed class Searches(QuoteMemo? memo)
    {
        private readonly Dictionary<string, SourceSearches> _bySource = new(StringComparer.Ordinal);

        /// <summary>Claims are resolved on several threads (see <see cref="ResolveClaims"/>).</summary>
        private readonly Lock _gate = new();

        /// <summary>Makes the searches of these sources ahead: each text's hash and known searches (a new process decodes them from the memo's file) are independent, so in parallel.</summary>
        public void Prepare(List<ResolvedSource> sources)
        {
            if (memo is null) return;
            var prepared = sources.AsParallel().AsOrdered().Select(s => memo.Prepare(s.Source.Content)).ToList();
            for (var i = 0; i < sources.Count; i++) _bySource.TryAdd(sources[i].Source.Id, memo.Adopt(prepared[i]));
        }

        /// <summary>Tells the seeds not read the lines the memo kept for them, which resolving their sources asks for.</summary>
        public void KnowLines(SeedFolder seeds)
        {
            if (memo is null) return;
            foreach (var seed in seeds.Seeds) memo.KnowLines(seed.Content);
        }

        public SourceSearches Of(ResolvedSource source)
        {
            lock (_gate)
            {
                if (!_bySource.TryGetValue(source.Source.Id, out var searches))
                    _bySource.Add(source.Source.Id, searches = memo?.For(source.Source.Content) ?? new SourceSearches(source.Source.Content));
                return searches;
            }
        }
    }

    private static List<Disagreement> ResolveDisagreements(AnnotationSet annotations, Dictionary<string, Entity> entities,
        Dictionary<string, Claim> claims, Func<string, bool> declaredClaims, DiagnosticBag diagnostics, ResolvedRecords? records)
    {
        var result = new List<Disagreement>();
        foreach (var d in FirstOfEachId(annotations.Disagreements, d => d.Id, id => $"disagreement id '{id}' is used twice", diagnostics))
        {
            var ok = AllKnown(d.About, entities, annotations.BrokenIds, diagnostics);
            foreach (var claim in d.Claims.Where(c => !claims.ContainsKey(c.Value)))
            {
                if (!declaredClaims(claim.Value))
                    diagnostics.Report(Codes.UnknownClaim, claim.Location, $"unknown claim '{claim.Value}'", Spelling.Hint(claim.Value, claims.Keys));
                ok = false;
            }
            if (!ok) continue;
            var disagreement = records?.Disagreement(d) ?? new Disagreement(d.Id.Value, d.Topic, d.Note?.Value,
                d.About.Select(a => a.Value).Distinct().ToList(), d.Claims.Select(c => c.Value).Distinct().ToList(), d.Kind);
            records?.Keep(d, disagreement);
            result.Add(disagreement);
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    /// <summary>A source with the character spans of its boilerplate lines, which citations may not touch.</summary>
    internal sealed record ResolvedSource(Source Source, IReadOnlyList<SourceLine> Boilerplate);

    private static Dictionary<string, ResolvedSource> ResolveSources(SeedFolder seeds, AnnotationSet annotations, DiagnosticBag diagnostics,
        ResolvedRecords? records)
    {
        var byId = FirstOfEachId(annotations.Sources, a => a.Id, id => $"source '{id}' is annotated twice", diagnostics)
            .ToDictionary(a => a.Id.Value, StringComparer.Ordinal);
        var seedIds = new HashSet<string>(seeds.Seeds.Count, StringComparer.Ordinal);
        foreach (var seed in seeds.Seeds) seedIds.Add(seed.Id);
        foreach (var annotation in byId.Values)
        {
            if (seedIds.Contains(annotation.Id.Value)) continue;
            if (seeds.Refused.TryGetValue(annotation.Id.Value, out var seedFile))
                UnusableSeed(diagnostics, annotation.Id, seedFile);
            else
                diagnostics.Report(Codes.UnknownSource, annotation.Id.Location, $"there is no seed file for source '{annotation.Id.Value}'",
                    Spelling.Hint(annotation.Id.Value, seedIds) ?? "each source needs seeds/<id>.txt");
        }

        var result = new Dictionary<string, ResolvedSource>(seeds.Seeds.Count, StringComparer.Ordinal);
        foreach (var seed in seeds.Seeds)
        {
            var a = byId.GetValueOrDefault(seed.Id);
            if (a is null)
                diagnostics.Report(Codes.NotYetAnnotated, new Location(seed.Path), $"source '{seed.Id}' is not yet annotated",
                    "add a 'sources' entry for it under content/sources/");
            if (records?.Source(seed, a) is { } kept)
            {
                result.Add(seed.Id, kept);
                continue;
            }
            SourceInfo? info = null;
            if (a is not null)
            {
                // Counted only where a range needs it: a seed's lines are known without reading it only when a memo kept them.
                var lineCount = a.Boilerplate.Count > 0 ? seed.Content.Lines.Count : 0;
                var boilerplate = new List<LineRange>(a.Boilerplate.Count);
                foreach (var range in a.Boilerplate)
                {
                    if (range.Value.First > lineCount)
                    {
                        diagnostics.Report(Codes.InvalidLineRange, range.Location,
                            $"line {range.Value.First} is past the end of {seed.Path}, which has {lineCount} lines");
                        records?.Reported(seed.Id);
                    }
                    else
                        boilerplate.Add(range.Value with { Last = Math.Min(range.Value.Last, lineCount) });
                }
                boilerplate.Sort((x, y) => x.First.CompareTo(y.First));
                info = new SourceInfo(a.Outlet, a.Headline, a.Url, a.Published, a.PublishedNote, a.Dateline, boilerplate, [], a.Draft);
            }
            var source = new Source(seed.Id, seed.Path, seed.Content, info);
            var lines = source.BoilerplateLines();
            var resolved = new ResolvedSource(source, lines);
            result.Add(seed.Id, resolved);
            records?.Keep(resolved, a);
        }
        return result;
    }

    /// <summary>
    /// Finds the passages editors marked as deliberately uncited, and records them on their sources: where
    /// <paramref name="kept"/> (each source annotation's, in order) has them, without a quote looked up. True when every
    /// one was taken from there.
    /// </summary>
    private static bool ResolveUncited(AnnotationSet annotations, Dictionary<string, ResolvedSource> sources,
        Searches searches, DiagnosticBag diagnostics, ResolvedRecords? records, CitationsMemo.Places? kept = null)
    {
        var taken = kept is not null;
        for (var at = 0; at < annotations.Sources.Count; at++)
        {
            var annotation = annotations.Sources[at];
            if (annotation.Uncited.Count == 0 || !sources.TryGetValue(annotation.Id.Value, out var resolved) || resolved.Source.Info is not { } info
                || records?.IsReused(resolved) == true)
                continue;
            var own = records is null ? diagnostics : new DiagnosticBag();
            var uncited = new List<UncitedPassage>(annotation.Uncited.Count);
            if (kept is not null && kept.Fit(annotations.Sources.Count, at, annotation.Uncited.Count))
                for (var i = 0; i < annotation.Uncited.Count; i++)
                {
                    var (start, end, _) = kept.At[kept.First[at] + i];
                    uncited.Add(new UncitedPassage(new Passage(resolved.Source.Id, start, end), annotation.Uncited[i].Reason));
                }
            else
            {
                taken = false;
                foreach (var u in annotation.Uncited)
                    if (Locate(u.Quote, null, resolved, searches, own, records) is { } c) uncited.Add(new UncitedPassage(c.Passage, u.Reason));
            }
            sources[annotation.Id.Value] = resolved = resolved with { Source = resolved.Source with { Info = info with { Uncited = uncited } } };
            if (records is null) continue;
            if (!Reported(own, diagnostics)) records.Reported(annotation.Id.Value);
            records.Keep(resolved, annotation);
        }
        return taken;
    }

    /// <param name="kept">Where each entity annotation's summary citations stood, in order: those that fit are taken from there, without a quote looked up.</param>
    /// <param name="taken">Whether every summary's citations were taken from <paramref name="kept"/>.</param>
    private static Dictionary<string, Entity> ResolveEntities(AnnotationSet annotations, Dictionary<string, ResolvedSource> sources,
        Searches searches, DiagnosticBag diagnostics, IReadOnlyDictionary<string, string> refused, ResolvedRecords? records,
        CitationsMemo.Places? kept, out bool taken)
    {
        var byId = FirstOfEachId(annotations.Entities, e => e.Id, id => $"entity id '{id}' is used twice", diagnostics)
            .ToDictionary(e => e.Id.Value, StringComparer.Ordinal);

        foreach (var e in byId.Values)
        {
            foreach (var related in e.Related)
                CheckReference(related, byId, annotations.BrokenIds, diagnostics, null);
            foreach (var (field, kinds) in ReferenceFields)
                foreach (var reference in e.Values.References(field) ?? [])
                    CheckReference(reference, byId, annotations.BrokenIds, diagnostics, kinds);
        }

        // Each annotation's place in the list the places were kept in.
        var at = new Dictionary<EntityAnnotation, int>(kept is null ? 0 : annotations.Entities.Count, ReferenceEqualityComparer.Instance);
        if (kept is not null)
            for (var i = 0; i < annotations.Entities.Count; i++) at.Add(annotations.Entities[i], i);
        taken = kept is not null;
        var entities = new Dictionary<string, Entity>(byId.Count, StringComparer.Ordinal);
        ResolvedSource? cited = null;
        foreach (var e in byId.Values)
        {
            var entity = records?.Entity(e, sources);
            if (entity is null)
            {
                var own = records is null ? diagnostics : new DiagnosticBag();
                var citations = kept is not null && FromPlaces(e.Citations, kept, annotations.Entities.Count, at[e], sources, ref cited) is { } replayed ? replayed : null;
                taken &= citations is not null;
                entity = new Entity(e.Kind, e.Id.Value, e.Name, e.Summary.Value, e.Aliases,
                    e.Related.Select(r => r.Value).Distinct().ToList(),
                    e.Values.Resolve(references => references.Select(r => r.Value).Distinct().ToList()),
                    citations ?? ResolveCitations(e.Citations, sources, searches, own, refused, records, out _))
                { KeyFacts = e.KeyFacts.Select(k => k.Value).Distinct().ToList() };
                if (records is not null) records.Keep(e, entity, Reported(own, diagnostics));
            }
            entities.Add(e.Id.Value, entity);
        }
        return entities;
    }

    /// <summary>The references fields, each with the kinds it may name (null: any).</summary>
    private static readonly (EntityField Field, EntityKind[]? Kinds)[] ReferenceFields =
        [.. EntityKinds.Fields.Where(f => f.Type == FieldType.References).Select(f => (f, f.SchemaType is { } type ? EntityKinds.OfSchemaType(type).ToArray() : null))];

    /// <summary>Passes on what one record's resolution reported; true when it reported nothing, so that the record can be reused as it is.</summary>
    private static bool Reported(DiagnosticBag own, DiagnosticBag diagnostics)
    {
        if (own == diagnostics) return false;
        var found = own.Snapshot();
        diagnostics.Add(found);
        return found.Count == 0;
    }

    /// <summary>
    /// An entity's key facts are claims about it, at most <see cref="Entity.MaxKeyFacts"/> of them: they fill the key points
    /// box of its printed brief, which must stay short.
    /// </summary>
    private static void CheckEntityKeyFacts(AnnotationSet annotations, Dictionary<string, Claim> claims,
        Func<string, bool> declaredClaims, DiagnosticBag diagnostics)
    {
        foreach (var e in annotations.Entities)
        {
            var id = e.Id.Value;
            foreach (var fact in e.KeyFacts)
            {
                if (!declaredClaims(fact.Value))
                    diagnostics.Report(Codes.UnknownClaim, fact.Location, $"key fact '{fact.Value}' of '{id}' is not a claim id",
                        Spelling.Hint(fact.Value, claims.Values.Where(c => c.About.Contains(id)).Select(c => c.Id)) ?? Spelling.Hint(fact.Value, claims.Keys));
                else if (claims.TryGetValue(fact.Value, out var claim) && !claim.About.Contains(id))
                    diagnostics.Report(Codes.KeyFactNotAbout, fact.Location, $"key fact '{fact.Value}' of '{id}' is not a claim about '{id}'",
                        Spelling.Hint(fact.Value, claims.Values.Where(c => c.About.Contains(id)).Select(c => c.Id))
                        ?? $"add '{id}' to the claim's 'about', or choose a claim about '{id}'");
            }
            var distinct = e.KeyFacts.DistinctBy(k => k.Value).ToList();
            if (distinct.Count > Entity.MaxKeyFacts)
                diagnostics.Report(Codes.TooManyKeyFacts, distinct[Entity.MaxKeyFacts].Location,
                    $"'{id}' has {distinct.Count} key facts; a brief's key points box holds at most {Entity.MaxKeyFacts}",
                    "keep the ones a reader must know; the brief's timeline and the full record show the rest");
        }
    }

    private static void CheckReference(Located<string> reference, IReadOnlyDictionary<string, EntityAnnotation> entities,
        IReadOnlySet<string> broken, DiagnosticBag diagnostics, EntityKind[]? allowedKinds)
    {
        if (broken.Contains(reference.Value)) return;
        if (!entities.TryGetValue(reference.Value, out var target))
        {
            diagnostics.Report(Codes.UnknownEntity, reference.Location, $"unknown entity '{reference.Value}'", Spelling.Hint(reference.Value, entities.Keys));
            return;
        }
        if (allowedKinds is not null && !allowedKinds.Contains(target.Kind))
            diagnostics.Report(Codes.WrongKind, reference.Location,
                $"'{reference.Value}' is a {target.Kind.Singular().ToLowerInvariant()}, but only {string.Join(" or ", allowedKinds.Select(k => k.Section()))} can be named here");
    }

    /// <summary>Claims resolved by one task: enough that handing out the ranges costs nothing beside resolving them.</summary>
    private const int ClaimsPerTask = 512;

    /// <summary>Claims <c>0..count</c> handed to <paramref name="range"/> a range at a time, on every core when there are more than one range's worth.</summary>
    private static void InRanges(int count, Action<int, int> range)
    {
        if (count > ClaimsPerTask)
            System.Collections.Concurrent.Partitioner.Create(0, count, ClaimsPerTask).AsParallel().ForAll(r => range(r.Item1, r.Item2));
        else range(0, count);
    }

    private static Dictionary<string, Claim> ResolveClaims(AnnotationSet annotations, Dictionary<string, Entity> entities,
        Dictionary<string, ResolvedSource> sources, Searches searches, DiagnosticBag diagnostics,
        IReadOnlyDictionary<string, string> refused, ResolvedRecords? records, out HashSet<string> rejected, out List<Claim>? ordered)
    {
        ordered = null;
        if (records is not null && annotations.Files is { } files && annotations.BrokenIds.Count == 0 && records.Table(files) is { } last
            && PatchClaims(files, last.Table, last.Files, entities, sources, searches, diagnostics, refused, records, out rejected, out ordered, out var patch))
        {
            records.Keep(last.Table, files, patched: true, patch);
            return last.Table;
        }
        records?.Unpatched();
        if (records is not null && annotations.Files is { } all && annotations.BrokenIds.Count == 0)
        {
            if (ResolveClaimsByFile(all, annotations.Claims.Count, entities, sources, searches, diagnostics, refused, records, out rejected) is { } byFile)
            {
                records.Keep(byFile, all);
                return byFile;
            }
            records.KeepUnvisitedClaimFiles();
        }
        records?.Keep(table: null, files: null);
        var unique = FirstOfEachId(annotations.Claims, c => c.Id, id => $"claim id '{id}' is used twice", diagnostics);
        var resolved = new Claim?[unique.Count];
        void ResolveRange(int from, int to)
        {
            for (var i = from; i < to; i++)
                if ((resolved[i] = ResolveClaim(unique[i], entities, sources, searches, diagnostics, annotations.BrokenIds, refused, records)) is { } claim)
                    WarnIfReportedBeforeItHappened(unique[i], claim.Citations, sources, diagnostics);
        }
        // Each claim resolves against the sources and entities alone, and the searches were prepared ahead: 50,000
        // claims at 10,000 sources took a third of a second on one core while the other was idle. serve's records
        // keep what each claim resolved to, in tables of their own, so its claims resolve on one thread.
        if (records is null) InRanges(unique.Count, ResolveRange);
        else ResolveRange(0, unique.Count);
        var claims = new Dictionary<string, Claim>(unique.Count, StringComparer.Ordinal);
        rejected = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < unique.Count; i++)
            if (resolved[i] is { } claim) claims.Add(claim.Id, claim);
            else rejected.Add(unique[i].Id.Value);
        return claims;
    }

    /// <summary>
    /// The command line's way after an edit that replaced claims alone (see <see cref="CitationsMemo"/>): each claim of
    /// a file the edit left alone made from its annotation and the places its citations had in the last published build,
    /// with the sources and entities that build had, and those of the edited files resolved. Null, with nothing
    /// reported, when the places kept are not of these claims, or an id is declared twice: the claims are then resolved
    /// claim by claim, where each repeat is reported.
    /// </summary>
    private static Dictionary<string, Claim>? ReplayClaims(AnnotationSet annotations, CitationsMemo.Replay replay, Dictionary<string, Entity> entities,
        Dictionary<string, ResolvedSource> sources, Searches searches, DiagnosticBag diagnostics, IReadOnlyDictionary<string, string> refused,
        out HashSet<string> rejected)
    {
        rejected = new HashSet<string>(StringComparer.Ordinal);
        var (kept, all) = (replay.Places.Claims, annotations.Claims);
        if (annotations.Files is not { } files || annotations.BrokenIds.Count > 0 || kept.Records != all.Count) return null;
        var again = new bool[all.Count];
        var at = 0;
        foreach (var (_, part) in files)
        {
            if (at + part.Claims.Count > all.Count) return null;
            if (replay.Edited.Contains(part)) again.AsSpan(at, part.Claims.Count).Fill(true);
            at += part.Claims.Count;
        }
        if (at != all.Count) return null;
        var own = new DiagnosticBag();
        var resolved = new Claim?[all.Count];
        var stale = false;
        void ReplayRange(int from, int to)
        {
            ResolvedSource? cited = null;
            for (var i = from; i < to; i++)
            {
                var c = all[i];
                if (again[i]) resolved[i] = ResolveClaim(c, entities, sources, searches, own, annotations.BrokenIds, refused, records: null);
                else if ((resolved[i] = Replayed(c, kept, i, sources, ref cited)) is null) stale = true;
                if (resolved[i] is { } claim) WarnIfReportedBeforeItHappened(c, claim.Citations, sources, own);
            }
        }
        InRanges(all.Count, ReplayRange);
        if (stale) return null;
        var claims = new Dictionary<string, Claim>(all.Count, StringComparer.Ordinal);
        for (var i = 0; i < all.Count; i++)
        {
            var id = all[i].Id.Value;
            if (resolved[i] is { } claim ? rejected.Contains(id) || !claims.TryAdd(id, claim) : claims.ContainsKey(id) || !rejected.Add(id)) return null;
        }
        diagnostics.Add(own.Snapshot());
        for (var i = 0; i < again.Length; i++)
            if (again[i]) replay.ResolvedAnew.Add(i);
        replay.Taken = true;
        return claims;
    }

    /// <summary>A claim of a file an edit left alone, made as resolving it made it then; null when the places kept do not fit its citations.</summary>
    private static Claim? Replayed(ClaimAnnotation c, CitationsMemo.Places kept, int at, Dictionary<string, ResolvedSource> sources, ref ResolvedSource? cited) =>
        FromPlaces(c.Citations, kept, kept.Records, at, sources, ref cited) is { } citations ? Made(c, citations) : null;

    /// <summary>
    /// The citations of record <paramref name="at"/> of <paramref name="records"/>, made as resolving them made them when
    /// their places were kept; null when the places kept do not fit them.
    /// </summary>
    /// <param name="cited">The source the last citation cited: a file's records mostly cite its own source, so it is looked up once per run of them.</param>
    private static List<Citation>? FromPlaces(IReadOnlyList<CitationAnnotation> cites, CitationsMemo.Places kept, int records, int at,
        Dictionary<string, ResolvedSource> sources, ref ResolvedSource? cited)
    {
        if (!kept.Fit(records, at, cites.Count)) return null;
        var first = kept.First[at];
        var citations = new List<Citation>(cites.Count);
        for (var i = 0; i < cites.Count; i++)
        {
            var cite = cites[i];
            if (!string.Equals(cited?.Source.Id, cite.Source.Value, StringComparison.Ordinal) && !sources.TryGetValue(cite.Source.Value, out cited)) return null;
            var (start, end, verbatim) = kept.At[first + i];
            citations.Add(new Citation(new Passage(cited!.Source.Id, start, end), verbatim ?? cite.Quote.Value));
        }
        return citations;
    }

    /// <summary>
    /// <c>serve</c>'s way: file by file, each unchanged file whose sources and entities are as they were taken whole
    /// from the last build, so a save resolves in proportion to the files it changed. Only for a book where every id is
    /// declared once: on meeting an id again it gives up (null), and the claims are resolved claim by claim, where
    /// each repeat is reported with where the id was first declared.
    /// </summary>
    private static Dictionary<string, Claim>? ResolveClaimsByFile(IReadOnlyList<(string Path, AnnotationSet Part)> files, int count,
        Dictionary<string, Entity> entities, Dictionary<string, ResolvedSource> sources, Searches searches, DiagnosticBag diagnostics,
        IReadOnlyDictionary<string, string> refused, ResolvedRecords records, out HashSet<string> rejected)
    {
        var claims = new Dictionary<string, Claim>(count, StringComparer.Ordinal);
        var declined = rejected = new HashSet<string>(StringComparer.Ordinal);
        // What the files report, added only once every id has proved to be declared once.
        var reported = new List<Diagnostic>();
        foreach (var (path, part) in files)
        {
            if (part.Claims.Count == 0) continue;
            if (records.ClaimFileOf(path, part, entities, sources, out var last) is { } kept)
            {
                foreach (var (_, claim) in kept.Claims)
                    if (rejected.Contains(claim.Id) || !claims.TryAdd(claim.Id, claim)) return null;
                reported.AddRange(kept.Warnings);
                continue;
            }
            var file = ResolveFile(part, last, id => claims.ContainsKey(id) || declined.Contains(id), claims.Add, entities, sources, searches, refused, records,
                reported, rejected);
            if (file is null) return null;
            records.Keep(path, part, file.Clean, sources, file.Warnings, file.Standing);
        }
        diagnostics.Add(reported);
        return claims;
    }

    /// <summary>
    /// <c>serve</c>'s way after a save that kept the sources and entities (so every claim of an unchanged file resolves as
    /// before): the last build's table of claims, patched in place by the files whose part changed and those it resolved
    /// claim by claim, each with its claims resolved again; false, with the table and entries untouched, on meeting an
    /// id declared elsewhere. <paramref name="ordered"/> gets the claims in file order, as a table made anew lists them.
    /// </summary>
    private static bool PatchClaims(IReadOnlyList<(string Path, AnnotationSet Part)> files, Dictionary<string, Claim> table,
        IReadOnlyDictionary<string, ResolvedRecords.ClaimFile> entries, Dictionary<string, Entity> entities, Dictionary<string, ResolvedSource> sources,
        Searches searches, DiagnosticBag diagnostics, IReadOnlyDictionary<string, string> refused, ResolvedRecords records,
        out HashSet<string> rejected, out List<Claim>? ordered, out ResolvedRecords.FilePatch? patch)
    {
        var declined = rejected = new HashSet<string>(StringComparer.Ordinal);
        ordered = null;
        patch = null;
        var reported = new List<Diagnostic>();
        var changed = new List<int>();
        var leaving = new HashSet<string>(StringComparer.Ordinal);
        var last = records.LastPatch(files);
        // Each file's entry, looked up once (10,000 files' lookups twice over were 6 ms of a one-claim save), or taken
        // from the last patch, which also tells an unchanged file by its part alone.
        var entryOf = last is null ? new ResolvedRecords.ClaimFile?[files.Count] : (ResolvedRecords.ClaimFile?[])last.Entries.Clone();
        for (var i = 0; i < files.Count; i++)
        {
            var (path, part) = files[i];
            if (last is not null && last.Same[i] && ReferenceEquals(last.Files[i].Part, part)) continue;
            var entry = last is null ? entryOf[i] = entries.GetValueOrDefault(path) : entryOf[i];
            if (entry is { Whole: true } && ReferenceEquals(entry.Part, part)) continue;
            if (entry is not null || part.Claims.Count > 0)
            {
                changed.Add(i);
                foreach (var claim in entry?.Standing ?? []) leaving.Add(claim.Id);
            }
        }
        // Resolved before anything is patched, so that a repeated id leaves the table and entries as the last build made them.
        var arriving = new Dictionary<string, Claim>(StringComparer.Ordinal);
        var resolved = new ResolvedFile[changed.Count];
        for (var n = 0; n < changed.Count; n++)
        {
            var (path, part) = files[changed[n]];
            if (ResolveFile(part, entries.GetValueOrDefault(path), id => table.ContainsKey(id) && !leaving.Contains(id) || arriving.ContainsKey(id) || declined.Contains(id),
                arriving.Add, entities, sources, searches, refused, records, reported, rejected) is not { } file)
                return false;
            resolved[n] = file;
        }
        foreach (var id in leaving) table.Remove(id);
        foreach (var (id, claim) in arriving) table.Add(id, claim);
        for (var n = 0; n < changed.Count; n++)
        {
            var (path, part) = files[changed[n]];
            if (part.Claims.Count == 0) records.Forget(path);
            else records.Keep(path, part, resolved[n].Clean, sources, resolved[n].Warnings, resolved[n].Standing);
            entryOf[changed[n]] = entries.GetValueOrDefault(path);
        }
        patch = last is null ? Patch(files, entryOf) : Patched(last, files, entryOf, changed);
        ordered = patch.Ordered;
        // What the files left as they were reported, as each changed file's claims did above.
        var at = 0;
        foreach (var i in last?.Warned ?? patch.Warned)
        {
            while (at < changed.Count && changed[at] < i) at++;
            if (at == changed.Count || changed[at] != i) reported.AddRange(entryOf[i]!.Warnings);
        }
        diagnostics.Add(reported);
        return true;
    }

    /// <summary>The view of <paramref name="files"/>, whose entries are <paramref name="entryOf"/>, for the next patch: made by going through every file.</summary>
    private static ResolvedRecords.FilePatch Patch(IReadOnlyList<(string Path, AnnotationSet Part)> files, ResolvedRecords.ClaimFile?[] entryOf)
    {
        var same = new bool[files.Count];
        var starts = new int[files.Count + 1];
        var ordered = new List<Claim>();
        var warned = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            starts[i] = ordered.Count;
            if (entryOf[i] is not { } entry) continue;
            same[i] = entry.Whole && ReferenceEquals(entry.Part, files[i].Part);
            ordered.AddRange(entry.Standing);
            if (entry.Warnings.Count > 0) warned.Add(i);
        }
        starts[files.Count] = ordered.Count;
        return new ResolvedRecords.FilePatch(files, entryOf, same, starts, ordered, [.. warned]);
    }

    /// <summary>
    /// <paramref name="last"/> with the <paramref name="changed"/> files' new entries: the claims of the others are
    /// copied a stretch at a time from the last list, and their starts shifted, without looking at their entries.
    /// </summary>
    private static ResolvedRecords.FilePatch Patched(ResolvedRecords.FilePatch last, IReadOnlyList<(string Path, AnnotationSet Part)> files,
        ResolvedRecords.ClaimFile?[] entryOf, List<int> changed)
    {
        var same = (bool[])last.Same.Clone();
        var starts = new int[files.Count + 1];
        var ordered = new List<Claim>(last.Ordered.Count + 16);
        var kept = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(last.Ordered);
        var warned = new List<int>(last.Warned.Length + changed.Count);
        int from = 0, shift = 0, at = 0;
        foreach (var i in changed.Append(files.Count))
        {
            // The files before this one are as they were: their claims, starts and warnings move as a stretch.
            ordered.AddRange(kept[last.Starts[from]..last.Starts[i]]);
            for (var f = from; f < i; f++) starts[f] = last.Starts[f] + shift;
            for (; at < last.Warned.Length && last.Warned[at] < i; at++) warned.Add(last.Warned[at]);
            if (at < last.Warned.Length && last.Warned[at] == i) at++;
            if (i == files.Count) break;
            starts[i] = ordered.Count;
            var entry = entryOf[i];
            same[i] = entry is { Whole: true } && ReferenceEquals(entry.Part, files[i].Part);
            if (entry is not null) ordered.AddRange(entry.Standing);
            if (entry is { Warnings.Count: > 0 }) warned.Add(i);
            shift = ordered.Count - last.Starts[i + 1];
            from = i + 1;
        }
        starts[files.Count] = ordered.Count;
        return new ResolvedRecords.FilePatch(files, entryOf, same, starts, ordered, [.. warned]);
    }

    /// <summary>A file's claims resolved: those with nothing reported, those that stand (also the warned), and the warnings their dates drew.</summary>
    private sealed record ResolvedFile(List<(ClaimAnnotation, Claim)> Clean, Claim[] Standing, IReadOnlyList<Diagnostic> Warnings);

    /// <summary>
    /// Resolves the claims of one file, in order, handing each that stands to <paramref name="stand"/>, adding what they
    /// report to <paramref name="reported"/> and the ids of those that cannot be resolved to <paramref name="rejected"/>;
    /// null on meeting an id already <paramref name="declared"/> (in this file too).
    /// </summary>
    private static ResolvedFile? ResolveFile(AnnotationSet part, ResolvedRecords.ClaimFile? last, Func<string, bool> declared, Action<string, Claim> stand,
        Dictionary<string, Entity> entities, Dictionary<string, ResolvedSource> sources, Searches searches, IReadOnlyDictionary<string, string> refused,
        ResolvedRecords records, List<Diagnostic> reported, HashSet<string> rejected)
    {
        var clean = new List<(ClaimAnnotation, Claim)>(part.Claims.Count);
        var standing = new List<Claim>(part.Claims.Count);
        var warnings = new DiagnosticBag();
        foreach (var c in part.Claims)
        {
            if (declared(c.Id.Value)) return null;
            var claim = records.Claim(last, c, entities, sources);
            if (claim is null)
            {
                var own = new DiagnosticBag();
                claim = ResolveClaim(c, entities, sources, searches, own, part.BrokenIds, refused, records);
                var found = own.Snapshot();
                reported.AddRange(found);
                if (claim is null)
                {
                    rejected.Add(c.Id.Value);
                    continue;
                }
                if (found.Count == 0) clean.Add((c, claim));
            }
            else clean.Add((c, claim));
            standing.Add(claim);
            stand(c.Id.Value, claim);
            WarnIfReportedBeforeItHappened(c, claim.Citations, sources, warnings);
        }
        var warned = warnings.Snapshot();
        reported.AddRange(warned);
        return new ResolvedFile(clean, [.. standing], warned);
    }

    /// <summary>A claim resolved against the entities and sources, or null (with what is wrong reported) when it cannot be.</summary>
    private static Claim? ResolveClaim(ClaimAnnotation c, Dictionary<string, Entity> entities, Dictionary<string, ResolvedSource> sources,
        Searches searches, DiagnosticBag diagnostics, IReadOnlySet<string> broken, IReadOnlyDictionary<string, string> refused, ResolvedRecords? records)
    {
        var ok = AllKnown(c.About, entities, broken, diagnostics);
        var citations = ResolveCitations(c.Citations, sources, searches, diagnostics, refused, records, out var allFound);
        return ok && allFound ? Made(c, citations) : null;
    }

    private static Claim Made(ClaimAnnotation c, List<Citation> citations)
    {
        var about = new List<string>(c.About.Count);
        foreach (var a in c.About)
            if (!about.Contains(a.Value)) about.Add(a.Value);
        return new Claim(c.Id.Value, c.Text.Value, about, c.Date, c.DateNote, c.AccordingTo, citations, c.Planned);
    }

    /// <summary>
    /// A source cannot report as done something that happens after it was published: such a claim is a plan or a
    /// misdated event. Plans say so with <c>planned: true</c>.
    /// </summary>
    private static void WarnIfReportedBeforeItHappened(ClaimAnnotation claim, IReadOnlyList<Citation> citations,
        Dictionary<string, ResolvedSource> sources, DiagnosticBag diagnostics)
    {
        if (claim.Date is null || claim.Planned) return;
        PartialDate? earliest = null;
        for (var i = 0; i < citations.Count; i++)
            if (sources[citations[i].Passage.SourceId].Source.Info?.Published is { } published && (earliest is null || published.CompareTo(earliest) < 0))
                earliest = published;
        // Compare whole periods: a claim in May 2018 is not later than a source published "2018-05".
        if (earliest is not null && PartialDate.FirstDay(claim.Date.Start) > PartialDate.LastDay(earliest.End ?? earliest.Start))
            diagnostics.Report(Codes.DatedAfterSource, claim.Id.Location,
                $"claim '{claim.Id.Value}' is dated {claim.Date} but its source was published {earliest}",
                "if it reports a plan or scheduled event, add 'planned: true'; otherwise check the date");
    }

    /// <summary>A reference to a seed file that exists but was refused: say so, and where, rather than that it is missing.</summary>
    private static void UnusableSeed(DiagnosticBag diagnostics, Located<string> reference, string seedFile) =>
        diagnostics.Report(Codes.UnknownSource, reference.Location, $"the seed file of source '{reference.Value}' cannot be used", $"see the error at {seedFile}");

    private static List<Citation> ResolveCitations(IReadOnlyList<CitationAnnotation> cites, Dictionary<string, ResolvedSource> sources,
        Searches searches, DiagnosticBag diagnostics, IReadOnlyDictionary<string, string> refused, ResolvedRecords? records, out bool allFound)
    {
        var citations = new List<Citation>(cites.Count);
        allFound = true;
        foreach (var cite in cites)
        {
            if (!sources.TryGetValue(cite.Source.Value, out var source))
            {
                if (refused.TryGetValue(cite.Source.Value, out var seedFile))
                    UnusableSeed(diagnostics, cite.Source, seedFile);
                else
                    diagnostics.Report(Codes.UnknownSource, cite.Source.Location, $"unknown source '{cite.Source.Value}'", Spelling.Hint(cite.Source.Value, sources.Keys));
                allFound = false;
            }
            else if (Locate(cite.Quote, cite.Context, source, searches, diagnostics, records) is { } citation)
                citations.Add(citation);
            else
                allFound = false;
        }
        return citations;
    }
}
