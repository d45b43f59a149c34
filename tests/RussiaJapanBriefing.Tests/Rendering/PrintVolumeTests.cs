using System.Globalization;
using System.Text;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The whole book prints from volumes of briefs, so no print file grows with the book: on a book with more topics of a
/// kind than a volume holds, and far more claims per topic than a brief shows, every volume and every brief keeps its bound.
/// </summary>
public sealed class PrintVolumeTests
{
    private const int ExtraLeaders = 45;
    private const int ClaimsPerLeader = 8;

    /// <summary>The sample plus <see cref="ExtraLeaders"/> leaders with dated claims, and many disagreements about one.</summary>
    private static TempBook LargerBook()
    {
        var book = SampleBook.Create();
        var yaml = new StringBuilder("leaders:\n");
        for (var i = 1; i <= ExtraLeaders; i++)
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: leader-{i:00}\n    name: Leader {i:00}\n    summary: A leader who kept talking.\n");
        yaml.Append("claims:\n");
        for (var i = 1; i <= ExtraLeaders; i++)
            for (var j = 1; j <= ClaimsPerLeader; j++)
                yaml.Append(CultureInfo.InvariantCulture, $"""
                      - id: leader-{i:00}-claim-{j}
                        text: The leader agreed to keep talking.
                        about: [leader-{i:00}]
                        date: {2000 + j}
                        cite:
                          - source: {(j % 2 == 0 ? "tass-2018" : "kyodo-2016")}
                            quote: {(j % 2 == 0 ? "agreed to continue talks on a peace treaty" : "Shikotan and the Habomai islets")}

                    """);
        yaml.Append("disagreements:\n");
        for (var d = 1; d <= 6; d++)
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - id: leader-difference-{d}
                    topic: A difference
                    kind: sources
                    about: [leader-01]
                    claims: [leader-01-claim-{d}, leader-01-claim-{d + 1}]

                """);
        book.Yaml("zz-more-leaders.yaml", yaml.ToString());
        return book;
    }

    [Fact]
    public void NoVolumeHoldsMoreThanItsBoundAndEveryTopicIsInOneVolume()
    {
        using var book = LargerBook();
        var result = book.Build();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var entities = result.Book!.Entities;
        var leaders = entities.Count(e => e.Kind == EntityKind.Leader);
        Assert.Equal(ExtraLeaders + 2, leaders);

        var volumeFiles = Directory.GetFiles(Path.Combine(book.Output, "print"), "*.html").Select(Path.GetFileName)
            .Where(f => f != "index.html").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["islands-1.html", "leaders-1.html", "leaders-2.html", "leaders-3.html", "meetings-1.html", "people-1.html", "treaties-1.html"], volumeFiles);

        var contents = HtmlPage.Load(Path.Combine(book.Output, "print", "index.html")).Document;
        var printed = new List<string>();
        foreach (var file in volumeFiles)
        {
            Assert.Contains(contents.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!), href => href == $"../print/{file}");
            var volume = HtmlPage.Load(Path.Combine(book.Output, "print", file!));
            Assert.Empty(volume.ParseErrors);
            var briefs = volume.Document.QuerySelectorAll(".print-brief");
            Assert.InRange(briefs.Length, 1, PrintVolumes.TopicsPerVolume);
            foreach (var brief in briefs)
            {
                printed.Add(brief.Id!["topic-".Length..]);
                Assert.InRange(brief.QuerySelectorAll(".key-points li").Length, 0, Entity.MaxKeyFacts);
                Assert.InRange(brief.QuerySelectorAll(".timeline > .claim").Length, 0, 5);
                Assert.InRange(brief.QuerySelectorAll(".difference").Length, 0, 2);
                // Each brief numbers its own endnotes 1, 2, 3…, and every citation in it has its note.
                var notes = brief.QuerySelectorAll(".endnotes li").Select(li => li.GetAttribute("value")).ToList();
                Assert.Equal(Enumerable.Range(1, notes.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), notes);
                var cited = brief.QuerySelectorAll(".cite a").Select(a => a.TextContent.Trim('[', ']')).Distinct().Order(StringComparer.Ordinal);
                Assert.Equal(notes.Order(StringComparer.Ordinal), cited);
            }
            // Ids stay unique on a page that holds many briefs (claims shared between topics get no anchor there).
            var ids = volume.Document.QuerySelectorAll("[id]").Select(e => e.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        }
        Assert.Equal(entities.Select(e => e.Id).Order(StringComparer.Ordinal), printed.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(book.Output, "print.html")));

        // A brief of a topic with many claims and differences shows the bounded selection and says so.
        var busy = HtmlPage.Load(Path.Combine(book.Output, "print", "leaders-1.html")).Document.GetElementById("topic-leader-01")!;
        Assert.Equal(5, busy.QuerySelectorAll(".timeline > .claim").Length);
        Assert.Equal(2, busy.QuerySelectorAll(".difference").Length);
        Assert.Contains($"5 of {ClaimsPerLeader} entries", busy.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePdfCommandNamesEveryVolumeOfTheBook()
    {
        using var book = LargerBook();
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        var diagnostics = new DiagnosticBag();
        var pages = Publishing.PdfPrinter.Resolve(result.Book!, ["book", "leader-01"], full: true, diagnostics);
        Assert.False(diagnostics.HasErrors);
        Assert.Equal(
            [("book", SiteLayout.Print), ("book-islands-1", "print/islands-1.html"), ("book-leaders-1", "print/leaders-1.html"),
             ("book-leaders-2", "print/leaders-2.html"), ("book-leaders-3", "print/leaders-3.html"), ("book-treaties-1", "print/treaties-1.html"),
             ("book-meetings-1", "print/meetings-1.html"), ("book-people-1", "print/people-1.html"), ("leader-01", "leaders/leader-01.html#full-record")],
            pages);
    }
}
