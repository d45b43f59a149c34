using System.Security.Cryptography;
using System.Text;

namespace RussiaJapanBriefing;

/// <summary>
/// The one content hash of the engine (SHA-256, lower-case hex): theme and page fingerprints, the build cache and
/// the output manifest all compare hashes made here, so they must never be made another way.
/// </summary>
public static class Hashing
{
    /// <summary>
    /// FNV-1a, mixed: a small hash of a key, the same in every process (string.GetHashCode is not), for deciding where
    /// an output is cut into files by what an edit leaves as it is (search shards, book.json's claims files).
    /// </summary>
    public static uint Stable(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key) hash = (hash ^ c) * 16777619u;
        return Mixed(hash);
    }

    /// <summary>MurmurHash3's finaliser: every input bit moves every output bit.</summary>
    public static uint Mixed(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35u;
        return hash ^ (hash >> 16);
    }

    public static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The hash of what <paramref name="write"/> writes, which is never held in memory as a whole.</summary>
    public static string Hash(Action<Stream> write) => Hash(Stream.Null, write);

    /// <summary>
    /// Writes to <paramref name="target"/> through <paramref name="write"/>, and returns the hash of what was written.
    /// The stream <paramref name="write"/> is given tells as its position how many bytes went through it.
    /// </summary>
    public static string Hash(Stream target, Action<Stream> write)
    {
        using var hashing = new HashingStream(target);
        write(hashing);
        return Convert.ToHexStringLower(hashing.Hash.GetHashAndReset());
    }

    /// <summary>
    /// Hashes what passes through on its way to the target. Every page streams through one, so it is kept thin:
    /// CryptoStream copied each write into a block buffer and ran it through its asynchronous write path.
    /// </summary>
    private sealed class HashingStream(Stream target) : WriteOnlyStream
    {
        private long _written;

        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.AppendData(buffer);
            _written += buffer.Length;
            target.Write(buffer);
        }

        public override void Flush() => target.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing) Hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
