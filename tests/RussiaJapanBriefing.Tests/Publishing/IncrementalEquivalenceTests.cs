using System.Diagnostics;
using System.Text.RegularExpressions;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The safety net of incremental building: a copy of the real book goes through a fixed, pseudo-random sequence of
/// edits of every kind an editor makes (claim text, claims added and removed, entities renamed, added and deleted, a
/// seed sentence that breaks a quote and is then repaired, theme templates, disagreements, book.yaml, new seeds), and
/// after each edit every incremental way of building must give exactly what a clean build gives: the same files, byte
/// for byte, none left over, and for an edit that breaks the book, the same errors and the previous site untouched.
/// A dependency the incremental engine fails to record shows up here as a stale page.
/// </summary>
public class IncrementalEquivalenceTests
{
    private const int Seed = 16;
    private const int MaxEdits = 30;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(30);
    private static readonly Uri BaseUrl = new("https://example.org/briefing/");

    [Fact]
    public void EveryEditGivesWhatACleanBuildGives() => EditAndCompare(new EditedBook(new Random(Seed)), TimeBound);

    /// <summary>
    /// The same in a book big enough that the chronology and the busiest topics split into year pages (the hot-topic
    /// book, <see cref="SplitCopies"/> copies): the edits that move claims between those pages, or change one shown on
    /// them, and no time for more than one round of them.
    /// </summary>
    [Fact]
    public void EveryEditOfASplitBookGivesWhatACleanBuildGives() =>
        EditAndCompare(new EditedBook(new Random(Seed), SplitCopies, kinds: [0, 1, 2, 3, 4, 8, 12, 13]), TimeSpan.Zero);

    /// <summary>
    /// serve's saves that patch the claims report what a clean build reports, warnings of the files they left alone
    /// included, save after save: the second and later go through only the changed files (ResolvedRecords.FilePatch).
    /// </summary>
    [Fact]
    public void SavesThatPatchTheClaimsReportWhatACleanBuildReports()
    {
        using var book = SampleBook.Create();
        // A claim dated after its source was published draws a warning (RJB0402), in a file the saves leave alone.
        book.Yaml("sources/kyodo-2016.yaml", SampleBook.KyodoYaml.Replace("date: 2016-12-15\n", "date: 2017-03-01\n", StringComparison.Ordinal));
        var serve = new IncrementalBuild();
        var options = book.Options with { Output = book.Combine("served"), Cache = book.Combine("cache") };
        Assert.True(serve.Update(options).Succeeded);
        foreach (var text in new[] { "fruitful", "useful after all", "productive" })
        {
            book.Yaml("sources/tass-2018.yaml", SampleBook.TassYamlWithTalksClaim($"Putin called the talks {text}."));
            var served = serve.Update(options);
            Assert.True(served.Succeeded, served.Diagnostics.Dump());
            Assert.True(serve.ClaimsPatched, $"the save that made the talks {text} did not patch the claims");
            var clean = BriefingBuilder.Run(book.Options with { Output = book.Combine($"clean-{served.Diagnostics.Count}-{text.Length}") }, BuildMode.Build);
            Assert.Contains("RJB0402", clean.Diagnostics.Dump());
            Assert.Equal(clean.Diagnostics.Dump(), served.Diagnostics.Dump());
        }
    }

    /// <summary>Enough copies of the real book for its chronology and its busiest topics to need year pages.</summary>
    internal const int SplitCopies = 4;

    private static void EditAndCompare(EditedBook edited, TimeSpan timeBound)
    {
        using var book = edited;
        var serve = new Serve(book);
        var cli = new CachedCli(book);
        var ways = new IncrementalWay[] { cli, serve };
        foreach (var way in ways) Assert.True(way.Build().Succeeded, "the real book does not build");

        var clock = Stopwatch.StartNew();
        var edits = new List<string>();
        // The first round (every kind of edit once) always runs; more only within the time bound.
        while (edits.Count < MaxEdits && (edits.Count <= book.Kinds || clock.Elapsed < timeBound))
        {
            foreach (var (edit, step) in book.NextEdit())
            {
                edits.Add(edit);
                var clean = book.CleanBuild(out var cleanResult);
                foreach (var way in ways)
                {
                    var before = way.Output is { } o && Directory.Exists(o) ? TempDir.Snapshot(o) : null;
                    var result = way.Build();
                    var history = $"after edits: {string.Join(" → ", edits)} ({way.Name})";
                    if (cleanResult.Succeeded)
                    {
                        Assert.True(result.Succeeded, $"{history}: the clean build succeeds but this one fails:{Environment.NewLine}{result.Diagnostics.Dump()}");
                        FolderState.AssertSameBytes(clean, way.Output, history);
                        // And the wording checks' warnings, which the incremental ways take from what they kept.
                        Assert.True(Wording(cleanResult) == Wording(result), $"{history}: the wording checks report otherwise than a clean build's");
                    }
                    else
                    {
                        Assert.False(result.Succeeded, $"{history}: the clean build fails but this one succeeds");
                        Assert.Equal(cleanResult.Errors().Dump(), result.Errors().Dump());
                        var after = TempDir.Snapshot(way.Output);
                        Assert.True(before is not null && before.Keys.SequenceEqual(after.Keys) && before.All(f => f.Value.AsSpan().SequenceEqual(after[f.Key])),
                            $"{history}: a failed build changed the output");
                    }
                }
                if (Directory.Exists(clean)) Directory.Delete(Path.GetDirectoryName(clean)!, recursive: true);
                Assert.True(step == EditOutcome.Either || cleanResult.Succeeded == (step == EditOutcome.Builds),
                    $"after edits {string.Join(" → ", edits)}: the edit was meant to {(step == EditOutcome.Builds ? "build" : "fail")}:{Environment.NewLine}{cleanResult.Diagnostics.Dump()}");
            }
        }
        // Claim edits are among the edits: serve must have met some as such, or its quickest way went untested.
        Assert.True(serve.Patched > 0, $"no save of {edits.Count} patched the claims: {string.Join(" → ", edits)}");
        // And the command line must have known some of its builds for claim edits, and asked only what they changed.
        Assert.True(cli.AskedByEdit > 0, $"no cached build of {edits.Count} asked only what a claim edit changed: {string.Join(" → ", edits)}");
        Assert.True(cli.ClaimsReplayed > 0, $"no cached build of {edits.Count} took its claims from where their citations stood: {string.Join(" → ", edits)}");
        Assert.True(cli.PagesTakenBack > 0, $"no cached build of {edits.Count} took its pages back from the cache: {string.Join(" → ", edits)}");
        Assert.True(cli.SeedsLeftUnread > 0, $"every cached build of {edits.Count} read every seed: {string.Join(" → ", edits)}");
    }

