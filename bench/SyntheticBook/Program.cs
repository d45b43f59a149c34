using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SyntheticBook;

// Synthetic briefing book for the benchmark (bench/README.md).
//
//   SyntheticBook --sources N [--seed S] --out DIR [--hugo HUGODIR]
//       writes DIR/seeds/*.txt and DIR/content/**/*.yaml, and with --hugo an equivalent Hugo site;
//       the same N and S always give byte-identical files.
//   SyntheticBook --edit-claim --out DIR [--hugo HUGODIR]
//       changes the text of one claim (named in DIR/edit-target.json) in both trees, for the
//       "rebuild after editing one claim" measurement.
//   SyntheticBook --search-payload SITEDIR
//       prints what a search on a built site loads, for a rare and for the commonest word.

if (args is ["--search-payload", var site])
{
    Console.WriteLine(SearchPayload.Report(site));
    return 0;
}

var options = new Dictionary<string, string?>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    var key = args[i];
    if (key is "--help" or "-h") return Usage(0);
    if (key == "--edit-claim") { options[key] = "true"; continue; }
    if (!key.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length || key is not ("--sources" or "--seed" or "--out" or "--hugo"))
    {
        Console.Error.WriteLine($"SyntheticBook: unexpected argument '{key}'");
        return Usage(2);
    }
    options[key] = args[++i];
}
if (!options.TryGetValue("--out", out var output) || output is null) return Usage(2);
options.TryGetValue("--hugo", out var hugo);

if (options.ContainsKey("--edit-claim")) return EditClaim(output, hugo);

if (!int.TryParse(options.GetValueOrDefault("--sources"), out var sources) || sources < 1) return Usage(2);
var seed = int.TryParse(options.GetValueOrDefault("--seed") ?? "42", out var s) ? s : 42;

var clock = Stopwatch.StartNew();
var book = Book.Generate(sources, seed);
BookWriter.Write(book, output);
if (hugo is not null) HugoWriter.Write(book, hugo);
var target = book.EditTarget;
File.WriteAllText(Path.Combine(output, "edit-target.json"),
    JsonSerializer.Serialize(new { claim = target.Id, source = target.Home.Id, text = target.Text }) + "\n", new UTF8Encoding(false));

var entities = book.Catalog.All.ToList();
Console.WriteLine($"SyntheticBook: {sources} sources, {entities.Count} entities " +
    $"({string.Join(", ", Kinds.All.Select(k => $"{entities.Count(e => e.Kind == k)} {k.Section()}"))}), " +
    $"{book.Claims.Count} claims ({book.Claims.Count(c => c.Date is not null)} dated, {book.Claims.Sum(c => c.Cites.Count)} citations), " +
    $"{book.Disagreements.Count} disagreements; seed {seed}; written to {output}{(hugo is null ? "" : $" and {hugo}")} in {clock.ElapsedMilliseconds} ms");
return 0;

static int EditClaim(string output, string? hugo)
{
    var targetFile = Path.Combine(output, "edit-target.json");
    using var doc = JsonDocument.Parse(File.ReadAllText(targetFile));
    var id = doc.RootElement.GetProperty("claim").GetString()!;
    var source = doc.RootElement.GetProperty("source").GetString()!;
    var text = doc.RootElement.GetProperty("text").GetString()!;
    var revised = text.TrimEnd('.') + ", by a later count.";

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
    File.WriteAllText(targetFile, JsonSerializer.Serialize(new { claim = id, source, text = revised }) + "\n", new UTF8Encoding(false));
    Console.WriteLine($"SyntheticBook: claim '{id}' edited in {changed} file(s)");
    return changed > 0 ? 0 : 1;
}

static int Usage(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine(
        "usage: SyntheticBook --sources N [--seed S] --out DIR [--hugo HUGODIR]\n" +
        "       SyntheticBook --edit-claim --out DIR [--hugo HUGODIR]\n" +
        "       SyntheticBook --search-payload SITEDIR");
    return code;
}
