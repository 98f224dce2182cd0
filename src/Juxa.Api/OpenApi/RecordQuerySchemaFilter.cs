using System.Text.Json.Nodes;
using Juxa.Api.Endpoints;
using Juxa.Records.Query;
using Juxa.Records.Values;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Describes a record query's <c>filter</c> and <c>sorts</c> with the contract's shapes (§Record Query): a group
/// <c>{operator: "and"|"or", conditions}</c> of conditions <c>{attribute, operator, value}</c> with the twelve operators,
/// and sorts <c>{attribute, direction: "asc"|"desc"}</c>. The request record keeps both as raw JSON, so that
/// <see cref="FilterParser"/> and <see cref="SortParser"/> can name the path of whatever is wrong; left to Swashbuckle,
/// that made them schemas that say nothing, and a tool generated from <c>/openapi-llm-tools.json</c> had no way to
/// learn how to write a filter. The limits and keys here are the parsers' own. Its <c>limit</c> and <c>offset</c> get the
/// bounds the query parameters of the other paged routes have.
/// </summary>
public sealed class RecordQuerySchemaFilter : ISchemaFilter
{
    public const string FilterGroupId = "FilterGroup";

    public const string FilterConditionId = "FilterCondition";

    public const string SortConfigId = "SortConfig";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(RecordQueryRequest) || schema is not OpenApiSchema { Properties: { } properties })
        {
            return;
        }

        foreach (var name in new[] { "limit", "offset" })
        {
            if (properties.TryGetValue(name, out var member) && member is OpenApiSchema paging)
            {
                PagingParametersOperationFilter.Bound(paging, name);
            }
        }

        var group = Define(context, FilterGroupId, FilterGroup);
        var condition = Define(context, FilterConditionId, FilterCondition);
        var sort = Define(context, SortConfigId, SortConfig);
        properties["filter"] = new OpenApiSchema
        {
            AnyOf = [group, condition],
            Description = "Which records: a group of conditions (groups nest, at most "
                + $"{FilterParser.MaxDepth} levels), or one condition alone. Left out: every record.",
        };
        properties["sorts"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array | JsonSchemaType.Null,
            Items = sort,
            MaxItems = SortParser.MaxSorts,
            Description = "Sort keys, most significant first; ties are broken by record id. Left out: newest first.",
        };
    }

    private static OpenApiSchemaReference Define(SchemaFilterContext context, string id, Func<OpenApiSchema> schema) =>
        context.SchemaRepository.Schemas.ContainsKey(id) ? new OpenApiSchemaReference(id) : context.SchemaRepository.AddDefinition(id, schema());

    private static OpenApiSchema FilterGroup() => new()
    {
        Type = JsonSchemaType.Object,
        Description = $"A group of filter conditions and nested groups (at most {FilterParser.MaxConditions} conditions "
            + $"and {FilterParser.MaxGroups} groups in a filter).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["operator"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create("and"), JsonValue.Create("or")],
                Default = JsonValue.Create("and"),
                Description = "and: every condition holds; or: at least one does.",
            },
            ["conditions"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { AnyOf = [new OpenApiSchemaReference(FilterConditionId), new OpenApiSchemaReference(FilterGroupId)] },
                Description = "Conditions and nested groups; an empty group matches every record.",
            },
        },
        Required = new HashSet<string> { "conditions" },
        AdditionalPropertiesAllowed = false,
    };

    private static OpenApiSchema FilterCondition() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "One comparison. Which operators an attribute takes depends on its type (docs/query.md).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["attribute"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "An attribute slug (deal_value), a sub-field (name.last_name), a path across a record reference "
                    + "(company.name), or created_at / updated_at.",
            },
            ["operator"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = ValueOperators.All.Select(op => (JsonNode)JsonValue.Create(op)).ToList(),
            },
            ["value"] = new OpenApiSchema
            {
                Description = "What to compare with, in any form a write of the attribute takes; is_empty and is_not_empty take none.",
            },
        },
        Required = new HashSet<string> { "attribute", "operator" },
        AdditionalPropertiesAllowed = false,
    };

    private static OpenApiSchema SortConfig() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["attribute"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "An attribute slug or path, as in a filter condition." },
            ["direction"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create("asc"), JsonValue.Create("desc")],
                Default = JsonValue.Create("asc"),
            },
        },
        Required = new HashSet<string> { "attribute" },
        AdditionalPropertiesAllowed = false,
    };
}
