using System.Text.Json;
using Juxa.Errors;
using Juxa.Records.Query;
using static Juxa.Tests.Unit.Query.QueryTestSchema;

namespace Juxa.Tests.Unit.Query;

public sealed class FilterParserTests
{
    private static JuxaException Fails(string json)
    {
        var error = Assert.Throws<JuxaException>(() => FilterParser.Parse(Json(json)));
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        return error;
    }

    private static void AssertPath(JuxaException error, string path)
    {
        Assert.StartsWith(path + ":", error.Message);
        Assert.Equal([path], error.Details!.Keys);
    }

    [Fact]
    public void A_group_with_a_condition_parses()
    {
        var node = FilterParser.Parse(Json("""{"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "gte", "value": 10000}]}"""));

        var group = Assert.IsType<FilterGroup>(node);
        Assert.Equal(LogicalOperator.And, group.Operator);
        var condition = Assert.IsType<FilterCondition>(Assert.Single(group.Conditions));
        Assert.Equal("deal_value", condition.Attribute);
        Assert.Equal("gte", condition.Operator);
        Assert.Equal(10000, condition.Value!.Value.GetInt32());
    }

    [Fact]
    public void Groups_nest()
    {
        var node = FilterParser.Parse(Json("""
            {"operator": "or", "conditions": [
              {"attribute": "name", "operator": "contains", "value": "acme"},
              {"operator": "and", "conditions": [
                {"attribute": "is_hot", "operator": "equals", "value": true},
                {"attribute": "stage", "operator": "is_empty"}
              ]}
            ]}
            """));

        var root = Assert.IsType<FilterGroup>(node);
        Assert.Equal(LogicalOperator.Or, root.Operator);
        Assert.IsType<FilterCondition>(root.Conditions[0]);
        var inner = Assert.IsType<FilterGroup>(root.Conditions[1]);
        Assert.Equal(LogicalOperator.And, inner.Operator);
        Assert.Equal(2, inner.Conditions.Count);
        Assert.Null(((FilterCondition)inner.Conditions[1]).Value);
    }

    [Fact]
    public void A_bare_condition_is_accepted_at_the_top_level()
    {
        var node = FilterParser.Parse(Json("""{"attribute": "name", "operator": "equals", "value": "Acme"}"""));

        var condition = Assert.IsType<FilterCondition>(node);
        Assert.Equal("Acme", condition.Value!.Value.GetString());
    }

    [Fact]
    public void The_group_operator_defaults_to_and_and_is_case_insensitive()
    {
        Assert.Equal(LogicalOperator.And, Assert.IsType<FilterGroup>(FilterParser.Parse(Json("""{"conditions": []}"""))).Operator);
        Assert.Equal(LogicalOperator.Or, Assert.IsType<FilterGroup>(FilterParser.Parse(Json("""{"operator": "OR", "conditions": []}"""))).Operator);
    }

    [Fact]
    public void A_null_value_is_no_value()
    {
        var condition = Assert.IsType<FilterCondition>(FilterParser.Parse(Json("""{"attribute": "name", "operator": "is_empty", "value": null}""")));

        Assert.Null(condition.Value);
    }

    [Fact]
    public void The_value_outlives_the_document()
    {
        FilterCondition condition;
        using (var document = JsonDocument.Parse("""{"attribute": "name", "operator": "equals", "value": "kept"}"""))
        {
            condition = Assert.IsType<FilterCondition>(FilterParser.Parse(document.RootElement));
        }

        Assert.Equal("kept", condition.Value!.Value.GetString());
    }

    [Fact]
    public void Five_levels_of_groups_are_allowed_and_six_are_not()
    {
        static string Nest(int levels) => levels == 0
            ? """{"attribute": "name", "operator": "is_empty"}"""
            : $$"""{"operator": "and", "conditions": [{{Nest(levels - 1)}}]}""";

        Assert.IsType<FilterGroup>(FilterParser.Parse(Json(Nest(5))));
        var error = Fails(Nest(6));
        AssertPath(error, "filter.conditions[0].conditions[0].conditions[0].conditions[0].conditions[0]");
        Assert.Contains("5 levels", error.Message);
    }

    [Fact]
    public void Fifty_conditions_are_allowed_and_fifty_one_are_not()
    {
        static string Group(int n) =>
            $$"""{"operator": "or", "conditions": [{{string.Join(",", Enumerable.Repeat("""{"attribute": "name", "operator": "is_empty"}""", n))}}]}""";

        Assert.Equal(50, Assert.IsType<FilterGroup>(FilterParser.Parse(Json(Group(50)))).Conditions.Count);
        var error = Fails(Group(51));
        AssertPath(error, "filter");
        Assert.Contains("50 conditions", error.Message);
    }

    [Fact]
    public void Fifty_groups_are_allowed_and_fifty_one_are_not_even_empty_ones()
    {
        static string Groups(int n) =>
            $$"""{"operator": "or", "conditions": [{{string.Join(",", Enumerable.Repeat("""{"conditions": []}""", n - 1))}}]}""";

        Assert.Equal(49, Assert.IsType<FilterGroup>(FilterParser.Parse(Json(Groups(50)))).Conditions.Count);
        var error = Fails(Groups(51));
        AssertPath(error, "filter");
        Assert.Contains("50 groups", error.Message);
    }

    [Fact]
    public void The_condition_limit_counts_nested_conditions_too()
    {
        var half = string.Join(",", Enumerable.Repeat("""{"attribute": "name", "operator": "is_empty"}""", 26));
        var error = Fails($$"""{"conditions": [{"conditions": [{{half}}]}, {"conditions": [{{half}}]}]}""");

        AssertPath(error, "filter");
    }

    [Theory]
    [InlineData("""{"operator": "and", "conditions": [], "limit": 5}""", "filter.limit")]
    [InlineData("""{"conditions": [{"attribute": "name", "operator": "equals", "value": "x", "negate": true}]}""", "filter.conditions[0].negate")]
    [InlineData("""{"attribute": "name", "operater": "equals"}""", "filter.operater")]
    [InlineData("""{"conditions": [{"attribute": "name", "operator": "is_empty", "conditions": []}]}""", "filter.conditions[0].attribute")]
    public void Unknown_keys_are_rejected(string json, string path)
    {
        var error = Fails(json);

        AssertPath(error, path);
        Assert.Contains("unknown key", error.Message);
    }

    [Theory]
    [InlineData("""[]""", "filter")]
    [InlineData("""{"operator": "xor", "conditions": []}""", "filter.operator")]
    [InlineData("""{"operator": 1, "conditions": []}""", "filter.operator")]
    [InlineData("""{"operator": "and", "conditions": {}}""", "filter.conditions")]
    [InlineData("""{"conditions": ["name"]}""", "filter.conditions[0]")]
    [InlineData("""{"conditions": [{"operator": "equals", "value": 1}]}""", "filter.conditions[0].attribute")]
    [InlineData("""{"conditions": [{"attribute": "name", "value": 1}]}""", "filter.conditions[0].operator")]
    [InlineData("""{"conditions": [{"attribute": 5, "operator": "equals"}]}""", "filter.conditions[0].attribute")]
    [InlineData("""{"conditions": [{"attribute": "  ", "operator": "equals"}]}""", "filter.conditions[0].attribute")]
    [InlineData("""{"conditions": [{"attribute": "name", "operator": ["equals"]}]}""", "filter.conditions[0].operator")]
    public void Malformed_nodes_are_rejected_at_their_path(string json, string path) => AssertPath(Fails(json), path);
}
