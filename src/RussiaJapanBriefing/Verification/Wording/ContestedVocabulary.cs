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

    // Pages ask again on every page a claim appears on; the answer depends on the text alone.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<TermUse>> _seen = new(StringComparer.Ordinal);

    public IReadOnlyList<TermUse> InOwnVoice(string markdown) =>
        _any is null || !_any.IsMatch(markdown) ? [] : _seen.GetOrAdd(markdown, Find);

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
