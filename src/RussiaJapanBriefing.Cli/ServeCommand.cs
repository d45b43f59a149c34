using System.CommandLine;
using RussiaJapanBriefing.Publishing.Preview;
using static RussiaJapanBriefing.Commands.Shell;

namespace RussiaJapanBriefing.Commands;

/// <summary><c>serve</c>: a preview on 127.0.0.1 that rebuilds and reloads the browser when an input changes.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "Port on 127.0.0.1 for the preview server",
            DefaultValueFactory = _ => 8080,
            // Parsed here rather than validated afterwards: reading a value that did not parse ("abc") from a validator aborts.
            CustomParser = result => (int)Number(result, "--port", 1, 65535, "a whole number from 1 to 65535", whole: true),
        };
        var previewFolder = new Option<string>("--output") { Description = "Folder the preview is built in (not the published output)", DefaultValueFactory = _ => ".cache/preview" };
        var serve = new Command("serve", "Build the book, serve it on 127.0.0.1, and rebuild and reload the browser when seeds, annotations or the theme change")
            { Seeds, Content, Theme, previewFolder, port };
        serve.SetAction(parsed =>
        {
            // The preview's own cache folder, beside the preview rather than around it: an output never lies inside its cache.
            var options = Options(parsed, parsed.GetValue(previewFolder)!) with { Cache = ".cache/serve" };
            if (Refused(BriefingBuilder.Validate(options, BuildMode.Build))) return 2;
            using var stop = new ManualResetEventSlim();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Set(); };
            try
            {
                using var server = PreviewServer.Start(options, parsed.GetValue(port), Console.Error.WriteLine);
                Console.WriteLine($"serving {server.Url} (only this machine can connect); press Ctrl+C to stop");
                stop.Wait();
            }
            catch (System.Net.Sockets.SocketException e)
            {
                Console.Error.WriteLine($"rjb: cannot listen on 127.0.0.1:{parsed.GetValue(port)}: {e.Message} (try another --port)");
                return 1;
            }
            return 0;
        });
        return serve;
    }
}
