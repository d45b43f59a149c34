using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>
/// RJB0804 and RJB0805: a disagreement is what its kind says. "Sources differ" needs claims citing at least two
/// different sources; "positions differ" needs every claim to say whose position it is.
/// </summary>
public static class DisagreementCheck
{
    public static IEnumerable<Finding> Find(DisagreementAnnotation d, IReadOnlyDictionary<string, ClaimAnnotation> claims)
    {
        var sides = d.Claims.Select(c => claims.GetValueOrDefault(c.Value)).OfType<ClaimAnnotation>().ToList();
        if (d.Kind == DisagreementKind.Sources)
        {
            var sources = sides.SelectMany(c => c.Citations.Select(ci => ci.Source.Value)).Distinct().ToList();
            if (sides.Count == d.Claims.Count && sources.Count < 2)
                yield return new Finding(Codes.SingleSourceDifference, d.Id.Location,
                    $"disagreement '{d.Id.Value}' is of kind sources, but all its claims cite {(sources.Count == 1 ? $"one source, {sources[0]}" : "no source")}",
                    "one source cannot differ from itself: if it reports sides that take different positions, use 'kind: positions'");
        }
        else
        {
            var unattributed = sides.Where(c => c.AccordingTo is null).Select(c => c.Id.Value).ToList();
            if (unattributed.Count > 0)
                yield return new Finding(Codes.UnattributedPosition, d.Id.Location,
                    $"disagreement '{d.Id.Value}' is of kind positions, but {string.Join(", ", unattributed.Select(id => $"'{id}'"))} {(unattributed.Count == 1 ? "says" : "say")} whose position it is nowhere",
                    "give each claim an 'according_to' naming the side whose position it reports");
        }
    }
}
