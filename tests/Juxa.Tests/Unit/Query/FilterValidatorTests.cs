using Juxa.Errors;
using Juxa.Records.Query;
using Juxa.Schema;
using static Juxa.Tests.Unit.Query.QueryTestSchema;

namespace Juxa.Tests.Unit.Query;

public sealed class FilterValidatorTests
{
    private static BoundFilter Bind(string json) => FilterValidator.Validate(FilterParser.Parse(Json(json)), Deals, TestSchema);

    private static BoundCondition BindOne(string attribute, string op, string? valueJson = null)
    {
        var value = valueJson is null ? "" : $", \"value\": {valueJson}";
        return Assert.IsType<BoundCondition>(Bind($$"""{"attribute": "{{attribute}}", "operator": "{{op}}"{{value}}}"""));
    }

    private static JuxaException Fails(string json, string path)
    {
        var error = Assert.Throws<JuxaException>(() => Bind(json));
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.StartsWith(path + ":", error.Message);
        Assert.Equal([path], error.Details!.Keys);
        return error;
    }

    private static string Second(string attribute, string op, string? valueJson = null)
    {
        var value = valueJson is null ? "" : $", \"value\": {valueJson}";
        return $$"""{"operator": "and", "conditions": [{"attribute": "name", "operator": "is_not_empty"}, {"attribute": "{{attribute}}", "operator": "{{op}}"{{value}}}]}""";
    }

