using RussiaJapanBriefing.Annotations;
using RussiaJapanBriefing.Model;
using RussiaJapanBriefing.Rendering;
using RussiaJapanBriefing.Sources;
using RussiaJapanBriefing.Verification;

namespace RussiaJapanBriefing.Tests.Support;

/// <summary>For tests of what pages read of the book, as the page tracker records it.</summary>
public static class RecordedReads
{
    /// <summary>The real book, resolved; fails the test if it does not resolve.</summary>
    public static BriefingBook RealBook()
    {
        var bag = new DiagnosticBag();
        var book = BookResolver.Resolve(SeedLoader.Load(Repo.Seeds, bag), AnnotationLoader.Load(Repo.Content, bag), Repo.Content, bag);
        Assert.True(book is not null, bag.Sorted().Dump());
        return book!;
    }

    /// <summary>
    /// The hot-topic book (<see cref="IncrementalEquivalenceTests.SplitCopies"/> copies of the real book's sources), whose
    /// chronology and busiest topics split into year pages, written under <paramref name="root"/> and resolved; fails
    /// the test if it does not resolve.
    /// </summary>
    public static BriefingBook SplitBook(TempDir root)
    {
        SyntheticBook.HotTopic.Write(Repo.Content, Repo.Seeds, IncrementalEquivalenceTests.SplitCopies, root.Path);
        var bag = new DiagnosticBag();
        var book = BookResolver.Resolve(SeedLoader.Load(root.Combine("seeds"), bag), AnnotationLoader.Load(root.Combine("content"), bag),
            root.Combine("content"), bag);
        Assert.True(book is not null, bag.Sorted().Dump());
        return book!;
    }
}

/// <summary>Renders pages to nowhere, recording what each reads as the page tracker does; with <c>only</c>, that page alone.</summary>
public sealed class ReadsSink(BookReads reads, string? only) : IOutputSink
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<BookRead>> Reads { get; } = new(StringComparer.Ordinal);
    public bool Caches => false;
    public IReadOnlyList<string> Paths => [];
    public bool TryKeep(string path, string fingerprint) => false;
    public bool Write(string path, string? fingerprint, Func<Stream, bool> write) => write(Stream.Null);
    public void Write(string path, Action<Stream> write) => write(Stream.Null);
    public void Copy(string path, byte[] bytes) { }

    public void Page(string path, Action render)
    {
        if (only is null || only == path) Reads[path] = reads.During(render);
    }
}
