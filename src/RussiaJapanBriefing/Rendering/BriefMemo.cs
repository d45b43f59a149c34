using System.Runtime.CompilerServices;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// Each topic's brief (<see cref="Brief"/>), kept while what it was made from is the very same instances: the entity
/// (the key of its entry, so its key facts too), the claims and disagreements the book lists about it, and the claims
/// its key facts name. The entity page and the print volume that show a topic both take its brief, and a big topic's
/// is thousands of claims sorted; <c>serve</c> keeps one memo between saves (see <c>InputMemory</c>), and a save
/// reuses the records and index lists an edit left alone as the same instances (see BriefingBook), so the briefs of
/// every topic the edit did not touch are kept. An entry lives as long as its entity instance. Safe for pages
/// rendering in parallel.
/// </summary>
public sealed class BriefMemo
{
    private readonly ConditionalWeakTable<Entity, Slot> _slots = new();

    internal Brief Of(BriefingBook book, Entity entity)
    {
        // Looked up whether or not the brief is kept: the lookups record what the page read (BookReads), and the page
        // tracker renders a page again only when something it read changed. A page that took a kept brief without them
        // would not be rendered again when the topic's claims change.
        var inputs = Brief.Inputs.Of(book, entity);
        var slot = _slots.GetValue(entity, static _ => new Slot());
        // A topic is shown by two pages that may render at once: the one that comes second waits for the brief, not makes it again.
        lock (slot)
        {
            if (slot.Inputs is { } made && made.Same(inputs)) return slot.Brief!;
            var brief = Brief.Of(inputs);
            (slot.Inputs, slot.Brief) = (inputs, brief);
            return brief;
        }
    }

    private sealed class Slot
    {
        public Brief.Inputs? Inputs { get; set; }
        public Brief? Brief { get; set; }
    }
}
