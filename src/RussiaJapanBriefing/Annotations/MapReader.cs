using RussiaJapanBriefing.Model;
using YamlDotNet.RepresentationModel;

namespace RussiaJapanBriefing.Annotations;

/// <summary>
/// Reads one YAML mapping strictly: unknown keys, missing fields and wrong types become diagnostics at the
/// exact line and column, and <see cref="Ok"/> turns false when the item is too broken to use.
/// </summary>
internal sealed class MapReader
{
    private readonly YamlMappingNode? _map;
    private readonly string _path;
    private readonly string _what;
    private readonly DiagnosticBag _diagnostics;

    public MapReader(YamlNode node, string path, string what, DiagnosticBag diagnostics, IReadOnlyCollection<string> keys)
    {
        _path = path;
        _what = what;
        _diagnostics = diagnostics;
        Location = At(node);
        _map = node as YamlMappingNode;
        if (_map is null)
        {
            Fail(Codes.WrongType, Location, $"{what} must be a mapping of keys to values");
            return;
        }
        foreach (var key in _map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!keys.Contains(name))
                diagnostics.Report(Codes.UnknownKey, At(key), $"unknown key '{name}' in {what}",
                    Spelling.Hint(name, keys) ?? $"expected one of: {string.Join(", ", keys)}");
        }
    }

    public bool Ok { get; private set; } = true;
    public Location Location { get; }

    public Location At(YamlNode node) => new(_path, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>The value of a key; null when absent, and always null when the item was not a mapping at all.</summary>
    public YamlNode? Node(string key) =>
        _map?.Children.FirstOrDefault(pair => (pair.Key as YamlScalarNode)?.Value == key).Value;

    public bool IsMapping => _map is not null;

    /// <summary>A plain text value; a required one must be present and not blank.</summary>
    public Located<string>? Text(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null || (node is YamlScalarNode s && IsNull(s)))
        {
            // An item that is not a mapping was reported once, as such; its fields are not missing one by one.
            if (required && _map is not null) Fail(Codes.MissingField, node is null ? Location : At(node), $"{_what} has no '{key}'");
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Fail(Codes.WrongType, At(node), $"'{key}' must be text, not a {Describe(node)}");
            return null;
        }
        var value = scalar.Value ?? "";
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Fail(Codes.MissingField, At(node), $"'{key}' of {_what} is empty");
            return null;
        }
        return new Located<string>(value, At(node));
    }

    public string? String(string key, bool required = false) => Text(key, required)?.Value;

    // Far above any real claim or summary (a few hundred characters), and low enough that Markdig, which is
    // quadratic on some broken Markdown (thousands of unclosed "[a](b"), parses a field in well under a second.
    private const int MaxStatement = 10_000;
    private const int MaxBlock = 20_000;

    /// <summary>Markdown text that must render: a <paramref name="statement"/> (a claim) is one paragraph of inline Markdown.</summary>
    public Located<string>? Markdown(string key, bool statement = false, bool required = false)
    {
        var text = Text(key, required);
        var max = statement ? MaxStatement : MaxBlock;
        if (text is not null && text.Value.Length > max)
        {
            Fail(Codes.InvalidMarkdown, text.Location, $"'{key}' is {text.Value.Length} characters long, more than the {max} {_what} may have",
                statement ? "a claim is one statement: split it into several claims" : "shorten it; the details belong in claims");
            return null;
        }
        if (text is not null && MarkdownRenderer.Problem(text.Value, statement) is { } problem)
        {
            Fail(Codes.InvalidMarkdown, text.Location, $"'{key}' cannot be used: {problem}");
            return null;
        }
        return text;
    }

    /// <summary>An id that is safe to use as a file name: checked here, before any path is built from it.</summary>
    public Located<string>? Id(string key = "id", bool required = true)
    {
        var id = Text(key, required);
        if (id is null) return null;
        if (!Model.Ids.IsSafe(id.Value, out var why))
        {
            Fail(Codes.InvalidId, id.Location, $"'{id.Value}' is not a valid id: {why}",
                Model.Ids.Advice);
            return null;
        }
        return id;
    }

    public PartialDate? Date(string key, bool required = false)
    {
        var text = Text(key, required);
        if (text is null) return null;
        if (PartialDate.TryParse(text.Value, out var date, out var error)) return date;
        Fail(Codes.InvalidDate, text.Location, $"invalid date in '{key}': {error}");
        return null;
    }

    /// <summary>A yes/no value: <c>true</c> or <c>false</c>; absent means false.</summary>
    public bool Flag(string key)
    {
        var text = Text(key);
        if (text is null) return false;
        if (text.Value is "true" or "false") return text.Value == "true";
        Fail(Codes.WrongType, text.Location, $"'{key}' must be true or false, not '{text.Value}'");
        return false;
    }

    /// <summary>A list of ids; a single id is accepted in place of a one-item list.</summary>
    public IReadOnlyList<Located<string>> Ids(string key, bool required = false)
    {
        var node = Node(key);
        if (node is YamlScalarNode single && !IsNull(single)) return Id(key) is { } one ? [one] : [];
        var result = new List<Located<string>>();
        foreach (var item in Items(key, required))
        {
            if (item is not YamlScalarNode scalar || IsNull(scalar))
            {
                Fail(Codes.WrongType, At(item), $"each entry of '{key}' must be an id");
                continue;
            }
            var value = scalar.Value ?? "";
            if (Model.Ids.IsSafe(value, out var why)) result.Add(new Located<string>(value, At(item)));
            else Fail(Codes.InvalidId, At(item), $"'{value}' is not a valid id: {why}");
        }
        return result;
    }

    /// <summary>The items of a list-valued key; a required list must have at least one item.</summary>
    public IReadOnlyList<YamlNode> Items(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null || (node is YamlScalarNode s && IsNull(s)))
        {
            if (required && _map is not null) Fail(Codes.MissingField, node is null ? Location : At(node), $"{_what} has no '{key}'");
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            Fail(Codes.WrongType, At(node), $"'{key}' must be a list, not a {Describe(node)}");
            return [];
        }
        if (required && sequence.Children.Count == 0)
            Fail(Codes.MissingField, At(node), $"'{key}' of {_what} is an empty list");
        return sequence.Children.ToList();
    }

    /// <summary>Marks the item unusable because a nested part of it was already reported.</summary>
    public void Invalidate() => Ok = false;

    public void Fail(DiagnosticDescriptor code, Location location, string message, string? hint = null)
    {
        _diagnostics.Report(code, location, message, hint);
        Ok = false;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "text value",
    };

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";


}
