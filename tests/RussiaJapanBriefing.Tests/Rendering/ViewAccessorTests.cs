using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Verification.Wording;
using Scriban;
using Scriban.Parsing;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Pages read the view records they hold by the thousand through the theme's own member table (Theme.ViewMembers)
/// rather than by reflection: templates must see exactly the names and values Scriban's accessor would give them.
/// </summary>
public class ViewAccessorTests
{
    private static readonly NoteView Note = new(7, "../sources/a.html#p-1", "a quote", "A title", "An outlet", "1 May 2020", "../sources/a.html",
        "https://example.org/a#:~:text=a", FullOnly: true);

    private static readonly LinkView Link = new("../islands/x.html", "Etorofu", "Island", SourcesDiffer: true, PositionsDiffer: false);

    /// <summary>One instance of each record, every member set, the flags unlike each other, so a member read from the wrong property shows.</summary>
    private static readonly object[] Samples =
    [
        Link,
        Note,
        new ClaimView("c-1", "claim-c-1", "c3", "<em>text</em>", "1 May 2020", "2020-05-01", "about then", "Japan", true,
            [Note], [Link], [new TermUse("Northern Territories", "Japan", "northern territories")], FullOnly: false),
        new TermUse("Southern Kurils", "Russia", "southern Kurils"),
        new SegmentView("some text", true, ["p-1", "p-2"]),
        new PassageView("p-1", "a quote", [Link]),
        new SourceLineView(12, [new SegmentView("x", false, [])], [new PassageView("p-2", "q", [])]),
    ];

    [Fact]
    public void EveryViewRecordWithATableHasASample()
    {
        Assert.Equal(Theme.ViewMembers.Keys.Select(t => t.Name).Order(), Samples.Select(s => s.GetType().Name).Order());
    }

    [Fact]
    public void TheTableReadsTheSameMembersAndValuesAsScriban()
    {
        var context = new TemplateContext { MemberRenamer = Scriban.Runtime.StandardMemberRenamer.Default };
        foreach (var sample in Samples)
        {
            var scriban = context.GetMemberAccessor(sample);
            var members = Theme.ViewMembers[sample.GetType()];
            Assert.Equal(scriban.GetMembers(context, new SourceSpan(), sample).Order(StringComparer.Ordinal), members.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, read) in members)
            {
                Assert.True(scriban.TryGetValue(context, new SourceSpan(), sample, name, out var expected), $"{sample.GetType().Name}.{name}");
                Assert.Equal(expected, read(sample));
            }
        }
    }

    [Fact]
    public void AMemberAViewLacksIsStillATemplateError()
    {
        var theme = Directory.CreateTempSubdirectory("rjb-views-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(theme, "templates"));
            foreach (var name in Theme.RequiredTemplates)
                File.WriteAllText(Path.Combine(theme, "templates", name), name == "layout.html" ? "{{ content }}{{ link.href }}{{ link.nope }}" : "");
            var diagnostics = new DiagnosticBag();
            var loaded = Theme.Load(theme, diagnostics);
            Assert.NotNull(loaded);
            var model = new Scriban.Runtime.ScriptObject { ["link"] = Link };
            using var output = new MemoryStream();
            Assert.False(loaded.RenderPage("index.html", model, output, diagnostics));
            Assert.Contains(diagnostics.Sorted(), d => d.Message.Contains("nope", StringComparison.Ordinal));
        }
        finally { Directory.Delete(theme, recursive: true); }
    }
}
