namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// The sample book with a copy of the default theme of its own, inside a temporary root folder: for tests that break
/// the theme or put hostile files beside the inputs without touching the repository's theme.
/// </summary>
public sealed class BookWithOwnTheme : IDisposable
{
    public BookWithOwnTheme(string prefix)
    {
        Root = new TempDir(prefix);
        Theme = Root.Combine("theme");
        TempDir.CopyDirectory(Repo.Theme, Theme);
        Book = SampleBook.Create(Theme);
    }

    public TempDir Root { get; }
    public string Theme { get; }
    public TempBook Book { get; }

    public void Dispose()
    {
        Book.Dispose();
        Root.Dispose();
    }
}
