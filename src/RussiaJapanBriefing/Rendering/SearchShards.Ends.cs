namespace RussiaJapanBriefing.Rendering;

// Where shards end: decided by their content, so that a small edit moves only the ends around it.
public static partial class SearchShards
{
    /// <summary>
    /// A shard may end at an item once it holds three quarters of its limit; past that, ends come every
    /// limit/<see cref="EndSpacing"/> bytes on average, so a shard reaches its limit before a natural end about once
    /// in twenty (e^-3), and shards average about five sixths of their limit (a few more files than packing them full).
    /// </summary>
    private const int EndSpacing = 12;

    /// <summary>
    /// Whether a shard of <paramref name="shardBytes"/> ends after an item of <paramref name="itemBytes"/> whose key
    /// hashes to <paramref name="hash"/> (a document's address, a term, a posting's document: what an edit of a claim's
    /// text leaves as it is). The chance grows with the item's size, so ends come every so many bytes, not items.
    /// </summary>
    private static bool EndsAfter(uint hash, int itemBytes, int shardBytes, int limit) =>
        shardBytes * 4L >= limit * 3L && (ulong)hash * (ulong)limit < ((ulong)itemBytes * EndSpacing) << 32;
}
