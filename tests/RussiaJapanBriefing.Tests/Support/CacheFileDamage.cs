namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// The ways a framed cache file (CheckedFile) is damaged in tests: cut in half, of another format version, or with one
/// byte altered. Each must make the build ignore the file, never trust it.
/// </summary>
public static class CacheFileDamage
{
    public static TheoryData<string> Kinds => ["truncated", "other version", "altered"];

    /// <summary>Damages the file whose frame starts with <paramref name="magic"/> this way, and returns the bytes it now holds.</summary>
    public static byte[] Apply(string file, string damage, string magic)
    {
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated": bytes = bytes[..(bytes.Length / 2)]; break;
            case "other version": bytes[1 + magic.Length] ^= 0x7f; break; // the int after the length-prefixed magic string
            default: bytes[bytes.Length / 2] ^= 0x01; break;
        }
        File.WriteAllBytes(file, bytes);
        return bytes;
    }
}
