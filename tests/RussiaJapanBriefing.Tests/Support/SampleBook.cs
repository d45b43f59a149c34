namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// A small, valid book (three seeds, one of them not annotated) used by the verification, site, injection and
/// CLI tests. Each test starts from it and adds or replaces one file, so the diagnostics it sees are its own.
/// </summary>
public static class SampleBook
{
    // Line numbers matter: boilerplate is lines 1 and 8-.
    public const string TassText =
        "All news\n" +                                                                                                              // 1
        "Abe and Putin meet in Moscow\n" +                                                                                          // 2
        "\n" +                                                                                                                      // 3
        "MOSCOW, May 26. /TASS/. Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe met in the Kremlin on Saturday.\n" + // 4
        "The two leaders agreed to continue talks on a peace treaty. \"We are determined to solve the problem,\" Abe said.\n" +      // 5
        "Japan calls Kunashir and Iturup its \u201Cinherent territory\u201D \u2014 a position Moscow rejects.\n" +                 // 6
        "Putin said the talks were useful. The talks were useful, Abe said.\n" +                                                    // 7
        "Subscribe to TASS on Telegram\n";                                                                                          // 8

    public const string KyodoText =
        "Kyodo News\n" +                                                                                                            // 1
        "Putin visits Nagato for talks with Abe\n" +                                                                                // 2
        "\n" +                                                                                                                      // 3
        "TOKYO, Dec. 15 -- Russian President Vladimir Putin arrived in Nagato, Yamaguchi Prefecture, on Thursday for two days of talks with Prime Minister Shinzo Abe.\n" + // 4
        "The 1956 Joint Declaration provides for the handover of Shikotan and the Habomai islets after a peace treaty is signed.\n" + // 5
        "Abe said he hoped to make progress\u2026 \u201Cstep by step.\u201D\n" +                                                  // 6
        "Officials\u00A0said\tthe talks would continue.\n";                                                                          // 7

    public const string UnannotatedText = "Some text about the islands that nobody has annotated yet.\n";

    public const string BookYaml = """
        book:
          title: "Sample briefing: the Kuril Islands"
          summary: |
            A small book for tests, about **Kunashir** and the other islands.
          key_facts: [inherent-territory, declaration-handover]
        """;

    public const string EntitiesYaml = """
        islands:
          - id: kunashir
            name: Kunashir
            aliases:
              - { name: Kunashiri, used_by: Japan }
              - Kunashir Island
            summary: The second-largest of the four disputed islands.
            related: [iturup, shikotan]
          - id: iturup
            name: Iturup
            summary: The largest of the disputed islands.
          - id: shikotan
            name: Shikotan
            summary: A smaller island, named in the Joint Declaration.
            related: [joint-declaration-1956]
            cite:
              - source: kyodo-2016
                quote: Shikotan and the Habomai islets
        leaders:
          - id: abe
            name: Shinzo Abe
            role: Prime Minister of Japan
            country: Japan
            summary: Japanese prime minister.
          - id: putin
            name: Vladimir Putin
            role: President of Russia
            country: Russia
            summary: Russian president.
        treaties:
          - id: joint-declaration-1956
            name: Soviet–Japanese Joint Declaration
            date: 1956-10-19
            status: signed
            summary: Ended the state of war.
        meetings:
          - id: nagato-summit-2016
            name: Nagato summit
            date: 2016-12-15/2016-12-16
            place: Nagato
            format: summit
            participants: [putin, abe]
            summary: Two days of talks in Abe's home prefecture.
          - id: moscow-talks-2018
            name: Moscow talks, May 2018
            date: 2018-05-26
            place: Moscow
            format: talks
            participants: [abe, putin, kremlin-press-service]
            summary: Talks in the Kremlin.
        people:
          - id: kremlin-press-service
            name: Kremlin press service
            role: Press office of the Russian president
            country: Russia
            summary: Speaks for the Kremlin.
        """;

    /// <summary>The TASS annotation with the text of its claim that Putin called the talks useful replaced: an edit that keeps every id.</summary>
    public static string TassYamlWithTalksClaim(string text) => TassYaml.Replace("text: Putin called the talks useful.", $"text: {text}");

