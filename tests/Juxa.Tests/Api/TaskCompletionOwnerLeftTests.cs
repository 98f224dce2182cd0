using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Completing a task notifies the member who created its linked record. Before, when that member had left the workspace,
/// the notification's insert broke its foreign key and the PATCH was a 500: the task could not be completed at all.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TaskCompletionOwnerLeftTests(ApiFixture api)
{
    [Fact]
    public async Task A_task_on_a_record_whose_creator_left_is_completed_and_notifies_no_one()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);
        var deal = (await leaver.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Left behind" } }))["id"]!.GetValue<Guid>();
        var other = (await owner.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Still owned" } }))["id"]!.GetValue<Guid>();
        var task = await owner.Session.PostOkAsync("/api/v1/tasks", new { content = "Close it", recordIds = new[] { deal, other } });
        Assert.Equal(HttpStatusCode.OK, (await owner.Session.DeleteAsync($"/api/v1/workspace-members/{leaver.MemberId}")).StatusCode);
        var colleague = await api.AddMemberAsync(owner);

        var completed = await colleague.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]}", new { isCompleted = true });
        var ownerInbox = await owner.Session.GetOkAsync("/api/v1/notifications?unreadOnly=true");

        Assert.True(completed["isCompleted"]!.GetValue<bool>());
        Assert.True((await owner.Session.GetOkAsync($"/api/v1/tasks/{task["id"]}"))["isCompleted"]!.GetValue<bool>());
        // The member who is still here hears of it; the one who left has no inbox to write to.
        var done = Assert.Single(ownerInbox["notifications"]!.AsArray())!;
        Assert.Equal("task_completed", done["kind"]!.GetValue<string>());
        Assert.Equal(other, done["recordId"]!.GetValue<Guid>());
    }
}
