using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The parse cache (<see cref="ParsedFiles"/>), in serve's memory and in the command line's cache folder: an
/// annotation file whose bytes are unchanged is not parsed again, a changed one is, and either way the load reports
/// exactly what a load without the cache reports. A damaged cache file is reported and never trusted.
/// </summary>
public class ParsedFilesTests
{
    private static (AnnotationSet Set, string Diagnostics) Load(TempBook book, ParsedFiles? parsed)
    {
        var bag = new DiagnosticBag();
        var set = AnnotationLoader.Load(book.Content, bag, parsed);
        return (set, bag.Sorted().Dump());
    }

    private static void AssertAsWithoutCache(TempBook book, ParsedFiles parsed)
    {
        var (cached, cachedDiagnostics) = Load(book, parsed);
        var (clean, cleanDiagnostics) = Load(book, null);
        Assert.Equal(cleanDiagnostics, cachedDiagnostics);
        Assert.Equal(clean.Claims.Select(c => (c.Id.Value, c.Text.Value, c.Location)), cached.Claims.Select(c => (c.Id.Value, c.Text.Value, c.Location)));
        Assert.Equal(clean.Entities.Select(e => e.Id.Value), cached.Entities.Select(e => e.Id.Value));
        Assert.Equal(clean.Book?.Title, cached.Book?.Title);
        Assert.Equal(clean.BrokenIds.Order(StringComparer.Ordinal), cached.BrokenIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnlyChangedFilesAreParsedAgain()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        AssertAsWithoutCache(book, parsed);
        Assert.Equal((SampleBook.ContentFiles.Count, 0), (parsed.Parsed, parsed.Reused));

        AssertAsWithoutCache(book, parsed);
        Assert.Equal((0, SampleBook.ContentFiles.Count), (parsed.Parsed, parsed.Reused));

        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        AssertAsWithoutCache(book, parsed);
        Assert.Equal((1, SampleBook.ContentFiles.Count - 1), (parsed.Parsed, parsed.Reused));
        Assert.Contains(Load(book, null).Set.Claims, c => c.Text.Value == "Putin called the talks fruitful.");
    }

    [Fact]
    public void ClaimsAddedAndRemovedInOneFileAndAnotherStandWhereAFreshLoadPutsThem()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        AssertAsWithoutCache(book, parsed);
        // The first file of claims gains one before its last; the second, the last in path order, loses its first.
        const string added = """
              - id: summit-ends
                text: Officials said the talks would continue.
                about: [nagato-summit-2016]
                cite:
                  - source: kyodo-2016
                    quote: Officials said the talks would continue

            """;
        book.Yaml("sources/kyodo-2016.yaml", SampleBook.KyodoYaml.Replace("  - id: officials-continue", added + "  - id: officials-continue"));
        var moscow = SampleBook.TassYaml.IndexOf("  - id: moscow-meeting", StringComparison.Ordinal);
        var next = SampleBook.TassYaml.IndexOf("  - id: inherent-territory", StringComparison.Ordinal);
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Remove(moscow, next - moscow));
        AssertAsWithoutCache(book, parsed);
        Assert.Equal(2, parsed.Parsed);
        var ids = Load(book, parsed).Set.Claims.Select(c => c.Id.Value).ToList();
        Assert.Equal(ids.IndexOf("officials-continue") - 1, ids.IndexOf("summit-ends"));
        Assert.DoesNotContain("moscow-meeting", ids);

