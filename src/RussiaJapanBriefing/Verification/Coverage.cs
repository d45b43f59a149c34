using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification;

public sealed record UncitedSentence(int Line, string Text, string? Reason);

/// <summary>How much of a source's article text (boilerplate excluded) the book cites, sentence by sentence.</summary>
public sealed record SourceCoverage(string SourceId, int Sentences, int Cited, IReadOnlyList<UncitedSentence> Uncited)
{
    public double Percent => Sentences == 0 ? 100 : 100.0 * Cited / Sentences;

    /// <summary>Uncited sentences for which no editor has recorded a reason: the gaps still to fill.</summary>
    public IEnumerable<UncitedSentence> Unexplained => Uncited.Where(u => u.Reason is null);

    /// <summary>The editorial target: enough of the text cited, and a recorded reason for every sentence that is not.</summary>
    public bool Meets(double minimumPercent) => Percent >= minimumPercent && !Unexplained.Any();
}

public static class Coverage
{
    /// <summary>A sentence counts as cited when any cited passage overlaps it.</summary>
    public static SourceCoverage Measure(BriefingBook book, Source source)
    {
        var passages = book.PassagesBySource[source.Id].ToList();
        var explained = source.Info?.Uncited ?? [];
        int total = 0, cited = 0;
        var uncited = new List<UncitedSentence>();
        foreach (var line in source.Lines().Where(l => l.Boilerplate is null))
        {
            foreach (var (start, end) in SentenceSplitter.Split(source.Text, line.Start, line.End))
            {
                total++;
                if (passages.Any(p => p.Start < end && p.End > start)) cited++;
                else
                    uncited.Add(new UncitedSentence(line.Number, source.Text[start..end],
                        explained.FirstOrDefault(u => u.Passage.Start < end && u.Passage.End > start)?.Reason));
            }
        }
        return new SourceCoverage(source.Id, total, cited, uncited);
    }
}