    [Fact]
    public void Values_are_typed_by_the_attribute()
    {
        Assert.Equal(10000m, BindOne("deal_value", "gte", "10000").Value);
        Assert.Equal(0.25m, BindOne("probability", "lt", "0.25").Value);
        Assert.Equal(new DateOnly(2026, 1, 31), BindOne("close_date", "gte", "\"2026-01-31\"").Value);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 8, 0, 0, TimeSpan.Zero), BindOne("last_contacted", "gt", "\"2026-01-31T10:00:00+02:00\"").Value);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)BindOne("last_contacted", "gt", "\"2026-01-31T10:00:00+02:00\"").Value!).Offset);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero), BindOne("created_at", "gte", "\"2026-01-31\"").Value);
        Assert.Equal(true, BindOne("is_hot", "equals", "true").Value);
        Assert.Equal(Id(7), BindOne("company", "equals", $"\"{Id(7)}\"").Value);
        Assert.Equal(Id(8), BindOne("owner", "not_equals", $"\"{Id(8)}\"").Value);
        Assert.Null(BindOne("name", "is_empty", "\"ignored\"").Value);
    }

    [Theory]
    [InlineData("won")]
    [InlineData("WON")]
    [InlineData("00000000-0000-0000-0000-000000000403")]
    public void Select_values_resolve_titles_and_ids_to_the_option_id(string value)
    {
        var condition = BindOne("stage", "equals", $"\"{value}\"");

        Assert.Equal(StageWon.ToString("D"), condition.Value);
        Assert.Equal(FieldKind.Option, condition.Field.Kind);
    }

    [Fact]
    public void Sub_fields_and_defaults_resolve()
    {
        var name = BindOne("contact", "contains", "\"jo\"").Field;
        Assert.Equal(("full_name", FieldKind.Text), (name.Key, name.Kind));
        var last = BindOne("contact.last_name", "starts_with", "\"o'\"").Field;
        Assert.Equal(("last_name", FieldKind.Text), (last.Key, last.Kind));
        var amount = BindOne("deal_value", "gt", "1").Field;
        Assert.Equal(("amount", FieldKind.Number), (amount.Key, amount.Kind));
        var code = BindOne("deal_value.currency", "equals", "\"usd\"").Field;
        Assert.Equal(("currency", FieldKind.Text), (code.Key, code.Kind));
        var any = BindOne("address", "contains", "\"berlin\"").Field;
        Assert.Equal(((string?)null, FieldKind.LocationAny), (any.Key, any.Kind));
        var city = BindOne("address.city", "equals", "\"berlin\"").Field;
        Assert.Equal(("city", FieldKind.Text), (city.Key, city.Kind));
        var created = BindOne("createdAt", "lt", "\"2026-01-01T00:00:00Z\"").Field;
        Assert.Equal(SystemField.CreatedAt, created.System);
    }

    [Fact]
    public void A_path_across_a_reference_resolves_against_the_target_object()
    {
        var field = BindOne("company.name", "contains", "\"acme\"").Field;

        var hop = Assert.Single(field.Hops);
        Assert.Equal("company", hop.Attribute.Slug);
        Assert.Same(Companies, hop.Target);
        Assert.Equal("name", field.Attribute!.Slug);
        Assert.Equal(CompaniesId, field.Attribute.ObjectId);

        var twoHops = BindOne("company.parent.domains", "equals", "\"acme.com\"").Field;
        Assert.Equal(["company", "parent"], twoHops.Hops.Select(h => h.Attribute.Slug));
        Assert.True(twoHops.IsMultiselect);

        var id = BindOne("company.target_record_id", "equals", $"\"{Id(1)}\"").Field;
        Assert.Empty(id.Hops);
        Assert.Equal(FieldKind.RecordId, id.Kind);
    }

    [Fact]
    public void Groups_keep_their_paths()
    {
        var root = Assert.IsType<BoundGroup>(Bind("""{"operator": "or", "conditions": [{"attribute": "name", "operator": "is_empty"}, {"conditions": [{"attribute": "is_hot", "operator": "equals", "value": false}]}]}"""));

        Assert.Equal("filter", root.Path);
        Assert.Equal("filter.conditions[0]", root.Conditions[0].Path);
        Assert.Equal("filter.conditions[1].conditions[0]", ((BoundGroup)root.Conditions[1]).Conditions[0].Path);
    }

    [Fact]
    public void An_unknown_attribute_is_rejected()
    {
        var error = Fails(Second("nmae", "equals", "\"x\""), "filter.conditions[1].attribute");

        Assert.Contains("unknown attribute \"nmae\"", error.Message);
        Assert.Contains("deal_value", error.Message);
    }

    [Fact]
    public void An_archived_attribute_is_rejected() =>
        Assert.Contains("archived", Fails(Second("legacy_code", "equals", "\"x\""), "filter.conditions[1].attribute").Message);

    [Theory]
    [InlineData("name.first_name")]
    [InlineData("contact.middle_name")]
    [InlineData("contact.first_name.x")]
    [InlineData("deal_value.cents")]
    [InlineData("address.street")]
    [InlineData("created_at.date")]
    [InlineData("name.")]
    public void An_unknown_sub_field_is_rejected(string path) =>
        Fails(Second(path, "equals", "\"x\""), "filter.conditions[1].attribute");

    [Theory]
    [InlineData("name", "gt", "\"a\"")]
    [InlineData("deal_value", "contains", "\"1\"")]
    [InlineData("close_date", "starts_with", "\"2026\"")]
    [InlineData("is_hot", "gt", "true")]
    [InlineData("stage", "contains", "\"Won\"")]
    [InlineData("company", "contains", "\"acme\"")]
    [InlineData("owner", "lt", "\"x\"")]
    [InlineData("emails", "gte", "\"a\"")]
    public void An_operator_that_does_not_apply_to_the_type_is_rejected(string attribute, string op, string value)
    {
        var error = Fails(Second(attribute, op, value), "filter.conditions[1].operator");

        Assert.Contains($"operator \"{op}\" does not apply", error.Message);
        Assert.Contains("Valid operators: equals, not_equals", error.Message);
    }

    [Fact]
    public void An_unknown_operator_is_rejected() =>
        Assert.Contains("unknown operator \"like\"", Fails(Second("name", "like", "\"x\""), "filter.conditions[1].operator").Message);

    [Theory]
    [InlineData("name", "equals", "5", "a string")]
    [InlineData("name", "contains", "[\"a\"]", "a string")]
    [InlineData("deal_value", "gte", "\"10000\"", "a number")]
    [InlineData("score", "equals", "true", "a number")]
    [InlineData("is_hot", "equals", "\"true\"", "a boolean")]
    [InlineData("close_date", "gt", "20260101", "a date")]
    [InlineData("close_date", "gt", "\"31/01/2026\"", "not a date")]
    [InlineData("close_date", "gt", "\"2026-02-30\"", "not a date")]
    [InlineData("last_contacted", "lt", "\"yesterday\"", "not an ISO 8601 timestamp")]
    [InlineData("last_contacted", "lt", "\"01/31/2026 10:00\"", "not an ISO 8601 timestamp")]
    [InlineData("company", "equals", "\"acme\"", "not a record id")]
    [InlineData("company", "equals", "{\"target_record_id\": \"x\"}", "a record id")]
    [InlineData("owner", "equals", "\"me\"", "not an actor id")]
    [InlineData("stage", "equals", "3", "an option title or id")]
    public void A_value_of_the_wrong_type_is_rejected(string attribute, string op, string value, string problem) =>
        Assert.Contains(problem, Fails(Second(attribute, op, value), "filter.conditions[1].value").Message);

    [Theory]
    [InlineData("name", "equals")]
    [InlineData("deal_value", "gte")]
    [InlineData("stage", "not_equals")]
    public void A_missing_value_is_rejected(string attribute, string op)
    {
        Assert.Contains("needs a value", Fails(Second(attribute, op), "filter.conditions[1].value").Message);
        Fails(Second(attribute, op, "null"), "filter.conditions[1].value");
    }

    [Fact]
    public void An_unknown_option_is_rejected_naming_the_valid_options()
    {
        var error = Fails(Second("stage", "equals", "\"Closed\""), "filter.conditions[1].value");

        Assert.Contains("\"Closed\" is not an option of \"stage\"", error.Message);
        Assert.Contains("\"Lead\", \"Qualified\", \"Won\", \"Lost\"", error.Message);
        Fails(Second("labels", "equals", $"\"{Guid.NewGuid()}\""), "filter.conditions[1].value");
    }

    [Theory]
    [InlineData("company.nmae", "unknown attribute \"nmae\" on object \"companies\"")]
    [InlineData("company.name.first_name", "has no sub-fields")]
    [InlineData("company.", "not a valid attribute path")]
    [InlineData("owner.name", "unknown sub-field")]
    [InlineData("broken_ref.name", "references object \"no_such_object\", which does not exist")]
    [InlineData("company.parent.parent.parent.name", "at most 3 record references")]
    public void A_bad_reference_path_is_rejected(string path, string problem) =>
        Assert.Contains(problem, Fails(Second(path, "equals", "\"x\""), "filter.conditions[1].attribute").Message);

    [Fact]
    public void Three_hops_are_allowed() =>
        Assert.Equal(3, BindOne("company.parent.parent.name", "equals", "\"x\"").Field.Hops.Count);

    [Fact]
    public void Sort_keys_bind_and_reject_unknown_or_unsortable_paths()
    {
        var sorts = SortValidator.Validate(SortParser.Parse(Json("""[{"attribute": "deal_value", "direction": "desc"}, {"attribute": "contact.last_name"}, {"attribute": "updatedAt"}]""")), Deals, TestSchema);

        Assert.Equal(["deal_value", "contact.last_name", "updatedAt"], sorts.Select(s => s.Field.Path));
        Assert.Equal(SystemField.UpdatedAt, sorts[2].Field.System);

        var unknown = Assert.Throws<JuxaException>(() => SortValidator.Validate([new SortKey("name", SortDirection.Asc), new SortKey("nope", SortDirection.Asc)], Deals, TestSchema));
        Assert.Equal(["sorts[1].attribute"], unknown.Details!.Keys);
        var actor = Assert.Throws<JuxaException>(() => SortValidator.Validate([new SortKey("owner", SortDirection.Asc)], Deals, TestSchema));
        Assert.Equal(["sorts[0].attribute"], actor.Details!.Keys);
    }

    [Fact]
    public void Every_attribute_type_has_operators()
    {
        foreach (var type in Enum.GetValues<AttributeType>())
        {
            var (_, kind) = QueryFieldTypes.Resolve(type, null);
            Assert.Contains(FilterOperator.IsEmpty, QueryFieldTypes.Operators(kind));
            Assert.Contains(FilterOperator.Equals, QueryFieldTypes.Operators(kind));
        }
    }
}
