using System.IO.Hashing;
using System.Text;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// A cache file's frame holds the payload's bytes as a BinaryWriter writes them, however the writer gathers them on
/// the way: the same bytes in memory and on disk, with the payload's length and check around them.
/// </summary>
public class CheckedFileTests
{
    [Fact]
    public void AFrameHoldsThePayloadAsABinaryWriterWritesIt()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "file.bin");
        CheckedFile.Write(path, "magic", 3, Payload);
        var framed = CheckedFile.Frame("magic", 3, Payload);

        var payload = new MemoryStream();
        using (var plain = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true)) Payload(plain);
        var expected = new MemoryStream();
        using (var plain = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
        {
            plain.Write("magic");
            plain.Write(3);
            plain.Write(payload.Length);
            plain.Write(payload.ToArray());
            plain.Write(XxHash128.Hash(payload.ToArray()));
        }
        Assert.True(payload.Length > 3 << 16, "the payload is longer than the writer's buffer several times over");
        Assert.Equal(expected.ToArray(), framed);
        Assert.Equal(framed, File.ReadAllBytes(path));
        Assert.Equal("a string", CheckedFile.Open(framed, "magic", 3)!.ReadString());
    }

    /// <summary>Every kind of value, some longer than the writer's 64 KB buffer, some written by way of the stream itself.</summary>
    private static void Payload(BinaryWriter writer)
    {
        var random = new Random(7);
        writer.Write("a string");
        for (var i = 0; i < 30_000; i++)
        {
            writer.Write7BitEncodedInt(random.Next(int.MinValue, int.MaxValue));
            writer.Write(random.Next());
            writer.Write(random.NextInt64());
            writer.Write((ulong)random.NextInt64());
            writer.Write((byte)random.Next(256));
            writer.Write(random.Next(2) == 1);
            if (i % 1_000 == 0)
            {
                writer.Write('ж');
                writer.Write(random.NextDouble());
                writer.Write((short)random.Next());
                writer.Write(new string('я', random.Next(100)) + "北方領土\uD800"); // a lone surrogate, written as BinaryWriter replaces it
            }
        }
        writer.Write(new string('x', 100_000));
        writer.Write(new byte[70_000]);
        writer.Write(new byte[] { 1, 2, 3 }, 1, 2);
        writer.Write("the end".ToCharArray());
    }
}