    public const string TassYaml = """
        sources:
          - id: tass-2018
            outlet: TASS
            headline: Abe and Putin meet in Moscow
            url: https://tass.com/example
            published: 2018-05-26
            dateline: Moscow
            boilerplate:
              - lines: 1
                reason: Site navigation
              - lines: 8-
                reason: Subscription appeal

        claims:
          - id: moscow-meeting
            text: Putin and Abe met in the Kremlin.
            about: [putin, abe, moscow-talks-2018]
            date: 2018-05-26
            date_note: "“on Saturday” in an article datelined May 26"
            cite:
              - source: tass-2018
                quote: Shinzo Abe met in the Kremlin on Saturday
          - id: inherent-territory
            text: Japan calls Kunashir and Iturup its *inherent territory*.
            about: [kunashir, iturup]
            according_to: TASS
            cite:
              - source: tass-2018
                quote: Japan calls Kunashir and Iturup its "inherent territory" -- a position Moscow rejects
          - id: talks-useful
            text: Putin called the talks useful.
            about: [putin, moscow-talks-2018]
            date: 2018-05
            cite:
              - source: tass-2018
                quote: talks were useful
                context: Putin said the talks were useful
          - id: peace-treaty-talks
            text: The leaders agreed to keep negotiating a peace treaty.
            about: [abe, putin]
            date: 2018-05-26
            cite:
              - source: tass-2018
                quote: agreed to continue talks on a peace treaty
          - id: leaders-have-met
            text: Putin and Abe have held talks in both countries.
            about: [abe, putin]
            cite:
              - source: tass-2018
                quote: Russian President Vladimir Putin and Japanese Prime Minister
              - source: kyodo-2016
                quote: for two days of talks with Prime Minister Shinzo Abe
        """;

    public const string KyodoYaml = """
        sources:
          - id: kyodo-2016
            outlet: Kyodo
            headline: Putin visits Nagato for talks with Abe
            published: 2016-12-15
            published_note: The dateline gives no year; the summit was in 2016.
            boilerplate:
              - lines: 1
                reason: Masthead

        claims:
          - id: nagato-arrival
            text: Putin arrived in Nagato for talks with Abe.
            about: [putin, nagato-summit-2016]
            date: 2016-12-15
            cite:
              - source: kyodo-2016
                quote: arrived in Nagato, Yamaguchi Prefecture, on Thursday
          - id: declaration-handover
            text: The Joint Declaration provides for handing over Shikotan and the Habomai islets after a peace treaty.
            about: [joint-declaration-1956, shikotan]
            cite:
              - source: kyodo-2016
                quote: provides for the handover of Shikotan and the Habomai islets after a peace treaty is signed
          - id: step-by-step
            text: Abe hoped for progress "step by step".
            about: abe
            date: "2016-12%"
            cite:
              - source: kyodo-2016
                quote: hoped to make progress... "step by step."
          - id: officials-continue
            text: Officials said the talks would continue.
            about: [nagato-summit-2016]
            date: 2016-12-15/2016-12-16
            cite:
              - source: kyodo-2016
                quote: Officials said the talks would continue
        """;

    public const string DisagreementsYaml = """
        disagreements:
          - id: talks-outcome
            topic: What the Moscow talks achieved
            about: [moscow-talks-2018, putin]
            claims: [talks-useful, peace-treaty-talks]
            note: TASS has Putin calling the talks *useful*; it also reports agreement to keep negotiating.
            kind: positions
            wording:
              - allow: RJB0805
                reason: A sample of an allowance; the claims state what the talks achieved without naming a side.
        """;

    /// <summary>The seed files of the sample, by id.</summary>
    public static readonly IReadOnlyList<(string Id, string Text)> SeedFiles =
        [("tass-2018", TassText), ("kyodo-2016", KyodoText), ("unannotated-2019", UnannotatedText)];

    /// <summary>The annotation files of the sample, by path relative to content/.</summary>
    public static readonly IReadOnlyList<(string Path, string Yaml)> ContentFiles =
    [
        ("book.yaml", BookYaml), ("entities.yaml", EntitiesYaml), ("disagreements.yaml", DisagreementsYaml),
        ("sources/tass-2018.yaml", TassYaml), ("sources/kyodo-2016.yaml", KyodoYaml),
    ];

    /// <summary>A fresh temp book holding the sample.</summary>
    public static TempBook Create(string? theme = null)
    {
        var book = new TempBook(theme);
        Write(book);
        return book;
    }

    public static void Write(TempBook book)
    {
        foreach (var (id, text) in SeedFiles) book.Seed(id, text);
        foreach (var (path, yaml) in ContentFiles) book.Yaml(path, yaml);
    }

    public const int ClaimCount = 9;
    public const int EntityCount = 9;
}
