using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Deleting a private list takes along the activity its entries wrote while it was public. A list made private hides
/// that activity from everyone who cannot see it, but only while the list exists: before, deleting it showed its name
/// and values in every member's feed again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PrivateListDeleteActivityTests(ApiFixture api)
{
    [Fact]
    public async Task A_deleted_private_list_does_not_come_back_into_other_members_feeds()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        var person = (await owner.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada" } }))["id"]!.GetValue<Guid>();
        var list = (await owner.Session.PostOkAsync("/api/v1/lists", new { name = "Layoffs 2027", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await owner.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "reason", title = "Reason", type = "text" });
        var entry = await owner.Session.PostOkAsync($"/api/v1/lists/{list}/entries", new { recordId = person, values = new { reason = "confidential" } });
        await owner.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entry["id"]}", new { values = new { reason = "very confidential" } });
        await owner.Session.PatchOkAsync($"/api/v1/lists/{list}", new { isPrivate = true });

        await JuxaClient.DataAsync(await owner.Session.DeleteAsync($"/api/v1/lists/{list}"), HttpStatusCode.OK);
        var feed = $"/api/v1/objects/people/records/{person}/activity";
        var colleagueFeed = await colleague.Session.GetOkAsync(feed);
        var ownerFeed = await owner.Session.GetOkAsync(feed);

        foreach (var page in new[] { colleagueFeed, ownerFeed })
        {
            Assert.Equal(["created"], page["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
            Assert.Equal(1, page["pagination"]!["total"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_deleted_public_list_keeps_its_activity()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        var person = (await owner.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada" } }))["id"]!.GetValue<Guid>();
        var list = (await owner.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await owner.Session.PostOkAsync($"/api/v1/lists/{list}/entries", new { recordId = person });

        await JuxaClient.DataAsync(await owner.Session.DeleteAsync($"/api/v1/lists/{list}"), HttpStatusCode.OK);
        var colleagueFeed = await colleague.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity");

        Assert.Equal(["list_entry_added", "created"], colleagueFeed["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }
}
