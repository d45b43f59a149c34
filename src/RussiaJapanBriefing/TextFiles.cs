using System.Text;

namespace RussiaJapanBriefing;

/// <summary>The rules every input text file (seed, annotation, template) is held to.</summary>
internal static class TextFiles
{
    /// <summary>UTF-8 that fails on invalid bytes instead of silently replacing them.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The first control character other than a line break or tab: where it is, and which one.</summary>
    public static (int Line, int Column, int Code)? FirstControlCharacter(string text)
    {
        int line = 1, lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; lineStart = i + 1; }
            else if (char.IsControl(c) && c is not ('\r' or '\t')) return (line, i - lineStart + 1, c);
        }
        return null;
    }
}
