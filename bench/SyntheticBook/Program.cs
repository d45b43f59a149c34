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
//   SyntheticBook --hot-topic N [--content DIR] [--seeds DIR] --out DIR
//       repeats a real book (default: ./content and ./seeds) across N copies of its sources, so the
//       entities most of its claims are about carry thousands of claims (HotTopic.cs).
//   SyntheticBook --serve-latency --out DIR --theme THEME --preview PREVIEWDIR [--runs R]
//       times serve's incremental build of the book in DIR: no change, and one claim edited as --edit-claim does.
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
    if (key is "--edit-claim" or "--serve-latency") { options[key] = "true"; continue; }
    if (!key.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length
        || key is not ("--sources" or "--seed" or "--out" or "--hugo" or "--hot-topic" or "--content" or "--seeds" or "--theme" or "--preview" or "--runs"))
    {
        Console.Error.WriteLine($"SyntheticBook: unexpected argument '{key}'");
        return Usage(2);
    }
    options[key] = args[++i];
}
if (!options.TryGetValue("--out", out var output) || output is null) return Usage(2);
options.TryGetValue("--hugo", out var hugo);

if (options.ContainsKey("--edit-claim")) return ClaimEdit.Run(output, hugo);
if (options.ContainsKey("--serve-latency"))
    return options.GetValueOrDefault("--theme") is { } theme && options.GetValueOrDefault("--preview") is { } preview
        ? ServeLatency.Run(output, theme, preview, int.TryParse(options.GetValueOrDefault("--runs"), out var runs) && runs > 0 ? runs : 5)
        : Usage(2);

if (options.TryGetValue("--hot-topic", out var hotTopic))
{
    if (!int.TryParse(hotTopic, out var copies) || copies < 1) return Usage(2);
    var written = HotTopic.Write(options.GetValueOrDefault("--content") ?? "content", options.GetValueOrDefault("--seeds") ?? "seeds", copies, output);
    Console.WriteLine($"SyntheticBook: hot topic, {copies} copies: {written.Sources} sources ({written.Renamed} ids renamed per copy); written to {output}");
    return 0;
}

if (!int.TryParse(options.GetValueOrDefault("--sources"), out var sources) || sources < 1) return Usage(2);
var seed = int.TryParse(options.GetValueOrDefault("--seed") ?? "42", out var s) ? s : 42;

var clock = Stopwatch.StartNew();
var book = Book.Generate(sources, seed);
BookWriter.Write(book, output);
if (hugo is not null) HugoWriter.Write(book, hugo);
var target = book.EditTarget;
File.WriteAllText(Path.Combine(output, "edit-target.json"),
    ClaimEdit.TargetJson(target.Id, target.Home.Id, target.Text) + "\n", new UTF8Encoding(false));

var entities = book.Catalog.All.ToList();
Console.WriteLine($"SyntheticBook: {sources} sources, {entities.Count} entities " +
    $"({string.Join(", ", Kinds.All.Select(k => $"{entities.Count(e => e.Kind == k)} {k.Section()}"))}), " +
    $"{book.Claims.Count} claims ({book.Claims.Count(c => c.Date is not null)} dated, {book.Claims.Sum(c => c.Cites.Count)} citations), " +
    $"{book.Disagreements.Count} disagreements; seed {seed}; written to {output}{(hugo is null ? "" : $" and {hugo}")} in {clock.ElapsedMilliseconds} ms");
return 0;

static int Usage(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine(
        "usage: SyntheticBook --sources N [--seed S] --out DIR [--hugo HUGODIR]\n" +
        "       SyntheticBook --edit-claim --out DIR [--hugo HUGODIR]\n" +
        "       SyntheticBook --hot-topic N [--content DIR] [--seeds DIR] --out DIR\n" +
        "       SyntheticBook --serve-latency --out DIR --theme THEME --preview PREVIEWDIR [--runs R]\n" +

        "       SyntheticBook --search-payload SITEDIR");
    return code;
}
