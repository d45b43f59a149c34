namespace RussiaJapanBriefing.Verification.Wording;

/// <summary>RJB0801: one side's word for the dispute in the book's own voice.</summary>
public static class ContestedTermsCheck
{
    public static IEnumerable<Finding> Find(WordedText text, ContestedVocabulary vocabulary) =>
        !text.OwnVoice ? [] : vocabulary.InOwnVoice(text.Text.Value).Select(use => new Finding(Codes.ContestedTerm, text.Text.Location,
            $"{text.What} says \"{use.Found}\", {Possessive(use.Side)} term, in the book's own voice",
            $"attribute it (according_to, or \"{use.Side} calls …\" in the same sentence), quote it, or reword; if it must stay, add 'wording: [{{ allow: {Codes.ContestedTerm}, term: {use.Term}, reason: … }}]'",
            use.Term));

    private static string Possessive(string side) => side.EndsWith('s') ? side + "’" : side + "’s";
}
