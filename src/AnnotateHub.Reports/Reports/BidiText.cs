using System.Globalization;

namespace AnnotateHub.Reports;

/// <summary>
/// Unicode isolates for user text in plain-text formats (Markdown, CSV), where there is no <c>&lt;bdi&gt;</c>: text that
/// can change the direction of what follows it (a right-to-left override U+202E and the other direction controls, or
/// right-to-left letters) is wrapped in FIRST STRONG ISOLATE (U+2068) … POP DIRECTIONAL ISOLATE (U+2069). The PDI closes
/// every override or embedding left open inside, so "file\u202Egnp.exe" cannot reverse the text after it. Text with
/// none of these is left as it is (nothing to isolate, and the output stays byte-for-byte plain).
/// </summary>
public static class BidiText
{
    /// <summary>FIRST STRONG ISOLATE: starts an isolate whose direction is that of its first strong character.</summary>
    public const char FirstStrongIsolate = '\u2068';

    /// <summary>POP DIRECTIONAL ISOLATE: ends the isolate, and every embedding or override opened in it.</summary>
    public const char PopDirectionalIsolate = '\u2069';

    /// <summary><paramref name="text"/> between FSI and PDI when it holds anything that affects direction; else unchanged.</summary>
    public static string Isolate(string? text)
    {
        if (string.IsNullOrEmpty(text) || !AffectsDirection(text))
        {
            return text ?? string.Empty;
        }

        return string.Concat(FirstStrongIsolate.ToString(), text, PopDirectionalIsolate.ToString());
    }

    /// <summary>True when <paramref name="text"/> holds a direction control or a right-to-left character.</summary>
    public static bool AffectsDirection(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v is 0x061C or 0x200E or 0x200F || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069))
            {
                return true;
            }

            // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic ... and their presentation forms
            if ((v >= 0x0590 && v <= 0x08FF) || (v >= 0xFB1D && v <= 0xFDFF) || (v >= 0xFE70 && v <= 0xFEFF)
                || (v >= 0x10800 && v <= 0x10FFF) || (v >= 0x1E800 && v <= 0x1EFFF))
            {
                return true;
            }
        }

        return false;
    }
}
