using System.Text;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RussiaJapanBriefing.Drafting;

/// <summary>A broken quote and the passage of the (changed) seed closest to it, with a word diff ("[-old-]{+new+}").</summary>
public sealed record QuoteProposal(Location Location, string Owner, string SourceId, string OldQuote, string NewQuote, string Diff, double Similarity)
{
    /// <summary>Only the words that differ ("[-26-] {+27+}"), for the summary a reviewer reads.</summary>
    public string Changes => string.Join(' ', Diff.Split(' ').Where(w => w.StartsWith("[-", StringComparison.Ordinal) || w.StartsWith("{+", StringComparison.Ordinal)));

    /// <summary>Why the change may alter meaning, not only wording: a figure or a negation differs.</summary>
    public string? Warning
    {
        get
        {
            var changed = Changes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[2..^2]).ToList();
            if (changed.Any(w => w.Any(char.IsDigit))) return "a figure changed";
            if (changed.Any(w => w.ToLowerInvariant() is "not" or "no" or "never" or "without" or "nor" or "none" || w.EndsWith("n't", StringComparison.Ordinal) || w.EndsWith("n’t", StringComparison.Ordinal)))
                return "a negation changed";
            return null;
        }
    }
}

/// <summary>
/// When a seed is corrected at its source and quotes no longer match, proposes for each broken quote the closest
/// passage of the new text (most words in common, in order), and rewrites the quote in its annotation file when
/// the editor confirms. Work is bounded: quotes of up to <see cref="MaxQuoteWords"/> words, a few candidate windows each.
/// </summary>
public static partial class QuoteRepair
{
    public const int MaxQuoteWords = 300;
    private const double MinimumSimilarity = 0.6;

    public static IReadOnlyList<QuoteProposal> Propose(string seedsDirectory, string contentDirectory, DiagnosticBag diagnostics)
    {
        var seeds = SeedLoader.Load(seedsDirectory, new DiagnosticBag()).Seeds.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var annotations = AnnotationLoader.Load(contentDirectory, new DiagnosticBag());
        var quotes = annotations.Claims.SelectMany(c => c.Citations.Select(x => (Owner: $"claim '{c.Id.Value}'", x.Source.Value, x.Quote)))
            .Concat(annotations.Entities.SelectMany(e => e.Citations.Select(x => (Owner: $"entity '{e.Id.Value}'", x.Source.Value, x.Quote))))
            .Concat(annotations.Sources.SelectMany(s => s.Uncited.Select(u => (Owner: $"uncited entry of '{s.Id.Value}'", s.Id.Value, u.Quote))));
        var matchers = new Dictionary<string, QuoteMatcher>(StringComparer.Ordinal);
        var proposals = new List<QuoteProposal>();
        foreach (var (owner, sourceId, quote) in quotes)
        {
            if (!seeds.TryGetValue(sourceId, out var seed) || QuoteMatcher.Normalize(quote.Value).Length == 0) continue;
            if (!matchers.TryGetValue(sourceId, out var matcher)) matchers[sourceId] = matcher = new QuoteMatcher(seed.Text);
            if (matcher.FindAll(quote.Value).Count > 0) continue;
            var best = Closest(seed.Text, quote.Value);
            if (best is { } b && matcher.FindAll(b.Passage).Count == 1)
                proposals.Add(new QuoteProposal(quote.Location, owner, sourceId, quote.Value, b.Passage, b.Diff, b.Similarity));
            else
                diagnostics.Report(Codes.RepairNoProposal, quote.Location, $"the quote of {owner} is not in {seed.Path} and no passage is close enough to propose",
                    "rewrite the quote from the new text");
        }
        return proposals.OrderBy(p => p.Location.Path, StringComparer.Ordinal).ThenBy(p => p.Location.Line).ToList();
    }

