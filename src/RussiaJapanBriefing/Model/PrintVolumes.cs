namespace RussiaJapanBriefing.Model;

/// <summary>One print volume: the briefs of a run of topics of one kind.</summary>
public sealed record PrintVolume(EntityKind Kind, int Number, IReadOnlyList<Entity> Entities)
{
    public string Url => SiteLayout.PrintVolume(Kind, Number);

    /// <summary>The name `rjb pdf` gives the volume's file: <c>leaders-1</c>.</summary>
    public string Name => $"{Kind.Section()}-{Number}";
}

/// <summary>
/// The whole book for printing is cut into volumes of briefs, kind by kind, so that no print file grows with the book:
/// a volume holds at most <see cref="TopicsPerVolume"/> briefs, and a brief is bounded (see Rendering's Brief).
/// </summary>
public static class PrintVolumes
{
    public const int TopicsPerVolume = 20;

    public static IReadOnlyList<PrintVolume> Of(BriefingBook book) =>
        EntityKinds.All.SelectMany(kind => book.Entities.Where(e => e.Kind == kind).Chunk(TopicsPerVolume)
            .Select((entities, i) => new PrintVolume(kind, i + 1, entities))).ToList();
}
