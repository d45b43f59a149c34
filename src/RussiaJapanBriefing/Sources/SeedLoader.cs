using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Sources;

/// <summary>A seed file as read from disk (or vouched for, to be read when asked), before any annotation is applied.</summary>
public sealed record Seed(string Id, string Path, SeedText Content)
{
    public string Text => Content.Text;
}

/// <summary>
/// The seeds folder as loaded: the usable seeds, and the ids of seed files that exist but were refused (each with
/// its own error), so that annotations naming them are told why rather than that there is no such file. When the
/// folder itself is missing, that one error says it all: nothing can be checked against seeds.
/// </summary>
public sealed record SeedFolder(IReadOnlyList<Seed> Seeds, IReadOnlyDictionary<string, string> Refused, bool Missing = false);

/// <summary>
/// Load phase for sources: reads every <c>*.txt</c> in the seeds folder, strictly as UTF-8, and only files that
/// <see cref="InputFiles"/> allows (regular files inside the folder, at most <see cref="InputFiles.MaxTextBytes"/>).
/// </summary>
public static class SeedLoader
{
    /// <summary>Long news articles run to 50 KB; past this, a source's page no longer stays well under 1 MB.</summary>
    public const int MaxArticleBytes = 200_000;

    public static SeedFolder Load(string seedsDirectory, DiagnosticBag diagnostics) => Load(seedsDirectory, diagnostics, memo: null);

