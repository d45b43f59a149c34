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
public static class BookResolver
{
    public static BriefingBook? Resolve(SeedFolder seeds, AnnotationSet annotations, string contentDirectory, DiagnosticBag diagnostics)
    {
        var sources = ResolveSources(seeds, annotations, diagnostics);
        // Folding every source's text for matching is independent per source, and a big book has thousands.
        var matchers = sources.Values.AsParallel().Select(s => (s.Source.Id, Matcher: new QuoteMatcher(s.Source.Text)))
            .ToDictionary(m => m.Id, m => m.Matcher, StringComparer.Ordinal);
        ResolveUncited(annotations, sources, matchers, diagnostics);
        var entities = ResolveEntities(annotations, sources, matchers, diagnostics, seeds.Refused);
        var claims = ResolveClaims(annotations, entities, sources, matchers, diagnostics, seeds.Refused);
        // Claims rejected for their own errors still exist as far as references to them are concerned.
        var declaredClaims = annotations.Claims.Select(c => c.Id.Value).Concat(annotations.BrokenIds).ToHashSet(StringComparer.Ordinal);

        var disagreements = ResolveDisagreements(annotations, entities, claims, declaredClaims, diagnostics);

        var book = annotations.Book;
        if (book is null && !annotations.BookDeclared)
            diagnostics.Error(Codes.MissingField, new Location(PathDisplay.Relative(contentDirectory)),
                "no annotation file has a 'book' section", "add content/book.yaml with 'book: { title, summary, key_facts }'");
        else if (book is not null)
            foreach (var id in book.KeyFacts.Where(id => !declaredClaims.Contains(id.Value)))
                diagnostics.Error(Codes.UnknownClaim, id.Location, $"key fact '{id.Value}' is not a claim id", Spelling.Hint(id.Value, claims.Keys));

        var terms = WordingChecks.Vocabulary(book, diagnostics);
        WordingChecks.Run(annotations, terms, claims.Keys.ToHashSet(StringComparer.Ordinal), diagnostics);

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
        var first = new Dictionary<string, Location>(StringComparer.Ordinal);
        foreach (var d in annotations.Disagreements)
        {
            if (!first.TryAdd(d.Id.Value, d.Id.Location))
            {
                diagnostics.Error(Codes.DuplicateId, d.Id.Location, $"disagreement id '{d.Id.Value}' is used twice", $"first at {first[d.Id.Value]}");
                continue;
            }
            var ok = true;
            foreach (var about in d.About.Where(a => !entities.ContainsKey(a.Value) && !annotations.BrokenIds.Contains(a.Value)))
            {
                diagnostics.Error(Codes.UnknownEntity, about.Location, $"unknown entity '{about.Value}'", Spelling.Hint(about.Value, entities.Keys));
                ok = false;
            }
            foreach (var claim in d.Claims.Where(c => !claims.ContainsKey(c.Value)))
            {
                if (!declaredClaims.Contains(claim.Value))
                    diagnostics.Error(Codes.UnknownClaim, claim.Location, $"unknown claim '{claim.Value}'", Spelling.Hint(claim.Value, claims.Keys));
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
        var byId = new Dictionary<string, SourceAnnotation>(StringComparer.Ordinal);
        foreach (var annotation in annotations.Sources)
        {
            if (!byId.TryAdd(annotation.Id.Value, annotation))
                diagnostics.Error(Codes.DuplicateId, annotation.Id.Location, $"source '{annotation.Id.Value}' is annotated twice",
                    $"first at {byId[annotation.Id.Value].Id.Location}");
        }
        var seedIds = seeds.Seeds.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var annotation in byId.Values.Where(a => !seedIds.Contains(a.Id.Value)))
        {
            if (seeds.Refused.TryGetValue(annotation.Id.Value, out var seedFile))
                UnusableSeed(diagnostics, annotation.Id, seedFile);
            else
                diagnostics.Error(Codes.UnknownSource, annotation.Id.Location, $"there is no seed file for source '{annotation.Id.Value}'",
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
                        diagnostics.Error(Codes.InvalidLineRange, range.Location,
                            $"line {range.Value.First} is past the end of {seed.Path}, which has {lineCount} lines");
                    else
                        boilerplate.Add(range.Value with { Last = Math.Min(range.Value.Last, lineCount) });
                }
                info = new SourceInfo(a.Outlet, a.Headline, a.Url, a.Published, a.PublishedNote, a.Dateline,
                    boilerplate.OrderBy(l => l.First).ToList(), []);
            }
            else
            {
                diagnostics.Warning(Codes.NotYetAnnotated, new Location(seed.Path), $"source '{seed.Id}' is not yet annotated",
                    "add a 'sources' entry for it under content/sources/");
            }
            var source = new Source(seed.Id, seed.Path, seed.Text, info);
            result.Add(seed.Id, new ResolvedSource(source, source.Lines().Where(l => l.Boilerplate is not null).ToList()));
        }
        return result;
    }

