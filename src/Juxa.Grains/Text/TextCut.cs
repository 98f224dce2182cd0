namespace Juxa.Text;

/// <summary>
/// Shortens text without splitting a surrogate pair. Half of an emoji is not valid UTF-16: Npgsql's UTF-8 encoder
/// refuses it, so a cut in the wrong place made storing a long task's notification or a chat title fail with a 500,
/// and an error message quoting the input showed a replacement character.
/// </summary>
public static class TextCut
{
    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="max"/> UTF-16 code units; otherwise its first
    /// <paramref name="max"/> units, one fewer when the last would be the first half of a pair.
    /// </summary>
    public static string Prefix(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (text.Length <= max)
        {
            return text;
        }

        return text[..(max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
    }
}
