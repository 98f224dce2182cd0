using System.Net;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Realtime;

/// <summary>
/// Deleting a custom object takes its records, lists and entries with it, and publishes one <c>objectDeleted</c> for all of
/// it, to every connection of the workspace; before, it published nothing, and a client kept showing records that were gone.
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
}
