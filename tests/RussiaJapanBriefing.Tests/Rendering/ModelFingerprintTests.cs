using RussiaJapanBriefing.Rendering;
using Scriban.Runtime;
using Xunit;

namespace RussiaJapanBriefing.Tests;

/// <summary>A cached build skips a page whose fingerprint is unchanged, so any change a template could show must change it.</summary>
public sealed class ModelFingerprintTests
{
    private static ClaimView Claim(string html, string? date = null) => new("c", null, "k", html, date, null, null, null, false,
        [new NoteView(1, "sources/s.html#p1", "quote", "Title", "Outlet", null, "sources/s.html", null)], [new LinkView("a.html", "A")]);

    private static ScriptObject Chronology(ClaimView claim) => new() { ["years"] = new List<YearView> { new(2018, [claim]) } };

    [Fact]
    public void TheSameModelHasTheSameFingerprint() =>
        Assert.Equal(ModelFingerprint.Of("theme", "chronology.html", Chronology(Claim("x"))),
            ModelFingerprint.Of("theme", "chronology.html", Chronology(Claim("x"))));

    /// <summary>Each thread reuses its hash and writer: nothing of one value, nor of a value whose hashing failed half-way, is in the next hash.</summary>
    [Fact]
    public void AFingerprintIsTheHashOfItsValueAloneAfterOthersAndAfterAFailure()
    {
        var expected = Hashing.Hash("""["theme",{"b":"2"}]""");
        Assert.Equal(expected, ModelFingerprint.Of("theme", new Dictionary<string, object?> { ["b"] = "2" }));
        Assert.Throws<System.Reflection.TargetInvocationException>(() => ModelFingerprint.Of("theme", new Failing("written before the failure")));
        Assert.Equal(expected, ModelFingerprint.Of("theme", new Dictionary<string, object?> { ["b"] = "2" }));
        Assert.Equal(Hashing.Hash("""[["x"]]"""), ModelFingerprint.Of(new List<string> { "x" }));
    }

    public sealed class Failing(string text)
    {
        public string A => text;
        public string B => throw new InvalidOperationException($"a model that cannot be read after '{text}'");
    }

    [Theory]
    [InlineData("y", null)]
    [InlineData("x", "2018")]
    public void AChangeDeepInsideTheModelChangesTheFingerprint(string html, string? date) =>
        Assert.NotEqual(ModelFingerprint.Of("theme", "chronology.html", Chronology(Claim("x"))),
            ModelFingerprint.Of("theme", "chronology.html", Chronology(Claim(html, date))));

    [Fact]
    public void ANoteDeepInsideTheModelCounts()
    {
        var changed = Claim("x") with { Notes = [new NoteView(1, "sources/s.html#p2", "quote", "Title", "Outlet", null, "sources/s.html", null)] };
        Assert.NotEqual(ModelFingerprint.Of(Chronology(Claim("x"))), ModelFingerprint.Of(Chronology(changed)));
    }

    [Fact]
    public void TheThemeAndTemplateCount()
    {
        var model = Chronology(Claim("x"));
        Assert.NotEqual(ModelFingerprint.Of("theme", "chronology.html", model), ModelFingerprint.Of("theme2", "chronology.html", model));
        Assert.NotEqual(ModelFingerprint.Of("theme", "chronology.html", model), ModelFingerprint.Of("theme", "print.html", model));
    }

    [Fact]
    public void NullAndEmptyAreNotTheSame() =>
        Assert.NotEqual(ModelFingerprint.Of(new ScriptObject { ["a"] = null }), ModelFingerprint.Of(new ScriptObject { ["a"] = "" }));
}
