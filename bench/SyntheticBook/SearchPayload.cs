using System.Text;
using System.Text.Json;

namespace SyntheticBook;

/// <summary>
/// What one search costs the reader of a built site, computed from its files the way the default theme's search.js
/// loads them: search.js and the manifest, the term shards whose range holds the word, and the document shards of
/// the first 20 results. Reported for a rare word (the first word of six letters or more found in one document)
/// and for the commonest word.
/// </summary>
public static class SearchPayload
{
    private const int Shown = 20;

    public static string Report(string site)
    {
        var folder = Path.Combine(site, "data", "search");
        var manifest = Data(Path.Combine(folder, "manifest.js"));
        var from = manifest.GetProperty("from").EnumerateArray().Select(e => e.GetString()!).ToList();
        var to = manifest.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToList();
        var docs = manifest.GetProperty("docs").EnumerateArray().Select(e => e.GetInt32()).ToList();

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < from.Count; n++)
            foreach (var term in Data(Path.Combine(folder, $"t{n}.js")).GetProperty("terms").EnumerateObject())
                counts[term.Name] = counts.GetValueOrDefault(term.Name) + term.Value.GetArrayLength();
        var rare = counts.Where(c => c.Value == 1 && c.Key.Length >= 6 && c.Key.All(char.IsAsciiLetter)).Select(c => c.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        var common = counts.MaxBy(c => c.Value).Key;

        long Size(string name) => new FileInfo(Path.Combine(folder, name + ".js")).Length;
        string Cost(string term)
        {
            var shards = Enumerable.Range(0, from.Count).Where(n => string.CompareOrdinal(from[n], term) <= 0 && string.CompareOrdinal(to[n], term) >= 0).ToList();
            var postings = new List<(int Id, int Title)>();
            foreach (var n in shards)
                if (Data(Path.Combine(folder, $"t{n}.js")).GetProperty("terms").TryGetProperty(term, out var list))
                {
                    var id = 0;
                    foreach (var value in list.EnumerateArray().Select(v => v.GetInt32())) postings.Add((id += value >> 1, value & 1));
                }
            var first = postings.OrderByDescending(p => p.Title).ThenBy(p => p.Id).Take(Shown);
            var documentShards = first.Select(p => DocumentShard(docs, p.Id)).Distinct().ToList();
            var bytes = new FileInfo(Path.Combine(site, "assets", "search.js")).Length + Size("manifest")
                + shards.Sum(n => Size($"t{n}")) + documentShards.Sum(n => Size($"d{n}"));
            return $"'{term}' ({postings.Count:N0} documents) {bytes / 1024.0:N0} kB in {2 + shards.Count + documentShards.Count} scripts";
        }

        var files = Directory.GetFiles(folder);
        return $"search index {files.Length:N0} files, {files.Sum(f => new FileInfo(f).Length) / 1048576.0:N1} MB, " +
            $"largest {files.Max(f => new FileInfo(f).Length) / 1024.0:N1} kB; a query loads: rare {(rare is null ? "(none)" : Cost(rare))}; common {Cost(common)}";
    }

    private static int DocumentShard(List<int> counts, int id)
    {
        var n = 0;
        while (id >= counts[n]) id -= counts[n++];
        return n;
    }

    /// <summary>The JSON value a data script assigns to its global.</summary>
    private static JsonElement Data(string file)
    {
        var text = File.ReadAllText(file, Encoding.UTF8);
        var start = text.IndexOf(" = ", StringComparison.Ordinal) + 3;
        return JsonDocument.Parse(text[start..text.LastIndexOf(';')]).RootElement;
    }
}
