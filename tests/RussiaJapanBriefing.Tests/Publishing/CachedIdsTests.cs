namespace RussiaJapanBriefing.Tests;

/// <summary>
/// Cache files read ids back through CachedIds: each must read as BinaryReader.ReadString would read it, whatever its
/// length or script, and an id read again must be the very string read before, so that a big book holds it once.
/// </summary>
public class CachedIdsTests
{
    [Fact]
    public void EachStringReadsBackAsWrittenAndAnIdReadAgainIsTheSameString()
    {
        string[] written = ["kunashir", "", "00000_0018d1835ac34e71", "Итуруп", "北方領土", new string('x', 127), new string('é', 64), new string('y', 500), "kunashir", "Итуруп"];
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            foreach (var text in written) writer.Write(text);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);

        var read = written.Select(_ => reader.ReadId()).ToList();

        Assert.Equal(written, read);
        Assert.Equal(stream.Length, stream.Position);
        Assert.Same(read[0], read[8]);
        Assert.Same(read[3], read[9]);
    }

    [Fact]
    public void AStringCutShortIsAnError()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            writer.Write("menshikov");
        var bytes = stream.ToArray()[..^2];

        Assert.Throws<EndOfStreamException>(() => new BinaryReader(new MemoryStream(bytes)).ReadId());
    }
}
