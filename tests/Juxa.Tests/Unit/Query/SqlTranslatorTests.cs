using System.Text.RegularExpressions;
using Juxa.Records.Query;
using static Juxa.Tests.Unit.Query.QueryTestSchema;

namespace Juxa.Tests.Unit.Query;

public sealed partial class SqlTranslatorTests
{
    private const string DropTable = "'; DROP TABLE records; --";
    private const string OrTrue = "x') OR 1=1 --";

    private static CompiledQuery Compile(string? filter, string? sorts = null, int first = 3) =>
        RecordQueryCompiler.Compile(Deals, TestSchema, filter is null ? null : Json(filter), sorts is null ? null : Json(sorts), first);

    private static CompiledQuery Condition(string attribute, string op, string? valueJson = null) =>
        Compile(valueJson is null
            ? $$"""{"attribute": "{{attribute}}", "operator": "{{op}}"}"""
            : $$"""{"attribute": "{{attribute}}", "operator": "{{op}}", "value": {{valueJson}}}""");

    /// <summary>Every placeholder in the SQL (filter, order, the cursor's sort keys) has a parameter and every parameter is used.</summary>
    private static void AssertPlaceholdersMatch(CompiledQuery query, int first = 3)
    {
        var used = Placeholder().Matches(string.Join(" ", [query.Where, query.OrderBy, .. query.SortKeys])).Select(m => int.Parse(m.Groups[1].Value)).Distinct().Order().ToList();
        var own = used.Where(n => n >= first).ToList();
        Assert.Equal(Enumerable.Range(first, query.Parameters.Count), own);
        Assert.All(used.Except(own), n => Assert.Equal(1, n));
    }

    [Fact]
    public void No_filter_is_true_and_no_sort_is_newest_first()
    {
        var query = Compile(null);

        Assert.Equal("TRUE", query.Where);
        Assert.Equal("r.created_at DESC, r.id DESC", query.OrderBy);
        Assert.Empty(query.Parameters);
        Assert.Equal("TRUE", RecordQueryCompiler.Compile(Deals, TestSchema, Json("null"), Json("[]"), 3).Where);
        Assert.Equal("TRUE", Compile("""{"operator": "and", "conditions": []}""").Where);
    }

    [Fact]
    public void The_quick_start_query_is_a_numeric_compare_on_the_amount_sorted_desc()
    {
        var query = Compile(
            """{"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "gte", "value": 10000}]}""",
            """[{"attribute": "deal_value", "direction": "desc"}]""");

        Assert.Equal("(((r.values -> $3::text) ->> $4::text)::numeric >= $5::numeric)", query.Where);
        Assert.Equal("((r.values -> $3::text) ->> $4::text)::numeric DESC NULLS LAST, r.id ASC", query.OrderBy);
        Assert.Equal(["deal_value", "amount", 10000m], query.Parameters);
    }

    [Fact]
    public void Parameters_start_at_the_given_index()
    {
        var query = Compile("""{"attribute": "name", "operator": "equals", "value": "Acme"}""", first: 7);

        Assert.Equal("(lower(((r.values -> $7::text) #>> '{}')) = lower($8::text) AND r.values_ci @> jsonb_build_object($7::text, lower($8::text)))", query.Where);
        Assert.Equal(["name", "Acme"], query.Parameters);
        Assert.Throws<ArgumentOutOfRangeException>(() => Compile(null, first: 2));
    }

