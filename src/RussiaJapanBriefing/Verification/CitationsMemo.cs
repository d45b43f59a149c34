using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;

namespace RussiaJapanBriefing.Verification;

/// <summary>
/// The command line's record of where each claim's citations stand in their sources, in the book it last published
/// into an output folder, under the identity of the build that published it (as <see cref="PagesMemo"/>). After an
/// edit that replaced claims alone, every input but the edited files is byte for byte that build's, so each claim of
/// a file left alone resolves as it did then: it is made from its annotation and these places, without a quote being
/// looked up (at 10,000 sources, hashing and looking up 100,000 quotes was the biggest step of a one-claim rebuild).
/// Kept as a <see cref="CheckedFile"/> that records the build of rjb that wrote it; a file that is truncated, altered,
/// of another version or engine, or of another build than the last published one is not used, which only costs the lookups.
/// </summary>
internal static class CitationsMemo
{
    /// <summary>
    /// Each claim's citations, claim after claim in the book's order: those of claim <c>i</c> are
    /// <c>Places[First[i]..First[i + 1]]</c>, each with the text the source reads there when it is not the quote's own.
    /// </summary>
    /// <param name="Body">The file's bytes from the claims on, for a build that finds every place as kept to write again under its own name.</param>
    internal sealed record Kept(int[] First, (int Start, int End, string? Verbatim)[] Places, ReadOnlyMemory<byte> Body = default)
    {
        public int Claims => First.Length - 1;
    }

    /// <summary>
    /// What a build after an edit that replaced claims alone is given to take its claims from: the places the last
    /// published build kept, and the parts of the files the edit changed (by instance), whose claims are resolved anew.
    /// </summary>
    internal sealed class Replay(Kept places, IReadOnlySet<AnnotationSet> edited)
    {
        public Kept Places => places;

        public IReadOnlySet<AnnotationSet> Edited => edited;

        /// <summary>The resolver took the claims from <see cref="Places"/> (for tests, and for the quote memo to keep what it was not asked).</summary>
        public bool Taken { get; set; }

        /// <summary>Where the claims the resolver resolved anew (those of the edited files) stand in the book's order.</summary>
        public List<int> ResolvedAnew { get; } = [];
    }

    internal const string Magic = "rjb citation places";
    internal const int Version = 1;

    public static string FileOf(string cacheDirectory, string output) => CheckedFile.ForOutput(cacheDirectory, "citations", output);

    /// <summary>The places kept for builds into <paramref name="output"/>, when they are intact, written by <paramref name="engine"/> after the build <paramref name="build"/>.</summary>
    public static Kept? Load(string cacheDirectory, string output, string engine, UInt128 build) =>
        CheckedFile.Load(FileOf(cacheDirectory, output), bytes => Read(bytes, engine, build));

    /// <summary>
    /// Keeps where the citations of <paramref name="claims"/>, resolved from <paramref name="annotations"/> one for one,
    /// stand, as the build <paramref name="build"/> published them; false when they could not be written. A book whose
    /// claims do not line up with their annotations (never one the command line publishes) is not kept: the file left
    /// names another build, so it is not used.
    /// </summary>
    /// <param name="replay">What this build took its claims from, if it did: when the claims it resolved anew stand where they stood, the places kept are written again as they are.</param>
    public static bool Save(string cacheDirectory, string output, string engine, UInt128 build, IReadOnlyList<ClaimAnnotation> annotations,
        IReadOnlyList<Claim> claims, Replay? replay = null)
    {
        // Most quotes read exactly as their sources do, and the citation keeps the quote's own string.
        string? Verbatim(int claim, int citation) =>
            claims[claim].Citations[citation].Quote is var cited && cited == annotations[claim].Citations[citation].Quote.Value ? null : cited;
        bool AsKept(Kept kept, int claim)
        {
            var (first, citations) = (kept.First[claim], claims[claim].Citations);
            if (kept.First[claim + 1] - first != citations.Count) return false;
            for (var j = 0; j < citations.Count; j++)
                if ((citations[j].Passage.Start, citations[j].Passage.End, Verbatim(claim, j)) != kept.Places[first + j]) return false;
            return true;
        }

        if (annotations.Count != claims.Count) return true;
        // After a claim edit that moved no citation, every place is as kept: written again under this build's name. A
        // build that took its claims from them made each from its annotation, in order, so they line up.
        var same = replay is { Taken: true, Places: { Body.IsEmpty: false } places } && places.Claims == claims.Count
            && replay.ResolvedAnew.TrueForAll(i => AsKept(places, i)) ? places.Body : (ReadOnlyMemory<byte>?)null;
        if (same is null)
            for (var i = 0; i < claims.Count; i++)
                if (!string.Equals(annotations[i].Id.Value, claims[i].Id, StringComparison.Ordinal) || annotations[i].Citations.Count != claims[i].Citations.Count)
                    return true;
        return CheckedFile.Replace(FileOf(cacheDirectory, output), staged => CheckedFile.Write(staged, Magic, Version, writer =>
        {
            writer.Write(engine);
            writer.WriteKey(build);
            if (same is { } body)
            {
                writer.Write(body.Span);
                return;
            }
            writer.Write(claims.Count);
            for (var i = 0; i < claims.Count; i++)
            {
                var citations = claims[i].Citations;
                writer.Write7BitEncodedInt(citations.Count);
                for (var j = 0; j < citations.Count; j++)
                {
                    writer.Write7BitEncodedInt(citations[j].Passage.Start);
                    writer.Write7BitEncodedInt(citations[j].Passage.End - citations[j].Passage.Start);
                    var verbatim = Verbatim(i, j);
                    writer.Write(verbatim is not null);
                    if (verbatim is not null) writer.Write(verbatim);
                }
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
        // Each claim takes at least a byte, and each citation three.
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
        var end = (int)reader.Position;
        return end == reader.Length - CheckedFile.CheckBytes ? new Kept(first, [.. places], bytes.Slice(body, end - body)) : null;

        static long Left(ByteReader reader) => reader.Length - reader.Position;
    }
}
