namespace SyntheticBook;

/// <summary>
/// The book's topics. Counts grow sublinearly with the number of sources, roughly as a real briefing book's do:
/// a handful of islands, about N/20 leaders, people and treaties, and about N/5 meetings.
/// </summary>
public sealed class Catalog
{
    public List<Entity> Islands { get; } = [];
    public List<Entity> Leaders { get; } = [];
    public List<Entity> Treaties { get; } = [];
    public List<Entity> Meetings { get; } = [];
    public List<Entity> People { get; } = [];
    public IEnumerable<Entity> All => Islands.Concat(Leaders).Concat(Treaties).Concat(Meetings).Concat(People);

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    private static readonly (string Name, string Japanese, string? RussianForm)[] IslandNames =
    [
        ("Iturup", "Etorofu", null), ("Kunashir", "Kunashiri", null), ("Shikotan", "Shikotan", null),
        ("Habomai", "Habomai Islands", "Malaya Kurilskaya Gryada"), ("Urup", "Uruppu", null), ("Simushir", "Shimushiru", null),
        ("Paramushir", "Paramushiru", null), ("Shumshu", "Shumushu", null), ("Onekotan", "Onnekotan", null), ("Matua", "Matsuwa", null),
    ];

    private static readonly string[] RuFirstMale = ["Alexei", "Andrei", "Boris", "Dmitry", "Fyodor", "Gennady", "Igor", "Ivan", "Konstantin", "Leonid", "Maxim", "Mikhail", "Nikolai", "Oleg", "Pavel", "Roman", "Sergei", "Stanislav", "Vadim", "Viktor", "Vladimir", "Yevgeny", "Yuri", "Arkady"];
    private static readonly string[] RuFirstFemale = ["Anna", "Elena", "Irina", "Maria", "Natalia", "Olga", "Svetlana", "Tatiana", "Valentina", "Yulia"];
    private static readonly string[] RuLast = ["Antonov", "Belov", "Bogdanov", "Volkov", "Gusev", "Denisov", "Egorov", "Zaitsev", "Ivanov", "Kozlov", "Kuznetsov", "Lebedev", "Makarov", "Morozov", "Nikitin", "Novikov", "Orlov", "Pavlov", "Popov", "Romanov", "Semenov", "Smirnov", "Sokolov", "Sorokin", "Stepanov", "Tarasov", "Titov", "Fedorov", "Frolov", "Kharitonov", "Chernov", "Sharov", "Yakovlev", "Zhukov", "Karpov", "Belyaev", "Golubev", "Vinogradov", "Gromov", "Markov"];
    private static readonly string[] JpFirst = ["Akira", "Daisuke", "Haruto", "Hiroshi", "Ichiro", "Kazuo", "Kenji", "Koichi", "Makoto", "Masahiro", "Noboru", "Ryota", "Satoshi", "Shigeru", "Takeshi", "Taro", "Tomohiro", "Yoshihide", "Yuichi", "Fumio", "Aiko", "Emi", "Haruka", "Keiko", "Mariko", "Naomi", "Sachiko", "Yoko", "Yumiko", "Yuko"];
    private static readonly string[] JpLast = ["Aoki", "Endo", "Fujita", "Hayashi", "Ikeda", "Inoue", "Ishikawa", "Ito", "Kato", "Kimura", "Kobayashi", "Kondo", "Maeda", "Matsumoto", "Mori", "Nakamura", "Nakajima", "Ogawa", "Okada", "Saito", "Sakamoto", "Sasaki", "Shimizu", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Yamada", "Yamaguchi", "Yamamoto", "Yoshida", "Hasegawa", "Murakami", "Nishimura"];

    private static readonly string[] RuLeaderRoles = ["President of Russia", "Prime Minister of Russia", "Foreign Minister of Russia", "Defence Minister of Russia", "Governor of Sakhalin Oblast", "Deputy Prime Minister of Russia", "Chairman of the Federation Council", "Head of the Kuril District"];
    private static readonly string[] JpLeaderRoles = ["Prime Minister of Japan", "Foreign Minister of Japan", "Defence Minister of Japan", "Chief Cabinet Secretary of Japan", "Governor of Hokkaido", "Mayor of Nemuro", "Minister for Okinawa and Northern Territories Affairs", "Speaker of the House of Representatives"];
    private static readonly string[] RuPersonRoles = ["Kremlin spokesman", "Foreign Ministry spokeswoman", "Deputy Foreign Minister", "Ambassador of Russia to Japan", "analyst at the Carnegie Moscow Center", "correspondent for TASS", "head of a fishing cooperative on Kunashir", "member of the State Duma"];
    private static readonly string[] JpPersonRoles = ["spokesman of the Foreign Ministry", "Ambassador of Japan to Russia", "former island resident", "head of the Chishima Habomai Islands Residents League", "correspondent for Kyodo", "professor at Hokkaido University", "member of the House of Councillors", "Deputy Chief Cabinet Secretary"];

    private static readonly string[] TreatyTopics = ["Peace Treaty", "Joint Declaration", "Fisheries Agreement", "Visa-Free Exchange Agreement", "Joint Economic Activity Agreement", "Grave Visits Agreement", "Maritime Safety Agreement", "Investment Protection Agreement", "Cultural Exchange Memorandum", "Energy Cooperation Memorandum", "Customs Cooperation Agreement", "Scientific Cooperation Agreement", "Tourism Pilot Programme Agreement", "Air Services Agreement", "Double Taxation Convention", "Environmental Protection Agreement", "Disaster Relief Memorandum", "Border Demarcation Protocol", "Humanitarian Access Protocol", "Wildlife Conservation Agreement", "Action Plan", "Tokyo Declaration", "Moscow Declaration", "Irkutsk Statement"];
    private static readonly string[] TreatyStatus = ["signed", "in force", "in force", "sought, not signed", "expired", "under negotiation", "signed, not ratified"];

    public static readonly string[] Places = ["Moscow", "Tokyo", "Vladivostok", "Sochi", "Osaka", "Nagato", "Singapore", "Yuzhno-Sakhalinsk", "Kurilsk", "Nemuro", "Sapporo", "St Petersburg", "Beijing", "Buenos Aires", "Hanoi", "Da Nang", "Hamburg", "New York", "Geneva", "Lima", "Irkutsk", "Khabarovsk"];
    private static readonly string[] Formats = ["summit", "visit", "talks", "talks", "phone call", "phone call", "video call", "consultations"];

    public static Catalog Build(Random rng, int sources)
    {
        var c = new Catalog();
        var islands = Math.Clamp(4 + (int)Math.Round(1.5 * Math.Log10(Math.Max(sources, 1))), 4, 10);
        var leaders = Math.Max(5, sources / 20);
        var people = Math.Max(5, sources / 20);
        var treaties = Math.Max(5, sources / 20);
        var meetings = Math.Max(10, sources / 5);

        foreach (var (name, japanese, russianForm) in IslandNames.Take(islands))
        {
            var e = new Entity { Kind = Kind.Island, Id = c.NewId(name), Name = name, Short = name };
            e.Aliases.Add(new AliasInfo(japanese, "Japan", japanese == name ? "The same name in Japanese usage." : null));
            e.Aliases.Add(new AliasInfo(russianForm ?? name, "Russia", null));
            c.Islands.Add(e);
        }

        // Names drawn without replacement, so no two people share one.
        var ru = (from f in RuFirstMale.Concat(RuFirstFemale) from l in RuLast select (f, l, Russia: true)).ToList();
        var jp = (from f in JpFirst from l in JpLast select (f, l, Russia: false)).ToList();
        var names = new Queue<(string First, string Last, bool Russia)>(Shuffle(rng, ru.Concat(jp).ToList()));
        for (var i = 0; i < leaders + people; i++)
        {
            var (first, last, russia) = names.Count > 0 ? names.Dequeue() : ("Alex", $"Person{i}", i % 2 == 0);
            var female = russia ? RuFirstFemale.Contains(first) : Array.IndexOf(JpFirst, first) >= 20;
            var surname = russia && female ? last + "a" : last;
            var leader = i < leaders;
            var roles = leader ? (russia ? RuLeaderRoles : JpLeaderRoles) : (russia ? RuPersonRoles : JpPersonRoles);
            var from = rng.Next(1990, 2022);
            var role = roles[rng.Next(roles.Length)] + (!leader ? "" : rng.Next(4) == 0 ? $", since {from}" : $", {from}–{from + rng.Next(1, 9)}");
            var e = new Entity
            {
                Kind = leader ? Kind.Leader : Kind.Person,
                Id = c.NewId($"{first} {surname}"),
                Name = $"{first} {surname}",
                Short = surname,
                Role = role,
                Country = russia ? "Russia" : "Japan",
            };
            if (russia && first.EndsWith('i')) e.Aliases.Add(new AliasInfo($"{first[..^1]}y {surname}", null, "An alternative transliteration."));
            if (rng.Next(3) == 0) e.Aliases.Add(new AliasInfo($"{first[0]}. {surname}", null, null));
            (leader ? c.Leaders : c.People).Add(e);
        }

        var treatyNames = Shuffle(rng, (from t in TreatyTopics from y in Enumerable.Range(1945, 80) select (t, y)).ToList());
        foreach (var (topic, year) in treatyNames.Take(treaties))
        {
            var status = TreatyStatus[rng.Next(TreatyStatus.Length)];
            PDate? date = status.StartsWith("sought") || status == "under negotiation"
                ? (rng.Next(3) == 0 ? PDate.Year(year, "~") : null)
                : rng.Next(4) switch
                {
                    0 => PDate.Year(year),
                    1 => PDate.Month(year, rng.Next(1, 13)),
                    2 => PDate.Year(year, rng.Next(2) == 0 ? "?" : "~"),
                    _ => PDate.Day(new DateOnly(year, rng.Next(1, 13), rng.Next(1, 29))),
                };
            var name = $"{topic} of {year}";
            var e = new Entity { Kind = Kind.Treaty, Id = c.NewId(name), Name = name, Short = $"{year} {topic.ToLowerInvariant()}", Date = date, Status = status };
            if (rng.Next(2) == 0) e.Aliases.Add(new AliasInfo($"the {year} {topic.ToLowerInvariant()}", null, null));
            c.Treaties.Add(e);
        }

        var talkers = c.Leaders.Concat(c.People).ToList();
        var leadersOf = c.Leaders.ToLookup(l => l.Country);
        for (var i = 0; i < meetings; i++)
        {
            // Most meetings pair a Russian and a Japanese leader; a few bring in a spokesman or a minister.
            var a = c.Leaders[rng.Next(c.Leaders.Count)];
            var others = leadersOf[a.Country == "Russia" ? "Japan" : "Russia"].ToList();
            var b = others.Count > 0 ? others[rng.Next(others.Count)] : c.People[rng.Next(c.People.Count)];
            var participants = new List<Entity> { a, b };
            if (rng.Next(4) == 0)
            {
                var third = talkers[rng.Next(talkers.Count)];
                if (!participants.Contains(third)) participants.Add(third);
            }
            var format = Formats[rng.Next(Formats.Length)];
            var place = Places[rng.Next(Places.Length)];
            var start = new DateOnly(rng.Next(1993, 2025), rng.Next(1, 13), rng.Next(1, 29));
            var date = format.Contains("call") || rng.Next(3) > 0 ? PDate.Day(start) : PDate.Range(start, start.AddDays(rng.Next(1, 4)));
            var name = format.Contains("call")
                ? $"{a.Short}–{b.Short} {format} ({PDate.Months[start.Month - 1]} {start.Year})"
                : $"{a.Short}–{b.Short} {format} in {place} ({PDate.Months[start.Month - 1]} {start.Year})";
            var e = new Entity
            {
                Kind = Kind.Meeting,
                Id = c.NewId($"{a.Short} {b.Short} {(format.Contains("call") ? format : place)} {start:yyyy-MM}"),
                Name = name,
                Short = name,
                Date = date,
                Place = format.Contains("call") ? null : place,
                Format = format,
            };
            e.Participants.AddRange(participants);
            c.Meetings.Add(e);
        }
        c.Meetings.Sort((x, y) => x.Date!.First.CompareTo(y.Date!.First));

        // Related links: a web, not a tree, with links across kinds.
        var all = c.All.ToList();
        foreach (var e in all)
        {
            var wanted = rng.Next(1, 5);
            if (e.Kind == Kind.Meeting) e.Related.AddRange(e.Participants.Select(p => p.Id));
            if (e.Kind == Kind.Island) e.Related.AddRange(c.Islands.Where(i => i != e).Take(3).Select(i => i.Id));
            for (var k = 0; k < wanted; k++)
            {
                var pool = k % 2 == 0 ? c.Islands.Concat(c.Treaties).ToList() : all;
                var r = pool[rng.Next(pool.Count)];
                if (r != e && !e.Related.Contains(r.Id)) e.Related.Add(r.Id);
            }
        }
        return c;
    }

    private string NewId(string name)
    {
        var slug = Text.Slug(name);
        if (slug.Length > 70) slug = slug[..70].TrimEnd('-');
        var id = slug;
        for (var n = 2; !_ids.Add(id); n++) id = $"{slug}-{n}";
        return id;
    }

    public static List<T> Shuffle<T>(Random rng, List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
