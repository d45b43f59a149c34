using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification;

/// <summary>
/// The command line's record of where each citation stands in its source, in the book it last published into an
/// output folder, under the identity of the build that published it (as <see cref="PagesMemo"/>): every claim's
/// citations, every entity summary's, and every source's uncited passages. After an edit that replaced claims alone,
/// every input but the edited files is byte for byte that build's, so each claim of a file left alone, every entity
/// and every source resolves as it did then: made from its annotation and these places, without a quote being
/// looked up (at 10,000 sources, hashing and looking up 100,000 quotes was the biggest step of a one-claim rebuild;
/// the summaries' and uncited passages' few thousand decoded their sources' searches on the main thread).
/// Kept as a <see cref="CheckedFile"/> that records the build of rjb that wrote it; a file that is truncated, altered,
/// of another version or engine, or of another build than the last published one is not used, which only costs the lookups.
/// </summary>
internal static class CitationsMemo
{
    /// <summary>
    /// The citations of a list of records, record after record: those of record <c>i</c> are
    /// <c>At[First[i]..First[i + 1]]</c>, each with the text the source reads there when it is not the quote's own.
    /// </summary>
    internal sealed record Places(int[] First, (int Start, int End, string? Verbatim)[] At)
    {
        public int Records => First.Length - 1;

        /// <summary>Whether record <paramref name="record"/> of a list of <paramref name="records"/> has <paramref name="citations"/> places kept.</summary>
        public bool Fit(int records, int record, int citations) => Records == records && First[record + 1] - First[record] == citations;
    }

    /// <summary>The places of the claims, the entity summaries and the sources' uncited passages, each in the annotations' order.</summary>
    /// <param name="Body">The file's bytes from the claims on, for a build that finds every place as kept to write again under its own name.</param>
    internal sealed record Kept(Places Claims, Places Summaries, Places Uncited, ReadOnlyMemory<byte> Body = default);

    /// <summary>
    /// What a build after an edit that replaced claims alone is given to take its citations from: the places the last
    /// published build kept, and the parts of the files the edit changed (by instance), whose claims are resolved anew.
    /// </summary>
    internal sealed class Replay(Kept places, IReadOnlySet<AnnotationSet> edited)
    {
        public Kept Places => places;

        public IReadOnlySet<AnnotationSet> Edited => edited;

        /// <summary>The resolver took the claims from <see cref="Places"/> (for tests, and for the quote memo to keep what it was not asked).</summary>
        public bool Taken { get; set; }

        /// <summary>The resolver took every entity summary's citations and every source's uncited passages from <see cref="Places"/>.</summary>
        public bool TakenEarly { get; set; }

        /// <summary>Where the claims the resolver resolved anew (those of the edited files) stand in the book's order.</summary>
        public List<int> ResolvedAnew { get; } = [];
    }

    internal const string Magic = "rjb citation places";
    internal const int Version = 2;

    public static string FileOf(string cacheDirectory, string output) => CheckedFile.ForOutput(cacheDirectory, "citations", output);

    /// <summary>The places kept for builds into <paramref name="output"/>, when they are intact, written by <paramref name="engine"/> after the build <paramref name="build"/>.</summary>
    public static Kept? Load(string cacheDirectory, string output, string engine, UInt128 build) =>
        CheckedFile.Load(FileOf(cacheDirectory, output), bytes => Read(bytes, engine, build));