    [Fact]
    public void Text_operators_are_case_insensitive_and_like_patterns_are_escaped()
    {
        // The prefilter's pattern is the contains pattern itself: one parameter serves both.
        Assert.Equal(["name", "%acme%"], Condition("name", "contains", "\"acme\"").Parameters);
        Assert.Equal(["name", "acme%", "%acme%"], Condition("name", "starts_with", "\"acme\"").Parameters);
        Assert.Equal(["name", "%acme", "%acme%"], Condition("name", "ends_with", "\"acme\"").Parameters);

        var query = Condition("name", "contains", """ "50%_off\\now" """);
        Assert.Equal(["name", @"%50\%\_off\\now%"], query.Parameters);
        Assert.Equal(@"(lower(((r.values -> $3::text) #>> '{}')) LIKE lower($4::text) ESCAPE '\' AND r.search_text LIKE $4::text ESCAPE '\')", query.Where);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", @"100\%")]
    [InlineData("a_b", @"a\_b")]
    [InlineData(@"c:\dir", @"c:\\dir")]
    [InlineData(@"%_\", @"\%\_\\")]
    public void Like_escaping(string text, string escaped) => Assert.Equal(escaped, SqlTranslator.EscapeLike(text));

    [Fact]
    public void Negative_operators_negate_the_positive_one_and_match_missing_values()
    {
        var query = Condition("name", "not_equals", "\"Acme\"");

        Assert.Equal("(NOT COALESCE(lower(((r.values -> $3::text) #>> '{}')) = lower($4::text), FALSE))", query.Where);
        Assert.Equal("(NOT (COALESCE(((r.values -> $3::text) #>> '{}'), '') <> ''))", Condition("name", "is_empty").Where);
    }

    [Fact]
    public void A_multiselect_matches_any_element_and_its_negation_no_element()
    {
        var any = Condition("emails", "starts_with", "\"grace\"");
        Assert.Equal(
            "(EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof((r.values -> $3::text)) = 'array' THEN (r.values -> $3::text) END) e1(v) WHERE lower(e1.v) LIKE lower($4::text) ESCAPE '\\') AND r.search_text LIKE $5::text ESCAPE '\\')",
            any.Where);

        var none = Condition("emails", "not_equals", "\"alice@acme.com\"");
        Assert.StartsWith("(NOT (EXISTS (SELECT 1 FROM jsonb_array_elements_text(", none.Where);

        // Elements that are objects keep jsonb_array_elements and read their key.
        Assert.Contains("FROM jsonb_array_elements(", Condition("partners", "equals", "\"00000000-0000-0000-0000-000000000c01\"").Where);
    }

    [Fact]
    public void Contains_on_a_multiselect_of_emails_domains_or_phones_is_one_like_on_the_array_text()
    {
        var any = Condition("emails", "contains", "\"acme\"");
        var none = Condition("emails", "not_contains", "\"acme\"");

        Assert.Equal(
            "(((CASE WHEN jsonb_typeof((r.values -> $3::text)) = 'array' THEN (r.values -> $3::text) END)::text LIKE lower($4::text) ESCAPE '\\' OR lower((CASE WHEN jsonb_typeof((r.values -> $3::text)) = 'array' THEN (r.values -> $3::text) END)::text) LIKE lower($4::text) ESCAPE '\\') AND r.search_text LIKE $4::text ESCAPE '\\')",
            any.Where);
        Assert.Equal(["emails", "%acme%"], any.Parameters);
        // A missing value is NULL there, so the negation must count it as not containing.
        Assert.StartsWith("(NOT COALESCE(((CASE WHEN jsonb_typeof(", none.Where);
        Assert.StartsWith("(((CASE WHEN jsonb_typeof(", RecordQueryCompiler.Compile(Companies, TestSchema,
            Json("""{"attribute": "domains", "operator": "contains", "value": "acme"}"""), null, 3).Where);
    }

    [Theory]
    [InlineData("\"a\\\"b\"")]
    [InlineData("\"a\\\\b\"")]
    [InlineData("\"a\\nb\"")]
    [InlineData("\",\"")]
    [InlineData("\", \"")]
    [InlineData("\"[\"")]
    public void Contains_keeps_the_element_wise_exists_for_values_that_could_match_the_array_s_own_json(string value) =>
        Assert.StartsWith("(EXISTS (SELECT 1 FROM jsonb_array_elements_text(", Condition("emails", "contains", value).Where);

    [Theory]
    [InlineData("name", "contains", "\"Acme Corp\"", "%acme corp%")]
    [InlineData("emails", "contains", "\"@ACME\"", "%@acme%")]
    [InlineData("website", "ends_with", "\"acme.com\"", "%acme.com%")]
    [InlineData("contact.last_name", "starts_with", "\"Hop\"", "%hop%")]
    public void Text_filters_on_searchable_types_add_the_search_text_trigram_prefilter(string attribute, string op, string value, string pattern)
    {
        var query = Condition(attribute, op, value);

        Assert.EndsWith($" AND r.search_text LIKE ${query.Parameters.Count + 2}::text ESCAPE '\\')", query.Where);
        Assert.Equal(pattern, query.Parameters[^1]);
    }

    [Theory]
    [InlineData("name", "\"Acme\"", "jsonb_build_object($3::text, lower($4::text))")]
    [InlineData("contact.full_name", "\"Grace Hopper\"", "jsonb_build_object($3::text, jsonb_build_object($4::text, lower($5::text)))")]
    [InlineData("emails", "\"a@acme.com\"", "jsonb_build_object($3::text, jsonb_build_array(lower($4::text)))")]
    public void Equals_on_text_adds_the_lower_cased_values_containment_prefilter(string attribute, string value, string contained) =>
        Assert.EndsWith($" AND r.values_ci @> {contained})", Condition(attribute, "equals", value).Where);

    [Fact]
    public void Equals_on_an_indexed_attribute_s_own_expression_gets_no_prefilter_for_the_planner_to_prefer()
    {
        var deals = Deals with { Attributes = Deals.Attributes.Select(a => a.Slug is "name" or "contact" ? a with { IsIndexed = true } : a).ToArray() };
        var schema = new Juxa.Schema.WorkspaceSchema(WorkspaceId, 2, [deals, Companies]);
        string Where(string filter) => RecordQueryCompiler.Compile(deals, schema, Json(filter), null, 3).Where;

        Assert.Equal("(lower(((r.values -> $3::text) #>> '{}')) = lower($4::text))", Where("""{"attribute": "name", "operator": "equals", "value": "Acme deal"}"""));
        Assert.Equal("(lower(((r.values -> $3::text) ->> $4::text)) = lower($5::text))", Where("""{"attribute": "contact", "operator": "equals", "value": "Grace Hopper"}"""));
        // Not what the index is on: a sub-field, or a pattern the B-tree cannot answer.
        Assert.Contains("r.values_ci @>", Where("""{"attribute": "contact.last_name", "operator": "equals", "value": "Hopper"}"""));
        Assert.Contains("r.search_text LIKE", Where("""{"attribute": "name", "operator": "contains", "value": "acme"}"""));
    }

    [Theory]
    [InlineData("contains", "\"Istanbul\"", "%_stanbul%")]
    [InlineData("starts_with", "\"Engineering_Lead\"", @"%eng_neer_ng\_lead%")]
    public void Each_i_of_the_search_text_prefilter_is_a_wildcard_that_also_matches_the_capital_dotted_I(string op, string value, string pattern)
    {
        // .NET keeps İ in the search text, which PostgreSQL's lower() makes an i for the filter itself.
        var query = Condition("name", op, value);

        Assert.EndsWith($" AND r.search_text LIKE ${query.Parameters.Count + 2}::text ESCAPE '\\')", query.Where);
        Assert.Equal(pattern, query.Parameters[^1]);
    }

    [Theory]
    [InlineData("phone", "contains", "\"5550100\"")] // a phone's search term drops the '+'
    [InlineData("name", "contains", "\"ac\"")] // shorter than a trigram
    [InlineData("name", "contains", "\"ilk\"")] // no trigram once its i is a wildcard
    [InlineData("name", "equals", "\"Ácme\"")] // non-ASCII: .NET and PostgreSQL may lower-case it differently
    [InlineData("name", "not_contains", "\"acme\"")] // a negation cannot use it
    [InlineData("company.name", "contains", "\"acme\"")] // the search text is the other record's
    [InlineData("address", "contains", "\"berlin\"")] // locations have no search terms
    public void Other_filters_get_no_search_text_prefilter(string attribute, string op, string value) =>
        Assert.DoesNotContain("search_text", Condition(attribute, op, value).Where, StringComparison.Ordinal);

    [Fact]
    public void A_path_across_a_reference_is_an_exists_in_the_same_workspace()
    {
        var query = Condition("company.name", "contains", "\"acme\"");

        Assert.Equal(
            "(EXISTS (SELECT 1 FROM records t1 WHERE t1.workspace_id = $1 AND t1.object_id = $3::uuid AND t1.id = ((r.values -> $4::text) ->> $5::text)::uuid AND lower(((t1.values -> $6::text) #>> '{}')) LIKE lower($7::text) ESCAPE '\\'))",
            query.Where);
        Assert.Equal([CompaniesId, "company", "target_record_id", "name", "%acme%"], query.Parameters);
    }

    [Fact]
    public void Select_values_are_option_ids_and_select_sorts_follow_option_positions()
    {
        var query = Compile("""{"attribute": "stage", "operator": "equals", "value": "won"}""", """[{"attribute": "stage"}]""");

        Assert.Equal("(((r.values -> $3::text) #>> '{}') = $4::text AND r.values_ci @> jsonb_build_object($3::text, lower($4::text)))", query.Where);
        Assert.Equal("array_position($5::text[], ((r.values -> $3::text) #>> '{}')) ASC NULLS LAST, r.id ASC", query.OrderBy);
        Assert.Equal(StageWon.ToString("D"), query.Parameters[1]);
        Assert.Equal(new[] { StageLead, StageQualified, StageWon, StageLost }.Select(g => g.ToString("D")), (string[])query.Parameters[2]!);
    }

    [Fact]
    public void Typed_compares_cast_the_stored_json_and_the_parameter()
    {
        Assert.Equal("(((r.values -> $3::text) #>> '{}')::date >= $4::date)", Condition("close_date", "gte", "\"2026-01-01\"").Where);
        Assert.Equal("(((r.values -> $3::text) #>> '{}')::timestamptz < $4::timestamptz)", Condition("last_contacted", "lt", "\"2026-01-01T00:00:00Z\"").Where);
        Assert.Equal("(((r.values -> $3::text) #>> '{}')::boolean = $4::boolean)", Condition("is_hot", "equals", "true").Where);
        Assert.Equal("(((r.values -> $3::text) ->> $4::text)::uuid = $5::uuid)", Condition("company", "equals", $"\"{Id(1)}\"").Where);
        Assert.Equal("(((r.values -> $3::text) ->> $4::text)::uuid = $5::uuid)", Condition("owner", "equals", $"\"{Id(1)}\"").Where);
        Assert.Equal(["owner", "actor_id", Id(1)], Condition("owner", "equals", $"\"{Id(1)}\"").Parameters);
        Assert.Equal("(r.created_at > $3::timestamptz)", Condition("created_at", "gt", "\"2026-01-01\"").Where);
    }

    [Fact]
    public void Groups_combine_with_and_and_or()
    {
        var query = Compile("""
            {"operator": "or", "conditions": [
              {"operator": "and", "conditions": [
                {"attribute": "is_hot", "operator": "equals", "value": true},
                {"attribute": "deal_value", "operator": "gt", "value": 100000}
              ]},
              {"attribute": "stage", "operator": "equals", "value": "Lead"}
            ]}
            """);

        Assert.Equal(
            "(((((r.values -> $3::text) #>> '{}')::boolean = $4::boolean) AND (((r.values -> $5::text) ->> $6::text)::numeric > $7::numeric)) OR (((r.values -> $8::text) #>> '{}') = $9::text AND r.values_ci @> jsonb_build_object($8::text, lower($9::text))))",
            query.Where);
        AssertPlaceholdersMatch(query);
    }

    [Theory]
    [InlineData(DropTable)]
    [InlineData(OrTrue)]
    public void Hostile_values_only_ever_reach_the_parameters(string hostile)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(hostile);
        foreach (var (attribute, op) in new[]
                 {
                     ("name", "equals"), ("name", "contains"), ("name", "not_contains"), ("name", "starts_with"), ("name", "ends_with"),
                     ("emails", "equals"), ("contact.last_name", "equals"), ("address", "contains"), ("company.name", "not_equals"),
                     ("deal_value.currency", "equals"), ("partners.domains", "ends_with"), ("owner.actor_type", "equals"),
                 })
        {
            var query = Condition(attribute, op, json);

            Assert.DoesNotContain(hostile, query.Where);
            Assert.DoesNotContain(hostile, query.OrderBy);
            Assert.DoesNotContain("DROP", query.Where);
            Assert.DoesNotContain("1=1", query.Where);
            Assert.Contains(query.Parameters, p => p is string s && s.Contains(hostile, StringComparison.Ordinal));
            AssertPlaceholdersMatch(query);
        }
    }

    [Theory]
    [InlineData(DropTable)]
    [InlineData(OrTrue)]
    public void Hostile_fields_of_a_location_value_only_ever_reach_the_parameters(string hostile)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { city = hostile, line_1 = hostile });
        foreach (var op in new[] { "equals", "not_equals" })
        {
            var query = Condition("address", op, json);

            Assert.DoesNotContain(hostile, query.Where);
            Assert.DoesNotContain("DROP", query.Where);
            Assert.Contains(query.Parameters, p => p is string s && s.Contains(hostile, StringComparison.Ordinal));
            AssertPlaceholdersMatch(query);
        }
    }

