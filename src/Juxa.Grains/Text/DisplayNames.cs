namespace Juxa.Text;

/// <summary>
/// Names people read (workspaces, objects, attributes, options, lists, API keys, apps, users) are one line of text.
/// Control characters (line breaks, tabs, NUL, terminal escapes) are refused: no name needs one, and each breaks the
/// lists, CSV exports and logs a name is shown in. So are the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069): one reorders whatever follows the name on its line, so that
/// "Invoices\u202Excod.exe" reads as "Invoicesexe.docx". Right-to-left text needs none of them (its letters carry
/// their direction), and the direction marks (U+200E, U+200F, U+061C), which reorder nothing, stay allowed.
/// </summary>
public static class DisplayNames
{
    public static bool HasControlCharacters(string name) => name.Any(c => char.IsControl(c) || IsBidirectionalControl(c));

    public static string Refusal(string field) => $"{field} must not contain control characters (line breaks, tabs, bidirectional overrides and the like).";

    private static bool IsBidirectionalControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
