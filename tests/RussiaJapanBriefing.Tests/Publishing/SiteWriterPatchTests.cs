using System.Text;
using RussiaJapanBriefing.Publishing;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// serve's writer (in place, with a cache that knows its file) lists only the files a save changed and patches the
/// last manifest with their hashes; a save that adds or drops a file lists every file as before. Whichever it took,
/// the output, its manifest and the cache's entries must be exactly what a writer that lists every file leaves.
/// </summary>
public class SiteWriterPatchTests
{
    private sealed class Folder : IDisposable
    {
        private readonly TempDir _root = new("rjb-patch-");
        private BuildCache? _cache;

        public string Output => _root.Combine("output");
        private string CacheFolder => _root.Combine("cache");

        /// <summary>One save: <paramref name="files"/> (path, fingerprint, text) kept when published with that fingerprint, else written.</summary>
        /// <param name="watch">serve's watch over the output, drained before the save, through which the cache knows the files it found as written.</param>
        public PublishReport Save(IReadOnlyList<(string Path, string Fingerprint, string Text)> files, PublishFaults? faults = null, InputWatch? watch = null)
        {
            Assert.True(watch?.Drain() ?? true);
            _cache = BuildCache.Load(CacheFolder, Output, _cache, watch);
            using var writer = SiteWriter.ToFolder(Output, _cache, faults, CancellationToken.None, inPlace: true);
            Parallel.ForEach(files, file =>
            {
                if (!writer.TryKeep(file.Path, file.Fingerprint)) writer.Write(file.Path, file.Fingerprint, Encoding.UTF8.GetBytes(file.Text));
            });
            Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), writer.Paths);
            return writer.Commit(new DiagnosticBag());
        }

        /// <summary>
        /// A save of a writer that keeps every file (<see cref="SiteWriter.KeepAll"/>), when it can: <paramref name="letGo"/>
        /// let go, then <paramref name="written"/> written. Null, with nothing committed, when the writer cannot keep all.
        /// </summary>
        public PublishReport? SaveKeepingAll(InputWatch watch, IReadOnlyList<string> letGo, IReadOnlyList<(string Path, string Fingerprint, string Text)> written)
        {
            Assert.True(watch.Drain());
            _cache = BuildCache.Load(CacheFolder, Output, _cache, watch);
            using var writer = SiteWriter.ToFolder(Output, _cache, null, CancellationToken.None, inPlace: true);
            if (!writer.KeepAll()) return null;
            foreach (var path in letGo) writer.Unkeep(path);
            foreach (var file in written) writer.Write(file.Path, file.Fingerprint, Encoding.UTF8.GetBytes(file.Text));
            return writer.Commit(new DiagnosticBag());
        }

        /// <summary>The output's manifest is the one made afresh from the files on disk, and the cache vouches for each of them with its hash.</summary>
        public void AssertAsMadeAfresh(IReadOnlyList<(string Path, string Fingerprint, string Text)> files)
        {
            var onDisk = Directory.GetFiles(Output, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Output, f).Replace('\\', '/')).Where(p => p != OutputFolder.ManifestPath).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), onDisk);
            var fresh = OutputFolder.Manifest(onDisk.Select(p => (p, Hashing.Hash(File.ReadAllBytes(Path.Combine(Output, p))))));
            Assert.Equal(Encoding.UTF8.GetString(fresh), File.ReadAllText(Path.Combine(Output, OutputFolder.ManifestPath)));
            foreach (var file in files) Assert.Equal(Hashing.Hash(Encoding.UTF8.GetBytes(file.Text)), _cache!.FreshHash(file.Path, file.Fingerprint));
            Assert.Equal(Hashing.Hash(fresh), _cache!.HashOf(OutputFolder.ManifestPath));
            Assert.Equal(onDisk.Append(OutputFolder.ManifestPath).Order(StringComparer.Ordinal), _cache.Paths.Order(StringComparer.Ordinal));
        }

        public void Dispose() => _root.Dispose();
    }

    private static List<(string Path, string Fingerprint, string Text)> Site(int pages) =>
        [.. Enumerable.Range(0, pages).Select(i => ($"pages/p{i:D3}.html", $"fp{i}", $"<p>page {i}</p>")), ("index.html", "index", "<h1>home</h1>")];

    /// <summary>
    /// serve's writer keeping every file (its watch finds each as written) keeps those it is told nothing of, writes the
    /// edited ones, and drops a file let go and not written again, leaving what a writer that lists every file leaves; a
    /// file changed by hand in the output is stated again, and then the writer cannot keep all.
    /// </summary>
    [Fact]
    public void AWriterThatKeepsAllDropsOnlyTheFilesLetGoAndNotWrittenAgain()
    {
        if (!OperatingSystem.IsLinux()) return; // the watch is inotify's
        using var folder = new Folder();
        var files = Site(20);
        folder.Save(files);
        using var watch = InputWatch.Open([folder.Output]);
        Assert.NotNull(watch);
        folder.Save(files, watch: watch); // every file stated once, and known as written since
        Assert.True(folder.SaveKeepingAll(watch, [], []) is { NothingChanged: true }, "a writer keeping all, told of nothing, changed something");

        // Page 3 made again and edited, page 4 made again and gone, page 5 made again as it was.
        files[3] = (files[3].Path, "fp3-b", "<p>page 3, edited</p>");
        var report = folder.SaveKeepingAll(watch, [files[3].Path, files[4].Path, files[5].Path], [files[3], files[5]]);
        Assert.NotNull(report);
        Assert.Equal([files[4].Path], report.Removed);
        Assert.Equal([OutputFolder.ManifestPath, files[3].Path], report.Written);
        files.RemoveAt(4);
        folder.AssertAsMadeAfresh(files);

        File.AppendAllText(Path.Combine(folder.Output, files[7].Path), "<!-- edited by hand -->");
        Assert.Null(folder.SaveKeepingAll(watch, [], []));
    }

    [Fact]
    public void EditsAddsDropsAndRenamesLeaveTheManifestAndCacheAFreshBuildWould()
    {
        using var folder = new Folder();
        var files = Site(40);
        folder.Save(files);
        folder.AssertAsMadeAfresh(files);

        // Edits only: the patched manifest.
        files[3] = (files[3].Path, "fp3-b", "<p>page 3, edited</p>");
        files[^1] = (files[^1].Path, "index-b", "<h1>home, edited</h1>");
        var report = folder.Save(files);
        Assert.Equal([OutputFolder.ManifestPath, "index.html", "pages/p003.html"], report.Written);
        Assert.Equal(files.Count + 1 - report.Written.Count, report.Unchanged);
        Assert.Empty(report.Removed);
        folder.AssertAsMadeAfresh(files);

        // A new fingerprint with the same bytes: nothing written, the entry remembers the fingerprint.
        files[5] = (files[5].Path, "fp5-b", files[5].Text);
        Assert.True(folder.Save(files).NothingChanged);
        folder.AssertAsMadeAfresh(files);

        // Added, then edited again (patched on the entries the add left), then dropped, then renamed.
        files.Add(("pages/zz-new.html", "new", "<p>new</p>"));
        Assert.Contains("pages/zz-new.html", folder.Save(files).Written);
        folder.AssertAsMadeAfresh(files);
        files[7] = (files[7].Path, "fp7-b", "<p>page 7, edited</p>");
        folder.Save(files);
        folder.AssertAsMadeAfresh(files);
        var dropped = files[10].Path;
        files.RemoveAt(10);
        Assert.Equal([dropped], folder.Save(files).Removed);
        folder.AssertAsMadeAfresh(files);
        files[0] = ("pages/a-renamed.html", files[0].Fingerprint, files[0].Text);
        report = folder.Save(files);
        Assert.Equal(["pages/p000.html"], report.Removed);
        Assert.Contains("pages/a-renamed.html", report.Written);
        folder.AssertAsMadeAfresh(files);
        files[20] = (files[20].Path, "fp20-b", "<p>page 20, edited</p>");
        folder.Save(files);
        folder.AssertAsMadeAfresh(files);
    }

    [Fact]
    public void AFailedPatchedCommitLeavesTheNextSaveAsAFreshBuildWould()
    {
        using var folder = new Folder();
        var files = Site(12);
        folder.Save(files);
        folder.Save(files); // a save that changes nothing

        var failed = files.ToList();
        failed[2] = (failed[2].Path, "fp2-failed", "<p>never published</p>");
        var fail = new PublishFaults(step =>
        {
            if (step == PublishStep.Move) throw new IOException("simulated: the disk is full");
        }, InPlace: true);
        Assert.Throws<IOException>(() => folder.Save(failed, fail));
        folder.AssertAsMadeAfresh(files);

        files[4] = (files[4].Path, "fp4-b", "<p>page 4, edited</p>");
        Assert.Equal([OutputFolder.ManifestPath, "pages/p004.html"], folder.Save(files).Written);
        folder.AssertAsMadeAfresh(files);
    }
}
