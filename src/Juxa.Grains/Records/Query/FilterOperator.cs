namespace Juxa.Records.Query;

/// <summary>The filter operators of the contract (wire names in <see cref="FilterOperators"/>).</summary>
public enum FilterOperator
{
    Equals,
    NotEquals,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    IsEmpty,
    IsNotEmpty,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}

/// <summary>
/// Wire names of <see cref="FilterOperator"/> and their polarity.
/// </summary>
/// <remarks>
/// Every negative operator is evaluated as the negation of its positive counterpart
/// (<c>not_equals</c> = NOT <c>equals</c>, <c>not_contains</c> = NOT <c>contains</c>, <c>is_empty</c> = NOT <c>is_not_empty</c>),
/// and positive operators are false on a missing value. Hence: a negative operator matches records
/// that have no value at all; on a multiselect attribute a positive operator matches when ANY element
/// matches and a negative one when NO element matches; across a record reference (<c>company.name</c>)
/// a positive operator matches when a referenced record matches and a negative one when none does.
/// </remarks>
public static class FilterOperators
{
    private static readonly (FilterOperator Operator, string Name)[] Table =
    [
        (FilterOperator.Equals, "equals"),
        (FilterOperator.NotEquals, "not_equals"),
        (FilterOperator.Contains, "contains"),
        (FilterOperator.NotContains, "not_contains"),
        (FilterOperator.StartsWith, "starts_with"),
        (FilterOperator.EndsWith, "ends_with"),
        (FilterOperator.IsEmpty, "is_empty"),
        (FilterOperator.IsNotEmpty, "is_not_empty"),
        (FilterOperator.GreaterThan, "gt"),
        (FilterOperator.GreaterThanOrEqual, "gte"),
        (FilterOperator.LessThan, "lt"),
        (FilterOperator.LessThanOrEqual, "lte"),
    ];

    public static IEnumerable<string> All => Table.Select(t => t.Name);

    public static string Name(this FilterOperator op) => Table.First(t => t.Operator == op).Name;

    public static bool TryParse(string? name, out FilterOperator op)
    {
        foreach (var (candidate, wire) in Table)
        {
            if (string.Equals(wire, name, StringComparison.Ordinal))
            {
                op = candidate;
                return true;
            }
        }

        op = default;
        return false;
    }

    /// <summary>Whether the operator takes a <c>value</c> (all but <c>is_empty</c> / <c>is_not_empty</c>).</summary>
    public static bool TakesValue(this FilterOperator op) => op is not (FilterOperator.IsEmpty or FilterOperator.IsNotEmpty);

    /// <summary><c>not_equals</c>, <c>not_contains</c> and <c>is_empty</c>: evaluated as NOT of <see cref="Positive"/>.</summary>
    public static bool IsNegative(this FilterOperator op) => op is FilterOperator.NotEquals or FilterOperator.NotContains or FilterOperator.IsEmpty;

    /// <summary>The positive counterpart of a negative operator; a positive operator itself.</summary>
    public static FilterOperator Positive(this FilterOperator op) => op switch
    {
        FilterOperator.NotEquals => FilterOperator.Equals,
        FilterOperator.NotContains => FilterOperator.Contains,
        FilterOperator.IsEmpty => FilterOperator.IsNotEmpty,
        _ => op,
    };
}
