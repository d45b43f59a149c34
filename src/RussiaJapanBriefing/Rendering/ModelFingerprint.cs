using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using RussiaJapanBriefing.Publishing;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The hash of a page's view model: every value a template could read from it, in order. Two models with the same
/// fingerprint render the same page, so a cached build can skip rendering one. It walks the model the way Scriban
/// does (dictionaries, lists, then public properties), rather than through a JSON serialiser, which would need
/// code generated at run time for every view type.
/// </summary>
internal static class ModelFingerprint
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static string Of(params object?[] parts) => BuildCache.Hash(stream =>
    {
        using var writer = new Utf8JsonWriter(stream);
        Write(writer, parts);
    });

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) Write(writer, item);
                writer.WriteEndArray();
                break;
            // After the containers: Scriban's ScriptObject is IFormattable too, and its text shows only the first level.
            case IFormattable number: writer.WriteStringValue(number.ToString(null, CultureInfo.InvariantCulture)); break;
            default:
                writer.WriteStartObject();
                foreach (var property in Properties.GetOrAdd(value.GetType(), PublicProperties))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.GetValue(value));
                }
                writer.WriteEndObject();
                break;
        }
    }

    // View models are this assembly's own records, which the project keeps whole when trimmed (see the CLI's project file).
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "view types live in a rooted assembly")]
    private static PropertyInfo[] PublicProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
}
