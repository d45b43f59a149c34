using System.Text;
using RussiaJapanBriefing.Tests.Support;

namespace RussiaJapanBriefing.Tests;

/// <summary>
/// The cache files' reader reads what a BinaryWriter wrote as a BinaryReader reads it: the same values in the same
/// order, and for bytes that are not such, the exceptions a cache file's loader catches (so a malformed file is only
/// not read).
/// </summary>
public class ByteReaderTests
{
    [Theory]
    [InlineData("an array")]
    [InlineData("a mapped file")]
    public void ItReadsWhatABinaryWriterWroteAsABinaryReaderDoes(string from)
    {
        var random = new Random(42);
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            // 0, 1, -1 and the edges of each count's byte length, then numbers of every size.
            int[] counts = [0, 1, -1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, int.MaxValue, int.MinValue];
            foreach (var count in counts) writer.Write7BitEncodedInt(count);
            for (var i = 0; i < 200; i++)
            {
                writer.Write7BitEncodedInt(random.Next(int.MinValue, int.MaxValue));
                writer.Write(random.Next(int.MinValue, int.MaxValue));
                writer.Write(random.NextInt64(long.MinValue, long.MaxValue));
                writer.Write((ulong)random.NextInt64(long.MinValue, long.MaxValue));
                writer.Write((byte)random.Next(256));
                writer.Write(random.Next(2) == 1);
            }
            foreach (var text in new[] { "", "a", "päyload", "Курильские острова", "北方領土", new string('x', 200), new string('й', 5_000) }) writer.Write(text);
        }
        var bytes = stream.ToArray();

        using var folder = new TempDir();
        var expected = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var actual = from == "an array" ? new ByteReader(bytes) : new ByteReader(Mapped(folder, bytes));
        for (var i = 0; i < 13; i++) Assert.Equal(expected.Read7BitEncodedInt(), actual.Read7BitEncodedInt());
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(expected.Read7BitEncodedInt(), actual.Read7BitEncodedInt());
            Assert.Equal(expected.ReadInt32(), actual.ReadInt32());
            Assert.Equal(expected.ReadInt64(), actual.ReadInt64());
            Assert.Equal(expected.ReadUInt64(), actual.ReadUInt64());
            Assert.Equal(expected.ReadByte(), actual.ReadByte());
            Assert.Equal(expected.ReadBoolean(), actual.ReadBoolean());
        }
        for (var i = 0; i < 7; i++) Assert.Equal(expected.ReadString(), actual.ReadString());
        Assert.Equal(bytes.Length, actual.Position);
        Assert.Equal(actual.Length, actual.Position);
        Assert.Throws<EndOfStreamException>(() => actual.ReadByte());
    }

    [Fact]
    public void AMappedFileReadsItsBytesInPlaceAndKeepsThemWhenAnotherIsRenamedOverIt()
    {
        using var folder = new TempDir();
        byte[] bytes = [9, 9, 1, 0, 0, 0, 2, 9];
        var mapped = Mapped(folder, bytes);
        Assert.False(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(mapped, out _), "read in place, not into an array");
        Assert.Equal(bytes, mapped.ToArray());

        // A window of the mapping, counted from its start, as a window of an array is.
        var reader = new ByteReader(mapped.Slice(2, 5));
        Assert.Equal(5, reader.Length);
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(2, reader.ReadByte());
        Assert.Throws<EndOfStreamException>(() => reader.ReadByte());

        // rjb replaces a cache file by renaming a new one over it: what was mapped still reads as it was.
        var path = Path.Combine(folder.Path, "file.bin");
        File.WriteAllBytes(path + ".new", [1, 2, 3]);
        File.Move(path + ".new", path, overwrite: true);
        Assert.Equal(bytes, mapped.ToArray());

        File.WriteAllBytes(path, []);
        Assert.True(MappedFile.Map(path).IsEmpty);
        Assert.Throws<EndOfStreamException>(() => new ByteReader(MappedFile.Map(path)).ReadByte());
    }

    private static ReadOnlyMemory<byte> Mapped(TempDir folder, byte[] bytes)
    {
        var path = Path.Combine(folder.Path, "file.bin");
        File.WriteAllBytes(path, bytes);
        return MappedFile.Map(path);
    }

    [Fact]
    public void ItReadsOnlyItsStretchOfTheArrayAndCountsFromItsStart()
    {
        byte[] bytes = [9, 9, 1, 0, 0, 0, 2, 9];
        var reader = new ByteReader(bytes, 2, 5);
        Assert.Equal(5, reader.Length);
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(4, reader.Position);
        Assert.Equal(2, reader.ReadByte());
        Assert.Throws<EndOfStreamException>(() => reader.ReadByte());
        reader.Position = 1;
        Assert.Equal([0, 0, 0, 2], reader.ReadBytes(10)); // fewer than asked for at the end, as a BinaryReader answers
        reader.Position = 100;
        Assert.Throws<EndOfStreamException>(() => reader.ReadByte());
        Assert.Empty(reader.ReadBytes(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteReader(bytes, 4, 5));
    }

    [Theory]
    [InlineData("a number cut short", typeof(EndOfStreamException))]
    [InlineData("a count cut short", typeof(EndOfStreamException))]
    [InlineData("a count of six bytes", typeof(FormatException))]
    [InlineData("a string longer than what is left", typeof(EndOfStreamException))]
    [InlineData("a string of negative length", typeof(IOException))]
    public void BytesThatAreNotWhatWasWrittenThrowWhatABinaryReaderThrows(string fault, Type exception)
    {
        byte[] bytes = fault switch
        {
            "a number cut short" => [1, 2, 3],
            "a count cut short" => [0x80, 0x80],
            "a count of six bytes" => [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            "a string longer than what is left" => [5, (byte)'a', (byte)'b'],
            _ => [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], // -1
        };
        Action read = fault == "a number cut short" ? () => new ByteReader(bytes).ReadInt32()
            : fault.StartsWith("a count", StringComparison.Ordinal) ? () => new ByteReader(bytes).Read7BitEncodedInt()
            : () => new ByteReader(bytes).ReadString();
        Action binary = fault == "a number cut short" ? () => new BinaryReader(new MemoryStream(bytes)).ReadInt32()
            : fault.StartsWith("a count", StringComparison.Ordinal) ? () => new BinaryReader(new MemoryStream(bytes)).Read7BitEncodedInt()
            : () => new BinaryReader(new MemoryStream(bytes)).ReadString();
        Assert.IsType(exception, Record.Exception(read));
        Assert.IsType(exception, Record.Exception(binary));
    }
}
