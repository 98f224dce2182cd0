using System.Text.Json;

namespace Juxa.Records.Query;

/// <summary>How the conditions of a <see cref="FilterGroup"/> combine.</summary>
public enum LogicalOperator
{
    And,
    Or,
}

/// <summary>One node of a parsed (not yet validated) filter: a <see cref="FilterGroup"/> or a <see cref="FilterCondition"/>.</summary>
public abstract record FilterNode;

/// <summary><c>{"operator": "and"|"or", "conditions": [...]}</c>. An empty group matches every record.</summary>
public sealed record FilterGroup(LogicalOperator Operator, IReadOnlyList<FilterNode> Conditions) : FilterNode;

/// <summary>
/// <c>{"attribute": "slug[.sub_field | .referenced_attribute…]", "operator": "equals", "value": …}</c>.
/// <see cref="Operator"/> is the wire name as sent (checked by <see cref="FilterValidator"/>);
/// <see cref="Value"/> is null when the key is absent or JSON null.
/// </summary>
public sealed record FilterCondition(string Attribute, string Operator, JsonElement? Value) : FilterNode;
