using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>
/// Checks a parsed filter against the object (and, for paths across record references, the workspace
/// schema) and binds it: attribute paths resolved, operators checked against the field's type, values
/// bound by <see cref="FilterValues"/> (the attribute's write forms, normalized as a write normalizes them).
/// Every problem is a 400 naming the condition's request path.
/// </summary>
public static class FilterValidator
{
    public static BoundFilter Validate(FilterNode filter, ObjectDefinition obj, WorkspaceSchema schema) =>
        Bind(filter, FilterParser.RootPath, obj, schema);

    private static BoundFilter Bind(FilterNode node, string path, ObjectDefinition obj, WorkspaceSchema schema) => node switch
    {
        FilterGroup group => new BoundGroup(
            path,
            group.Operator,
            group.Conditions.Select((child, i) => Bind(child, FilterParser.ChildPath(path, i), obj, schema)).ToList()),
        FilterCondition condition => BindCondition(condition, path, obj, schema),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown filter node."),
    };

    private static BoundCondition BindCondition(FilterCondition condition, string path, ObjectDefinition obj, WorkspaceSchema schema)
    {
        var field = FieldResolver.Resolve(obj, schema, condition.Attribute, $"{path}.attribute");

        var allowed = QueryFieldTypes.Operators(field.Kind);
        if (!FilterOperators.TryParse(condition.Operator, out var op))
        {
            throw QueryErrors.At($"{path}.operator", $"unknown operator \"{condition.Operator}\". Operators: {string.Join(", ", FilterOperators.All)}.");
        }

        if (!allowed.Contains(op))
        {
            throw QueryErrors.At(
                $"{path}.operator",
                $"operator \"{condition.Operator}\" does not apply to \"{field.Path}\" ({Describe(field)}). Valid operators: {string.Join(", ", allowed.Select(o => o.Name()))}.");
        }

        if (!op.TakesValue())
        {
            // is_empty / is_not_empty ignore a value: clients often send "" or null with them.
            return new BoundCondition(path, field, op, null);
        }

        var valuePath = $"{path}.value";
        if (condition.Value is not { } value)
        {
            throw QueryErrors.At(valuePath, $"operator \"{condition.Operator}\" needs a value.");
        }

        return new BoundCondition(path, field, op, FilterValues.Bind(field, op, value, valuePath));
    }

    private static string Describe(BoundField field) => field.Attribute is null
        ? "a timestamp column"
        : $"{field.Attribute.Type.Name()} attribute, compared as {KindName(field.Kind)}";

    private static string KindName(FieldKind kind) => kind switch
    {
        FieldKind.Text => "text",
        FieldKind.LocationAny => "text (any location field)",
        FieldKind.Number => "a number",
        FieldKind.Date => "a date",
        FieldKind.Timestamp => "a timestamp",
        FieldKind.Boolean => "a boolean",
        FieldKind.Option => "an option",
        FieldKind.RecordId => "a record id",
        FieldKind.ActorId => "an actor id",
        _ => kind.ToString(),
    };
}
