using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;

namespace RussiaJapanBriefing.Drafting;

/// <summary>Something the book already dates: a claim (with its text and quotes) or a dated entity (with its name).</summary>
public sealed record BookEvent(PartialDate Date, IReadOnlySet<string> Entities, string Text, string Origin);

/// <summary>An annotated source of another seed: what its editor marked as boilerplate, and its outlet.</summary>
public sealed record AnnotatedExample(string SourceId, string Outlet, string Text, IReadOnlyList<LineRange> Boilerplate);

/// <summary>
/// What the draft may learn from the rest of the book: entities and their names, the dates editors already
/// established, and how editors marked boilerplate in other sources. Built from the loaded annotations, not the
/// resolved book, so a draft can be made while other annotations still have errors.
/// </summary>
public sealed class BookKnowledge
{
    public BookKnowledge(IReadOnlyList<Entity> entities, IReadOnlyList<BookEvent> events, IReadOnlyList<AnnotatedExample> examples)
    {
        Entities = entities;
        Events = events;
        Examples = examples;
    }

    public IReadOnlyList<Entity> Entities { get; }
    public IReadOnlyList<BookEvent> Events { get; }
    public IReadOnlyList<AnnotatedExample> Examples { get; }

    /// <summary>Everything in <paramref name="annotations"/> except what concerns <paramref name="exceptSourceId"/> (the seed being drafted).</summary>
    public static BookKnowledge From(AnnotationSet annotations, SeedFolder seeds, string exceptSourceId)
    {
        var entities = annotations.Entities.Select(e => new Entity(e.Kind, e.Id.Value, e.Name, e.Summary.Value, e.Aliases,
            e.Related.Select(r => r.Value).ToList(), e.Values.Resolve(references => references.Select(r => r.Value).ToList()))).ToList();
        var events = new List<BookEvent>();
        foreach (var claim in annotations.Claims)
        {
            if (claim.Date is null || claim.Citations.Any(c => c.Source.Value == exceptSourceId)) continue;
            var text = string.Join(" ", claim.Citations.Select(c => c.Quote.Value).Prepend(claim.Text.Value));
            events.Add(new BookEvent(claim.Date, claim.About.Select(a => a.Value).ToHashSet(StringComparer.Ordinal), text, $"claim '{claim.Id.Value}'"));
        }
        foreach (var entity in entities.Where(e => e.Date is not null))
        {
            var related = new HashSet<string>(entity.Participants ?? [], StringComparer.Ordinal) { entity.Id };
            related.UnionWith(entity.Related);
            events.Add(new BookEvent(entity.Date!, related, entity.Name, $"entity '{entity.Id}'"));
        }
        var texts = seeds.Seeds.ToDictionary(s => s.Id, s => s.Text, StringComparer.Ordinal);
        var examples = annotations.Sources
            .Where(s => s.Id.Value != exceptSourceId && texts.ContainsKey(s.Id.Value))
            .Select(s => new AnnotatedExample(s.Id.Value, s.Outlet, texts[s.Id.Value], s.Boilerplate.Select(b => b.Value).ToList()))
            .ToList();
        return new BookKnowledge(entities, events, examples);
    }
}
