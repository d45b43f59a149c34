namespace RussiaJapanBriefing.Model;

/// <summary>The kinds of topic the book has a page for; <see cref="EntityKinds.Table"/> says everything else about each.</summary>
public enum EntityKind { Island, Leader, Treaty, Meeting, Person }

/// <summary>How a field's value is written in YAML, checked, resolved and shown.</summary>
public enum FieldType
{
    /// <summary>Plain text, shown as written; prose for readers, so not in book.json.</summary>
    Text,

    /// <summary>A partial date (EDTF); shown as the row's <see cref="KindRow.SchemaDates"/> in schema.org.</summary>
    Date,

    /// <summary>A list of entity ids (one id is a one-item list); each must name an entity of the field's schema.org type.</summary>
    References,
}

/// <summary>
/// A field some kinds have beyond the ones every entity has. <paramref name="Key"/> is its YAML key, also its name in
/// templates and book.json. <paramref name="SchemaProperty"/> is the schema.org property it shows as (none: not shown
/// in JSON-LD); <paramref name="SchemaType"/> is, for text, the type of the node the value names (a nationality is a
/// Country), and for references the type of the entities it may name, and so which kinds (none: any kind).
/// </summary>
public sealed record EntityField(string Key, FieldType Type, string? SchemaProperty = null, string? SchemaType = null);

/// <summary>Every field a kind may have, declared once; a row of <see cref="EntityKinds.Table"/> lists its own.</summary>
public static class EntityFields
{
    public static readonly EntityField Role = new("role", FieldType.Text, "jobTitle");
    public static readonly EntityField Country = new("country", FieldType.Text, "nationality", "Country");
    public static readonly EntityField Date = new("date", FieldType.Date);
    public static readonly EntityField Status = new("status", FieldType.Text, "legislationLegalForce");
    public static readonly EntityField Place = new("place", FieldType.Text, "location", "Place");
    public static readonly EntityField Format = new("format", FieldType.Text); // schema.org has no property for how a meeting was held
    public static readonly EntityField Participants = new("participants", FieldType.References, "attendee", "Person");
}

/// <summary>
/// One kind of topic: <paramref name="Section"/> is both its YAML section and its output folder (so a page's URL says
/// where its annotation lives); <paramref name="SchemaType"/> is its schema.org type; <paramref name="Fields"/> are
/// its own YAML keys, in the order they are listed and shown; <paramref name="SchemaDates"/> names the schema.org
/// properties its date shows as (the start, and the end of a range when the type has one).
/// </summary>
public sealed record KindRow(EntityKind Kind, string Section, string Title, string Singular, string SchemaType,
    IReadOnlyList<EntityField> Fields, (string Start, string? End)? SchemaDates = null)
{
    public bool Has(EntityField field) => Fields.Contains(field);
}

/// <summary>
/// The one table of kinds. Every place that treats kinds differently (YAML keys and values, references, titles,
/// folders, schema.org, book.json, the template model) reads this table, so a new kind is a new row here (plus, for a
/// field of its own, its declaration in <see cref="EntityFields"/> and the template that shows it).
/// </summary>
public static class EntityKinds
{
    public static readonly IReadOnlyList<KindRow> Table =
    [
        new(EntityKind.Island, "islands", "Islands", "Island", "Place", []),
        new(EntityKind.Leader, "leaders", "Leaders", "Leader", "Person", [EntityFields.Role, EntityFields.Country]),
        new(EntityKind.Treaty, "treaties", "Treaties and declarations", "Treaty", "Legislation", [EntityFields.Date, EntityFields.Status],
            ("legislationDate", null)),
        new(EntityKind.Meeting, "meetings", "Meetings", "Meeting", "Event",
            [EntityFields.Date, EntityFields.Place, EntityFields.Format, EntityFields.Participants], ("startDate", "endDate")),
        new(EntityKind.Person, "people", "People", "Person", "Person", [EntityFields.Role, EntityFields.Country]),
    ];

    public static readonly IReadOnlyList<EntityKind> All = Table.Select(row => row.Kind).ToList();

    /// <summary>Every field of any kind, in the order the table first lists them.</summary>
    public static readonly IReadOnlyList<EntityField> Fields = Table.SelectMany(row => row.Fields).Distinct().ToList();

    /// <summary>The row of a kind; a kind without one is a bug, never a silent default.</summary>
    public static KindRow Row(this EntityKind kind) =>
        Table.FirstOrDefault(row => row.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "a kind with no row in EntityKinds.Table");

    public static string Section(this EntityKind kind) => kind.Row().Section;

    public static string Title(this EntityKind kind) => kind.Row().Title;

    public static string Singular(this EntityKind kind) => kind.Row().Singular;

    /// <summary>The kinds a field of this kind may name, e.g. a meeting's participants are people (schema.org Person).</summary>
    public static IReadOnlyList<EntityKind> OfSchemaType(string schemaType) =>
        Table.Where(row => row.SchemaType == schemaType).Select(row => row.Kind).ToList();
}