    private static string Wording(BuildResult result) => result.Diagnostics.Where(d => d.Code.StartsWith("RJB08", StringComparison.Ordinal)).ToList().Dump();

    /// <summary>One way of building incrementally, each with its own output folder, compared with clean builds.</summary>
    private abstract class IncrementalWay
    {
        public abstract string Name { get; }
        public abstract string Output { get; }
        public abstract BuildResult Build();
    }

    /// <summary>The command line's build with its cache folder: each build a new run, as a new process would make it.</summary>
    private sealed class CachedCli(EditedBook book) : IncrementalWay
    {
        public override string Name => "cached build";
        public override string Output => book.Root.Combine("cached-output");
        public override BuildResult Build()
        {
            var result = BriefingBuilder.Run(book.Options(Output) with { Cache = book.Root.Combine("cache") }, BuildMode.Build);
            if (result.AskedByEdit) AskedByEdit++;
            if (result.ClaimsReplayed) ClaimsReplayed++;
            if (result.Book?.Pages.FromCache == true) PagesTakenBack++;
            if (result.Book?.Sources.Any(s => !s.Content.IsRead) == true) SeedsLeftUnread++;
            return result;
        }

        /// <summary>Builds that knew their edit for claims replaced, and hashed only what those may have changed.</summary>
        public int AskedByEdit { get; private set; }

        /// <summary>Builds that took the claims of the files their edit left alone from where their citations stood.</summary>
        public int ClaimsReplayed { get; private set; }

        /// <summary>Builds that took the last published book's pages back from the cache, and cut only what the edit changed.</summary>
        public int PagesTakenBack { get; private set; }

        /// <summary>Builds that left a seed unread: the snapshot vouched for it, and no page, search or quote asked for its text.</summary>
        public int SeedsLeftUnread { get; private set; }
    }

    /// <summary>serve's engine: one instance for the whole run, which remembers what each page was made from between builds.</summary>
    private sealed class Serve(EditedBook book) : IncrementalWay
    {
        private readonly IncrementalBuild _engine = new();
        public override string Name => "serve's incremental build";
        public override string Output => book.Root.Combine("serve-output");
        public override BuildResult Build()
        {
            var result = _engine.Update(book.Options(Output) with { Cache = book.Root.Combine("serve-cache") });
            if (_engine.ClaimsPatched) Patched++;
            return result;
        }

        /// <summary>Saves that kept the sources and entities and patched the claims.</summary>
        public int Patched { get; private set; }
    }

    private enum EditOutcome { Builds, Fails, Either }

    /// <summary>A copy of the real book (seeds, content, theme) and the edits made to it, chosen by a seeded generator.</summary>
    private sealed class EditedBook : IDisposable
    {
        private const int AllKinds = 19;

        private readonly Random _random;
        private readonly IReadOnlyList<int> _kinds;
        private readonly List<string> _addedClaims = [];
        private readonly List<string> _addedEntities = [];
        private readonly List<int> _deck = [];
        private int _counter, _clean;

        /// <param name="copies">Copies of the real book's sources (bench/SyntheticBook's hot-topic book); 1 is the real book.</param>
        /// <param name="kinds">The kinds of edit made (see <see cref="NextEdit"/>); all of them by default.</param>
        public EditedBook(Random random, int copies = 1, IReadOnlyList<int>? kinds = null)
        {
            _random = random;
            _kinds = kinds ?? Enumerable.Range(0, AllKinds).ToList();
            if (copies > 1) SyntheticBook.HotTopic.Write(Repo.Content, Repo.Seeds, copies, Root.Path);
            else
            {
                TempDir.CopyDirectory(Repo.Seeds, Seeds);
                TempDir.CopyDirectory(Repo.Content, Content);
            }
            TempDir.CopyDirectory(Repo.Theme, Theme);
        }

