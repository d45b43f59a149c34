using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RussiaJapanBriefing.Rendering;

/// <summary>
/// The hash of a page's view model: every value a template could read from it, in order. Two models with the same
/// fingerprint render the same page, so a cached build can skip rendering one. It walks the model the way Scriban
/// does (dictionaries, lists, then public properties), handing the view records to serialisers generated at compile
/// time: a reflection-based serialiser would need code generated at run time, which the native build cannot do.
/// </summary>
internal static class ModelFingerprint
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>
    /// The incremental build hashes tens of thousands of small values per build (each value a page read), so each
    /// thread keeps its hash and writer instead of making new ones per value. Taken while in use: a nested or failed
    /// call never sees one half-used.
    /// </summary>
    [ThreadStatic] private static Hasher? t_hasher;

    public static string Of(params object?[] parts)
    {
        var hasher = t_hasher ?? new Hasher();
        t_hasher = null;
        hasher.Writer.Reset(hasher.Sink);
        Write(hasher.Writer, parts);
        hasher.Writer.Flush();
        var hash = Convert.ToHexStringLower(hasher.Sink.Hash.GetHashAndReset());
        t_hasher = hasher;
        return hash;
    }

    private sealed class Hasher
    {
        public HashSink Sink { get; } = new();
        public Utf8JsonWriter Writer { get; }

        public Hasher() => Writer = new Utf8JsonWriter(Sink);
    }

    /// <summary>Takes what the writer flushes into the hash, and keeps nothing.</summary>
    private sealed class HashSink : WriteOnlyStream
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override void Write(ReadOnlySpan<byte> buffer) => Hash.AppendData(buffer);
        public override void Flush() { }
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        writer.FlushWhenFull(); // the model of the printable book alone is tens of megabytes
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
            // The theme's view records have serialisers generated at compile time: much faster than reflection.
            case not null when ViewJson.Default.GetTypeInfo(value.GetType()) is { } generated:
                JsonSerializer.Serialize(writer, value, generated);
                break;
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

    // Anything else in a model (a type added later and not listed below) is still walked, only more slowly.
    // View models are this assembly's own records, which the project keeps whole when trimmed (see the CLI's project file).
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "view types live in a rooted assembly")]
    private static PropertyInfo[] PublicProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
}

[JsonSerializable(typeof(LinkView))]
[JsonSerializable(typeof(NoteView))]
[JsonSerializable(typeof(ClaimView))]
[JsonSerializable(typeof(DisagreementView))]
[JsonSerializable(typeof(YearView))]
[JsonSerializable(typeof(KindView))]
[JsonSerializable(typeof(RecordYearView))]
[JsonSerializable(typeof(PageLinkView))]
[JsonSerializable(typeof(SourceBlockView))]
[JsonSerializable(typeof(Verification.SourceCoverage))]
[JsonSerializable(typeof(Model.Alias))]
internal sealed partial class ViewJson : JsonSerializerContext;
