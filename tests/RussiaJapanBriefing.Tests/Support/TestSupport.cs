using System.Diagnostics;
using System.Text;
using RussiaJapanBriefing;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>The repository this test assembly was built from.</summary>
public static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RussiaJapanBriefing.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no RussiaJapanBriefing.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;
    public static string Seeds => Path.Combine(Root, "seeds");
    public static string Content => Path.Combine(Root, "content");
    public static string Theme => Path.Combine(Root, "themes", "default");
}

/// <summary>A temporary folder, deleted on dispose.</summary>
public class TempDir : IDisposable
{
    public TempDir(string prefix = "rjb-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public virtual void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is not a test failure
        }
        GC.SuppressFinalize(this);
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Every file below a folder, by '/'-separated relative path, with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string directory)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            files[System.IO.Path.GetRelativePath(directory, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        return files;
    }
}

/// <summary>
/// A small book in a temp folder: seeds/, content/ and output/ under one root, built with the repository's theme
/// (or a copy of it). Files are written with <see cref="Seed"/> and <see cref="Yaml"/>.
/// </summary>
public sealed class TempBook : TempDir
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public TempBook(string? theme = null) : base("rjb-book-")
    {
        Directory.CreateDirectory(Seeds);
        Directory.CreateDirectory(Content);
        Theme = theme ?? Repo.Theme;
    }

    public string Seeds => Combine("seeds");
    public string Content => Combine("content");
    public string Output => Combine("output");
    public string Theme { get; }

    public BuildOptions Options => new(Seeds, Content, Theme, Output);

    public TempBook Seed(string id, string text)
    {
        File.WriteAllText(System.IO.Path.Combine(Seeds, id + ".txt"), text, Utf8NoBom);
        return this;
    }

    public TempBook Yaml(string relativePath, string yaml)
    {
        var path = ContentFile(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml, Utf8NoBom);
        return this;
    }

    public TempBook Delete(string relativePath)
    {
        File.Delete(ContentFile(relativePath));
        return this;
    }

    public string ContentFile(string relativePath) => System.IO.Path.Combine(Content, relativePath);

    /// <summary>The path of a content file as diagnostics print it (relative to the working directory, '/'-separated).</summary>
    public string Shown(string relativePath) => PathDisplay.Relative(ContentFile(relativePath));

    public BuildResult Check() => BriefingBuilder.Run(Options, BuildMode.Check);

    public BuildResult Build() => BriefingBuilder.Run(Options, BuildMode.Build);
}

public static class DiagnosticExtensions
{
    public static IReadOnlyList<Diagnostic> Errors(this BuildResult result) =>
        result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();

    public static IReadOnlyList<Diagnostic> Errors(this DiagnosticBag bag) =>
        bag.Sorted().Where(d => d.Severity == Severity.Error).ToList();

    public static string Dump(this IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));

    /// <summary>The single diagnostic with this code; fails listing everything reported when there is not exactly one.</summary>
    public static Diagnostic One(this IEnumerable<Diagnostic> diagnostics, string code)
    {
        var all = diagnostics.ToList();
        var matching = all.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected exactly one {code}, got {matching.Count}:{Environment.NewLine}{all.Dump()}");
        return matching[0];
    }

    public static void AssertAt(this Diagnostic d, string path, int line, int column)
    {
        Assert.True(d.Location.Path == path && d.Location.Line == line && d.Location.Column == column,
            $"expected {d.Code} at {path}({line},{column}), got {d}");
    }
}

/// <summary>Runs the built CLI (rjb.dll, copied next to this assembly) in a child process.</summary>
public static class Cli
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    public static string DllPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "rjb.dll");
            Assert.True(File.Exists(path), $"the CLI was not copied to {path}");
            return path;
        }
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return current;
        return "dotnet";
    }

    public static Run Execute(string workingDirectory, params string[] args) =>
        Program(DotnetHost(), [DllPath, .. args], workingDirectory, TimeSpan.FromMinutes(3));

    /// <summary>Runs any program to completion and captures its output; fails the test if it outlives <paramref name="limit"/>.</summary>
    public static Run Program(string program, IEnumerable<string> args, string workingDirectory, TimeSpan limit)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not exit within {limit}");
        }
        process.WaitForExit();
        return new Run(process.ExitCode, stdout.Result, stderr.Result);
    }
}
