using System.Globalization;

namespace Juxa.Text;

/// <summary>
/// Names people read (workspaces, objects, attributes, options, lists, API keys, apps, users) are one line of text that
/// shows something.
/// <list type="bullet">
/// <item>Control characters (line breaks, tabs, NUL, terminal escapes) are refused: no name needs one, and each breaks the
/// lists, CSV exports and logs a name is shown in. So are the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069): one reorders whatever follows the name on its line, so that
/// "Invoices\u202Excod.exe" reads as "Invoicesexe.docx". Right-to-left text needs none of them (its letters carry
/// their direction), and the direction marks (U+200E, U+200F, U+061C), which reorder nothing, stay allowed.</item>
/// <item>A name of invisible characters only (a zero-width space, a Hangul filler, a Braille blank) is refused as an empty
/// one is: trimming keeps them, since .NET counts none of them as white space, and it would show as a blank row.</item>
/// </list>
/// </summary>
public static class DisplayNames
{
    /// <summary>Why <paramref name="trimmed"/> (a trimmed, non-empty name) cannot be a name, or null when it can.</summary>
    public static string? Refusal(string trimmed, string field) =>
        trimmed.Any(c => char.IsControl(c) || IsBidirectionalControl(c))
            ? $"{field} must not contain control characters (line breaks, tabs, bidirectional overrides and the like)."
            : trimmed.All(IsInvisible)
                ? $"{field} must contain a visible character, not only blank or zero-width ones."
                : null;

    private static bool IsBidirectionalControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>
    /// White space, format characters (zero-width space and joiners, direction marks, the byte order mark, soft hyphen) and
    /// the letters and symbols that render blank: the Hangul fillers and the blank Braille pattern.
    /// </summary>
    private static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
}
