namespace Juxa.Records;

/// <summary>
/// How search text and search queries are lower-cased: .NET's invariant lower case, with the Turkish capital İ made an i,
/// as PostgreSQL's <c>lower()</c> makes it. .NET's invariant culture keeps İ, so "İstanbul" was found by "İstanbul" but
/// not by "istanbul", while every filter (lower-cased by PostgreSQL) finds it by both. Migration
/// <c>0130_search_text_fold.sql</c> folds the search text written before.
/// </summary>
public static class SearchCase
{
    public static string Lower(string text) => text.ToLowerInvariant().Replace('\u0130', 'i');
}
