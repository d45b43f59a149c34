using System.Text;
using System.Xml;

namespace RussiaJapanBriefing.Rendering;

/// <summary>The XML files of the site (sitemap, feed): indented, '\n' line ends, declared and written as UTF-8.</summary>
internal static class XmlText
{
    public static void Write(IOutputSink sink, string path, Action<XmlWriter> write)
    {
        var bytes = Encoding.UTF8.GetBytes(Document(write));
        sink.Write(path, stream => stream.Write(bytes));
    }

    private static string Document(Action<XmlWriter> write)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, NewLineChars = "\n" }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        // StringBuilder output declares UTF-16; the file is written as UTF-8, so say so.
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal) + "\n";
    }
}
