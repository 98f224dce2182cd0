namespace Juxa.Records;

/// <summary>
/// How .NET lower-cases text that must compare as PostgreSQL's <c>lower()</c> does (search text, search queries and the
/// unique keys of text, names and locations): .NET's invariant lower case, with the Turkish capital İ made an i, as
/// <c>lower()</c> makes it. .NET's invariant culture keeps İ, so "İstanbul" was found by "İstanbul" but not by "istanbul",
/// and a unique text attribute took "İstanbul" and "istanbul" as two values, while every filter (lower-cased by
/// PostgreSQL) finds both by either. Migrations <c>0130_search_text_fold.sql</c> and <c>0140_unique_key_fold.sql</c>
/// fold what was written before.
/// </summary>
public static class TextCase
{
    public static string Lower(string text) => text.ToLowerInvariant().Replace('\u0130', 'i');
}
