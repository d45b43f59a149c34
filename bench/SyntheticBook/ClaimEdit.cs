using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyntheticBook;

/// <summary><c>--edit-claim</c>: rewords the claim named in edit-target.json, in our book and in the Hugo site.</summary>
internal static class ClaimEdit
{
    public static int Run(string output, string? hugo)
    {
        var targetFile = Path.Combine(output, "edit-target.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(targetFile));
        var id = doc.RootElement.GetProperty("claim").GetString()!;
        var source = doc.RootElement.GetProperty("source").GetString()!;
        var text = doc.RootElement.GetProperty("text").GetString()!;
        // A rewording, as an editor makes one: the first edit adds a phrase, and each one after swaps two of its words,
        // so every edit changes words (what the search index holds of the claim) and the text does not grow.
        var revised = text.EndsWith(Later, StringComparison.Ordinal) ? text[..^Later.Length] + Earlier
            : text.EndsWith(Earlier, StringComparison.Ordinal) ? text[..^Earlier.Length] + Later
            : text.TrimEnd('.') + Later;

        // Ours: the claim lives in one file. Hugo: its text was copied into every page that shows it.
        var files = new List<string> { Path.Combine(output, "content", "sources", source + ".yaml") };
        if (hugo is not null)
            files.AddRange(Directory.EnumerateFiles(Path.Combine(hugo, "content"), "*.md", SearchOption.AllDirectories)
                .Append(Path.Combine(hugo, "data", "chronology.json")));
        var changed = 0;
        foreach (var file in files)
        {
            var before = File.ReadAllText(file);
            if (!before.Contains(text, StringComparison.Ordinal)) continue;
            File.WriteAllText(file, before.Replace(text, revised, StringComparison.Ordinal), new UTF8Encoding(false));
            changed++;
        }
        File.WriteAllText(targetFile, ClaimEdit.TargetJson(id, source, revised) + "\n", new UTF8Encoding(false));
        Console.WriteLine($"SyntheticBook: claim '{id}' edited in {changed} file(s)");
        return changed > 0 ? 0 : 1;
    }

    private const string Later = ", by a later count.", Earlier = ", by an earlier count.";

    /// <summary>edit-target.json: the claim <c>--edit-claim</c> changes, its source and its text now.</summary>
    public static string TargetJson(string claim, string source, string text) =>
        new JsonObject { ["claim"] = claim, ["source"] = source, ["text"] = text }.ToJsonString();
}
