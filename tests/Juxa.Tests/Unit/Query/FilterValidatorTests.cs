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

    [Theory]
    [InlineData("deal_value", "\"10000\"", "10000")]
    [InlineData("deal_value", "{\"amount\": \"12.50\"}", "12.5")]
    [InlineData("probability", "\"12\"", "12")]
    [InlineData("probability", "{\"value\": 1e3}", "1000")]
    [InlineData("score", "\"4\"", "4")]
    [InlineData("score", "2.5", "2.5")]
    [InlineData("deal_value.amount", "\"7\"", "7")]
    public void Number_values_take_every_number_write_form(string attribute, string value, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), BindOne(attribute, "gte", value).Value);

    [Fact]
    public void Values_are_normalized_as_a_write_normalizes_them()
    {
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, 123, TimeSpan.Zero), BindOne("last_contacted", "equals", "\"2024-01-01T10:00:00.123456789Z\"").Value);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 10, 0, 0, TimeSpan.Zero), BindOne("last_contacted", "lt", "\"2026-01-31T10:00:00\"").Value);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), BindOne("created_at", "gt", "\"2024-01-01T10:00:00.123456789Z\"").Value);
        Assert.Equal(new DateOnly(2026, 2, 1), BindOne("close_date", "equals", "\"2026-01-31T23:30:00-02:00\"").Value);
        Assert.Equal(new DateOnly(2026, 1, 31), BindOne("close_date", "equals", "{\"value\": \"2026-01-31T10:00\"}").Value);
        Assert.Equal(true, BindOne("is_hot", "equals", "\"TRUE\"").Value);
        Assert.Equal("Acme", BindOne("name", "equals", "{\"value\": \"  Acme \"}").Value);
        Assert.Equal("jane@example.com", BindOne("emails", "equals", "[{\"email_address\": \"Jane@Example.com\"}]").Value);
        Assert.Equal("+15551234567", BindOne("phone", "equals", "{\"phone_number\": \"+1 (555) 123-4567\"}").Value);
        Assert.Equal("example.com", BindOne("website", "equals", "\"https://www.Example.com/x\"").Value);
        Assert.Equal("Mary Ann Smith", BindOne("contact", "equals", "{\"first_name\": \"Mary Ann\", \"last_name\": \"Smith\"}").Value);
        Assert.Equal("Mary Ann", BindOne("contact.first_name", "equals", "\"Mary Ann\"").Value);
        Assert.Equal(new CurrencyFilterValue(10000m, "EUR"), BindOne("deal_value", "lt", "{\"currency_value\": 10000, \"currency_code\": \"eur\"}").Value);
        Assert.Equal(StageWon.ToString("D"), BindOne("stage", "equals", "{\"option\": \"won\"}").Value);
        Assert.Equal(HealthAtRisk.ToString("D"), BindOne("health", "equals", $"{{\"id\": \"{HealthAtRisk}\", \"title\": \"renamed\"}}").Value);
        Assert.Equal(Id(7), BindOne("company", "equals", $"{{\"target_object\": \"companies\", \"target_record_id\": \"{Id(7)}\"}}").Value);
        Assert.Equal(Id(8), BindOne("owner", "equals", $"{{\"actor_type\": \"api_key\", \"actor_id\": \"{Id(8)}\"}}").Value);
        var location = Assert.IsType<LocationFilterValue>(BindOne("address", "equals", "{\"city\": \"Berlin\", \"country_code\": \"de\"}").Value);
        Assert.Equal("DE", location.Fields["country_code"]);
        Assert.Null(location.Fields["line_1"]);
        Assert.Equal("Berlin", BindOne("address", "equals", "\" Berlin \"").Value);
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
    [InlineData("name", "equals", "5", "a JSON string")]
    [InlineData("name", "contains", "[\"a\"]", "a string")]
    [InlineData("name", "equals", "[\"a\", \"b\"]", "one value")]
    [InlineData("name", "equals", "\" \"", "use is_empty")]
    [InlineData("deal_value", "gte", "\"ten\"", "an amount like 10000")]
    [InlineData("deal_value", "gte", "{\"amount\": 1, \"currency\": \"EURO\"}", "currency code")]
    [InlineData("probability", "lt", "1e400", "out of range")]
    [InlineData("score", "equals", "true", "a number")]
    [InlineData("is_hot", "equals", "\"yes\"", "true or false")]
    [InlineData("close_date", "gt", "20260101", "a date")]
    [InlineData("close_date", "gt", "\"31/01/2026\"", "a date")]
    [InlineData("close_date", "gt", "\"2026-02-30\"", "a date")]
    [InlineData("last_contacted", "lt", "\"yesterday\"", "a timestamp")]
    [InlineData("last_contacted", "lt", "\"01/31/2026 10:00\"", "a timestamp")]
    [InlineData("created_at", "lt", "\"yesterday\"", "not an ISO 8601 timestamp")]
    [InlineData("company", "equals", "\"acme\"", "a record id")]
    [InlineData("company", "equals", "{\"target_record_id\": \"x\"}", "a record id")]
    [InlineData("company", "equals", "{\"target_object\": \"people\", \"target_record_id\": \"00000000-0000-0000-0000-000000000001\"}", "references companies records")]
    [InlineData("company.target_record_id", "equals", "\"acme\"", "not a record id")]
    [InlineData("owner", "equals", "\"me\"", "a member id")]
    [InlineData("stage", "equals", "3", "an option title or id")]
    [InlineData("contact", "equals", "{\"frist_name\": \"Jane\"}", "unexpected key")]
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
