using System.Globalization;
using System.Text;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Drafting;

/// <summary>
/// Writes a draft as a source annotation file. Article text is untrusted: every value is a double-quoted YAML
/// scalar with everything outside printable ASCII-safe text escaped (<see cref="Quote"/>), so the file always
/// parses back to the same strings; comments carry only text with line breaks and control characters replaced,
/// so nothing in an article can end a comment and start YAML of its own.
/// </summary>
public static class DraftWriter
{
    public const string NotYetAnnotated = "not yet annotated";

    public static string Write(SourceDraft draft, string seedPath)
    {
        var y = new StringBuilder();
        void Line(string text) => y.Append(text).Append('\n');
        void Comment(string indent, string text) => Line($"{indent}# {Safe(text)}");

        Comment("", $"Drafted by `rjb draft {draft.Id}` from {seedPath}. Nothing in this file is a claim yet.");
        Comment("", "Every article sentence is listed under `uncited` as \"not yet annotated\", with the entities, dates,");
        Comment("", "speaker and figures found in it: turn them into claims (and delete their entries); coverage starts at 0%.");
        Comment("", "Check each value against its note, fix every TODO, then remove `draft: true`.");
        Line("sources:");
        Line($"  - id: {Quote(draft.Id)}");
        Line("    draft: true");
        Comment("    ", $"outlet: {draft.Outlet.Note}");
        Line($"    outlet: {Quote(draft.Outlet.Value ?? "TODO")}");
        Comment("    ", $"headline: {draft.Headline.Note}");
        Line($"    headline: {Quote(draft.Headline.Value ?? "TODO")}");
        Line($"    published: {(draft.Published.Value is { } date ? date.ToString() : "TODO")}");
        Line($"    published_note: {Quote(draft.Published.Note)}");
        if (draft.Dateline.Value is { } place)
        {
            Comment("    ", $"dateline: {draft.Dateline.Note}");
            Line($"    dateline: {Quote(place)}");
        }
        if (draft.Boilerplate.Count > 0)
        {
            Line("    boilerplate:");
            foreach (var b in draft.Boilerplate)
            {
                Line($"      - lines: {(b.First == b.Last ? b.First.ToString(CultureInfo.InvariantCulture) : $"{b.First}-{b.Last}")}");
                Line($"        reason: {Quote(b.Reason)}");
            }
        }
        if (draft.Worklist.Count > 0)
        {
            Line("    uncited:");
            foreach (var item in draft.Worklist)
            {
                Comment("      ", $"line {item.Line}");
                if (item.Entities.Count > 0)
                    Comment("      ", "  about: [" + string.Join(", ", item.Entities.Select(e => e.Id)) + "]  (" + string.Join("; ", item.Entities.Select(e => $"{e.Id}: {e.How}")) + ")");
                foreach (var d in item.Dates)
                    Comment("      ", $"  date: {d.Date?.ToString() ?? "TODO"}{(d.Planned ? "  planned: true" : "")}  date_note: {d.Note}");
                if (item.AccordingTo is { } who) Comment("      ", $"  according_to: {who}");
                if (item.Figures.Count > 0) Comment("      ", "  figures: " + string.Join("; ", item.Figures));
                if (item.Quote is { } quote)
                {
                    Line($"      - quote: {Quote(quote)}");
                    Line($"        reason: {Quote(NotYetAnnotated)}");
                }
                else
                    Comment("      ", $"  (the sentence occurs more than once in the article, so it has no uncited entry: cite it with a context) {item.Sentence}");
            }
        }
        if (draft.NewEntities.Count > 0)
        {
            Line("");
            Comment("", "Names that match no entity of the book (kind guessed; add the ones the claims need to content/entities/<kind>.yaml):");
            foreach (var e in draft.NewEntities)
                Comment("", $"  {e.Kind}: {e.Name}  (line {e.Line}; {e.Why})");
        }
        Line("");
        Comment("", "claims:");
        Comment("", "  - id: <a-new-claim-id>");
        Comment("", "    text: <the statement, in your words>");
        Comment("", "    about: [<entity ids>]");
        Comment("", "    cite:");
        Comment("", $"      - source: {draft.Id}");
        Comment("", "        quote: <verbatim words of the sentence>");
        return y.ToString();
    }

    /// <summary>A double-quoted YAML scalar that parses back to exactly <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        var q = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == '"') q.Append("\\\"");
            else if (c == '\\') q.Append("\\\\");
            else if (c is >= 0x20 and < 0x7F) q.Append((char)c);
            else if (c <= 0xFFFF && !Rune.IsControl(rune) && c is not (0x85 or 0x2028 or 0x2029 or 0xFEFF) && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate))
                q.Append((char)c);
            else if (c <= 0xFFFF) q.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
            else q.Append("\\U").Append(c.ToString("X8", CultureInfo.InvariantCulture));
        }
        return q.Append('"').ToString();
    }

    /// <summary>Comment text: one line, whatever the article holds.</summary>
    private static string Safe(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            s.Append(Rune.IsControl(rune) || rune.Value is 0x85 or 0x2028 or 0x2029 or 0xFEFF ? " " : rune.ToString());
        return s.ToString();
    }
}