    [Fact]
    public void A_currency_written_with_its_code_compares_the_amount_and_the_code()
    {
        var query = Condition("deal_value", "gte", """{"amount": "100", "currency": "eur"}""");

        Assert.Equal(
            "((((r.values -> $3::text) ->> $4::text)::numeric >= $5::numeric AND ((r.values -> $3::text) ->> $6::text) = $7::text))",
            query.Where);
        Assert.Equal(100m, query.Parameters[2]);
        Assert.Equal("EUR", query.Parameters[4]);
    }

    [Fact]
    public void Hostile_attribute_paths_and_sorts_never_reach_the_sql()
    {
        Assert.Throws<Juxa.Errors.JuxaException>(() => Condition("name') OR 1=1 --", "equals", "\"x\""));
        Assert.Throws<Juxa.Errors.JuxaException>(() => Condition("contact.x' OR '1'='1", "equals", "\"x\""));
        Assert.Throws<Juxa.Errors.JuxaException>(() => Compile(null, """[{"attribute": "name; DROP TABLE records"}]"""));
    }

    [Fact]
    public void Slugs_and_sub_field_keys_are_parameters_not_sql()
    {
        var query = Compile(
            """
            {"operator": "and", "conditions": [
              {"attribute": "contact.last_name", "operator": "equals", "value": "Doe"},
              {"attribute": "company.parent.domains", "operator": "contains", "value": "acme"},
              {"attribute": "address", "operator": "is_not_empty"},
              {"attribute": "labels", "operator": "not_equals", "value": "Hot"}
            ]}
            """,
            """[{"attribute": "address"}, {"attribute": "company.name", "direction": "desc"}, {"attribute": "labels"}, {"attribute": "company"}]""");
        var sql = query.Where + " ORDER BY " + query.OrderBy + ", " + string.Join(", ", query.SortKeys);

        foreach (var word in new[] { "contact", "last_name", "company", "parent", "domains", "address", "labels", "name", "target_record_id", "city", "country_code", "amount" })
        {
            Assert.DoesNotMatch($@"\b{word}\b", sql.Replace("records t", "", StringComparison.Ordinal));
        }

        Assert.Matches(SafeSql(), sql);
        AssertPlaceholdersMatch(query);
    }

