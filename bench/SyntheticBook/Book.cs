using System.Text.RegularExpressions;

namespace SyntheticBook;

/// <summary>The whole synthetic book, generated from one seed: every choice comes from one <see cref="Random"/> in a fixed order.</summary>
public sealed partial class Book
{
    public required int Seed { get; init; }
    public required Catalog Catalog { get; init; }
    public required List<Article> Articles { get; init; }
    public List<Claim> Claims { get; } = [];
    public List<Disagreement> Disagreements { get; } = [];
    public List<Claim> KeyFacts { get; } = [];
    public string Title => $"Synthetic briefing book: {Articles.Count:N0} sources (seed {Seed})";
    public string Summary => $"""
        A generated briefing book for benchmarking: {Articles.Count:N0} news reports on the **Kuril Islands** dispute
        between Russia and Japan, {Catalog.All.Count():N0} topics and {Claims.Count:N0} claims, each citing the
        passages it rests on.

        Japan calls the disputed islands the *Northern Territories*; Russia calls them the *Southern Kurils*.
        Every figure in this book is invented.
        """;

    /// <summary>The claim the benchmark edits for its "rebuild after one change" run: short, plain text, written on one line.</summary>
    public Claim EditTarget => Claims.First(c => c.Text.Length <= 72 && PlainText().IsMatch(c.Text));

    [GeneratedRegex("^[A-Za-z0-9 ,.%]+$")]
    private static partial Regex PlainText();

    public static Book Generate(int sources, int seed)
    {
        var rng = new Random(seed);
        var catalog = Catalog.Build(rng, sources);
        var book = new Book
        {
            Seed = seed,
            Catalog = catalog,
            Articles = Enumerable.Range(0, sources).Select(i => SyntheticBook.Articles.Write(rng, i, catalog)).ToList(),
        };

        // Which sentences name each entity: where summaries and corroborating citations come from.
        var mentions = new Dictionary<string, List<(Article Article, Sentence Sentence)>>(StringComparer.Ordinal);
        foreach (var a in book.Articles)
            foreach (var s in a.Sentences)
                foreach (var e in s.Mentions)
                {
                    if (!mentions.TryGetValue(e.Id, out var list)) mentions[e.Id] = list = [];
                    list.Add((a, s));
                }

        foreach (var e in catalog.All)
        {
            e.Summary = Summaries.Of(e, rng);
            if (rng.Next(2) == 0 || !mentions.TryGetValue(e.Id, out var found)) continue;
            for (var k = rng.Next(1, 3); k > 0; k--)
            {
                var (a, s) = found[rng.Next(found.Count)];
                if (SyntheticBook.Articles.Quote(rng, a, s) is { } cite && !e.SummaryCites.Any(c => c.Source == a && c.Start == cite.Start && c.End == cite.End))
                    e.SummaryCites.Add(cite);
            }
        }

        foreach (var a in book.Articles)
        {
            var wanted = rng.Next(3, 8); // five claims per source on average
            var made = 0;
            foreach (var index in Catalog.Shuffle(rng, Enumerable.Range(0, a.Sentences.Count).ToList()))
            {
                if (made == wanted) break;
                var s = a.Sentences[index];
                if (SyntheticBook.Articles.Quote(rng, a, s) is not { } first) continue;
                var cites = new List<Cite> { first };
                if (rng.Next(100) < 35)
                {
                    var other = a.Sentences[rng.Next(a.Sentences.Count)];
                    if (other != s && SyntheticBook.Articles.Quote(rng, a, other) is { } second) cites.Add(second);
                }
                if (rng.Next(100) < 25 && mentions.TryGetValue(s.Mentions[0].Id, out var elsewhere))
                {
                    // Corroboration from another report, which must not predate what the claim dates.
                    for (var tries = 0; tries < 10; tries++)
                    {
                        var (b, t) = elsewhere[rng.Next(elsewhere.Count)];
                        if (b == a || (s.Date is not null && !s.Planned && s.Date.First > b.Published.Last)) continue;
                        if (SyntheticBook.Articles.Quote(rng, b, t) is { } third) cites.Add(third);
                        break;
                    }
                }
                made++;
                var words = Text.Slug(Text.Plain(s.ClaimText)).Split('-').Take(5);
                book.Claims.Add(new Claim
                {
                    Id = $"{a.Index:D5}-{made}-{string.Join('-', words)}",
                    Home = a,
                    Text = s.ClaimText,
                    About = s.Mentions,
                    Date = s.Date,
                    DateNote = s.DateNote,
                    AccordingTo = s.AccordingTo,
                    Planned = s.Planned,
                    Cites = cites,
                });
            }
        }

        // Disagreements: two claims from different reports about the same topic, set side by side.
        var about = book.Claims.SelectMany(c => c.About.Select(e => (e, c))).ToLookup(x => x.e, x => x.c);
        var pool = catalog.Leaders.Concat(catalog.Meetings).Concat(catalog.Treaties).Concat(catalog.Islands)
            .Where(e => about[e].Select(c => c.Home).Distinct().Count() >= 2).ToList();
        Catalog.Shuffle(rng, pool);
        foreach (var e in pool.Take(Math.Max(2, sources / 50)))
        {
            var claims = about[e].ToList();
            var c1 = claims[rng.Next(claims.Count)];
            var others = claims.Where(c => c.Home != c1.Home).ToList();
            var c2 = others[rng.Next(others.Count)];
            book.Disagreements.Add(new Disagreement($"differ-{book.Disagreements.Count + 1:D4}", $"How the reports describe {e.Name}",
                rng.Next(2) == 0 ? null : $"*{c1.Home.Outlet}* and *{c2.Home.Outlet}* give different accounts; neither says where its figure comes from.",
                [e], [c1, c2]));
        }
        book.KeyFacts.AddRange(book.Claims.Take(7));
        return book;
    }
}

/// <summary>Entity summaries in the register of the real book: a sentence or three of Markdown.</summary>
public static class Summaries
{
    public static string Of(Entity e, Random rng) => e.Kind switch
    {
        Kind.Island => $"One of the **Kuril Islands**, administered by Russia and claimed by Japan, which calls it *{e.Aliases[0].Name}*. " +
                       "Its name recurs in reports of visa-free visits, joint economic projects and military deployments.",
        Kind.Leader => $"{e.Role}. The sources quote {e.Name} chiefly on the search for a peace treaty and on the islands; " +
                       $"{(rng.Next(2) == 0 ? "statements on the dispute are often reported second-hand." : "several meetings with counterparts are recorded.")}",
        Kind.Person => $"{char.ToUpperInvariant(e.Role![0])}{e.Role[1..]} ({e.Country}), quoted in the sources on the islands dispute and on Russia–Japan relations.",
        Kind.Treaty => $"The {e.Name}{(e.Date is null ? "" : $" ({e.Date.Display})")}, {e.Status}. " +
                       "The sources cite it in arguments over what should come first, a peace treaty or the islands.",
        _ => $"A {e.Format} between **{e.Participants[0].Name}** and **{e.Participants[1].Name}**" +
             $"{(e.Place is null ? "" : $" in {e.Place}")}, {e.Date!.Display}" +
             $"{(e.Participants.Count > 2 ? $", joined by {e.Participants[2].Name}" : "")}. The reports say what was discussed and what, if anything, was agreed.",
    };
}
