using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RussiaJapanBriefing.Annotations;

public static partial class AnnotationLoader
{
    /// <summary>
    /// The first pass over a file: its structure is checked on the event stream (nesting depth, duplicate and
    /// complex keys, tabs) before any node is built, then the events are replayed into the reader.
    /// </summary>
    private sealed partial class Loader
    {
        private const int MaxNesting = 64;

        private sealed record Problem(DiagnosticDescriptor Code, Location Location, string Message, string? Hint = null);

        /// <summary>A mapping or list of the first pass: whether its next node is a key, and whether it has ended yet.</summary>
        private sealed class Open(bool mapping)
        {
            public bool Mapping { get; } = mapping;
            public bool ExpectKey { get; set; } = mapping;
            public bool Closed { get; set; }
        }

        /// <summary>
        /// A first pass with the event parser, which does not recurse: it refuses absurd nesting (which would overflow
        /// the stack of the recursive loader and kill the process), and turns the parser's own failures (an unclosed
        /// "{", for one) into a syntax error at the last place it understood. Tabs used for indentation are pointed
        /// at where they are, not where the enclosing block starts. Its events are kept for the loader to replay.
        /// It also refuses, before any node is built, what annotation files never need and the loader cannot survive:
        /// an alias inside the node it names (the loader recurses through it until the stack overflows), and keys
        /// that are aliases, lists, mappings or merges (hashing a key built of nested aliases takes exponential time).
        /// </summary>
        private static List<Problem> StructureProblems(string path, string text, out List<ParsingEvent> events)
        {
            var parser = new Parser(new StringReader(text));
            var open = new Stack<Open>();
            var anchors = new Dictionary<AnchorName, Open?>(); // null for an anchored scalar, which holds no alias
            var problems = new List<Problem>();
            ParsingEvent? last = null;
            events = [];
            try
            {
                while (parser.MoveNext())
                {
                    var current = parser.Current!;
                    events.Add(current);
                    last = current;
                    if (current is NodeEvent or AnchorAlias && open.TryPeek(out var parent) && parent.Mapping)
                    {
                        if (parent.ExpectKey && KeyProblem(current, path) is { } problem) problems.Add(problem);
                        parent.ExpectKey = !parent.ExpectKey;
                    }
                    if (current is AnchorAlias alias && anchors.TryGetValue(alias.Value, out var target) && target is { Closed: false })
                        problems.Add(new Problem(Codes.RecursiveAlias, At(path, current), $"the alias *{alias.Value} is inside the node its anchor names, so it would contain itself",
                            "annotation files have no use for recursive data; copy the values instead"));
                    if (current is SequenceStart or MappingStart)
                    {
                        var container = new Open(current is MappingStart);
                        open.Push(container);
                        if (open.Count > MaxNesting)
                            return [new Problem(Codes.YamlSyntax, At(path, current), "YAML syntax error: the file is nested too deeply to be an annotation file", "annotation files nest a few levels at most")];
                    }
                    // A later anchor of the same name replaces the earlier one for the aliases after it.
                    if (current is NodeEvent { Anchor.IsEmpty: false } anchored) anchors[anchored.Anchor] = anchored is Scalar ? null : open.Peek();
                    if (current is SequenceEnd or MappingEnd) open.Pop().Closed = true;
                }
                return problems;
            }
            catch (YamlException e) when (!e.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase))
            {
                var tab = e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? FirstIndentingTab(text, (int)e.Start.Line) : null;
                problems.Add(new Problem(Codes.YamlSyntax, tab is null ? new Location(path, (int)e.Start.Line, (int)e.Start.Column) : new Location(path, tab.Value.Line, tab.Value.Column),
                    "YAML syntax error: " + Describe(e), tab is null ? null : "YAML does not allow tabs for indentation; use spaces"));
                return problems;
            }
            catch (InvalidOperationException)
            {
                var end = last is null ? new Location(path, 1, 1) : new Location(path, (int)last.End.Line, (int)last.End.Column);
                problems.Add(new Problem(Codes.YamlSyntax, end, "YAML syntax error: the file ends inside an unclosed '{', '[' or quoted value", "close every bracket and quote you open"));
                return problems;
            }
        }

        /// <summary>Every key of an annotation file is plain text: anything else is refused here, at the key.</summary>
        private static Problem? KeyProblem(ParsingEvent key, string path) => key switch
        {
            AnchorAlias alias => new Problem(Codes.AliasKey, At(path, key), $"the alias *{alias.Value} is used as a key", "write the key as plain text"),
            SequenceStart or MappingStart => new Problem(Codes.ComplexKey, At(path, key), $"a {(key is SequenceStart ? "list" : "mapping")} is used as a key", "keys are plain text, such as 'id' or 'name'"),
            Scalar { Value: "<<", Style: ScalarStyle.Plain } => new Problem(Codes.MergeKey, At(path, key), "merge keys ('<<') are not supported", "write the fields out in full"),
            _ => null,
        };

        // A big book has millions of events: a location is made for a problem only, not for every event.
        private static Location At(string path, ParsingEvent e) => new(path, (int)e.Start.Line, (int)e.Start.Column);

        /// <summary>The events of the first pass, given to the loader so that the text is scanned only once.</summary>
        private sealed class Replay(List<ParsingEvent> events) : IParser
        {
            private int _next;

            public ParsingEvent? Current { get; private set; }

            public bool MoveNext()
            {
                Current = _next < events.Count ? events[_next++] : null;
                return Current is not null;
            }
        }

        private static (int Line, int Column)? FirstIndentingTab(string yaml, int fromLine)
        {
            var lines = yaml.Split('\n');
            for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var column = lines[i].IndexOf('\t', 0, indent);
                if (column >= 0) return (i + 1, column + 1);
            }
            return null;
        }

        [GeneratedRegex(@"^[ \t-]*id:[ \t]*[""']?(?<id>[a-z0-9][a-z0-9_-]{0,79})[""']?[ \t]*(#.*)?\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
        private static partial Regex DeclaredId();

        private static string Describe(YamlException e)
        {
            // YamlDotNet prefixes messages with its own "(Line: …)" position, which our location already carries.
            var message = e.InnerException?.Message ?? e.Message;
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
        }
    }
}
