using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// An actor-reference value that names a member who has left stays (so their deals can be found and reassigned), the
/// record stays writable, and writing that member anew is refused: they no longer exist in the workspace.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MemberRemovalActorValuesTests(ApiFixture api)
{
    [Fact]
    public async Task A_removed_members_actor_reference_stays_filterable_and_the_record_writable_but_cannot_be_written_anew()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);
        await owner.Session.PostOkAsync("/api/v1/objects/deals/attributes", new { slug = "account_owner", title = "Account owner", type = "actor-reference" });
        var deal = (await owner.Session.PostOkAsync("/api/v1/objects/deals/records",
            new { values = new { name = "Engine", account_owner = leaver.MemberId } }))["id"]!.GetValue<Guid>();
        var other = (await owner.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Loom" } }))["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.OK, (await owner.Session.DeleteAsync($"/api/v1/workspace-members/{leaver.MemberId}")).StatusCode);

        var renamed = await owner.Session.PatchOkAsync($"/api/v1/objects/deals/records/{deal}", new { values = new { name = "Difference engine" } });
        Assert.Equal(leaver.MemberId, renamed["values"]!["account_owner"]!["actor_id"]!.GetValue<Guid>());
        var found = await owner.Session.PostOkAsync("/api/v1/objects/deals/records/query",
            new { filter = new { attribute = "account_owner", @operator = "equals", value = leaver.MemberId } });
        Assert.Equal([deal], found["records"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));

        var reassignedToLeaver = await owner.Session.PatchAsync($"/api/v1/objects/deals/records/{other}", new { values = new { account_owner = leaver.MemberId } });
        await reassignedToLeaver.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var untouched = await owner.Session.GetOkAsync($"/api/v1/objects/deals/records/{other}");
        Assert.Null(untouched["values"]!["account_owner"]);
    }
}
