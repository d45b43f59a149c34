namespace RussiaJapanBriefing.Model;

public sealed record Alias(string Name, string? UsedBy, string? Note);

/// <summary>A topic of the book; <paramref name="Values"/> holds the fields of its own (those of its kind's row).</summary>
public sealed record Entity(
    EntityKind Kind,
    string Id,
    string Name,
    string Summary,
    IReadOnlyList<Alias> Aliases,
    IReadOnlyList<string> Related,
    FieldValues<string> Values,
    IReadOnlyList<Citation>? SummaryCitations = null)
{
    /// <summary>A printed brief's key points box holds at most this many; more is an error (RJB0209), not a silent cut.</summary>
    public const int MaxKeyFacts = 5;

    public string Url => SiteLayout.Entity(Kind, Id);

    /// <summary>When it happened: beyond being shown, it orders a person's meetings and dates events for drafting.</summary>
    public PartialDate? Date => Values.Date(EntityFields.Date);

    /// <summary>Who met: beyond being shown, it lists a person's meetings on their page and links mentions in drafting.</summary>
    public IReadOnlyList<string>? Participants => Values.References(EntityFields.Participants);

    /// <summary>Ids of the claims the editor chose as the topic's key points (verified to be claims about it).</summary>
    public IReadOnlyList<string> KeyFacts { get; init; } = [];
}

/// <summary>
/// The values of an entity's own fields, each of its field's type (<see cref="FieldType"/>): those of its kind's row,
/// and any other field whose key the YAML gave (an error, reported as an unknown key). A text or date field with no
/// value is absent; a references field of the kind is always present, an empty list when none is named.
/// A reference is the id as written, with its location (<c>Located&lt;string&gt;</c>), until the resolver has
/// checked it; then the id.
/// </summary>
public sealed class FieldValues<TReference>
{
    private readonly Dictionary<EntityField, object> _values;

    private FieldValues(Dictionary<EntityField, object> values) => _values = values;

    public FieldValues() : this([]) { }

    public FieldValues<TReference> With(EntityField field, string? text) => With(field, FieldType.Text, text);

    public FieldValues<TReference> With(EntityField field, PartialDate? date) => With(field, FieldType.Date, date);

    public FieldValues<TReference> With(EntityField field, IReadOnlyList<TReference> references) => With(field, FieldType.References, references);

    public string? Text(EntityField field) => (string?)Get(field, FieldType.Text);

    public PartialDate? Date(EntityField field) => (PartialDate?)Get(field, FieldType.Date);

    public IReadOnlyList<TReference>? References(EntityField field) => (IReadOnlyList<TReference>?)Get(field, FieldType.References);

    /// <summary>The same values, with the list of each references field replaced by <paramref name="resolve"/>.</summary>
    public FieldValues<T> Resolve<T>(Func<IReadOnlyList<TReference>, IReadOnlyList<T>> resolve) =>
        new(_values.ToDictionary(v => v.Key, v => v.Key.Type == FieldType.References ? resolve((IReadOnlyList<TReference>)v.Value) : v.Value));

    private FieldValues<TReference> With(EntityField field, FieldType type, object? value)
    {
        Check(field, type);
        return value is null ? this : new(new Dictionary<EntityField, object>(_values) { [field] = value });
    }

    private object? Get(EntityField field, FieldType type)
    {
        Check(field, type);
        return _values.GetValueOrDefault(field);
    }

    // Reading a date field as text would silently give nothing: a bug in the caller, not a missing value.
    private static void Check(EntityField field, FieldType type)
    {
        if (field.Type != type) throw new ArgumentException($"'{field.Key}' is a {field.Type} field, not {type}", nameof(field));
    }
}
