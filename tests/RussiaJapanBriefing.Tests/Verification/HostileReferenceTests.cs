using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Ids become file names, so an id that is not a safe slug must be refused before any path is built, wherever it is
/// written, and a reference must name something of the right kind.
/// </summary>
public class HostileReferenceTests
{
    private static string SeedShown(TempBook book, string id) => PathDisplay.Relative(Path.Combine(book.Seeds, id + ".txt"));

    /// <summary>Paths, relative to the output folder, that a build using these ids as file names would have written.</summary>
    private static readonly string[] EscapedPaths =
    [
        "../escape-entity.html", "../../escape-entity.html", "islands/../../escape-entity.html",
        "../escape-source.html", "../../escape-source.html", "sources/../../escape-source.html",
        "islands/a/b.html", "islands/has space.html", "islands/con.html", "islands/Kunashir.html",
    ];

    [Fact]
    public void UnsafeIdsAnywhereAreRejectedAndNothingIsWrittenOutsideTheOutput()
    {
        using var book = SampleBook.Create();
        var first = book.Build();
        Assert.True(first.Succeeded, first.Diagnostics.Dump());
        var before = TempDir.Snapshot(book.Output);

        const string unsafeIds = """
            sources:
              - id: ../../escape-source
                outlet: O
                headline: H
                published: 2018
            islands:
              - id: ../../escape-entity
                name: Escape
                summary: S
              - id: a/b
                name: Slash
                summary: S
              - id: has space
                name: Space
                summary: S
              - id: index
                name: Index
                summary: S
              - id: con
                name: Device
                summary: S
              - id: Kunashir
                name: Upper case
                summary: S
                related: [../kunashir, kunashir/]
            meetings:
              - id: escape-meeting
                name: M
                summary: S
                participants: [../abe]
            claims:
              - id: ../escape-claim
                text: T
                about: [..]
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
            disagreements:
              - id: ../escape-difference
                topic: T
                about: [./putin]
                claims: [talks-useful, ../peace-treaty-talks]
                kind: sources
            """;
        book.Yaml("zz.yaml", unsafeIds);
        var beforeTree = TempDir.Snapshot(book.Path);
        var result = book.Build();

        Assert.False(result.Succeeded);
        var invalid = result.Errors().Where(e => e.Code == Codes.InvalidId.Id).ToList();
        Assert.All(invalid, e => Assert.Equal(book.Shown("zz.yaml"), e.Location.Path));
        // Every line that holds an unsafe id (as an id or as a reference) has its RJB0201.
        var unsafeLines = unsafeIds.Split('\n').Select((line, i) => (line, Number: i + 1))
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l.line, @"\.\./|a/b|has space|id: (index|con|Kunashir)$|kunashir/|\./putin|\[\.\.\]"))
            .Select(l => l.Number).ToList();
        Assert.Equal(14, unsafeLines.Count);
        var missing = unsafeLines.Where(n => !invalid.Any(e => e.Location.Line == n)).ToList();
        Assert.True(missing.Count == 0, $"no RJB0201 on line(s) {string.Join(", ", missing)}:{Environment.NewLine}{result.Diagnostics.Dump()}");

        var afterTree = TempDir.Snapshot(book.Path);
        Assert.Equal(beforeTree.Keys, afterTree.Keys);
        foreach (var (path, bytes) in beforeTree)
            Assert.True(bytes.AsSpan().SequenceEqual(afterTree[path]), $"{path} changed in a failed build");
        Assert.Equal(before.Keys, TempDir.Snapshot(book.Output).Keys);
        foreach (var escaped in EscapedPaths)
            Assert.False(File.Exists(Path.GetFullPath(Path.Combine(book.Output, escaped))), $"{escaped} was written");
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(book.Path)!, "escape-*"));
    }

    [Fact]
    public void IdsThatDifferOnlyInCaseCannotCollide()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "islands:\n  - id: KUNASHIR\n    name: Shouting\n    summary: S\n  - id: Iturup\n    name: Capital\n    summary: S\n");
        var errors = book.Check().Errors();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(Codes.InvalidId.Id, e.Code));
        Assert.DoesNotContain(errors, e => e.Code == Codes.DuplicateId.Id);
        Assert.Equal([2, 5], errors.Select(e => e.Location.Line));
    }

    /// <summary>
    /// A source's id is its seed file's name, and becomes sources/&lt;id&gt;.html: a seed whose name is not a safe
    /// slug must be refused like any other id, at the seed file, before anything is written.
    /// </summary>
    [Theory]
    [InlineData("index")]
    [InlineData("Tass-2018")]
    [InlineData("has space")]
    [InlineData("con")]
    [InlineData("a.b")]
    [InlineData("-leading-dash")]
    [InlineData("kunashír")]
    public void ASeedWhoseNameIsNotASafeIdIsRejectedAtTheSeed(string name)
    {
        using var book = SampleBook.Create();
        book.Seed(name, "An article about the islands.\n");
        var result = book.Build();
        Assert.False(result.Succeeded, $"the seed '{name}.txt' was published:{Environment.NewLine}{result.Diagnostics.Dump()}");
        var d = result.Errors().One(Codes.InvalidId.Id);
        Assert.Equal(SeedShown(book, name), d.Location.Path);
        Assert.False(Directory.Exists(book.Output), "a failed build must not write");
    }

    [Fact]
    public void ASeedNamedIndexDoesNotReplaceTheListOfSources()
    {
        using var book = SampleBook.Create();
        book.Seed("index", "An article that happens to be called index.\n");
        var result = book.Build();
        if (!result.Succeeded)
        {
            // Refused, so nothing was overwritten; the refusal must name the seed.
            Assert.Contains(result.Errors(), e => e.Location.Path == SeedShown(book, "index"));
            return;
        }
        var list = HtmlPage.Load(Path.Combine(book.Output, "sources", "index.html")).Document;
        var hrefs = list.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToList();
        Assert.True(hrefs.Contains("tass-2018.html") && hrefs.Contains("kyodo-2016.html"),
            "sources/index.html is no longer the list of sources: the page of seeds/index.txt was written over it");
    }

    // ---- references to the wrong kind of thing -----------------------------------------------------------------

    [Theory]
    [InlineData("joint-declaration-1956")]
    [InlineData("nagato-summit-2016")]
    [InlineData("kunashir")]
    public void AParticipantThatIsNotALeaderOrPersonIsRjb0204(string participant)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", $"meetings:\n  - id: odd-meeting\n    name: Odd\n    summary: S\n    participants: [abe, {participant}]\n");
        var d = book.Check().Errors().One(Codes.WrongKind.Id);
        d.AssertAt(book.Shown("zz.yaml"), 5, 25);
        Assert.Contains($"'{participant}'", d.Message);
    }

    [Fact]
    public void AClaimIdWhereAnEntityIsExpectedIsAnUnknownEntity()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "claims:\n  - id: about-a-claim\n    text: T\n    about: [moscow-meeting]\n    cite:\n      - source: tass-2018\n        quote: agreed to continue talks on a peace treaty\n");
        var d = book.Check().Errors().One(Codes.UnknownEntity.Id);
        d.AssertAt(book.Shown("zz.yaml"), 4, 13);
    }

    [Fact]
    public void AnEntityIdWhereAClaimIsExpectedIsAnUnknownClaim()
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", "disagreements:\n  - id: odd\n    topic: T\n    about: [putin]\n    claims: [talks-useful, kunashir]\n    kind: sources\n");
        var d = book.Check().Errors().One(Codes.UnknownClaim.Id);
        d.AssertAt(book.Shown("zz.yaml"), 5, 28);
        book.Delete("zz.yaml");
        book.Yaml("book.yaml", SampleBook.BookYaml.Replace("key_facts: [inherent-territory, declaration-handover]", "key_facts: [inherent-territory, kunashir]", StringComparison.Ordinal));
        book.Check().Errors().One(Codes.UnknownClaim.Id).AssertAt(book.Shown("book.yaml"), 5, 35);
    }

    [Theory]
    [InlineData("participants: [abee]", "abe")]
    [InlineData("related: [kunashiri]", "kunashir")]
    public void AnUnknownReferenceSuggestsTheClosestId(string line, string suggestion)
    {
        using var book = SampleBook.Create();
        book.Yaml("zz.yaml", $"meetings:\n  - id: odd-meeting\n    name: Odd\n    summary: S\n    {line}\n");
        var d = book.Check().Errors().One(Codes.UnknownEntity.Id);
        Assert.Equal(5, d.Location.Line);
        Assert.Equal($"did you mean '{suggestion}'?", d.Hint);
    }
}
