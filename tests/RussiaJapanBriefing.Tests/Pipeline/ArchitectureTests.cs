using System.Reflection;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The phase folders depend on each other in one direction only (ARCHITECTURE.md draws it): a folder may use the
/// folders before it in <see cref="Layers"/>, never one after it. Read from the source files, so a single
/// <c>using</c> or qualified name against the direction fails here.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>
    /// Model comes first although the pipeline reads sources and annotations before it resolves the book: it holds
    /// the vocabulary every phase shares (ids, dates, kinds) and the resolved book, and depends on nothing.
    /// Drafting is an editor's tool beside the build, not a phase of it: it may read every phase, and none may use it.
    /// </summary>
    private static readonly string[] Layers = ["Model", "Sources", "Annotations", "Verification", "Rendering", "Publishing", "Drafting"];

    /// <summary>
    /// The hosts of the pipeline, which alone may use every phase and which no phase may use: the orchestrator, and
    /// the preview server (it runs builds; it sits in Publishing/Preview because its embedded script is declared there).
    /// </summary>
    private static bool IsHost(string relative) => relative == "BriefingBuilder.cs" || relative.StartsWith("Publishing/Preview/", StringComparison.Ordinal);

    private static readonly string Engine = Path.Combine(Repo.Root, "src", "RussiaJapanBriefing");

    private static readonly ILookup<string, string> TypesByNamespace = typeof(BriefingBuilder).Assembly.GetTypes()
        .Where(t => t.Namespace is not null && !t.IsNested)
        .ToLookup(t => t.Namespace!, t => t.Name.Split('`')[0]);

    [Fact]
    public void No_phase_folder_uses_a_later_one()
    {
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Engine, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f)))
        {
            var relative = Path.GetRelativePath(Engine, file).Replace('\\', '/');
            if (IsHost(relative)) continue;
            var own = LayerOf(relative);
            foreach (var used in ReferencedLayers(File.ReadAllText(file)))
                if (own < 0 || Array.IndexOf(Layers, used) > own)
                    violations.Add($"{relative} ({(own < 0 ? "shared root" : Layers[own])}) uses {used}");
        }
        Assert.Empty(violations);
    }

    [Fact]
    public void No_phase_uses_a_host()
    {
        var offenders = Directory.EnumerateFiles(Engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !IsHost(Path.GetRelativePath(Engine, f).Replace('\\', '/')))
            .Where(f => OrchestratorName().IsMatch(Code(File.ReadAllText(f))))
            .Select(f => Path.GetRelativePath(Engine, f)).ToList();
        Assert.Empty(offenders);
    }

    /// <summary>Addresses have one owner, Model/SiteLayout.cs: no other file spells a folder, a list page or a fragment of the site.</summary>
    [Fact]
    public void Only_the_site_layout_spells_addresses()
    {
        var offenders = Directory.EnumerateFiles(Engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && Path.GetFileName(f) != "SiteLayout.cs")
            .SelectMany(f => Address().Matches(Code(File.ReadAllText(f))).Select(m => $"{Path.GetRelativePath(Engine, f)}: {m.Value}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("using RussiaJapanBriefing.Publishing;\nclass A;", "Publishing")]
    [InlineData("class A { void F() => Rendering.SiteRenderer.X(); }", "Rendering")]
    [InlineData("class A { object F() => RussiaJapanBriefing.Verification.BookResolver.Resolve(); }", "Verification")]
    public void The_check_sees_usings_and_qualified_names(string code, string layer) =>
        Assert.Equal([layer], ReferencedLayers(code));

    [Theory]
    [InlineData("class A { int F() => book.Sources.Count; }")]
    [InlineData("/// <see cref=\"Publishing.SiteWriter\"/>\nclass A;")]
    [InlineData("class A { int F() => Sources.Count; }")]
    public void The_check_ignores_properties_and_comments(string code) => Assert.Empty(ReferencedLayers(code));

    private static int LayerOf(string relative) => relative.Contains('/') ? Array.IndexOf(Layers, relative[..relative.IndexOf('/')]) : -1;

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}");

    /// <summary>The phase folders a file names: in a using, or as a namespace qualifying one of that folder's types.</summary>
    private static IReadOnlyList<string> ReferencedLayers(string source)
    {
        var code = Code(source);
        var used = Using().Matches(code).Select(m => m.Groups[1].Value)
            .Concat(Qualified().Matches(code).Where(m => TypesByNamespace[$"RussiaJapanBriefing.{m.Groups[1].Value}"].Contains(m.Groups[2].Value))
                .Select(m => m.Groups[1].Value));
        return used.Select(u => u.Split('.')[0]).Where(l => Layers.Contains(l)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The source without comments: a name in documentation is no dependency.</summary>
    private static string Code(string source) => Comment().Replace(source, "");

    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?RussiaJapanBriefing\.([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"(?<![\w.])(?:RussiaJapanBriefing\.)?((?:Model|Sources|Annotations|Verification|Rendering|Publishing)(?:\.\w+)*?)\.([A-Z]\w*)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"#(claim|differ|line)-|""(sources|data)/|/index\.html|""q\{")]
    private static partial Regex Address();

    [GeneratedRegex(@"\b(BriefingBuilder|BuildOptions|BuildResult)\b")]
    private static partial Regex OrchestratorName();
}
