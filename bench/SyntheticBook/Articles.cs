using System.Globalization;
using System.Text;

namespace SyntheticBook;

/// <summary>
/// Writes one news article about a meeting between a Russian and a Japanese leader: site navigation, a headline,
/// a lede with a dateline, paragraphs of reported facts, sometimes a photo caption, and a "Read more" list or a
/// donation appeal at the end. Every sentence carries a figure that is unique within the article, so that
/// quotes built around it are unambiguous, and knows the claim an editor would draw from it.
/// </summary>
public static class Articles
{
    private sealed record Outlet(string Name, string Domain, string? Agency, bool Kyodo = false);

    private static readonly Outlet[] Outlets =
    [
        new("TASS", "tass.com", "TASS"), new("Interfax", "interfax.com", "Interfax"), new("RIA Novosti", "ria.ru", "RIA Novosti"),
        new("Kyodo News", "english.kyodonews.net", null, Kyodo: true), new("The Moscow Times", "themoscowtimes.com", null),
        new("RFE/RL", "rferl.org", null), new("The Japan Times", "japantimes.co.jp", null), new("Nikkei Asia", "asia.nikkei.com", null),
        new("NHK World", "nhk.or.jp", null), new("The Asahi Shimbun", "asahi.com", null),
    ];

    private static readonly string[] ThinkTanks = ["the Carnegie Moscow Center", "the Japan Institute of International Affairs", "the Valdai Club", "the Sasakawa Peace Foundation", "the Higher School of Economics"];
    private static readonly string[] Topics = ["peace treaty", "island dispute", "joint economic activity", "visa-free visits", "fishing rights", "security cooperation", "energy projects"];
    private static readonly string[] Weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private sealed class Ctx(Random rng, Catalog catalog, Entity meeting, PDate published, Outlet outlet)
    {
        public Random Rng { get; } = rng;
        public Catalog Catalog { get; } = catalog;
        public Entity M { get; } = meeting;
        public Entity A => M.Participants[0];
        public Entity B => M.Participants[1];
        public PDate Published { get; } = published;
        public Outlet Outlet { get; } = outlet;
        public Entity I1 { get; set; } = null!;
        public Entity I2 { get; set; } = null!;
        public Entity T { get; set; } = null!;
        public Entity P { get; set; } = null!;
        public Entity? M2 { get; set; }
        private readonly HashSet<int> _numbers = [];
        private readonly HashSet<string> _named = new(StringComparer.Ordinal);

        /// <summary>A figure not yet used in this article.</summary>
        public int Num(int lo, int hi)
        {
            for (var tries = 0; ; tries++)
            {
                var n = Rng.Next(lo, hi + 1);
                if (tries > 40) n = hi + tries + _numbers.Count; // the range is exhausted: step outside it
                if (_numbers.Add(n)) return n;
            }
        }

        /// <summary>Full name on first mention, the short one after.</summary>
        public string N(Entity e) => _named.Add(e.Id) ? e.Name : e.Short;

        /// <summary>A day shortly before publication and how the article names it ("on Monday").</summary>
        public (DateOnly Day, string Weekday) RecentDay()
        {
            var day = Published.Last.AddDays(-Rng.Next(0, 3));
            return (day, Weekdays[(int)day.DayOfWeek]);
        }

        public PDate? IfBefore(PDate? d) => d is not null && d.First <= Published.Last ? d : null;
    }

    private sealed record Draft(string Text, string Claim, List<Entity> About, string Marker,
        PDate? Date = null, string? DateNote = null, string? AccordingTo = null, bool Planned = false);

