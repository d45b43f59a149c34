using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// Runs every wording check on the editor's prose and reports what each item's allowances (<c>wording:</c>) do not
/// cover. The checks are warnings: they ask an editor to look, and an allowance records why the wording stands.
/// </summary>
public static class WordingChecks
{
    private static readonly string[] Allowable =
        [Codes.ContestedTerm.Id, Codes.UnsupportedFigure.Id, Codes.UnattributedSpeech.Id, Codes.SingleSourceDifference.Id, Codes.UnattributedPosition.Id];

    /// <summary>The declared terms, each with its side; a term declared twice is reported and kept once.</summary>
    public static IReadOnlyList<ContestedTerm> Vocabulary(BookAnnotation? book, DiagnosticBag diagnostics)
    {
        var terms = new Dictionary<string, (ContestedTerm Term, Location Location)>(StringComparer.OrdinalIgnoreCase);
        foreach (var side in book?.ContestedTerms ?? [])
            foreach (var term in side.Terms)
            {
                var key = string.Join(' ', term.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                if (terms.TryGetValue(key, out var first))
                    diagnostics.Report(Codes.TermDeclaredTwice, term.Location, $"the contested term \"{term.Value}\" is declared twice",
                        $"first for {first.Term.Side} at {first.Location}");
                else
                    terms.Add(key, (new ContestedTerm(key, side.Side, side.Names), term.Location));
            }
        return terms.Values.Select(t => t.Term).OrderBy(t => t.Side, StringComparer.Ordinal).ThenBy(t => t.Term, StringComparer.Ordinal).ToList();
    }

    /// <param name="verifiedClaims">Claims whose references and quotes resolved: the checks read quotes, so a claim
    /// with a citation error is checked once that is fixed, not warned about on top of it.</param>
    public static void Run(AnnotationSet annotations, IReadOnlyList<ContestedTerm> terms, IReadOnlySet<string> verifiedClaims, DiagnosticBag diagnostics) =>
        Run(annotations, terms, verifiedClaims.Contains, diagnostics, memo: null);

    /// <param name="verified">Whether a claim id is one of the verified claims: the resolver asks its own table rather than copy its keys into a set.</param>
    /// <param name="memo">Findings kept from earlier builds, so that an unchanged claim or entity summary is not checked again.</param>
    /// <param name="readsAsBefore">For <c>serve</c>: the claims of a file whose part is unchanged are verified as in the
    /// last build, and the sources have the same dates (the resolver kept the sources and entities as they were).</param>
    internal static void Run(AnnotationSet annotations, IReadOnlyList<ContestedTerm> terms, Func<string, bool> verified, DiagnosticBag diagnostics,
        WordingMemo? memo, bool readsAsBefore = false)
    {
        var vocabulary = ContestedVocabulary.Of(terms);
        // Every item's findings depend on the whole table of terms: a change to it checks every item again.
        var table = memo is null ? "" : WordingMemo.Key(terms.SelectMany(t => new[] { t.Term, t.Side, string.Join('\n', t.SideNames) }));
        // A cited source's date is verified metadata shown with every citation: "TASS (2016)" is backed by it.
        var published = memo?.Published(annotations.Sources, readsAsBefore) ?? Published(annotations.Sources);
        IEnumerable<Finding> Prose(WordedText text) => ContestedTermsCheck.Find(text, vocabulary).Concat(FiguresCheck.Find(text));
        // What the items report, added to the bag at once.
        var reported = new List<Diagnostic>();

        // An item reads itself, the table of terms and its cited sources' dates, and nothing else: serve's memo reports
        // again what an unchanged file's items reported when those are unchanged too (AgainFile), without gathering them.
        // The parts are written straight into the key (Keyed); what the checks need is gathered only when they run.
        // Each item's key and findings are made in parallel, ahead: a big book has tens of thousands of items, and this
        // step otherwise ran on one core. They are then reported, looked up in and remembered by the memo in the items'
        // order, as one thread would (the memo is not for two threads, and a finding kept for an earlier item with the
        // same key is reused as before).
        var items = new List<Item>();
        if (annotations.Book is { } book)
            reported.AddRange(Report(Prose(new WordedText("the book's summary", book.Summary, true, null, [])), book.Wording));

        // Each source's date as the checks read it, made once per source rather than once per citation, before the
        // threads read it, for the sources that items to check cite.
        var dates = new Dictionary<string, string>(StringComparer.Ordinal);
        string DateOf(CitationAnnotation c) => dates.GetValueOrDefault(c.Source.Value) ?? "";
        IEnumerable<string> Dates(IEnumerable<CitationAnnotation> cites) => cites.Select(DateOf);

        Checks CheckEntity(EntityAnnotation e)
        {
            IEnumerable<string> Own() => EntityKinds.Fields.Where(f => f.Type == FieldType.Date).Select(f => e.Values.Date(f)?.ToString() ?? "");
            return new(key =>
            {
                key.Text(table);
                key.Text("entity");
                key.Text(e.Id.Value);
                key.Text(e.Summary.Value);
                foreach (var c in e.Citations) key.Text(c.Quote.Value);
                if (e.Citations.Count == 0) return;
                foreach (var c in e.Citations) key.Text(c.Quote.Value);
                foreach (var own in Own()) key.Text(own);
                foreach (var c in e.Citations) key.Text(DateOf(c));
            }, () =>
            {
                List<string> quotes = [.. e.Citations.Select(c => c.Quote.Value)];
                List<string>? evidence = e.Citations.Count == 0 ? null : [.. quotes.Concat(Own()).Concat(Dates(e.Citations))];
                return Prose(new WordedText($"the summary of '{e.Id.Value}'", e.Summary, true, evidence, quotes));
            });
        }
        Checks CheckClaim(ClaimAnnotation c) => new(key =>
        {
            key.Text(table);
            key.Text("claim");
            key.Text(c.Id.Value);
            key.Text(c.Text.Value);
            key.Text(c.AccordingTo is null ? "own voice" : "attributed");
            // The quotes, then the evidence: the quotes again, the date and date note, and the cited sources' dates.
            foreach (var ci in c.Citations) key.Text(ci.Quote.Value);
            foreach (var ci in c.Citations) key.Text(ci.Quote.Value);
            key.Text(c.Date?.ToString() ?? "");
            key.Text(c.DateNote ?? "");
            foreach (var ci in c.Citations) key.Text(DateOf(ci));
        }, () =>
        {
            var quotes = c.Citations.Select(ci => ci.Quote.Value).ToList();
            var evidence = quotes.Append(c.Date?.ToString() ?? "").Append(c.DateNote ?? "").Concat(Dates(c.Citations)).ToList();
            return Prose(new WordedText($"claim '{c.Id.Value}'", c.Text, c.AccordingTo is null, evidence, quotes)).Concat(AttributionCheck.Find(c));
        });
        void Add(IReadOnlyList<EntityAnnotation> entities, IReadOnlyList<ClaimAnnotation> claims)
        {
            foreach (var e in entities) items.Add(new(e.Citations, e.Wording, e.Summary.Location, CheckEntity(e)));
            foreach (var c in claims)
                if (verified(c.Id.Value)) items.Add(new(c.Citations, c.Wording, c.Text.Location, CheckClaim(c)));
        }

        // The files to check, each with the range of its items, when the memo keeps what files reported.
        var files = new List<(int Number, string Path, AnnotationSet Part, int First, int End)>();
        if (memo is { KeepsFiles: true } && annotations.Files is { } parts)
        {
            memo.KeyFiles(parts, table, verified, published);
            for (var number = 0; number < parts.Length; number++)
            {
                var (path, part) = parts[number];
                if (memo.AgainFile(number, path, part, table, readsAsBefore ? null : verified, published) is { } again)
                {
                    reported.AddRange(again);
                    continue;
                }
                var first = items.Count;
                Add(part.Entities, part.Claims);
                files.Add((number, path, part, first, items.Count));
            }
        }
        else Add(annotations.Entities, annotations.Claims);
        foreach (var item in items)
            foreach (var cite in item.Cites)
                if (!dates.ContainsKey(cite.Source.Value) && published.TryGetValue(cite.Source.Value, out var date)) dates.Add(cite.Source.Value, date.ToString());

        // The memo's key of each item, and its findings unless the memo already knows that key.
        var keys = new UInt128[items.Count];
        var found = new List<Finding>?[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            if (memo is not null)
            {
                keys[i] = memo.ItemKey(items[i].Checks.Keyed);
                if (memo.Knows(keys[i])) return;
            }
            found[i] = [.. items[i].Checks.Check()];
        });
        // What each item reported, from where its own report starts.
        var itemsReported = new List<Diagnostic>();
        var starts = new int[items.Count + 1];
        for (var i = 0; i < items.Count; i++)
        {
            var (_, allowances, at, checks) = items[i];
            starts[i] = itemsReported.Count;
            var ahead = found[i];
            itemsReported.AddRange(Report(memo is null ? ahead! : memo.Findings(keys[i], at, () => ahead ?? checks.Check()), allowances));
        }
        starts[items.Count] = itemsReported.Count;
        foreach (var (number, path, part, first, end) in files)
            memo!.RememberFile(number, path, part, table, verified, published, keys[first..end], itemsReported[starts[first]..starts[end]]);
        reported.AddRange(itemsReported);

        // A disagreement's check reads the claims it names, which may stand in any file: it runs on every build. Only the
        // claims named are looked up, the first of each id as everywhere else.
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in annotations.Disagreements)
            foreach (var id in d.Claims) named.Add(id.Value);
        // serve keeps the claims named, found among every claim; where each id is declared once, now and in the last
        // build (readsAsBefore), they are patched by the files checked again: those whose part changed.
        var claims = readsAsBefore ? memo?.Named(named) : null;
        if (claims is not null)
        {
            foreach (var (number, path, _, _, _) in files)
                foreach (var c in memo!.LastPart(number, path)?.Claims ?? [])
                    if (claims.TryGetValue(c.Id.Value, out var was) && ReferenceEquals(was, c)) claims.Remove(c.Id.Value);
            foreach (var (_, _, part, _, _) in files)
                foreach (var c in part.Claims)
                    if (named.Contains(c.Id.Value)) claims[c.Id.Value] = c;
        }
        else
        {
            claims = new Dictionary<string, ClaimAnnotation>(named.Count, StringComparer.Ordinal);
            if (named.Count > 0)
                foreach (var c in annotations.Claims)
                    if (named.Contains(c.Id.Value)) claims.TryAdd(c.Id.Value, c);
            memo?.KeepNamed(named, claims);
        }
        foreach (var d in annotations.Disagreements)
        {
            var note = d.Note is null ? [] : Prose(new WordedText($"the note of disagreement '{d.Id.Value}'", d.Note, true, null, []));
            reported.AddRange(Report(note.Concat(DisagreementCheck.Find(d, claims)), d.Wording));
        }
        diagnostics.Add(reported);
    }

    /// <summary>Each source's date, by id (the first annotation of each).</summary>
    internal static Dictionary<string, PartialDate> Published(IReadOnlyList<SourceAnnotation> sources)
    {
        var published = new Dictionary<string, PartialDate>(sources.Count, StringComparer.Ordinal);
        foreach (var s in sources) published.TryAdd(s.Id.Value, s.Published);
        return published;
    }

    /// <summary>An entity or claim to check, with the citations its checks read.</summary>
    private sealed record Item(IReadOnlyList<CitationAnnotation> Cites, IReadOnlyList<WordingAllowance> Allowances, Location At, Checks Checks);

    /// <summary>An item's parts read, written into the memo's key, and its checks.</summary>
    private sealed record Checks(Action<KeyWriter> Keyed, Func<IEnumerable<Finding>> Check);

    /// <summary>What an item reports: its findings that its allowances do not cover, and allowances that allow nothing.</summary>
    private static List<Diagnostic> Report(IEnumerable<Finding> findings, IReadOnlyList<WordingAllowance> allowances)
    {
        var reported = new List<Diagnostic>();
        // Most items allow nothing: every finding is reported, and there is no allowance to account for.
        if (allowances.Count == 0)
        {
            foreach (var finding in findings) reported.Add(new Diagnostic(finding.Code, finding.Location, finding.Message, finding.Hint));
            return reported;
        }
        var used = new HashSet<WordingAllowance>();
        foreach (var finding in findings)
        {
            var allowance = allowances.FirstOrDefault(a => a.Code.Value == finding.Code.Id
                && (a.Term is null || string.Equals(a.Term, finding.Term, StringComparison.OrdinalIgnoreCase)));
            if (allowance is null) reported.Add(new Diagnostic(finding.Code, finding.Location, finding.Message, finding.Hint));
            else used.Add(allowance);
        }
        foreach (var a in allowances.Where(a => !used.Contains(a)))
        {
            if (!Allowable.Contains(a.Code.Value))
                reported.Add(new Diagnostic(Codes.UnknownAllowance, a.Code.Location, $"'{a.Code.Value}' is not a wording check that can be allowed",
                    $"allow one of {string.Join(", ", Allowable)}"));
            else
                reported.Add(new Diagnostic(Codes.UnusedAllowance, a.Code.Location,
                    $"the allowance of {a.Code.Value}{(a.Term is null ? "" : $" for \"{a.Term}\"")} allows nothing: the check passes here",
                    "remove it, so it cannot hide a later problem"));
        }
        return reported;
    }
}
