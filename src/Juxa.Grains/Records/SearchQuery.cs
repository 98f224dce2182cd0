namespace Juxa.Records;

/// <summary>
/// A global search's query, read once for both what <see cref="RecordSearch"/> matches and which attribute the API names
/// as the match: trimmed, lower-cased (as search text is) and cut into words at any whitespace.
/// </summary>
/// <param name="Text">The words joined by single spaces: what ranking and close (trigram) matching compare.</param>
/// <param name="Words">The distinct words, at most <see cref="MaxWords"/>: a record matches when its search text holds each.</param>
public sealed record SearchQuery(string Text, IReadOnlyList<SearchWord> Words)
{
    /// <summary>The longest query taken, in characters after trimming.</summary>
    public const int MaxLength = 200;

    /// <summary>Words beyond this many are ignored: each is one more trigram-index condition.</summary>
    public const int MaxWords = 8;

    /// <summary>The query <paramref name="raw"/> makes; null when it is blank or longer than <see cref="MaxLength"/>.</summary>
    public static SearchQuery? Parse(string? raw)
    {
        var trimmed = raw?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength)
        {
            return null;
        }

        var words = TextCase.Lower(trimmed).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return new SearchQuery(
            string.Join(' ', words),
            [.. words.Distinct(StringComparer.Ordinal).Take(MaxWords).Select(SearchWord.Of)]);
    }

    /// <summary>How many of the words one of <paramref name="terms"/> holds (a value's search terms: docs/values.md).</summary>
    public int WordsIn(IReadOnlyCollection<string> terms) => Words.Count(word => terms.Any(word.IsIn));
}
