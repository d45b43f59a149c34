using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Publishes the CLI once, as `dotnet publish` makes it for users and for bench/run: a native (AOT) executable.
/// Into its own folders, so it never races the build the tests run from.
/// </summary>
public sealed class NativeCliFixture : IDisposable
{
    private readonly TempDir _dir = new("rjb-native-");

    public NativeCliFixture()
    {
        var publish = Cli.Program("dotnet",
            ["publish", Path.Combine(Repo.Root, "src", "RussiaJapanBriefing.Cli"), "-c", "Release", "-nologo",
                "-o", _dir.Combine("rjb"), "--artifacts-path", _dir.Combine("artifacts"), "--disable-build-servers"],
            Repo.Root, TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed ({publish.ExitCode}):{Environment.NewLine}{publish.Stdout}{publish.Stderr}");
        Executable = _dir.Combine("rjb", "rjb");
        Assert.True(File.Exists(Executable), $"no native executable at {Executable}; published: {string.Join(", ", Directory.GetFiles(_dir.Combine("rjb")).Select(Path.GetFileName))}");
        Assert.False(File.Exists(_dir.Combine("rjb", "rjb.dll")), "the published CLI should be native, not a framework-dependent rjb.dll");
    }

    public string Executable { get; }

    public TempDir Work => _dir;

    public Cli.Run Run(string workingDirectory, params string[] args) => Cli.Program(Executable, args, workingDirectory, TimeSpan.FromMinutes(3));

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Trimming and ahead-of-time compilation can break, at run time only, what works under the JIT (reflection,
/// generated JSON code), so the published executable must build exactly what the library builds.
/// </summary>
public sealed class NativeCliTests(NativeCliFixture native) : IClassFixture<NativeCliFixture>
{
    [Fact]
    public void TheNativeBuildOfTheRealBookIsByteIdenticalToTheLibrarysBuild()
    {
        var fromNative = native.Work.Combine("real-native");
        var run = native.Run(Repo.Root, "build", "--output", fromNative, "--base-url", "https://example.org/briefing/", "--no-cache");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}{Environment.NewLine}{run.Stdout}{run.Stderr}");

        var fromLibrary = native.Work.Combine("real-library");
        var result = BriefingBuilder.Run(new BuildOptions(Repo.Seeds, Repo.Content, Repo.Theme, fromLibrary,
            new Uri("https://example.org/briefing/")), BuildMode.Build);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.StartsWith($"built {result.PagesRendered} pages", run.Stdout);
        FolderState.AssertSameBytes(fromLibrary, fromNative, "the native CLI and the library built different sites");
    }

    [Fact]
    public void TheNativeBuildCacheSkipsAnUnchangedRebuild()
    {
        string[] args = ["build", "--output", native.Work.Combine("cached"), "--cache", native.Work.Combine("cache")];
        var first = native.Run(Repo.Root, args);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var again = native.Run(Repo.Root, args);
        Assert.True(again.ExitCode == 0, again.Stderr);
        // nothing rendered at all: with no input, setting or output changed, the last build's report is replayed
        Assert.StartsWith("nothing changed: ", again.Stdout);
        Assert.Contains("(unchanged ", again.Stdout);
    }

    [Fact]
    public void TheNativeCheckReportsDiagnosticsAndExitsOne()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", """
            claims:
              - id: zz-broken
                text: Never said.
                about: [abee]
                cite: [{ source: tass-2018, quote: "words nobody wrote" }]
            """);
        var run = native.Run(book.Path, "check", "--seeds", "seeds", "--content", "content", "--theme", book.Theme);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}{Environment.NewLine}{run.Stderr}");
        Assert.Matches(@"content/zz\.yaml\(\d+,\d+\): error RJB\d{4}: unknown entity 'abee' \(did you mean 'abe'\?\)", run.Stderr);
        Assert.Contains("error RJB0303", run.Stderr);
    }
}
