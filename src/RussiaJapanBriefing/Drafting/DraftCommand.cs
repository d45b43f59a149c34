using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Sources;

namespace RussiaJapanBriefing.Drafting;

/// <summary>What <c>rjb draft</c> did: the file written (null when refused) and the draft.</summary>
public sealed record DraftOutcome(string? Path, SourceDraft? Draft);

/// <summary>
/// <c>rjb draft &lt;seed-id&gt;</c>: drafts <c>content/sources/&lt;id&gt;.yaml</c>. It refuses an unsafe id (the path is
/// built from it), a seed that does not exist, and a source that is already annotated — unless
/// <paramref name="force"/> is given and the annotation is the very file it would write.
/// </summary>
public static class DraftCommand
{
    public static DraftOutcome Run(string seedsDirectory, string contentDirectory, string id, bool force, DiagnosticBag diagnostics)
    {
        var target = Path.Combine(contentDirectory, "sources", id + ".yaml");
        var display = PathDisplay.Relative(target);
        if (!Ids.IsSafe(id, out var why))
        {
            diagnostics.Report(Codes.DraftNoSeed, new Location(id), $"'{id}' is not a source id: {why}", Ids.Advice);
            return new DraftOutcome(null, null);
        }
        // Errors in other seeds or annotations do not stop a draft: only this seed and the book's knowledge matter.
        var seeds = SeedLoader.Load(seedsDirectory, new DiagnosticBag());
        var annotations = AnnotationLoader.Load(contentDirectory, new DiagnosticBag());
        var seed = seeds.Seeds.FirstOrDefault(s => s.Id == id);
        if (seed is null)
        {
            diagnostics.Report(Codes.DraftNoSeed, new Location(Path.Combine(seedsDirectory, id + ".txt")),
                seeds.Refused.ContainsKey(id) ? $"seed '{id}' cannot be read (run 'rjb check' for the reason)" : $"there is no seed '{id}'",
                Spelling.Hint(id, seeds.Seeds.Select(s => s.Id).ToList()) ?? $"copy the article to {Path.Combine(seedsDirectory, id + ".txt")} first");
            return new DraftOutcome(null, null);
        }
        var existing = annotations.Sources.FirstOrDefault(s => s.Id.Value == id);
        var fullTarget = Path.GetFullPath(target);
        if (existing is not null && (!force || Path.GetFullPath(existing.Location.Path) != fullTarget))
        {
            diagnostics.Report(Codes.DraftExists, existing.Location, $"source '{id}' is already annotated",
                force ? "it is annotated in another file; remove that entry first" : "pass --force to replace this annotation with a fresh draft");
            return new DraftOutcome(null, null);
        }
        if (existing is null && File.Exists(target) && !force)
        {
            diagnostics.Report(Codes.DraftExists, new Location(display), $"{display} already exists", "pass --force to overwrite it");
            return new DraftOutcome(null, null);
        }

        var draft = Drafter.Draft(seed, BookKnowledge.From(annotations, seeds, id));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, DraftWriter.Write(draft, seed.Path), TextFiles.StrictUtf8);
        void Todo(string field, string note) => diagnostics.Report(Codes.DraftTodo, new Location(display), $"the draft's {field} is left to you: {note}");
        if (draft.Outlet.Value is null) Todo("outlet", draft.Outlet.Note);
        if (draft.Headline.Value is null) Todo("headline", draft.Headline.Note);
        if (draft.Published.Value is null) Todo("publication date", draft.Published.Note + " (the book does not build until 'published' is set)");
        return new DraftOutcome(display, draft);
    }
}
