using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>A record column that filters and sorts may name like an attribute.</summary>
public enum SystemField
{
    /// <summary><c>created_at</c> (alias <c>createdAt</c>): column <c>created_at</c>.</summary>
    CreatedAt,

    /// <summary><c>updated_at</c> (alias <c>updatedAt</c>): column <c>updated_at</c>.</summary>
    UpdatedAt,
}

/// <summary>One step across a record-reference attribute, into the records of <see cref="Target"/>.</summary>
public sealed record ReferenceHop(AttributeDefinition Attribute, ObjectDefinition Target);

/// <summary>
/// A validated attribute path: zero or more <see cref="Hops"/> across record references, then either an
/// attribute of the last object (with the JSON <see cref="Key"/> to compare inside its stored single form,
/// null when the single form is the scalar itself) or a <see cref="System"/> column.
/// </summary>
/// <param name="Path">The path as the client wrote it (<c>company.name</c>).</param>
/// <param name="Hops">The record references crossed, in order (empty for a local attribute).</param>
/// <param name="Attribute">The final attribute (on the last hop's target object); null for a system column.</param>
/// <param name="System">The system column, when the path names one.</param>
/// <param name="Key">The JSON key compared inside the stored single form (<c>full_name</c>, <c>amount</c>, <c>target_record_id</c>, a sub-field); null when the single form is the scalar itself.</param>
/// <param name="Kind">How the field compares.</param>
/// <param name="SubField">The sub-field the path names after the attribute (<c>last_name</c>), null when it names the attribute itself,
/// whose filter values are then the attribute's write forms (docs/query.md).</param>
public sealed record BoundField(
    string Path,
    IReadOnlyList<ReferenceHop> Hops,
    AttributeDefinition? Attribute,
    SystemField? System,
    string? Key,
    FieldKind Kind,
    string? SubField = null)
{
    /// <summary>Whether the final attribute stores a JSON array.</summary>
    public bool IsMultiselect => Attribute?.IsMultiselect ?? false;
}

/// <summary>A validated filter node.</summary>
/// <param name="Path">The request path of the node (<c>filter.conditions[1]</c>).</param>
public abstract record BoundFilter(string Path);

public sealed record BoundGroup(string Path, LogicalOperator Operator, IReadOnlyList<BoundFilter> Conditions) : BoundFilter(Path);

/// <summary>
/// A validated condition. <see cref="Value"/> is typed by <see cref="BoundField.Kind"/>: string (Text, LocationAny),
/// decimal (Number), DateOnly (Date), DateTimeOffset in UTC (Timestamp), bool (Boolean), the option id as a
/// lower-case string (Option), Guid (RecordId, ActorId); a <see cref="CurrencyFilterValue"/> (Number, a currency
/// written with its code) or a <see cref="LocationFilterValue"/> (LocationAny, a location written as an object);
/// null for <c>is_empty</c> / <c>is_not_empty</c>.
/// </summary>
public sealed record BoundCondition(string Path, BoundField Field, FilterOperator Operator, object? Value) : BoundFilter(Path);

public enum SortDirection
{
    Asc,
    Desc,
}

/// <summary>A validated sort key.</summary>
public sealed record BoundSort(BoundField Field, SortDirection Direction);
