using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Broken themes: every template mistake is reported in the template (file, line, column), once, and nothing is
/// written; kinds without a template of their own use entity.html. (See <see cref="ThemeTests"/> for the basics.)
/// </summary>
public sealed class HostileThemeTests : IDisposable
{
    private readonly BookWithOwnTheme _project = new("rjb-hostile-theme-");

    private TempDir Root => _project.Root;
    private string Theme => _project.Theme;
    private TempBook Book => _project.Book;

    public void Dispose() => _project.Dispose();

    private string Template(string name) => Path.Combine(Theme, "templates", name);

    private string Shown(string name) => PathDisplay.Relative(Template(name));

    private void Write(string name, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Template(name))!);
        File.WriteAllText(Template(name), text);
    }

    private BuildResult BuildFails()
    {
        var result = Book.Build();
        Assert.False(result.Succeeded, "the build should fail");
        Assert.False(Directory.Exists(Book.Output), "a theme error must not write anything");
        return result;
    }

    [Fact]
    public void ATemplateSavedWithAByteOrderMarkRendersWithoutIt()
    {
        var layout = File.ReadAllBytes(Template("layout.html"));
        File.WriteAllBytes(Template("layout.html"), [0xEF, 0xBB, 0xBF, .. layout]);
        Assert.True(Book.Build().Succeeded);
        var page = File.ReadAllBytes(Path.Combine(Book.Output, "index.html"));
        Assert.True(page.AsSpan().StartsWith("<!DOCTYPE html>"u8), "the page starts with the doctype, not a byte-order mark");
    }

    [Fact]
    public void ASyntaxErrorNamesTheTemplateLineAndColumn()
    {
        Write("kind.html", "<h1>{{ kind }}</h1>\n<ul>\n  {{ for link in }}\n</ul>\n");
        var errors = BuildFails().Errors();
        Assert.All(errors, e => Assert.Equal(Codes.TemplateError.Id, e.Code));
        Assert.All(errors, e => Assert.Equal(Shown("kind.html"), e.Location.Path));
        errors[0].AssertAt(Shown("kind.html"), 3, 18);
        Assert.Contains("for", errors[0].Message);
    }

    [Fact]
    public void ASyntaxErrorInAPartialNamesThePartial()
    {
        Write("partials/claim.html", "<li class=\"claim\">\n  {{ if claim.date }}\n</li>\n");
        var d = Assert.Single(BuildFails().Errors());
        Assert.Equal(Codes.TemplateError.Id, d.Code);
        Assert.Equal(Shown("partials/claim.html"), d.Location.Path);
        Assert.True(d.Location.Line is >= 2 and <= 4, d.ToString());
    }

    [Fact]
    public void SyntaxErrorsInSeveralTemplatesAreAllReportedInOrder()
    {
        Write("kind.html", "<h1>{{ kind }}</h1>\n{{ for link in }}\n");
        Write("sources.html", "<h1>Sources</h1>\n\n{{ x = }}\n");
        Write("partials/cite.html", "{{ end }}\n");
        var errors = BuildFails().Errors();
        Assert.Equal([Shown("kind.html"), Shown("partials/cite.html"), Shown("sources.html")],
            errors.Select(e => e.Location.Path).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(errors, errors.OrderBy(e => e.Location.Path, StringComparer.Ordinal).ThenBy(e => e.Location.Line).ThenBy(e => e.Location.Column));
        Assert.Contains(errors, e => e.Location == new Location(Shown("sources.html"), 3, 8));
    }

    [Fact]
    public void ARuntimeErrorInAPartialNamesThePartialNotTheIncludingTemplate()
    {
        Write("partials/cite.html", "<span class=\"cite\">\n  {{ no_such_variable }}\n</span>\n");
        var errors = BuildFails().Errors();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal(Codes.TemplateError.Id, e.Code);
            Assert.Equal(Shown("partials/cite.html"), e.Location.Path);
            Assert.Equal(2, e.Location.Line);
            Assert.Equal(6, e.Location.Column);
        });
    }

    [Fact]
    public void IncludingAMissingPartialIsAnErrorAtTheInclude()
    {
        Write("kind.html", "<h1>{{ kind }}</h1>\n\n   {{ include 'partials/nowhere.html' }}\n");
        var errors = BuildFails().Errors();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal(Codes.TemplateError.Id, e.Code);
            Assert.Equal(Shown("kind.html"), e.Location.Path);
            Assert.Equal(3, e.Location.Line);
        });
        Assert.Contains("partials/nowhere.html", errors[0].Message);
    }

    /// <summary>
    /// The layout renders every page: one mistake in it is one diagnostic, not one per page (the sample has 20-odd
    /// pages, which would print the same line 20-odd times).
    /// </summary>
    [Fact]
    public void ARuntimeErrorInTheLayoutIsReportedOnceNotOncePerPage()
    {
        var layout = File.ReadAllText(Template("layout.html"));
        Write("layout.html", layout.Replace("<body>", "<body>\n{{ no_such_variable }}", StringComparison.Ordinal));
        var errors = BuildFails().Errors();
        var d = Assert.Single(errors);
        Assert.Equal(Codes.TemplateError.Id, d.Code);
        Assert.Equal(Shown("layout.html"), d.Location.Path);
    }

    [Fact]
    public void EveryKindWithoutItsOwnTemplateUsesEntityHtml()
    {
        foreach (var kind in new[] { "island", "leader", "treaty", "meeting", "person" })
            File.Delete(Template(kind + ".html"));
        var entity = File.ReadAllText(Template("entity.html"));
        Write("entity.html", entity.Replace("<article class=\"entity\"", "<article data-template=\"entity\" class=\"entity\"", StringComparison.Ordinal));
        var result = Book.Build();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        foreach (var e in result.Book!.Entities)
        {
            var page = HtmlPage.Load(Path.Combine(Book.Output, e.Url)).Document;
            Assert.True(page.QuerySelector("article[data-template=entity]") is not null, $"{e.Url} was not rendered with entity.html");
        }
    }

    [Fact]
    public void AKindTemplateServesOnlyItsKindEvenWhereKindsLookAlike()
    {
        // Leaders and people are both persons; person.html must not leak onto leader pages, nor leader.html onto people.
        Write("person.html", "<article class=\"person-page\"><h1>{{ entity.name | html.escape }}</h1></article>\n");
        var result = Book.Build();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var person = HtmlPage.Load(Path.Combine(Book.Output, "people", "kremlin-press-service.html")).Document;
        Assert.NotNull(person.QuerySelector("article.person-page"));
        foreach (var leader in new[] { "abe", "putin" })
        {
            var page = HtmlPage.Load(Path.Combine(Book.Output, "leaders", leader + ".html")).Document;
            Assert.Null(page.QuerySelector("article.person-page"));
            Assert.NotNull(page.QuerySelector("article.entity"));
        }
    }

    [Fact]
    public void ARuntimeErrorInAKindTemplateIsReportedThereAndOnlyForThatKind()
    {
        Write("meeting.html", "<article class=\"meeting-page\">\n<h1>{{ entity.name | html.escape }}</h1>\n<p>{{ entity.no_such_field.deeper }}</p>\n</article>\n");
        var errors = BuildFails().Errors();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal(Codes.TemplateError.Id, e.Code);
            Assert.Equal(Shown("meeting.html"), e.Location.Path);
            Assert.Equal(3, e.Location.Line);
        });
    }

    [Fact]
    public void ATemplateThatIsNotUtf8IsAnErrorNotGarbledPages()
    {
        // A template saved as Latin-1 would put U+FFFD into every page it renders.
        File.WriteAllBytes(Template("kind.html"), [.. "<h1>{{ kind }} "u8, 0xE9, .. "</h1>\n"u8]);
        var result = Book.Build();
        if (result.Succeeded)
        {
            var page = File.ReadAllText(Path.Combine(Book.Output, "islands", "index.html"));
            Assert.DoesNotContain('\uFFFD', page);
        }
        else
        {
            Assert.Contains(result.Errors(), e => e.Location.Path == Shown("kind.html"));
        }
    }
}