        /// <summary>How many kinds of edit a round makes.</summary>
        public int Kinds => _kinds.Count;

        public TempDir Root { get; } = new("rjb-equivalence-");
        private string Seeds => Root.Combine("seeds");
        private string Content => Root.Combine("content");
        private string Theme => Root.Combine("theme");

        public BuildOptions Options(string output) => new(Seeds, Content, Theme, output, BaseUrl);

        public string CleanBuild(out BuildResult result)
        {
            var output = Root.Combine("clean", $"{++_clean}", "output");
            result = BriefingBuilder.Run(Options(output), BuildMode.Build);
            return output;
        }

        /// <summary>The next edit: usually one step; a broken quote is two (broken, then repaired).</summary>
        public IEnumerable<(string Edit, EditOutcome Outcome)> NextEdit()
        {
            var n = ++_counter;
            // Every kind once per round of Kinds edits, in a shuffled order: even a short run covers all of them.
            if (_deck.Count == 0) _deck.AddRange(_kinds.OrderBy(_ => _random.Next()));
            var kind = _deck[^1];
            _deck.RemoveAt(_deck.Count - 1);
            switch (kind)
            {
                case 0 or 1: yield return (EditClaimText(), EditOutcome.Builds); break;
                case 2: yield return (AddClaim(n), EditOutcome.Builds); break;
                case 3: yield return (RemoveClaim(), EditOutcome.Builds); break;
                case 4: yield return (RenameEntity(n), EditOutcome.Builds); break;
                case 5: yield return (AddOrDeleteEntity(n), EditOutcome.Builds); break;
                case 6:
                    var (seed, original, edit) = BreakQuote();
                    yield return (edit, EditOutcome.Fails);
                    File.WriteAllText(seed, original);
                    yield return ($"repair {Path.GetFileName(seed)}", EditOutcome.Builds);
                    break;
                case 7: yield return (EditTemplate(n), EditOutcome.Builds); break;
                case 8: yield return (EditDisagreement(), EditOutcome.Builds); break;
                case 9: yield return (EditBookYaml(), EditOutcome.Builds); break;
                case 10: yield return (AddSeed(n), EditOutcome.Builds); break;
                case 11: yield return (AppendToSeed(n), EditOutcome.Builds); break;
                case 12: yield return (Redate("date", 1990), EditOutcome.Builds); break;
                case 13: yield return (Retopic(), EditOutcome.Builds); break;
                case 14: yield return (ShortenQuote(), EditOutcome.Either); break;
                case 15: yield return (EditOutlet(n), EditOutcome.Builds); break;
                case 16: yield return (MoveClaim(), EditOutcome.Builds); break;
                case 17: yield return (Redate("published", 1995), EditOutcome.Builds); break;
                default: yield return (EditContestedTerms(), EditOutcome.Builds); break;
            }
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private IReadOnlyList<string> YamlFiles() =>
            Directory.EnumerateFiles(Content, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        private string EditClaimText()
        {
            var candidates = YamlFiles().SelectMany(f => Regex.Matches(File.ReadAllText(f), @"(?m)^    text: (.*)$").Select(m => (f, m))).ToList();
            var (file, match) = Pick(candidates);
            var text = File.ReadAllText(file);
            var value = match.Groups[1];
            string edited;
            if (value.Value is ">-" or ">" or "|")
            {
                // A folded value continues on the next line: the words go at its end.
                var lineEnd = text.IndexOf('\n', match.Index + match.Length + 1);
                edited = text.Insert(lineEnd, " in all");
            }
            else if (value.Value.StartsWith('"') || value.Value.StartsWith('\''))
                edited = text.Insert(value.Index + value.Length - 1, " in all");
            else edited = text.Insert(value.Index + value.Length, " in all");
            File.WriteAllText(file, edited);
            return $"claim text in {Path.GetFileName(file)}";
        }

        private string AddClaim(int n)
        {
            // A quote the book already cites, so the new claim verifies; about a real entity and, sometimes, one added here.
            var (source, quote) = Pick(Citations());
            var about = new List<string> { Pick(EntityIds()) };
            if (_addedEntities.Count > 0 && _random.Next(2) == 0) about.Add(Pick(_addedEntities));
            var id = $"added-claim-{n}";
            var date = _random.Next(2) == 0 ? $"\n    date: {1990 + _random.Next(30)}-0{1 + _random.Next(9)}-1{_random.Next(10)}" : "";
            File.AppendAllText(AddedClaimsFile(), $"""

                  - id: {id}
                    text: An added claim about the talks.
                    about: [{string.Join(", ", about)}]{date}
                    cite:
                      - source: {source}
                        quote: {quote}

                """);
            _addedClaims.Add(id);
            return $"add {id} about {string.Join(", ", about)}";
        }

        private string AddedClaimsFile()
        {
            var file = Path.Combine(Content, "claims", "added.yaml");
            if (!File.Exists(file)) File.WriteAllText(file, "claims:\n");
            return file;
        }

        private string RemoveClaim()
        {
            if (_addedClaims.Count == 0) return EditClaimText();
            var id = Pick(_addedClaims);
            var file = AddedClaimsFile();
            var text = File.ReadAllText(file);
            var start = text.IndexOf($"  - id: {id}\n", StringComparison.Ordinal);
            var end = text.IndexOf("\n  - id: ", start + 1, StringComparison.Ordinal);
            File.WriteAllText(file, end < 0 ? text[..start] : text.Remove(start, end + 1 - start));
            _addedClaims.Remove(id);
            return $"remove {id}";
        }

        /// <summary>A new display name, or a new id everywhere it is used (its page moves: the old one must go).</summary>
        private string RenameEntity(int n)
        {
            var id = Pick(EntityIds());
            if (_random.Next(2) == 0)
            {
                var file = YamlFiles().First(f => File.ReadAllText(f).Contains($"  - id: {id}\n", StringComparison.Ordinal));
                var text = File.ReadAllText(file);
                var at = text.IndexOf("    name: ", text.IndexOf($"  - id: {id}\n", StringComparison.Ordinal), StringComparison.Ordinal);
                var lineEnd = text.IndexOf('\n', at);
                File.WriteAllText(file, text[..lineEnd] + $" the {Word(n)}" + text[lineEnd..]);
                return $"rename {id}";
            }
            var renamed = $"{id}-{Word(n)}";
            var reference = new Regex($@"(?<![\w-]){Regex.Escape(id)}(?![\w-])");
            foreach (var file in YamlFiles())
            {
                var text = File.ReadAllText(file);
                // Only in ids and reference lists: prose and quotes keep the word.
                var edited = Regex.Replace(text, @"(?m)^(\s*(?:- )?(?:id|about|related|participants):.*)$", m => reference.Replace(m.Value, renamed));
                if (edited != text) File.WriteAllText(file, edited);
            }
            for (var i = 0; i < _addedEntities.Count; i++) if (_addedEntities[i] == id) _addedEntities[i] = renamed;
            return $"rename {id} to {renamed}";
        }

        private string AddOrDeleteEntity(int n)
        {
            if (_addedEntities.Count > 0 && _random.Next(2) == 0)
            {
                var id = Pick(_addedEntities);
                if (File.ReadAllText(AddedClaimsFile()).Contains(id, StringComparison.Ordinal)) return RemoveClaim();
                File.Delete(Path.Combine(Content, "entities", $"added-{id}.yaml"));
                _addedEntities.Remove(id);
                return $"delete {id}";
            }
            var added = $"added-person-{Word(n)}";
            File.WriteAllText(Path.Combine(Content, "entities", $"added-{added}.yaml"), $"""
                people:
                  - id: {added}
                    name: Person {Word(n)}
                    summary: An official who took part in the talks.
                    related: [{Pick(EntityIds())}]

                """);
            _addedEntities.Add(added);
            return $"add {added}";
        }

        /// <summary>Changes one letter of a cited passage in its seed: the quote no longer verifies.</summary>
        private (string Seed, string Original, string Edit) BreakQuote()
        {
            var (source, quote) = Pick(Citations().Where(c => c.Quote.Length > 20).ToList());
            var seed = Path.Combine(Seeds, source + ".txt");
            var original = File.ReadAllText(seed);
            var letter = Enumerable.Range(5, quote.Length - 10).First(i => char.IsLetter(quote[i]));
            var broken = quote[..letter] + (quote[letter] == 'q' ? 'z' : 'q') + quote[(letter + 1)..];
            // Every time it occurs: a seed may repeat a passage (its headline above the article), and one left whole still verifies.
            File.WriteAllText(seed, original.Replace(quote, broken, StringComparison.Ordinal));
            return (seed, original, $"break a quote in {source}");
        }

        /// <summary>A template or one of the theme's assets (a style sheet, a script) changed.</summary>
        private string EditTemplate(int n)
        {
            var files = Directory.EnumerateFiles(Theme, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            var file = Pick(files);
            File.AppendAllText(file, file.EndsWith(".html", StringComparison.Ordinal) ? $"<!-- edit {Word(n)} -->\n" : $"/* edit {Word(n)} */\n");
            return $"theme {Path.GetRelativePath(Theme, file)}";
        }

        private string EditDisagreement()
        {
            var file = Path.Combine(Content, "disagreements.yaml");
            var text = File.ReadAllText(file);
            var topic = Pick(Regex.Matches(text, @"(?m)^    topic: (.*)$").ToList()).Groups[1];
            File.WriteAllText(file, text.Insert(topic.Index + topic.Length - (topic.Value[0] is '"' or '\'' ? 1 : 0), " in all"));
            return "disagreement topic";
        }

        private string EditBookYaml()
        {
            var file = Path.Combine(Content, "book.yaml");
            var text = File.ReadAllText(file);
            var title = Regex.Match(text, @"(?m)^  title: ""(.*)""$");
            File.WriteAllText(file, text.Insert(title.Groups[1].Index + title.Groups[1].Length, " in all"));
            return "book title";
        }

        /// <summary>A contested term dropped or added in book.yaml: the wording checks of every claim read the list.</summary>
        private string EditContestedTerms()
        {
            var file = Path.Combine(Content, "book.yaml");
            var text = File.ReadAllText(file);
            var terms = Regex.Matches(text, @"(?m)^        - (.+)\n").ToList();
            // A word the claims use, so that some now draw a warning.
            var unused = new[] { "talks", "islands", "treaty", "visit" }.Except(terms.Select(t => t.Groups[1].Value)).ToList();
            if (unused.Count == 0 || (terms.Count > 2 && _random.Next(2) == 0))
            {
                var term = Pick(terms);
                File.WriteAllText(file, text.Remove(term.Index, term.Length));
                return $"drop the contested term '{term.Groups[1].Value}'";
            }
            var added = Pick(unused);
            File.WriteAllText(file, text.Insert(terms[^1].Index + terms[^1].Length, $"        - {added}\n"));
            return $"add the contested term '{added}'";
        }

        private string AddSeed(int n)
        {
            File.WriteAllText(Path.Combine(Seeds, $"zz-added-{n:D3}.txt"),
                $"An added article\n\nThe talks on the islands went on {Word(n)}.\nNo claim cites this yet.\n");
            return $"add seed zz-added-{n:D3}";
        }

        private string AppendToSeed(int n)
        {
            var seed = Pick(Directory.GetFiles(Seeds, "*.txt").Order(StringComparer.Ordinal).ToList());
            File.AppendAllText(seed, $"A later paragraph, {Word(n)}.\n");
            return $"append to {Path.GetFileName(seed)}";
        }

        /// <summary>
        /// Another month for a date <paramref name="field"/>. A claim's or a meeting's date moves it in the chronology,
        /// between year pages and in lists by date. A source's publication date may put the claims citing it, in any
        /// file, after it (a warning), and when it was or becomes the newest, the book's edition on every page changes.
        /// </summary>
        private string Redate(string field, int fromYear)
        {
            var (file, value) = PickValue($@"(?m)^    {field}: (.+)$");
            var date = $"{fromYear + _random.Next(30)}-{1 + _random.Next(12):D2}";
            Replace(file, value, date);
            return $"{field} {value.Value} to {date} in {Path.GetFileName(file)}";
        }

        /// <summary>
        /// A claim or a disagreement about one entity more, or one fewer: it moves between topics. One fewer only for a
        /// record nothing else names: a key fact must stay a claim about its entity.
        /// </summary>
        private string Retopic()
        {
            var (file, value) = PickValue(@"(?m)^    about: \[(.+)\]$");
            var ids = value.Value.Split(',', StringSplitOptions.TrimEntries).ToList();
            var record = Regex.Matches(File.ReadAllText(file)[..value.Index], @"(?m)^  - id: (\S+)$")[^1].Groups[1].Value;
            var named = YamlFiles().Sum(f => Regex.Count(File.ReadAllText(f), $@"(?<![\w-]){Regex.Escape(record)}(?![\w-])"));
            if (ids.Count > 1 && named == 1 && _random.Next(2) == 0) ids.RemoveAt(_random.Next(ids.Count));
            else ids.Add(Pick(EntityIds().Except(ids).ToList()));
            Replace(file, value, string.Join(", ", ids));
            return $"about [{value.Value}] to [{string.Join(", ", ids)}] in {Path.GetFileName(file)}";
        }

        /// <summary>A quote cut by its last word: still in its source, it cites a shorter passage (which a check of figures may refuse).</summary>
        private string ShortenQuote()
        {
            var (file, value) = PickValue(@"(?m)^\s+quote: ([^'"">|\n]+ [^\s'""]+)$",
                v => !v.Contains(": ", StringComparison.Ordinal) && !v.Contains(" #", StringComparison.Ordinal) && v.Count(c => c == ' ') >= 4);
            var shorter = value.Value[..value.Value.LastIndexOf(' ')].TrimEnd(',', ';', ':');
            Replace(file, value, shorter);
            return $"quote cut to '{shorter}' in {Path.GetFileName(file)}";
        }

        /// <summary>Another outlet for a source: its label changes wherever it is cited.</summary>
        private string EditOutlet(int n)
        {
            var (file, value) = PickValue(@"(?m)^    outlet: (.+)$");
            Replace(file, value, $"{value.Value} {Word(n)}");
            return $"outlet of {Path.GetFileName(file)}";
        }

        /// <summary>A claim cut from its source's file (one of two or more there) and put at the end of the added claims' file.</summary>
        private string MoveClaim()
        {
            var sources = Directory.EnumerateFiles(Path.Combine(Content, "sources"), "*.yaml").Order(StringComparer.Ordinal)
                .Select(f => (File: f, Claims: ClaimBlocks(File.ReadAllText(f)))).Where(f => f.Claims.Count > 1).ToList();
            var (file, blocks) = Pick(sources);
            var (start, length) = Pick(blocks);
            var text = File.ReadAllText(file);
            var block = text.Substring(start, length);
            File.WriteAllText(file, text.Remove(start, length));
            File.AppendAllText(AddedClaimsFile(), block.EndsWith('\n') ? block : block + "\n");
            return $"move {Regex.Match(block, @"- id: (\S+)").Groups[1].Value} from {Path.GetFileName(file)}";
        }

        /// <summary>Where each claim of a source's file stands: from its "  - id:" line to the next one, or to the end of the file.</summary>
        private static List<(int Start, int Length)> ClaimBlocks(string text)
        {
            var claims = text.IndexOf("\nclaims:\n", StringComparison.Ordinal);
            if (claims < 0) return [];
            var starts = Regex.Matches(text[claims..], @"(?m)^  - id: ").Select(m => claims + m.Index).Append(text.Length).ToList();
            return [.. starts.Zip(starts.Skip(1), (a, b) => (a, b - a))];
        }

        /// <summary>One value matched by the first group of <paramref name="pattern"/>, in any annotation file.</summary>
        private (string File, Group Value) PickValue(string pattern, Func<string, bool>? usable = null) =>
            Pick(YamlFiles().SelectMany(f => Regex.Matches(File.ReadAllText(f), pattern).Select(m => (f, m.Groups[1])))
                .Where(p => usable?.Invoke(p.Item2.Value) ?? true).ToList());

        private static void Replace(string file, Group value, string replacement)
        {
            var text = File.ReadAllText(file);
            File.WriteAllText(file, text[..value.Index] + replacement + text[(value.Index + value.Length)..]);
        }

        /// <summary>Number words: digits in the book's own voice would be figures the checks look for in the sources.</summary>
        private static string Word(int n) => string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture)
            .Select(d => "abcdefghij"[d - '0']));

        private IReadOnlyList<string> EntityIds() =>
            Directory.EnumerateFiles(Path.Combine(Content, "entities"), "*.yaml").Order(StringComparer.Ordinal)
                .Where(f => !Path.GetFileName(f).StartsWith("added-", StringComparison.Ordinal))
                .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"(?m)^  - id: ([\w-]+)$").Select(m => m.Groups[1].Value)).ToList();

