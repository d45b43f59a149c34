namespace RussiaJapanBriefing.Model;

/// <summary>
/// The command line's record of the pages of the book it last published into an output folder (<see cref="Layout"/>),
/// under the identity of the build that published it (the inputs and settings it was made from, as the build snapshot
/// tells them). A new process after an edit that replaced claims alone patches those pages instead of cutting every
/// topic of the book again: at 10,000 sources, cutting them was a tenth of a one-claim rebuild's CPU. Kept as a
/// <see cref="CheckedFile"/> that records the build of rjb that wrote it; a file that is truncated, altered, of another
/// version or engine, or of another build than the last published one is not used, which only costs cutting anew.
/// </summary>
internal static class PagesMemo
{
    /// <summary>
    /// The pages of a book as the command line's cache keeps them, for a new process to patch as <c>serve</c> patches
    /// the last book's: each claim, entity and disagreement by its place in the book's lists, so that a book of the same
    /// records in the same order takes them back without a lookup by id. Addresses are not kept: a part's is made from
    /// its topic, year and number, as cutting it made it.
    /// </summary>
    /// <param name="Book">The <see cref="BookPages.Digest"/> of the book whose pages these are.</param>
    /// <param name="Sizes">Each claim's estimated size (see BookPages), in the book's order.</param>
    internal sealed record Layout(UInt128 Book, int Entities, int Disagreements, long[] Sizes, long ChronologyWeight, Part[]? Chronology, Topic[] Topics);

    /// <summary>A year's page (or an undated one, <paramref name="Year"/> null) of a topic's or the chronology's record.</summary>
    internal sealed record Part(int? Year, int Number, int[] Claims);

    /// <summary>A split topic: its record, the differences its own page shows, those of its further pages (numbered from 2) and its latest claims.</summary>
    internal sealed record Topic(int Entity, Part[] Parts, int[] Differences, int[][] MoreDifferences, int[] Latest);

    internal const string Magic = "rjb pages layout";
    internal const int Version = 1;

    public static string FileOf(string cacheDirectory, string output) => CheckedFile.ForOutput(cacheDirectory, "layout", output);

    /// <summary>The layout kept for builds into <paramref name="output"/>, when it is intact, written by <paramref name="engine"/> after the build <paramref name="build"/>.</summary>
    public static Layout? Load(string cacheDirectory, string output, string engine, UInt128 build) =>
        CheckedFile.Load(FileOf(cacheDirectory, output), bytes => Read(bytes, engine, build));

    /// <summary>Keeps <paramref name="pages"/> as those the build <paramref name="build"/> published; false when they could not be written.</summary>
    public static bool Save(string cacheDirectory, string output, string engine, UInt128 build, BookPages pages)
    {
        var layout = pages.LaidOut();
        return CheckedFile.Replace(FileOf(cacheDirectory, output), staged => CheckedFile.Write(staged, Magic, Version, writer =>
        {
            writer.Write(engine);
            writer.WriteKey(build);
            writer.WriteKey(layout.Book);
            writer.Write(layout.Entities);
            writer.Write(layout.Disagreements);
            writer.Write(layout.Sizes.Length);
            foreach (var size in layout.Sizes) writer.Write(size);
            writer.Write(layout.ChronologyWeight);
            writer.Write(layout.Chronology is null ? -1 : layout.Chronology.Length);
            foreach (var part in layout.Chronology ?? []) Write(writer, part);
            writer.Write(layout.Topics.Length);
            foreach (var topic in layout.Topics)
            {
                writer.Write(topic.Entity);
                writer.Write(topic.Parts.Length);
                foreach (var part in topic.Parts) Write(writer, part);
                Write(writer, topic.Differences);
                writer.Write(topic.MoreDifferences.Length);
                foreach (var more in topic.MoreDifferences) Write(writer, more);
                Write(writer, topic.Latest);
            }
        }));
    }

    private static void Write(BinaryWriter writer, Part part)
    {
        writer.Write(part.Year ?? int.MinValue);
        writer.Write(part.Number);
        Write(writer, part.Claims);
    }

    private static void Write(BinaryWriter writer, int[] places)
    {
        writer.Write(places.Length);
        foreach (var place in places) writer.Write(place);
    }

    /// <summary>
    /// The layout in a file's bytes; null when they are not an intact file of this version, written by
    /// <paramref name="engine"/> after <paramref name="build"/>, whose every count fits the bytes and every place its list.
    /// </summary>
    private static Layout? Read(ReadOnlyMemory<byte> bytes, string engine, UInt128 build)
    {
        var reader = CheckedFile.Open(bytes, Magic, Version);
        if (reader is null || reader.ReadString() != engine || reader.ReadKey() != build) return null;
        var book = reader.ReadKey();
        var (entities, disagreements, claims) = (reader.ReadInt32(), reader.ReadInt32(), Count(reader, 8));
        if (entities < 0 || disagreements < 0) return null;
        var sizes = new long[claims];
        for (var i = 0; i < claims; i++) sizes[i] = reader.ReadInt64();
        var weight = reader.ReadInt64();
        var chronologyParts = reader.ReadInt32();
        Part[]? chronology = null;
        if (chronologyParts != -1)
        {
            chronology = new Part[Within(reader, chronologyParts, 12)];
            for (var i = 0; i < chronology.Length; i++)
                if ((chronology[i] = ReadPart(reader, claims)) is { Year: null }) return null;
        }
        var topics = new Topic[Count(reader, 20)];
        for (var i = 0; i < topics.Length; i++)
        {
            var entity = reader.ReadInt32();
            if (entity < 0 || entity >= entities) return null;
            var parts = new Part[Count(reader, 12)];
            for (var p = 0; p < parts.Length; p++) parts[p] = ReadPart(reader, claims);
            var differences = ReadPlaces(reader, disagreements);
            var more = new int[Count(reader, 4)][];
            for (var m = 0; m < more.Length; m++) more[m] = ReadPlaces(reader, disagreements);
            topics[i] = new Topic(entity, parts, differences, more, ReadPlaces(reader, claims));
        }
        return reader.Position == reader.Length - CheckedFile.CheckBytes
            ? new Layout(book, entities, disagreements, sizes, weight, chronology, topics)
            : null;
    }

    private static Part ReadPart(ByteReader reader, int claims)
    {
        var year = reader.ReadInt32();
        return new Part(year == int.MinValue ? null : year, reader.ReadInt32(), ReadPlaces(reader, claims));
    }

    /// <summary>Places in a list of <paramref name="count"/> items; one outside it makes the file malformed.</summary>
    private static int[] ReadPlaces(ByteReader reader, int count)
    {
        var places = new int[Count(reader, 4)];
        for (var i = 0; i < places.Length; i++)
            if ((places[i] = reader.ReadInt32()) < 0 || places[i] >= count) throw new FormatException("a place outside its list");
        return places;
    }

    /// <summary>A count of items of at least <paramref name="bytes"/> bytes each, read and believed only when what is left of the file can hold them.</summary>
    private static int Count(ByteReader reader, int bytes) => Within(reader, reader.ReadInt32(), bytes);

    private static int Within(ByteReader reader, int count, int bytes) =>
        count >= 0 && count <= (reader.Length - reader.Position) / bytes ? count : throw new FormatException("a count larger than the file");
}
