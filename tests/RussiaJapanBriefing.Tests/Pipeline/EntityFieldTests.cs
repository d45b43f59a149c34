using System.Globalization;
using System.Text;
using System.Text.Json;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// A kind's own fields are data in <see cref="EntityKinds.Table"/>: the reader, the resolver, book.json, JSON-LD and
/// the template model handle each field by its type, with no code of its own. This test writes an entity of every
/// kind with every field of its row, and the template lines that show them, from the table alone: a field added to
/// the table is built and checked here with no change to this test or to any of those consumers.
/// </summary>
public sealed class EntityFieldTests
{
    private const string Range = "2016-12-15/2016-12-16";

    private static string Id(KindRow row) => row.Singular.ToLowerInvariant() + "-with-every-field";

    private static string Text(KindRow row, EntityField field) => $"{field.Key} of {Id(row)}";

    /// <summary>An entity a references field may name: one of a kind of its schema.org type.</summary>
    private static KindRow Target(EntityField field) =>
        EntityKinds.Table.First(row => field.SchemaType is null || row.SchemaType == field.SchemaType);

    [Fact]
    public void EveryFieldOfTheTableIsReadResolvedAndShownInBookJsonJsonLdAndTheTemplate()
    {
        using var site = new BookWithOwnTheme("rjb-fields-");
        var yaml = new StringBuilder();
        foreach (var row in EntityKinds.Table)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"{row.Section}:\n  - id: {Id(row)}\n    name: {row.Singular} with every field\n    summary: s\n");
            foreach (var field in row.Fields)
                yaml.Append(CultureInfo.InvariantCulture, $"    {field.Key}: ").Append(field.Type switch
                {
                    FieldType.Text => Text(row, field),
                    FieldType.Date => Range,
                    _ => $"[{Id(Target(field))}]",
                }).Append('\n');
        }
        site.Book.Yaml("every-field.yaml", yaml.ToString());
        // What a template sees of each field: its model is strict, so a field missing from it fails the build.
        var template = new StringBuilder("\n<pre id=\"every-field\">\n");
        foreach (var field in EntityKinds.Fields)
            template.Append(field.Type switch
            {
                FieldType.Text => $"{field.Key}={{{{ entity.{field.Key} }}}}\n",
                FieldType.Date => $"{field.Key}={{{{ entity.{field.Key} }}}}|{{{{ entity.{field.Key}_iso }}}}\n",
                _ => $"{field.Key}={{{{ for link in entity.{field.Key} }}}}{{{{ link.text }}}};{{{{ end }}}}\n",
            });
        File.AppendAllText(Path.Combine(site.Theme, "templates", "entity.html"), template.Append("</pre>\n").ToString());

        var result = site.Book.Build();
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        using var bookJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(site.Book.Output, SiteLayout.BookData)));
        foreach (var row in EntityKinds.Table)
        {
            var entity = result.Book!.EntityById[Id(row)];
            var data = bookJson.RootElement.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("id").GetString() == entity.Id);
            var page = SitePages.Page(site.Book.Output, entity.Url);
            var node = Assert.Single(SitePages.JsonLd(page)).GetProperty("@graph")[0];
            var shown = "\n" + page.Document.GetElementById("every-field")!.TextContent; // HTML drops the newline that opens a <pre>
            foreach (var field in row.Fields)
                switch (field.Type)
                {
                    case FieldType.Text:
                        Assert.Equal(Text(row, field), entity.Values.Text(field));
                        Assert.False(data.TryGetProperty(field.Key, out _), $"{field.Key}: text is prose, not data for book.json");
                        if (field.SchemaProperty is not null)
                            Assert.Contains(JsonSerializer.Serialize(Text(row, field)), node.GetProperty(field.SchemaProperty).GetRawText(), StringComparison.Ordinal);
                        Assert.Contains($"\n{field.Key}={Text(row, field)}\n", shown, StringComparison.Ordinal);
                        break;
                    case FieldType.Date:
                        Assert.Equal(Range, entity.Values.Date(field)!.ToString());
                        Assert.Equal(Range, data.GetProperty(field.Key).GetString());
                        Assert.Equal("2016-12-15", node.GetProperty(row.SchemaDates!.Value.Start).GetString());
                        Assert.Contains($"\n{field.Key}={entity.Values.Date(field)!.Display()}|{Range}\n", shown, StringComparison.Ordinal);
                        break;
                    default:
                        var target = result.Book.EntityById[Id(Target(field))];
                        Assert.Equal([target.Id], entity.Values.References(field)!);
                        Assert.Equal([target.Id], data.GetProperty(field.Key).EnumerateArray().Select(e => e.GetString()));
                        Assert.Equal(target.Name, node.GetProperty(field.SchemaProperty!)[0].GetProperty("name").GetString());
                        Assert.Contains($"\n{field.Key}={target.Name};\n", shown, StringComparison.Ordinal);
                        break;
                }
            // A field of another kind is shown as empty, not made up.
            foreach (var field in EntityKinds.Fields.Except(row.Fields))
                Assert.Matches($"\n{field.Key}=\\|?\n", shown);
        }
    }
}
