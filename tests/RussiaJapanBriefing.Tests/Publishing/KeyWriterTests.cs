using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// KeyWriter hands its buffer to the hash whenever it fills, and long texts straight to it: the key must still be
/// the first half of the SHA-256 of every byte written, in order, wherever the cuts fall.
/// </summary>
public sealed class KeyWriterTests
{
    /// <summary>The same bytes, laid out by hand: an int, then each text as its length and UTF-16 code units (-1 for null).</summary>
    private static UInt128 Expected(int number, IReadOnlyList<string?> texts)
    {
        var bytes = new List<byte>(BitConverter.GetBytes(number));
        foreach (var text in texts)
        {
            bytes.AddRange(BitConverter.GetBytes(text?.Length ?? -1));
            if (text is not null) bytes.AddRange(MemoryMarshal.AsBytes(text.AsSpan()).ToArray());
        }
        return MemoryMarshal.Read<UInt128>(SHA256.HashData([.. bytes]));
    }

    private static UInt128 Written(KeyWriter writer, int number, IReadOnlyList<string?> texts)
    {
        writer.Int(number);
        foreach (var text in texts) writer.Text(text);
        return writer.Finish();
    }

    public static TheoryData<int> Lengths => [0, 1, 2040, 2046, 2047, 2048, 2049, 5000, 70_000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void TheKeyIsTheHashOfEveryByteWhereverTheBufferIsCut(int length)
    {
        // Texts of every size around the buffer (4,096 bytes, 2,048 characters), after small ones that leave it part full.
        string?[] texts = ["a", null, "", new string('x', length), "tail", new string('y', length / 3 + 1), null];
        var writer = new KeyWriter();
        Assert.Equal(Expected(7, texts), Written(writer, 7, texts));
        // And again from the same writer: nothing of the last key is left in it.
        Assert.Equal(Expected(8, texts), Written(writer, 8, texts));
    }

    [Fact]
    public void ClearForgetsEvenWhatTheHashWasAlreadyGiven()
    {
        var writer = new KeyWriter();
        writer.Text(new string('z', 10_000));
        writer.Int(1);
        writer.Clear();
        Assert.Equal(Expected(3, ["b"]), Written(writer, 3, ["b"]));
    }

    [Fact]
    public void NullAndEmptyTextsAndTheirOrderGiveDifferentKeys()
    {
        var writer = new KeyWriter();
        var keys = new[] { Written(writer, 0, [null]), Written(writer, 0, [""]), Written(writer, 0, ["a", "b"]), Written(writer, 0, ["b", "a"]), Written(writer, 0, ["ab"]) };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
