namespace RussiaJapanBriefing.Tests.Support;

/// <summary>
/// The ways a framed cache file (CheckedFile) is damaged in tests: cut in half, of another format version, or with one
/// byte altered. Each must make the build ignore the file, never trust it.
/// </summary>
public static class CacheFileDamage
{
    public static TheoryData<string> Kinds => ["truncated", "other version", "altered"];

    /// <summary>
    /// How a file kept for one published build is checked: damaged each way of <see cref="Kinds"/>, or intact but asked
    /// for by another build of rjb ("engine") or after another build ("build").
    /// </summary>
    public static TheoryData<string> ForABuild => ["truncated", "other version", "altered", "engine", "build"];

    /// <summary>Damages the file as <paramref name="damage"/> of <see cref="ForABuild"/> says, and returns the engine and build to ask for it with.</summary>
    public static (string Engine, UInt128 Build) ApplyForABuild(string file, string damage, string magic, string engine, UInt128 build)
    {
        if (damage is "truncated" or "other version" or "altered") Apply(file, damage, magic);
        return (damage == "engine" ? $"another {engine}" : engine, damage == "build" ? build + 1 : build);
    }

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