    [Fact]
    public void Sorts_are_type_aware_nulls_last_and_end_with_the_id()
    {
        var query = Compile(null, """[{"attribute": "name"}, {"attribute": "contact.last_name", "direction": "desc"}, {"attribute": "labels"}, {"attribute": "created_at", "direction": "desc"}]""");

        Assert.Equal(
            "lower(((r.values -> $3::text) #>> '{}')) ASC NULLS LAST, "
            + "lower(((r.values -> $4::text) ->> $5::text)) DESC NULLS LAST, "
            + "array_position($7::text[], (((r.values -> $6::text) -> 0) #>> '{}')) ASC NULLS LAST, "
            + "r.created_at DESC, r.id ASC",
            query.OrderBy);
    }

    [Fact]
    public void A_reference_sorts_by_the_referenced_title_and_a_path_through_it_by_a_subquery()
    {
        var query = Compile(null, """[{"attribute": "company"}, {"attribute": "company.employees", "direction": "desc"}]""");

        Assert.Equal(
            "(SELECT lower(t1.title) FROM records t1 WHERE t1.workspace_id = $1 AND t1.id = ((r.values -> $3::text) ->> $4::text)::uuid LIMIT 1) ASC NULLS LAST, "
            + "(SELECT ((t2.values -> $6::text) #>> '{}')::numeric FROM records t2 WHERE t2.workspace_id = $1 AND t2.object_id = $5::uuid AND t2.id = ((r.values -> $3::text) ->> $4::text)::uuid LIMIT 1) DESC NULLS LAST, "
            + "r.id ASC",
            query.OrderBy);
    }

