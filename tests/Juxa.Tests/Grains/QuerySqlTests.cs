using System.Text.Json;
using Juxa.Database;
using Juxa.Records;
using Juxa.Records.Query;
using Juxa.Tests.Infrastructure;
using Npgsql;
using static Juxa.Tests.Unit.Query.QueryTestSchema;

namespace Juxa.Tests.Grains;

/// <summary>
/// A test database with a <c>records</c> table exactly as docs/records-storage.md describes it, holding
/// hand-written rows in the stored forms for <see cref="Juxa.Tests.Unit.Query.QueryTestSchema"/>.
/// </summary>
public sealed class QuerySqlFixture : IAsyncLifetime
{
    public static readonly Guid OtherWorkspace = Id(0x999);

    // Companies (workspace W) and one company of another workspace.
    public static readonly Guid Acme = Id(0xC01);
    public static readonly Guid Globex = Id(0xC02);
    public static readonly Guid Initech = Id(0xC03);
    public static readonly Guid ForeignAcme = Id(0xC09);

    // Deals, created in this order (ids ascending too).
    public static readonly Guid D1 = Id(0xD01);
    public static readonly Guid D2 = Id(0xD02);
    public static readonly Guid D3 = Id(0xD03);
    public static readonly Guid D4 = Id(0xD04);
    public static readonly Guid D5 = Id(0xD05);
    public static readonly Guid D6 = Id(0xD06);
    public static readonly Guid ForeignDeal = Id(0xD09);

    public static readonly Guid Member1 = Id(0xA01);
    public static readonly Guid Member2 = Id(0xA02);

    private const string CreateTable = """
        CREATE TABLE records (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL,
            object_id uuid NOT NULL,
            values jsonb NOT NULL DEFAULT '{}',
            values_ci jsonb GENERATED ALWAYS AS (lower(values::text)::jsonb) STORED,
            title text,
            search_text text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            created_by_type text,
            created_by_id uuid
        );
        CREATE INDEX records_workspace_object ON records (workspace_id, object_id, created_at DESC);
        """;

    private TestDatabase _database = null!;

    public NpgsqlDataSource Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Db = _database.CreateDataSource();
        await Db.ExecuteAsync(CreateTable, CancellationToken.None);