        /// <summary>Every (source, quote) cited as a plain one-line value, as it appears verbatim in its seed.</summary>
        private IReadOnlyList<(string Source, string Quote)> Citations() =>
            YamlFiles().SelectMany(f => Regex.Matches(File.ReadAllText(f), @"(?m)^\s+- source: (\S+)\n\s+quote: ([^'"">|].*)$")
                    .Select(m => (Source: m.Groups[1].Value, Quote: m.Groups[2].Value)))
                .Where(c => !c.Quote.Contains(": ", StringComparison.Ordinal) && !c.Quote.Contains(" #", StringComparison.Ordinal)
                            && File.Exists(Path.Combine(Seeds, c.Source + ".txt"))
                            && File.ReadAllText(Path.Combine(Seeds, c.Source + ".txt")).Contains(c.Quote, StringComparison.Ordinal))
                .ToList();

        public void Dispose() => Root.Dispose();
    }
}

/// <summary>serve's engine (IncrementalBuild) renders only what an edit affects, and never trusts a page it cannot see as written.</summary>
public class IncrementalEngineTests
{
    [Fact]
    public void AOneClaimEditRendersOnlyThePagesShowingItAndKeepsTheRest()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        var first = PublishingBook.Require(engine.Update(options));
        Assert.Equal(0, engine.PagesKept);
        var before = FolderState.Of(book.Output);

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var result = PublishingBook.Require(engine.Update(options));

