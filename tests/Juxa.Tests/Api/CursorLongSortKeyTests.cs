using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A cursor carries the page's last sort key whole, so a sort on long text makes long cursors: every
/// <c>nextCursor</c> the API hands out, however long its keys and in whatever script, is taken back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CursorLongSortKeyTests(ApiFixture api)
{
    [Theory]
    [InlineData('z')]
    [InlineData('Ж')]
    [InlineData('漢')]
    public async Task Pages_sorted_by_text_of_the_longest_length_a_write_takes_follow_each_other_by_cursor(char letter)
    {
        var user = await api.SignUpAsync();
        var names = Enumerable.Range(0, 3).Select(i => $"{i}" + new string(letter, 9_999)).ToArray();
        foreach (var name in names)
        {
            await user.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name } });
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var body = new JsonObject { ["sorts"] = new JsonArray(new JsonObject { ["attribute"] = "name" }), ["limit"] = 1 };
            if (cursor is not null)
            {
                body["cursor"] = cursor;
            }

            var page = await user.Session.PostOkAsync("/api/v1/objects/deals/records/query", body);
            seen.AddRange(page["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>()));
            cursor = page["pagination"]!["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && seen.Count <= names.Length);

        Assert.Equal(names, seen);
    }
}