    /// <summary>The closest passage of <paramref name="text"/> to <paramref name="quote"/>, or null when none shares enough words in order.</summary>
    public static (string Passage, string Diff, double Similarity)? Closest(string text, string quote)
    {
        var q = Words().Matches(QuoteMatcher.Normalize(quote)).Select(m => m.Value).Take(MaxQuoteWords).ToArray();
        if (q.Length == 0) return null;
        var tokens = Words().Matches(text).Select(m => (m.Index, m.Length, Key: QuoteMatcher.Normalize(m.Value))).ToArray();
        var wanted = q.ToHashSet(StringComparer.Ordinal);
        var width = Math.Min(tokens.Length, q.Length + Math.Max(3, q.Length / 3));
        // Slide a window over the text counting words of the quote; the few best windows get an exact alignment.
        var score = 0;
        var candidates = new List<(int Start, int Score)>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (wanted.Contains(tokens[i].Key)) score++;
            if (i >= width && wanted.Contains(tokens[i - width].Key)) score--;
            if (i >= width - 1) candidates.Add((i - width + 1, score));
        }
        (string, string, double)? best = null;
        var bestSimilarity = MinimumSimilarity;
        foreach (var (start, _) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Start).Take(4))
        {
            var window = tokens[start..(start + width)];
            var (pairs, diff) = Align(q, window.Select(t => t.Key).ToArray());
            if (pairs.Count < 2) continue;
            int first = pairs[0].W, last = pairs[^1].W;
            var similarity = 2.0 * pairs.Count / (q.Length + last - first + 1);
            if (similarity <= bestSimilarity) continue;
            bestSimilarity = similarity;
            var passage = Regex.Replace(text[window[first].Index..(window[last].Index + window[last].Length)], @"\s+", " ");
            best = (passage, diff(first, last), similarity);
        }
        return best;
    }

    /// <summary>Longest common subsequence of words; the diff renders the quote against the window's stretch [first, last].</summary>
    private static (List<(int Q, int W)> Pairs, Func<int, int, string> Diff) Align(string[] q, string[] w)
    {
        var table = new int[q.Length + 1, w.Length + 1];
        for (var i = q.Length - 1; i >= 0; i--)
            for (var j = w.Length - 1; j >= 0; j--)
                table[i, j] = q[i] == w[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
        var pairs = new List<(int, int)>();
        for (int i = 0, j = 0; i < q.Length && j < w.Length;)
        {
            if (q[i] == w[j]) { pairs.Add((i, j)); i++; j++; }
            else if (table[i + 1, j] >= table[i, j + 1]) i++;
            else j++;
        }
        string Diff(int first, int last)
        {
            var s = new StringBuilder();
            int qi = 0, wi = first;
            foreach (var (pq, pw) in pairs)
            {
                for (; qi < pq; qi++) s.Append("[-").Append(q[qi]).Append("-] ");
                for (; wi < pw; wi++) s.Append("{+").Append(w[wi]).Append("+} ");
                s.Append(q[pq]).Append(' ');
                qi = pq + 1;
                wi = pw + 1;
            }
            for (; qi < q.Length; qi++) s.Append("[-").Append(q[qi]).Append("-] ");
            for (; wi <= last; wi++) s.Append("{+").Append(w[wi]).Append("+} ");
            return s.ToString().TrimEnd();
        }
        return (pairs, Diff);
    }

    /// <summary>Rewrites each confirmed proposal's quote in its file, as a double-quoted scalar; returns the files changed.</summary>
    public static IReadOnlyList<string> Apply(IEnumerable<QuoteProposal> proposals, DiagnosticBag diagnostics)
    {
        var changed = new List<string>();
        foreach (var file in proposals.GroupBy(p => p.Location.Path))
        {
            var text = File.ReadAllText(file.Key, TextFiles.StrictUtf8);
            var spans = ScalarSpans(text);
            var edits = new List<(int Start, int End, string Replacement)>();
            foreach (var p in file)
            {
                if (!spans.TryGetValue((p.Location.Line, p.Location.Column), out var span))
                {
                    diagnostics.Report(Codes.RepairUnwritable, p.Location, $"cannot find the quote of {p.Owner} to rewrite it", "edit the quote by hand");
                    continue;
                }
                var trailing = text[span.Start..span.End].EndsWith('\n') ? "\n" : "";
                edits.Add((span.Start, span.End, DraftWriter.Quote(p.NewQuote) + trailing));
            }
            if (edits.Count == 0) continue;
            var result = new StringBuilder(text);
            foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start))
                result.Remove(start, end - start).Insert(start, replacement);
            File.WriteAllText(file.Key, result.ToString(), TextFiles.StrictUtf8);
            changed.Add(file.Key);
        }
        return changed;
    }

    /// <summary>Where each scalar of a YAML file starts and ends, by its 1-based line and column.</summary>
    private static Dictionary<(int Line, int Column), (int Start, int End)> ScalarSpans(string text)
    {
        var spans = new Dictionary<(int, int), (int, int)>();
        var parser = new Parser(new StringReader(text));
        while (parser.MoveNext())
            if (parser.Current is Scalar s)
                spans[((int)s.Start.Line, (int)s.Start.Column)] = ((int)s.Start.Index, (int)s.End.Index);
        return spans;
    }

    // Words without the punctuation around them, so "meetings," in the text matches "meetings" in a quote.
    [GeneratedRegex(@"[\p{L}\p{N}](?:[\p{L}\p{N}'’.,-]*[\p{L}\p{N}])?", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