        // The claim is about Putin and the Moscow talks, dated, and cites TASS: those pages, the chronology, the
        // front page (latest claims) and the print page; book.json, the search index: nothing else.
        Assert.True(engine.PagesKept > 0, "no page was kept");
        Assert.True(result.PagesRendered < first.PagesRendered / 2, $"{result.PagesRendered} of {first.PagesRendered} files rendered again");
        Assert.Contains("very useful", File.ReadAllText(Path.Combine(book.Output, "leaders", "putin.html")));
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after an edit");
        FolderState.AssertUntouched(before, FolderState.Of(book.Output), except: result.Publish!.Written);
    }

    /// <summary>
    /// A book whose chronology and busiest topics are split into year pages: the layout is recorded apart from what
    /// the claims say, so editing one claim's text renders the pages that show it (its source, its topics' year pages,
    /// the chronology's year page) and a few that read all of a topic's claims, not every page planned from the layout.
    /// </summary>
    [Fact]
    public void AOneClaimEditInASplitBookRendersOnlyThePagesShowingIt()
    {
        using var root = new TempDir("rjb-split-");
        SyntheticBook.HotTopic.Write(Repo.Content, Repo.Seeds, IncrementalEquivalenceTests.SplitCopies, root.Path);
        TempDir.CopyDirectory(Repo.Theme, root.Combine("theme"));
        var options = new BuildOptions(root.Combine("seeds"), root.Combine("content"), root.Combine("theme"), root.Combine("output"),
            Cache: root.Combine("cache"));
        var engine = new IncrementalBuild();
        var first = PublishingBook.Require(engine.Update(options));
        var pages = Directory.GetFiles(options.Output, "*.html", SearchOption.AllDirectories).Length;
        Assert.True(Directory.Exists(Path.Combine(options.Output, "chronology")), "the chronology is not split: the test needs a bigger book");

        // A dated claim of copy 2, about topics split into year pages; its text gains a word no page had.
        var file = Directory.GetFiles(root.Combine("content", "sources"), "*-h0002.yaml").Order(StringComparer.Ordinal).First();
        var text = File.ReadAllText(file);
        var claim = Regex.Matches(text, @"(?ms)^  - id: \S+\n(    text: >-\n      )(.*?)(?=^  - id: |\z)")
            .First(m => m.Groups[2].Value.Contains("\n    date: ", StringComparison.Ordinal));
        File.WriteAllText(file, text.Insert(claim.Groups[2].Index, "Zebrafish "));
        var result = PublishingBook.Require(engine.Update(options));

        var clean = root.Combine("clean");
        PublishingBook.Require(BriefingBuilder.Run(options with { Output = clean, Cache = null }, BuildMode.Build));
        FolderState.AssertSameBytes(clean, options.Output, "serve's build after a claim edit in a split book");
        var showing = Directory.GetFiles(clean, "*.html", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("Zebrafish", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(clean, f).Replace('\\', '/')).ToList();
        Assert.Contains(showing, p => p.StartsWith("chronology/", StringComparison.Ordinal));
        Assert.Contains(showing, p => p.StartsWith("sources/", StringComparison.Ordinal));
        Assert.All(showing, p => Assert.Contains(p, result.Publish!.Written));
        var rendered = result.Publish!.Written.Count(p => p.EndsWith(".html", StringComparison.Ordinal));
        Assert.True(rendered < pages / 10, $"{rendered} of {pages} pages written again for one claim shown on {showing.Count}");
        Assert.True(engine.PagesKept > pages * 9 / 10, $"{engine.PagesKept} of {pages} pages kept; first build rendered {first.PagesRendered} files");
    }

    [Fact]
    public void APageEditedByHandInTheOutputIsRenderedAgain()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        var page = Path.Combine(book.Output, "leaders", "abe.html");
        File.AppendAllText(page, "<!-- edited by hand -->");

        var result = PublishingBook.Require(engine.Update(options));

        Assert.Contains("leaders/abe.html", result.Publish!.Written);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after the output was edited by hand");
    }

    /// <summary>serve keeps its build cache in memory between saves, but only while the file is as it left it: one changed since is read again.</summary>
    [Fact]
    public void ACacheFileChangedBetweenSavesIsReadAgain()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        File.WriteAllText(Directory.GetFiles(book.Cache, "build-*.bin").Single(), "{}");

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        PublishingBook.Require(engine.Update(options));

        Assert.Equal(0, engine.PagesKept);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after its cache file was emptied");
    }

    [Fact]
    public void ADeletedCacheMakesEveryPageAgain()
    {
        using var book = new PublishingBook();
        var engine = new IncrementalBuild();
        var options = book.Options(cache: true);
        PublishingBook.Require(engine.Update(options));
        Directory.Delete(book.Cache, recursive: true);

        PublishingBook.Require(engine.Update(options));

        Assert.Equal(0, engine.PagesKept);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "serve's build after its cache was deleted");
    }
}

