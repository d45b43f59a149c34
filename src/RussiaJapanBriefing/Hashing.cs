using System.Security.Cryptography;
using System.Text;

namespace RussiaJapanBriefing;

/// <summary>
/// The one content hash of the engine (SHA-256, lower-case hex): theme and page fingerprints, the build cache and
/// the output manifest all compare hashes made here, so they must never be made another way.
/// </summary>
public static class Hashing
{
    public static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The hash of what <paramref name="write"/> writes, which is never held in memory as a whole.</summary>
    public static string Hash(Action<Stream> write) => Hash(Stream.Null, write);

    /// <summary>Writes to <paramref name="target"/> through <paramref name="write"/>, and returns the hash of what was written.</summary>
    public static string Hash(Stream target, Action<Stream> write)
    {
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(target, sha, CryptoStreamMode.Write, leaveOpen: true))
            write(hashing);
        return Convert.ToHexStringLower(sha.Hash!);
    }
}
