using System.Collections;
using System.Globalization;
using System.Text;

namespace SyntheticBook;

/// <summary>Just enough YAML writing for annotations and Hugo front matter: double-quoted scalars, folded blocks, nested maps and lists.</summary>
public static class Yaml
{
    public static string Q(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// <c>key: "text"</c> for short text; a folded <c>&gt;-</c> block wrapped at about 76 columns for long text,
    /// as editors write summaries and claims.
    /// </summary>
    public static void Text(StringBuilder sb, int indent, string key, string text)
    {
        var pad = new string(' ', indent);
        if (text.Length <= 72 || text.Contains('\n'))
        {
            sb.Append(pad).Append(key).Append(": ").Append(Q(text)).Append('\n');
            return;
        }
        sb.Append(pad).Append(key).Append(": >-\n");
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > 76 - indent)
            {
                sb.Append(pad).Append("  ").Append(line).Append('\n');
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) sb.Append(pad).Append("  ").Append(line).Append('\n');
    }

    /// <summary>A literal block (<c>|</c>) for multi-paragraph Markdown.</summary>
    public static void Literal(StringBuilder sb, int indent, string key, string text)
    {
        var pad = new string(' ', indent);
        sb.Append(pad).Append(key).Append(": |\n");
        foreach (var line in text.Split('\n'))
            sb.Append(line.Length == 0 ? "" : pad + "  " + line).Append('\n');
    }

    /// <summary>Block-style YAML of a tree of maps (insertion-ordered), lists and scalars; null values are left out.</summary>
    public static void Map(StringBuilder sb, IEnumerable<KeyValuePair<string, object?>> map, int indent, bool firstLineIndented = false)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            if (value is null) continue;
            if (!(first && firstLineIndented)) sb.Append(' ', indent);
            first = false;
            sb.Append(key).Append(':');
            Value(sb, value, indent);
        }
        if (first && firstLineIndented) sb.Append("{}\n");
    }

    private static void Value(StringBuilder sb, object value, int indent)
    {
        switch (value)
        {
            case string s: sb.Append(' ').Append(Q(s)).Append('\n'); break;
            case bool b: sb.Append(b ? " true\n" : " false\n"); break;
            case int i: sb.Append(' ').Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n'); break;
            case IEnumerable<KeyValuePair<string, object?>> m:
                if (!m.Any(kv => kv.Value is not null)) { sb.Append(" {}\n"); break; }
                sb.Append('\n');
                Map(sb, m, indent + 2);
                break;
            case IEnumerable list:
                var items = list.Cast<object?>().Where(x => x is not null).ToList();
                if (items.Count == 0) { sb.Append(" []\n"); break; }
                sb.Append('\n');
                foreach (var item in items)
                {
                    sb.Append(' ', indent + 2).Append("- ");
                    if (item is IEnumerable<KeyValuePair<string, object?>> im) Map(sb, im, indent + 4, firstLineIndented: true);
                    else if (item is string s) sb.Append(Q(s)).Append('\n');
                    else sb.Append(Convert.ToString(item, CultureInfo.InvariantCulture)).Append('\n');
                }
                break;
            default: sb.Append(' ').Append(Q(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('\n'); break;
        }
    }
}