/// <summary>
/// The command line keeps what each page was made from in its cache folder (pages-*.bin), so a new process renders only
/// what an edit affects; records that are truncated, of another version or altered are ignored, never trusted.
/// </summary>
public class PageRecordsCacheTests
{
    private static string Records(PublishingBook book) => Directory.GetFiles(book.Cache, "pages-*.bin").Single();

    [Fact]
    public void ANewBuildAfterOneEditRendersOnlyThePagesItAffects()
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();

        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", "text: Putin called the talks very useful."));
        var result = book.BuildCached();

        Assert.True(result.PagesRendered < first.PagesRendered / 2, $"{result.PagesRendered} of {first.PagesRendered} files rendered again");
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a cached build after an edit");
    }

    [Theory]
    [MemberData(nameof(CacheFileDamage.Kinds), MemberType = typeof(CacheFileDamage))]
    public void DamagedRecordsAreIgnoredAndEveryPageIsRenderedAgain(string damage)
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        var file = Records(book);
        var bytes = CacheFileDamage.Apply(file, damage, "rjb page records");

        var result = book.BuildCached();

        Assert.Equal(first.PagesRendered - book.KeptDataFiles(), result.PagesRendered);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"a cached build with {damage} records");
        Assert.NotEqual(bytes, File.ReadAllBytes(Records(book))); // written anew after the build
        Assert.True(book.BuildCached().PagesRendered < first.PagesRendered / 2, "the records written anew are not used");
    }

    /// <summary>The build cache (build-*.bin) says which output files are as written: damaged, it vouches for none, and every file is written again.</summary>
    [Theory]
    [MemberData(nameof(CacheFileDamage.Kinds), MemberType = typeof(CacheFileDamage))]
    public void ADamagedBuildCacheIsIgnoredAndEveryFileIsWrittenAgain(string damage)
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        var file = Directory.GetFiles(book.Cache, "build-*.bin").Single();
        var bytes = CacheFileDamage.Apply(file, damage, "rjb build cache");
        Edit(book, 1);

        var result = book.BuildCached();

        Assert.Equal(first.FilesWritten, result.Publish!.Written.Count);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"a cached build with a {damage} build cache");
        Assert.NotEqual(bytes, File.ReadAllBytes(file)); // written anew after the build
        Edit(book, 2);
        Assert.True(book.BuildCached().Publish!.Written.Count < first.FilesWritten / 2, "the build cache written anew is not used");
    }

    private static void Edit(PublishingBook book, int i) =>
        book.Book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("text: Putin called the talks useful.", $"text: Putin called the talks useful ({i})."));

    /// <summary>An edit appends what it changed to the records instead of writing them whole, and the next build reads the records and what was appended.</summary>
    [Fact]
    public void AnEditAppendsWhatItChangedAndTheNextBuildUsesIt()
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        var whole = File.ReadAllBytes(Records(book));

        Edit(book, 1);
        book.BuildCached();
        var appended = File.ReadAllBytes(Records(book));
        Assert.True(appended.Length > whole.Length, "nothing was appended");
        Assert.Equal(whole, appended[..whole.Length]); // the whole records are left as they were

        Edit(book, 2);
        var result = book.BuildCached();
        Assert.True(result.PagesRendered < first.PagesRendered / 2, $"{result.PagesRendered} of {first.PagesRendered} files rendered after an appended edit");
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a cached build after two edits");
    }

    /// <summary>Edit after edit, the file never grows past twice its whole records and what was appended: it is written whole again, and every build stays right.</summary>
    [Fact]
    public void AppendedChangesAreFoldedIntoTheWholeRecordsBeforeTheyOutgrowThem()
    {
        using var book = new PublishingBook();
        book.BuildCached();
        var whole = new FileInfo(Records(book)).Length;
        var rewritten = false;
        for (var i = 1; i <= 25; i++)
        {
            var before = File.ReadAllBytes(Records(book));
            Edit(book, i);
            book.BuildCached();
            var after = File.ReadAllBytes(Records(book));
            rewritten |= !after.AsSpan().StartsWith(before);
            Assert.True(after.Length <= 3 * whole, $"after {i} edits the records are {after.Length} bytes, whole {whole}");
        }
        Assert.True(rewritten, "the records were never written whole again");
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a cached build after many edits");
    }

    public static TheoryData<string> AppendedDamages => ["truncated", "altered", "extra byte"];

    [Theory]
    [MemberData(nameof(AppendedDamages))]
    public void ADamagedAppendedFrameIsIgnoredWithTheWholeFile(string damage)
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        Edit(book, 1);
        book.BuildCached();
        var file = Records(book);
        var bytes = File.ReadAllBytes(file);
        bytes = damage switch
        {
            "truncated" => bytes[..^1],
            "extra byte" => [.. bytes, 0],
            _ => bytes.Select((b, i) => i == bytes.Length - 40 ? (byte)(b ^ 1) : b).ToArray(), // in the last frame's payload
        };
        File.WriteAllBytes(file, bytes);

        Edit(book, 2);
        var result = book.BuildCached();

        // Every file again, but book.json, whose own record finds it unchanged: it lists no claim's text.
        Assert.Equal(first.PagesRendered - 1, result.PagesRendered);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, $"a cached build with the appended records {damage}");
    }

    /// <summary>An appended frame whose checksum holds but whose reader leaves bytes over was not written by these records' writer: the whole file is ignored.</summary>
    [Fact]
    public void AnAppendedFrameWithBytesItDoesNotUseIsIgnoredWithTheWholeFile()
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        File.AppendAllBytes(Records(book), CheckedFile.Frame(PageTracker.Magic, PageTracker.Version, writer =>
        {
            writer.Write((byte)1); // a frame of changes: no table named, no read added, no hash moved, no read by every page, no page made or dropped
            writer.Write7BitEncodedInt(0);
            for (var count = 0; count < 5; count++) writer.Write(0);
            writer.Write((byte)0); // and one byte more
        }));

        book.ForgetSnapshot();
        var result = book.BuildCached();

        // Taken as written, the frame would say no page reads anything new, and no page would be rendered.
        Assert.Equal(first.PagesRendered - book.KeptDataFiles(), result.PagesRendered);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a cached build with a frame followed by a byte it does not use");
    }

    /// <summary>A read names its table by place in the frame's list of tables: one past the list is a malformed file, ignored whole, not a crash.</summary>
    [Fact]
    public void AnAppendedReadOfATableTheFrameDoesNotNameIsIgnoredWithTheWholeFile()
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        File.AppendAllBytes(Records(book), CheckedFile.Frame(PageTracker.Magic, PageTracker.Version, writer =>
        {
            writer.Write((byte)1); // a frame of changes naming no table, whose one added read is of the first table named
            writer.Write7BitEncodedInt(0);
            writer.Write(1);
            writer.Write7BitEncodedInt(0);
            writer.Write((byte)0);
            writer.Write(new byte[16]);
            for (var count = 0; count < 4; count++) writer.Write(0); // no hash moved, no read by every page, no page made or dropped
        }));

        book.ForgetSnapshot();
        var result = book.BuildCached();

        Assert.Equal(first.PagesRendered - book.KeptDataFiles(), result.PagesRendered);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a cached build with a read of a table not named");
    }

    /// <summary>A build killed while publishing leaves records that end with the mark of it: they are ignored, as the output may be the new one.</summary>
    [Fact]
    public void RecordsOfABuildKilledWhilePublishingAreIgnored()
    {
        using var book = new PublishingBook();
        var first = book.BuildCached();
        Edit(book, 1);
        var killed = Record.Exception(() => BriefingBuilder.Run(book.Options(cache: true) with
        { Faults = new PublishFaults(step => { if (step == PublishStep.Swap) throw new SimulatedKill(); }) }, BuildMode.Build));
        Assert.IsType<SimulatedKill>(killed);
        Assert.True(new FileInfo(Records(book)).Length > 0);

        var result = book.BuildCached();

        // Every file again, but book.json, whose own record finds it unchanged: it lists no claim's text.
        Assert.Equal(first.PagesRendered - 1, result.PagesRendered);
        FolderState.AssertSameBytes(book.BuildClean(), book.Output, "a cached build after one killed while publishing");
    }
}
