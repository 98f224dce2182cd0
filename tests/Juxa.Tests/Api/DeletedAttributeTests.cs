using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Deleting a custom attribute deletes its values everywhere: in the rows, in the record grains' hot copies, and in
/// what search and titles are made of. A new attribute with the same slug starts empty, whatever its type.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeletedAttributeTests(ApiFixture api)
{
    [Theory]
    [InlineData("text", "\"Fresh\"", "Fresh")]
    [InlineData("number", "42", "42")]
    public async Task A_recreated_attribute_starts_empty_in_records_whose_grain_is_active(string type, string newValue, string expected)
    {
        var user = await api.SignUpAsync();
        var attributeId = await AddAttributeAsync(user, "people", "nickname", "text");
        var person = await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada Lovelace", nickname = "Old" } });
        var path = $"/api/v1/objects/people/records/{person["id"]}";
        await user.Session.GetOkAsync(path);

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/people/attributes?attributeId={attributeId}"), HttpStatusCode.OK);
        await AddAttributeAsync(user, "people", "nickname", type);
        var fetched = await user.Session.GetOkAsync(path);
        var patched = await user.Session.PatchOkAsync(path, new { values = new { job_title = "Analyst" } });
        var set = await user.Session.PatchOkAsync(path, new { values = JsonNode.Parse($"{{\"nickname\": {newValue}}}") });

        Assert.Null(fetched["values"]!["nickname"]);
        Assert.Null(patched["values"]!["nickname"]);
        Assert.Equal("Analyst", patched["values"]!["job_title"]!.GetValue<string>());
        Assert.Equal(expected, set["values"]!["nickname"]!.ToJsonString().Trim('"'));
        var activity = await user.Session.GetOkAsync($"{path}/activity");
        Assert.Null(activity["activity"]![0]!["changes"]!["nickname"]!["old"]);
    }

    [Fact]
    public async Task Search_and_titles_forget_a_deleted_attribute()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "matters", singularName = "Matter", pluralName = "Matters" });
        var label = await AddAttributeAsync(user, "matters", "label", "text");
        await AddAttributeAsync(user, "matters", "code", "text");
        await user.Session.PostOkAsync("/api/v1/objects/matters/records", new { values = new { label = "Quasarine", code = "Nebulon" } });
        var before = await user.Session.GetOkAsync("/api/v1/search?q=quasarine");

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/matters/attributes?attributeId={label}"), HttpStatusCode.OK);
        var byDeleted = await user.Session.GetOkAsync("/api/v1/search?q=quasarine");
        var byKept = await user.Session.GetOkAsync("/api/v1/search?q=nebulon");

        Assert.Equal("Quasarine", Assert.Single(before["results"]!.AsArray())!["title"]!.GetValue<string>());
        Assert.Empty(byDeleted["results"]!.AsArray());
        Assert.Equal("Nebulon", Assert.Single(byKept["results"]!.AsArray())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_an_attribute_clears_it_from_more_records_than_one_batch()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "tickets", singularName = "Ticket", pluralName = "Tickets" });
        var tag = await AddAttributeAsync(user, "tickets", "tag", "text");
        await AddAttributeAsync(user, "tickets", "code", "text");
        for (var part = 0; part < 2; part++)
        {
            var rows = Enumerable.Range(0, 1000).Select(i => new { tag = $"Gravitonic {part}-{i}", code = $"T{part}-{i}" }).ToArray();
            await user.Session.PostOkAsync("/api/v1/objects/tickets/records/import", new { rows });
        }

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/tickets/attributes?attributeId={tag}"), HttpStatusCode.OK);
        var search = await user.Session.GetOkAsync("/api/v1/search?q=gravitonic");
        var tagged = await user.Session.PostAsync("/api/v1/objects/tickets/records/query",
            new { filter = new { attribute = "code", @operator = "is_not_empty" }, limit = 1 });

        Assert.Empty(search["results"]!.AsArray());
        var page = await JuxaClient.DataAsync(tagged, HttpStatusCode.OK);
        Assert.Equal(2000, page["pagination"]!["total"]!.GetValue<int>());
        Assert.StartsWith("T", page["records"]![0]!["values"]!["code"]!.GetValue<string>());
        Assert.Null(page["records"]![0]!["values"]!["tag"]);
    }

    private static async Task<Guid> AddAttributeAsync(SignedUp user, string objectSlug, string slug, string type) =>
        (await user.Session.PostOkAsync($"/api/v1/objects/{objectSlug}/attributes", new { slug, title = slug, type }))["id"]!.GetValue<Guid>();
}
