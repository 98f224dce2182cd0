using System.Text.Json;

namespace Juxa.Records.Query;

/// <summary>
/// Parses the <c>filter</c> of a record query into a <see cref="FilterNode"/> tree. Only the shape is
/// checked here (keys, JSON types, limits); attributes, operators and values are checked against the
/// schema by <see cref="FilterValidator"/>.
/// </summary>
/// <remarks>
/// A node with a <c>conditions</c> key is a group, any other object is a condition; the top level may be
/// either. Groups nest at most <see cref="MaxDepth"/> levels (the top-level group is level 1) and a filter
/// holds at most <see cref="MaxConditions"/> conditions and <see cref="MaxGroups"/> groups in all (empty groups cost SQL
/// too, and a body of thousands of them would otherwise pass). Unknown keys are rejected, so a typo
/// (<c>"operater"</c>) is a 400 instead of a silently ignored constraint.
/// </remarks>
public static class FilterParser
{
    public const int MaxDepth = 5;

    public const int MaxConditions = 50;

    public const int MaxGroups = 50;

    /// <summary>The request path the filter sits at; every error path starts with it.</summary>
    public const string RootPath = "filter";

    private static readonly string[] GroupKeys = ["operator", "conditions"];

    private static readonly string[] ConditionKeys = ["attribute", "operator", "value"];

    public static FilterNode Parse(JsonElement filter)
    {
        var count = (Conditions: 0, Groups: 0);
        return ParseNode(filter, RootPath, depth: 1, ref count);
    }

    /// <summary>The request path of each child of a group: <c>{groupPath}.conditions[i]</c>.</summary>
    public static string ChildPath(string groupPath, int index) => $"{groupPath}.conditions[{index}]";

    private static FilterNode ParseNode(JsonElement node, string path, int depth, ref (int Conditions, int Groups) count)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw QueryErrors.At(path, $"expected a filter group or condition object, got {QueryErrors.Describe(node.ValueKind)}.");
        }

        return node.TryGetProperty("conditions", out _)
            ? ParseGroup(node, path, depth, ref count)
            : ParseCondition(node, path, ref count);
    }

    private static FilterGroup ParseGroup(JsonElement node, string path, int depth, ref (int Conditions, int Groups) count)
    {
        if (depth > MaxDepth)
        {
            throw QueryErrors.At(path, $"filter groups nest at most {MaxDepth} levels deep.");
        }

        if (++count.Groups > MaxGroups)
        {
            throw QueryErrors.At(RootPath, $"a filter holds at most {MaxGroups} groups.");
        }

        RejectUnknownKeys(node, path, GroupKeys, "a filter group has only \"operator\" and \"conditions\"");

        var logical = LogicalOperator.And;
        if (node.TryGetProperty("operator", out var op) && op.ValueKind != JsonValueKind.Null)
        {
            logical = op.ValueKind == JsonValueKind.String ? op.GetString()!.ToLowerInvariant() switch
            {
                "and" => LogicalOperator.And,
                "or" => LogicalOperator.Or,
                _ => throw QueryErrors.At($"{path}.operator", $"must be \"and\" or \"or\", got \"{op.GetString()}\"."),
            }
            : throw QueryErrors.At($"{path}.operator", $"must be \"and\" or \"or\", got {QueryErrors.Describe(op.ValueKind)}.");
        }

        var conditions = node.GetProperty("conditions");
        if (conditions.ValueKind != JsonValueKind.Array)
        {
            throw QueryErrors.At($"{path}.conditions", $"must be an array, got {QueryErrors.Describe(conditions.ValueKind)}.");
        }

        var children = new List<FilterNode>(conditions.GetArrayLength());
        var index = 0;
        foreach (var child in conditions.EnumerateArray())
        {
            children.Add(ParseNode(child, ChildPath(path, index), depth + 1, ref count));
            index++;
        }

        return new FilterGroup(logical, children);
    }

    private static FilterCondition ParseCondition(JsonElement node, string path, ref (int Conditions, int Groups) count)
    {
        RejectUnknownKeys(node, path, ConditionKeys, "a condition has only \"attribute\", \"operator\" and \"value\" (a group has \"operator\" and \"conditions\")");
        if (++count.Conditions > MaxConditions)
        {
            throw QueryErrors.At(RootPath, $"a filter holds at most {MaxConditions} conditions.");
        }

        var attribute = RequiredString(node, "attribute", path);
        var op = RequiredString(node, "operator", path);
        JsonElement? value = node.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null ? v.Clone() : null;
        return new FilterCondition(attribute, op, value);
    }

    private static string RequiredString(JsonElement node, string key, string path)
    {
        if (!node.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw QueryErrors.At($"{path}.{key}", "is required.");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw QueryErrors.At($"{path}.{key}", $"must be a string, got {QueryErrors.Describe(value.ValueKind)}.");
        }

        var text = value.GetString()!.Trim();
        return text.Length > 0 ? text : throw QueryErrors.At($"{path}.{key}", "must not be empty.");
    }

    private static void RejectUnknownKeys(JsonElement node, string path, string[] allowed, string hint)
    {
        foreach (var property in node.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw QueryErrors.At($"{path}.{property.Name}", $"unknown key \"{property.Name}\"; {hint}.");
            }
        }
    }
}
