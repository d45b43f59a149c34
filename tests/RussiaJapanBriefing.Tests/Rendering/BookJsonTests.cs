using System.Text.Json;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>data/book.json and its claims files of a built site, read back with System.Text.Json and checked against the seeds.</summary>
public abstract class BookJsonTests<TFixture>(TFixture site) : IDisposable where TFixture : SiteFixture
{
    private static readonly string[] Kinds = ["island", "leader", "treaty", "meeting", "person"];

    protected TFixture Site { get; } = site;

    private JsonDocument? _json;

    protected JsonElement Root
    {
        get
        {
            Site.RequireSuccess();
            _json ??= JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Site.Output, "data", "book.json")));
            return _json.RootElement;
        }
    }

    private List<JsonDocument>? _claimFiles;

    /// <summary>The claims files book.json lists, in its order, each read once.</summary>
    private IReadOnlyList<JsonDocument> ClaimFiles => _claimFiles ??= [.. Array(Root, "claim_files")
        .Select(f => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Site.Output, Str(f, "file")))))];

    /// <summary>Every claim, from the claims files in book.json's order.</summary>
    protected IEnumerable<JsonElement> Claims => ClaimFiles.SelectMany(f => Array(f.RootElement, "claims").ToList());

    public void Dispose()
    {
        _json?.Dispose();
        foreach (var file in _claimFiles ?? []) file.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string Str(JsonElement e, string property)
    {
        Assert.True(e.TryGetProperty(property, out var p), $"missing '{property}' in {e}");
        Assert.Equal(JsonValueKind.String, p.ValueKind);
        return p.GetString()!;
    }

    protected static JsonElement.ArrayEnumerator Array(JsonElement e, string property)
    {
        Assert.True(e.TryGetProperty(property, out var p), $"missing '{property}' in {e}");
        Assert.Equal(JsonValueKind.Array, p.ValueKind);
        return p.EnumerateArray();
    }

    private static PartialDate Date(string text)
    {
        Assert.True(PartialDate.TryParse(text, out var date, out var error), $"'{text}' in book.json is not an EDTF date: {error}");
        return date!;
    }

    [Fact]
    public void ItIsAnObjectWithTheBookTitle()
    {
        Assert.Equal(JsonValueKind.Object, Root.ValueKind);
        Assert.Equal(Site.Result.Book!.Title, Str(Root, "title"));
        var bytes = File.ReadAllBytes(Path.Combine(Site.Output, "data", "book.json"));
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "book.json must not start with a BOM");
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void SourcesHaveIdTitleOutletAndPublished()
    {
        var ids = new List<string>();
        foreach (var s in Array(Root, "sources"))
        {
            var id = Str(s, "id");
            ids.Add(id);
            Assert.False(string.IsNullOrWhiteSpace(Str(s, "title")));
            Assert.True(File.Exists(Path.Combine(Site.Seeds, id + ".txt")), $"source {id} has no seed");
            Assert.Equal($"sources/{id}.html", Str(s, "page"));
            Assert.True(File.Exists(Path.Combine(Site.Output, "sources", id + ".html")));
            var annotated = s.GetProperty("annotated").GetBoolean();
            if (annotated)
            {
                Assert.False(string.IsNullOrWhiteSpace(Str(s, "outlet")));
                Date(Str(s, "published"));
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, s.GetProperty("outlet").ValueKind);
                Assert.Equal(JsonValueKind.Null, s.GetProperty("published").ValueKind);
            }
        }
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(Directory.EnumerateFiles(Site.Seeds, "*.txt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void EntitiesHaveKindIdNameAndAUrlThatExists()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Array(Root, "entities"))
        {
            var kind = Str(e, "kind");
            var id = Str(e, "id");
            Assert.Contains(kind, Kinds);
            Assert.True(ids.Add(id), $"entity id {id} appears twice");
            Assert.False(string.IsNullOrWhiteSpace(Str(e, "name")));
            var url = Str(e, "url");
            Assert.False(url.StartsWith('/'), url);
            Assert.EndsWith($"/{id}.html", url);
            Assert.True(File.Exists(Path.Combine(Site.Output, url)), $"entity url {url} does not exist in the output");
            foreach (var related in Array(e, "related")) Assert.Equal(JsonValueKind.String, related.ValueKind);
        }
        Assert.NotEmpty(ids);
        foreach (var e in Array(Root, "entities"))
        {
            foreach (var related in Array(e, "related")) Assert.Contains(related.GetString()!, ids);
            if (e.TryGetProperty("participants", out var participants))
            {
                Assert.Equal("meeting", Str(e, "kind"));
                foreach (var p in participants.EnumerateArray()) Assert.Contains(p.GetString()!, ids);
            }
            if (e.TryGetProperty("date", out _)) Date(Str(e, "date"));
        }
        var order = Array(Root, "entities").Select(e => System.Array.IndexOf(Kinds, Str(e, "kind"))).ToList();
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void ClaimsHaveTextAboutAndCitations()
    {
        var entities = Array(Root, "entities").Select(e => Str(e, "id")).ToHashSet(StringComparer.Ordinal);
        var sources = Array(Root, "sources").Select(s => Str(s, "id")).ToHashSet(StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var c in Claims)
        {
            var id = Str(c, "id");
            ids.Add(id);
            Assert.False(string.IsNullOrWhiteSpace(Str(c, "text")));
            var about = Array(c, "about").Select(a => a.GetString()!).ToList();
            Assert.NotEmpty(about);
            Assert.All(about, a => Assert.Contains(a, entities));
            var citations = Array(c, "citations").ToList();
            Assert.True(citations.Count > 0, $"claim {id} has no citation");
            foreach (var ci in citations)
            {
                Assert.Contains(Str(ci, "source"), sources);
                Assert.False(string.IsNullOrWhiteSpace(Str(ci, "quote")));
                Assert.Equal(JsonValueKind.Number, ci.GetProperty("start").ValueKind);
                Assert.Equal(JsonValueKind.Number, ci.GetProperty("end").ValueKind);
            }
            if (c.TryGetProperty("date", out _)) Date(Str(c, "date"));
        }
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void EveryCitationIsTheExactTextOfItsSeedAtItsOffsets()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var checkedCount = 0;
        var problems = new List<string>();
        foreach (var c in Claims)
            foreach (var ci in Array(c, "citations"))
            {
                var source = Str(ci, "source");
                if (!texts.TryGetValue(source, out var text))
                    texts[source] = text = File.ReadAllText(Path.Combine(Site.Seeds, source + ".txt"));
                var start = ci.GetProperty("start").GetInt32();
                var end = ci.GetProperty("end").GetInt32();
                var quote = Str(ci, "quote");
                checkedCount++;
                if (start < 0 || end > text.Length || start >= end)
                    problems.Add($"{Str(c, "id")}: [{start}, {end}) is outside {source} ({text.Length} chars)");
                else if (text[start..end] != quote)
                    problems.Add($"{Str(c, "id")}: {source}[{start}..{end}] is «{text[start..end]}», not «{quote}»");
            }
        Assert.True(checkedCount > 0);
        Assert.True(problems.Count == 0, Links.Report(problems));
    }

    [Fact]
    public void ChronologyIsEveryDatedClaimInDateOrder()
    {
        var claimDates = Claims
            .Where(c => c.TryGetProperty("date", out _))
            .ToDictionary(c => Str(c, "id"), c => Str(c, "date"), StringComparer.Ordinal);
        var entries = Array(Root, "chronology").Select(e => (Date: Str(e, "date"), Claim: Str(e, "claim"))).ToList();

        Assert.Equal(claimDates.Keys.Order(StringComparer.Ordinal), entries.Select(e => e.Claim).Order(StringComparer.Ordinal));
        foreach (var (date, claim) in entries) Assert.Equal(claimDates[claim], date);
        for (var i = 1; i < entries.Count; i++)
        {
            var (previous, current) = (Date(entries[i - 1].Date), Date(entries[i].Date));
            var order = previous.CompareTo(current);
            Assert.True(order <= 0, $"chronology goes back in time: {entries[i - 1]} then {entries[i]}");
            if (order == 0)
                Assert.True(string.CompareOrdinal(entries[i - 1].Claim, entries[i].Claim) < 0, $"tie not broken by claim id: {entries[i - 1]} then {entries[i]}");
        }
    }

    [Fact]
    public void DisagreementsReferToEntitiesAndAtLeastTwoClaims()
    {
        var entities = Array(Root, "entities").Select(e => Str(e, "id")).ToHashSet(StringComparer.Ordinal);
        var claims = Claims.Select(c => Str(c, "id")).ToHashSet(StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var d in Array(Root, "disagreements"))
        {
            ids.Add(Str(d, "id"));
            Assert.False(string.IsNullOrWhiteSpace(Str(d, "topic")));
            var about = Array(d, "about").Select(a => a.GetString()!).ToList();
            Assert.NotEmpty(about);
            Assert.All(about, a => Assert.Contains(a, entities));
            var named = Array(d, "claims").Select(c => c.GetString()!).ToList();
            Assert.True(named.Distinct().Count() >= 2, $"disagreement {ids[^1]} sets fewer than two claims side by side");
            Assert.All(named, c => Assert.Contains(c, claims));
        }
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void EachClaimsFileHoldsTheClaimsBookJsonSaysInIdOrder()
    {
        var files = Array(Root, "claim_files").ToList();
        Assert.NotEmpty(files);
        string? before = null;
        for (var i = 0; i < files.Count; i++)
        {
            var file = Str(files[i], "file");
            var ids = Array(ClaimFiles[i].RootElement, "claims").Select(c => Str(c, "id")).ToList();
            Assert.Equal(SiteLayout.ClaimData(ids[0]), file);
            Assert.Equal(Str(files[i], "first"), ids[0]);
            Assert.Equal(Str(files[i], "last"), ids[^1]);
            Assert.Equal(files[i].GetProperty("count").GetInt32(), ids.Count);
            Assert.InRange(ids.Count, 1, BookJson.MaxClaimsPerFile);
            Assert.True(before is null || string.CompareOrdinal(before, ids[0]) < 0, $"{file} does not follow {before}");
            before = ids[^1];
            // Each file but the last ends at a claim whose id ends a file, or full.
            if (i < files.Count - 1)
                Assert.True(Hashing.Stable(ids[^1]) % BookJson.ClaimsPerFile == 0 || ids.Count == BookJson.MaxClaimsPerFile, $"{file} ends at {ids[^1]}");
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(Site.Output, "data", "claims")).Select(f => "data/claims/" + Path.GetFileName(f))
            .Except(files.Select(f => Str(f, "file"))));
    }

    [Fact]
    public void TheJsonAgreesWithTheResolvedBook()
    {
        var book = Site.Result.Book!;
        Assert.Equal(book.Sources.Count, Array(Root, "sources").Count());
        Assert.Equal(book.Entities.Count, Array(Root, "entities").Count());
        Assert.Equal(book.Claims.Count, Claims.Count());
        Assert.Equal(book.Chronology.Select(c => c.Id), Array(Root, "chronology").Select(e => Str(e, "claim")));
    }
}

public sealed class RealBookJsonTests(RealBookFixture site) : BookJsonTests<RealBookFixture>(site), IClassFixture<RealBookFixture>
{
    [Fact]
    public void CitationsMatchTheSeedsInTheRepository()
    {
        // the fixture builds from a copy; the offsets must hold for the repository's own seed files too
        var problems = new List<string>();
        foreach (var c in Claims)
            foreach (var ci in Array(c, "citations"))
            {
                var text = File.ReadAllText(Path.Combine(Repo.Seeds, Str(ci, "source") + ".txt"));
                var (start, end) = (ci.GetProperty("start").GetInt32(), ci.GetProperty("end").GetInt32());
                if (end > text.Length || text[start..end] != Str(ci, "quote")) problems.Add($"{Str(c, "id")} → {Str(ci, "source")}[{start}..{end}]");
            }
        Assert.True(problems.Count == 0, Links.Report(problems));
    }
}

public sealed class SampleBookJsonTests(SampleBookFixture site) : BookJsonTests<SampleBookFixture>(site), IClassFixture<SampleBookFixture>
{
    [Fact]
    public void AClaimIsWrittenInFull()
    {
        var claim = Claims.Single(c => Str(c, "id") == "inherent-territory");
        Assert.Equal("Japan calls Kunashir and Iturup its inherent territory.", Str(claim, "text")); // Markdown emphasis removed
        Assert.Equal(["kunashir", "iturup"], Array(claim, "about").Select(a => a.GetString()));
        Assert.Equal("TASS", Str(claim, "according_to"));
        Assert.False(claim.TryGetProperty("date", out _));
        var citation = Assert.Single(Array(claim, "citations"));
        Assert.Equal("tass-2018", Str(citation, "source"));
        Assert.Equal("Japan calls Kunashir and Iturup its \u201Cinherent territory\u201D \u2014 a position Moscow rejects", Str(citation, "quote"));
        Assert.Equal(SampleBook.TassText.IndexOf("Japan calls", StringComparison.Ordinal), citation.GetProperty("start").GetInt32());
    }

    [Fact]
    public void DatesAreWrittenAsEdtf()
    {
        var step = Claims.Single(c => Str(c, "id") == "step-by-step");
        Assert.Equal("2016-12%", Str(step, "date"));
        var nagato = Array(Root, "entities").Single(e => Str(e, "id") == "nagato-summit-2016");
        Assert.Equal("meeting", Str(nagato, "kind"));
        Assert.Equal("2016-12-15/2016-12-16", Str(nagato, "date"));
        Assert.Equal(["putin", "abe"], Array(nagato, "participants").Select(p => p.GetString()));
        var unannotated = Array(Root, "sources").Single(s => Str(s, "id") == "unannotated-2019");
        Assert.False(unannotated.GetProperty("annotated").GetBoolean());
        Assert.Equal("unannotated-2019", Str(unannotated, "title"));
    }

    [Fact]
    public void TheSampleDisagreementIsPlainText()
    {
        var d = Assert.Single(Array(Root, "disagreements"));
        Assert.Equal("talks-outcome", Str(d, "id"));
        Assert.Equal("TASS has Putin calling the talks useful; it also reports agreement to keep negotiating.", Str(d, "note"));
        Assert.Equal(["talks-useful", "peace-treaty-talks"], Array(d, "claims").Select(c => c.GetString()));
    }

    [Fact]
    public void ChronologyOfTheSample()
    {
        Assert.Equal(
            [("2016-12%", "step-by-step"), ("2016-12-15", "nagato-arrival"), ("2016-12-15/2016-12-16", "officials-continue"),
             ("2018-05", "talks-useful"), ("2018-05-26", "moscow-meeting"), ("2018-05-26", "peace-treaty-talks")],
            Array(Root, "chronology").Select(e => (Str(e, "date"), Str(e, "claim"))));
    }
}
