using System.Text.Json;

namespace RussiaJapanBriefing;

internal static class JsonStreaming
{
    /// <summary>
    /// A <see cref="Utf8JsonWriter"/> over a stream buffers everything until it is flushed, so the JSON of a big
    /// book (tens of megabytes) would sit whole in memory; writers call this between items to pass it on as they go.
    /// </summary>
    public static void FlushWhenFull(this Utf8JsonWriter writer)
    {
        if (writer.BytesPending > 1 << 16) writer.Flush();
    }
}
