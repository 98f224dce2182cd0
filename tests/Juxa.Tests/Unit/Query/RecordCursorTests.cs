using System.Buffers.Text;
using System.Text;
using Juxa.Errors;
using Juxa.Records.Query;
using static Juxa.Tests.Unit.Query.QueryTestSchema;

namespace Juxa.Tests.Unit.Query;

/// <summary>Keyset cursors: what they carry, the predicate they compile to, and what is refused (the pages themselves: QuerySqlTests).</summary>
public sealed class RecordCursorTests
{
    private static readonly Guid LastId = Guid.Parse("01a22ed0-a6ce-78b7-9b1b-f905c0736323");

    private static CompiledQuery Compile(string? sorts, string? cursor = null, string? filter = null) =>
        RecordQueryCompiler.Compile(Deals, TestSchema, filter is null ? null : Json(filter), sorts is null ? null : Json(sorts), 3, cursor);

    private static JuxaException Refused(string? sorts, string cursor, string? filter = null)
    {
        var error = Assert.Throws<JuxaException>(() => Compile(sorts, cursor, filter));
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.Equal(["cursor"], error.Details!.Keys);
        return error;
    }

    [Fact]
    public void A_cursor_round_trips_and_is_url_safe()
    {
        var cursor = new RecordCursor("abc123", ["it's \"quoted\"", null, "2026-01-01T00:00:00.000000Z"], LastId);
        var text = cursor.Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        var back = RecordCursor.Decode(text);
        Assert.Equal(cursor.Fingerprint, back.Fingerprint);
        Assert.Equal(cursor.Keys, back.Keys);
        Assert.Equal(cursor.Id, back.Id);
    }

    [Fact]
    public void The_default_order_continues_with_a_row_comparison_its_index_can_walk()
    {
        var first = Compile(null);
        Assert.Null(first.After);
        Assert.Equal(["to_char((r.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"], first.SortKeys);

        var next = Compile(null, first.CursorAfter(["2026-01-01T00:05:00.123456Z"], LastId));

        Assert.Equal("(r.created_at, r.id) < ($4::timestamptz, $3::uuid)", next.After);
        Assert.Equal([LastId, "2026-01-01T00:05:00.123456Z"], next.Parameters);
        Assert.Equal("r.created_at DESC, r.id DESC", next.OrderBy);
    }

    [Fact]
    public void A_nullable_key_continues_past_its_value_then_into_the_nulls_then_by_id()
    {
        const string sorts = """[{"attribute": "deal_value", "direction": "desc"}]""";
        var next = Compile(sorts, Compile(sorts).CursorAfter(["2500.50"], LastId));

        const string amount = "((r.values -> $3::text) ->> $4::text)::numeric";
        Assert.Equal(
            $"((({amount} < $6::numeric OR {amount} IS NULL)) OR ({amount} = $6::numeric AND r.id > $5::uuid))",
            next.After);
        Assert.Equal(["deal_value", "amount", LastId, "2500.50"], next.Parameters);
    }

    [Fact]
    public void After_a_null_key_only_its_ties_follow()
    {
        const string sorts = """[{"attribute": "close_date"}, {"attribute": "name"}]""";
        var next = Compile(sorts, Compile(sorts).CursorAfter([null, "zeta"], LastId));

        const string date = "((r.values -> $3::text) #>> '{}')::date";
        const string name = "lower(((r.values -> $4::text) #>> '{}'))";
        Assert.Equal(
            $"(({date} IS NULL AND ({name} > $6::text OR {name} IS NULL)) OR ({date} IS NULL AND {name} = $6::text AND r.id > $5::uuid))",
            next.After);
    }

    [Fact]
    public void Hostile_key_text_stays_a_parameter()
    {
        const string sorts = """[{"attribute": "name"}]""";
        const string hostile = "x') OR 1=1; DROP TABLE records; --";
        var next = Compile(sorts, Compile(sorts).CursorAfter([hostile], LastId));

        Assert.DoesNotContain("DROP", next.After);
        Assert.Contains(hostile, next.Parameters);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("eyJ2IjoxfQ")] // {"v":1}: no fingerprint, keys or id
    [InlineData("bnVsbA")] // null
    [InlineData("W10")] // []
    public void Text_the_api_did_not_write_is_refused(string cursor) =>
        Refused(null, cursor);

