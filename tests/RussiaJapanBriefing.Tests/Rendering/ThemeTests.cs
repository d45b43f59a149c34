using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>Themes are only files: kind-specific templates fall back to entity.html, and template mistakes are diagnostics.</summary>
public class ThemeTests
{
    /// <summary>The sample book with its own copy of the default theme, to modify.</summary>
    private static TempBook WithThemeCopy(out string theme)
    {
        var root = Directory.CreateTempSubdirectory("rjb-theme-").FullName;
        theme = Path.Combine(root, "theme");
        TempDir.CopyDirectory(Repo.Theme, theme);
        return SampleBook.Create(theme);
    }

    private static void DeleteTheme(string theme) => Directory.Delete(Path.GetDirectoryName(theme)!, recursive: true);

    [Fact]
    public void AKindTemplateIsUsedForThatKindOnly()
    {
        using var book = WithThemeCopy(out var theme);
        try
        {
            File.WriteAllText(Path.Combine(theme, "templates", "island.html"),
                "<article class=\"island-page\"><h1>{{ entity.name | html.escape }}</h1></article>\n");
            var result = book.Build();
            Assert.True(result.Succeeded, result.Diagnostics.Dump());
            var island = HtmlPage.Load(Path.Combine(book.Output, "islands", "kunashir.html")).Document;
            Assert.NotNull(island.QuerySelector("article.island-page"));
            var leader = HtmlPage.Load(Path.Combine(book.Output, "leaders", "abe.html")).Document;
            Assert.Null(leader.QuerySelector("article.island-page"));
            Assert.NotNull(leader.QuerySelector("article.entity"));
        }
        finally { DeleteTheme(theme); }
    }

    [Fact]
    public void ATemplateSyntaxErrorIsRjb0601InTheTemplate()
    {
        using var book = WithThemeCopy(out var theme);
        try
        {
            File.WriteAllText(Path.Combine(theme, "templates", "kind.html"), "<h1>{{ kind }}</h1>\n<ul>\n{{ for link in }}\n</ul>\n");
            var result = book.Check();
            Assert.False(result.Succeeded);
            var d = result.Errors().First(e => e.Code == Codes.TemplateError.Id);
            Assert.EndsWith("templates/kind.html", d.Location.Path);
            Assert.Equal(3, d.Location.Line);
        }
        finally { DeleteTheme(theme); }
    }

    [Fact]
    public void AnUnknownVariableInATemplateIsRjb0601WhereItIsUsed()
    {
        using var book = WithThemeCopy(out var theme);
        try
        {
            File.WriteAllText(Path.Combine(theme, "templates", "kind.html"), "<h1>{{ kind }}</h1>\n<p>{{ no_such_variable }}</p>\n");
            var result = book.Build();
            Assert.False(result.Succeeded);
            Assert.False(Directory.Exists(book.Output), "a theme error must not write");
            var d = result.Errors().First(e => e.Code == Codes.TemplateError.Id);
            Assert.EndsWith("kind.html", d.Location.Path);
            Assert.Equal(2, d.Location.Line);
            Assert.Equal(7, d.Location.Column);
        }
        finally { DeleteTheme(theme); }
    }

    [Fact]
    public void APageCannotChangeABuiltinFunctionForTheOtherPages()
    {
        // Every page shares one copy of Scriban's builtins, so a template that writes to one must fail, not leak.
        using var book = WithThemeCopy(out var theme);
        try
        {
            File.WriteAllText(Path.Combine(theme, "templates", "kind.html"), "<h1>{{ kind }}</h1>\n{{ html.escape = 1 }}\n");
            var result = book.Build();
            Assert.False(result.Succeeded);
            var d = result.Errors().First(e => e.Code == Codes.TemplateError.Id);
            Assert.EndsWith("kind.html", d.Location.Path);
            Assert.Equal(2, d.Location.Line);
        }
        finally { DeleteTheme(theme); }
    }

    [Fact]
    public void AMissingRequiredTemplateIsRjb0602()
    {
        using var book = WithThemeCopy(out var theme);
        try
        {
            File.Delete(Path.Combine(theme, "templates", "chronology.html"));
            var d = book.Check().Errors().One(Codes.MissingTemplate.Id);
            Assert.Contains("'chronology.html'", d.Message);
        }
        finally { DeleteTheme(theme); }
    }

    [Fact]
    public void ThemeAssetsAreCopiedAsTheyAre()
    {
        using var book = WithThemeCopy(out var theme);
        try
        {
            Directory.CreateDirectory(Path.Combine(theme, "assets", "img"));
            File.WriteAllBytes(Path.Combine(theme, "assets", "img", "logo.png"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]);
            Assert.True(book.Build().Succeeded);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF], File.ReadAllBytes(Path.Combine(book.Output, "assets", "img", "logo.png")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(theme, "assets", "style.css")), File.ReadAllBytes(Path.Combine(book.Output, "assets", "style.css")));
        }
        finally { DeleteTheme(theme); }
    }
}
