using RussiaJapanBriefing.Annotations;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// A piece of the editor's prose as the wording checks see it: a claim's text, an entity summary, a disagreement
/// note or the book's summary, with what backs it.
/// </summary>
/// <param name="What">How diagnostics name it: "claim 'x'", "the summary of 'kunashir'".</param>
/// <param name="OwnVoice">False when the text is attributed (a claim with according_to): its words are then someone's.</param>
/// <param name="Evidence">Where its figures must appear (quotes, date, date note); null when it cites nothing and so is not held to that.</param>
/// <param name="Quotes">Its citations' quotes, named in messages.</param>
public sealed record WordedText(
    string What,
    Located<string> Text,
    bool OwnVoice,
    IReadOnlyList<string>? Evidence,
    IReadOnlyList<string> Quotes);