    [Fact]
    public void Sql_parameters_number_from_the_first_index_and_reuse_equal_values()
    {
        var parameters = new SqlParameters(3);

        Assert.Equal("$3", parameters.Add("name"));
        Assert.Equal("$4", parameters.Add(5m));
        Assert.Equal("$3", parameters.Add("name"));
        Assert.Equal("$5", parameters.Add("NAME"));
        Assert.Equal("$6", parameters.Add(new[] { "a", "b" }));
        Assert.Equal("$6", parameters.Add(new[] { "a", "b" }));
        Assert.Equal("$7", parameters.Add(new[] { "b", "a" }));
        Assert.Equal(5, parameters.Values.Count);
        Assert.Equal(8, parameters.NextIndex);
    }

    [Theory]
    [InlineData("name", "lower(((records.values -> 'name'::text) #>> '{}'))")]
    [InlineData("contact", "lower(((records.values -> 'contact'::text) ->> 'full_name'::text))")]
    [InlineData("deal_value", "((records.values -> 'deal_value'::text) ->> 'amount'::text)::numeric")]
    [InlineData("score", "((records.values -> 'score'::text) #>> '{}')::numeric")]
    public void An_index_expression_is_the_sort_expression_with_its_parameters_written_in(string slug, string expected)
    {
        var attribute = Deals.Attribute(slug)!;
        var sort = Compile(null, $$"""[{"attribute": "{{slug}}"}]""");
        var inlined = Placeholder().Replace(sort.OrderBy, m => $"'{sort.Parameters[int.Parse(m.Groups[1].Value) - 3]}'").Replace("r.values", "records.values");

        Assert.Equal(expected, SqlTranslator.IndexExpression(attribute));
        Assert.StartsWith(expected + " ASC NULLS LAST", inlined);
    }

