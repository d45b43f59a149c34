namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// The real book repeated across <see cref="Copies"/> copies of its sources (bench/SyntheticBook's hot-topic mode):
/// Putin, Abe and the disputed islands then carry over a thousand claims each, far more than one page holds.
/// Thirty copies are enough to split topics, their busiest years, their differences, the chronology and the list of
/// sources, and build in seconds.
/// </summary>
public sealed class HotTopicBookFixture : SiteFixture
{
    public const int Copies = 30;

    protected override void Prepare()
    {
        SyntheticBook.HotTopic.Write(Repo.Content, Repo.Seeds, Copies, Path.GetDirectoryName(Seeds)!);
        TempDir.CopyDirectory(Repo.Theme, Theme);
    }
}

/// <summary>
/// A generated book of <see cref="Sources"/> sources (bench/SyntheticBook, seed 42): many entities of each kind, so
/// kind lists, the list of sources, the chronology and long lists of links split into pages.
/// </summary>
public sealed class LargeSyntheticBookFixture : SiteFixture
{
    public const int Sources = 600;

    protected override void Prepare()
    {
        SyntheticBook.BookWriter.Write(SyntheticBook.Book.Generate(Sources, seed: 42), Path.GetDirectoryName(Seeds)!);
        TempDir.CopyDirectory(Repo.Theme, Theme);
    }
}
