using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// The rows of one import share their <c>created_at</c>, so the id tiebreak orders them: ids increase with the row
/// number, and lists and queries return an import in its rows' order (newest first: the last row first).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImportRowOrderTests(ApiFixture api)
{
    private const int Rows = 200;

    [Fact]
    public async Task Imported_records_come_back_in_row_order()
    {
        var user = await api.SignUpAsync();
        var names = Enumerable.Range(0, Rows).Select(i => $"Row {i:D3}").ToArray();

        var result = await user.Session.PostOkAsync("/api/v1/objects/companies/records/import", new { rows = names.Select(name => new { name }).ToArray() });
        var newestFirst = await user.Session.GetOkAsync($"/api/v1/objects/companies/records?limit={Rows}");
        var byCreation = await user.Session.PostOkAsync("/api/v1/objects/companies/records/query",
            new { sorts = new[] { new { attribute = "created_at", direction = "asc" } }, limit = Rows });

        var ids = result["createdIds"]!.AsArray().Select(i => i!.GetValue<Guid>()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(Enumerable.Reverse(names), Names(newestFirst));
        Assert.Equal(names, Names(byCreation));
    }

    private static IEnumerable<string> Names(JsonNode page) => page["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>());
}
