using System.Security.Cryptography;

namespace RussiaJapanBriefing.Tests;

/// <summary>Pages are hashed while they stream to disk: the hash must be of exactly the bytes that reach the file.</summary>
public class HashingTests
{
    [Fact]
    public void AStreamedHashIsTheHashOfEveryByteWrittenAndTheTargetGetsThemAll()
    {
        var bytes = new byte[200_000];
        new Random(16).NextBytes(bytes);
        using var target = new MemoryStream();
        var hash = Hashing.Hash(target, stream =>
        {
            stream.Write(bytes, 0, 1000);
            stream.WriteByte(bytes[1000]);
            stream.Write(bytes.AsSpan(1001, 100_000));
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Flush();
            stream.Write(bytes, 101_001, bytes.Length - 101_001);
        });
        Assert.Equal(bytes, target.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash);
        Assert.Equal(Hashing.Hash(bytes), hash);
    }
}
