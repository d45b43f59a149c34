using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve takes the last save's plan of the pages while nothing the planning read has changed, and then visits only the
/// pages that are not kept: an edit that changes what pages there are is planned afresh, and a kept page whose file was
/// edited by hand is still made again. Each time the folder equals a clean build.
/// </summary>
public class ServePlanTests
{
    private static string EditedClaim => SampleBook.TassYamlWithTalksClaim("Putin called the talks very useful.");

    [Fact]
    public void AClaimEditRendersItsPagesFromTheLastPlan()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        Assert.True(engine.PagesPlanned);

        book.Book.Yaml("sources/tass-2018.yaml", EditedClaim);
        var result = PublishingBook.Require(engine.Update(options));

        Assert.False(engine.PagesPlanned);
        Assert.Contains("leaders/putin.html", result.Publish!.Written);
        Assert.DoesNotContain("islands/shikotan.html", result.Publish.Written);
        Assert.True(engine.PagesKept > 0);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a save rendered from the last plan");
    }

    [Fact]
    public void AnAddedTopicIsPlannedAfreshAndThenItsPlanIsTaken()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));

        book.Book.Yaml("zz-extra.yaml", """
            islands:
              - id: habomai
                name: Habomai
                summary: A group of islets off Hokkaido.
            """);
        var added = PublishingBook.Require(engine.Update(options));
        Assert.True(engine.PagesPlanned);
        Assert.Contains("islands/habomai.html", added.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a save that added a topic");

        book.Book.Yaml("sources/tass-2018.yaml", EditedClaim);
        PublishingBook.Require(engine.Update(options));
        Assert.False(engine.PagesPlanned);
        Assert.True(File.Exists(Path.Combine(book.Output, "islands", "habomai.html")));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a save after the topic was added");
    }

    [Fact]
    public void AKeptPageEditedByHandIsMadeAgainWithoutPlanning()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        var page = Path.Combine(book.Output, "islands", "shikotan.html");
        var made = File.ReadAllText(page);
        File.WriteAllText(page, made.Replace("Shikotan", "Edited by hand"));

        book.Book.Yaml("sources/tass-2018.yaml", EditedClaim);
        var result = PublishingBook.Require(engine.Update(options));

        Assert.False(engine.PagesPlanned);
        Assert.Contains("islands/shikotan.html", result.Publish!.Written);
        Assert.Equal(made, File.ReadAllText(page));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a save after a page was edited by hand");
    }
}
