using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Seeds the command line's build snapshot vouches for (their bytes those the last successful build read) are not read
/// until a text is asked for; they still draw the warnings of their name and length; one that changed before it is
/// read stops the build (RJB0510), which then publishes nothing. (That rebuilds which leave seeds unread publish what a
/// clean build does is IncrementalEquivalenceTests'.)
/// </summary>
public class VouchedSeedTests
{
    private static Dictionary<string, (string Hash, long Size)> Vouched(TempBook book, params string[] names) =>
        names.ToDictionary(name => name, name =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(book.Seeds, name));
            return (Hashing.Hash(bytes), (long)bytes.Length);
        });

    [Fact]
    public void AVouchedSeedIsReadOnlyWhenItsTextIsAskedFor()
    {
        using var book = SampleBook.Create();
        var bag = new DiagnosticBag();
        var folder = SeedLoader.Load(book.Seeds, bag, memo: null, Vouched(book, "tass-2018.txt"));
        Assert.Empty(bag.Sorted());
        var tass = folder.Seeds.Single(s => s.Id == "tass-2018");
        var kyodo = folder.Seeds.Single(s => s.Id == "kyodo-2016");
        Assert.False(tass.Content.IsRead);
        Assert.True(kyodo.Content.IsRead);
        Assert.Equal(SampleBook.TassText, tass.Text);
        Assert.True(tass.Content.IsRead);
        // Read or not, a seed is the seed a load without vouching gives.
        Assert.Equal(SeedLoader.Load(book.Seeds, new DiagnosticBag()).Seeds, folder.Seeds);
    }

    [Fact]
    public void AVouchedSeedDrawsTheDiagnosticsOfItsNameAndLength()
    {
        using var book = new TempBook();
        book.Seed("long-article", new string('x', SeedLoader.MaxArticleBytes + 1) + "\n");
        book.Seed("Bad-Name", "An article.\n");
        var vouched = Vouched(book, "long-article.txt", "Bad-Name.txt");
        var bag = new DiagnosticBag();
        var folder = SeedLoader.Load(book.Seeds, bag, memo: null, vouched);
        var unvouched = new DiagnosticBag();
        SeedLoader.Load(book.Seeds, unvouched);
        Assert.Equal(unvouched.Sorted().Dump(), bag.Sorted().Dump());
        Assert.Contains("RJB0611", bag.Sorted().Dump());
        Assert.Contains("RJB0201", bag.Sorted().Dump());
        Assert.False(folder.Seeds.Single().Content.IsRead);
    }

    [Fact]
    public void ALinkIsNotVouchedForByItsName()
    {
        using var book = SampleBook.Create();
        var real = book.Combine("seeds", "tass-2018.txt");
        var linked = book.Combine("seeds", "tass-copy.txt");
        File.CreateSymbolicLink(linked, real);
        var vouched = Vouched(book, "tass-2018.txt");
        vouched["tass-copy.txt"] = vouched["tass-2018.txt"];
        var folder = SeedLoader.Load(book.Seeds, new DiagnosticBag(), memo: null, vouched);
        Assert.True(folder.Seeds.Single(s => s.Id == "tass-copy").Content.IsRead);
        Assert.False(folder.Seeds.Single(s => s.Id == "tass-2018").Content.IsRead);
    }

    [Fact]
    public void AVouchedSeedThatChangedIsNotCited()
    {
        using var book = SampleBook.Create();
        var folder = SeedLoader.Load(book.Seeds, new DiagnosticBag(), memo: null, Vouched(book, "tass-2018.txt"));
        File.WriteAllText(book.Combine("seeds", "tass-2018.txt"), SampleBook.TassText.Replace("Putin", "Puttin", StringComparison.Ordinal));
        var tass = folder.Seeds.Single(s => s.Id == "tass-2018");
        var changed = Assert.Throws<SeedChangedException>(() => tass.Text);
        Assert.EndsWith("tass-2018.txt", changed.Path, StringComparison.Ordinal);
        Assert.Same(changed, SeedChangedException.In(new AggregateException(new InvalidOperationException("a template failed", changed))));
    }

    /// <summary>
    /// A seed vouched for at the start of a build that changes before a page asks for its text: the build stops with
    /// RJB0510, and the output is as it was.
    /// </summary>
    [Fact]
    public void ASeedThatChangesDuringTheBuildStopsItAndNothingIsPublished()
    {
        using var book = SampleBook.Create();
        var options = book.Options with { Cache = book.Combine("cache") };
        Assert.True(BriefingBuilder.Run(options, BuildMode.Build).Succeeded);
        var before = TempDir.Snapshot(book.Output);
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYamlWithTalksClaim("Putin called the talks fruitful."));
        // Once the book is resolved and before a page is made, every seed file holds other bytes, as if an editor saved them then.
        var changed = false;
        var faults = new PublishFaults(step =>
        {
            if (step != PublishStep.Render) return;
            changed = true;
            foreach (var seed in Directory.GetFiles(book.Seeds)) File.AppendAllText(seed, "An added line.\n");
        });
        var result = BriefingBuilder.Run(options with { Faults = faults }, BuildMode.Build);
        Assert.True(changed);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors());
        Assert.Equal("RJB0510", error.Code);
        Assert.EndsWith(".txt", error.Location.Path, StringComparison.Ordinal);
        var after = TempDir.Snapshot(book.Output);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, f => Assert.Equal(f.Value, after[f.Key]));
    }
}