    /// <param name="memo">For <c>serve</c>: the seeds earlier loads read, so that only files that changed are read again.</param>
    /// <param name="vouched">
    /// For the command line: the seed files (by name) whose bytes are those the last successful build read, with their
    /// SHA-256 and size. Such a file passed every check then, and the checks depend on its bytes and name alone: it is
    /// not read until its text is asked for.
    /// </param>
    /// <param name="stated">For the command line: the stat data the build snapshot took of the folder (see <see cref="InputFiles.Stated"/>).</param>
    internal static SeedFolder Load(string seedsDirectory, DiagnosticBag diagnostics, SeedMemo? memo,
        IReadOnlyDictionary<string, (string Hash, long Size)>? vouched = null, InputFiles.Stated? stated = null)
    {
        var seeds = new List<Seed>();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(seedsDirectory))
        {
            diagnostics.Report(Codes.NoSeeds, new Location(seedsDirectory), "the seeds folder does not exist",
                "every citation names a seed in it, so none of them can be checked; give the right folder with --seeds");
            return new SeedFolder(seeds, refused, Missing: true);
        }
        // "A.TXT" is not a seed on Linux and is one elsewhere; naming it keeps an editor from wondering where it went.
        var listing = InputFiles.List(seedsDirectory, recursive: false,
            name => name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase), diagnostics, memo?.Listing, stated);
        if (memo?.Again(listing) is { } again)
        {
            diagnostics.Add(again.Diagnostics);
            return again.Folder;
        }
        foreach (var name in listing.Refused) refused[System.IO.Path.GetFileNameWithoutExtension(name)] = PathDisplay.Relative(System.IO.Path.Combine(seedsDirectory, name));
        // Files are independent, so they are read and checked in parallel; AsOrdered keeps the name order.
        memo?.Begin();
        var reported = memo is null ? diagnostics : new DiagnosticBag();
        var read = listing.Files.AsParallel().AsOrdered()
            .Select(file => (file, memo is null ? Read(file, diagnostics, vouched) : memo.Get(file, reported, own => Read(file, own, vouched: null)))).ToList();
        memo?.End();
        foreach (var (file, seed) in read)
        {
            var id = System.IO.Path.GetFileNameWithoutExtension(file.Name);
            refused[id] = file.Display; // until it proves usable
            if (seed is null) continue;
            refused.Remove(id);
            seeds.Add(seed);
        }
        var folder = new SeedFolder(seeds, refused);
        if (memo is not null)
        {
            var found = reported.Snapshot();
            memo.Keep(listing, folder, found);
            diagnostics.Add(found);
        }
        if (seeds.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Report(Codes.NoSeeds, new Location(seedsDirectory), "the seeds folder holds no *.txt source articles");
        return folder;
    }

    /// <summary>The seed in one file, or null after reporting why it cannot be used.</summary>
    private static Seed? Read(InputFile file, DiagnosticBag diagnostics, IReadOnlyDictionary<string, (string Hash, long Size)>? vouched)
    {
        var display = file.Display;
        var id = System.IO.Path.GetFileNameWithoutExtension(file.Name);
        if (!file.Name.EndsWith(".txt", StringComparison.Ordinal))
        {
            diagnostics.Report(Codes.SeedNameCase, new Location(display), $"the seed file name '{file.Name}' does not end in '.txt' (lower case), so it is not read",
                $"rename it to '{id}.txt'");
            return null;
        }
        // Only a file itself is vouched for by its stat data, not one a link leads to.
        if (vouched is not null && vouched.TryGetValue(file.Name, out var known) && !file.IsLink)
            return Named(id, display, known.Size, diagnostics) ? new Seed(id, display, new SeedText(file, known.Hash)) : null;
        // The bytes are only decoded, so they are read into a pooled buffer: tens of megabytes in a big book.
        return InputFiles.Read(file, InputFiles.MaxTextBytes, diagnostics, (buffer, length) => Check(file, buffer.AsSpan(0, length), diagnostics));
    }

    /// <summary>The seed in one file's bytes, or null after reporting why they cannot be used.</summary>
    private static Seed? Check(InputFile file, ReadOnlySpan<byte> bytes, DiagnosticBag diagnostics)
    {
        var display = file.Display;
        var id = System.IO.Path.GetFileNameWithoutExtension(file.Name);
        // The offsets published in book.json are into the text exactly as this returns it.
        if (TextFiles.Decode(bytes, out var notUtf8) is not { } text)
        {
            diagnostics.Report(Codes.UnreadableSource, new Location(display, notUtf8!.Line, notUtf8.Column),
                $"the source is not valid UTF-8 text: {notUtf8.What}", "re-save it as UTF-8");
            return null;
        }
        if (text.Contains('\0'))
        {
            diagnostics.Report(Codes.UnreadableSource, new Location(display), "the source contains NUL bytes: it looks like a binary file, not an article");
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Report(Codes.UnreadableSource, new Location(display), "the source is empty");
            return null;
        }
        if (text.Contains('\r') && !text.Contains('\n'))
        {
            // Seeds are published verbatim, so they are not rewritten; read as one line, every line number is wrong.
            diagnostics.Report(Codes.UnreadableSource, new Location(display),
                "the source's lines end in CR alone (classic Mac OS line endings), so it reads as a single line",
                "re-save it with LF (or CRLF) line endings");
            return null;
        }
        if (TextFiles.FirstControlCharacter(text) is { } control)
        {
            diagnostics.Report(Codes.UnreadableSource, new Location(display, control.Line, control.Column),
                $"the source contains the control character U+{control.Code:X4}", "remove it: article text has no control characters besides line breaks and tabs");
            return null;
        }
        return Named(id, display, bytes.Length, diagnostics) ? new Seed(id, display, new SeedText(text, Hashing.Hash(bytes))) : null;
    }

    /// <summary>The checks of a seed whose text is usable that ask only its name and length: false after reporting that its name cannot be an id.</summary>
    private static bool Named(string id, string display, long length, DiagnosticBag diagnostics)
    {
        if (!Model.Ids.IsSafe(id, out var why))
        {
            // The id names the source's page: refuse it before any path is built from it.
            diagnostics.Report(Codes.InvalidId, new Location(display), $"the seed file name '{id}' is not a valid source id: {why}", $"rename the file; {Model.Ids.Advice}");
            return false;
        }
        // A source's page is its whole article, with every line marked up: about twice the text, and more with many passages.
        if (length > MaxArticleBytes)
            diagnostics.Report(Codes.LongSource, new Location(display), $"the source is {length} bytes long, longer than any news article: its page, which shows the whole text, would pass 1 MB",
                "keep only the article, or split it into several sources");
        return true;
    }
}
