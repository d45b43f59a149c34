using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Drafting;

/// <summary>Everything drafted for one seed. Nothing in it is a claim: claims are the editor's alone.</summary>
public sealed record SourceDraft(
    string Id,
    Noted<string> Outlet,
    Noted<string> Headline,
    Noted<string> Dateline,
    Noted<PartialDate> Published,
    IReadOnlyList<DraftBoilerplate> Boilerplate,
    IReadOnlyList<WorkItem> Worklist,
    IReadOnlyList<ProposedEntity> NewEntities);

/// <summary>
/// Drafts a source annotation from a seed and what the book already knows. Work is bounded for hostile input:
/// only the first <see cref="MaxSentences"/> sentences get a worklist entry, and each sentence is examined over
/// at most <see cref="MaxSentenceLength"/> characters.
/// </summary>
public static class Drafter
{
    public const int MaxSentences = 2000;
    public const int MaxSentenceLength = 2000;

    public static SourceDraft Draft(Seed seed, BookKnowledge book)
    {
        var lines = Boilerplate.Lines(seed.Text);
        var headline = Metadata.Headline(lines);
        var boilerplate = Boilerplate.Find(lines, headline.Line, book);
        bool IsBoilerplate(int line) => boilerplate.Any(b => line >= b.First && line <= b.Last);
        var article = lines.Where(l => !l.Blank && !IsBoilerplate(l.Number)).ToList();

        var sentences = new List<(int Line, int Start, int End)>();
        foreach (var line in article)
            foreach (var (start, end) in SentenceSplitter.Split(seed.Text, line.Start, line.End))
            {
                if (sentences.Count == MaxSentences) break;
                sentences.Add((line.Number, start, end));
            }
        string Examined(int start, int end) => seed.Text[start..Math.Min(end, start + MaxSentenceLength)];
        var texts = sentences.Select(s => (s.Line, Text: Examined(s.Start, s.End))).ToList();

        var entities = new EntityFinder(book.Entities);
        var dateline = Metadata.Dateline(article);
        // Its own finder: the entity finder remembers who was last named in full, which must start afresh for the worklist.
        var published = PublicationDate.Infer(lines, texts, dateline, book, new EntityFinder(book.Entities));
        var outlet = Metadata.Outlet(lines, dateline, book);
        var place = dateline is null
            ? new Noted<string>(null, "no dateline found")
            : new Noted<string>(dateline.Place, $"the dateline \"{dateline.Text}\" at line {dateline.Line}", dateline.Line);

        var matcher = new QuoteMatcher(seed.Text);
        var work = new List<WorkItem>();
        string? speaker = null;
        foreach (var (line, start, end) in sentences)
        {
            var text = Examined(start, end);
            var dates = DateExpressions.Find(text, published.Value);
            var mentions = entities.Find(text, dates.Where(d => !d.Derived).Select(d => d.Date).OfType<PartialDate>().ToList());
            var according = Worklist.Attribution(text, speaker);
            speaker = according ?? speaker;
            var sentence = seed.Text[start..end];
            var unique = end - start <= MaxSentenceLength && matcher.FindAll(sentence).Count(span => !IsBoilerplate(LineOf(lines, span.Start))) == 1;
            work.Add(new WorkItem(line, start, sentence, unique ? sentence : null, mentions, dates, according, Worklist.Figures(text, dates)));
        }
        // A headline is in title case: every word capitalised, so it would propose nonsense names.
        var proposed = ProposedEntities.Find(texts.Where(t => t.Line != headline.Line), entities);
        return new SourceDraft(seed.Id, outlet, headline, place, published, boilerplate, work, proposed);
    }

    private static int LineOf(IReadOnlyList<DraftLine> lines, int offset) =>
        lines.FirstOrDefault(l => offset >= l.Start && offset <= l.End)?.Number ?? 0;
}
