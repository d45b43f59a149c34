using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Annotations;

/// <summary>The keys each kind of YAML mapping allows; any other key is reported where it stands.</summary>
public static partial class AnnotationLoader
{
    private static readonly string[] Sections = ["book", "sources", "claims", "disagreements", .. EntityKinds.All.Select(k => k.Section())];
    private static readonly string[] DisagreementKeys = ["id", "topic", "kind", "note", "about", "claims", "wording"];
    private static readonly string[] DisagreementKindNames = ["sources", "positions"];
    private static readonly string[] BookKeys = ["title", "summary", "key_facts", "contested_terms", "wording"];
    private static readonly string[] ContestedTermsKeys = ["side", "names", "terms"];
    private static readonly string[] WordingKeys = ["allow", "term", "reason"];
    private static readonly string[] SourceKeys = ["id", "outlet", "headline", "url", "published", "published_note", "dateline", "boilerplate", "uncited", "draft"];
    private static readonly string[] UncitedKeys = ["quote", "reason"];
    private static readonly string[] BoilerplateKeys = ["lines", "reason"];
    private static readonly string[] EntityKeys = ["id", "name", "summary", "aliases", "related", "cite", "wording", "key_facts"];
    private static readonly string[] AliasKeys = ["name", "used_by", "note"];
    private static readonly string[] ClaimKeys = ["id", "text", "about", "date", "date_note", "according_to", "planned", "cite", "wording"];
    private static readonly string[] CitationKeys = ["source", "quote", "context"];

    private static string[] KeysOf(EntityKind kind) => [.. EntityKeys, .. kind.Row().Fields.Select(f => f.Key)];
}