    /// <summary>
    /// Keeps where the citations of <paramref name="book"/>, resolved from <paramref name="annotations"/> one for one,
    /// stand, as the build <paramref name="build"/> published them; false when they could not be written. A book whose
    /// records do not line up with their annotations (never one the command line publishes) is not kept: the file left
    /// names another build, so it is not used.
    /// </summary>
    /// <param name="replay">What this build took its citations from, if it did: when the claims it resolved anew stand where they stood, the places kept are written again as they are.</param>
    public static bool Save(string cacheDirectory, string output, string engine, UInt128 build, AnnotationSet annotations, BriefingBook book,
        Replay? replay = null)
    {
        var (sources, entities, claims, _) = book.Records;
        // Most quotes read exactly as their sources do, and the citation keeps the quote's own string.
        static string? Verbatim(Citation citation, CitationAnnotation annotation) => citation.Quote == annotation.Quote.Value ? null : citation.Quote;
        bool AsKept(Places kept, int claim)
        {
            var (first, citations) = (kept.First[claim], claims[claim].Citations);
            if (!kept.Fit(claims.Count, claim, citations.Count)) return false;
            for (var j = 0; j < citations.Count; j++)
                if ((citations[j].Passage.Start, citations[j].Passage.End, Verbatim(citations[j], annotations.Claims[claim].Citations[j])) != kept.At[first + j])
                    return false;
            return true;
        }

        if (annotations.Claims.Count != claims.Count) return true;
        // After a claim edit that moved no citation, every place is as kept: written again under this build's name. A
        // build that took its citations from them made each from its annotation, in order, so they line up.
        var same = replay is { Taken: true, TakenEarly: true, Places: { Body.IsEmpty: false } places } && replay.ResolvedAnew.TrueForAll(i => AsKept(places.Claims, i))
            ? places.Body : (ReadOnlyMemory<byte>?)null;
        var summaries = new List<IReadOnlyList<Citation>>(annotations.Entities.Count);
        var uncited = new List<IReadOnlyList<UncitedPassage>>(annotations.Sources.Count);
        if (same is null)
        {
            for (var i = 0; i < claims.Count; i++)
                if (!string.Equals(annotations.Claims[i].Id.Value, claims[i].Id, StringComparison.Ordinal) || annotations.Claims[i].Citations.Count != claims[i].Citations.Count)
                    return true;
            var entityById = entities.ToDictionary(e => e.Id, StringComparer.Ordinal);
            foreach (var e in annotations.Entities)
            {
                if (entityById.GetValueOrDefault(e.Id.Value) is not { } entity || (entity.SummaryCitations?.Count ?? 0) != e.Citations.Count) return true;
                summaries.Add(entity.SummaryCitations ?? []);
            }
            var sourceById = sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var s in annotations.Sources)
            {
                if (sourceById.GetValueOrDefault(s.Id.Value)?.Info is not { } info || info.Uncited.Count != s.Uncited.Count) return true;
                uncited.Add(info.Uncited);
            }
        }
        return CheckedFile.Replace(FileOf(cacheDirectory, output), staged => CheckedFile.Write(staged, Magic, Version, writer =>
        {
            writer.Write(engine);
            writer.WriteKey(build);
            if (same is { } body)
            {
                writer.Write(body.Span);
                return;
            }
            void Place(Passage passage, string? verbatim)
            {
                writer.Write7BitEncodedInt(passage.Start);
                writer.Write7BitEncodedInt(passage.End - passage.Start);
                writer.Write(verbatim is not null);
                if (verbatim is not null) writer.Write(verbatim);
            }
            void Cited(IReadOnlyList<Citation> citations, IReadOnlyList<CitationAnnotation> cites)
            {
                writer.Write7BitEncodedInt(citations.Count);
                for (var j = 0; j < citations.Count; j++) Place(citations[j].Passage, Verbatim(citations[j], cites[j]));
            }
            writer.Write(claims.Count);
            for (var i = 0; i < claims.Count; i++) Cited(claims[i].Citations, annotations.Claims[i].Citations);
            writer.Write(summaries.Count);
            for (var i = 0; i < summaries.Count; i++) Cited(summaries[i], annotations.Entities[i].Citations);
            writer.Write(uncited.Count);
            foreach (var passages in uncited)
            {
                writer.Write7BitEncodedInt(passages.Count);
                foreach (var passage in passages) Place(passage.Passage, null);
            }
        }));
    }

    /// <summary>
    /// The places in a file's bytes; null when they are not an intact file of this version, written by
    /// <paramref name="engine"/> after <paramref name="build"/>, whose every count fits the bytes.
    /// </summary>
    private static Kept? Read(ReadOnlyMemory<byte> bytes, string engine, UInt128 build)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null || reader.ReadString() != engine || reader.ReadKey() != build) return null;
        var body = (int)reader.Position;
        var (claims, summaries, uncited) = (ReadPlaces(reader), ReadPlaces(reader), ReadPlaces(reader));
        var end = (int)reader.Position;
        return end == reader.Length - CheckedFile.CheckBytes ? new Kept(claims, summaries, uncited, bytes.Slice(body, end - body)) : null;
    }

    private static Places ReadPlaces(ByteReader reader)
    {
        // Each record takes at least a byte, and each citation three.
        var first = new int[CachedKeys.Bounded(reader.ReadInt32(), Left(reader)) + 1];
        var places = new List<(int, int, string?)>(first.Length * 2);
        for (var i = 0; i < first.Length - 1; i++)
        {
            first[i] = places.Count;
            for (var count = CachedKeys.Bounded(reader.Read7BitEncodedInt(), Left(reader) / 3); count > 0; count--)
            {
                var start = reader.Read7BitEncodedInt();
                var length = reader.Read7BitEncodedInt();
                if (start < 0 || length < 0) throw new FormatException("a place before the start of its source");
                places.Add((start, start + length, reader.ReadBoolean() ? reader.ReadString() : null));
            }
        }
        first[^1] = places.Count;
        return new Places(first, [.. places]);

        static long Left(ByteReader reader) => reader.Length - reader.Position;
    }
}
