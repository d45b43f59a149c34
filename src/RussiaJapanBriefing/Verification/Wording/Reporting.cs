namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// The words that make a passage someone's account rather than the book's: one list, used by every check.
/// "claim" is not among them: in this dispute it means a claim to territory ("held by Russia and claimed by Japan").
/// </summary>
public static class Reporting
{
    /// <summary>Verbs of speech and report: a quote holding one reports what someone said.</summary>
    public static readonly IReadOnlyList<string> Speech =
    [
        "said", "says", "say", "saying", "told", "tells", "tell", "according to", "reported", "reports", "reportedly",
        "quoted", "stated", "states", "stressed", "noted", "added", "announced", "declared", "highlighted", "emphasised",
        "emphasized", "pointed out", "insisted", "confirmed",
    ];

    /// <summary>Words that attribute a name or a framing to someone ("Japan calls them…", "what Russia terms…").</summary>
    public static readonly IReadOnlyList<string> Naming =
    [
        .. Speech, "call", "calls", "called", "term", "terms", "termed", "refer to", "refers to", "referred to", "describe", "describes",
        "described", "name", "names", "named", "consider", "considers", "regard", "regards", "maintain", "maintains",
        "position", "view", "views", "insist", "insists", "usage", "known as", "known in",
    ];
}
