namespace RussiaJapanBriefing.Model;

/// <summary>The kinds of topic the book has a page for; <see cref="EntityKinds.Table"/> says everything else about each.</summary>
public enum EntityKind { Island, Leader, Treaty, Meeting, Person }

/// <summary>A field some kinds have beyond the ones every entity has; its YAML key is <see cref="EntityKinds.Key"/>.</summary>
public enum EntityField { Role, Country, Date, Status, Place, Format, Participants }

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
/// The one table of kinds. Every place that treats kinds differently (YAML keys, titles, folders, schema.org,
/// book.json) reads this table, so a new kind is a new row here (plus, for a field of its own, its reader and template).
/// </summary>
public static class EntityKinds
{
    public static readonly IReadOnlyList<KindRow> Table =
    [
        new(EntityKind.Island, "islands", "Islands", "Island", "Place", []),
        new(EntityKind.Leader, "leaders", "Leaders", "Leader", "Person", [EntityField.Role, EntityField.Country]),
        new(EntityKind.Treaty, "treaties", "Treaties and declarations", "Treaty", "Legislation", [EntityField.Date, EntityField.Status],
            ("legislationDate", null)),
        new(EntityKind.Meeting, "meetings", "Meetings", "Meeting", "Event",
            [EntityField.Date, EntityField.Place, EntityField.Format, EntityField.Participants], ("startDate", "endDate")),
        new(EntityKind.Person, "people", "People", "Person", "Person", [EntityField.Role, EntityField.Country]),
    ];

    public static readonly IReadOnlyList<EntityKind> All = Table.Select(row => row.Kind).ToList();

    /// <summary>The row of a kind; a kind without one is a bug, never a silent default.</summary>
    public static KindRow Row(this EntityKind kind) =>
        Table.FirstOrDefault(row => row.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "a kind with no row in EntityKinds.Table");

    public static string Section(this EntityKind kind) => kind.Row().Section;

    public static string Title(this EntityKind kind) => kind.Row().Title;

    public static string Singular(this EntityKind kind) => kind.Row().Singular;

    /// <summary>The YAML key of a field, also its name in templates and book.json.</summary>
    public static string Key(this EntityField field) => field switch
    {
        EntityField.Role => "role",
        EntityField.Country => "country",
        EntityField.Date => "date",
        EntityField.Status => "status",
        EntityField.Place => "place",
        EntityField.Format => "format",
        EntityField.Participants => "participants",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "a field with no YAML key"),
    };

    /// <summary>The kinds a field of this kind may name, e.g. a meeting's participants are people (schema.org Person).</summary>
    public static IReadOnlyList<EntityKind> OfSchemaType(string schemaType) =>
        Table.Where(row => row.SchemaType == schemaType).Select(row => row.Kind).ToList();
}
