namespace Juxa.Records.Query;

/// <summary>
/// A currency filter value written with its currency code (<c>{"amount": 10000, "currency": "EUR"}</c>): it compares the
/// amount and requires that currency, as the value written to a record would be stored. A bare amount binds to a plain
/// decimal and compares the amount in any currency.
/// </summary>
/// <param name="Amount">The amount, canonical as stored.</param>
/// <param name="Currency">The upper-case three-letter code, as stored.</param>
public sealed record CurrencyFilterValue(decimal Amount, string Currency);
