namespace RussiaJapanBriefing;

/// <summary>Paths in diagnostics are relative to the working directory, with '/', so CI can map them to files.</summary>
internal static class PathDisplay
{
    public static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        if (relative.StartsWith("..", StringComparison.Ordinal)) relative = Path.GetFullPath(path);
        return relative.Replace('\\', '/');
    }
}
