using System.Text;
using System.Text.RegularExpressions;

namespace SyntheticBook;

/// <summary>
/// A "hot topic" book: a real book's annotations repeated across N copies of its sources, so that the few entities
/// most of its claims are about (in this repository Putin, Abe, the disputed islands) carry thousands of claims.
/// Copy 1 is the book as it is; copy k (2..N) has every source file, claims file and disagreement again, with each
/// source, claim and disagreement id given the suffix "-hK" (K as four digits). Entities, the book's summary and
/// its key facts are not copied: they name ids of copy 1, which keep their names. Deterministic: files are read
/// and written in ordinal order, and nothing else varies.
/// </summary>
public static partial class HotTopic
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static (int Sources, int Renamed) Write(string content, string seeds, int copies, string root)
    {
        var seedFiles = Directory.GetFiles(seeds, "*.txt").Order(StringComparer.Ordinal).ToList();
        var sourceFiles = Yamls(Path.Combine(content, "sources"));
        var claimFiles = Yamls(Path.Combine(content, "claims"));
        var disagreements = Path.Combine(content, "disagreements.yaml");

        // Every id a copy renames: sources (named by their seed files), claims and disagreements.
        var ids = new HashSet<string>(seedFiles.Select(f => Path.GetFileNameWithoutExtension(f)), StringComparer.Ordinal);
        foreach (var file in sourceFiles.Concat(claimFiles)) ids.UnionWith(ListIds(File.ReadAllText(file), "claims"));
        if (File.Exists(disagreements)) ids.UnionWith(ListIds(File.ReadAllText(disagreements), "disagreements"));

        var outSeeds = Path.Combine(root, "seeds");
        var outContent = Path.Combine(root, "content");
        Fresh(outSeeds);
        Fresh(outContent);
        CopyTree(content, outContent);
        foreach (var seed in seedFiles) File.Copy(seed, Path.Combine(outSeeds, Path.GetFileName(seed)));

        var allDisagreements = new StringBuilder(File.Exists(disagreements) ? File.ReadAllText(disagreements) : "disagreements:\n");
        for (var copy = 2; copy <= copies; copy++)
        {
            var suffix = $"-h{copy:D4}";
            string Rename(string text) => Token().Replace(text, m => ids.Contains(m.Value) ? m.Value + suffix : m.Value);
            foreach (var seed in seedFiles)
                File.Copy(seed, Path.Combine(outSeeds, Rename(Path.GetFileNameWithoutExtension(seed)) + ".txt"));
            foreach (var file in sourceFiles)
                File.WriteAllText(Path.Combine(outContent, "sources", Rename(Path.GetFileNameWithoutExtension(file)) + ".yaml"), Rename(File.ReadAllText(file)), Utf8);
            foreach (var file in claimFiles)
                File.WriteAllText(Path.Combine(outContent, "claims", Path.GetFileNameWithoutExtension(file) + suffix + ".yaml"), Rename(File.ReadAllText(file)), Utf8);
            if (File.Exists(disagreements))
                allDisagreements.Append('\n').Append(Rename(ListBody(File.ReadAllText(disagreements), "disagreements")));
        }
        if (File.Exists(disagreements)) File.WriteAllText(Path.Combine(outContent, "disagreements.yaml"), allDisagreements.ToString(), Utf8);
        return (seedFiles.Count * copies, ids.Count);
    }

    private static List<string> Yamls(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>The ids of the entries of a top-level list ("claims:", "disagreements:") of a YAML file.</summary>
    private static IEnumerable<string> ListIds(string yaml, string key) =>
        EntryId().Matches(ListBody(yaml, key)).Select(m => m.Groups[1].Value);

    /// <summary>The lines of a top-level list, from the line after its key to the next top-level key.</summary>
    private static string ListBody(string yaml, string key)
    {
        var body = new StringBuilder();
        var inside = false;
        foreach (var line in yaml.Split('\n'))
        {
            if (TopLevelKey().Match(line) is { Success: true } top) { inside = top.Groups[1].Value == key; continue; }
            if (inside) body.Append(line).Append('\n');
        }
        return body.ToString();
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Directory.CreateDirectory(Path.Combine(to, "sources"));
        Directory.CreateDirectory(Path.Combine(to, "claims"));
    }

    private static void Fresh(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
    }

    [GeneratedRegex("[A-Za-z0-9_][A-Za-z0-9_-]*")]
    private static partial Regex Token();

    [GeneratedRegex(@"^  - id:\s*['""]?([A-Za-z0-9_-]+)", RegexOptions.Multiline)]
    private static partial Regex EntryId();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*):")]
    private static partial Regex TopLevelKey();
}
