using System.CommandLine;
using RussiaJapanBriefing.Commands;

// A thin shell over the library: parse the command line, run the pipeline, print what happened. One file per command.
// Exit codes: 0 success, 1 the content has errors, 2 the command line is wrong, 3 an internal error,
// 130 and 143 interrupted by SIGINT (Ctrl+C) and SIGTERM. (README "Command line")

var root = new RootCommand("RussiaJapanBriefing: builds the annotated briefing book on the Kuril Islands dispute")
{
    BuildCommands.Build(), BuildCommands.Check(), ServeCommand.Create(), PdfCommand.Create(), DraftCommands.Draft(), DraftCommands.FixQuotes(),
};
var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var error in parseResult.Errors) Console.Error.WriteLine($"rjb: error: {error.Message}");
    Console.Error.WriteLine("rjb: run 'rjb --help' for usage");
    return 2;
}
try
{
    return parseResult.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    // A crash is a bug in the generator, never the editor's fault: say so, with what a bug report needs.
    Console.Error.WriteLine($"rjb: internal error (please report it): {e}");
    return 3;
}