    [Fact]
    public void A_cursor_of_another_version_or_long_text_that_is_no_cursor_is_refused()
    {
        var fingerprint = Compile(null).Fingerprint;
        var otherVersion = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"v":2,"q":"{{fingerprint}}","k":["2026-01-01T00:00:00.000000Z"],"id":"{{LastId}}"}"""));
        Refused(null, otherVersion);
        Refused(null, new string('A', 100_000));
    }

    [Fact]
    public void A_cursor_only_continues_the_query_it_came_from()
    {
        const string byName = """[{"attribute": "name"}]""";
        var cursor = Compile(byName).CursorAfter(["acme"], LastId);

        Assert.NotNull(Compile(byName, cursor).After);
        // The same query written otherwise: whitespace, the default direction spelled out, keys in another order.
        Assert.NotNull(Compile("""[ { "attribute" : "name" } ]""", cursor).After);
        Assert.NotNull(Compile("""[{"direction": "asc", "attribute": "name"}]""", cursor).After);
        Refused("""[{"attribute": "name", "direction": "desc"}]""", cursor);
        Refused(null, cursor);
        Refused(byName, cursor, filter: """{"attribute": "name", "operator": "contains", "value": "a"}""");
        var otherObject = Assert.Throws<JuxaException>(() => RecordQueryCompiler.Compile(Companies, TestSchema, null, Json(byName), 3, cursor));
        Assert.Equal(["cursor"], otherObject.Details!.Keys);
    }

    [Fact]
    public void A_schema_change_that_changes_the_sort_ends_the_cursor()
    {
        const string byStage = """[{"attribute": "stage"}]""";
        var cursor = Compile(byStage).CursorAfter(["2"], LastId);
        var stage = Deals.Attribute("stage")!;
        var reordered = stage with { Options = stage.Options.Select(o => o with { Position = stage.Options.Count - 1 - o.Position }).ToList() };
        var deals = Deals with { Attributes = Deals.Attributes.Select(a => a.Id == stage.Id ? reordered : a).ToList() };

        // Position 2 meant "Won"; with the options reversed it would mean "Qualified", and the walk would skip or repeat records.
        var error = Assert.Throws<JuxaException>(() => RecordQueryCompiler.Compile(deals, TestSchema with { Objects = [deals, Companies] }, null, Json(byStage), 3, cursor));
        Assert.Equal(["cursor"], error.Details!.Keys);
        Assert.NotNull(Compile(byStage, cursor).After);
    }

    [Theory]
    [InlineData("""[{"attribute": "deal_value"}]""", "12abc")]
    [InlineData("""[{"attribute": "deal_value"}]""", "1e5")]
    [InlineData("""[{"attribute": "stage"}]""", "first")]
    [InlineData("""[{"attribute": "close_date"}]""", "30/11/2026")]
    [InlineData("""[{"attribute": "last_contacted"}]""", "2026-11-30 10:00:00+00")]
    [InlineData("""[{"attribute": "is_hot"}]""", "yes")]
    [InlineData(null, null)] // created_at is never NULL
    public void Keys_that_do_not_fit_the_sort_are_refused_before_postgresql_sees_them(string? sorts, string? key) =>
        Refused(sorts, Compile(sorts).CursorAfter([key], LastId));

    [Fact]
    public void A_cursor_with_the_wrong_number_of_keys_is_refused()
    {
        const string sorts = """[{"attribute": "name"}, {"attribute": "score"}]""";
        Refused(sorts, Compile(sorts).CursorAfter(["acme"], LastId));
        Refused(sorts, Compile(sorts).CursorAfter(["acme", "3", "4"], LastId));
    }
}
