using System.Text.RegularExpressions;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>A declared term found in the book's own voice: <see cref="Found"/> is the text as written.</summary>
public sealed record TermUse(string Term, string Side, string Found);

/// <summary>
/// The words each side uses for the dispute, declared in book.yaml. A term is in the book's own voice when it stands
/// outside quotation marks and its clause does not attribute it: an attributing clause names the side (or one of its
/// declared names) and a verb of naming or speech ("Japan calls them the Northern Territories").
/// The check warns about such uses; the pages mark those an editor allowed, so the reader still learns whose word it is.
/// </summary>
public sealed partial class ContestedVocabulary(IReadOnlyList<ContestedTerm> terms)
{
    private readonly IReadOnlyList<(ContestedTerm Term, Regex Pattern)> _terms = terms.Select(t => (t, OwnVoice.Phrase(t.Term))).ToList();

    /// <summary>Any declared term at all: most texts have none, and one scan tells.</summary>
    private readonly Regex? _any = terms.Count == 0 ? null : OwnVoice.Phrase(terms.Select(t => t.Term).ToList());

    // Pages ask again on every page a claim appears on, and serve's saves again for every claim on a page they render
    // (Of): the answer depends on the text alone, and the scan costs more than the look-up, so texts without a use are kept too.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<TermUse>> _seen = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<ContestedTerm> _declared = terms;

    private static ContestedVocabulary? _last;

    /// <summary>
    /// The vocabulary of these terms: the last one made while the terms are the same (by value), with the answers it
    /// found. serve makes its pages anew on each save, and on the real book scanning every claim shown on the pages a
    /// one-claim save renders again was about a twentieth of the save.
    /// </summary>
    /// <remarks>Its answers grow with each text an edit makes: past <see cref="MaxKept"/> a new one starts, so a long session stays bounded.</remarks>
    public static ContestedVocabulary Of(IReadOnlyList<ContestedTerm> terms)
    {
        var last = _last;
        return last is not null && last._seen.Count <= MaxKept && Same(last._declared, terms) ? last : _last = new ContestedVocabulary(terms);
    }

    /// <summary>Answers kept at most between builds: several times the texts of a 10,000-source book.</summary>
    private const int MaxKept = 500_000;

    private static bool Same(IReadOnlyList<ContestedTerm> a, IReadOnlyList<ContestedTerm> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Term == p.Second.Term && p.First.Side == p.Second.Side && p.First.SideNames.SequenceEqual(p.Second.SideNames));

    public IReadOnlyList<TermUse> InOwnVoice(string markdown) =>
        _any is null ? [] : _seen.GetOrAdd(markdown, text => _any.IsMatch(text) ? Find(text) : []);

    private IReadOnlyList<TermUse> Find(string markdown)
    {
        var uses = new List<TermUse>();
        foreach (var clause in OwnVoice.Clauses(markdown))
            foreach (var (term, pattern) in _terms)
                foreach (Match m in pattern.Matches(clause))
                    if (!(OwnVoice.Names(clause, [term.Side, .. term.SideNames]) && OwnVoice.Names(clause, Reporting.Naming)))
                        uses.Add(new TermUse(term.Term, term.Side, Whitespace().Replace(m.Value, " ")));
        // A longer declared term ("result of World War II") covers a shorter one it contains.
        return uses.Where(u => !uses.Any(o => o != u && o.Found.Length > u.Found.Length && o.Found.Contains(u.Found, StringComparison.OrdinalIgnoreCase)))
            .DistinctBy(u => (u.Term, u.Found.ToLowerInvariant())).ToList();
    }

    // Generated once, instead of looked up in Regex's shared cache (behind its lock) by every thread of the verify step.
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
