using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Realtime;

/// <summary>
/// Deleting a custom object takes its records, lists and entries with it, and publishes one <c>objectDeleted</c> for all of
/// it, to every connection of the workspace; before, it published nothing, and a client kept showing records that were gone.
/// Tasks linked to its records stay, without those links: each gets a <c>taskChanged</c> "updated" first, as deleting one
/// record publishes it (before, the links went silently, and a client showed tasks linked to records that were gone).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ObjectDeletedEventTests(ApiFixture api)
{
    [Fact]
    public async Task Deleting_a_custom_object_publishes_one_objectDeleted_to_its_workspace_only()
    {
        var user = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(scopes: ["integrations:read"]);
        var (strangerToken, _) = await stranger.CreateKeyAsync(scopes: ["integrations:read"]);
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        await using var strangerHub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, strangerToken);
        var obj = (await user.Session.PostOkAsync("/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects" }))["id"]!
            .GetValue<Guid>();
        await stranger.Session.PostOkAsync("/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects" });
        await user.Session.PostOkAsync("/api/v1/objects/projects/attributes", new { slug = "name", title = "Name", type = "text" });
        var projects = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            projects.Add((await user.Session.PostOkAsync("/api/v1/objects/projects/records", new { values = new { name = $"Project {i}" } }))["id"]!.GetValue<Guid>());
        }

        var last = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, projects[^1]);

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync("/api/v1/objects/projects")).StatusCode);

        var deleted = await hub.WaitForAsync(RealtimeEventTypes.ObjectDeleted);
        Assert.Equal("projects", deleted.GetProperty("object").GetString());
        Assert.Equal(obj, deleted.GetProperty("data").GetProperty("id").GetGuid());
        Assert.Equal(user.WorkspaceId, deleted.GetProperty("workspaceId").GetGuid());
        Assert.Equal(user.MemberId, deleted.GetProperty("actor").GetProperty("id").GetGuid());
        Assert.False(deleted.TryGetProperty("recordId", out _));
        Assert.Equal(last.GetProperty("sequence").GetInt64() + 1, deleted.GetProperty("sequence").GetInt64());
        // Nothing per record, and nothing to the other workspace, whose object of the same slug stays.
        var marker = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Marker" } }))["id"]!.GetValue<Guid>();
        await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, marker);
        Assert.DoesNotContain(hub.Received, r => r.Method == RealtimeEventTypes.RecordDeleted);
        Assert.Single(hub.Received, r => r.Method == RealtimeEventTypes.ObjectDeleted);
        Assert.DoesNotContain(strangerHub.Received, r => r.Method == RealtimeEventTypes.ObjectDeleted);
        await stranger.Session.GetOkAsync("/api/v1/objects/projects");
    }

    [Fact]
    public async Task Deleting_a_custom_object_publishes_taskChanged_for_each_task_linked_to_its_records_before_objectDeleted()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects" });
        await user.Session.PostOkAsync("/api/v1/objects/projects/attributes", new { slug = "name", title = "Name", type = "text" });
        var apollo = (await user.Session.PostOkAsync("/api/v1/objects/projects/records", new { values = new { name = "Apollo" } }))["id"]!.GetValue<Guid>();
        var gemini = (await user.Session.PostOkAsync("/api/v1/objects/projects/records", new { values = new { name = "Gemini" } }))["id"]!.GetValue<Guid>();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada Lovelace" } }))["id"]!.GetValue<Guid>();
        var both = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Brief Ada on Apollo", recordIds = new[] { apollo, person } });
        var projectsOnly = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Compare the two", recordIds = new[] { apollo, gemini } });
        var personOnly = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Call Ada", recordIds = new[] { person } });
        var (bothId, projectsOnlyId, personOnlyId) = (Id(both), Id(projectsOnly), Id(personOnly));
        var after = (await hub.WaitForAsync(RealtimeEventTypes.TaskChanged, e => DataId(e) == personOnlyId)).GetProperty("sequence").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync("/api/v1/objects/projects")).StatusCode);

        var bothAfter = await user.Session.GetOkAsync($"/api/v1/tasks/{bothId}");
        var projectsOnlyAfter = await user.Session.GetOkAsync($"/api/v1/tasks/{projectsOnlyId}");
        Assert.Equal([person], bothAfter["recordIds"]!.AsArray().Select(r => r!.GetValue<Guid>()));
        Assert.Empty(projectsOnlyAfter["recordIds"]!.AsArray());
        Assert.True(bothAfter["updatedAt"]!.GetValue<DateTimeOffset>() > both["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.True(projectsOnlyAfter["updatedAt"]!.GetValue<DateTimeOffset>() > projectsOnly["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(personOnly["updatedAt"]!.GetValue<DateTimeOffset>(),
            (await user.Session.GetOkAsync($"/api/v1/tasks/{personOnlyId}"))["updatedAt"]!.GetValue<DateTimeOffset>());

        // The two tasks in id order, each as GET now returns it (to the records it still links, or to the workspace), then
        // the object's one event; numbered without a gap up to a marker created afterwards.
        var deleted = await hub.WaitForAsync(RealtimeEventTypes.ObjectDeleted);
        var marker = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Marker" } }))["id"]!.GetValue<Guid>();
        var markerSequence = (await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, marker)).GetProperty("sequence").GetInt64();
        var events = hub.Received.Select(r => r.Payload)
            .Where(e => e.GetProperty("sequence").GetInt64() > after && e.GetProperty("sequence").GetInt64() < markerSequence)
            .OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, (int)(markerSequence - after - 1)).Select(i => after + i), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal([RealtimeEventTypes.TaskChanged, RealtimeEventTypes.TaskChanged, RealtimeEventTypes.ObjectDeleted],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(deleted.GetProperty("sequence").GetInt64(), events[2].GetProperty("sequence").GetInt64());
        Assert.Equal(new[] { bothId, projectsOnlyId }.Order(), events.Take(2).Select(DataId));
        var bothEvent = events.Single(e => DataId(e) == bothId);
        var projectsOnlyEvent = events.Single(e => DataId(e) == projectsOnlyId);
        AssertSame(WithChange(bothAfter, "updated"), Data(bothEvent));
        AssertSame(WithChange(projectsOnlyAfter, "updated"), Data(projectsOnlyEvent));
        Assert.Equal(person, bothEvent.GetProperty("recordId").GetGuid());
        Assert.Equal("people", bothEvent.GetProperty("object").GetString());
        Assert.False(projectsOnlyEvent.TryGetProperty("recordId", out var none) && none.ValueKind != JsonValueKind.Null);
        Assert.All(events, e => Assert.Equal(user.MemberId, e.GetProperty("actor").GetProperty("id").GetGuid()));

        // The update is on the feed of the record the task still links, by the deleter.
        var feed = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();
        var logged = Assert.Single(feed, a => a!["kind"]!.GetValue<string>() == "task_updated")!;
        Assert.Equal(bothId, logged["changes"]!["taskId"]!.GetValue<Guid>());
        Assert.Equal(user.MemberId, logged["actor"]!["id"]!.GetValue<Guid>());
    }

    private static Guid Id(JsonNode task) => task["id"]!.GetValue<Guid>();

    private static Guid DataId(JsonElement e) => e.GetProperty("data").GetProperty("id").GetGuid();

    private static JsonObject Data(JsonElement e) => JsonNode.Parse(e.GetProperty("data").GetRawText())!.AsObject();

    private static JsonObject WithChange(JsonNode task, string change)
    {
        var data = (JsonObject)task.DeepClone();
        data["change"] = change;
        return data;
    }

    private static void AssertSame(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
}
