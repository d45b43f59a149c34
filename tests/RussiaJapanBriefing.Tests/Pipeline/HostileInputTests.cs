using System.Text;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Hostile file systems: links out of the input folders (a pull request can add one), link loops, FIFOs, devices,
/// files that are not UTF-8 or not readable. Each is one located error, the run ends (bounded, so a hang fails the
/// test instead of the run), nothing is written, and nothing of a file outside the inputs shows anywhere.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly BookWithOwnTheme _project = new("rjb-hostile-input-");

    private TempDir Root => _project.Root;
    private string Theme => _project.Theme;
    private TempBook Book => _project.Book;

    public void Dispose() => _project.Dispose();

    private string SeedPath(string name) => Path.Combine(Book.Seeds, name);

    private static string Shown(string path) => PathDisplay.Relative(path);

    private BuildResult BuildFails(string what)
    {
        var result = Bounded.Run(Book.Build, what, Limit);
        Assert.False(result.Succeeded, $"{what}: the build should fail");
        Assert.False(Directory.Exists(Book.Output), $"{what}: nothing may be written");
        return result;
    }

    private static void MakeFifo(string path)
    {
        var run = Cli.Program("mkfifo", [path], Path.GetDirectoryName(path)!, Limit);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    private static void AssertNothingOf(string secret, BuildResult result)
    {
        foreach (var d in result.Diagnostics) Assert.DoesNotContain(secret, d.ToString());
    }

    // ---- links out of the inputs -------------------------------------------------------------------------------

    [Fact]
    public void ASeedLinkedToEtcPasswdIsRefusedAndNothingOfItIsPublished()
    {
        // Unannotated, it used to be published whole as a "not yet annotated" source page and in the search index.
        File.CreateSymbolicLink(SeedPath("evil.txt"), "/etc/passwd");
        var result = BuildFails("a seed linked to /etc/passwd");
        var d = result.Errors().One(Codes.LinkRefused.Id);
        Assert.Equal(Shown(SeedPath("evil.txt")), d.Location.Path);
        Assert.Contains("outside", d.Message);
        AssertNothingOf("root:", result);
    }

    [Fact]
    public void AQuoteAgainstALinkedSeedDoesNotLeakTheFileThroughTheHint()
    {
        var passwd = File.ReadAllText("/etc/passwd").ReplaceLineEndings(" ");
        Assert.True(passwd.Length > 40, "the test needs an /etc/passwd of some length");
        File.CreateSymbolicLink(SeedPath("evil.txt"), "/etc/passwd");
        // The quote matches the file's first 12 characters: the hint used to go on with the next 20 of it.
        Book.Yaml("sources/evil.yaml", $$"""
            sources:
              - id: evil
                outlet: X
                headline: Y
                published: 2020-01-01
            claims:
              - id: evil-claim
                text: Leak.
                about: [abe]
                cite:
                  - source: evil
                    quote: "{{passwd[..12]}}QQQQ"
            """);
        var result = BuildFails("a quote against a linked seed");
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == Codes.QuoteNotFound.Id);
        AssertNothingOf(passwd[12..32], result);
        Assert.Contains(result.Errors(), d => d.Code == Codes.UnknownSource.Id && d.Hint!.Contains(Shown(SeedPath("evil.txt"))));
    }

    [Fact]
    public void TheCliExitsWithOneAndPrintsNothingOfTheLinkedFile()
    {
        File.CreateSymbolicLink(SeedPath("evil.txt"), "/etc/passwd");
        var run = Cli.Execute(Book.Path, "build", "--seeds", "seeds", "--content", "content", "--theme", Theme, "--no-cache");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Codes.LinkRefused.Id, run.Stderr);
        Assert.DoesNotContain("root:", run.Stderr + run.Stdout);
        Assert.False(Directory.Exists(Book.Output));
    }

    [Fact]
    public void ASeedLinkedToDevZeroIsRefusedAtOnce()
    {
        // It used to be read until memory ran out (45 s, 4.2 GB), then crash.
        File.CreateSymbolicLink(SeedPath("z.txt"), "/dev/zero");
        var d = BuildFails("a seed linked to /dev/zero").Errors().One(Codes.LinkRefused.Id);
        Assert.Equal(Shown(SeedPath("z.txt")), d.Location.Path);
    }

    [Fact]
    public void ALinkThroughAnotherLinkThatEndsOutsideIsRefused()
    {
        // The link's own text stays inside ("hop.txt"); only its real path shows where it ends.
        File.CreateSymbolicLink(SeedPath("hop.txt"), "/etc/passwd");
        File.CreateSymbolicLink(SeedPath("evil.txt"), "hop.txt");
        var result = BuildFails("a link through a link");
        Assert.Equal(2, result.Errors().Count(d => d.Code == Codes.LinkRefused.Id));
        AssertNothingOf("root:", result);
    }

    [Fact]
    public void ALinkToAFileInsideTheSeedsFolderIsRead()
    {
        File.CreateSymbolicLink(SeedPath("copy.txt"), "unannotated-2019.txt");
        var result = Bounded.Run(Book.Check, "a link inside the folder", Limit);
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.Contains(result.Book!.Sources, s => s.Id == "copy" && s.Text == SampleBook.UnannotatedText);
    }

    [Fact]
    public void AnAnnotationFileLinkedOutsideIsRefused()
    {
        var outside = Root.Combine("outside.yaml");
        File.WriteAllText(outside, "islands:\n  - id: stolen\n    name: Stolen\n    summary: From outside.\n");
        File.CreateSymbolicLink(Book.ContentFile("stolen.yaml"), outside);
        var d = BuildFails("a YAML file linked outside").Errors().One(Codes.LinkRefused.Id);
        Assert.Equal(Book.Shown("stolen.yaml"), d.Location.Path);
    }

    [Fact]
    public void AContentFolderLinkedOutsideIsRefusedOnce()
    {
        Directory.CreateSymbolicLink(Book.ContentFile("etc"), "/etc");
        var result = BuildFails("a content folder linked to /etc");
        Assert.Equal(Book.Shown("etc"), result.Errors().One(Codes.LinkRefused.Id).Location.Path);
    }

    [Fact]
    public void ALinkLoopInContentIsOneErrorNotThousandsOfDuplicates()
    {
        Directory.CreateSymbolicLink(Book.ContentFile("loop"), ".");
        File.CreateSymbolicLink(Book.ContentFile("a.yaml"), "b.yaml");
        File.CreateSymbolicLink(Book.ContentFile("b.yaml"), "a.yaml");
        var errors = BuildFails("link loops in content").Errors();
        Assert.DoesNotContain(errors, d => d.Code == Codes.DuplicateId.Id);
        Assert.Equal(3, errors.Count(d => d.Code == Codes.LinkRefused.Id));
        Assert.Equal(3, errors.Count);
        Assert.All(errors, d => Assert.Contains("loop", d.Message));
    }

    [Fact]
    public void AThemeAssetLinkedOutsideIsNotCopied()
    {
        File.CreateSymbolicLink(Path.Combine(Theme, "assets", "passwd.txt"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(Theme, "assets", "etc"), "/etc");
        var result = BuildFails("theme assets linked outside");
        Assert.Equal(2, result.Errors().Count(d => d.Code == Codes.LinkRefused.Id));
        AssertNothingOf("root:", result);
    }

    [Fact]
    public void AThemeAssetLoopIsOneError()
    {
        // "assets/loop -> .." used to be walked until the path was too long, then crash with exit 3.
        Directory.CreateSymbolicLink(Path.Combine(Theme, "assets", "loop"), "..");
        var d = BuildFails("a theme asset loop").Errors().One(Codes.LinkRefused.Id);
        Assert.Equal(Shown(Path.Combine(Theme, "assets", "loop")), d.Location.Path);
        Assert.Contains("a loop", d.Message);
    }

    [Fact]
    public void ATemplateLinkedOutsideIsRefused()
    {
        var outside = Root.Combine("outside.html");
        File.WriteAllText(outside, "<p>{{ page.title }}</p>");
        File.CreateSymbolicLink(Path.Combine(Theme, "templates", "stolen.html"), outside);
        BuildFails("a template linked outside").Errors().One(Codes.LinkRefused.Id);
    }

    [Fact]
    public void AThemeAssetLinkedInsideTheThemeIsCopied()
    {
        File.CreateSymbolicLink(Path.Combine(Theme, "assets", "copy.css"), "style.css");
        var result = Bounded.Run(Book.Build, "an asset linked inside the theme", Limit);
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.Equal(File.ReadAllBytes(Path.Combine(Theme, "assets", "style.css")), File.ReadAllBytes(Path.Combine(Book.Output, "assets", "copy.css")));
    }

    // ---- files that are not files ------------------------------------------------------------------------------

    [Fact]
    public void AFifoSeedIsRefusedWithoutOpeningIt()
    {
        // Opening a FIFO waits for a writer that never comes: it used to hang the build.
        MakeFifo(SeedPath("pipe.txt"));
        var d = BuildFails("a FIFO seed").Errors().One(Codes.NotAFile.Id);
        Assert.Equal(Shown(SeedPath("pipe.txt")), d.Location.Path);
        Assert.Contains("FIFO", d.Message);
    }

    [Fact]
    public void AFifoAnnotationFileAndAFifoAssetAreRefused()
    {
        MakeFifo(Book.ContentFile("pipe.yaml"));
        MakeFifo(Path.Combine(Theme, "assets", "pipe.css"));
        var errors = BuildFails("FIFOs in content and theme").Errors();
        Assert.Equal([Book.Shown("pipe.yaml"), Shown(Path.Combine(Theme, "assets", "pipe.css"))],
            errors.Where(d => d.Code == Codes.NotAFile.Id).Select(d => d.Location.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFolderNamedLikeASeedIsReported()
    {
        Directory.CreateDirectory(SeedPath("folder.txt"));
        var d = BuildFails("a folder named like a seed").Errors().One(Codes.NotAFile.Id);
        Assert.Equal(Shown(SeedPath("folder.txt")), d.Location.Path);
    }

    [Fact]
    public void ASeedOverTheSizeLimitIsRefused()
    {
        File.WriteAllBytes(SeedPath("huge.txt"), [.. Enumerable.Repeat((byte)'a', (int)InputFiles.MaxTextBytes + 1)]);
        var d = BuildFails("a 16 MiB + 1 byte seed").Errors().One(Codes.InputTooLarge.Id);
        Assert.Equal(Shown(SeedPath("huge.txt")), d.Location.Path);
    }

    // ---- unreadable inputs --------------------------------------------------------------------------------------

    // The tests run as root, which reads a chmod 000 file or folder regardless, so an unreadable input is made the
    // one way root cannot read it either: it is gone by the time it is read (listed, then deleted; a folder that
    // does not exist by the time it is listed). Both reach the same catch as a permission error would.

    [Fact]
    public void AFileThatCannotBeReadIsALocatedErrorNotACrash()
    {
        var bag = new DiagnosticBag();
        var file = Assert.Single(InputFiles.List(Book.Seeds, recursive: false, name => name == "tass-2018.txt", bag).Files);
        File.Delete(file.RealPath);
        Assert.Null(InputFiles.Read(file, InputFiles.MaxTextBytes, bag));
        var d = bag.Errors().One(Codes.UnreadableInput.Id);
        Assert.Equal(Shown(SeedPath("tass-2018.txt")), d.Location.Path);
    }

    [Fact]
    public void AFolderThatCannotBeListedIsALocatedErrorNotACrash()
    {
        var bag = new DiagnosticBag();
        var gone = Root.Combine("gone");
        Assert.Empty(InputFiles.List(gone, recursive: true, _ => true, bag).Files);
        Assert.Equal(Shown(gone), bag.Errors().One(Codes.UnreadableInput.Id).Location.Path);
    }

    // ---- encodings and line endings -----------------------------------------------------------------------------

    [Fact]
    public void ANonUtf8AnnotationFileIsRefusedAtTheFirstBadByte()
    {
        // It used to be read with U+FFFD in place of the byte, and published so.
        File.WriteAllBytes(Book.ContentFile("latin1.yaml"), [.. "islands:\n  - id: caf\n    name: Caf"u8, 0xE9, .. "\n    summary: S\n"u8]);
        var d = BuildFails("a Latin-1 annotation file").Errors().One(Codes.AnnotationNotUtf8.Id);
        d.AssertAt(Book.Shown("latin1.yaml"), 3, 14);
        Assert.Contains("0xE9", d.Message);
    }

    [Fact]
    public void ANonUtf8SeedIsRefusedAtTheFirstBadByte()
    {
        File.WriteAllBytes(SeedPath("latin1.txt"), [.. "First line.\nCaf"u8, 0xE9, .. " au lait.\n"u8]);
        var d = BuildFails("a Latin-1 seed").Errors().One(Codes.UnreadableSource.Id);
        d.AssertAt(Shown(SeedPath("latin1.txt")), 2, 4);
    }

    [Fact]
    public void AUtf16SeedIsNamedAsUtf16()
    {
        File.WriteAllBytes(SeedPath("wide.txt"), [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("Some text.\n")]);
        var d = BuildFails("a UTF-16 seed").Errors().One(Codes.UnreadableSource.Id);
        Assert.Contains("UTF-16", d.Message);
    }

    [Fact]
    public void ANonUtf8TemplateIsRefusedAtTheFirstBadByte()
    {
        File.WriteAllBytes(Path.Combine(Theme, "templates", "kind.html"), [.. "<h1>{{ kind }}</h1>\n<p>caf"u8, 0xE9, .. "</p>\n"u8]);
        var d = BuildFails("a Latin-1 template").Errors().One(Codes.TemplateError.Id);
        d.AssertAt(Shown(Path.Combine(Theme, "templates", "kind.html")), 2, 7);
    }

    [Fact]
    public void ASeedWithCrOnlyLineEndingsIsOneClearError()
    {
        // Read as one line, it used to give an "in boilerplate" error for every citation of it.
        Book.Seed("tass-2018", SampleBook.TassText.Replace('\n', '\r'));
        var errors = BuildFails("a CR-only seed").Errors();
        Assert.Contains("CR", errors.One(Codes.UnreadableSource.Id).Message);
        Assert.DoesNotContain(errors, d => d.Code == Codes.QuoteInBoilerplate.Id);
    }

    // ---- missing folders and names ------------------------------------------------------------------------------

    [Fact]
    public void AMissingSeedsFolderIsTheOnlyError()
    {
        Directory.Delete(Book.Seeds, recursive: true);
        var errors = BuildFails("no seeds folder").Errors();
        Assert.Equal(Codes.NoSeeds.Id, Assert.Single(errors).Code);
        Assert.Contains("does not exist", errors[0].Message);
    }

    [Fact]
    public void AMissingContentFolderSaysSo()
    {
        Directory.Delete(Book.Content, recursive: true);
        var d = Assert.Single(BuildFails("no content folder").Diagnostics);
        Assert.Equal(Codes.NoContent.Id, d.Code);
        Assert.Contains("content folder does not exist", d.Message);
    }

    [Fact]
    public void AnUpperCaseTxtSeedIsReportedNotIgnored()
    {
        File.WriteAllText(SeedPath("shout.TXT"), "Some text.\n");
        var d = BuildFails("a *.TXT seed").Errors().One(Codes.SeedNameCase.Id);
        Assert.Equal(Shown(SeedPath("shout.TXT")), d.Location.Path);
        Assert.Contains("shout.txt", d.Hint);
    }

    // ---- invisible differences ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("kun\u0430shir", "U+0430 CYRILLIC SMALL LETTER A", 4)]
    [InlineData("kuna\u200Bshir", "U+200B ZERO WIDTH SPACE", 5)]
    [InlineData("Kunashir", "U+004B LATIN CAPITAL LETTER K", 1)]
    public void AnInvalidIdNamesTheBadCharacter(string id, string name, int position)
    {
        Assert.False(Model.Ids.IsSafe(id, out var why));
        Assert.Contains($"character {position} is {name}", why);
    }

    [Fact]
    public void AQuoteMissingOnlyASoftHyphenIsToldWhereTheHyphenIs()
    {
        Book.Seed("unannotated-2019", "Some text about the is\u00ADlands that nobody has annotated yet.\n");
        Book.Yaml("sources/unannotated.yaml", """
            sources:
              - id: unannotated-2019
                outlet: X
                headline: Y
                published: 2019-01-01
            claims:
              - id: soft
                text: Some text.
                about: [kunashir]
                cite:
                  - source: unannotated-2019
                    quote: text about the islands that nobody
            """);
        var d = BuildFails("a quote without the source's soft hyphen").Errors().One(Codes.QuoteNotFound.Id);
        Assert.Contains("U+00AD SOFT HYPHEN at line 1, column 23", d.Hint);
    }

    [Fact]
    public void AQuoteInAnotherNormalizationFormIsToldSo()
    {
        Book.Seed("unannotated-2019", "The Cafe\u0301 Kunashir is decomposed here, and nobody has annotated it.\n");
        Book.Yaml("sources/unannotated.yaml", """
            sources:
              - id: unannotated-2019
                outlet: X
                headline: Y
                published: 2019-01-01
            claims:
              - id: nfd
                text: Some text.
                about: [kunashir]
                cite:
                  - source: unannotated-2019
                    quote: "The Caf\u00E9 Kunashir is decomposed"
            """);
        var d = BuildFails("an NFC quote against an NFD source").Errors().One(Codes.QuoteNotFound.Id);
        Assert.Contains("decomposed (NFD", d.Hint);
        Assert.Contains("composed (NFC", d.Hint);
    }
}
