using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Dates and timestamps at the ends of the range a write accepts (0001-01-01, 9999-12-31) filter as any other: they are
/// days like the rest, not PostgreSQL's -infinity / infinity.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DateRangeEndFilterTests(ApiFixture api)
{
    [Theory]
    [InlineData("due", "equals", "0001-01-01", "first")]
    [InlineData("due", "equals", "9999-12-31", "last")]
    [InlineData("due", "gt", "0001-01-01", "middle,last")]
    [InlineData("due", "lt", "9999-12-31", "first,middle")]
    [InlineData("due", "gte", "0001-01-01", "first,middle,last")]
    [InlineData("due", "not_equals", "0001-01-01", "middle,last")]
    [InlineData("seen", "equals", "0001-01-01T00:00:00Z", "first")]
    [InlineData("seen", "gt", "0001-01-01T00:00:00Z", "middle,last")]
    [InlineData("seen", "lte", "0001-01-01", "first")]
    public async Task A_filter_on_the_first_or_last_day_compares_it_as_a_day(string attribute, string op, string value, string expected)
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug = "due", title = "Due", type = "date" });
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug = "seen", title = "Seen", type = "timestamp" });
        foreach (var (name, due, seen) in new[]
                 {
                     ("first", "0001-01-01", "0001-01-01T00:00:00Z"),
                     ("middle", "2026-01-31", "2026-01-31T10:00:00Z"),
                     ("last", "9999-12-31", "9999-12-31T23:59:59.999Z"),
                 })
        {
            await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name, due, seen } });
        }

        var page = await user.Session.PostOkAsync("/api/v1/objects/companies/records/query", new
        {
            filter = new { attribute, @operator = op, value },
            sorts = new[] { new { attribute = "due" } },
        });

        Assert.Equal(expected.Split(','), page["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>()));
    }
}
