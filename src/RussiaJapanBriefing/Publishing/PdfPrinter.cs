using System.Diagnostics;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Publishing;

/// <summary>
/// Prints topics of a built site to PDF with headless Chromium, which honours the theme's print stylesheet
/// (page margins, running header and footer, endnotes). The browser is Debian's <c>chromium</c> package, or any
/// Chromium or Chrome named by <c>RJB_CHROMIUM</c> or found on the PATH.
/// </summary>
public static class PdfPrinter
{
    private static readonly string[] BrowserNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public const string InstallHint = "install Debian's browser with 'sudo apt-get install chromium', or set RJB_CHROMIUM to a Chromium or Chrome executable";

    public static string? FindBrowser()
    {
        if (Environment.GetEnvironmentVariable("RJB_CHROMIUM") is { Length: > 0 } configured)
            return IsExecutable(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => BrowserNames.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(IsExecutable);
    }

    /// <summary>What is wrong with RJB_CHROMIUM, when it is set to something that cannot be run: a usage error, not a missing browser.</summary>
    public static string? ConfigurationProblem() =>
        Environment.GetEnvironmentVariable("RJB_CHROMIUM") is { Length: > 0 } configured && !IsExecutable(configured)
            ? $"RJB_CHROMIUM is '{configured}', which is not an executable file; set it to a Chromium or Chrome executable, or unset it"
            : null;

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>
    /// The site page for each topic name: an entity or source id, or <c>index</c>, <c>chronology</c>, <c>book</c> (the
    /// whole book: its contents page, then each print volume, named <c>book-leaders-1</c> and so on). No names means
    /// every entity, the chronology and the whole book. An entity prints as its brief, or with <paramref name="full"/>
    /// as its full record (its page with the <see cref="SiteLayout.FullRecord"/> fragment, which the print stylesheet reads).
    /// </summary>
    public static IReadOnlyList<(string Topic, string Page)> Resolve(BriefingBook book, IReadOnlyList<string> topics, bool full, DiagnosticBag diagnostics)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["index"] = SiteLayout.Home,
            ["chronology"] = SiteLayout.Chronology,
            ["book"] = SiteLayout.Print,
        };
        foreach (var e in book.Entities) known.TryAdd(e.Id, full ? $"{e.Url}#{SiteLayout.FullRecord}" : e.Url);
        foreach (var s in book.Sources) known.TryAdd(s.Id, s.Url);
        IEnumerable<(string, string)> Pages(string topic) =>
            topic == "book"
                ? PrintVolumes.Of(book).Select(v => ($"book-{v.Name}", v.Url)).Prepend((topic, SiteLayout.Print))
                : [(topic, known[topic])];
        if (topics.Count == 0)
            return book.Entities.Select(e => e.Id).Append("chronology").Append("book").SelectMany(Pages).ToList();
        var result = new List<(string, string)>();
        foreach (var topic in topics)
        {
            if (known.ContainsKey(topic)) result.AddRange(Pages(topic));
            else diagnostics.Report(Codes.UnknownTopic, new Location("<command line>"), $"unknown topic '{topic}'",
                Spelling.Hint(topic, known.Keys) ?? "name an entity or source id, 'index', 'chronology' or 'book'");
        }
        return result;
    }

    /// <summary>
    /// Prints one page of the built site to a PDF file; returns Chromium's complaint when it fails. An earlier PDF of
    /// the same name is deleted first, so one the browser did not write is never reported as printed.
    /// </summary>
    public static string? Print(string browser, string siteDirectory, string page, string pdfFile, CancellationToken cancellation = default)
    {
        File.Delete(pdfFile);
        var profile = Directory.CreateTempSubdirectory("rjb-chromium-");
        try
        {
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            // Flags for a closed network and for running as root in CI; the print itself is --print-to-pdf.
            foreach (var flag in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-pdf-header-footer", $"--user-data-dir={profile.FullName}",
                         $"--print-to-pdf={Path.GetFullPath(pdfFile)}", Address(siteDirectory, page),
                     })
                start.ArgumentList.Add(flag);
            using var process = Start(start, out var cannot);
            if (process is null) return cannot;
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(TimeSpan.FromSeconds(120));
            try
            {
                process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                cancellation.ThrowIfCancellationRequested();
                return "Chromium did not finish within 120 s";
            }
            output.Wait(CancellationToken.None);
            return process.ExitCode == 0 && new FileInfo(pdfFile) is { Exists: true, Length: > 0 }
                ? null
                : $"Chromium exited with {process.ExitCode} without writing the PDF: {errors.Result.Trim()}";
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>The file address of a page of the site, keeping its fragment (a fragment is not part of the file name).</summary>
    private static string Address(string siteDirectory, string page)
    {
        var hash = page.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? page : page[..hash];
        return new Uri(Path.GetFullPath(Path.Combine(siteDirectory, file))).AbsoluteUri + (hash < 0 ? "" : page[hash..]);
    }

    private static Process? Start(ProcessStartInfo start, out string? problem)
    {
        problem = null;
        try
        {
            return Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            problem = $"cannot start {start.FileName}: {e.Message}";
            return null;
        }
    }
}
