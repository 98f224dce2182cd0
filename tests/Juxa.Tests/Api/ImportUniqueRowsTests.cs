using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Unique values inside one import (<c>POST …/records/import</c>): a row is refused for a value that another record, or
/// an earlier row that is written, holds; a row that fails claims none of its values.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImportUniqueRowsTests(ApiFixture api)
{
    private const string Import = "/api/v1/objects/people/records/import";

    [Fact]
    public async Task A_row_is_not_refused_for_the_value_of_an_earlier_row_that_failed_on_another_attribute()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/people/attributes", new { slug = "badge", title = "Badge", type = "text", isUnique = true });
        await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Holder", badge = "B-1" } });

        // Row 0 fails: its badge is taken. Its email is then held by no record, so row 1 may have it.
        var result = await user.Session.PostOkAsync(Import, new
        {
            rows = new object[]
            {
                new { name = "Refused", email_addresses = "shared@example.com", badge = "B-1" },
                new { name = "Written", email_addresses = "shared@example.com", badge = "B-2" },
            },
        });

        Assert.Equal(1, result["created"]!.GetValue<int>());
        var failure = Assert.Single(result["failed"]!.AsArray())!;
        Assert.Equal(0, failure["row"]!.GetValue<int>());
        Assert.Equal(["badge"], failure["errors"]!.AsObject().Select(e => e.Key));
        var written = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{result["createdIds"]![0]!.GetValue<Guid>()}");
        Assert.Equal("Written", written["values"]!["name"]!["full_name"]!.GetValue<string>());
        Assert.Equal(["shared@example.com"], written["values"]!["email_addresses"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task A_value_repeated_in_a_later_row_fails_that_row_naming_the_row_that_holds_it()
    {
        var user = await api.SignUpAsync();

        var result = await user.Session.PostOkAsync(Import, new
        {
            rows = new object[]
            {
                new { name = "First", email_addresses = new[] { "a@example.com", "b@example.com" } },
                new { name = "Second", email_addresses = "c@example.com" },
                new { name = "Third", email_addresses = new[] { "d@example.com", "B@example.com" } },
            },
        });

        Assert.Equal(2, result["created"]!.GetValue<int>());
        var failure = Assert.Single(result["failed"]!.AsArray())!;
        Assert.Equal(2, failure["row"]!.GetValue<int>());
        var message = Assert.Single(failure["errors"]!["email_addresses"]!.AsArray())!.GetValue<string>();
        Assert.Contains("b@example.com", message);
        Assert.Contains("row 0", message);
        // The failed row's other value (d@…) was not claimed: it can be imported now.
        var again = await user.Session.PostOkAsync(Import, new { rows = new object[] { new { name = "Later", email_addresses = "d@example.com" } } });
        Assert.Equal(1, again["created"]!.GetValue<int>());
        Assert.Empty(again["failed"]!.AsArray());
    }
}