        var minute = 0;
        async Task Insert(Guid id, Guid workspace, Guid obj, string? title, object values)
        {
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute++);
            var json = JsonSerializer.Serialize(values);
            // The search text the writer stores: the translator's trigram prefilter relies on it.
            var searchText = RecordFormatter.SearchText(TestSchema.Object(obj)!, System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject());
            await Db.ExecuteAsync(
                "INSERT INTO records (id, workspace_id, object_id, values, title, search_text, created_at, updated_at, created_by_type, created_by_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $7, 'member', $8)",
                CancellationToken.None, id, workspace, obj, json, title, searchText, at, Member1);
        }

        static object Ref(Guid id) => new Dictionary<string, object> { ["target_object"] = "companies", ["target_record_id"] = id };

        await Insert(Acme, WorkspaceId, CompaniesId, "Acme Corp", new Dictionary<string, object>
        {
            ["name"] = "Acme Corp", ["domains"] = new[] { "acme.com", "acme.io" }, ["employees"] = 500,
        });
        await Insert(Globex, WorkspaceId, CompaniesId, "Globex", new Dictionary<string, object>
        {
            ["name"] = "Globex", ["domains"] = new[] { "globex.com" }, ["parent"] = Ref(Acme), ["employees"] = 50,
        });
        await Insert(Initech, WorkspaceId, CompaniesId, "Initech", new Dictionary<string, object> { ["name"] = "Initech" });
        await Insert(ForeignAcme, OtherWorkspace, CompaniesId, "Acme Shadow", new Dictionary<string, object> { ["name"] = "Acme Shadow" });

        await Insert(D1, WorkspaceId, DealsId, "Big Acme deal", new Dictionary<string, object>
        {
            ["name"] = "Big Acme deal",
            ["deal_value"] = new { amount = 50000, currency = "USD" },
            ["probability"] = 0.8,
            ["score"] = 5,
            ["is_hot"] = true,
            ["close_date"] = "2026-01-15",
            ["last_contacted"] = "2026-01-10T09:00:00.000Z",
            ["stage"] = StageWon,
            ["health"] = HealthOnTrack,
            ["emails"] = new[] { "alice@acme.com", "bob@acme.com" },
            ["phone"] = "+15551234567",
            ["website"] = "acme.com",
            ["contact"] = new { first_name = "Alice", last_name = "Smith", full_name = "Alice Smith" },
            ["address"] = new { line_1 = "1 Main St", city = "Springfield", country_code = "US" },
            ["company"] = Ref(Acme),
            ["partners"] = new[] { Ref(Globex) },
            ["owner"] = new { actor_type = "member", actor_id = Member1 },
            ["labels"] = new[] { LabelHot, LabelEnterprise },
        });
        await Insert(D2, WorkspaceId, DealsId, "Globex renewal", new Dictionary<string, object>
        {
            ["name"] = "Globex renewal",
            ["deal_value"] = new { amount = 10000, currency = "EUR" },
            ["probability"] = 0.5,
            ["score"] = 3,
            ["is_hot"] = false,
            ["close_date"] = "2026-02-28",
            ["last_contacted"] = "2026-02-01T12:30:00.000Z",
            ["stage"] = StageQualified,
            ["health"] = HealthAtRisk,
            ["emails"] = new[] { "carol@globex.com" },
            ["website"] = "globex.de",
            ["contact"] = new { first_name = "Carol", last_name = "Jones", full_name = "Carol Jones" },
            ["address"] = new { city = "Berlin", country_code = "DE" },
            ["company"] = Ref(Globex),
            ["owner"] = new { actor_type = "api_key", actor_id = Member2 },
            ["labels"] = new[] { LabelCold },
        });
        await Insert(D3, WorkspaceId, DealsId, "Initech 100%_off", new Dictionary<string, object>
        {
            ["name"] = "Initech 100%_off",
            ["deal_value"] = new { amount = 9999.99m, currency = "USD" },
            ["score"] = 1,
            ["close_date"] = "2026-03-31",
            ["stage"] = StageLead,
            ["emails"] = new[] { "Dave@Initech.com" }, // never written by the codecs (they lower-case), but contains must cope
            ["contact"] = new { first_name = "Dave", last_name = "O'Brien", full_name = "Dave O'Brien" },
            ["address"] = new { city = "Aachen" }, // no country: sorts after every location that has one
            ["company"] = Ref(Initech),
            ["labels"] = new[] { LabelEnterprise },
        });
        await Insert(D4, WorkspaceId, DealsId, "acme small", new Dictionary<string, object>
        {
            ["name"] = "acme small",
            ["deal_value"] = new { amount = 10000, currency = "USD" },
            ["is_hot"] = false,
            ["stage"] = StageLost,
            ["company"] = Ref(ForeignAcme), // a company of another workspace: never joined
        });
        await Insert(D5, WorkspaceId, DealsId, null, new Dictionary<string, object>());
        await Insert(D6, WorkspaceId, DealsId, "Zeta", new Dictionary<string, object>
        {
            ["name"] = "Zeta",
            ["deal_value"] = new { amount = 200000, currency = "USD" },
            ["is_hot"] = true,
            ["close_date"] = "2026-04-01",
            ["last_contacted"] = "2026-03-01T00:00:00.000Z",
            ["stage"] = StageWon,
            ["emails"] = Array.Empty<string>(), // never written by the codecs, but is_empty must cope
            ["partners"] = new[] { Ref(Acme), Ref(Initech) },
        });
        await Insert(ForeignDeal, OtherWorkspace, DealsId, "Acme elsewhere", new Dictionary<string, object>
        {
            ["name"] = "Acme elsewhere",
            ["deal_value"] = new { amount = 999999, currency = "USD" },
        });
    }

    public async Task DisposeAsync()
    {
        if (Db is not null)
        {
            await Db.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The compiled WHERE / ORDER BY run on real PostgreSQL: exact ids, in order.</summary>
public sealed class QuerySqlTests(QuerySqlFixture fixture) : IClassFixture<QuerySqlFixture>
{
    private static readonly Guid D1 = QuerySqlFixture.D1, D2 = QuerySqlFixture.D2, D3 = QuerySqlFixture.D3;
    private static readonly Guid D4 = QuerySqlFixture.D4, D5 = QuerySqlFixture.D5, D6 = QuerySqlFixture.D6;

    private async Task<List<Guid>> Query(string? filter, string? sorts = null)
    {
        var compiled = RecordQueryCompiler.Compile(Deals, TestSchema, filter is null ? null : Json(filter), sorts is null ? null : Json(sorts), 3);
        var sql = $"SELECT r.id FROM records r WHERE r.workspace_id = $1 AND r.object_id = $2 AND ({compiled.Where}) ORDER BY {compiled.OrderBy}";
        object?[] parameters = [WorkspaceId, DealsId, .. compiled.Parameters];
        return await fixture.Db.Command(sql, parameters).ListAsync(r => r.GetGuid(0), CancellationToken.None);
    }

    private Task<List<Guid>> Where(string attribute, string op, string? valueJson = null, string? sorts = null) =>
        Query(valueJson is null
            ? $$"""{"attribute": "{{attribute}}", "operator": "{{op}}"}"""
            : $$"""{"attribute": "{{attribute}}", "operator": "{{op}}", "value": {{valueJson}}}""", sorts);

    [Fact]
    public async Task No_filter_returns_the_workspace_s_deals_newest_first() =>
        Assert.Equal([D6, D5, D4, D3, D2, D1], await Query(null));

    [Fact]
    public async Task The_quick_start_query_gte_on_a_currency_amount_sorted_desc()
    {
        var ids = await Query(
            """{"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "gte", "value": 10000}]}""",
            """[{"attribute": "deal_value", "direction": "desc"}]""");

        // d2 and d4 tie at 10000: r.id ASC breaks the tie. d3 (9999.99) and d5 (no value) do not match.
        Assert.Equal([D6, D1, D2, D4], ids);
    }

    [Fact]
    public async Task Numeric_compares()
    {
        Assert.Equal([D4, D2], await Where("deal_value", "equals", "10000"));
        Assert.Equal([D3], await Where("deal_value", "lt", "10000"));
        Assert.Equal([D2, D1], await Where("score", "gte", "3"));
        Assert.Equal([D2], await Where("probability", "lte", "0.5"));
        Assert.Equal([D6, D5, D3, D1], await Where("deal_value", "not_equals", "10000.00"));
        Assert.Equal([D2], await Where("deal_value.currency", "equals", "\"eur\""));
    }

    [Fact]
    public async Task Text_contains_is_case_insensitive()
    {
        Assert.Equal([D4, D1], await Where("name", "contains", "\"ACME\""));
        Assert.Equal([D4], await Where("name", "starts_with", "\"Acme\""));
        Assert.Equal([D4, D2, D1], await Where("name", "ends_with", "\"L\""));
        Assert.Equal([D2], await Where("name", "equals", "\"globex RENEWAL\""));
        Assert.Equal([D1], await Where("website", "ends_with", "\".COM\""));
        Assert.Equal([D1], await Where("phone", "starts_with", "\"+1555\""));
    }

    [Fact]
    public async Task Like_wildcards_in_the_value_match_literally()
    {
        Assert.Equal([D3], await Where("name", "contains", "\"100%_\""));
        Assert.Equal([D3], await Where("name", "contains", "\"%\""));
        Assert.Equal([D3], await Where("name", "contains", "\"_\""));
        Assert.Empty(await Where("name", "contains", "\"\\\\\""));
    }

    [Fact]
    public async Task Not_equals_and_not_contains_include_records_without_a_value()
    {
        Assert.Equal([D6, D5, D4, D3, D1], await Where("name", "not_equals", "\"Globex renewal\""));
        Assert.Equal([D6, D5, D3, D2], await Where("name", "not_contains", "\"acme\""));
        Assert.Equal([D5, D4, D3, D2], await Where("is_hot", "not_equals", "true"));
    }

    [Fact]
    public async Task Empty_and_not_empty_on_single_values()
    {
        Assert.Equal([D5], await Where("name", "is_empty"));
        Assert.Equal([D6, D5, D4], await Where("contact", "is_empty"));
        Assert.Equal([D3, D2, D1], await Where("contact.last_name", "is_not_empty"));
        Assert.Equal([D6, D5, D4], await Where("address", "is_empty"));
        Assert.Equal([D5, D3], await Where("is_hot", "is_empty"));
    }

    [Fact]
    public async Task A_multiselect_matches_when_any_element_matches()
    {
        Assert.Equal([D1], await Where("emails", "contains", "\"@ACME.com\""));
        Assert.Equal([D2], await Where("emails", "equals", "\"carol@globex.com\""));
        Assert.Equal([D3, D1], await Where("labels", "equals", "\"enterprise\""));
    }

    [Fact]
    public async Task Contains_on_a_multiselect_of_emails_matches_inside_one_address_only()
    {
        // d1's emails are stored as ["alice@acme.com", "bob@acme.com"]: none of the first four is inside one address.
        Assert.Empty(await Where("emails", "contains", "\", \""));
        Assert.Empty(await Where("emails", "contains", "\"[\""));
        Assert.Empty(await Where("emails", "contains", "\"com\\\", \\\"bob\""));
        Assert.Empty(await Where("emails", "contains", "\"m, b\""));
        Assert.Equal([D1], await Where("emails", "contains", "\"ACME.com\""));
        Assert.Equal([D3, D2, D1], await Where("emails", "contains", "\".com\""));
        // Under 3 characters, so no trigram prefilter: only the lower() arm can find d3's upper-case "Dave".
        Assert.Equal([D3], await Where("emails", "contains", "\"DA\""));
    }

    [Fact]
    public async Task A_negative_operator_on_a_multiselect_matches_when_no_element_matches()
    {
        Assert.Equal([D6, D5, D4, D3, D2], await Where("emails", "not_contains", "\"acme\""));
        Assert.Equal([D6, D5, D4, D3, D2], await Where("labels", "not_equals", "\"Hot\""));
    }

    [Fact]
    public async Task Multiselect_is_empty_covers_a_missing_key_and_an_empty_array()
    {
        Assert.Equal([D6, D5, D4], await Where("emails", "is_empty"));
        Assert.Equal([D3, D2, D1], await Where("emails", "is_not_empty"));
    }

    [Fact]
    public async Task Date_and_timestamp_ranges()
    {
        var ids = await Query(
            """{"operator": "and", "conditions": [{"attribute": "close_date", "operator": "gte", "value": "2026-02-01"}, {"attribute": "close_date", "operator": "lt", "value": "2026-04-01"}]}""",
            """[{"attribute": "close_date"}]""");

        Assert.Equal([D2, D3], ids);
        Assert.Equal([D6], await Where("close_date", "equals", "\"2026-04-01\""));
        Assert.Equal([D6, D2], await Where("last_contacted", "gt", "\"2026-01-10T09:00:00Z\""));
        Assert.Equal([D1], await Where("last_contacted", "equals", "\"2026-01-10T11:00:00+02:00\""));
        Assert.Equal([D6, D5, D4], await Where("created_at", "gte", "\"2026-01-01T00:07:00Z\""));
    }

    [Fact]
    public async Task Select_and_status_by_title_or_id()
    {
        Assert.Equal([D6, D1], await Where("stage", "equals", "\"won\""));
        Assert.Equal([D6, D1], await Where("stage", "equals", $"\"{StageWon}\""));
        Assert.Equal([D5, D4, D3, D2], await Where("stage", "not_equals", "\"Won\""));
        Assert.Equal([D2], await Where("health", "equals", "\"AT RISK\""));
    }

    [Fact]
    public async Task Checkbox_references_and_actors()
    {
        Assert.Equal([D4, D2], await Where("is_hot", "equals", "false"));
        Assert.Equal([D2], await Where("company", "equals", $"\"{QuerySqlFixture.Globex}\""));
        Assert.Equal([D6, D5, D4, D3, D1], await Where("company", "not_equals", $"\"{QuerySqlFixture.Globex}\""));
        Assert.Equal([D1], await Where("owner", "equals", $"\"{QuerySqlFixture.Member1}\""));
        Assert.Equal([D2], await Where("owner.actor_type", "equals", "\"API_KEY\""));
        Assert.Equal([D6, D5, D4, D3], await Where("owner", "is_empty"));
    }

    [Fact]
    public async Task Personal_name_and_location()
    {
        Assert.Equal([D1], await Where("contact", "equals", "\"alice smith\""));
        Assert.Equal([D3], await Where("contact.last_name", "starts_with", "\"o'b\""));
        Assert.Equal([D1], await Where("address", "contains", "\"springfield\""));
        Assert.Equal([D2], await Where("address", "equals", "\"de\""));
        Assert.Equal([D2], await Where("address.country_code", "equals", "\"de\""));
        Assert.Equal([D6, D5, D4, D3, D1], await Where("address.city", "not_equals", "\"Berlin\""));
    }

    [Fact]
    public async Task A_path_across_a_reference_matches_the_referenced_record()
    {
        // d4's company "Acme Shadow" lives in another workspace: it is never joined.
        Assert.Equal([D1], await Where("company.name", "contains", "\"acme\""));
        Assert.Equal([D6, D5, D4, D3, D2], await Where("company.name", "not_contains", "\"acme\""));
        Assert.Equal([D1], await Where("company.domains", "equals", "\"acme.io\""));
        Assert.Equal([D2], await Where("company.parent.name", "equals", "\"Acme Corp\""));
        Assert.Equal([D2], await Where("company.employees", "lt", "100"));
        Assert.Equal([D3, D2, D1], await Where("company.name", "is_not_empty"));
        Assert.Equal([D6, D5, D4], await Where("company.name", "is_empty"));
    }

    [Fact]
    public async Task A_path_across_a_multiselect_reference_matches_any_referenced_record()
    {
        Assert.Equal([D6], await Where("partners.name", "equals", "\"initech\""));
        Assert.Equal([D6, D1], await Where("partners.domains", "ends_with", "\".com\""));
        Assert.Equal([D5, D4, D3, D2], await Where("partners.name", "not_contains", "\"e\""));
    }

    [Fact]
    public async Task Nested_and_or_groups()
    {
        var ids = await Query("""
            {"operator": "or", "conditions": [
              {"operator": "and", "conditions": [
                {"attribute": "is_hot", "operator": "equals", "value": true},
                {"attribute": "deal_value", "operator": "gt", "value": 100000}
              ]},
              {"attribute": "stage", "operator": "equals", "value": "Lead"}
            ]}
            """);

        Assert.Equal([D6, D3], ids);

        var deeper = await Query("""
            {"operator": "and", "conditions": [
              {"attribute": "emails", "operator": "is_not_empty"},
              {"operator": "or", "conditions": [
                {"attribute": "company.name", "operator": "starts_with", "value": "glob"},
                {"operator": "and", "conditions": [
                  {"attribute": "score", "operator": "lt", "value": 2},
                  {"attribute": "contact.first_name", "operator": "equals", "value": "DAVE"}
                ]}
              ]}
            ]}
            """, """[{"attribute": "name", "direction": "asc"}]""");
        Assert.Equal([D2, D3], deeper);
    }

    [Fact]
    public async Task Sorts_are_type_aware_with_nulls_last()
    {
        // Option position: Lead, Qualified, Won, Lost; d5 has no stage.
        Assert.Equal([D3, D2, D1, D6, D4, D5], await Query(null, """[{"attribute": "stage"}]"""));
        Assert.Equal([D4, D6, D1, D2, D3, D5], await Query(null, """[{"attribute": "stage", "direction": "desc"}, {"attribute": "name", "direction": "desc"}]"""));
        // Case-insensitive text: "acme small" < "Big Acme deal" < "Globex renewal" < "Initech…" < "Zeta".
        Assert.Equal([D4, D1, D2, D3, D6, D5], await Query(null, """[{"attribute": "name"}]"""));
        Assert.Equal([D6, D3, D2, D1, D4, D5], await Query(null, """[{"attribute": "name", "direction": "desc"}]"""));
        Assert.Equal([D2, D3, D1, D4, D5, D6], await Query(null, """[{"attribute": "contact.last_name"}]"""));
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "contact"}]"""));
        Assert.Equal([D1, D2, D3, D6, D4, D5], await Query(null, """[{"attribute": "close_date"}]"""));
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "createdAt"}]"""));
        Assert.Equal([D6, D5, D4, D3, D2, D1], await Query(null, """[{"attribute": "created_at", "direction": "desc"}]"""));
        // Multiselect by its first element: alice@ < carol@ < dave@; d4, d5 have none, d6 an empty array.
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "emails"}]"""));
        // checkbox: false < true.
        Assert.Equal([D2, D4, D1, D6, D3, D5], await Query(null, """[{"attribute": "is_hot"}]"""));
        // Multiselect select by its first element's option position: Hot, Cold, Enterprise.
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "labels"}]"""));
        Assert.Equal([D3, D2, D1, D4, D5, D6], await Query(null, """[{"attribute": "labels", "direction": "desc"}]"""));
        Assert.Equal([D6, D2, D1, D3, D4, D5], await Query(null, """[{"attribute": "last_contacted", "direction": "desc"}]"""));
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "score", "direction": "desc"}]"""));
        // Multi-key: currency code, then amount descending.
        Assert.Equal([D2, D6, D1, D4, D3, D5], await Query(null, """[{"attribute": "deal_value.currency"}, {"attribute": "deal_value", "direction": "desc"}]"""));
    }

    [Fact]
    public async Task Reference_sorts_use_the_referenced_record()
    {
        // By title: Acme Corp, Globex, Initech; d4's company is in another workspace, so it sorts with the empty ones.
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "company"}]"""));
        Assert.Equal([D3, D2, D1, D4, D5, D6], await Query(null, """[{"attribute": "company", "direction": "desc"}]"""));
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "company.employees", "direction": "desc"}]"""));
        // Two hops: only Globex (d2's company) has a parent.
        Assert.Equal([D2, D1, D3, D4, D5, D6], await Query(null, """[{"attribute": "company.parent.name"}]"""));
        // A multiselect reference by its first referenced record: Globex (d1), Acme Corp (d6).
        Assert.Equal([D6, D1, D2, D3, D4, D5], await Query(null, """[{"attribute": "partners.name"}]"""));
        // Location without a sub-field: country first (DE < US); a missing country after every present one, either way.
        Assert.Equal([D2, D1, D3, D4, D5, D6], await Query(null, """[{"attribute": "address"}]"""));
        Assert.Equal([D1, D2, D3, D4, D5, D6], await Query(null, """[{"attribute": "address", "direction": "desc"}]"""));
    }

    /// <summary>
    /// Walking a query page by page with <c>nextCursor</c> yields exactly the rows of the unpaged query, in its order, for
    /// every kind of sort key: NULLs last in both directions, ties broken by id, multi-key, across references, multiselects
    /// by their first element, and the default newest-first order.
    /// </summary>
    [Theory]
    [InlineData(null, null)]
    [InlineData(null, """[{"attribute": "stage"}]""")]
    [InlineData(null, """[{"attribute": "stage", "direction": "desc"}, {"attribute": "name", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "name"}]""")]
    [InlineData(null, """[{"attribute": "name", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "contact.last_name"}]""")]
    [InlineData(null, """[{"attribute": "close_date", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "created_at"}]""")]
    [InlineData(null, """[{"attribute": "updated_at", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "created_at", "direction": "desc"}, {"attribute": "name"}]""")]
    [InlineData(null, """[{"attribute": "emails", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "is_hot"}, {"attribute": "is_hot", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "labels", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "last_contacted"}]""")]
    [InlineData(null, """[{"attribute": "score", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "deal_value.currency"}, {"attribute": "deal_value", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "company", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "company.parent.name"}]""")]
    [InlineData(null, """[{"attribute": "partners.name", "direction": "desc"}]""")]
    [InlineData(null, """[{"attribute": "address"}]""")]
    [InlineData(null, """[{"attribute": "address", "direction": "desc"}]""")]
    [InlineData("""{"attribute": "name", "operator": "contains", "value": "a"}""", """[{"attribute": "deal_value"}]""")]
    public async Task Cursor_pages_add_up_to_the_unpaged_query(string? filter, string? sorts)
    {
        var expected = await Query(filter, sorts);
        Assert.NotEmpty(expected);
        var repository = new RecordRepository(fixture.Db);
        foreach (var size in new[] { 1, 2, 4 })
        {
            var walked = new List<Guid>();
            string? cursor = null;
            do
            {
                var compiled = RecordQueryCompiler.Compile(Deals, TestSchema, filter is null ? null : Json(filter), sorts is null ? null : Json(sorts), 3, cursor);
                var page = await repository.QueryAsync(WorkspaceId, DealsId, compiled, size, 0);
                Assert.Equal(expected.Count, page.Total);
                Assert.True(page.Rows.Count == size || page.NextCursor is null, "only the last page may be short");
                walked.AddRange(page.Rows.Select(r => r.Id));
                cursor = page.NextCursor;
                Assert.True(walked.Count <= expected.Count, $"the walk went past the {expected.Count} rows at page size {size}");
            }
            while (cursor is not null);

            Assert.Equal(expected, walked);
        }
    }

    [Fact]
    public async Task A_cursor_after_the_last_row_gives_an_empty_page_and_no_next_cursor()
    {
        var repository = new RecordRepository(fixture.Db);
        var all = await repository.QueryAsync(WorkspaceId, DealsId, RecordQueryCompiler.Compile(Deals, TestSchema, null, null, 3), 5, 0);
        Assert.NotNull(all.NextCursor);
        var last = await repository.QueryAsync(WorkspaceId, DealsId, RecordQueryCompiler.Compile(Deals, TestSchema, null, null, 3, all.NextCursor), 5, 0);
        Assert.Equal([D1], last.Rows.Select(r => r.Id));
        Assert.Null(last.NextCursor);
        Assert.Equal(6, last.Total);
    }

    /// <summary>
    /// An indexed attribute's index (<see cref="AttributeIndexes.Definition"/>) must be on exactly the expression the
    /// translator emits, or PostgreSQL never uses it. Built in a rolled-back transaction, with the table's other index
    /// dropped and sequential scans and sorts priced out: the plan names the index only if the expressions match.
    /// </summary>
    [Theory]
    [InlineData("name", "equals", "\"Zeta\"")]
    [InlineData("deal_value", "gte", "10000")]
    [InlineData("probability", "lt", "50")]
    [InlineData("score", "equals", "3")]
    [InlineData("phone", "equals", "\"+15551234567\"")]
    [InlineData("website", "equals", "\"acme.com\"")]
    [InlineData("contact", "equals", "\"Alice Smith\"")]
    public async Task An_indexed_attribute_s_index_serves_its_filter_and_its_ascending_sort(string slug, string op, string valueJson)
    {
        var attribute = Deals.Attribute(slug)!;
        var index = AttributeIndexes.IndexName(attribute.Id);
        await using var connection = await fixture.Db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            $"DROP INDEX records_workspace_object; CREATE INDEX {index} {AttributeIndexes.Definition(attribute)}; "
            + $"CREATE STATISTICS {AttributeIndexes.StatisticsName(attribute.Id)} {AttributeIndexes.StatisticsDefinition(attribute)}; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off",
            CancellationToken.None);

        var filterPlan = await ExplainAsync(connection, $$"""{"attribute": "{{slug}}", "operator": "{{op}}", "value": {{valueJson}}}""", null);
        var sortPlan = await ExplainAsync(connection, null, $$"""[{"attribute": "{{slug}}"}]""");
        await transaction.RollbackAsync();

        Assert.Contains(index, filterPlan);
        Assert.Contains($"Index Scan using {index}", sortPlan);
        Assert.DoesNotContain("Sort Key", sortPlan);
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string? filter, string? sorts)
    {
        var compiled = RecordQueryCompiler.Compile(Deals, TestSchema, filter is null ? null : Json(filter), sorts is null ? null : Json(sorts), 3);
        var sql = $"EXPLAIN SELECT r.id FROM records r WHERE r.workspace_id = $1 AND r.object_id = $2 AND ({compiled.Where}) ORDER BY {compiled.OrderBy} LIMIT 50";
        object?[] parameters = [WorkspaceId, DealsId, .. compiled.Parameters];
        return string.Join('\n', await connection.Command(sql, parameters).ListAsync(r => r.GetString(0), CancellationToken.None));
    }

    [Fact]
    public async Task Injection_attempts_match_nothing_and_leave_the_table_alone()
    {
        Assert.Empty(await Where("name", "equals", "\"'; DROP TABLE records; --\""));
        Assert.Empty(await Where("name", "contains", "\"x') OR 1=1 --\""));
        Assert.Empty(await Where("company.name", "starts_with", "\"' OR ''='\""));
        Assert.Empty(await Where("emails", "equals", "\"\\\"; DELETE FROM records; --\""));
        Assert.Equal([D6, D5, D4, D3, D2, D1], await Where("name", "not_equals", "\"'; DROP TABLE records; --\""));

        var count = await fixture.Db.Command("SELECT count(*) FROM records").FirstOrDefaultAsync(r => r.GetInt64(0), CancellationToken.None);
        Assert.Equal(11, count);
    }
}
