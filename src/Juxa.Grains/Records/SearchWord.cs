namespace Juxa.Records;

/// <summary>
/// One word of a <see cref="SearchQuery"/>. A phone number's search term is its digits alone (docs/values.md), while people
/// write and the API returns it with <c>+</c> and punctuation: a word made of digits and phone punctuation
/// (<c>+15551234567</c>, <c>(555)</c>, <c>010-9999</c>) also matches as its <see cref="Digits"/>. The word as written
/// still matches too, so such a word finds everything it found before (<c>inv-12-34</c> in a text).
/// </summary>
/// <param name="Text">The word as written (lower-cased).</param>
/// <param name="Digits">Its digits, when it is phone-shaped and they differ from it; otherwise null.</param>
public sealed record SearchWord(string Text, string? Digits)
{
    private const string PhonePunctuation = "+()-.";

    public static SearchWord Of(string word)
    {
        var phoneShaped = word.Any(char.IsAsciiDigit) && word.All(c => char.IsAsciiDigit(c) || PhonePunctuation.Contains(c));
        var digits = phoneShaped ? new string([.. word.Where(char.IsAsciiDigit)]) : null;
        return new SearchWord(word, digits == word ? null : digits);
    }

    /// <summary>Whether a search term holds this word, as written or as its digits.</summary>
    public bool IsIn(string term) =>
        term.Contains(Text, StringComparison.Ordinal) || (Digits is not null && term.Contains(Digits, StringComparison.Ordinal));
}