        SampleBook.Write(book);
        AssertAsWithoutCache(book, parsed);
        Assert.Contains("moscow-meeting", Load(book, parsed).Set.Claims.Select(c => c.Id.Value));
    }

    [Fact]
    public void ABookDescribedTwiceIsReportedAtEverySaveUntilOneIsGone()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        AssertAsWithoutCache(book, parsed);
        // A file of claims edited: the books are those of the last load, and still one.
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        AssertAsWithoutCache(book, parsed);

        book.Yaml("zz-book.yaml", SampleBook.BookYaml);
        AssertAsWithoutCache(book, parsed);
        // Saves that change neither book still report the second.
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml);
        var (_, diagnostics) = Load(book, parsed);
        Assert.Contains("described twice", diagnostics);
        AssertAsWithoutCache(book, parsed);

        // The second book's file keeps no book: nothing is described twice any more.
        book.Yaml("zz-book.yaml", "sources: []\n");
        AssertAsWithoutCache(book, parsed);
        Assert.DoesNotContain("described twice", Load(book, parsed).Diagnostics);
    }

    [Fact]
    public void AnUnchangedBrokenFileReportsItsErrorsAgain()
    {
        using var book = SampleBook.Create();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("  - id: talks-useful", "  - id: talks-useful\n    id: twice"));
        var parsed = new ParsedFiles();
        var (_, first) = Load(book, parsed);
        Assert.Contains("RJB0105", first);
        var (_, again) = Load(book, parsed);
        Assert.Equal(first, again);
        Assert.Equal(0, parsed.Parsed);
        AssertAsWithoutCache(book, parsed);
    }

    [Fact]
    public void AnEditThatKeepsTheLengthAndTimeIsStillSeen()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        Load(book, parsed);
        var path = book.ContentFile("sources/tass-2018.yaml");
        var time = File.GetLastWriteTimeUtc(path);
        var edited = SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks USEFUL.");
        Assert.Equal(SampleBook.TassYaml.Length, edited.Length);
        book.Yaml("sources/tass-2018.yaml", edited);
        File.SetLastWriteTimeUtc(path, time);
        var (set, _) = Load(book, parsed);
        Assert.Equal(1, parsed.Parsed);
        Assert.Contains(set.Claims, c => c.Text.Value == "Putin called the talks USEFUL.");
    }

    [Fact]
    public void ADeletedFileIsForgotten()
    {
        using var book = SampleBook.Create();
        var parsed = new ParsedFiles();
        Load(book, parsed);
        book.Delete("disagreements.yaml");
        AssertAsWithoutCache(book, parsed);
        Assert.Equal((0, SampleBook.ContentFiles.Count - 1), (parsed.Parsed, parsed.Reused));
        Assert.Empty(Load(book, parsed).Set.Disagreements);
    }

    /// <summary>
    /// While serve's watch sees a few files change, only those are got again: every other file's part is the very one
    /// the last load gave, and what it reported is reported again, as a load that goes through every file reports it.
    /// A file that can no longer be read keeps no parse, and the loads after it are still as a fresh load.
    /// </summary>
    [Fact]
    public void WhileTheWatchSeesOneFileChangeOnlyThatFileIsGotAgain()
    {
        if (!OperatingSystem.IsLinux()) return; // the watch is inotify's
        using var book = SampleBook.Create();
        book.Yaml("sources/kyodo-2016.yaml", SampleBook.KyodoYaml.Replace("  - id: officials-continue", "  - id: officials-continue\n    id: twice"));
        using var watch = InputWatch.Open([book.Seeds, book.Content]);
        Assert.NotNull(watch);
        // Change times cannot be set back, so the parses under test trust files changed before they were read, however recently.
        var parsed = new ParsedFiles(racyNanoseconds: 0);
        parsed.Listing.Watch = watch;
        (AnnotationSet Set, string Diagnostics) Save()
        {
            Assert.True(watch!.Drain());
            var saved = Load(book, parsed);
            Assert.Equal(Load(book, null).Diagnostics, saved.Diagnostics);
            return saved;
        }
        AnnotationSet Part(AnnotationSet set, string file) => set.Files!.Single(f => f.Path.EndsWith(file, StringComparison.Ordinal)).Part;

        var first = Save();
        Assert.Contains("RJB0105", first.Diagnostics);
        Assert.Same(Part(first.Set, "kyodo-2016.yaml"), Part(Save().Set, "kyodo-2016.yaml"));
        Assert.Equal((0, SampleBook.ContentFiles.Count), (parsed.Parsed, parsed.Reused));

        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYamlWithTalksClaim("Putin called the talks fruitful."));
        var edited = Save();
        Assert.Equal((1, SampleBook.ContentFiles.Count - 1), (parsed.Parsed, parsed.Reused));
        Assert.Contains("RJB0105", edited.Diagnostics);
        Assert.Same(Part(first.Set, "kyodo-2016.yaml"), Part(edited.Set, "kyodo-2016.yaml"));
        Assert.Contains(edited.Set.Claims, c => c.Text.Value == "Putin called the talks fruitful.");
        AssertAsWithoutCache(book, parsed);

        // Past the size limit: read no more, reported, and then read again once it is back.
        File.WriteAllText(book.ContentFile("sources/tass-2018.yaml"), SampleBook.TassYaml + new string('#', (int)InputFiles.MaxTextBytes));
        Assert.DoesNotContain(Save().Set.Claims, c => c.Text.Value == "Putin called the talks fruitful.");
        Save();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml);
        Assert.Contains(Save().Set.Claims, c => c.Text.Value == "Putin called the talks useful.");
        AssertAsWithoutCache(book, parsed);
    }

    private const string Engine = "test engine";

    /// <summary>A new process's parse cache: what the cache folder holds, nothing else.</summary>
    /// <remarks>With <paramref name="trustRecent"/>, files changed just before they were read may be vouched for by their stat data (change times cannot be set back).</remarks>
    private static (ParsedFiles Parsed, string Diagnostics) Open(TempBook book, string engine = Engine, bool trustRecent = false)
    {
        var bag = new DiagnosticBag();
        var parsed = trustRecent ? ParsedFiles.Load(book.Combine("cache"), engine, bag, racyNanoseconds: 0) : ParsedFiles.Load(book.Combine("cache"), engine, bag);
        return (parsed, bag.Sorted().Dump());
    }

    private static string CacheFile(TempBook book) => Path.Combine(book.Combine("cache"), ParsedFiles.FileName);

    /// <summary>Loads the book as a new command-line process does, saving the parses when they changed; returns the load's diagnostics.</summary>
    private static (ParsedFiles Parsed, string Diagnostics) LoadAsNewProcess(TempBook book, string engine = Engine, bool trustRecent = false)
    {
        var bag = new DiagnosticBag();
        var parsed = trustRecent ? ParsedFiles.Load(book.Combine("cache"), engine, bag, racyNanoseconds: 0) : ParsedFiles.Load(book.Combine("cache"), engine, bag);
        AnnotationLoader.Load(book.Content, bag, parsed);
        if (parsed.Changed) Assert.True(parsed.Save());
        return (parsed, bag.Sorted().Dump());
    }

    [Fact]
    public void ANewProcessParsesOnlyTheFilesThatChanged()
    {
        using var book = SampleBook.Create();
        var (first, _) = LoadAsNewProcess(book);
        Assert.Equal((SampleBook.ContentFiles.Count, 0), (first.Parsed, first.Reused));
        Assert.True(File.Exists(CacheFile(book)));

        var (again, _) = Open(book);
        AssertAsWithoutCache(book, again);
        Assert.Equal((0, SampleBook.ContentFiles.Count), (again.Parsed, again.Reused));

        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        var (edited, _) = Open(book);
        AssertAsWithoutCache(book, edited);
        Assert.Equal((1, SampleBook.ContentFiles.Count - 1), (edited.Parsed, edited.Reused));
        Assert.Contains(Load(book, edited).Set.Claims, c => c.Text.Value == "Putin called the talks fruitful.");
    }

    [Fact]
    public void ANewProcessDoesNotReadAFileItsStatDataVouchFor()
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var (trusted, _) = Open(book, trustRecent: true);
        AssertAsWithoutCache(book, trusted);
        Assert.Equal((0, SampleBook.ContentFiles.Count, SampleBook.ContentFiles.Count), (trusted.Parsed, trusted.Reused, trusted.Trusted));
        Assert.False(trusted.Changed);

        // The same length, and the modification time put back (as tar or rsync would): only the change time tells.
        var path = book.ContentFile("sources/tass-2018.yaml");
        var time = File.GetLastWriteTimeUtc(path);
        var edited = SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks USEFUL.");
        book.Yaml("sources/tass-2018.yaml", edited);
        File.SetLastWriteTimeUtc(path, time);
        var (again, _) = Open(book, trustRecent: true);
        AssertAsWithoutCache(book, again);
        Assert.Equal((1, SampleBook.ContentFiles.Count - 1), (again.Parsed, again.Trusted));
        Assert.Contains(Load(book, again).Set.Claims, c => c.Text.Value == "Putin called the talks USEFUL.");
    }

    [Fact]
    public void ANewProcessReadsEveryFileChangedCloseToItsLastRead()
    {
        // The files were just written: within the racy window of the read that recorded their stat data, so an edit in
        // the same clock tick would leave them as they were. They are read and hashed, though none of them is parsed.
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var (parsed, _) = Open(book);
        AssertAsWithoutCache(book, parsed);
        Assert.Equal((0, SampleBook.ContentFiles.Count, 0), (parsed.Parsed, parsed.Reused, parsed.Trusted));
    }

    [Fact]
    public void AFileTouchedButNotChangedIsKeptWithItsNewStatData()
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book, trustRecent: true);
        var path = book.ContentFile("disagreements.yaml");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        var (touched, _) = LoadAsNewProcess(book, trustRecent: true);
        Assert.Equal((0, SampleBook.ContentFiles.Count - 1), (touched.Parsed, touched.Trusted));
        Assert.True(touched.Changed);
        var (next, _) = Open(book, trustRecent: true);
        AssertAsWithoutCache(book, next);
        Assert.Equal(SampleBook.ContentFiles.Count, next.Trusted);
    }

    [Fact]
    public void AKeptParseIsTheParse()
    {
        // Every file of the sample book (entities of each kind with dates and participants, citations with contexts,
        // boilerplate, wording allowances, the book), read back from the cache file, holds every value a fresh parse holds.
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var (kept, _) = Open(book);
        var (decoded, _) = Load(book, kept);
        Assert.Equal(0, kept.Parsed);
        var fresh = Load(book, null).Set;
        Assert.Contains("participants: [Located", Describe(fresh)); // the description reaches into an entity's own fields
        Assert.Equal(Describe(fresh), Describe(decoded));
    }

    [Fact]
    public void AnUnchangedFileIsWrittenBackByteForByte()
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var written = File.ReadAllBytes(CacheFile(book));
        var (kept, _) = Open(book);
        Load(book, kept);
        Assert.False(kept.Changed);
        Assert.True(kept.Save());
        Assert.Equal(written, File.ReadAllBytes(CacheFile(book)));
    }

    /// <summary>Every public value a parse holds, written out, so two parses compare by content; sets in order.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        RussiaJapanBriefing.Model.FieldValues<Located<string>> values => "{" + string.Join(", ", RussiaJapanBriefing.Model.EntityKinds.Fields.Select(f => f.Key + ": " + f.Type switch
        {
            RussiaJapanBriefing.Model.FieldType.Text => Describe(values.Text(f)),
            RussiaJapanBriefing.Model.FieldType.Date => Describe(values.Date(f)),
            _ => Describe(values.References(f)),
        })) + "}",
        IReadOnlySet<string> set => "{" + string.Join(", ", set.Order(StringComparer.Ordinal)) + "}",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        _ when value.GetType().IsPrimitive || value.GetType().IsEnum => value.ToString()!,
        _ => value.GetType().Name + "{" + string.Join(", ", value.GetType().GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => p.Name + ": " + Describe(p.GetValue(value)))) + "}",
    };

    [Fact]
    public void AKeptBrokenFileReportsWhatAFreshParseReports()
    {
        using var book = SampleBook.Create();
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("  - id: talks-useful", "  - id: talks-useful\n    id: twice"));
        book.Yaml("broken.yaml", "claims:\n  - id: Not A Slug\n    text: x\n    about: [nowhere]\n    colour: red\n");
        var (_, first) = LoadAsNewProcess(book);
        var (kept, _) = Open(book);
        var (_, replayed) = Load(book, kept);
        Assert.Equal(0, kept.Parsed);
        Assert.Contains("RJB0105", replayed);
        Assert.Contains("RJB0102", replayed);
        Assert.Equal(Load(book, null).Diagnostics, replayed);
        Assert.Equal(first, replayed);
    }

    [Fact]
    public void ACachedCommandLineBuildIsACleanBuild()
    {
        using var book = SampleBook.Create();
        var cached = book.Options with { Output = book.Combine("cached"), Cache = book.Combine("cache") };
        Assert.True(BriefingBuilder.Run(cached, BuildMode.Build).Succeeded);
        Assert.True(File.Exists(CacheFile(book)));
        // An edit, so the build loads the book again (with nothing changed it would replay the last report instead).
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        var result = BriefingBuilder.Run(cached, BuildMode.Build);
        var clean = BriefingBuilder.Run(book.Options with { Output = book.Combine("clean") }, BuildMode.Build);
        Assert.Equal(clean.Diagnostics.Dump(), result.Diagnostics.Dump());
        Assert.True(result.Succeeded);
        FolderState.AssertSameBytes(book.Combine("clean"), book.Combine("cached"), "a build with kept parses differs from a clean build");
    }

    public static TheoryData<string> Damages => ["truncated", "other version", "altered", "hand-made count", "not a file of ours"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedCacheFileIsReportedAndParsedAgain(string damage)
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var file = CacheFile(book);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "other version" => CheckedFile.Frame(ParsedFiles.Magic, ParsedFiles.Version + 1, w => w.Write(bytes)),
            "altered" => [.. bytes[..^40], (byte)(bytes[^40] ^ 1), .. bytes[^39..]],
            // Well framed, but claiming more files than it has bytes: refused before anything is allocated for them.
            "hand-made count" => CheckedFile.Frame(ParsedFiles.Magic, ParsedFiles.Version, w =>
            {
                w.Write((byte)ParsedFiles.FrameKind.Whole);
                w.Write(Engine);
                w.Write7BitEncodedInt(int.MaxValue);
            }),
            _ => "claims: []\n"u8.ToArray(),
        });
        var (parsed, diagnostics) = LoadAsNewProcess(book);
        Assert.Contains("warning RJB0125", diagnostics);
        Assert.Equal((SampleBook.ContentFiles.Count, 0), (parsed.Parsed, parsed.Reused));
        Assert.Equal(Load(book, null).Diagnostics, string.Join(Environment.NewLine, diagnostics.Split(Environment.NewLine).Where(l => !l.Contains("RJB0125"))));

        // The file was written anew: the next process trusts it and parses nothing.
        var (next, again) = LoadAsNewProcess(book);
        Assert.DoesNotContain("RJB0125", again);
        Assert.Equal(0, next.Parsed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AWellFramedFileWithAMalformedParseIsReportedAndThatFileParsedAgain(bool trusted)
    {
        // Parses are decoded only when used, so a bad one is found then: the table and the checksum are intact.
        // Whether the file is read (its bytes unchanged) or trusted by its stat data, the bad parse is not used.
        using var book = SampleBook.Create();
        LoadAsNewProcess(book, trustRecent: trusted);
        var file = CacheFile(book);
        var bytes = File.ReadAllBytes(file);
        var reader = CheckedFile.Open(bytes, ParsedFiles.Magic, ParsedFiles.Version)!;
        var start = (int)reader.Position;
        Assert.Equal(ParsedFiles.FrameKind.Whole, (ParsedFiles.FrameKind)reader.ReadByte());
        reader.ReadString();
        reader.Read7BitEncodedInt();
        reader.ReadString();
        reader.ReadBytes(32);
        if (reader.ReadBoolean()) reader.ReadBytes(5 * sizeof(long)); // the stat data and when they were taken
        var length = reader.Read7BitEncodedInt();
        var at = (int)reader.Position;
        var payload = bytes[start..^32];
        payload.AsSpan(at - start, length).Fill(0xFF); // the first file's parse: no count or string reads from it
        File.WriteAllBytes(file, CheckedFile.Frame(ParsedFiles.Magic, ParsedFiles.Version, w => w.Write(payload)));

        var (parsed, diagnostics) = LoadAsNewProcess(book, trustRecent: trusted);
        Assert.Single(diagnostics.Split(Environment.NewLine), l => l.Contains("warning RJB0125") && l.Contains("malformed"));
        Assert.True(parsed.Parsed >= 1);
        Assert.Equal(Load(book, null).Diagnostics, string.Join(Environment.NewLine, diagnostics.Split(Environment.NewLine).Where(l => !l.Contains("RJB0125"))));
        var (next, again) = LoadAsNewProcess(book);
        Assert.DoesNotContain("RJB0125", again);
        Assert.Equal(0, next.Parsed);
    }

    [Fact]
    public void ParsesByAnotherBuildOfRjbAreQuietlyParsedAgain()
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book, "an older rjb");
        var (parsed, diagnostics) = LoadAsNewProcess(book);
        Assert.DoesNotContain("RJB0125", diagnostics);
        Assert.Equal(SampleBook.ContentFiles.Count, parsed.Parsed);
    }

    [Fact]
    public void ADeletedFileIsDroppedFromTheCacheFile()
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        book.Delete("disagreements.yaml");
        var (gone, _) = LoadAsNewProcess(book);
        Assert.True(gone.Changed);

        // Back again, it is not in the cache: the new process parses it.
        book.Yaml("disagreements.yaml", SampleBook.ContentFiles.Single(f => f.Path == "disagreements.yaml").Yaml);
        var (back, _) = LoadAsNewProcess(book);
        Assert.Equal((1, SampleBook.ContentFiles.Count - 1), (back.Parsed, back.Reused));
    }

    private static IReadOnlyList<long> FrameLengths(TempBook book) =>
        CheckedFile.OpenAll(File.ReadAllBytes(CacheFile(book)), ParsedFiles.Magic, ParsedFiles.Version)!.Select(f => f.Length).ToList();

    private static void EditClaim(TempBook book, string text) =>
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", text));

    [Fact]
    public void AnEditAppendsOnlyTheEditedFilesEntry()
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var whole = File.ReadAllBytes(CacheFile(book));
        EditClaim(book, "Putin called the talks fruitful.");
        var (edited, _) = LoadAsNewProcess(book);
        Assert.Equal(1, edited.Parsed);

        // The first frame is left as it was, and the frame after it holds far less than the whole table.
        var bytes = File.ReadAllBytes(CacheFile(book));
        Assert.Equal(whole, bytes[..whole.Length]);
        var frames = FrameLengths(book);
        Assert.Equal(2, frames.Count);
        Assert.True(frames[1] < frames[0] / 2, $"{frames[1]} of {frames[0]}");

        // A new process takes the edited file's parse from the appended frame, the others' from the first.
        var (next, _) = Open(book);
        AssertAsWithoutCache(book, next);
        Assert.Equal((0, SampleBook.ContentFiles.Count), (next.Parsed, next.Reused));
        Assert.Contains(Load(book, next).Set.Claims, c => c.Text.Value == "Putin called the talks fruitful.");
    }

    [Fact]
    public void AppendedFramesAreFoldedIntoOneOnceTheyWouldDoubleTheFile()
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var folded = false;
        for (var edit = 0; edit < 40 && !folded; edit++)
        {
            var before = FrameLengths(book);
            EditClaim(book, $"Putin called the talks useful, {edit} times over.");
            LoadAsNewProcess(book);
            var after = FrameLengths(book);
            Assert.True(after.Sum() <= 2 * after[0], $"{after.Sum()} past twice {after[0]}");
            folded = after.Count == 1;
            if (!folded) Assert.Equal(before.Count + 1, after.Count);
        }
        Assert.True(folded);
        var (next, _) = Open(book);
        AssertAsWithoutCache(book, next);
        Assert.Equal(0, next.Parsed);
        Assert.Contains(Load(book, next).Set.Claims, c => c.Text.Value.EndsWith(" times over.", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryFileStampedAnewIsWrittenWholeRatherThanAppended()
    {
        // The first build's reads are too close to the files' times to vouch for them; once they are safely old, a new
        // process stamps every file anew: that is the whole table again, written as one frame, not appended.
        using var book = SampleBook.Create();
        LoadAsNewProcess(book, trustRecent: true);
        foreach (var file in Directory.EnumerateFiles(book.Content, "*.yaml", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
        var (touched, _) = LoadAsNewProcess(book, trustRecent: true);
        Assert.Equal((0, SampleBook.ContentFiles.Count), (touched.Parsed, touched.Reused));
        Assert.Single(FrameLengths(book));

        EditClaim(book, "Putin called the talks fruitful.");
        LoadAsNewProcess(book, trustRecent: true);
        Assert.Equal(2, FrameLengths(book).Count);
    }

    public static TheoryData<string> FrameDamages =>
        ["truncated frame", "altered frame", "frame of another version", "bytes appended", "frame of unknown kind", "changes first", "dropping a file not listed"];

    [Theory]
    [MemberData(nameof(FrameDamages))]
    public void ADamagedAppendedFrameMakesTheWholeFileIgnored(string damage)
    {
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        EditClaim(book, "Putin called the talks fruitful.");
        LoadAsNewProcess(book);
        var file = CacheFile(book);
        var bytes = File.ReadAllBytes(file);
        var frames = FrameLengths(book);
        var first = bytes[..(int)frames[0]];
        var last = bytes[(int)frames[0]..];
        static byte[] Changes(Action<BinaryWriter> write) => CheckedFile.Frame(ParsedFiles.Magic, ParsedFiles.Version, w =>
        {
            w.Write((byte)ParsedFiles.FrameKind.Changes);
            write(w);
        });
        File.WriteAllBytes(file, damage switch
        {
            "truncated frame" => bytes[..^1],
            "altered frame" => [.. first, .. last[..^40], (byte)(last[^40] ^ 1), .. last[^39..]],
            "frame of another version" => [.. first, .. CheckedFile.Frame(ParsedFiles.Magic, ParsedFiles.Version + 1, w => w.Write((byte)ParsedFiles.FrameKind.Changes))],
            "bytes appended" => [.. bytes, 0],
            "frame of unknown kind" => [.. bytes, .. CheckedFile.Frame(ParsedFiles.Magic, ParsedFiles.Version, w => w.Write((byte)7))],
            "changes first" => last,
            _ => [.. bytes, .. Changes(w =>
            {
                w.Write7BitEncodedInt(0);
                w.Write7BitEncodedInt(1);
                w.Write("no-such-file.yaml");
            })],
        });
        var (parsed, diagnostics) = LoadAsNewProcess(book);
        Assert.Contains("warning RJB0125", diagnostics);
        Assert.Equal((SampleBook.ContentFiles.Count, 0), (parsed.Parsed, parsed.Reused));
        Assert.Equal(Load(book, null).Diagnostics, string.Join(Environment.NewLine, diagnostics.Split(Environment.NewLine).Where(l => !l.Contains("RJB0125"))));

        // Written whole again: one frame, which the next process trusts.
        Assert.Single(FrameLengths(book));
        var (next, again) = LoadAsNewProcess(book);
        Assert.DoesNotContain("RJB0125", again);
        Assert.Equal(0, next.Parsed);
    }

    [Fact]
    public void AFileAppendedToSinceItWasLoadedIsWrittenWhole()
    {
        // Two processes loaded the same file; the one saving second does not append against a file it no longer knows.
        using var book = SampleBook.Create();
        LoadAsNewProcess(book);
        var (slow, _) = Open(book);
        EditClaim(book, "Putin called the talks fruitful.");
        LoadAsNewProcess(book);
        Load(book, slow);
        Assert.True(slow.Changed);
        Assert.True(slow.Save());
        Assert.Single(FrameLengths(book));
        var (next, _) = Open(book);
        AssertAsWithoutCache(book, next);
        Assert.Equal(0, next.Parsed);
    }

    [Fact]
    public void ADamagedCacheFileIsNotReportedAgainByTheNextBuild()
    {
        using var book = SampleBook.Create();
        var cached = book.Options with { Output = book.Combine("cached"), Cache = book.Combine("cache") };
        Assert.True(BriefingBuilder.Run(cached, BuildMode.Build).Succeeded);
        // An edit, so that the build loads the book and so reads the damaged file.
        book.Yaml("sources/tass-2018.yaml", SampleBook.TassYaml.Replace("Putin called the talks useful.", "Putin called the talks fruitful."));
        File.WriteAllBytes(CacheFile(book), [1, 2, 3]);
        Assert.Single(BriefingBuilder.Run(cached, BuildMode.Build).Diagnostics, d => d.Code == "RJB0125");

        // Nothing changed since: the next build does not say again what the last one already put right.
        var next = BriefingBuilder.Run(cached, BuildMode.Build);
        Assert.True(next.Succeeded);
        Assert.DoesNotContain(next.Diagnostics, d => d.Code == "RJB0125");
    }

    [Fact]
    public void AFileWrittenStraightToDiskIsFramedAsInMemory()
    {
        using var book = SampleBook.Create();
        var path = book.Combine("framed.bin");
        static void Payload(BinaryWriter w)
        {
            w.Write("päyload");
            w.Write(new byte[100_000]);
            w.Write7BitEncodedInt(300);
        }
        CheckedFile.Write(path, "magic", 7, Payload);
        var framed = CheckedFile.Frame("magic", 7, Payload);
        Assert.Equal(framed, File.ReadAllBytes(path));
        var reader = CheckedFile.Open(framed, "magic", 7);
        Assert.Equal("päyload", reader!.ReadString());
    }

    [Fact]
    public void ACacheThatCannotBeWrittenIsAWarning()
    {
        using var book = SampleBook.Create();
        // A folder where the staged file would go: the file cannot be written, the build still succeeds.
        Directory.CreateDirectory(CacheFile(book) + ".new");
        var result = BriefingBuilder.Run(book.Options with { Output = book.Combine("cached"), Cache = book.Combine("cache") }, BuildMode.Build);
        Assert.True(result.Succeeded);
        Assert.Single(result.Diagnostics, d => d.Code == "RJB0126");
        Assert.False(File.Exists(CacheFile(book)));
    }
}
