using System.Text.RegularExpressions;
using RussiaJapanBriefing.Annotations;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// RJB0803: every quote of a claim reports what someone said, but the claim states it as fact: neither an
/// according_to nor its own text says whose account it is.
/// </summary>
public static partial class AttributionCheck
{
    public static IEnumerable<Finding> Find(ClaimAnnotation claim)
    {
        if (claim.AccordingTo is not null || claim.Citations.Count == 0) return [];
        if (!claim.Citations.All(c => OwnVoice.Names(c.Quote.Value, Reporting.Speech))) return [];
        if (OwnVoice.Names(OwnVoice.Unquoted(claim.Text.Value), Reporting.Naming)) return [];
        var speaker = claim.Citations.Select(c => Speaker().Match(c.Quote.Value)).FirstOrDefault(m => m.Success)?.Groups["who"].Value;
        return [new Finding(Codes.UnattributedSpeech, claim.Text.Location,
            $"claim '{claim.Id.Value}' states as fact what its quotes report someone saying",
            speaker is null ? "add 'according_to:' naming who says it" : $"add 'according_to: {speaker}', or name who says it in the text")];
    }

    // The capitalised words just before a verb of speech ("Dmitry Peskov said"), or after "according to".
    [GeneratedRegex(@"(?<who>(?:\p{Lu}[\p{L}.’'-]*\s+){0,3}\p{Lu}[\p{L}.’'-]*)[,]?\s+(?:said|says|told|stressed|noted|added|announced|stated|highlighted|was quoted)\b|according to (?<who>(?:the\s+)?(?:\p{Lu}[\p{L}.’'-]*\s*){1,4})",
        RegexOptions.CultureInvariant)]
    private static partial Regex Speaker();
}
