using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Tests;

/// <summary>The table of kinds is the only place kinds differ, so it must be complete and unambiguous.</summary>
public sealed class KindTableTests
{
    [Fact]
    public void Every_kind_has_exactly_one_row() =>
        Assert.Equal(Enum.GetValues<EntityKind>().Order(), EntityKinds.Table.Select(r => r.Kind).Order());

    [Fact]
    public void Sections_are_distinct_and_every_field_has_a_key_of_its_own()
    {
        Assert.Equal(EntityKinds.Table.Count, EntityKinds.Table.Select(r => r.Section).Distinct().Count());
        Assert.All(EntityKinds.Fields, f => Assert.Matches("^[a-z_]+$", f.Key));
        // The key is also the field's name in templates and book.json, so two fields may not share it.
        Assert.Equal(EntityKinds.Fields.Count, EntityKinds.Fields.Select(f => f.Key).Distinct().Count());
    }

    [Fact]
    public void A_kind_outside_the_table_is_an_error_not_a_default() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((EntityKind)99).Row());

    [Fact]
    public void A_kind_with_a_date_says_how_schema_org_shows_it() =>
        Assert.All(EntityKinds.Table.Where(r => r.Fields.Any(f => f.Type == FieldType.Date)), r => Assert.NotNull(r.SchemaDates));
}
