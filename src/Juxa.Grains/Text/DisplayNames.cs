namespace Juxa.Text;

/// <summary>
/// Names people read (workspaces, objects, attributes, options, lists, API keys, apps, users) are one line of text.
/// Control characters (line breaks, tabs, NUL, terminal escapes) are refused: no name needs one, and each breaks the
/// lists, CSV exports and logs a name is shown in.
/// </summary>
public static class DisplayNames
{
    public static bool HasControlCharacters(string name) => name.Any(char.IsControl);

    public static string Refusal(string field) => $"{field} must not contain control characters (line breaks, tabs and the like).";
}