    /// <summary>The sentence kinds; each returns null where it does not apply to this article.</summary>
    private static readonly Func<Ctx, Draft?>[] Templates =
    [
        c =>
        {
            var n = c.Num(20, 240);
            return c.M.Format!.Contains("call")
                ? new($"{c.N(c.A)} and {c.N(c.B)} spoke by {c.M.Format} for {n} minutes, the Kremlin press service said.",
                    $"{c.A.Short} and {c.B.Short} spoke by {c.M.Format} for {n} minutes.", [c.A, c.B, c.M], n.ToString(), c.M.Date, AccordingTo: "the Kremlin press service")
                : new($"{c.N(c.A)} and {c.N(c.B)} held talks in {c.M.Place} that lasted {n} minutes, officials said.",
                    $"The talks between {c.A.Short} and {c.B.Short} in {c.M.Place} lasted {n} minutes.", [c.A, c.B, c.M], n.ToString(), c.M.Date, AccordingTo: "officials");
        },
        c =>
        {
            var n = c.Num(2, 60);
            return new($"{c.N(c.A)} said the two sides had agreed to hold {n} rounds of consultations on joint economic activity on {c.I1.Name} and {c.I2.Name}.",
                $"{c.A.Short} said the sides agreed to hold **{n} rounds** of consultations on joint economic activity on {c.I1.Name} and {c.I2.Name}.",
                [c.A, c.I1, c.I2, c.M], n.ToString(), c.M.Date);
        },
        c =>
        {
            var n = c.Num(5, 900);
            return new($"{c.N(c.P)}, {c.P.Role}, told reporters that Russia’s sovereignty over {c.I1.Name} was “not up for discussion”, adding that {n} new buildings had gone up on the island this year.",
                $"{c.P.Short} said Russia’s sovereignty over {c.I1.Name} is not up for discussion and that {n} new buildings went up there in {c.Published.First.Year}.",
                [c.P, c.I1], n.ToString(), PDate.Year(c.Published.First.Year), $"“This year” in an article of {c.Published.Display}.");
        },
        c =>
        {
            var n = Text.Thousands(c.Num(100, 20000));
            return new($"Some {n} former Japanese residents and their descendants have visited family graves on {c.I1.Name} under the {c.N(c.T)}.",
                $"About {n} former residents and their descendants have visited graves on {c.I1.Name} under the {c.T.Name}.", [c.I1, c.T], n);
        },
        c =>
        {
            var n = c.Num(3, 400);
            return new($"The {c.N(c.T)} says {c.I1.Name} and {c.I2.Name} are to be handed over once a peace treaty is concluded, a point Tokyo has raised {n} times since then.",
                $"Under the {c.T.Name}, {c.I1.Name} and {c.I2.Name} are to be handed over once a peace treaty is concluded.", [c.T, c.I1, c.I2], n.ToString(), c.IfBefore(c.T.Date));
        },
        c =>
        {
            var n = (c.Num(11, 9999) / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
            return new($"{c.N(c.B)}’s government allocated {n} billion yen to support former residents of {c.I1.Name} living in Nemuro.",
                $"{c.B.Short}’s government allocated {n} billion yen for former residents of {c.I1.Name}.", [c.B, c.I1], n);
        },
        c =>
        {
            if (!c.Published.IsDay) return null;
            var n = Text.Thousands(c.Num(50, 5000));
            var (day, weekday) = c.RecentDay();
            return new($"Russia plans to deploy {n} additional troops to {c.I1.Name}, the Defence Ministry said on {weekday}.",
                $"Russia plans to deploy {n} additional troops to {c.I1.Name}.", [c.I1], n, PDate.Day(day),
                $"The ministry spoke “on {weekday}”, in an article of {c.Published.Display}.", "the Russian Defence Ministry");
        },
        c =>
        {
            var n = c.Num(2, 60);
            var when = c.Published.Last.AddMonths(c.Rng.Next(1, 6));
            var month = PDate.Months[when.Month - 1];
            var place = Catalog.Places[c.Rng.Next(Catalog.Places.Length)];
            return new($"{c.N(c.A)} is expected to visit {place} next {month}, on what officials called the {Text.Ordinal(n)} trip of its kind.",
                $"{c.A.Short} is expected to visit {place} in {month} {when.Year}.", [c.A], Text.Ordinal(n), PDate.Month(when.Year, when.Month),
                $"“Next {month}” in an article of {c.Published.Display}.", Planned: true);
        },
        c =>
        {
            var n = c.Num(1, 99);
            var other = Outlets[c.Rng.Next(Outlets.Length)].Name;
            return new($"According to {other}, fishing quotas near {c.I1.Name} were cut by {n} percent under the {c.N(c.T)}.",
                $"Fishing quotas near {c.I1.Name} were cut by {n}% under the {c.T.Name}.", [c.I1, c.T], $"{n} percent", AccordingTo: other);
        },
        c =>
        {
            var n = c.Num(10, 180);
            return new($"{c.N(c.P)} said {c.N(c.A)} and {c.N(c.B)} had discussed the {c.N(c.T)} “in detail” during {n} minutes of one-on-one talks.",
                $"{c.A.Short} and {c.B.Short} discussed the {c.T.Name} *in detail* during {n} minutes of one-on-one talks.",
                [c.A, c.B, c.T, c.P], n.ToString(), c.M.Date, AccordingTo: c.P.Name);
        },
        c =>
        {
            var n = Text.Thousands(c.Num(1000, 25000));
            return new($"The population of {c.I1.Name} has grown to about {n}, according to local officials.",
                $"About {n} people live on {c.I1.Name}.", [c.I1], n, AccordingTo: "local officials");
        },
        c =>
        {
            if (c.M2 is null) return null;
            var n = c.Num(2, 30);
            return new($"Previous talks, at the {c.N(c.M2)}, ended without agreement after {n} hours.",
                $"The {c.M2.Name} ended without agreement after {n} hours.", [c.M2, .. c.M2.Participants.Take(2)], $"{n} hours", c.M2.Date);
        },
        c =>
        {
            if (!c.Published.IsDay) return null;
            var n = c.Num(2, 80);
            var (day, weekday) = c.RecentDay();
            return new($"{c.N(c.B)} told parliament on {weekday} that Japan would “patiently” pursue a settlement over {c.I1.Name}, a pledge repeated in {n} sessions this year.",
                $"{c.B.Short} told parliament that Japan would patiently pursue a settlement over {c.I1.Name}.", [c.B, c.I1], $"{n} sessions", PDate.Day(day),
                $"“On {weekday}” in an article of {c.Published.Display}.");
        },
        c =>
        {
            var n = c.Num(20, 900);
            return new($"A ferry carrying {n} visitors from Nemuro docked at {c.I2.Name} under the visa-free exchange programme.",
                $"A ferry with {n} visitors from Nemuro docked at {c.I2.Name} under the visa-free exchange programme.", [c.I2], $"{n} visitors");
        },
        c =>
        {
            var n = c.Num(3, 800);
            var tank = ThinkTanks[c.Rng.Next(ThinkTanks.Length)];
            return new($"Analysts at {tank} counted {n} incidents involving Japanese fishing boats near {c.I1.Name} over the past decade.",
                $"There were {n} incidents involving Japanese fishing boats near {c.I1.Name} over the past decade.", [c.I1], $"{n} incidents", AccordingTo: tank);
        },
        c =>
        {
            var n = Text.Ordinal(c.Num(2, 40));
            return new($"The {c.N(c.M)} was the {n} meeting between {c.N(c.A)} and {c.N(c.B)}, {c.Outlet.Name} reported.",
                $"The {c.M.Name} was the {n} meeting between {c.A.Short} and {c.B.Short}.", [c.M, c.A, c.B], n, c.M.Date, AccordingTo: c.Outlet.Name);
        },
        c =>
        {
            var n = c.Num(1, 79);
            return new($"The {c.N(c.T)} has been in force for {n} years, {c.N(c.P)} noted.",
                $"The {c.T.Name} has been in force for {n} years.", [c.T, c.P], $"{n} years", AccordingTo: c.P.Name);
        },
        c =>
        {
            var n = c.Num(2, 90);
            var year = c.Rng.Next(Math.Min(1990, c.Published.First.Year), c.Published.First.Year + 1);
            return new($"{c.N(c.A)} first visited {c.I1.Name} in {year}, a trip Tokyo condemned as “unacceptable” in {n} separate statements.",
                $"{c.A.Short} first visited {c.I1.Name} in {year}.", [c.A, c.I1], $"{n} separate", PDate.Year(year));
        },
        c =>
        {
            var n = c.Num(3, 500);
            return new($"Joint projects on {c.I1.Name} include a fish farm, a greenhouse and wind power plants, with {n} Japanese specialists involved.",
                $"Joint projects on {c.I1.Name}, among them a fish farm, a greenhouse and wind power plants, involve {n} Japanese specialists.", [c.I1], $"{n} Japanese");
        },
        c =>
        {
            var n = c.Num(1, 99);
            return new($"{c.Outlet.Name} reported that {n} percent of Japanese surveyed believed the dispute over {c.I1.Name} would never be resolved.",
                $"{n}% of Japanese surveyed believed the dispute over {c.I1.Name} would never be resolved.", [c.I1], $"{n} percent", AccordingTo: c.Outlet.Name);
        },
        c =>
        {
            var n = c.Num(2, 120);
            return new($"{c.N(c.A)} said the {c.N(c.T)} should be signed within {n} months, a timeline {c.N(c.B)} did not endorse.",
                $"{c.A.Short} said the {c.T.Name} should be signed within {n} months; {c.B.Short} did not endorse the timeline.", [c.A, c.B, c.T], $"{n} months", c.M.Date);
        },
        c =>
        {
            var n = c.Num(2, 60);
            return new($"{c.I1.Name}’s {n} schools will teach Japanese as an elective from next year, the regional government said.",
                $"{c.I1.Name}’s {n} schools will teach Japanese as an elective.", [c.I1], $"{n} schools", AccordingTo: "the regional government");
        },
        c =>
        {
            var n = c.Num(2, 70);
            return new($"The Japanese side proposed {n} new flights a week between Sapporo and Yuzhno-Sakhalinsk, {c.N(c.P)} said.",
                $"Japan proposed {n} new weekly flights between Sapporo and Yuzhno-Sakhalinsk.", [c.P, c.M], $"{n} new", c.M.Date, AccordingTo: c.P.Name);
        },
    ];

    public static Article Write(Random rng, int index, Catalog catalog)
    {
        var meeting = catalog.Meetings[rng.Next(catalog.Meetings.Count)];
        var outlet = Outlets[rng.Next(Outlets.Length)];
        var day = meeting.Date!.Last.AddDays(rng.Next(0, 11));
        var monthOnly = rng.Next(12) == 0;
        var published = monthOnly ? PDate.Month(day.Year, day.Month) : PDate.Day(day);
        var ctx = new Ctx(rng, catalog, meeting, published, outlet)
        {
            I1 = catalog.Islands[rng.Next(catalog.Islands.Count)],
            P = catalog.People[rng.Next(catalog.People.Count)],
        };
        do ctx.I2 = catalog.Islands[rng.Next(catalog.Islands.Count)]; while (ctx.I2 == ctx.I1);
        ctx.T = catalog.Treaties[rng.Next(catalog.Treaties.Count)];
        var earlier = catalog.Meetings.Where(m => m != meeting && m.Date!.Last <= published.First).ToList();
        ctx.M2 = earlier.Count > 0 ? earlier[rng.Next(Math.Max(0, earlier.Count - 40), earlier.Count)] : null;

        var city = (meeting.Place ?? (outlet.Kyodo ? "Tokyo" : "Moscow")).ToUpperInvariant();
        string? note = monthOnly
            ? $"The article carries no day, only “{PDate.Months[day.Month - 1]} {day.Year}” in its byline."
            : rng.Next(6) == 0 ? $"The dateline gives no year; the article reports the {meeting.Name}, so the year is {day.Year}." : null;
        var topic = Topics[rng.Next(Topics.Length)];
        var article = new Article
        {
            Index = index,
            Id = $"{index:D5}_{rng.NextInt64():x16}",
            Outlet = outlet.Name,
            Headline = meeting.Format!.Contains("call")
                ? $"{meeting.Participants[0].Short} and {meeting.Participants[1].Short} discuss {topic} by phone"
                : $"{meeting.Participants[0].Short}, {meeting.Participants[1].Short} discuss {topic} in {meeting.Place}",
            Published = published,
            PublishedNote = note,
            Dateline = outlet.Agency is not null || outlet.Kyodo ? meeting.Place ?? (outlet.Kyodo ? "Tokyo" : "Moscow") : null,
            Url = rng.Next(2) == 0 ? $"https://{outlet.Domain}/politics/{rng.Next(100000, 2000000)}" : null,
        };

        // Paragraphs of drafted sentences: every template at most once, in a shuffled order.
        var drafts = new List<Draft>();
        var order = Catalog.Shuffle(rng, Enumerable.Range(0, Templates.Length).ToList());
        var wanted = rng.Next(14, 22);
        foreach (var t in order)
        {
            if (drafts.Count >= wanted) break;
            if (Templates[t](ctx) is { } d) drafts.Add(d);
        }

        var lines = new List<(string Text, string? Boilerplate)>
        {
            (rng.Next(2) == 0 ? "All news" : $"Home | Politics | World | Business | {outlet.Name}", "Site navigation"),
            ("", null),
            (article.Headline, null),
            ("", null),
        };
        var placed = new List<(int Line, int Offset, Draft Draft)>();
        string? datelinePrefix = outlet.Agency is not null
            ? $"{city}, {PDate.Months[day.Month - 1]} {day.Day}. /{outlet.Agency}/. "
            : outlet.Kyodo ? $"{city} (Kyodo) -- " : null;
        var di = 0;
        var paragraph = 0;
        while (di < drafts.Count)
        {
            var sb = new StringBuilder();
            if (paragraph == 0 && datelinePrefix is not null) sb.Append(datelinePrefix);
            var count = paragraph == 0 ? 1 : rng.Next(1, 5);
            for (var k = 0; k < count && di < drafts.Count; k++, di++)
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
                placed.Add((lines.Count, sb.Length, drafts[di]));
                sb.Append(drafts[di].Text);
            }
            lines.Add((sb.ToString(), null));
            lines.Add(("", null));
            if (paragraph == 2 && rng.Next(10) == 0)
            {
                lines.Add(($"Photo: {outlet.Name} / archive. {meeting.Participants[0].Short} and {meeting.Participants[1].Short} before the talks", "Photo caption"));
                lines.Add(("", null));
            }
            paragraph++;
        }
        if (rng.Next(2) == 0)
        {
            lines.Add(("Read more:", "Related articles"));
            for (var k = rng.Next(2, 4); k > 0; k--)
                lines.Add(($"{catalog.Leaders[rng.Next(catalog.Leaders.Count)].Short} comments on {Topics[rng.Next(Topics.Length)]}", "Related articles"));
        }
        else
        {
            lines.Add(($"{outlet.Name} relies on its readers. Support independent journalism: donate today.", "Donation appeal"));
        }

        // Join the lines, noting every line's offset and each boilerplate run as a line range.
        var text = new StringBuilder();
        var lineStarts = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            lineStarts.Add(text.Length);
            text.Append(lines[i].Text).Append('\n');
            article.Lines.Add((lines[i].Text, lines[i].Boilerplate is not null));
            if (lines[i].Boilerplate is { } reason && (i == 0 || lines[i - 1].Boilerplate != reason))
            {
                var last = i;
                while (last + 1 < lines.Count && lines[last + 1].Boilerplate == reason) last++;
                article.Boilerplate.Add(new LineRange(i + 1, last == lines.Count - 1 && last > i ? null : last + 1, reason));
            }
        }
        article.Text = text.ToString();
        foreach (var (line, offset, d) in placed)
        {
            var start = lineStarts[line] + offset;
            article.Sentences.Add(new Sentence
            {
                Start = start,
                End = start + d.Text.Length,
                Text = d.Text,
                Mentions = d.About.Distinct().ToList(),
                ClaimText = d.Claim,
                Date = d.Date,
                DateNote = d.Date is null ? null : d.DateNote,
                AccordingTo = d.AccordingTo,
                Planned = d.Planned,
                Marker = d.Marker,
            });
        }
        if (datelinePrefix is not null && outlet.Agency is not null)
            article.Uncited.Add((datelinePrefix.Trim(), "Dateline (recorded as the source's date and place)"));
        return article;
    }

    /// <summary>
    /// A verbatim quote of the sentence that occurs exactly once in the article: a few words around its figure,
    /// or the whole sentence. Null if even the whole sentence is not unique (never expected).
    /// </summary>
    public static Cite? Quote(Random rng, Article article, Sentence s)
    {
        var fold = Text.Fold(article.Text);
        if (rng.Next(2) == 0)
        {
            var words = s.Text.Split(' ');
            var marker = s.Marker.Split(' ')[0];
            var at = Array.FindIndex(words, w => w.TrimEnd(',', '.', ';') == marker);
            if (at >= 0)
            {
                var length = Math.Min(words.Length, rng.Next(6, 15));
                var first = Math.Clamp(at - rng.Next(0, length), 0, Math.Max(0, words.Length - length));
                // Editors start a quote at a word, not inside a parenthesis or after a closing quote mark.
                while (first < at && !char.IsLetterOrDigit(words[first][0]) || first < at && words[first].IndexOfAny([')', '”', ',']) >= 0) first++;
                length = Math.Min(length, words.Length - first);
                var offset = words.Take(first).Sum(w => w.Length + 1);
                var quote = string.Join(' ', words.Skip(first).Take(length)).TrimEnd(',', '.', ';');
                if (quote.Length > 0 && Text.Count(fold, Text.Fold(quote)) == 1)
                    return Finish(quote, s.Start + offset);
            }
        }
        return Text.Count(fold, Text.Fold(s.Text)) == 1 ? Finish(s.Text, s.Start) : null;

        Cite Finish(string quote, int start)
        {
            // Editors often type straight quotes where the article has curly ones; the matcher allows it.
            var written = rng.Next(8) == 0 ? quote.Replace('’', '\'').Replace('“', '"').Replace('”', '"') : quote;
            return new Cite(article, written, start, start + quote.Length);
        }
    }
}
