using System.CommandLine;
using RussiaJapanBriefing.Publishing;
using static RussiaJapanBriefing.Commands.Shell;

namespace RussiaJapanBriefing.Commands;

/// <summary><c>pdf</c>: builds the site into a temporary folder and prints the chosen topics with headless Chromium.</summary>
internal static class PdfCommand
{
    public static Command Create()
    {
        var topics = new Argument<string[]>("topics") { Description = "Entity or source ids, 'index', 'chronology' or 'book' (the whole book: contents and one file per print volume); none prints every entity, the chronology and the whole book", Arity = ArgumentArity.ZeroOrMore };
        var full = new Option<bool>("--full") { Description = "Print each entity's full record instead of its brief of two pages at most" };
        var pdfFolder = new Option<string>("--output") { Description = "Folder the PDF files are written to", DefaultValueFactory = _ => "pdf" };
        var pdf = new Command("pdf", "Print topics as briefing papers to PDF with headless Chromium") { topics, Seeds, Content, Theme, pdfFolder, full };
        pdf.SetAction(parsed => Interruptible(cancellation => Print(parsed.GetValue(topics) ?? [], parsed.GetValue(full), Options(parsed), parsed.GetValue(pdfFolder)!, cancellation)));
        return pdf;
    }

    private static int Print(IReadOnlyList<string> names, bool full, BuildOptions options, string pdfFolder, CancellationToken cancellation)
    {
        var problems = BriefingBuilder.Validate(options, BuildMode.Check).ToList();
        problems.AddRange(OutputFolder.Problems("PDF folder", pdfFolder, options.Inputs));
        if (PdfPrinter.ConfigurationProblem() is { } browserProblem) problems.Add(browserProblem);
        if (Refused(problems)) return 2;
        if (PdfPrinter.FindBrowser() is not { } browser)
        {
            Console.Error.WriteLine($"rjb: error: no Chromium browser found to print with: {PdfPrinter.InstallHint}");
            return 1;
        }
        var site = Directory.CreateTempSubdirectory("rjb-pdf-");
        try
        {
            var result = BriefingBuilder.Run(options with { Output = Path.Combine(site.FullName, "site") }, BuildMode.Build, cancellation);
            Shell.Print(result.Diagnostics);
            if (!result.Succeeded) return 1;
            cancellation.ThrowIfCancellationRequested();
            var diagnostics = new DiagnosticBag();
            var chosen = PdfPrinter.Resolve(result.Book!, names, full, diagnostics);
            Shell.Print(diagnostics.Sorted());
            if (diagnostics.HasErrors) return 2;
            Directory.CreateDirectory(pdfFolder);
            // Marked as rjb's before the first PDF lands, so the next run may write into it again.
            OutputFolder.Record(pdfFolder, []);
            foreach (var (topic, page) in chosen)
            {
                cancellation.ThrowIfCancellationRequested();
                var file = Path.Combine(pdfFolder, topic + ".pdf");
                var problem = PdfPrinter.Print(browser, Path.Combine(site.FullName, "site"), page, file, cancellation);
                OutputFolder.Record(pdfFolder, [topic + ".pdf"]);
                if (problem is not null)
                {
                    Console.Error.WriteLine($"rjb: error: cannot print '{topic}': {problem}");
                    return 1;
                }
                Console.WriteLine($"printed {topic} to {file}");
            }
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("rjb: interrupted; the PDF files printed so far are kept");
            return 1;
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }
}
