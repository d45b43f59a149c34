using System.CommandLine;
using System.Globalization;
using RussiaJapanBriefing.Drafting;
using static RussiaJapanBriefing.Commands.Shell;

namespace RussiaJapanBriefing.Commands;

/// <summary>Drafting: <c>draft</c> writes an annotation draft for a new seed; <c>fix-quotes</c> repairs quotes broken by an edited seed.</summary>
internal static class DraftCommands
{
    public static Command Draft()
    {
        var seedId = new Argument<string>("seed-id") { Description = "The seed to draft: its file name in the seeds folder without .txt" };
        var force = new Option<bool>("--force") { Description = "Replace the source's existing annotation file with a fresh draft" };
        var draft = new Command("draft", "Write content/sources/<seed-id>.yaml: metadata, boilerplate and a worklist of every sentence, for an editor to turn into claims")
            { seedId, Seeds, Content, force };
        draft.SetAction(parsed =>
        {
            var bag = new DiagnosticBag();
            var outcome = DraftCommand.Run(parsed.GetValue(Seeds)!, parsed.GetValue(Content)!, parsed.GetValue(seedId)!, parsed.GetValue(force), bag);
            Print(bag.Sorted());
            if (outcome.Draft is not { } d) return 1;
            Console.WriteLine($"drafted {outcome.Path}: outlet {d.Outlet.Value ?? "TODO"}, published {d.Published.Value?.ToString() ?? "TODO"}, " +
                $"{d.Boilerplate.Count} boilerplate range(s), {d.Worklist.Count} sentence(s) in the worklist, {d.NewEntities.Count} proposed new entit(ies); coverage starts at 0%");
            return 0;
        });
        return draft;
    }

    public static Command FixQuotes()
    {
        var applyAll = new Option<bool>("--all") { Description = "Apply every proposal without asking" };
        var fixQuotes = new Command("fix-quotes", "Propose, for each quote no longer in its seed, the closest passage of the new text with a word diff; apply those confirmed (or all with --all)")
            { Seeds, Content, applyAll };
        fixQuotes.SetAction(parsed =>
        {
            var bag = new DiagnosticBag();
            var proposals = QuoteRepair.Propose(parsed.GetValue(Seeds)!, parsed.GetValue(Content)!, bag);
            var all = parsed.GetValue(applyAll);
            var interactive = !all && !Console.IsInputRedirected;
            var chosen = new List<QuoteProposal>();
            foreach (var p in proposals)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Location}: {p.Owner} quotes {p.SourceId}; closest passage ({p.Similarity * 100:0}% of words alike):"));
                Console.WriteLine($"  - {p.OldQuote}");
                Console.WriteLine($"  + {p.NewQuote}");
                Console.WriteLine($"  words: {p.Diff}");
                if (all) chosen.Add(p);
                else if (interactive)
                {
                    Console.Write("  apply? [y/N] ");
                    if (Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes") chosen.Add(p);
                }
            }
            var changed = QuoteRepair.Apply(chosen, bag);
            Print(bag.Sorted());
            if (chosen.Count > 0) Console.WriteLine("changed (check that no meaning changed):");
            foreach (var p in chosen) Console.WriteLine($"  {p.Location}: {p.Changes}{(p.Warning is { } w ? $"  << {w}: review the claim's text" : "")}");
            var broken = proposals.Count + bag.Sorted().Count(x => x.Descriptor == Codes.RepairNoProposal);
            Console.WriteLine(!interactive && !all && proposals.Count > 0
                ? $"{proposals.Count} proposal(s) printed, none applied (no terminal to confirm them): run in a terminal to confirm each, or with --all"
                : $"repaired {chosen.Count - bag.Sorted().Count(x => x.Descriptor == Codes.RepairUnwritable)} of {broken} broken quote(s) in {changed.Count} file(s); {proposals.Count - chosen.Count} proposal(s) declined");
            return bag.HasErrors ? 1 : 0;
        });
        return fixQuotes;
    }
}
