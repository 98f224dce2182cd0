namespace Juxa.Records.Query;

/// <summary>
/// A location filter value written as an object (<c>{"city": "Berlin", "country_code": "DE"}</c>): equal to a stored
/// location when every one of the six fields is equal ignoring case, a missing field only to a missing one (the
/// location's unique key, docs/values.md). A string binds to text and matches any field.
/// </summary>
/// <param name="Fields">The six fields in their stored form, null where absent.</param>
public sealed record LocationFilterValue(IReadOnlyDictionary<string, string?> Fields);
