using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// An entity's <c>key_facts</c> fill the key points box of its printed brief: they must be claims about it, at most five,
/// and a wrong one is reported where it is written, with a hint, like every other reference.
/// </summary>
public sealed class EntityKeyFactsTests
{
    /// <summary>The sample's entities with <paramref name="facts"/> as one entity's key_facts (after its summary line).</summary>
    private static string EntitiesWith(string summaryLine, string facts)
    {
        Assert.Contains(summaryLine + "\n", SampleBook.EntitiesYaml, StringComparison.Ordinal);
        return SampleBook.EntitiesYaml.Replace(summaryLine + "\n", $"{summaryLine}\n    key_facts: [{facts}]\n", StringComparison.Ordinal);
    }

    private const string AbeSummary = "    summary: Japanese prime minister.";
    private const string PutinSummary = "    summary: Russian president.";

    /// <summary>Line and column (1-based) of <paramref name="id"/> in the key_facts line of <paramref name="yaml"/>.</summary>
    private static (int Line, int Column) Where(string yaml, string id)
    {
        var lineStart = yaml.IndexOf("    key_facts:", StringComparison.Ordinal);
        var at = yaml.IndexOf(id, lineStart, StringComparison.Ordinal);
        return (yaml[..lineStart].Count(c => c == '\n') + 1, at - lineStart + 1);
    }

    [Fact]
    public void KnownKeyFactsAboutTheEntityBuild()
    {
        using var book = SampleBook.Create();
        book.Yaml("entities.yaml", EntitiesWith(AbeSummary, "step-by-step, moscow-meeting"));
        var result = book.Check();
        Assert.True(result.Succeeded, result.Diagnostics.Dump());
        Assert.Equal(["step-by-step", "moscow-meeting"], result.Book!.EntityById["abe"].KeyFacts);
        Assert.Empty(result.Book.EntityById["putin"].KeyFacts);
    }

    [Fact]
    public void AnUnknownKeyFactIsRjb0205AtItsIdWithTheClosestClaimAboutTheEntity()
    {
        using var book = SampleBook.Create();
        var yaml = EntitiesWith(AbeSummary, "step-by-step, peace-treaty-talk");
        book.Yaml("entities.yaml", yaml);
        var d = book.Check().Errors().One(Codes.UnknownClaim.Id);
        var (line, column) = Where(yaml, "peace-treaty-talk");
        d.AssertAt(book.Shown("entities.yaml"), line, column);
        Assert.Contains("key fact 'peace-treaty-talk' of 'abe'", d.Message);
        Assert.Equal("did you mean 'peace-treaty-talks'?", d.Hint);
    }

    [Fact]
    public void AKeyFactThatIsNotAboutTheEntityIsRjb0208()
    {
        using var book = SampleBook.Create();
        var yaml = EntitiesWith(AbeSummary, "step-by-step, inherent-territory");
        book.Yaml("entities.yaml", yaml);
        var result = book.Check();
        Assert.False(result.Succeeded);
        var d = result.Errors().One(Codes.KeyFactNotAbout.Id);
        var (line, column) = Where(yaml, "inherent-territory");
        d.AssertAt(book.Shown("entities.yaml"), line, column);
        Assert.Contains("is not a claim about 'abe'", d.Message);
        Assert.Contains("add 'abe' to the claim's 'about'", d.Hint);
    }

    [Fact]
    public void MoreThanFiveKeyFactsIsRjb0209AtTheSixthAndRepeatsDoNotCount()
    {
        using var book = SampleBook.Create();
        const string five = "moscow-meeting, talks-useful, peace-treaty-talks, leaders-have-met, nagato-arrival";
        book.Yaml("entities.yaml", EntitiesWith(PutinSummary, five + ", moscow-meeting"));
        var repeated = book.Check();
        Assert.True(repeated.Succeeded, repeated.Diagnostics.Dump());
        Assert.Equal(5, repeated.Book!.EntityById["putin"].KeyFacts.Count);

        // A sixth claim about Putin.
        book.Yaml("sources/zz.yaml", """
            claims:
              - id: putin-in-moscow
                text: Putin held talks in Moscow.
                about: [putin]
                cite:
                  - source: tass-2018
                    quote: agreed to continue talks on a peace treaty
            """);
        var yaml = EntitiesWith(PutinSummary, five + ", putin-in-moscow");
        book.Yaml("entities.yaml", yaml);
        var d = book.Check().Errors().One(Codes.TooManyKeyFacts.Id);
        var (line, column) = Where(yaml, "putin-in-moscow");
        d.AssertAt(book.Shown("entities.yaml"), line, column);
        Assert.Contains("'putin' has 6 key facts", d.Message);
    }

    [Fact]
    public void EveryProblemIsReportedInOneRun()
    {
        using var book = SampleBook.Create();
        book.Yaml("entities.yaml", EntitiesWith(AbeSummary, "nosuch-claim, inherent-territory").Replace(PutinSummary + "\n",
            PutinSummary + "\n    key_facts: [talks-usefull]\n", StringComparison.Ordinal));
        var errors = book.Check().Errors();
        Assert.Equal(2, errors.Count(e => e.Code == Codes.UnknownClaim.Id));
        Assert.Single(errors, e => e.Code == Codes.KeyFactNotAbout.Id);
    }
}
