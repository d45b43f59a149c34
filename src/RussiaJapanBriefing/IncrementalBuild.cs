using RussiaJapanBriefing.Publishing;

namespace RussiaJapanBriefing;

/// <summary>
/// <c>serve</c>'s build: one instance lives as long as the server, and remembers between builds what each page was
/// made from (<see cref="PageTracker"/>), so a save renders only the pages it affects. Each build is otherwise the
/// command line's (<see cref="BriefingBuilder.Run(BuildOptions, BuildMode, CancellationToken)"/>): every problem
/// reported, nothing published unless all is well, the output swapped in whole and byte-identical to a clean build.
/// Pages are kept through the build cache, so it needs <see cref="BuildOptions.Cache"/>; without one it renders every page.
/// Not for use from two threads at once.
/// </summary>
public sealed class IncrementalBuild
{
    private readonly PageTracker _tracker = new();
    private BuildOptions? _options;

    /// <summary>Pages the last build kept without rendering them.</summary>
    public int PagesKept => _tracker.Kept;

    public BuildResult Update(BuildOptions options, CancellationToken cancellation = default)
    {
        // What a page was made from says nothing about a build with other settings (another output, base URL or theme folder).
        if (options != _options) _tracker.Reset();
        _options = options;
        return BriefingBuilder.Run(options, BuildMode.Build, _tracker, cancellation);
    }
}
