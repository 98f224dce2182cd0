using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Realtime;

namespace Juxa.Tests.Api;

/// <summary>
/// Removing a member takes them off their tasks as a task update: each such task gets a new <c>updatedAt</c>, a
/// <c>task_updated</c> entry on its linked records' activity (the remover as actor) and a <c>taskChanged</c> "updated"
/// event. Before, the database cascade dropped the assignments silently, and a client mirroring tasks over SignalR kept
/// showing the removed member as assignee. What the member created stays (history) and keeps working.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MemberRemovalTasksTests(ApiFixture api)
{
    private static JsonObject Data(JsonElement e) => JsonNode.Parse(e.GetProperty("data").GetRawText())!.AsObject();

    private static Guid? RecordId(JsonElement e) => e.TryGetProperty("recordId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : null;

    private static bool IsTask(JsonElement e, Guid taskId) => e.GetProperty("data").GetProperty("id").GetGuid() == taskId;

    private static List<JsonElement> TaskEvents(HubListener hub, Guid taskId, string? change = null) =>
        hub.Received.Where(r => r.Method == RealtimeEventTypes.TaskChanged && IsTask(r.Payload, taskId)
                && (change is null || r.Payload.GetProperty("data").GetProperty("change").GetString() == change))
            .Select(r => r.Payload).ToList();

    private static DateTimeOffset UpdatedAt(JsonNode task) => task["updatedAt"]!.GetValue<DateTimeOffset>();

    private static void AssertSame(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}, got {actual.ToJsonString()}");

    /// <summary>The event's data is the task as GET returns it, plus <c>change</c>.</summary>
    private static void AssertCarries(JsonNode task, JsonElement e)
    {
        var data = Data(e);
        Assert.Equal("updated", data["change"]?.GetValue<string>());
        data.Remove("change");
        AssertSame(task, data);
    }

    [Fact]
    public async Task Removing_a_member_updates_each_task_they_were_assigned_like_a_task_PATCH()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);
        var (token, _) = await owner.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        var person = (await owner.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada Lovelace" } }))["id"]!.GetValue<Guid>();
        var deal = (await owner.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Engine" } }))["id"]!.GetValue<Guid>();
        var linked = await owner.Session.PostOkAsync("/api/v1/tasks",
            new { content = "Both of us", recordIds = new[] { person, deal }, assigneeIds = new[] { owner.MemberId, leaver.MemberId } });
        var unlinked = await owner.Session.PostOkAsync("/api/v1/tasks", new { content = "Only the leaver", assigneeIds = new[] { leaver.MemberId } });
        var untouched = await owner.Session.PostOkAsync("/api/v1/tasks", new { content = "Not theirs", recordIds = new[] { person }, assigneeIds = new[] { owner.MemberId } });
        var (linkedId, unlinkedId, untouchedId) = (linked["id"]!.GetValue<Guid>(), unlinked["id"]!.GetValue<Guid>(), untouched["id"]!.GetValue<Guid>());
        await hub.WaitForAsync(RealtimeEventTypes.TaskChanged, e => IsTask(e, untouchedId));

        Assert.Equal(HttpStatusCode.OK, (await owner.Session.DeleteAsync($"/api/v1/workspace-members/{leaver.MemberId}")).StatusCode);
        var linkedAfter = await owner.Session.GetOkAsync($"/api/v1/tasks/{linkedId}");
        var unlinkedAfter = await owner.Session.GetOkAsync($"/api/v1/tasks/{unlinkedId}");
        var untouchedAfter = await owner.Session.GetOkAsync($"/api/v1/tasks/{untouchedId}");
        await hub.WaitForAsync(RealtimeEventTypes.TaskChanged, e => IsTask(e, linkedId) && Data(e)["change"]!.GetValue<string>() == "updated");
        await hub.WaitForAsync(RealtimeEventTypes.TaskChanged, e => IsTask(e, unlinkedId) && Data(e)["change"]!.GetValue<string>() == "updated");
        // Anything published after the removal's events has arrived by now: a task PATCH published after them.
        await owner.Session.PatchOkAsync($"/api/v1/tasks/{untouchedId}", new { content = "Not theirs, edited" });
        await hub.WaitForAsync(RealtimeEventTypes.TaskChanged, e => IsTask(e, untouchedId) && Data(e)["content"]!.GetValue<string>() == "Not theirs, edited");

        // The assignment is gone and the change is dated.
        Assert.Equal([owner.MemberId], linkedAfter["assigneeIds"]!.AsArray().Select(a => a!.GetValue<Guid>()));
        Assert.Empty(unlinkedAfter["assigneeIds"]!.AsArray());
        Assert.True(UpdatedAt(linkedAfter) > UpdatedAt(linked));
        Assert.True(UpdatedAt(unlinkedAfter) > UpdatedAt(unlinked));
        Assert.Equal(UpdatedAt(untouched), UpdatedAt(untouchedAfter));

        // One event per linked record, or one for the workspace when it links none, each carrying the task as GET returns it.
        var linkedEvents = TaskEvents(hub, linkedId, "updated");
        Assert.Equal(new[] { deal, person }.Order(), linkedEvents.Select(e => RecordId(e)!.Value).Order());
        Assert.All(linkedEvents, e => AssertCarries(linkedAfter, e));
        var unlinkedEvent = Assert.Single(TaskEvents(hub, unlinkedId, "updated"));
        Assert.Null(RecordId(unlinkedEvent));
        AssertCarries(unlinkedAfter, unlinkedEvent);
        Assert.All(linkedEvents.Append(unlinkedEvent),
            e => Assert.Equal(owner.MemberId, e.GetProperty("actor").GetProperty("id").GetGuid()));
        // The task the member was not assigned to was not touched by the removal: its events are its creation and the PATCH.
        Assert.Equal(2, TaskEvents(hub, untouchedId).Count);

        // task_updated on each linked record's feed, by whoever removed the member.
        foreach (var (slug, record) in new[] { ("people", person), ("deals", deal) })
        {
            var feed = (await owner.Session.GetOkAsync($"/api/v1/objects/{slug}/records/{record}/activity"))["activity"]!.AsArray();
            var entry = feed.Single(a => a!["kind"]!.GetValue<string>() == "task_updated" && a["changes"]!["taskId"]!.GetValue<Guid>() == linkedId)!;
            Assert.Equal("member", entry["actor"]!["type"]!.GetValue<string>());
            Assert.Equal(owner.MemberId, entry["actor"]!["id"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task What_a_removed_member_created_stays_theirs_and_keeps_working()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);
        var deal = (await leaver.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Their deal" } }))["id"]!.GetValue<Guid>();
        var note = await leaver.Session.PostOkAsync($"/api/v1/objects/deals/records/{deal}/notes", new { title = "Their note", content = "Written before leaving" });
        var task = await leaver.Session.PostOkAsync("/api/v1/tasks",
            new { content = "Their task", recordIds = new[] { deal }, assigneeIds = new[] { owner.MemberId, leaver.MemberId } });

        Assert.Equal(HttpStatusCode.OK, (await owner.Session.DeleteAsync($"/api/v1/workspace-members/{leaver.MemberId}")).StatusCode);

        // Kept, and still credited to the member who left.
        var taskAfter = await owner.Session.GetOkAsync($"/api/v1/tasks/{task["id"]}");
        Assert.Equal(leaver.MemberId, taskAfter["createdBy"]!["id"]!.GetValue<Guid>());
        Assert.Equal([owner.MemberId], taskAfter["assigneeIds"]!.AsArray().Select(a => a!.GetValue<Guid>()));
        var noteAfter = await owner.Session.GetOkAsync($"/api/v1/notes/{note["id"]}");
        Assert.Equal(leaver.MemberId, noteAfter["createdBy"]!["id"]!.GetValue<Guid>());
        await owner.Session.GetOkAsync($"/api/v1/objects/deals/records/{deal}");
        Assert.Single((await owner.Session.GetOkAsync($"/api/v1/objects/deals/records/{deal}/notes"))["notes"]!.AsArray());
        Assert.Single((await owner.Session.GetOkAsync($"/api/v1/objects/deals/records/{deal}/tasks"))["tasks"]!.AsArray());
        await owner.Session.GetOkAsync("/api/v1/tasks");
        await owner.Session.GetOkAsync("/api/v1/notes");
        await owner.Session.GetOkAsync($"/api/v1/objects/deals/records/{deal}/activity");

        // And editable: a note edit, a completion on the record they created (nobody to notify), a delete.
        await owner.Session.PatchOkAsync($"/api/v1/notes/{note["id"]}", new { content = "Edited after they left" });
        Assert.True((await owner.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]}", new { isCompleted = true }))["isCompleted"]!.GetValue<bool>());
        await owner.Session.PatchOkAsync($"/api/v1/objects/deals/records/{deal}", new { values = new { name = "Our deal now" } });
        Assert.Equal(HttpStatusCode.OK, (await owner.Session.DeleteAsync($"/api/v1/tasks/{task["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Session.DeleteAsync($"/api/v1/notes/{note["id"]}")).StatusCode);
    }
}
