using System.Globalization;
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
        // Every seed and annotation file is checked, and nearly all have none: two vectorised searches say so (a set
        // of ASCII characters is searched in vectors, one with the C1 controls would be searched a character at a time).
        if (!text.AsSpan().ContainsAny(AsciiControls) && !text.AsSpan().ContainsAnyInRange('\u0080', '\u009F')) return null;
        int line = 1, lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; lineStart = i + 1; }
            else if (char.IsControl(c) && c is not ('\r' or '\t')) return (line, i - lineStart + 1, c);
        }
        return null;
    }

    /// <summary>The ASCII characters <see cref="FirstControlCharacter"/> looks for: <see cref="char.IsControl(char)"/>'s below U+0080, but line breaks and tabs.</summary>
    private static readonly System.Buffers.SearchValues<char> AsciiControls = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x80).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))]);

    /// <summary>Where text stops being UTF-8: the line and column the first bad byte would have, and what is wrong.</summary>
    public sealed record Utf8Problem(int Line, int Column, string What);

    /// <summary>
    /// The bytes as strict UTF-8 text, without a byte-order mark (it is not part of the text); null when they are
    /// not UTF-8, with the position of the first byte that is not, so the editor can go to it.
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, out Utf8Problem? problem)
    {
        problem = null;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (bytes.StartsWith([(byte)0xFF, (byte)0xFE]) || bytes.StartsWith([(byte)0xFE, (byte)0xFF]))
        {
            problem = new Utf8Problem(1, 1, "it starts with a UTF-16 byte-order mark, so it is UTF-16 text");
            return null;
        }
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return StrictUtf8.GetString(bytes);
        var at = 0;
        while (Rune.DecodeFromUtf8(bytes[at..], out _, out var length) == System.Buffers.OperationStatus.Done) at += length;
        var before = bytes[..at];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        problem = new Utf8Problem(before.Count((byte)'\n') + 1, StrictUtf8.GetCharCount(before[lineStart..]) + 1,
            $"the byte 0x{bytes[at]:X2} there is not UTF-8");
        return null;
    }

    /// <summary>
    /// Characters that render as nothing (soft hyphen, zero-width space and joiners, byte-order mark, direction
    /// marks): two texts that differ only in them look identical.
    /// </summary>
    public static bool IsInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// A character as the Unicode standard names it ("U+0430 CYRILLIC SMALL LETTER A"), for messages about
    /// characters that look like others or like nothing. .NET has no table of names, so this knows the ones such
    /// messages need (ASCII letters, Cyrillic and Greek letters, full-width Latin, spaces, invisible and combining
    /// characters) and gives the others with their Unicode category.
    /// </summary>
    public static string Describe(Rune rune)
    {
        var code = $"U+{rune.Value:X4}";
        return NameOf(rune.Value) is { } name ? $"{code} {name}"
            : $"{code} (a character of category '{CharUnicodeInfo.GetUnicodeCategory(rune.Value)}')";
    }

    private static readonly string[] CyrillicLetters =
        ["A", "BE", "VE", "GHE", "DE", "IE", "ZHE", "ZE", "I", "SHORT I", "KA", "EL", "EM", "EN", "O", "PE",
         "ER", "ES", "TE", "U", "EF", "HA", "TSE", "CHE", "SHA", "SHCHA", "HARD SIGN", "YERU", "SOFT SIGN", "E", "YU", "YA"];

    private static readonly string?[] GreekLetters =
        ["ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA", "ETA", "THETA", "IOTA", "KAPPA", "LAMDA", "MU", "NU", "XI",
         "OMICRON", "PI", "RHO", null, "SIGMA", "TAU", "UPSILON", "PHI", "CHI", "PSI", "OMEGA"];

    private static readonly Dictionary<int, string> OtherNames = new()
    {
        [0x0020] = "SPACE",
        [0x00A0] = "NO-BREAK SPACE",
        [0x00AD] = "SOFT HYPHEN",
        [0x034F] = "COMBINING GRAPHEME JOINER",
        [0x0300] = "COMBINING GRAVE ACCENT",
        [0x0301] = "COMBINING ACUTE ACCENT",
        [0x0302] = "COMBINING CIRCUMFLEX ACCENT",
        [0x0303] = "COMBINING TILDE",
        [0x0304] = "COMBINING MACRON",
        [0x0306] = "COMBINING BREVE",
        [0x0308] = "COMBINING DIAERESIS",
        [0x030C] = "COMBINING CARON",
        [0x0327] = "COMBINING CEDILLA",
        [0x0456] = "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
        [0x0458] = "CYRILLIC SMALL LETTER JE",
        [0x0455] = "CYRILLIC SMALL LETTER DZE",
        [0x0451] = "CYRILLIC SMALL LETTER IO",
        [0x03C2] = "GREEK SMALL LETTER FINAL SIGMA",
        [0x2009] = "THIN SPACE",
        [0x200A] = "HAIR SPACE",
        [0x200B] = "ZERO WIDTH SPACE",
        [0x200C] = "ZERO WIDTH NON-JOINER",
        [0x200D] = "ZERO WIDTH JOINER",
        [0x200E] = "LEFT-TO-RIGHT MARK",
        [0x200F] = "RIGHT-TO-LEFT MARK",
        [0x2010] = "HYPHEN",
        [0x2011] = "NON-BREAKING HYPHEN",
        [0x2012] = "FIGURE DASH",
        [0x2013] = "EN DASH",
        [0x2014] = "EM DASH",
        [0x2212] = "MINUS SIGN",
        [0x202F] = "NARROW NO-BREAK SPACE",
        [0x2060] = "WORD JOINER",
        [0x2061] = "FUNCTION APPLICATION",
        [0x2062] = "INVISIBLE TIMES",
        [0x2063] = "INVISIBLE SEPARATOR",
        [0x2064] = "INVISIBLE PLUS",
        [0x3000] = "IDEOGRAPHIC SPACE",
        [0xFEFF] = "ZERO WIDTH NO-BREAK SPACE",
    };

    private static string? NameOf(int value) => value switch
    {
        >= 'A' and <= 'Z' => $"LATIN CAPITAL LETTER {(char)value}",
        >= 'a' and <= 'z' => $"LATIN SMALL LETTER {char.ToUpperInvariant((char)value)}",
        >= '0' and <= '9' => $"DIGIT {(char)value}",
        >= 0x0410 and <= 0x042F => $"CYRILLIC CAPITAL LETTER {CyrillicLetters[value - 0x0410]}",
        >= 0x0430 and <= 0x044F => $"CYRILLIC SMALL LETTER {CyrillicLetters[value - 0x0430]}",
        >= 0x0391 and <= 0x03A9 when GreekLetters[value - 0x0391] is { } greek => $"GREEK CAPITAL LETTER {greek}",
        >= 0x03B1 and <= 0x03C9 when GreekLetters[value - 0x03B1] is { } greek => $"GREEK SMALL LETTER {greek}",
        >= 0xFF21 and <= 0xFF3A => $"FULLWIDTH LATIN CAPITAL LETTER {(char)('A' + value - 0xFF21)}",
        >= 0xFF41 and <= 0xFF5A => $"FULLWIDTH LATIN SMALL LETTER {(char)('A' + value - 0xFF41)}",
        _ => OtherNames.GetValueOrDefault(value),
    };
}
