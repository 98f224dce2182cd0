using System.Text.Json;

namespace Juxa.Records.Query;

/// <summary>One parsed (not yet validated) sort key: an attribute path (<c>deal_value</c>, <c>name.last_name</c>, <c>company.name</c>, <c>created_at</c>) and a direction.</summary>
public sealed record SortKey(string Attribute, SortDirection Direction);

/// <summary>Parses <c>sorts: [{"attribute": "…", "direction": "asc"|"desc"}]</c> (at most <see cref="MaxSorts"/>; direction defaults to asc).</summary>
public static class SortParser
{
    public const int MaxSorts = 5;

    public const string RootPath = "sorts";

    private static readonly string[] Keys = ["attribute", "direction"];

    public static IReadOnlyList<SortKey> Parse(JsonElement sorts)
    {
        if (sorts.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (sorts.ValueKind != JsonValueKind.Array)
        {
            throw QueryErrors.At(RootPath, $"must be an array of {{attribute, direction}}, got {QueryErrors.Describe(sorts.ValueKind)}.");
        }

        if (sorts.GetArrayLength() > MaxSorts)
        {
            throw QueryErrors.At(RootPath, $"at most {MaxSorts} sorts are allowed.");
        }

        var keys = new List<SortKey>();
        var index = 0;
        foreach (var item in sorts.EnumerateArray())
        {
            keys.Add(ParseKey(item, $"{RootPath}[{index}]"));
            index++;
        }

        return keys;
    }

    private static SortKey ParseKey(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw QueryErrors.At(path, $"must be an object {{attribute, direction}}, got {QueryErrors.Describe(item.ValueKind)}.");
        }

        foreach (var property in item.EnumerateObject())
        {
            if (!Keys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw QueryErrors.At($"{path}.{property.Name}", $"unknown key \"{property.Name}\"; a sort has only \"attribute\" and \"direction\".");
            }
        }

        if (!item.TryGetProperty("attribute", out var attribute) || attribute.ValueKind == JsonValueKind.Null)
        {
            throw QueryErrors.At($"{path}.attribute", "is required.");
        }

        if (attribute.ValueKind != JsonValueKind.String)
        {
            throw QueryErrors.At($"{path}.attribute", $"must be a string, got {QueryErrors.Describe(attribute.ValueKind)}.");
        }

        var slug = attribute.GetString()!.Trim();
        if (slug.Length == 0)
        {
            throw QueryErrors.At($"{path}.attribute", "must not be empty.");
        }

        var direction = SortDirection.Asc;
        if (item.TryGetProperty("direction", out var dir) && dir.ValueKind != JsonValueKind.Null)
        {
            direction = dir.ValueKind == JsonValueKind.String ? dir.GetString()!.ToLowerInvariant() switch
            {
                "asc" => SortDirection.Asc,
                "desc" => SortDirection.Desc,
                _ => throw QueryErrors.At($"{path}.direction", $"must be \"asc\" or \"desc\", got \"{dir.GetString()}\"."),
            }
            : throw QueryErrors.At($"{path}.direction", $"must be \"asc\" or \"desc\", got {QueryErrors.Describe(dir.ValueKind)}.");
        }

        return new SortKey(slug, direction);
    }
}
