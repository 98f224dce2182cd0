using System.Net;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Juxa.Tests.Realtime;

/// <summary>
/// The events of a cascaded delete come from what its transaction removed and locked, so a change that commits while the
/// delete waits for it is reflected in them: an entry added or a task linked meanwhile is announced too (to a deleted record,
/// or to any record of a deleted object), and an entry of a list made private meanwhile is not.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CascadeEventRaceTests(ApiFixture api)
{
    [Fact]
    public async Task Changes_that_commit_while_a_record_delete_waits_for_them_shape_its_events()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada" } }))["id"]!.GetValue<Guid>();
        var joined = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Joined meanwhile", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var hidden = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Hidden meanwhile", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var hiddenEntry = (await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{hidden}/entries", new { recordId = person }),
            HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var after = (await hub.WaitForAsync(RealtimeEventTypes.ListEntryChanged, e => e.GetProperty("data").GetProperty("id").GetGuid() == hiddenEntry))
            .GetProperty("sequence").GetInt64();
        var (entry, task) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        // Another writer adds the record to a list, links a task to it and makes the other list private, and holds its
        // transaction open: its foreign keys hold the record's row FOR KEY SHARE, and its update holds the list's row.
        var db = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var other = await db.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync(
            """
            INSERT INTO list_entries (id, workspace_id, list_id, record_id, created_at, updated_at, created_by_type, created_by_id)
            VALUES ($1, $2, $3, $4, now(), now(), 'member', $5)
            """, CancellationToken.None, entry, user.WorkspaceId, joined, person, user.MemberId);
        await other.ExecuteAsync(
            "INSERT INTO tasks (id, workspace_id, content, created_by_type, created_by_id, created_at, updated_at) VALUES ($1, $2, 'Meanwhile', 'member', $3, now(), now())",
            CancellationToken.None, task, user.WorkspaceId, user.MemberId);
        await other.ExecuteAsync("INSERT INTO task_records (task_id, record_id) VALUES ($1, $2)", CancellationToken.None, task, person);
        await other.ExecuteAsync("UPDATE lists SET is_private = true WHERE id = $1", CancellationToken.None, hidden);

        var delete = user.Session.DeleteAsync($"/api/v1/objects/people/records/{person}");
        await LockWaits.UntilAStatementWaitsAsync(db, request: delete);
        await transaction.CommitAsync();
        Assert.Equal(HttpStatusCode.OK, (await delete).StatusCode);

        var deleted = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordDeleted, person);
        var events = hub.Received.Select(r => r.Payload).Where(e => e.GetProperty("sequence").GetInt64() > after)
            .OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal([RealtimeEventTypes.ListEntryChanged, RealtimeEventTypes.TaskChanged, RealtimeEventTypes.RecordDeleted],
            events.Select(e => e.GetProperty("type").GetString()));
        // The entry added while the delete waited is announced; the entry of the list made private meanwhile is not.
        var removed = JsonNode.Parse(events[0].GetProperty("data").GetRawText())!;
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["id"] = entry, ["listId"] = joined, ["recordId"] = person, ["change"] = "removed" }, removed),
            removed.ToJsonString());
        // The task linked meanwhile lost the record, as GET shows it.
        var taskAfter = await user.Session.GetOkAsync($"/api/v1/tasks/{task}");
        Assert.Empty(taskAfter["recordIds"]!.AsArray());
        var changed = JsonNode.Parse(events[1].GetProperty("data").GetRawText())!.AsObject();
        Assert.Equal("updated", changed["change"]!.GetValue<string>());
        changed.Remove("change");
        Assert.True(JsonNode.DeepEquals(taskAfter, changed), $"expected {taskAfter.ToJsonString()}, got {changed.ToJsonString()}");
        Assert.Equal(events[1].GetProperty("sequence").GetInt64() + 1, deleted.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task A_task_linked_to_a_record_while_its_object_delete_waits_is_announced_before_objectDeleted()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects" });
        await user.Session.PostOkAsync("/api/v1/objects/projects/attributes", new { slug = "name", title = "Name", type = "text" });
        var project = (await user.Session.PostOkAsync("/api/v1/objects/projects/records", new { values = new { name = "Apollo" } }))["id"]!.GetValue<Guid>();
        var after = (await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, project)).GetProperty("sequence").GetInt64();
        var task = Guid.CreateVersion7();

        // Another writer links a new task to the project's record and holds its transaction open: the task's foreign key holds
        // the workspace's row FOR KEY SHARE, so the object's delete (a schema change, which locks that row) waits for it, then
        // sees the link.
        var db = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var other = await db.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync(
            "INSERT INTO tasks (id, workspace_id, content, created_by_type, created_by_id, created_at, updated_at) VALUES ($1, $2, 'Meanwhile', 'member', $3, now(), now())",
            CancellationToken.None, task, user.WorkspaceId, user.MemberId);
        await other.ExecuteAsync("INSERT INTO task_records (task_id, record_id) VALUES ($1, $2)", CancellationToken.None, task, project);

        var delete = user.Session.DeleteAsync("/api/v1/objects/projects");
        await LockWaits.UntilAStatementWaitsAsync(db, request: delete);
        await transaction.CommitAsync();
        Assert.Equal(HttpStatusCode.OK, (await delete).StatusCode);

        var deleted = await hub.WaitForAsync(RealtimeEventTypes.ObjectDeleted);
        var events = hub.Received.Select(r => r.Payload).Where(e => e.GetProperty("sequence").GetInt64() > after)
            .OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal([RealtimeEventTypes.TaskChanged, RealtimeEventTypes.ObjectDeleted], events.Select(e => e.GetProperty("type").GetString()));
        var taskAfter = await user.Session.GetOkAsync($"/api/v1/tasks/{task}");
        Assert.Empty(taskAfter["recordIds"]!.AsArray());
        var changed = JsonNode.Parse(events[0].GetProperty("data").GetRawText())!.AsObject();
        Assert.Equal("updated", changed["change"]!.GetValue<string>());
        changed.Remove("change");
        Assert.True(JsonNode.DeepEquals(taskAfter, changed), $"expected {taskAfter.ToJsonString()}, got {changed.ToJsonString()}");
        Assert.Equal(events[0].GetProperty("sequence").GetInt64() + 1, deleted.GetProperty("sequence").GetInt64());
    }
}
