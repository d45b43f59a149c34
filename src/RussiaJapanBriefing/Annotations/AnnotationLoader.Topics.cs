using RussiaJapanBriefing.Model;
using YamlDotNet.RepresentationModel;

namespace RussiaJapanBriefing.Annotations;

public static partial class AnnotationLoader
{
    /// <summary>The readers of topics: the entity sections (one per row of the table of kinds), claims and disagreements.</summary>
    private sealed partial class Loader
    {
        private void ReadEntity(EntityKind kind, YamlNode node, string path)
        {
            var r = new MapReader(node, path, $"an entry of '{kind.Section()}'", diagnostics, KeysOf(kind));
            var id = r.Id();
            var name = r.String("name", required: true);
            var summary = r.Markdown("summary", required: true);
            var aliases = new List<Alias>();
            foreach (var item in r.Items("aliases"))
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } plain })
                {
                    aliases.Add(new Alias(plain, null, null));
                    continue;
                }
                var a = new MapReader(item, path, "an alias", diagnostics, AliasKeys);
                var aliasName = a.String("name", required: true);
                if (a.Ok) aliases.Add(new Alias(aliasName!, a.String("used_by"), a.String("note")));
                else r.Invalidate();
            }
            var related = r.Ids("related");
            var values = new FieldValues<Located<string>>();
            // Every field of any kind: a key this kind does not have is reported as unknown, and its value is still
            // checked, so one run tells both. A list the kind has is there even when empty.
            foreach (var field in EntityKinds.Fields.Where(f => kind.Row().Has(f) || r.Node(f.Key) is not null))
                values = field.Type switch
                {
                    FieldType.Text => values.With(field, r.String(field.Key)),
                    FieldType.Date => values.With(field, r.Date(field.Key)),
                    FieldType.References => values.With(field, r.Ids(field.Key)),
                    _ => throw new InvalidOperationException($"no reader for {field.Type} fields"),
                };
            var citations = ReadCitations(r, path);
            var wording = ReadWording(r, path);
            var keyFacts = r.Ids("key_facts");
            if (!r.Ok || id is null) { Broken(id); return; }
            _entities.Add(new EntityAnnotation(r.Location, kind, id, name!, summary!, aliases, related, values, citations, wording)
            { KeyFacts = keyFacts });
        }

        private void ReadClaim(YamlNode node, string path)
        {
            var r = new MapReader(node, path, "a claim", diagnostics, ClaimKeys);
            var id = r.Id();
            var text = r.Markdown("text", statement: true, required: true);
            var about = r.Ids("about", required: true);
            var date = r.Date("date");
            var planned = r.Flag("planned");
            var cite = r.Node("cite");
            var citations = ReadCitations(r, path);
            var wording = ReadWording(r, path);
            // Absent, null ("cite:", "cite: ~") or an empty list: all mean no citation. A claim that is not even a
            // mapping has already been reported as such.
            if (r.IsMapping && citations.Count == 0 && (cite is null || cite is YamlScalarNode || cite is YamlSequenceNode { Children.Count: 0 }))
                r.Fail(Codes.NoCitation, cite is null ? r.Location : r.At(cite), $"claim '{id?.Value}' has no citation: every claim must cite a passage of a source",
                    "add 'cite:' with a 'source' and a verbatim 'quote'");
            if (!r.Ok || id is null) { Broken(id); return; }
            _claims.Add(new ClaimAnnotation(r.Location, id, text!, about, date, r.String("date_note"), r.String("according_to"), planned, citations, wording));
        }

        private List<CitationAnnotation> ReadCitations(MapReader r, string path)
        {
            var citations = new List<CitationAnnotation>();
            foreach (var item in r.Items("cite"))
            {
                var c = new MapReader(item, path, "a citation", diagnostics, CitationKeys);
                var source = c.Text("source", required: true);
                var quote = c.Text("quote");
                if (c.Ok && (quote is null || string.IsNullOrWhiteSpace(quote.Value)))
                    c.Fail(Codes.EmptyQuote, quote?.Location ?? c.Location, "the citation has no quote", "copy the passage verbatim from the source");
                var context = c.Text("context");
                if (c.Ok) citations.Add(new CitationAnnotation(c.Location, source!, quote!, context));
                else r.Invalidate();
            }
            return citations;
        }

        private void ReadDisagreement(YamlNode node, string path)
        {
            var r = new MapReader(node, path, "a disagreement", diagnostics, DisagreementKeys);
            var id = r.Id();
            var topic = r.String("topic", required: true);
            var about = r.Ids("about", required: true);
            var claims = r.Ids("claims", required: true);
            var note = r.Markdown("note");
            // No default: whether sources differ or sides do is the editor's call, and the badge says it.
            var kind = r.Text("kind", required: true);
            if (kind is not null && !DisagreementKindNames.Contains(kind.Value))
                r.Fail(Codes.WrongType, kind.Location, $"'kind' must be sources or positions, not '{kind.Value}'",
                    "sources: the sources differ about a fact; positions: the sides take different positions, reported by any source");
            var wording = ReadWording(r, path);
            if (claims.Select(c => c.Value).Distinct().Count() is var distinct && distinct < 2 && r.Ok)
                r.Fail(Codes.TooFewClaims, r.Location, "a disagreement sets at least two different claims side by side");
            if (!r.Ok || id is null) return;
            _disagreements.Add(new DisagreementAnnotation(r.Location, id, topic!, note, about, claims,
                kind!.Value == "sources" ? DisagreementKind.Sources : DisagreementKind.Positions, wording));
        }

        /// <summary>A list of plain strings; a single string is accepted in place of a one-item list.</summary>
        private static List<string> Strings(MapReader r, string key)
        {
            if (r.Node(key) is YamlScalarNode { Value: { Length: > 0 } single }) return [single];
            var result = new List<string>();
            foreach (var item in r.Items(key))
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } value }) result.Add(value);
                else r.Fail(Codes.WrongType, r.At(item), $"each entry of '{key}' must be text");
            }
            return result;
        }

        /// <summary>
        /// The wording checks an item is allowed to fail, each with its reason: the reason is what a reviewer reads, so
        /// an allowance without one is an error.
        /// </summary>
        private List<WordingAllowance> ReadWording(MapReader r, string path)
        {
            var allowances = new List<WordingAllowance>();
            foreach (var item in r.Items("wording"))
            {
                var w = new MapReader(item, path, "a wording entry", diagnostics, WordingKeys);
                var code = w.Text("allow", required: true);
                var term = w.String("term");
                var reason = w.String("reason", required: true);
                if (w.Ok) allowances.Add(new WordingAllowance(code!, term, reason!));
                else r.Invalidate();
            }
            return allowances;
        }
    }
}