    [Fact]
    public void An_index_expression_quotes_its_slug_as_a_literal()
    {
        var odd = Deals.Attribute("name")! with { Slug = "o'brien" };

        Assert.Equal("lower(((records.values -> 'o''brien'::text) #>> '{}'))", SqlTranslator.IndexExpression(odd));
    }

    [Theory]
    [InlineData("name", true)]
    [InlineData("contact", true)]
    [InlineData("deal_value", true)]
    [InlineData("probability", true)]
    [InlineData("score", true)]
    [InlineData("phone", true)]
    [InlineData("website", true)]
    [InlineData("emails", false)]
    [InlineData("close_date", false)]
    [InlineData("last_contacted", false)]
    [InlineData("stage", false)]
    [InlineData("health", false)]
    [InlineData("is_hot", false)]
    [InlineData("address", false)]
    [InlineData("company", false)]
    [InlineData("owner", false)]
    public void Only_single_values_with_an_immutable_expression_can_be_indexed(string slug, bool supported) =>
        Assert.Equal(supported, AttributeIndexes.Supports(Deals.Attribute(slug)!));

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex Placeholder();

    /// <summary>
    /// Only our own vocabulary: keywords, functions, casts, operators (`||` included), aliases, placeholders, the fixed literals '{}',
    /// 'array', 'object', '', '\', ' ', '0' and '1', and the collation "C". Each token is atomic, so text outside the
    /// vocabulary fails at once instead of backtracking through every way of splitting the identifiers around it.
    /// </summary>
    [GeneratedRegex(@"^(?:(?>[A-Za-z_][A-Za-z0-9_]*|\$\d+|'\{\}'|'array'|'object'|''|'\\'|' '|'0'|'1'|""C""|::|\|\||->>|->|#>>|@>|<>|>=|<=|[=<>(),.\[\]]|\s+|\d+))+$")]
    private static partial Regex SafeSql();
}
