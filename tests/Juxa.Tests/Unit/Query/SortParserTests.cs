using Juxa.Errors;
using Juxa.Records.Query;
using static Juxa.Tests.Unit.Query.QueryTestSchema;

namespace Juxa.Tests.Unit.Query;

public sealed class SortParserTests
{
    [Fact]
    public void Sorts_parse_in_order_with_asc_as_the_default()
    {
        var sorts = SortParser.Parse(Json("""[{"attribute": "deal_value", "direction": "desc"}, {"attribute": "name.last_name"}, {"attribute": "createdAt", "direction": "ASC"}]"""));

        Assert.Equal(
            [new SortKey("deal_value", SortDirection.Desc), new SortKey("name.last_name", SortDirection.Asc), new SortKey("createdAt", SortDirection.Asc)],
            sorts);
    }

    [Fact]
    public void Null_and_empty_sorts_are_none()
    {
        Assert.Empty(SortParser.Parse(Json("null")));
        Assert.Empty(SortParser.Parse(Json("[]")));
    }

    [Fact]
    public void Five_sorts_are_allowed_and_six_are_not()
    {
        static string Sorts(int n) => "[" + string.Join(",", Enumerable.Repeat("""{"attribute": "name"}""", n)) + "]";

        Assert.Equal(5, SortParser.Parse(Json(Sorts(5))).Count);
        var error = Assert.Throws<JuxaException>(() => SortParser.Parse(Json(Sorts(6))));
        Assert.Equal(["sorts"], error.Details!.Keys);
    }

    [Theory]
    [InlineData("""{"attribute": "name"}""", "sorts")]
    [InlineData("""["name"]""", "sorts[0]")]
    [InlineData("""[{"direction": "asc"}]""", "sorts[0].attribute")]
    [InlineData("""[{"attribute": 3}]""", "sorts[0].attribute")]
    [InlineData("""[{"attribute": ""}]""", "sorts[0].attribute")]
    [InlineData("""[{"attribute": "name", "direction": "up"}]""", "sorts[0].direction")]
    [InlineData("""[{"attribute": "name"}, {"attribute": "name", "order": "asc"}]""", "sorts[1].order")]
    public void Malformed_sorts_are_rejected_at_their_path(string json, string path)
    {
        var error = Assert.Throws<JuxaException>(() => SortParser.Parse(Json(json)));

        Assert.Equal(400, error.Status);
        Assert.StartsWith(path + ":", error.Message);
        Assert.Equal([path], error.Details!.Keys);
    }
}