    /// <summary>Finds the passages editors marked as deliberately uncited, and records them on their sources.</summary>
    private static void ResolveUncited(AnnotationSet annotations, Dictionary<string, ResolvedSource> sources,
        Dictionary<string, QuoteMatcher> matchers, DiagnosticBag diagnostics)
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
        Dictionary<string, QuoteMatcher> matchers, DiagnosticBag diagnostics,
        IReadOnlyDictionary<string, string> refused)
    {
        var byId = new Dictionary<string, EntityAnnotation>(StringComparer.Ordinal);
        foreach (var e in annotations.Entities)
        {
            if (!byId.TryAdd(e.Id.Value, e))
                diagnostics.Error(Codes.DuplicateId, e.Id.Location, $"entity id '{e.Id.Value}' is used twice", $"first at {byId[e.Id.Value].Id.Location}");
        }

        foreach (var e in byId.Values)
        {
            foreach (var related in e.Related)
                CheckReference(related, byId, annotations.BrokenIds, diagnostics, null);
            foreach (var participant in e.Participants)
                CheckReference(participant, byId, annotations.BrokenIds, diagnostics, [.. EntityKinds.OfSchemaType("Person")]);
        }

        return byId.Values.ToDictionary(e => e.Id.Value, e => new Entity(
            e.Kind, e.Id.Value, e.Name, e.Summary.Value, e.Aliases,
            e.Related.Select(r => r.Value).Distinct().ToList(),
            e.Role, e.Country, e.Date, e.Status, e.Place, e.Format,
            e.Kind.Row().Has(EntityField.Participants) ? e.Participants.Select(p => p.Value).Distinct().ToList() : null,
            ResolveCitations(e.Citations, sources, matchers, diagnostics, refused, out _)), StringComparer.Ordinal);
    }

    private static void CheckReference(Located<string> reference, IReadOnlyDictionary<string, EntityAnnotation> entities,
        IReadOnlySet<string> broken, DiagnosticBag diagnostics, EntityKind[]? allowedKinds)
    {
        if (broken.Contains(reference.Value)) return;
        if (!entities.TryGetValue(reference.Value, out var target))
        {
            diagnostics.Error(Codes.UnknownEntity, reference.Location, $"unknown entity '{reference.Value}'", Spelling.Hint(reference.Value, entities.Keys));
            return;
        }
        if (allowedKinds is not null && !allowedKinds.Contains(target.Kind))
            diagnostics.Error(Codes.WrongKind, reference.Location,
                $"'{reference.Value}' is a {target.Kind.Singular().ToLowerInvariant()}, but only {string.Join(" or ", allowedKinds.Select(k => k.Section()))} can be named here");
    }

    private static Dictionary<string, Claim> ResolveClaims(AnnotationSet annotations, Dictionary<string, Entity> entities,
        Dictionary<string, ResolvedSource> sources, Dictionary<string, QuoteMatcher> matchers, DiagnosticBag diagnostics,
        IReadOnlyDictionary<string, string> refused)
    {
        var claims = new Dictionary<string, Claim>(StringComparer.Ordinal);
        var first = new Dictionary<string, Location>(StringComparer.Ordinal);
        foreach (var c in annotations.Claims)
        {
            if (!first.TryAdd(c.Id.Value, c.Id.Location))
            {
                diagnostics.Error(Codes.DuplicateId, c.Id.Location, $"claim id '{c.Id.Value}' is used twice", $"first at {first[c.Id.Value]}");
                continue;
            }
            var ok = true;
            foreach (var about in c.About.Where(a => !entities.ContainsKey(a.Value) && !annotations.BrokenIds.Contains(a.Value)))
            {
                diagnostics.Error(Codes.UnknownEntity, about.Location, $"unknown entity '{about.Value}'", Spelling.Hint(about.Value, entities.Keys));
                ok = false;
            }
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
            diagnostics.Warning(Codes.DatedAfterSource, claim.Id.Location,
                $"claim '{claim.Id.Value}' is dated {claim.Date} but its source was published {earliest}",
                "if it reports a plan or scheduled event, add 'planned: true'; otherwise check the date");
    }

    /// <summary>A reference to a seed file that exists but was refused: say so, and where, rather than that it is missing.</summary>
    private static void UnusableSeed(DiagnosticBag diagnostics, Located<string> reference, string seedFile) =>
        diagnostics.Error(Codes.UnknownSource, reference.Location, $"the seed file of source '{reference.Value}' cannot be used", $"see the error at {seedFile}");

    private static List<Citation> ResolveCitations(IReadOnlyList<CitationAnnotation> cites, Dictionary<string, ResolvedSource> sources,
        Dictionary<string, QuoteMatcher> matchers, DiagnosticBag diagnostics, IReadOnlyDictionary<string, string> refused, out bool allFound)
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
                    diagnostics.Error(Codes.UnknownSource, cite.Source.Location, $"unknown source '{cite.Source.Value}'", Spelling.Hint(cite.Source.Value, sources.Keys));
                allFound = false;
            }
            else if (Locate(cite.Quote, cite.Context, source, matchers[source.Source.Id], diagnostics) is { } citation)
                citations.Add(citation);
            else
                allFound = false;
        }
        return citations;
    }

    private static Citation? Locate(Located<string> quote, Located<string>? context, ResolvedSource source, QuoteMatcher matcher, DiagnosticBag diagnostics)
    {
        var text = source.Source.Text;
        var path = source.Source.Path;
        int from = 0, to = text.Length;
        if (context is not null)
        {
            var contextSpans = matcher.FindAll(context.Value);
            if (contextSpans.Count != 1)
            {
                diagnostics.Error(contextSpans.Count == 0 ? Codes.QuoteNotFound : Codes.QuoteAmbiguous, context.Location,
                    contextSpans.Count == 0
                        ? $"the context is not in {path}"
                        : $"the context occurs {contextSpans.Count} times in {path} (lines {Lines(text, contextSpans)})",
                    contextSpans.Count == 0 ? NotFoundHint(matcher, context.Value, text) : "make the context longer");
                return null;
            }
            (from, to) = contextSpans[0];
        }

        // Only article text counts: a headline repeated in the site's breadcrumb is still one passage.
        var found = matcher.FindAll(quote.Value, from, to);
        // The boilerplate lines are in text order, so their ends ascend: the first that ends after the span starts is
        // the only one that can overlap it. A binary search keeps a quote found a million times linear.
        SourceLine? BoilerplateUnder((int Start, int End) span)
        {
            int lo = 0, hi = source.Boilerplate.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (source.Boilerplate[mid].End > span.Start) hi = mid;
                else lo = mid + 1;
            }
            return lo < source.Boilerplate.Count && source.Boilerplate[lo].Start < span.End ? source.Boilerplate[lo] : null;
        }
        var spans = found.Where(span => BoilerplateUnder(span) is null).ToList();
        if (found.Count > 0 && spans.Count == 0)
        {
            var lines = BoilerplateUnder(found[0])!.Boilerplate!;
            diagnostics.Error(Codes.QuoteInBoilerplate, quote.Location,
                $"the quote is in boilerplate of {path} (lines {lines.First}-{lines.Last}{(lines.Reason is null ? "" : ": " + lines.Reason)})",
                "cite article text, not the site's navigation or appeals");
            return null;
        }
        if (spans.Count == 0)
        {
            if (context is not null)
                diagnostics.Error(Codes.ContextMismatch, quote.Location, "the quote is not inside its context", "the context must contain the quote verbatim");
            else
                diagnostics.Error(Codes.QuoteNotFound, quote.Location, $"the quote is not in {path}: \"{Shorten(quote.Value)}\"", NotFoundHint(matcher, quote.Value, text));
            return null;
        }
        if (spans.Count > 1)
        {
            diagnostics.Error(Codes.QuoteAmbiguous, quote.Location,
                $"the quote occurs {spans.Count} times in the article text of {path} (lines {Lines(text, spans)})",
                "add a longer 'context' around the occurrence you mean, or quote more");
            return null;
        }
        var (start, end) = spans[0];
        return new Citation(new Passage(source.Source.Id, start, end), text[start..end]);
    }

    private static string? NotFoundHint(QuoteMatcher matcher, string quote, string text)
    {
        if (InvisibleDifference.Explain(quote, text) is { } invisible) return invisible;
        var prefix = matcher.LongestMatchingPrefix(quote);
        var suffix = matcher.LongestMatchingSuffix(quote);
        if (suffix is { } end && end.MatchedSuffix.Length > (prefix?.MatchedPrefix.Length ?? 0))
        {
            // Show the source over the stretch where the quote's start should be, and a little of the match after it.
            var quoteBefore = QuoteMatcher.Normalize(quote)[..^end.MatchedSuffix.Length];
            var from = Math.Max(0, end.SourceOffset - quoteBefore.Length - 8);
            var to = Math.Min(text.Length, end.SourceOffset + 12);
            var sourceThere = text[from..to].ReplaceLineEndings(" ");
            return $"its end \"{Shorten(end.MatchedSuffix, 30)}\" matches at line {LineOf(text, end.SourceOffset)}, where the source reads \"…{sourceThere}…\" but the quote begins \"{Shorten(quoteBefore, 40)}\"";
        }
        if (prefix is not { } start) return "copy the passage verbatim from the source";
        var line = LineOf(text, start.SourceOffset);
        var sourceNext = text.Substring(start.SourceOffset, Math.Min(20, text.Length - start.SourceOffset)).ReplaceLineEndings(" ");
        var quoteNext = QuoteMatcher.Normalize(quote)[start.MatchedPrefix.Length..];
        return $"it matches up to \"…{Tail(start.MatchedPrefix)}\" at line {line}, where the source goes on \"{sourceNext}\" and the quote \"{Shorten(quoteNext, 20)}\"";
    }

    public static int LineOf(string text, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
            if (text[i] == '\n') line++;
        return line;
    }

    private const int ListedLines = 10;

    /// <summary>
    /// The lines the spans (in text order) start on, counted in one pass over the text: a one-letter quote occurs
    /// hundreds of thousands of times in a long article, and a message lists only the first few lines.
    /// </summary>
    private static string Lines(string text, IReadOnlyList<(int Start, int End)> spans)
    {
        var lines = new List<int>();
        int line = 1, counted = 0;
        foreach (var (start, _) in spans)
        {
            for (; counted < start && counted < text.Length; counted++)
                if (text[counted] == '\n') line++;
            if (lines.Count == 0 || lines[^1] != line) lines.Add(line);
        }
        return lines.Count <= ListedLines
            ? string.Join(", ", lines)
            : $"{string.Join(", ", lines.Take(ListedLines))} … and {lines.Count - ListedLines} more";
    }

    private static string Shorten(string s, int max = 60) => s.Length <= max ? s : s[..max] + "…";

    private static string Tail(string s, int max = 30) => s.Length <= max ? s : s[^max..];
}
