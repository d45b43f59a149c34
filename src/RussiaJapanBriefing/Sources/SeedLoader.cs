using System.Text;

namespace RussiaJapanBriefing.Sources;

/// <summary>A seed file as read from disk, before any annotation is applied.</summary>
public sealed record Seed(string Id, string Path, string Text);

/// <summary>
/// The seeds folder as loaded: the usable seeds, and the ids of seed files that exist but were refused (each with
/// its own error), so that annotations naming them are told why rather than that there is no such file.
/// </summary>
public sealed record SeedFolder(IReadOnlyList<Seed> Seeds, IReadOnlyDictionary<string, string> Refused);

/// <summary>Load phase for sources: reads every <c>*.txt</c> in the seeds folder, strictly as UTF-8.</summary>
public static class SeedLoader
{
    public static SeedFolder Load(string seedsDirectory, DiagnosticBag diagnostics)
    {
        var seeds = new List<Seed>();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(seedsDirectory))
        {
            diagnostics.Error(Codes.NoSeeds, new Location(seedsDirectory), "the seeds folder does not exist");
            return new SeedFolder(seeds, refused);
        }
        foreach (var path in Directory.EnumerateFiles(seedsDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            var display = PathDisplay.Relative(path);
            refused[System.IO.Path.GetFileNameWithoutExtension(path)] = display; // until it proves usable
            string text;
            try
            {
                // The offsets published in book.json are into the text exactly as this call returns it.
                text = File.ReadAllText(path, TextFiles.StrictUtf8);
            }
            catch (DecoderFallbackException)
            {
                diagnostics.Error(Codes.UnreadableSource, new Location(display), "the source is not valid UTF-8 text", "re-save it as UTF-8");
                continue;
            }
            catch (IOException e)
            {
                diagnostics.Error(Codes.UnreadableSource, new Location(display), $"the source cannot be read: {e.Message}");
                continue;
            }
            if (text.Contains('\0'))
            {
                diagnostics.Error(Codes.UnreadableSource, new Location(display), "the source contains NUL bytes: it looks like a binary file, not an article");
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                diagnostics.Error(Codes.UnreadableSource, new Location(display), "the source is empty");
                continue;
            }
            if (TextFiles.FirstControlCharacter(text) is { } control)
            {
                diagnostics.Error(Codes.UnreadableSource, new Location(display, control.Line, control.Column),
                    $"the source contains the control character U+{control.Code:X4}", "remove it: article text has no control characters besides line breaks and tabs");
                continue;
            }
            var id = System.IO.Path.GetFileNameWithoutExtension(path);
            if (!Model.Ids.IsSafe(id, out var why))
            {
                // The id names the source's page: refuse it before any path is built from it.
                diagnostics.Error(Codes.InvalidId, new Location(display), $"the seed file name '{id}' is not a valid source id: {why}", $"rename the file; {Model.Ids.Advice}");
                continue;
            }
            refused.Remove(id);
            seeds.Add(new Seed(id, display, text));
        }
        if (seeds.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Error(Codes.NoSeeds, new Location(seedsDirectory), "the seeds folder holds no *.txt source articles");
        return new SeedFolder(seeds, refused);
    }
}
