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
    internal static BriefingBook? Resolve(SeedFolder seeds, AnnotationSet annotations, string contentDirectory, DiagnosticBag diagnostics, QuoteMemo? memo,
        WordingMemo? wording = null)
    {
        var sources = ResolveSources(seeds, annotations, diagnostics);
        var matchers = sources.Values.ToDictionary(s => s.Source.Id, s => memo?.For(s.Source.Text) ?? new SourceSearches(s.Source.Text), StringComparer.Ordinal);
        // Folding a source's text for matching is independent per source, and a big book has thousands: those that
        // will be searched are folded ahead, in parallel.
        var cited = annotations.Claims.SelectMany(c => c.Citations).Concat(annotations.Entities.SelectMany(e => e.Citations))
            .Select(c => c.Source.Value).Concat(annotations.Sources.Where(s => s.Uncited.Count > 0).Select(s => s.Id.Value)).ToHashSet(StringComparer.Ordinal);
        matchers.Where(m => m.Value.New && cited.Contains(m.Key)).Select(m => m.Value).AsParallel().ForAll(s => s.Fold());
        ResolveUncited(annotations, sources, matchers, diagnostics);
        var entities = ResolveEntities(annotations, sources, matchers, diagnostics, seeds.Refused);
        var claims = ResolveClaims(annotations, entities, sources, matchers, diagnostics, seeds.Refused);
        // Claims rejected for their own errors still exist as far as references to them are concerned.
        var declaredClaims = annotations.Claims.Select(c => c.Id.Value).Concat(annotations.BrokenIds).ToHashSet(StringComparer.Ordinal);

        var disagreements = ResolveDisagreements(annotations, entities, claims, declaredClaims, diagnostics);
        CheckEntityKeyFacts(annotations, claims, declaredClaims, diagnostics);

        var book = annotations.Book;
        if (book is null && !annotations.BookDeclared)
            diagnostics.Report(Codes.MissingField, new Location(PathDisplay.Relative(contentDirectory)),
                "no annotation file has a 'book' section", "add content/book.yaml with 'book: { title, summary, key_facts }'");
        else if (book is not null)
            foreach (var id in book.KeyFacts.Where(id => !declaredClaims.Contains(id.Value)))
                diagnostics.Report(Codes.UnknownClaim, id.Location, $"key fact '{id.Value}' is not a claim id", Spelling.Hint(id.Value, claims.Keys));

        memo?.End();
        var terms = WordingChecks.Vocabulary(book, diagnostics);
        WordingChecks.Run(annotations, terms, claims.Keys.ToHashSet(StringComparer.Ordinal), diagnostics, wording);
        wording?.End();

        if (diagnostics.HasErrors || book is null) return null;
        return new BriefingBook(book.Title, book.Summary.Value, book.KeyFacts.Select(k => k.Value).Distinct().ToList(),
            sources.Values.Select(s => s.Source).OrderBy(s => s.Id, StringComparer.Ordinal).ToList(),
            entities.Values.OrderBy(e => e.Kind).ThenBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal).ToList(),
            claims.Values.ToList(), disagreements, terms);
    }

    private static List<Disagreement> ResolveDisagreements(AnnotationSet annotations, Dictionary<string, Entity> entities,
        Dictionary<string, Claim> claims, IReadOnlySet<string> declaredClaims, DiagnosticBag diagnostics)
    {
        var result = new List<Disagreement>();
        foreach (var d in FirstOfEachId(annotations.Disagreements, d => d.Id, id => $"disagreement id '{id}' is used twice", diagnostics))
        {
            var ok = AllKnown(d.About, entities, annotations.BrokenIds, diagnostics);
            foreach (var claim in d.Claims.Where(c => !claims.ContainsKey(c.Value)))
            {
                if (!declaredClaims.Contains(claim.Value))
                    diagnostics.Report(Codes.UnknownClaim, claim.Location, $"unknown claim '{claim.Value}'", Spelling.Hint(claim.Value, claims.Keys));
                ok = false;
            }
            if (ok)
                result.Add(new Disagreement(d.Id.Value, d.Topic, d.Note?.Value,
                    d.About.Select(a => a.Value).Distinct().ToList(), d.Claims.Select(c => c.Value).Distinct().ToList(), d.Kind));
        }
        return result.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A source with the character spans of its boilerplate lines, which citations may not touch.</summary>
    private sealed record ResolvedSource(Source Source, IReadOnlyList<SourceLine> Boilerplate);

    private static Dictionary<string, ResolvedSource> ResolveSources(SeedFolder seeds, AnnotationSet annotations, DiagnosticBag diagnostics)
    {
        var byId = FirstOfEachId(annotations.Sources, a => a.Id, id => $"source '{id}' is annotated twice", diagnostics)
            .ToDictionary(a => a.Id.Value, StringComparer.Ordinal);
        var seedIds = seeds.Seeds.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var annotation in byId.Values.Where(a => !seedIds.Contains(a.Id.Value)))
        {
            if (seeds.Refused.TryGetValue(annotation.Id.Value, out var seedFile))
                UnusableSeed(diagnostics, annotation.Id, seedFile);
            else
                diagnostics.Report(Codes.UnknownSource, annotation.Id.Location, $"there is no seed file for source '{annotation.Id.Value}'",
                    Spelling.Hint(annotation.Id.Value, seedIds) ?? "each source needs seeds/<id>.txt");
        }

        var result = new Dictionary<string, ResolvedSource>(StringComparer.Ordinal);
        foreach (var seed in seeds.Seeds)
        {
            SourceInfo? info = null;
            if (byId.TryGetValue(seed.Id, out var a))
            {
                var lineCount = new Source(seed.Id, seed.Path, seed.Text, null).Lines().Count();
                var boilerplate = new List<LineRange>();
                foreach (var range in a.Boilerplate)
                {
                    if (range.Value.First > lineCount)
                        diagnostics.Report(Codes.InvalidLineRange, range.Location,
                            $"line {range.Value.First} is past the end of {seed.Path}, which has {lineCount} lines");
                    else
                        boilerplate.Add(range.Value with { Last = Math.Min(range.Value.Last, lineCount) });
                }
                info = new SourceInfo(a.Outlet, a.Headline, a.Url, a.Published, a.PublishedNote, a.Dateline,
                    boilerplate.OrderBy(l => l.First).ToList(), [], a.Draft);
            }
            else
            {
                diagnostics.Report(Codes.NotYetAnnotated, new Location(seed.Path), $"source '{seed.Id}' is not yet annotated",
                    "add a 'sources' entry for it under content/sources/");
            }
            var source = new Source(seed.Id, seed.Path, seed.Text, info);
            result.Add(seed.Id, new ResolvedSource(source, source.Lines().Where(l => l.Boilerplate is not null).ToList()));
        }
        return result;
    }

    /// <summary>Finds the passages editors marked as deliberately uncited, and records them on their sources.</summary>
    private static void ResolveUncited(AnnotationSet annotations, Dictionary<string, ResolvedSource> sources,
        Dictionary<string, SourceSearches> matchers, DiagnosticBag diagnostics)
    {
        foreach (var annotation in annotations.Sources)
        {
            if (!sources.TryGetValue(annotation.Id.Value, out var resolved) || resolved.Source.Info is not { } info || annotation.Uncited.Count == 0)
                continue;
            var uncited = annotation.Uncited
                .Select(u => Locate(u.Quote, null, resolved, matchers[annotation.Id.Value], diagnostics) is { } c ? new UncitedPassage(c.Passage, u.Reason) : null)
                .OfType<UncitedPassage>().ToList();
            sources[annotation.Id.Value] = resolved with { Source = resolved.Source with { Info = info with { Uncited = uncited } } };
        }
    }

    private static Dictionary<string, Entity> ResolveEntities(AnnotationSet annotations, Dictionary<string, ResolvedSource> sources,
        Dictionary<string, SourceSearches> matchers, DiagnosticBag diagnostics,
        IReadOnlyDictionary<string, string> refused)
    {
        var byId = FirstOfEachId(annotations.Entities, e => e.Id, id => $"entity id '{id}' is used twice", diagnostics)
            .ToDictionary(e => e.Id.Value, StringComparer.Ordinal);

        foreach (var e in byId.Values)
        {
            foreach (var related in e.Related)
                CheckReference(related, byId, annotations.BrokenIds, diagnostics, null);
            foreach (var field in EntityKinds.Fields.Where(f => f.Type == FieldType.References))
                foreach (var reference in e.Values.References(field) ?? [])
                    CheckReference(reference, byId, annotations.BrokenIds, diagnostics, field.SchemaType is { } type ? [.. EntityKinds.OfSchemaType(type)] : null);
        }

        return byId.Values.ToDictionary(e => e.Id.Value, e => new Entity(
            e.Kind, e.Id.Value, e.Name, e.Summary.Value, e.Aliases,
            e.Related.Select(r => r.Value).Distinct().ToList(),
            e.Values.Resolve(references => references.Select(r => r.Value).Distinct().ToList()),
            ResolveCitations(e.Citations, sources, matchers, diagnostics, refused, out _))
        { KeyFacts = e.KeyFacts.Select(k => k.Value).Distinct().ToList() }, StringComparer.Ordinal);
    }

    /// <summary>
    /// An entity's key facts are claims about it, at most <see cref="Entity.MaxKeyFacts"/> of them: they fill the key points
    /// box of its printed brief, which must stay short.
    /// </summary>
    private static void CheckEntityKeyFacts(AnnotationSet annotations, Dictionary<string, Claim> claims,
        IReadOnlySet<string> declaredClaims, DiagnosticBag diagnostics)
    {
        foreach (var e in annotations.Entities)
        {
            var id = e.Id.Value;
            foreach (var fact in e.KeyFacts)
            {
                if (!declaredClaims.Contains(fact.Value))
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

    private static Dictionary<string, Claim> ResolveClaims(AnnotationSet annotations, Dictionary<string, Entity> entities,
        Dictionary<string, ResolvedSource> sources, Dictionary<string, SourceSearches> matchers, DiagnosticBag diagnostics,
        IReadOnlyDictionary<string, string> refused)
    {
        var claims = new Dictionary<string, Claim>(StringComparer.Ordinal);
        foreach (var c in FirstOfEachId(annotations.Claims, c => c.Id, id => $"claim id '{id}' is used twice", diagnostics))
        {
            var ok = AllKnown(c.About, entities, annotations.BrokenIds, diagnostics);
            var citations = ResolveCitations(c.Citations, sources, matchers, diagnostics, refused, out var allFound);
            if (ok && allFound)
            {
                claims.Add(c.Id.Value, new Claim(c.Id.Value, c.Text.Value, c.About.Select(a => a.Value).Distinct().ToList(),
                    c.Date, c.DateNote, c.AccordingTo, citations, c.Planned));
                WarnIfReportedBeforeItHappened(c, citations, sources, diagnostics);
            }
        }
        return claims;
    }

    /// <summary>
    /// A source cannot report as done something that happens after it was published: such a claim is a plan or a
    /// misdated event. Plans say so with <c>planned: true</c>.
    /// </summary>
    private static void WarnIfReportedBeforeItHappened(ClaimAnnotation claim, IReadOnlyList<Citation> citations,
        Dictionary<string, ResolvedSource> sources, DiagnosticBag diagnostics)
    {
        if (claim.Date is null || claim.Planned) return;
        var earliest = citations.Select(c => sources[c.Passage.SourceId].Source.Info?.Published).OfType<PartialDate>().Min();
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
        Dictionary<string, SourceSearches> matchers, DiagnosticBag diagnostics, IReadOnlyDictionary<string, string> refused, out bool allFound)
    {
        var citations = new List<Citation>();
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
            else if (Locate(cite.Quote, cite.Context, source, matchers[source.Source.Id], diagnostics) is { } citation)
                citations.Add(citation);
            else
                allFound = false;
        }
        return citations;
    }

}
