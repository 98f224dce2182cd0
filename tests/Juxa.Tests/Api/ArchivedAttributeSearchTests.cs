using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// An archived attribute's values are hidden from every read and cannot be filtered on; search and the display title
/// (search results, browse) must not use them either, and must use them again once the attribute is unarchived.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ArchivedAttributeSearchTests(ApiFixture api)
{
    [Fact]
    public async Task Search_does_not_find_a_record_by_an_archived_attributes_value_until_it_is_unarchived()
    {
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = "Ada Lovelace", job_title = "Zymurgist" } }))["id"]!.GetValue<Guid>();
        var jobTitle = await AttributeIdAsync(user.Session, "job_title");

        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isArchived = true });
        var archived = await SearchAsync(user.Session, "zymurgist");
        var byName = await SearchAsync(user.Session, "lovelace");

        Assert.Empty(archived);
        Assert.Equal(id, Assert.Single(byName)!["id"]!.GetValue<Guid>());

        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isArchived = false });
        var unarchived = Assert.Single(await SearchAsync(user.Session, "zymurgist"))!;

        Assert.Equal(id, unarchived["id"]!.GetValue<Guid>());
        Assert.Equal("job_title", unarchived["matchedAttribute"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_title_skips_an_archived_name_and_takes_it_back_when_unarchived()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = "Ada Lovelace", email_addresses = "ada@engine.example" } });
        var name = await AttributeIdAsync(user.Session, "name");

        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = name, isArchived = true });
        var archived = Assert.Single((await user.Session.GetOkAsync("/api/v1/records/browse"))["results"]!.AsArray())!;
        var byEmail = Assert.Single(await SearchAsync(user.Session, "ada"))!;

        Assert.Equal("ada@engine.example", archived["title"]!.GetValue<string>());
        Assert.Equal("ada@engine.example", byEmail["title"]!.GetValue<string>());
        Assert.False(archived["values"]!.AsObject().ContainsKey("name"));

        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = name, isArchived = false });
        var unarchived = Assert.Single((await user.Session.GetOkAsync("/api/v1/records/browse"))["results"]!.AsArray())!;

        Assert.Equal("Ada Lovelace", unarchived["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_record_written_while_an_attribute_is_archived_is_found_by_it_once_unarchived()
    {
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = "Ada Lovelace", job_title = "Zymurgist" } }))["id"]!.GetValue<Guid>();
        var jobTitle = await AttributeIdAsync(user.Session, "job_title");
        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isArchived = true });

        // A write while archived rebuilds the search text without the archived value, which the record still holds.
        await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{id}", new { values = new { name = "Ada King" } });
        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isArchived = false });

        Assert.Equal(id, Assert.Single(await SearchAsync(user.Session, "zymurgist king"))!["id"]!.GetValue<Guid>());
    }

    private static async Task<JsonArray> SearchAsync(JuxaClient session, string q) =>
        (await session.GetOkAsync("/api/v1/search?q=" + Uri.EscapeDataString(q)))["results"]!.AsArray();

    private static async Task<Guid> AttributeIdAsync(JuxaClient session, string slug) =>
        (await session.GetOkAsync("/api/v1/objects/people/attributes?includeArchived=true")).AsArray()
        .Single(a => a!["slug"]!.GetValue<string>() == slug)!["id"]!.GetValue<Guid>();
}
